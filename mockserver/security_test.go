package mockserver_test

// Security properties: what one API key creates is invisible to the other environment's key,
// and the control API (which can wipe all state) answers loopback clients only, judged by the
// socket's peer address and never by a forwarding header.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/novumock/novumock/mockserver"
)

func TestEnvironmentIsolation(t *testing.T) {
	x := newRBHarness(t, func(o *mockserver.Options) { o.RateLimit = "off" })

	// Development creates one of everything it can.
	x.dev("POST", "/v1/subscribers", `{"subscriberId":"iso-sub","firstName":"Dev"}`).mustOK(t, "subscriber")
	x.dev("POST", "/v1/topics", `{"key":"iso-topic","name":"Dev topic"}`).mustOK(t, "topic")
	x.dev("POST", "/v1/tenants", `{"identifier":"iso-tenant","name":"Dev tenant"}`).mustOK(t, "tenant")
	x.dev("POST", "/v1/feeds", `{"name":"iso-feed"}`).mustOK(t, "feed")
	x.dev("POST", "/v1/layouts", `{"name":"Iso layout","identifier":"iso-layout","content":"<div>{{{body}}}</div>"}`).mustOK(t, "layout")
	group := rbMap(x.dev("POST", "/v1/notification-groups", `{"name":"Iso group"}`).mustOK(t, "group")["data"])
	// The in-app integration is the one a new organization starts with.
	wf := rbMap(x.dev("POST", "/v1/workflows", fmt.Sprintf(`{"name":"Iso workflow","notificationGroupId":%q,"active":true,`+
		`"steps":[{"name":"In-app","active":true,"template":{"type":"in_app","content":"Hi"}}]}`, group["_id"])).mustOK(t, "workflow")["data"])
	trig := x.dev("POST", "/v1/events/trigger", `{"name":"iso-workflow","to":"iso-sub","payload":{}}`).mustOK(t, "trigger")
	txn := fmt.Sprint(rbMap(trig["data"])["transactionId"])
	if n := len(rbList(x.dev("GET", "/v1/messages", "").mustOK(t, "dev messages")["data"])); n == 0 {
		t.Fatal("the Development trigger produced no message; the test would prove nothing")
	}

	// Production sees none of it, neither by id nor in any list.
	for _, target := range []string{
		"/v1/subscribers/iso-sub", "/v1/topics/iso-topic", "/v1/tenants/iso-tenant",
		"/v1/layouts/" + fmt.Sprint(rbMapFromList(t, x, "/v1/layouts", "identifier", "iso-layout")["_id"]),
		"/v1/workflows/" + fmt.Sprint(wf["_id"]),
		"/v1/notification-groups/" + fmt.Sprint(group["_id"]),
	} {
		if r := x.prod("GET", target, ""); r.Status != http.StatusNotFound {
			t.Errorf("Production GET %s: %d, want 404: %s", target, r.Status, r.Raw)
		}
	}
	lists := map[string][]string{
		"/v1/subscribers?page=0&limit=100":              {"iso-sub"},
		"/v1/topics?page=0&pageSize=10":                 {"iso-topic"},
		"/v1/tenants?page=0&limit=100":                  {"iso-tenant"},
		"/v1/feeds":                                     {"iso-feed"},
		"/v1/layouts?page=0&pageSize=100":               {"iso-layout"},
		"/v1/workflows?page=0&limit=100":                {"Iso workflow", fmt.Sprint(wf["_id"])},
		"/v1/notification-groups":                       {"Iso group"},
		"/v1/messages?page=0&limit=100":                 {txn},
		"/v1/notifications?page=0&transactionId=" + txn: {txn},
	}
	for target, secrets := range lists {
		r := x.prod("GET", target, "")
		if r.Status != http.StatusOK {
			t.Errorf("Production GET %s: %d %s", target, r.Status, r.Raw)
			continue
		}
		for _, secret := range secrets {
			if strings.Contains(string(r.Raw), secret) {
				t.Errorf("Production GET %s shows Development's %q: %s", target, secret, r.Raw)
			}
		}
		// The same list with the Development key does show it (the check above is not vacuous).
		if d := x.dev("GET", target, ""); !strings.Contains(string(d.Raw), secrets[0]) {
			t.Errorf("Development GET %s does not show its own %q: %s", target, secrets[0], d.Raw)
		}
	}
	// Production cannot write to Development's entities either.
	for _, c := range []struct{ method, target, body string }{
		{"PUT", "/v1/subscribers/iso-sub", `{"firstName":"Prod"}`},
		{"DELETE", "/v1/subscribers/iso-sub", ""},
		{"DELETE", "/v1/topics/iso-topic", ""},
		{"PATCH", "/v1/tenants/iso-tenant", `{"name":"Prod"}`},
	} {
		r := x.prod(c.method, c.target, c.body)
		if r.Status < 400 {
			t.Errorf("Production %s %s: %d, it reached Development's data: %s", c.method, c.target, r.Status, r.Raw)
		}
	}
	sub := rbMap(x.dev("GET", "/v1/subscribers/iso-sub", "").mustOK(t, "dev subscriber")["data"])
	if sub["firstName"] != "Dev" {
		t.Errorf("Development's subscriber was changed from Production: %v", sub)
	}
	x.checkInvariants(t)
}

