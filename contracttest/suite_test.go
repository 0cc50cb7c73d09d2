package contracttest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	assert.Less(t, time.Since(start), 11*time.Second) // 10 s plus throttled_with_retry_after's refill wait (1 s at this level)
	throttled := rep.Check("throttled_with_retry_after")
	require.NotNil(t, throttled, "on by default against a loopback target")
	assert.Equal(t, contracttest.Passed, throttled.Status)
}

// The eight operations sandbox mode never sends a valid key to; disposable mode reaches them.
var sharedStateOps = []string{"ApplyChanges", "ApplyChange", "BroadcastEvent", "RenameOrganization", "CreateOrganization",
	"UpdateOrganizationBranding", "RemoveOrganizationMember", "UpdateMemberRole"}

func TestContract_SandboxLeavesSharedStateAlone(t *testing.T) {
	tg := newTarget(t, nil)
	rep, err := suiteFor(tg).Run(context.Background())
	require.NoError(t, err)
	for _, name := range []string{"changes_promote", "broadcast_reaches_every_subscriber", "organization_settings"} {
		assert.Nil(t, rep.Check(name), "disposable-only check %s listed in sandbox mode", name)
	}
	assert.Equal(t, rep.Coverage.Operations-len(sharedStateOps), rep.Coverage.OperationsReached)
	reasons := map[string]string{}
	for _, nr := range rep.Coverage.NotReached {
		reasons[nr.Operation] = nr.Reason
	}
	for _, op := range sharedStateOps {
		assert.Contains(t, reasons[op], "never sent with a valid key", op)
	}
}

// TestContract_DisposableReachesEveryOperation is the repo's own run of the whole suite in
// disposable mode against a pristine in-process fake.
func TestContract_DisposableReachesEveryOperation(t *testing.T) {
	var sent sync.Map // "METHOD path" sent with the Development or Production key
	tg := target{}
	tg = newTarget(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if a := r.Header.Get("Authorization"); a == "ApiKey "+tg.Dev || a == "ApiKey "+tg.Prod {
				sent.Store(r.Method+" "+r.URL.Path, true)
			}
			h.ServeHTTP(w, r)
		})
	})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := suiteFor(tg)
	s.Mode = contracttest.ModeDisposable
	start := time.Now()
	rep, err := s.Run(ctx)
	require.NoError(t, err)
	elapsed := time.Since(start)
	var sb strings.Builder
	rep.WriteSummary(&sb)
	t.Log(sb.String())
	for _, f := range rep.Failures() {
		t.Errorf("%s\n    %s", f, f.Curl)
	}
	assert.Empty(t, rep.Failures())
	assert.Equal(t, contracttest.ModeDisposable, rep.Mode)
	assert.Equal(t, 151, rep.Coverage.Operations)
	assert.Equal(t, 151, rep.Coverage.OperationsReached, "not reached: %+v", rep.Coverage.NotReached)
	assert.Empty(t, rep.Coverage.NotReached)
	for _, name := range []string{"changes_promote", "broadcast_reaches_every_subscriber", "organization_settings"} {
		if c := rep.Check(name); assert.NotNil(t, c, name) {
			assert.Equal(t, contracttest.Passed, c.Status, "%s: %s", name, c.SkipReason)
		}
	}
	for _, want := range []string{"PATCH /v1/organizations", "POST /v1/organizations", "PUT /v1/organizations/branding",
		"POST /v1/changes/bulk/apply", "POST /v1/events/trigger/broadcast"} {
		_, ok := sent.Load(want)
		assert.True(t, ok, "%s never sent with a valid key", want)
	}
	assert.Empty(t, rep.Leftovers)
	assert.Less(t, elapsed, 11*time.Second) // 10 s plus the refill wait of throttled_with_retry_after
}

// TestContract_DisposableCatchesFaults: a target that answers the shared-state operations
// without doing anything fails the scenario that owns them.
func TestContract_DisposableCatchesFaults(t *testing.T) {
	// answerOnly swallows matching requests with a canned success the fake never sees.
	answerOnly := func(method, path string, status int, body string) func(http.Handler) http.Handler {
		return func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != method || r.URL.Path != path {
					h.ServeHTTP(w, r)
					return
				}
				replay(w, status, http.Header{"Content-Type": {"application/json"}}, []byte(body))
			})
		}
	}
	for name, f := range map[string]fault{
		"rename_not_persisted": {check: "organization_settings", want: "rename not persisted",
			wrap: answerOnly(http.MethodPatch, "/v1/organizations", 200, `{"data":{"name":"nvmk-x"}}`)},
		"bulk_apply_does_nothing": {check: "changes_promote", want: "not in Production",
			wrap: answerOnly(http.MethodPost, "/v1/changes/bulk/apply", 201, `{"data":[]}`)},
	} {
		t.Run(name, func(t *testing.T) {
			s := suiteFor(newTarget(t, f.wrap))
			s.Mode = contracttest.ModeDisposable
			s.Only = regexp.MustCompile("^" + f.check + "$")
			rep, err := s.Run(context.Background())
			require.NoError(t, err)
			res := rep.Check(f.check)
			require.NotNil(t, res)
			require.Equal(t, contracttest.Failed, res.Status, "fault %s went unnoticed", name)
			var text strings.Builder
			for _, fl := range res.Failures {
				text.WriteString(fl.String() + "\n")
			}
			assert.Contains(t, text.String(), f.want)
		})
	}
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
		assertNothingLeft(t, tg, s.Prefix, path)
	}
	for _, f := range rep.Failures() {
		assert.NotContains(t, f.Curl, tg.Dev, "curl lines must not carry the key")
	}
}

// At Novu's smallest level the bucket is two bulk calls and the refill takes seconds.
func TestRateLimit_ThrottledAtFreeLevel(t *testing.T) {
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

func TestDefaultRPS(t *testing.T) {
	tests := []struct {
		target string
		want   float64
	}{
		{"http://127.0.0.1:4010", 2000},
		{"http://127.8.9.10:4010/v1", 2000},
		{"http://localhost:3000", 2000},
		{"http://[::1]:4010", 2000},
		{"https://api.novu.co", 20},
		{"https://eu.api.novu.co/v1", 20},
		{"http://10.0.0.5:3000", 20},
		{"http://localhost.example.com", 20},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.target)
		if err != nil {
			t.Fatal(err)
		}
		if got := contracttest.DefaultRPS(u); got != tt.want {
			t.Errorf("DefaultRPS(%s) = %v, want %v", tt.target, got, tt.want)
		}
	}
}
