package contracttest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
	"github.com/novumock/novumock/mockserver"
)

// target is one pristine fake on a loopback httptest server.
type target struct {
	URL, Dev, Prod string
	srv            *mockserver.Server
}

func newTarget(t testing.TB, wrap func(http.Handler) http.Handler) target {
	t.Helper()
	srv, err := mockserver.New(mockserver.Options{})
	require.NoError(t, err)
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return target{URL: ts.URL, Dev: srv.DevAPIKey(), Prod: srv.ProdAPIKey(), srv: srv}
}

// suiteFor is the configuration every test uses: both keys, fast pacing.
func suiteFor(tg target) contracttest.Suite {
	return contracttest.Suite{Target: tg.URL, APIKey: tg.Dev, ProdAPIKey: tg.Prod, RPS: 5000, Timeout: 10 * time.Second}
}

func TestSuite_PristineFake(t *testing.T) {
	tg := newTarget(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := time.Now()
	rep, err := suiteFor(tg).Run(ctx)
	require.NoError(t, err)
	var sb strings.Builder
	rep.WriteSummary(&sb)
	t.Log(sb.String())
	for _, f := range rep.Failures() {
		t.Errorf("%s\n    %s", f, f.Curl)
	}
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.Nil(t, rep.Check("throttled_with_retry_after"), "opt-in: never in the default run")
}

func TestSuite_ReadOnlySendsOnlyGets(t *testing.T) {
	var methods sync.Map
	tg := newTarget(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			methods.Store(r.Method, true)
			h.ServeHTTP(w, r)
		})
	})
	s := suiteFor(tg)
	s.Mode = contracttest.ModeReadOnly
	rep, err := s.Run(context.Background())
	require.NoError(t, err)
	methods.Range(func(k, _ any) bool {
		assert.Equal(t, http.MethodGet, k, "read-only mode sent a %v", k)
		return true
	})
	assert.True(t, rep.Passed(), "%v", rep.Failures())
}

func TestSuite_LeavesNothingBehind(t *testing.T) {
	tg := newTarget(t, nil)
	s := suiteFor(tg)
	s.Prefix = "nvmk-cleanup-"
	rep, err := s.Run(context.Background())
	require.NoError(t, err)
	assert.Empty(t, rep.Leftovers)
	for _, path := range []string{"/v1/subscribers?limit=100", "/v1/topics", "/v1/tenants?limit=100", "/v1/integrations",
		"/v1/feeds", "/v1/notification-groups", "/v1/workflows?limit=100", "/v1/layouts"} {
		req, _ := http.NewRequest(http.MethodGet, tg.URL+path, nil)
		req.Header.Set("Authorization", "ApiKey "+tg.Dev)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.NotContains(t, string(body), s.Prefix, "%s still lists the suite's resources", path)
	}
	for _, f := range rep.Failures() {
		assert.NotContains(t, f.Curl, tg.Dev, "curl lines must not carry the key")
	}
}

func TestRateLimit_ThrottledIsOptIn(t *testing.T) {
	srv, err := mockserver.New(mockserver.Options{RateLimit: "free"})
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	s := suiteFor(target{URL: ts.URL, Dev: srv.DevAPIKey()})
	s.Only = regexp.MustCompile(`^(throttled_with_retry_after|ratelimit_headers_present)$`)
	rep, err := s.Run(context.Background())
	require.NoError(t, err)
	require.NotNil(t, rep.Check("throttled_with_retry_after"))
	assert.True(t, rep.Passed(), "%v", rep.Failures())
}
