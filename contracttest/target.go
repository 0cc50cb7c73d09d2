package contracttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// runner is one run's shared state: the spec, the recording client, the run prefix and the
// outcome of each check so far.
type runner struct {
	s      *Suite
	spec   *spec
	client *http.Client
	rec    *recorder
	base   string // target URL without a trailing slash
	prefix string // every resource the suite creates is named with it
	seq    int
	// mainKeyProduction is set when the main key opens a Production environment (allowed in
	// read-only mode only): development-only operations then answer it with 401, as documented.
	mainKeyProduction bool
	// results are the outcomes of the checks so far, in run order.
	results []*CheckResult
	// leftovers are the resources checks created and could not delete (sandbox_cleaned_up).
	leftovers []cleanupFailure
	// interrupted is set when the run's context ended before every check completed.
	interrupted bool
	// cleanupsRegistered counts the deletes checks registered: none means the run created
	// nothing for sandbox_cleaned_up to look at.
	cleanupsRegistered int
	// notReached holds why skipped scenarios left operations unreached.
	notReached map[string]string
	// profile is what the run learnt about the target: its version, the features it runs without.
	profile TargetProfile
	// lost is the transport error after which the target stopped answering (targetLost);
	// stopRun ends the run's context then. Both are unset before the first check.
	lost    error
	stopRun context.CancelFunc
}

// T is what a check function gets: a way to call the target, to record failures and to
// register cleanups. It is not safe for concurrent use; checks run one at a time.
type T struct {
	r   *runner
	ctx context.Context
	// run is the run's own context; ctx is swapped for one that survives cancellation while
	// cleanups run.
	run      context.Context
	check    string
	res      *CheckResult
	last     *Exchange
	cleanups []cleanup
	dropped  int
	skipped  string
}

// call is one request to a documented operation.
type call struct {
	op     string
	params map[string]string // path parameters
	query  url.Values
	body   any // marshalled as JSON; []byte is sent as is
	// auth is the whole Authorization header; nil sends the Development key, a pointer to ""
	// sends none.
	auth   *string
	prod   bool // send the Production key instead of the Development key
	header map[string]string
	probe  string
	// noRetry leaves a 429 to the caller.
	noRetry bool
}

// response is the decoded answer to a call.
type response struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   any
	ex     *Exchange
	err    error
}

// do sends a call and records it. A transport error is recorded as a failure and returned as a
// response with Status 0, so flows can carry on and fail on their next expectation.
func (t *T) do(c call) *response {
	t.last = nil // until this call has an exchange, no failure may borrow another request's curl
	op := t.r.spec.op(c.op)
	if why := t.r.notInVersion(c.op); why != "" {
		// Not sent: the target's release has no such route. Flows carry on as after a
		// transport error, without a failure, and the coverage report says why.
		t.r.markNotReached(c.op, why)
		return &response{err: errNotInVersion}
	}
	u := t.r.base + op.expand(c.params)
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	var body []byte
	switch b := c.body.(type) {
	case nil:
	case []byte:
		body = b
	default:
		var err error
		if body, err = json.Marshal(b); err != nil {
			t.failf(c.op, "cannot encode request body: %v", err)
			return &response{err: err}
		}
	}
	ctx := withTag(t.ctx, tag{check: t.check, operation: c.op, probe: c.probe, noRetry: c.noRetry})
	var rd *bytes.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := newRequest(ctx, op.Method, u, rd)
	if err != nil {
		t.failf(c.op, "cannot build request: %v", err)
		return &response{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	switch {
	case c.auth != nil:
		if *c.auth != "" {
			req.Header.Set("Authorization", *c.auth)
		}
	case c.prod:
		req.Header.Set("Authorization", "ApiKey "+t.r.s.ProdAPIKey)
	default:
		req.Header.Set("Authorization", "ApiKey "+t.r.s.APIKey)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	before := len(t.r.rec.all())
	res, err := t.r.client.Do(req)
	all := t.r.rec.all()
	t.res.Requests += len(all) - before
	if len(all) > before {
		t.last = all[len(all)-1]
	}
	if err != nil && t.r.targetLost(t.run, err) {
		return &response{err: err, ex: t.last} // the run stops with one message, not a failure per request
	}
	if err != nil {
		if len(all) == before {
			// Refused before it reached the wire (pacing past the timeout, cancellation, the
			// read-only guard): the failure still names this request, not the previous one.
			t.last = &Exchange{Check: t.check, Operation: c.op, Probe: c.probe, Method: req.Method,
				URL: req.URL.String(), RequestHeader: req.Header.Clone(), RequestBody: body, Err: err.Error()}
		}
		t.failf(c.op, "request failed: %v", err)
		return &response{err: err, ex: t.last}
	}
	defer res.Body.Close()
	out := &response{Status: res.StatusCode, Header: res.Header, ex: t.last}
	out.Body = t.last.ResponseBody
	_ = json.Unmarshal(out.Body, &out.JSON)
	return out
}

func newRequest(ctx context.Context, method, u string, body *bytes.Reader) (*http.Request, error) {
	if body == nil {
		return http.NewRequestWithContext(ctx, method, u, nil)
	}
	return http.NewRequestWithContext(ctx, method, u, body)
}

// fail records a finding against the last exchange.
func (t *T) fail(f Failure) {
	if t.run.Err() != nil {
		return // the interruption's doing ("context canceled"), not the target's
	}
	if f.Check == "" {
		f.Check = t.check
	}
	if f.Curl == "" && t.last != nil {
		f.Curl = curlFor(t.last, t.r.s.APIKey, t.r.s.ProdAPIKey)
	}
	if len(t.res.Failures) >= maxFailuresPerCheck {
		t.dropped++
		return
	}
	t.res.Failures = append(t.res.Failures, f)
}

func (t *T) failf(op, format string, args ...any) {
	t.fail(Failure{Operation: op, Message: fmt.Sprintf(format, args...)})
}

// expect records a failure unless the response has one of the wanted statuses.
func (t *T) expect(c string, res *response, want ...int) bool {
	for _, w := range want {
		if res.Status == w {
			return true
		}
	}
	if res.err != nil {
		return false // already recorded
	}
	t.fail(Failure{Operation: c, Message: "unexpected status",
		Expected: statusList(want), Actual: fmt.Sprintf("%d %s", res.Status, snippet(res.Body))})
	return false
}

// name returns a fresh resource name under the run prefix.
func (t *T) name(kind string) string {
	t.r.seq++
	return fmt.Sprintf("%s%s-%d", t.r.prefix, kind, t.r.seq)
}

func statusList(want []int) string {
	s := make([]string, len(want))
	for i, w := range want {
		s[i] = fmt.Sprint(w)
	}
	return strings.Join(s, " or ")
}

// snippet is a short, one-line excerpt of a body for failure messages.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

func urlPathEscape(s string) string { return url.PathEscape(s) }

func ptr[T any](v T) *T { return &v }
