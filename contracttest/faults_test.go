package contracttest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A fault is a proxy around the fake that breaks exactly one thing. Each is named after the
// check it must trip; want is a piece of that check's failure text naming the fault.
type fault struct {
	check string
	want  string
	wrap  func(http.Handler) http.Handler
}

var (
	subscriberPath = regexp.MustCompile(`^/v1/subscribers/[^/]+$`)
	topicPath      = regexp.MustCompile(`^/v1/topics/[^/]+$`)
)

func faults() map[string]fault {
	return map[string]fault{
		"status_documented": {check: "status_documented", want: "202", wrap: rewrite(
			func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/v1/topics" },
			func(status int, body map[string]any) (int, map[string]any) {
				if status == 201 {
					status = 202
				}
				return status, body
			})},
		"response_schema/missing_required_field": {check: "response_schema", want: "subscriberId", wrap: rewrite(
			getOf(subscriberPath), func(status int, body map[string]any) (int, map[string]any) {
				if d, ok := body["data"].(map[string]any); ok {
					delete(d, "subscriberId")
				}
				return status, body
			})},
		"response_schema/wrong_type": {check: "response_schema", want: "firstName", wrap: rewrite(
			getOf(subscriberPath), func(status int, body map[string]any) (int, map[string]any) {
				if d, ok := body["data"].(map[string]any); ok {
					d["firstName"] = 42
				}
				return status, body
			})},
		// Not on /v1/environments/me: the pre-flight refuses a target whose environment is
		// not in the envelope before any check runs.
		"success_wrapped_in_data": {check: "success_wrapped_in_data", want: "GetTopic", wrap: rewrite(
			getOf(topicPath),
			func(status int, body map[string]any) (int, map[string]any) {
				if d, ok := body["data"].(map[string]any); ok && status == 200 {
					return status, d
				}
				return status, body
			})},
		"ratelimit_headers_present": {check: "ratelimit_headers_present", want: "RateLimit-Remaining", wrap: func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				rec.Header().Del("RateLimit-Remaining")
				replay(w, rec.Code, rec.Header(), rec.Body.Bytes())
			})
		}},
		"ratelimit_policy_well_formed": {check: "ratelimit_policy_well_formed", want: "x-novu-rate-limits", wrap: func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				// A bucket without the 10 % burst the spec's levels have.
				if p := rec.Header().Get("RateLimit-Policy"); p != "" {
					limit, rest, _ := strings.Cut(p, ";w=")
					window, rest, _ := strings.Cut(rest, ";burst=")
					_, rest, _ = strings.Cut(rest, ";")
					rec.Header().Set("RateLimit-Policy", limit+";w="+window+";burst="+limit+";"+rest)
				}
				replay(w, rec.Code, rec.Header(), rec.Body.Bytes())
			})
		}},
		"missing_auth_rejected": {check: "missing_auth_rejected", want: "200", wrap: func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") == "" {
					replay(w, 200, http.Header{"Content-Type": {"application/json"}}, []byte(`{"data":{}}`))
					return
				}
				h.ServeHTTP(w, r)
			})
		}},
		"wrong_type_rejected": {check: "wrong_type_rejected", want: "500", wrap: rewrite(
			func(*http.Request) bool { return true },
			func(status int, body map[string]any) (int, map[string]any) {
				if status == 400 {
					return 500, map[string]any{"statusCode": 500, "message": "Internal server error, contact support and provide them with the errorId"}
				}
				return status, body
			})},
		"integration_primary_rules": {check: "integration_primary_rules", want: "primary", wrap: twoPrimaries},
		"subscriber_lifecycle": {check: "subscriber_lifecycle", want: "not persisted", wrap: func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPut && subscriberPath.MatchString(r.URL.Path) {
					r2 := r.Clone(r.Context())
					r2.Method, r2.Body, r2.ContentLength = http.MethodGet, http.NoBody, 0
					h.ServeHTTP(w, r2) // answers 200 with the unchanged subscriber: a lost update
					return
				}
				h.ServeHTTP(w, r)
			})
		}},
		// An Inbox whose archive forgets to read the notification (Novu's side effect).
		"inbox_session_flow": {check: "inbox_session_flow", want: "isRead wrong after MarkInboxNotificationArchive", wrap: rewrite(
			func(r *http.Request) bool {
				return r.Method == http.MethodPatch && strings.HasSuffix(r.URL.Path, "/archive")
			},
			func(status int, body map[string]any) (int, map[string]any) {
				if d, ok := body["data"].(map[string]any); ok {
					d["isRead"] = false
				}
				return status, body
			})},
		"throttled_with_retry_after/never_429": {check: "throttled_with_retry_after", want: "no 429 after", wrap: on429(
			func(w http.ResponseWriter, h http.Header, _ []byte) {
				// A target without rate limiting: the call goes on to validation.
				replay(w, 400, h, []byte(`{"statusCode":400,"message":["subscribers must contain at least 1 elements"],"error":"Bad Request"}`))
			})},
		"throttled_with_retry_after/no_retry_after": {check: "throttled_with_retry_after", want: "Retry-After", wrap: on429(
			func(w http.ResponseWriter, h http.Header, body []byte) {
				h.Del("Retry-After")
				replay(w, 429, h, body)
			})},
		"throttled_with_retry_after/no_ratelimit_headers": {check: "throttled_with_retry_after", want: "429 without RateLimit-Reset", wrap: on429(
			func(w http.ResponseWriter, h http.Header, body []byte) {
				h.Del("RateLimit-Reset")
				replay(w, 429, h, body)
			})},
		"throttled_with_retry_after/never_refills": {check: "throttled_with_retry_after", want: "still throttled after waiting", wrap: neverRefills},
		"topic_lifecycle": {check: "topic_lifecycle", want: "GetTopic", wrap: func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodDelete && topicPath.MatchString(r.URL.Path) {
					w.WriteHeader(http.StatusNoContent) // claims the delete, does nothing
					return
				}
				h.ServeHTTP(w, r)
			})
		}},
	}
}

