package contracttest_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
)

// An Only that selects nothing is a mistake in the invocation, not an empty passing run: Run
// says so before sending a request.
func TestSuite_OnlyMatchesNothing(t *testing.T) {
	tests := []struct {
		only    string
		wantErr string
	}{
		{only: "^nope$", wantErr: "no check matches --only ^nope$"},
		{only: "^reads_succeeed$", wantErr: "no check matches --only ^reads_succeeed$"}, // a typo
		{only: "^reads_succeed$"},
		{only: "^organization_settings$"}, // disposable-only: listed as skipped in sandbox mode
		{only: "^throttled_with_retry_afte$", wantErr: "no check matches --only ^throttled_with_retry_afte$"},
	}
	for _, tt := range tests {
		t.Run(tt.only, func(t *testing.T) {
			t.Parallel()
			var requests atomic.Int32
			tg := newTarget(t, func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					requests.Add(1)
					h.ServeHTTP(w, r)
				})
			})
			s := suiteFor(tg)
			s.Only = regexp.MustCompile(tt.only)
			rep, err := s.Run(context.Background())
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				require.Len(t, rep.Checks, 1, "the stop report")
				assert.Equal(t, contracttest.StopPreflight, rep.Checks[0].Name)
				assert.Zero(t, requests.Load(), "requests sent for a run that selects nothing")
				return
			}
			require.NoError(t, err)
			assert.Len(t, rep.Checks, 1)
		})
	}
}

func TestCheckNames(t *testing.T) {
	var names []string
	for _, c := range contracttest.Checks() {
		names = append(names, c.Name)
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, n := range names {
		assert.Regexp(t, snake, n)
		assert.False(t, seen[n], "%s listed twice", n)
		seen[n] = true
	}
	for _, n := range []string{"throttled_with_retry_after", "organization_settings", "reads_succeed", "sandbox_cleaned_up"} {
		assert.True(t, seen[n], "%s missing", n)
	}
	checks := contracttest.Checks()
	require.Len(t, checks, len(names))
	for i, c := range checks {
		assert.Equal(t, names[i], c.Name)
		assert.NotEmpty(t, c.Doc, c.Name)
	}

	rep, err := suiteFor(newTarget(t, nil)).Run(context.Background())
	require.NoError(t, err)
	var ran []string
	for _, c := range rep.Checks {
		ran = append(ran, c.Name)
	}
	// A default run lists the checks in Checks order, without the opt-in and disposable ones.
	got := slices.DeleteFunc(slices.Clone(names), func(n string) bool {
		return !slices.Contains(ran, n)
	})
	assert.Equal(t, ran, got)
}

// noRateLimitHeaders is a deployment with rate limiting turned off (self-hosted Novu's default):
// every answer as the fake gives it, without the RateLimit-* headers.
func noRateLimitHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(stripRateLimit{w}, r)
	})
}

type stripRateLimit struct{ http.ResponseWriter }

func (s stripRateLimit) WriteHeader(code int) {
	for _, k := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"} {
		s.Header().Del(k)
	}
	s.ResponseWriter.WriteHeader(code)
}

// Skip lists the checks it matches as skipped and runs the rest. Against a deployment without
// rate limiting the suite skips the rate-limit checks by itself (triage_test.go), unless
// Require names the feature: then "^(ratelimit_|throttled_)" still turns a failing run into a
// passing one that says what it left out (throttled_with_retry_after runs by default against a
// loopback target such as this one).
func TestSuite_Skip(t *testing.T) {
	tests := []struct {
		name, only, skip string
		require          bool
		wantErr          string
		wantPassed       bool
	}{
		{name: "Required", require: true, wantPassed: false}, // the deployment really fails those checks
		{name: "RequiredButSkipped", require: true, skip: "^(ratelimit_|throttled_)", wantPassed: true},
		{name: "SkipEverythingSelected", only: "^reads_succeed$", skip: "reads", wantErr: "--skip reads leaves no check to run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var requests atomic.Int32
			tg := newTarget(t, func(h http.Handler) http.Handler {
				h = noRateLimitHeaders(h)
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					requests.Add(1)
					h.ServeHTTP(w, r)
				})
			})
			s := suiteFor(tg)
			if tt.only != "" {
				s.Only = regexp.MustCompile(tt.only)
			}
			if tt.skip != "" {
				s.Skip = regexp.MustCompile(tt.skip)
			}
			if tt.require {
				s.Require = []contracttest.Feature{contracttest.FeatureRateLimiting}
			}
			rep, err := s.Run(context.Background())
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				assert.Zero(t, requests.Load(), "requests sent for a run that runs nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantPassed, rep.Passed(), "%v", rep.Failures())
			for _, name := range []string{"ratelimit_headers_present", "ratelimit_policy_well_formed"} {
				c := rep.Check(name)
				require.NotNil(t, c, name)
				if tt.skip != "" {
					assert.Equal(t, contracttest.Skipped, c.Status, name)
					assert.Equal(t, "skipped by --skip", c.SkipReason, name)
				} else {
					assert.NotEqual(t, contracttest.Skipped, c.Status, name)
				}
			}
		})
	}
}