// rbMapFromList finds the item of a Development list whose field equals value.
func rbMapFromList(t *testing.T, x *rbHarness, target, field, value string) map[string]any {
	t.Helper()
	for _, it := range rbList(x.dev("GET", target, "").mustOK(t, target)["data"]) {
		if it[field] == value {
			return it
		}
	}
	t.Fatalf("%s has no %s=%s", target, field, value)
	return nil
}

func TestControlAPI_LoopbackOnly(t *testing.T) {
	x := newRBHarness(t)
	x.dev("POST", "/v1/subscribers", `{"subscriberId":"survivor"}`).mustOK(t, "subscriber")

	control := func(h http.Handler, method, path, remote string, header ...string) *httptest.ResponseRecorder {
		var body *strings.Reader
		switch path {
		case "/_novumock/clock/advance":
			body = strings.NewReader(`{"duration":"1h"}`)
		case "/_novumock/rate-limit":
			body = strings.NewReader(`{"level":"free"}`)
		default:
			body = strings.NewReader("")
		}
		req := httptest.NewRequest(method, path, body)
		req.RemoteAddr = remote
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	routes := []struct{ method, path string }{
		{"POST", "/_novumock/reset"}, {"GET", "/_novumock/keys"}, {"GET", "/_novumock/clock"},
		{"POST", "/_novumock/clock/advance"}, {"GET", "/_novumock/rate-limit"}, {"PUT", "/_novumock/rate-limit"},
	}
	remotes := []string{"203.0.113.7:40000", "[2001:db8::1]:40000", "10.1.2.3:1", "192.168.1.10:80", "0.0.0.0:1", "", "garbage"}
	for _, r := range routes {
		for _, remote := range remotes {
			rec := control(x.h, r.method, r.path, remote)
			if rec.Code != http.StatusForbidden {
				t.Errorf("%s %s from %q: %d, want 403", r.method, r.path, remote, rec.Code)
			}
		}
		// Forwarding headers claiming loopback change nothing.
		rec := control(x.h, r.method, r.path, "203.0.113.7:40000", "X-Forwarded-For", "127.0.0.1", "X-Real-Ip", "127.0.0.1", "Forwarded", "for=127.0.0.1")
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s %s with forged forwarding headers: %d, want 403", r.method, r.path, rec.Code)
		}
	}
	// The refused reset did not wipe anything.
	x.dev("GET", "/v1/subscribers/survivor", "").mustOK(t, "subscriber after refused resets")

	for _, remote := range []string{"127.0.0.1:5000", "127.42.0.9:5000", "[::1]:5000"} {
		if rec := control(x.h, "GET", "/_novumock/keys", remote); rec.Code != http.StatusOK {
			t.Errorf("GET /_novumock/keys from %s: %d, want 200: %s", remote, rec.Code, rec.Body)
		}
	}
	if rec := control(x.h, "POST", "/_novumock/reset", "127.0.0.1:5000"); rec.Code != http.StatusNoContent {
		t.Errorf("reset from loopback: %d", rec.Code)
	}
	if r := x.dev("GET", "/v1/subscribers/survivor", ""); r.Status != http.StatusNotFound {
		t.Errorf("after a loopback reset the subscriber is still there: %d", r.Status)
	}

	// ControlFromAnyAddress is the explicit opt-out.
	open := newRBHarness(t, func(o *mockserver.Options) { o.ControlFromAnyAddress = true })
	if rec := control(open.h, "GET", "/_novumock/keys", "203.0.113.7:40000"); rec.Code != http.StatusOK {
		t.Errorf("ControlFromAnyAddress: %d, want 200", rec.Code)
	}
}
