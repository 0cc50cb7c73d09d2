package contracttest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
	"github.com/novumock/novumock/mockserver"
)

// Each triage path of issue #19, against the fake configured or proxied to look like a real
// deployment: a switched-off feature is a skip with its evidence (a failure when required),
// an operation newer than the target's version is not sent, and the worker's delay is polled.

var (
	rateLimitChecks   = []string{"ratelimit_headers_present", "ratelimit_policy_well_formed", "ratelimit_remaining_decreases"}
	idempotencyChecks = []string{"idempotent_replay", "idempotency_body_mismatch"}
)

func newTargetWith(t testing.TB, opts mockserver.Options, wrap func(http.Handler) http.Handler) target {
	t.Helper()
	srv, err := mockserver.New(opts)
	require.NoError(t, err)
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return target{URL: ts.URL, Dev: srv.DevAPIKey(), Prod: srv.ProdAPIKey(), srv: srv}
}

// withoutIdempotency drops the Idempotency-Key header before the fake sees it: the fake then
// behaves as a Novu with IS_API_IDEMPOTENCY_ENABLED off (no echo, no replay).
func withoutIdempotency(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("Idempotency-Key")
		h.ServeHTTP(w, r)
	})
}

func TestTriage_FeaturesOff(t *testing.T) {
	for name, tc := range map[string]struct {
		require []contracttest.Feature
		status  contracttest.Status
	}{
		"skipped with the evidence": {nil, contracttest.Skipped},
		"required: they fail": {[]contracttest.Feature{contracttest.FeatureRateLimiting, contracttest.FeatureIdempotency},
			contracttest.Failed},
	} {
		t.Run(name, func(t *testing.T) {
			tg := newTargetWith(t, mockserver.Options{RateLimit: "off"}, withoutIdempotency)
			s := suiteFor(tg)
			s.Require = tc.require
			rep, err := s.Run(context.Background())
			require.NoError(t, err)
			for _, c := range append(rateLimitChecks, idempotencyChecks...) {
				res := rep.Check(c)
				require.NotNil(t, res, c)
				if c == "ratelimit_policy_well_formed" && tc.status == contracttest.Failed {
					// It reads the policy header where there is one; ratelimit_headers_present
					// reports that there is none.
					assert.Equal(t, contracttest.Passed, res.Status, c)
					continue
				}
				assert.Equal(t, tc.status, res.Status, c)
				if tc.status == contracttest.Skipped {
					assert.Contains(t, res.SkipReason, "not enabled on this target", c)
					assert.Contains(t, res.SkipReason, "--require", c)
				}
			}
			assert.Contains(t, rep.Profile.Disabled, contracttest.FeatureRateLimiting)
			assert.Contains(t, rep.Profile.Disabled, contracttest.FeatureIdempotency)
			if tc.status == contracttest.Skipped {
				assert.Empty(t, rep.Failures(), "everything else passes on the fake")
			}
		})
	}
}

func TestTriage_FeaturesOnAreNotSkipped(t *testing.T) {
	rep, err := suiteFor(newTarget(t, nil)).Run(context.Background())
	require.NoError(t, err)
	assert.Empty(t, rep.Profile.Disabled)
	for _, c := range append(rateLimitChecks, idempotencyChecks...) {
		assert.Equal(t, contracttest.Passed, rep.Check(c).Status, c)
	}
}

// healthCheck answers GET /v1/health-check as Novu does, with the given apiVersion, and counts
// the requests that reach POST .../messages/mark-as.
func healthCheck(version string, markAs *atomic.Int32) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/health-check" {
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"status": "ok",
					"info": map[string]any{"apiVersion": map[string]any{"version": version, "status": "up"}}}})
				return
			}
			if strings.HasSuffix(r.URL.Path, "/messages/mark-as") {
				markAs.Add(1)
			}
			h.ServeHTTP(w, r)
		})
	}
}

func TestTriage_OlderVersion(t *testing.T) {
	for _, tc := range []struct {
		version string
		markAs  bool   // MarkSubscriberMessagesAs is sent (in Novu since 2.0.0)
		snooze  string // why SnoozeInboxNotification (newer than 2.0.0) was not reached
	}{
		{"0.24.3", false, "inbox_session_flow skipped: the Inbox API is not in this version: added in Novu 2.0.0, the target answers apiVersion 0.24.3"},
		{"2.0.0", true, "not in this version: added after Novu 2.0.0, the target answers apiVersion 2.0.0"},
		{"2.1.0", true, ""},
	} {
		t.Run(tc.version, func(t *testing.T) {
			var markAs atomic.Int32
			rep, err := suiteFor(newTarget(t, healthCheck(tc.version, &markAs))).Run(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.version, rep.Profile.APIVersion)
			assert.Equal(t, tc.markAs, markAs.Load() > 0, "requests to MarkSubscriberMessagesAs")
			reasons := map[string]string{}
			for _, nr := range rep.Coverage.NotReached {
				reasons[nr.Operation] = nr.Reason
			}
			assert.Equal(t, tc.snooze, reasons["SnoozeInboxNotification"])
			if !tc.markAs {
				assert.Equal(t, "not in this version: added in Novu 2.0.0, the target answers apiVersion 0.24.3", reasons["MarkSubscriberMessagesAs"])
			}
			assert.Empty(t, rep.Failures(), "an operation or rule the version lacks is never held against it")
		})
	}
}

// lateCancel answers the first n cancels of each transaction with false, as Novu does while
// its worker has not yet created the delayed jobs.
func lateCancel(n int32) func(http.Handler) http.Handler {
	var seen atomic.Int32
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/v1/events/trigger/") && seen.Add(1) <= n {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"data":false}`))
				return
			}
			h.ServeHTTP(w, r)
		})
	}
}

func TestTriage_CancelPollsForTheWorker(t *testing.T) {
	s := suiteFor(newTarget(t, lateCancel(3)))
	s.Only = regexp.MustCompile("^trigger_cancel$")
	rep, err := s.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, contracttest.Passed, rep.Check("trigger_cancel").Status, "%v", rep.Failures())
	assert.GreaterOrEqual(t, rep.Check("trigger_cancel").Requests, 5, "three false answers, the true one, the second cancel")
}
