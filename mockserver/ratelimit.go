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
}

func newRateLimiter(policy *novuext.RatePolicy, level string) *rateLimiter {
	return &rateLimiter{policy: policy, level: level, buckets: map[bucketKey]*bucket{}}
}

// rateDecision is what one request learned from its bucket.
type rateDecision struct {
	allowed                        bool
	limit, remaining, reset, burst int
	window                         int // seconds
	category, cost, level          string
}

func (d rateDecision) setHeaders(h http.Header) {
	// Every answer carries these, so they are set without fmt and under their canonical keys
	// (what h.Set would compute on each call).
	h["Ratelimit-Limit"] = []string{strconv.Itoa(d.limit)}
	h["Ratelimit-Remaining"] = []string{strconv.Itoa(d.remaining)}
	h["Ratelimit-Reset"] = []string{strconv.Itoa(d.reset)}
	h["Ratelimit-Policy"] = []string{strconv.Itoa(d.limit) + ";w=" + strconv.Itoa(d.window) +
		";burst=" + strconv.Itoa(d.burst) + `;comment="token bucket";category="` + d.category +
		`";cost="` + d.cost + `";serviceLevel="` + d.level + `"`}
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
	d := rateDecision{limit: limit, burst: burst, window: p.WindowSeconds, category: category, cost: costName, level: r.level}
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
