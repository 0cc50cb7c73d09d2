package mockserver_test

// Helpers of the robustness tests (fuzz, concurrency, isolation): an in-process harness that
// drives the whole pipeline without sockets, and the state invariants every one of them checks.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/novumock/novumock/mockserver"
)

// rbHarness is a fake driven in-process through its http.Handler.
type rbHarness struct {
	srv      *mockserver.Server
	h        http.Handler
	internal *rbErrorLog
}

// rbErrorLog records every error the fake logs (an internal error is a bug in the fake).
type rbErrorLog struct {
	mu   sync.Mutex
	errs []string
}

func (l *rbErrorLog) Enabled(_ context.Context, level slog.Level) bool {
	return level >= slog.LevelError
}
func (l *rbErrorLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&b, " %s=%v", a.Key, a.Value); return true })
	l.mu.Lock()
	l.errs = append(l.errs, b.String())
	l.mu.Unlock()
	return nil
}
func (l *rbErrorLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *rbErrorLog) WithGroup(string) slog.Handler      { return l }

func (l *rbErrorLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.errs
	l.errs = nil
	return out
}

func newRBHarness(t testing.TB, opts ...func(*mockserver.Options)) *rbHarness {
	t.Helper()
	log := &rbErrorLog{}
	o := mockserver.Options{Logger: slog.New(log)}
	for _, f := range opts {
		f(&o)
	}
	srv, err := mockserver.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return &rbHarness{srv: srv, h: srv.Handler(), internal: log}
}

// rbResult is one answer.
type rbResult struct {
	Status int
	Header http.Header
	Raw    []byte
}

func (r rbResult) json(t testing.TB) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(r.Raw, &out); err != nil {
		t.Fatalf("answer is not a JSON object (%d): %q", r.Status, r.Raw)
	}
	return out
}

// do sends one request as a loopback client. auth is the whole Authorization header.
func (x *rbHarness) do(method, target, auth string, body []byte, header http.Header) rbResult {
	req, err := http.NewRequest(method, "http://127.0.0.1"+target, bytes.NewReader(body))
	if err != nil {
		panic(fmt.Sprintf("rbHarness.do(%s %q): %v", method, target, err))
	}
	req.RequestURI = target // as the server sets it
	req.RemoteAddr = "127.0.0.1:50000"
	for k, vs := range header {
		req.Header[k] = vs
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if len(body) > 0 && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	x.h.ServeHTTP(rec, req)
	return rbResult{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes()}
}

func (x *rbHarness) dev(method, target, body string) rbResult {
	return x.do(method, target, "ApiKey "+x.srv.DevAPIKey(), []byte(body), nil)
}

func (x *rbHarness) prod(method, target, body string) rbResult {
	return x.do(method, target, "ApiKey "+x.srv.ProdAPIKey(), []byte(body), nil)
}

// mustOK fails unless the answer is 2xx, and decodes it.
func (r rbResult) mustOK(t testing.TB, what string) map[string]any {
	t.Helper()
	if r.Status < 200 || r.Status > 299 {
		t.Fatalf("%s: %d %s", what, r.Status, r.Raw)
	}
	if len(r.Raw) == 0 {
		return nil
	}
	return r.json(t)
}

// checkInvariants walks the state of both environments through the API and fails on anything
// inconsistent: more than one primary integration per environment and channel, a listed
// subscriber, topic or tenant that cannot be fetched, duplicates across pages, a topic total that
// does not match its pages, and any internal error logged so far.
func (x *rbHarness) checkInvariants(t testing.TB) {
	t.Helper()
	for _, e := range x.internal.take() {
		t.Errorf("internal error logged: %s", e)
	}
	keys := map[string]string{"Development": x.srv.DevAPIKey(), "Production": x.srv.ProdAPIKey()}
	for envName, key := range keys {
		auth := "ApiKey " + key
		get := func(target string) map[string]any {
			t.Helper()
			return x.do("GET", target, auth, nil, nil).mustOK(t, envName+" GET "+target)
		}

		// Integrations are org-wide: at most one primary per (environment, channel).
		primaries := map[string][]string{}
		for _, it := range rbList(get("/v1/integrations")["data"]) {
			if it["deleted"] == true || it["primary"] != true {
				continue
			}
			k := fmt.Sprint(it["_environmentId"], "/", it["channel"])
			primaries[k] = append(primaries[k], fmt.Sprint(it["_id"]))
		}
		for k, ids := range primaries {
			if len(ids) > 1 {
				t.Errorf("%s: %d primary integrations for %s: %v", envName, len(ids), k, ids)
			}
		}

		// Subscribers: every listed one can be fetched, no duplicates across pages.
		seen := map[string]bool{}
		for page := 0; page < 100; page++ {
			res := get(fmt.Sprintf("/v1/subscribers?page=%d&limit=100", page))
			items := rbList(res["data"])
			for _, s := range items {
				id := fmt.Sprint(s["subscriberId"])
				if seen[id] {
					t.Errorf("%s: subscriber %q listed twice", envName, id)
				}
				seen[id] = true
				if id == "" {
					continue // valid per the spec, but no path can name it
				}
				one := x.do("GET", "/v1/subscribers/"+url.PathEscape(id), auth, nil, nil)
				if one.Status != http.StatusOK {
					t.Errorf("%s: listed subscriber %q: GET answers %d %s", envName, id, one.Status, one.Raw)
				} else if got := rbMap(one.json(t)["data"])["_id"]; got != s["_id"] {
					t.Errorf("%s: subscriber %q is %v in the list and %v by id", envName, id, s["_id"], got)
				}
			}
			if res["hasMore"] != true {
				break
			}
		}

		// Topics: the pages add up to totalCount, and each listed key can be fetched.
		total, counted := -1, 0
		for page := 0; page < 1000; page++ {
			res := get(fmt.Sprintf("/v1/topics?page=%d&pageSize=10", page))
			if n, ok := res["totalCount"].(float64); ok {
				total = int(n)
			}
			items := rbList(res["data"])
			for _, tp := range items {
				counted++
				key := fmt.Sprint(tp["key"])
				if key == "" {
					continue
				}
				if one := x.do("GET", "/v1/topics/"+url.PathEscape(key), auth, nil, nil); one.Status != http.StatusOK {
					t.Errorf("%s: listed topic %q: GET answers %d %s", envName, key, one.Status, one.Raw)
				}
			}
			if len(items) < 10 {
				break
			}
		}
		if total != counted {
			t.Errorf("%s: topics totalCount %d, pages hold %d", envName, total, counted)
		}

		// Tenants: every listed one can be fetched.
		for page := 0; page < 100; page++ {
			res := get(fmt.Sprintf("/v1/tenants?page=%d&limit=100", page))
			for _, tn := range rbList(res["data"]) {
				id := fmt.Sprint(tn["identifier"])
				if id == "" {
					continue
				}
				if one := x.do("GET", "/v1/tenants/"+url.PathEscape(id), auth, nil, nil); one.Status != http.StatusOK {
					t.Errorf("%s: listed tenant %q: GET answers %d %s", envName, id, one.Status, one.Raw)
				}
			}
			if res["hasMore"] != true {
				break
			}
		}
	}
}

func rbList(v any) []map[string]any {
	items, _ := v.([]any)
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func rbMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