func getOf(re *regexp.Regexp) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Method == http.MethodGet && re.MatchString(r.URL.Path) }
}

// rewrite lets the fake answer, then edits the decoded JSON body (and status) of matching
// requests.
func rewrite(match func(*http.Request) bool, edit func(int, map[string]any) (int, map[string]any)) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r) {
				h.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			var body map[string]any
			if json.Unmarshal(rec.Body.Bytes(), &body) != nil {
				replay(w, rec.Code, rec.Header(), rec.Body.Bytes())
				return
			}
			status, body := edit(rec.Code, body)
			raw, _ := json.Marshal(body)
			replay(w, status, rec.Header(), raw)
		})
	}
}

// twoPrimaries makes every active email integration primary in list answers once a
// set-primary has been answered.
func twoPrimaries(h http.Handler) http.Handler {
	var setPrimary atomic.Bool
	list := rewrite(func(r *http.Request) bool { return r.Method == http.MethodGet && r.URL.Path == "/v1/integrations" },
		func(status int, body map[string]any) (int, map[string]any) {
			items, _ := body["data"].([]any)
			for _, it := range items {
				if m, ok := it.(map[string]any); ok && setPrimary.Load() && m["channel"] == "email" && m["active"] == true {
					m["primary"] = true
				}
			}
			return status, body
		})(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/set-primary") || r.Method == http.MethodPost && r.URL.Path == "/v1/integrations" {
			setPrimary.Store(true)
		}
		list.ServeHTTP(w, r)
	})
}

// on429 lets the fake answer and hands its 429s to edit.
func on429(edit func(w http.ResponseWriter, h http.Header, body []byte)) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code == http.StatusTooManyRequests {
				edit(w, rec.Header(), rec.Body.Bytes())
				return
			}
			replay(w, rec.Code, rec.Header(), rec.Body.Bytes())
		})
	}
}

// neverRefills repeats the first 429 of a path for every later call to it: a bucket that
// stays empty whatever Retry-After said.
func neverRefills(h http.Handler) http.Handler {
	var mu sync.Mutex
	spent := map[string]*httptest.ResponseRecorder{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		first := spent[r.URL.Path]
		mu.Unlock()
		if first != nil {
			replay(w, first.Code, first.Header(), first.Body.Bytes())
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code == http.StatusTooManyRequests {
			mu.Lock()
			spent[r.URL.Path] = rec
			mu.Unlock()
		}
		replay(w, rec.Code, rec.Header(), rec.Body.Bytes())
	})
}

func replay(w http.ResponseWriter, status int, h http.Header, body []byte) {
	for k, v := range h {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func TestFaults_EachTripsItsCheck(t *testing.T) {
	for name, f := range faults() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tg := newTarget(t, f.wrap)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			rep, err := suiteFor(tg).Run(ctx)
			require.NoError(t, err)
			res := rep.Check(f.check)
			require.NotNil(t, res, "check %s did not run", f.check)
			require.Equal(t, "failed", string(res.Status), "fault %s went unnoticed by %s", name, f.check)
			var text bytes.Buffer
			for _, fl := range res.Failures {
				text.WriteString(fl.String() + "\n")
			}
			assert.Contains(t, text.String(), f.want, "the failure should name the fault")
		})
	}
}
