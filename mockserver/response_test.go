package mockserver_test

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/novumock/novumock/internal/conntest"
	"github.com/novumock/novumock/internal/corkconn"
	"github.com/novumock/novumock/mockserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every answer is sent whole with a Content-Length and Novu's JSON Content-Type, as Express
// sends res.json, also when the body is far over net/http's 2 kB chunking threshold.
func TestAnswersCarryContentLength(t *testing.T) {
	f := mustNewServer(t)
	for i := range 20 {
		res := f.dev("POST", "/v1/subscribers", fmt.Sprintf(`{"subscriberId":"len-%d","firstName":"Ada","data":{"n":%d}}`, i, i))
		require.Equal(t, 201, res.Status, res.Raw)
	}
	const json = "application/json; charset=utf-8" // Express's res.json names the charset
	for _, tc := range []struct {
		name, method, path, auth string
		status                   int
		contentType              string
	}{
		{"page over 2 kB", "GET", "/v1/subscribers?limit=20", "ApiKey " + f.DevKey, 200, json},
		{"small entity", "GET", "/v1/subscribers/len-3", "ApiKey " + f.DevKey, 200, json},
		{"auth error", "GET", "/v1/subscribers", "", 401, json},
		{"unknown route", "GET", "/v1/nowhere", "ApiKey " + f.DevKey, 404, json},
		{"spec document", "GET", "/openapi.yaml", "", 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.do(tc.method, tc.path, tc.auth, "")
			require.Equal(t, tc.status, res.Status, res.Raw)
			assert.Equal(t, strconv.Itoa(len(res.Raw)), res.Header.Get("Content-Length"))
			if tc.contentType != "" {
				assert.Equal(t, tc.contentType, res.Header.Get("Content-Type"))
			}
		})
	}
}

// Served as the binary serves it (corkconn under net/http), every answer leaves in one write,
// also a page with Novu's RateLimit-* headers past net/http's 4 kB connection buffer, which
// without corkconn leaves in two.
func TestAnswersLeaveInOneWrite(t *testing.T) {
	for _, tc := range []struct {
		name   string
		corked bool
		page   int // writes for the page
	}{{"net/http alone", false, 2}, {"with corkconn", true, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := mockserver.New(mockserver.Options{})
			require.NoError(t, err)
			ts := httptest.NewUnstartedServer(srv.Handler())
			counted := conntest.CountWrites(ts.Listener)
			ts.Listener = counted
			if tc.corked {
				ts.Listener = corkconn.Listen(counted)
				ts.Config.ConnContext = corkconn.ConnContext
			}
			ts.Start()
			t.Cleanup(ts.Close)
			f := &fake{t: t, srv: srv, URL: ts.URL, DevKey: srv.DevAPIKey()}
			for i := range 10 {
				res := f.dev("POST", "/v1/subscribers", fmt.Sprintf(`{"subscriberId":"one-write-%d","firstName":"Ada","lastName":"Lovelace %d","email":"ada%d@example.com","locale":"en-US","data":{"plan":"pro","seats":%d}}`, i, i, i, i))
				require.Equal(t, 201, res.Status, res.Raw)
			}
			for _, a := range []struct {
				name, method, path, body string
				status, writes           int
			}{
				{"a page of ten", "GET", "/v1/subscribers?page=0&limit=10", "", 200, tc.page},
				{"one subscriber", "GET", "/v1/subscribers/one-write-3", "", 200, 1},
				{"an error", "GET", "/v1/subscribers/nobody", "", 404, 1},
				{"no content", "DELETE", "/v1/subscribers/one-write-4/credentials/slack", "", 204, 1},
			} {
				before := counted.Writes()
				res := f.dev(a.method, a.path, a.body)
				require.Equal(t, a.status, res.Status, "%s: %s", a.name, res.Raw)
				if a.name == "a page of ten" {
					require.Greater(t, len(res.Raw), 4096-300, "the page must be near net/http's 4 kB buffer to show anything")
					require.NotEmpty(t, res.Header.Get("RateLimit-Policy"))
				}
				assert.Equal(t, int64(a.writes), counted.Writes()-before, a.name)
			}
		})
	}
}
