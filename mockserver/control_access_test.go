package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/novumock/novumock/mockserver"
)

// The control API can wipe every environment, so who may call it is a security property: the
// address rule (loopback unless ControlFromAnyAddress) and then the bearer token (when
// ControlToken is set) must both hold, for every control route, and a refused call changes
// nothing.
func TestControlAPI_Access(t *testing.T) {
	const token = "s3cret-token-for-tests"
	loopback, remote := "127.0.0.1:5000", "203.0.113.7:40000"
	bearer := func(tok string) []string { return []string{"Authorization", "Bearer " + tok} }
	tests := []struct {
		name   string
		opts   func(*mockserver.Options)
		remote string
		header []string
		want   int
	}{
		{"default/loopback", nil, loopback, nil, http.StatusOK},
		{"default/ipv6 loopback", nil, "[::1]:5000", nil, http.StatusOK},
		{"default/remote", nil, remote, nil, http.StatusForbidden},
		{"default/remote with a token nobody asked for", nil, remote, bearer(token), http.StatusForbidden},
		{"default/remote forging X-Forwarded-For", nil, remote, []string{"X-Forwarded-For", "127.0.0.1"}, http.StatusForbidden},
		{"any/remote", func(o *mockserver.Options) { o.ControlFromAnyAddress = true }, remote, nil, http.StatusOK},
		{"token/remote right token", withToken(token, true), remote, bearer(token), http.StatusOK},
		{"token/remote lower-case scheme", withToken(token, true), remote, []string{"Authorization", "bearer " + token}, http.StatusOK},
		{"token/remote missing token", withToken(token, true), remote, nil, http.StatusUnauthorized},
		{"token/remote wrong token", withToken(token, true), remote, bearer("s3cret-token-for-test"), http.StatusUnauthorized},
		{"token/remote token plus a suffix", withToken(token, true), remote, bearer(token + "x"), http.StatusUnauthorized},
		{"token/remote empty bearer", withToken(token, true), remote, []string{"Authorization", "Bearer "}, http.StatusUnauthorized},
		{"token/remote ApiKey scheme", withToken(token, true), remote, []string{"Authorization", "ApiKey " + token}, http.StatusUnauthorized},
		{"token/remote API key instead", withToken(token, true), remote, []string{"Authorization", "ApiKey " + mockserver.DefaultDevAPIKey}, http.StatusUnauthorized},
		{"token/loopback needs it too", withToken(token, true), loopback, nil, http.StatusUnauthorized},
		{"token/loopback right token", withToken(token, true), loopback, bearer(token), http.StatusOK},
		{"token on loopback only/remote right token", withToken(token, false), remote, bearer(token), http.StatusForbidden},
		{"token on loopback only/loopback right token", withToken(token, false), loopback, bearer(token), http.StatusOK},
	}
	routes := []struct{ method, path, body string }{
		{"GET", "/_novumock/keys", ""}, {"GET", "/_novumock/clock", ""}, {"GET", "/_novumock/rate-limit", ""},
		{"GET", "/_novumock/triggers", ""}, {"GET", "/_novumock/outbox", ""},
		{"PUT", "/_novumock/rate-limit", `{"level":"unlimited"}`}, {"POST", "/_novumock/clock/advance", `{"duration":"1s"}`},
		{"GET", "/_novumock/ui/", ""}, {"GET", "/_novumock/ui/outbox", ""}, {"GET", "/_novumock/ui/static/console.css", ""},
		{"POST", "/_novumock/reset", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []func(*mockserver.Options)
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			x := newRBHarness(t, opts...)
			x.dev("POST", "/v1/subscribers", `{"subscriberId":"survivor"}`).mustOK(t, "subscriber")
			for _, r := range routes {
				req := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
				req.RemoteAddr = tt.remote
				req.Header.Set("Content-Type", "application/json")
				for i := 0; i+1 < len(tt.header); i += 2 {
					req.Header.Set(tt.header[i], tt.header[i+1])
				}
				rec := httptest.NewRecorder()
				x.h.ServeHTTP(rec, req)
				got := rec.Code
				if got/100 == 2 {
					got = http.StatusOK // 200 or 204: let in
				}
				if got != tt.want {
					t.Errorf("%s %s: %d, want %d: %s", r.method, r.path, rec.Code, tt.want, rec.Body)
				}
				if rec.Code == http.StatusUnauthorized && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("%s %s: 401 without a Bearer WWW-Authenticate challenge", r.method, r.path)
				}
				if rec.Code >= 400 && strings.Contains(rec.Body.String(), token) {
					t.Errorf("%s %s: the refusal echoes the token", r.method, r.path)
				}
			}
			// The reset ran last: refused, the subscriber is still there; let in, it is gone.
			status := x.dev("GET", "/v1/subscribers/survivor", "").Status
			if tt.want == http.StatusOK && status != http.StatusNotFound {
				t.Errorf("reset was let in but the subscriber survived: %d", status)
			}
			if tt.want != http.StatusOK && status != http.StatusOK {
				t.Errorf("reset was refused but the subscriber is gone: %d", status)
			}
		})
	}
}

func withToken(token string, anyAddress bool) func(*mockserver.Options) {
	return func(o *mockserver.Options) { o.ControlToken, o.ControlFromAnyAddress = token, anyAddress }
}

// With a control token, a browser reaches the console by answering the Basic challenge with the
// token as its password; Basic credentials open nothing else of the control API.
func TestControlAPI_ConsoleTakesTheTokenAsBasicPassword(t *testing.T) {
	const token = "s3cret-token-for-tests"
	x := newRBHarness(t, withToken(token, true))
	tests := []struct {
		name, method, path string
		user, password     string
		want               int
	}{
		{"console, the token as password", "GET", "/_novumock/ui/", "anyone", token, http.StatusOK},
		{"console, empty user name", "GET", "/_novumock/ui/state", "", token, http.StatusOK},
		{"console, wrong password", "GET", "/_novumock/ui/", "anyone", token + "x", http.StatusUnauthorized},
		{"console, the token as user name", "GET", "/_novumock/ui/", token, "", http.StatusUnauthorized},
		{"console form, wrong password", "POST", "/_novumock/ui/controls/reset", "anyone", "nope", http.StatusUnauthorized},
		{"control API, Basic is not enough", "GET", "/_novumock/keys", "anyone", token, http.StatusUnauthorized},
		{"control API reset, Basic is not enough", "POST", "/_novumock/reset", "anyone", token, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			req.RemoteAddr = "203.0.113.7:40000"
			req.SetBasicAuth(tt.user, tt.password)
			rec := httptest.NewRecorder()
			x.h.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Fatalf("%d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			challenge := rec.Header().Get("WWW-Authenticate")
			if rec.Code == http.StatusUnauthorized && strings.HasPrefix(tt.path, "/_novumock/ui/") != strings.Contains(challenge, "Basic") {
				t.Errorf("challenge %q: Basic is offered on the console's pages only", challenge)
			}
		})
	}
}
