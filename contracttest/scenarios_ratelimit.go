package contracttest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// exhaustionCandidates are the bulk operations of each category whose deliberately invalid
// body spends the bulk cost and creates nothing: rate limiting answers before validation.
var exhaustionCandidates = []struct {
	op   string
	body any
}{
	{"BulkCreateSubscribers", map[string]any{"subscribers": []any{}}},
	{"BulkTriggerEvents", map[string]any{"events": []any{}}},
}

// maxRefillWait bounds the wait for a spent bucket to refill; Retry-After is 1 s at Novu's
// default level and 5 s at the smallest.
const maxRefillWait = 30 * time.Second

// scenarioThrottled spends one whole bucket, of the category that takes the fewest calls to
// empty (RateLimit-Remaining over the bulk cost), checks the 429 and its headers, waits for the
// Retry-After it was given and checks that the bucket refilled.
func scenarioThrottled(t *T) {
	cost := t.r.spec.rates.Costs["bulk"]
	pick, calls := -1, 0
	for i, c := range exhaustionCandidates {
		res := t.do(call{op: c.op, body: c.body, noRetry: true})
		if res.err != nil {
			return
		}
		rem, err := strconv.Atoi(res.Header.Get("RateLimit-Remaining"))
		if res.Status == http.StatusTooManyRequests || err != nil {
			rem = 0 // spent already, or no header to tell (the loop below is bounded either way)
		}
		if n := rem/cost + 1; pick < 0 || n < calls {
			pick, calls = i, n
		}
	}
	c := exhaustionCandidates[pick]
	limit := calls + 200 // a bucket refills while it is spent; past this the target never throttles
	for i := 0; i < limit; i++ {
		res := t.do(call{op: c.op, body: c.body, noRetry: true})
		if res.err != nil {
			return
		}
		if res.Status == http.StatusTooManyRequests {
			if wait, ok := t.checkThrottled(c.op, res, cost); ok {
				t.checkRefilled(c.op, c.body, wait)
			}
			return
		}
	}
	t.fail(Failure{Operation: c.op, Message: fmt.Sprintf("no 429 after %d bulk calls (cost %d each)", limit, cost),
		Expected: "429 once the bucket is spent", Actual: "never throttled"})
}

// checkThrottled checks a 429: Novu's message, a Retry-After in seconds, and the RateLimit-*
// headers saying the bucket cannot pay the call. It returns how long to wait for the refill.
func (t *T) checkThrottled(op string, res *response, cost int) (time.Duration, bool) {
	if msg := str(res.JSON, "message"); msg != "API rate limit exceeded" {
		t.fail(Failure{Operation: op, Message: "wrong 429 message", Expected: "API rate limit exceeded", Actual: msg})
	}
	for _, h := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"} {
		if res.Header.Get(h) == "" {
			t.fail(Failure{Operation: op, Message: "429 without " + h, Expected: h, Actual: "absent"})
		}
	}
	if rem, err := strconv.Atoi(res.Header.Get("RateLimit-Remaining")); err == nil && rem >= cost {
		t.fail(Failure{Operation: op, Message: "429 although RateLimit-Remaining says the bucket can pay the call",
			Expected: fmt.Sprintf("RateLimit-Remaining below the cost %d", cost), Actual: strconv.Itoa(rem)})
	}
	ra, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if err != nil || ra < 0 {
		t.fail(Failure{Operation: op, Message: "429 without a usable Retry-After", Expected: "seconds", Actual: strconv.Quote(res.Header.Get("Retry-After"))})
		return 0, false
	}
	wait := time.Duration(ra) * time.Second
	if wait > maxRefillWait {
		t.fail(Failure{Operation: op, Message: "Retry-After is longer than the suite waits for a refill",
			Expected: fmt.Sprintf("at most %s", maxRefillWait), Actual: wait.String()})
		return 0, false
	}
	return wait, true
}

// checkRefilled waits the Retry-After the 429 gave, then expects the same call to be paid.
func (t *T) checkRefilled(op string, body any, wait time.Duration) {
	select {
	case <-t.ctx.Done():
		return
	case <-time.After(wait):
	}
	res := t.do(call{op: op, body: body, noRetry: true})
	if res.err == nil && res.Status == http.StatusTooManyRequests {
		t.fail(Failure{Operation: op, Message: "still throttled after waiting the Retry-After it gave",
			Expected: fmt.Sprintf("an answer other than 429 after %s", wait), Actual: fmt.Sprintf("429 Retry-After %s", res.Header.Get("Retry-After"))})
	}
}
