package mockserver

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"sync"
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
	policy  *novuext.RatePolicy
	mu      sync.Mutex
	level   string
	buckets map[bucketKey]*bucket
	// texts are the RateLimit-Limit and RateLimit-Policy values, which depend only on the level,
	// category and cost: built once each rather than on every answer.
	texts map[rateTextKey]rateTexts
}

type rateTextKey struct{ level, category, cost string }

type rateTexts struct{ limit, policy string }

func newRateLimiter(policy *novuext.RatePolicy, level string) *rateLimiter {
	return &rateLimiter{policy: policy, level: level, buckets: map[bucketKey]*bucket{}, texts: map[rateTextKey]rateTexts{}}
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

// textsLocked are the header values of a bucket of that limit and burst.
func (r *rateLimiter) textsLocked(category, cost string, limit, burst int) rateTexts {
	key := rateTextKey{r.level, category, cost}
	t, ok := r.texts[key]
	if !ok {
		t = rateTexts{limit: strconv.Itoa(limit), policy: strconv.Itoa(limit) + ";w=" + strconv.Itoa(r.policy.WindowSeconds) +
			";burst=" + strconv.Itoa(burst) + `;comment="token bucket";category="` + category +
			`";cost="` + cost + `";serviceLevel="` + r.level + `"`}
		r.texts[key] = t
	}
	return t
}

// SetLevel changes the service level; buckets start afresh so the new limits apply at once.
func (r *rateLimiter) SetLevel(level string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.level = level
	r.buckets = map[bucketKey]*bucket{}
}

func (r *rateLimiter) Level() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.level
}

// take spends the cost of one request from the (env, category) bucket. ok is false when rate
// limiting is off, in which case no headers are sent.
func (r *rateLimiter) take(env, category, costName string, now time.Time) (rateDecision, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.policy
	limit, burst, ok := p.Bucket(r.level, category)
	if !ok {
		return rateDecision{}, false
	}
	rateWindow := time.Duration(p.WindowSeconds) * time.Second
	cost := p.Costs[costName]
	// One token comes back every window/limit.
	interval := rateWindow / time.Duration(limit)

	key := bucketKey{env, category}
	b := r.buckets[key]
	if b == nil || now.Sub(b.touched) > 2*rateWindow {
		// A bucket idle for two windows has expired from Novu's cache and starts full.
		b = &bucket{tokens: burst, refilledAt: now}
		r.buckets[key] = b
	}
	b.touched = now
	if b.tokens < cost {
		if n := int(now.Sub(b.refilledAt) / interval); n > 0 {
			b.tokens = min(burst, b.tokens+n)
			b.refilledAt = b.refilledAt.Add(time.Duration(n) * interval)
		}
	}
	d := rateDecision{rateTexts: r.textsLocked(category, costName, limit, burst)}
	if b.tokens >= cost {
		b.tokens -= cost
		d.allowed = true
	}
	d.remaining = max(0, b.tokens)
	if b.tokens < cost {
		wait := b.refilledAt.Add(time.Duration(cost-b.tokens) * interval).Sub(now)
		d.reset = max(0, int(math.Ceil(wait.Seconds())))
	}
	return d, true
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
