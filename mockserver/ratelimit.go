package mockserver

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/novumock/novumock/internal/novuext"
)

// Rate limiting follows Novu's variable-cost token bucket: one bucket per environment and
// category, refilled lazily (only when a request cannot pay), holding a burst of 10 % above
// the per-window limit.

type bucketKey struct{ env, category string }

type bucket struct {
	tokens     int
	refilledAt time.Time
	touched    time.Time
}

// rateLimiter holds every bucket; its level can change at run time (control API).
type rateLimiter struct {
	policy *novuext.RatePolicy
	// rules are the current level's rules, read by every request without the lock: they only
	// change with the level, and a new level brings new rules.
	rules   atomic.Pointer[rateRules]
	mu      sync.Mutex // the buckets, and the level's changes
	buckets map[bucketKey]*bucket
}

// rateRules are how one level's buckets work, by category and cost.
type rateRules struct {
	level string
	byKey map[rateRuleKey]*rateRule // none for the level "off"
}

type rateRuleKey struct{ category, cost string }

// rateRule is a bucket's limit, burst and refill, and a request's cost, with the RateLimit-Limit
// and RateLimit-Policy values it answers: worked out once per level, not on every request.
type rateRule struct {
	limit, burst, cost int
	window, interval   time.Duration // one token comes back every interval
	rateTexts
}

type rateTexts struct{ limit, policy string }

func newRateLimiter(policy *novuext.RatePolicy, level string) *rateLimiter {
	r := &rateLimiter{policy: policy, buckets: map[bucketKey]*bucket{}}
	r.rules.Store(newRateRules(policy, level))
	return r
}

// newRateRules works out a level's rules for each of its categories and each cost.
func newRateRules(p *novuext.RatePolicy, level string) *rateRules {
	rules := &rateRules{level: level, byKey: map[rateRuleKey]*rateRule{}}
	window := time.Duration(p.WindowSeconds) * time.Second
	for category := range p.Levels[level] {
		limit, burst, _ := p.Bucket(level, category)
		for cost, tokens := range p.Costs {
			rules.byKey[rateRuleKey{category, cost}] = &rateRule{limit: limit, burst: burst, cost: tokens,
				window: window, interval: window / time.Duration(limit),
				rateTexts: rateTexts{limit: strconv.Itoa(limit), policy: strconv.Itoa(limit) + ";w=" + strconv.Itoa(p.WindowSeconds) +
					";burst=" + strconv.Itoa(burst) + `;comment="token bucket";category="` + category +
					`";cost="` + cost + `";serviceLevel="` + level + `"`}}
		}
	}
	return rules
}

// rateDecision is what one request learned from its bucket.
type rateDecision struct {
	allowed          bool
	remaining, reset int
	rateTexts
}

func (d rateDecision) setHeaders(h http.Header) {
	// Every answer carries these, so they are set without fmt, under their canonical keys (what
	// h.Set would compute on each call) and with one allocation for the four value slices (each
	// capped at one, so that adding a value to one header cannot overwrite the next).
	vals := [4]string{d.limit, strconv.Itoa(d.remaining), strconv.Itoa(d.reset), d.policy}
	all := vals[:]
	h["Ratelimit-Limit"] = all[0:1:1]
	h["Ratelimit-Remaining"] = all[1:2:2]
	h["Ratelimit-Reset"] = all[2:3:3]
	h["Ratelimit-Policy"] = all[3:4:4]
}

// SetLevel changes the service level; buckets start afresh so the new limits apply at once.
func (r *rateLimiter) SetLevel(level string) {
	rules := newRateRules(r.policy, level)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rules.Store(rules)
	r.buckets = map[bucketKey]*bucket{}
}

func (r *rateLimiter) Level() string { return r.rules.Load().level }

// take spends the cost of one request from the (env, category) bucket. ok is false when rate
// limiting is off, in which case no headers are sent. (Every operation's cost is one of the
// policy's: New refuses a spec where it is not.)
func (r *rateLimiter) take(env, category, costName string, now time.Time) (rateDecision, bool) {
	for {
		rules := r.rules.Load()
		rule, ok := rules.byKey[rateRuleKey{category, costName}]
		if !ok {
			return rateDecision{}, false
		}
		r.mu.Lock()
		if r.rules.Load() == rules {
			d := r.spendLocked(bucketKey{env, category}, rule, now)
			r.mu.Unlock()
			return d, true
		}
		r.mu.Unlock() // the level changed since its rule was read: decide by the new level
	}
}

// spendLocked takes rule's cost from the bucket at key, refilling it lazily (only when the
// request cannot pay). The caller holds mu.
func (r *rateLimiter) spendLocked(key bucketKey, rule *rateRule, now time.Time) rateDecision {
	b := r.buckets[key]
	if b == nil || now.Sub(b.touched) > 2*rule.window {
		// A bucket idle for two windows has expired from Novu's cache and starts full.
		b = &bucket{tokens: rule.burst, refilledAt: now}
		r.buckets[key] = b
	}
	b.touched = now
	cost := rule.cost
	if b.tokens < cost {
		if n := int(now.Sub(b.refilledAt) / rule.interval); n > 0 {
			b.tokens = min(rule.burst, b.tokens+n)
			b.refilledAt = b.refilledAt.Add(time.Duration(n) * rule.interval)
		}
	}
	d := rateDecision{rateTexts: rule.rateTexts}
	if b.tokens >= cost {
		b.tokens -= cost
		d.allowed = true
	}
	d.remaining = max(0, b.tokens)
	if b.tokens < cost {
		wait := b.refilledAt.Add(time.Duration(cost-b.tokens) * rule.interval).Sub(now)
		d.reset = max(0, int(math.Ceil(wait.Seconds())))
	}
	return d
}

// forget drops the buckets of the given environments (an organization reset or deleted).
func (r *rateLimiter) forget(envIDs []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for key := range r.buckets {
		if slices.Contains(envIDs, key.env) {
			delete(r.buckets, key)
		}
	}
}
