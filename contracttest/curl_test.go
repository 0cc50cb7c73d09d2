package contracttest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
)

// refuseTopics fails POST /v1/topics at the network level, as a refused connection does.
type refuseTopics struct{ next http.RoundTripper }

func (r refuseTopics) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPost && req.URL.Path == "/v1/topics" {
		return nil, errors.New("dial tcp: connect: connection refused")
	}
	return r.next.RoundTrip(req)
}

// failedURL is the method and URL net/http names in a request error: `Post "http://…"`.
var failedURL = regexp.MustCompile(`request failed: (\w+) "([^"]+)"`)

// Each request that fails before an answer carries the curl of that request, not of the last
// one that got an answer.
func TestFailure_CurlOfItsOwnRequest(t *testing.T) {
	hangTenants := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/v1/tenants" {
				_, _ = io.Copy(io.Discard, r.Body) // the server notices the client leaving only after the body
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	tests := []struct {
		name  string
		only  string
		wrap  func(http.Handler) http.Handler
		setup func(*contracttest.Suite)
	}{
		{name: "ConnectionRefused", only: "^topic_lifecycle$",
			setup: func(s *contracttest.Suite) { s.Transport = refuseTopics{http.DefaultTransport} }},
		{name: "Timeout", only: "^tenant_lifecycle$", wrap: hangTenants,
			setup: func(s *contracttest.Suite) { s.Timeout = 200 * time.Millisecond }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := suiteFor(newTarget(t, tt.wrap))
			s.Only = regexp.MustCompile(tt.only)
			tt.setup(&s)
			rep, err := s.Run(context.Background())
			require.NoError(t, err)
			var n int
			for _, f := range rep.Failures() {
				m := failedURL.FindStringSubmatch(f.Message)
				if m == nil {
					continue
				}
				n++
				assert.Contains(t, f.Curl, "'"+m[2]+"'", "%s", f)
				if method := strings.ToUpper(m[1]); method != http.MethodGet {
					assert.Contains(t, f.Curl, "-X "+method, "%s", f)
				} else {
					assert.NotContains(t, f.Curl, "-X ", "%s", f)
				}
			}
			assert.NotZero(t, n, "no request failed at the network level: %v", rep.Failures())
		})
	}
}

// The timeout bounds a request on the wire, not the wait for its turn: at five requests a
// second each request waits 200 ms for the pacer, twice the 100 ms timeout, and the check
// still passes against a target that answers at once.
func TestTimeout_PacingDoesNotCount(t *testing.T) {
	s := suiteFor(newTarget(t, nil))
	s.Only = regexp.MustCompile("^topic_lifecycle$")
	s.RPS, s.Timeout, s.ProdAPIKey = 5, 100*time.Millisecond, ""
	rep, err := s.Run(context.Background())
	require.NoError(t, err)
	assert.Empty(t, rep.Failures())
	assert.Greater(t, rep.Checks[0].Requests, 3, "the pacer was never the slower of the two")
}
