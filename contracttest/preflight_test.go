package contracttest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
)

// answerEverything is a server that is not a Novu API: the same answer to every request.
func answerEverything(status int, contentType, body string) func(http.Handler) http.Handler {
	return func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			replay(w, status, http.Header{"Content-Type": {contentType}}, []byte(body))
		})
	}
}

// Before any write the suite makes sure the target is a Novu API that takes both keys; if not,
// Run returns an error and the target sees only GETs.
func TestSuite_Preflight(t *testing.T) {
	const me = "/v1/environments/me"
	tests := []struct {
		name  string
		wrap  func(http.Handler) http.Handler
		setup func(s *contracttest.Suite, tg target) // edits the otherwise valid configuration
		want  string                                 // "%s" is the target's URL
	}{
		{name: "StaticFileServer", // python3 -m http.server
			wrap: answerEverything(404, "text/html;charset=utf-8", "<html><body><h1>Error response</h1></body></html>"),
			want: "GET %s" + me + " answered 404 (text/html): is this a Novu API base URL?"},
		{name: "WrongBasePath",
			setup: func(s *contracttest.Suite, tg target) { s.Target = tg.URL + "/api" },
			want:  "GET %s/api" + me + " answered 404 (application/json): is this a Novu API base URL?"},
		{name: "SinglePageApp",
			wrap: answerEverything(200, "text/html", "<!doctype html><div id=root></div>"),
			want: "GET %s" + me + " answered 200 (text/html): is this a Novu API base URL?"},
		{name: "JSONWithoutEnvelope",
			wrap: answerEverything(200, "application/json", `{"_id":"6615a0d5e4b0c2a1f0a1b2c3","name":"Development"}`),
			want: "GET %s" + me + " answered 200 (application/json) without an environment in Novu's data envelope"},
		{name: "NoContentType",
			wrap: answerEverything(200, "", `{"data":{"_id":"6615a0d5e4b0c2a1f0a1b2c3"}}`),
			want: "GET %s" + me + " answered 200 (no Content-Type): is this a Novu API base URL?"},
		{name: "WrongAPIKey",
			setup: func(s *contracttest.Suite, _ target) { s.APIKey = "nvmk_dev_wrong" },
			want:  "target %s rejected the API key: 401"},
		{name: "WrongProdAPIKey",
			setup: func(s *contracttest.Suite, _ target) { s.ProdAPIKey = "nvmk_prod_wrong" },
			want:  "target %s rejected the Production API key (--prod-api-key): 401"},
		{name: "SwappedKeys",
			setup: func(s *contracttest.Suite, tg target) { s.APIKey, s.ProdAPIKey = tg.Prod, tg.Dev },
			want:  `target %s: the API key opens the environment "Production", a child of environment`},
		{name: "ProductionKeyAlone",
			setup: func(s *contracttest.Suite, tg target) { s.APIKey, s.ProdAPIKey = tg.Prod, "" },
			want:  "pass the Development key as --api-key, or run --mode read-only"},
		{name: "ProdKeyOfAnotherOrganization",
			wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == me && strings.HasPrefix(r.Header.Get("Authorization"), "ApiKey nvmk_prod") {
						replay(w, 200, http.Header{"Content-Type": {"application/json"}},
							[]byte(`{"data":{"_id":"6615a0d5e4b0c2a1f0a1b2c3","_parentId":"6615a0d5e4b0c2a1f0a1b2c4","name":"Production"}}`))
						return
					}
					h.ServeHTTP(w, r)
				})
			},
			want: `target %s: the Production API key (--prod-api-key) opens the environment "Production", which is not a child of`},
		{name: "ProdKeyIsTheDevKey",
			setup: func(s *contracttest.Suite, tg target) { s.ProdAPIKey = tg.Dev },
			want:  "target %s: the Production API key (--prod-api-key) opens the same environment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var writes atomic.Int32
			tg := newTarget(t, func(h http.Handler) http.Handler {
				if tt.wrap != nil {
					h = tt.wrap(h)
				}
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method != http.MethodGet {
						writes.Add(1)
					}
					h.ServeHTTP(w, r)
				})
			})
			s := suiteFor(tg)
			if tt.setup != nil {
				tt.setup(&s, tg)
			}
			rep, err := s.Run(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), fmtURL(tt.want, tg.URL))
			assertStopReport(t, rep, err, contracttest.StopPreflight, fmtURL(tt.want, tg.URL))
			assert.Zero(t, writes.Load(), "the target got writes before the pre-flight stopped the run")
		})
	}
}

func fmtURL(format, u string) string {
	return strings.Replace(format, "%s", u, 1)
}

func TestSuite_PreflightUnreachable(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	u := ts.URL
	ts.Close()
	_, err := contracttest.Suite{Target: u, APIKey: "k"}.Run(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "target "+u+" unreachable")
}

// Read-only mode never writes, so an operator may point it at Production with that key alone.
func TestSuite_PreflightProductionKeyReadOnly(t *testing.T) {
	tg := newTarget(t, nil)
	s := suiteFor(tg)
	s.APIKey, s.ProdAPIKey, s.Mode = tg.Prod, "", contracttest.ModeReadOnly
	rep, err := s.Run(context.Background())
	require.NoError(t, err)
	assert.True(t, rep.Passed(), "%v", rep.Failures())
}
