package contracttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Exchange is one request the suite sent and what came back, as recorded on the wire.
type Exchange struct {
	Seq       int    `json:"seq"`
	Check     string `json:"check"`               // the check or scenario that sent it
	Operation string `json:"operation,omitempty"` // operationId
	// Probe says why the request was sent: "" for an ordinary call, "auth" for a request with
	// deliberately bad credentials, "input" for deliberately invalid input.
	Probe          string        `json:"probe,omitempty"`
	Method         string        `json:"method"`
	URL            string        `json:"url"`
	RequestHeader  http.Header   `json:"-"`
	RequestBody    []byte        `json:"-"`
	Status         int           `json:"status"`
	ResponseHeader http.Header   `json:"-"`
	ResponseBody   []byte        `json:"-"`
	Duration       time.Duration `json:"durationNs"`
	Err            string        `json:"error,omitempty"`
	// validKey is true when the request carried one of the suite's configured API keys.
	validKey bool
}

// tag travels in the request context so that the recorder knows who sent what.
type tag struct {
	check, operation, probe string
	noRetry                 bool // the throttling check wants to see the 429 itself
}

type tagKey struct{}

func withTag(ctx context.Context, t tag) context.Context { return context.WithValue(ctx, tagKey{}, t) }

// errReadOnly is returned for any non-GET request in read-only mode: the guard sits in the
// transport, below every check, so no check can send a write by mistake.
var errReadOnly = errors.New("read-only mode: only GET requests are sent")

// recorder is the suite's http.RoundTripper: it paces requests (client-side token bucket),
// honours Retry-After on 429, refuses writes in read-only mode and records every exchange.
type recorder struct {
	next       http.RoundTripper
	limiter    *rate.Limiter
	readOnly   bool
	keys       []string
	maxRetries int
	maxWait    time.Duration
	timeout    time.Duration // per attempt: a slow pace or a long Retry-After must not fail a request

	mu        sync.Mutex
	exchanges []*Exchange
	onRecord  func(*Exchange)
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	t, _ := req.Context().Value(tagKey{}).(tag)
	if r.readOnly && req.Method != http.MethodGet {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, errReadOnly)
	}
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	for attempt := 0; ; attempt++ {
		if err := r.limiter.Wait(req.Context()); err != nil {
			return nil, err
		}
		res, ex, err := r.once(req, body, t)
		if err != nil || res.StatusCode != http.StatusTooManyRequests || t.noRetry || attempt >= r.maxRetries {
			return res, err
		}
		wait := retryAfter(res.Header, r.maxWait)
		ex.Err = fmt.Sprintf("429: retried after %s", wait)
		select {
		case <-req.Context().Done():
			return nil, req.Context().Err()
		case <-time.After(wait):
		}
	}
}

func (r *recorder) once(req *http.Request, body []byte, t tag) (*http.Response, *Exchange, error) {
	ctx, cancel := context.WithTimeout(req.Context(), r.timeout)
	defer cancel() // the answer is read whole below, before the context ends
	out := req.Clone(ctx)
	if body != nil {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.ContentLength = int64(len(body))
	}
	ex := &Exchange{
		Check: t.check, Operation: t.operation, Probe: t.probe,
		Method: req.Method, URL: req.URL.String(), RequestHeader: req.Header.Clone(), RequestBody: body,
	}
	for _, k := range r.keys {
		if k != "" && req.Header.Get("Authorization") == "ApiKey "+k {
			ex.validKey = true
		}
	}
	start := time.Now()
	res, err := r.next.RoundTrip(out)
	if err == nil {
		var b []byte
		b, err = io.ReadAll(io.LimitReader(res.Body, 10<<20))
		_ = res.Body.Close()
		res.Body = io.NopCloser(bytes.NewReader(b))
		ex.Status, ex.ResponseHeader, ex.ResponseBody = res.StatusCode, res.Header.Clone(), b
	}
	ex.Duration = time.Since(start)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && req.Context().Err() == nil {
		err = fmt.Errorf("no whole answer within %s (--timeout): %w", r.timeout, err)
	}
	if err != nil {
		ex.Err = err.Error()
	}
	r.record(ex)
	return res, ex, err
}

func (r *recorder) record(ex *Exchange) {
	r.mu.Lock()
	ex.Seq = len(r.exchanges) + 1
	r.exchanges = append(r.exchanges, ex)
	cb := r.onRecord
	r.mu.Unlock()
	if cb != nil {
		cb(ex)
	}
}

// reset forgets what was recorded so far (the pre-flight is not part of the report).
func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.exchanges = nil
}

func (r *recorder) all() []*Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Exchange(nil), r.exchanges...)
}

// retryAfter reads Retry-After (seconds), defaulting to one second and capped at max.
func retryAfter(h http.Header, max time.Duration) time.Duration {
	d := time.Second
	if n, err := strconv.Atoi(h.Get("Retry-After")); err == nil && n >= 0 {
		d = time.Duration(n) * time.Second
	}
	if d > max {
		d = max
	}
	return d
}
