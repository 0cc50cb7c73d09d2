package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

// fakeURL starts a fresh fake on a loopback port, optionally behind a proxy that alters it.
func fakeURL(t *testing.T, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	return fakeWith(t, mockserver.Options{}, wrap)
}

func fakeWith(t *testing.T, opts mockserver.Options, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	srv, err := mockserver.New(opts)
	require.NoError(t, err)
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

func runDiff(t *testing.T, a, b string, extra ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	args := append([]string{"diff", "--a", a, "--a-key", mockserver.DefaultDevAPIKey, "--b", b, "--b-key", mockserver.DefaultDevAPIKey,
		"--poll", "3s"}, extra...)
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func readDiffJSON(t *testing.T, path string) diffReport {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var rep diffReport
	require.NoError(t, json.Unmarshal(raw, &rep))
	return rep
}

func TestDiff_FakeAgainstItself(t *testing.T) {
	code, out, errOut := runDiff(t, fakeURL(t, nil), fakeURL(t, nil))
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	n := len(diffScenario())
	assert.Contains(t, out, strconv.Itoa(n)+" steps: "+strconv.Itoa(n)+" same")
	assert.NotContains(t, out, "differs")
	assert.NotContains(t, out, mockserver.DefaultDevAPIKey, "keys never reach a report")
}

// Two fakes configured differently (other seed, so other ids and generated values; rate
// limiting off) answer the same once masked: what differs legitimately is not reported.
func TestDiff_FakesConfiguredDifferently(t *testing.T) {
	code, out, errOut := runDiff(t, fakeURL(t, nil), fakeWith(t, mockserver.Options{Seed: 7, RateLimit: "off"}, nil))
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.NotContains(t, out, "differs")
}

// alter rewrites the JSON answers of matching requests.
func alter(match func(*http.Request) bool, edit func(status int, body map[string]any) int) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r) {
				h.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			var body map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &body)
			status := edit(rec.Code, body)
			b, _ := json.Marshal(body)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write(b)
		})
	}
}

var (
	topicGet      = regexp.MustCompile(`^/v1/topics/[^/]+$`)
	subscriberGet = regexp.MustCompile(`^/v1/subscribers/[^/]+$`)
)

// Each alteration of the second fake shows as exactly its kind of difference, at its step.
func TestDiff_AlteredFake(t *testing.T) {
	alterations := func(h http.Handler) http.Handler {
		h = alter(func(r *http.Request) bool { return r.Method == http.MethodGet && topicGet.MatchString(r.URL.Path) },
			func(status int, body map[string]any) int {
				if status == 404 {
					return 400 // the unknown topic: a status difference
				}
				return status
			})(h)
		h = alter(func(r *http.Request) bool { return r.Method == http.MethodGet && subscriberGet.MatchString(r.URL.Path) },
			func(status int, body map[string]any) int {
				if d, ok := body["data"].(map[string]any); ok {
					delete(d, "email") // get the subscriber: a shape difference
				}
				return status
			})(h)
		return alter(func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/v1/tenants" },
			func(status int, body map[string]any) int {
				if d, ok := body["data"].(map[string]any); ok && status == 201 {
					d["name"] = "Altered" // create a tenant: a value difference
				}
				return status
			})(h)
	}
	js := filepath.Join(t.TempDir(), "diff.json")
	code, out, errOut := runDiff(t, fakeURL(t, nil), fakeURL(t, alterations), "--format", "json", "--out", js)
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, strconv.Itoa(len(diffScenario())-3)+" same, 1 differs in status, 1 differs in body shape, 1 differs in values",
		"the summary line on stdout when --out is given")
	rep := readDiffJSON(t, js)
	got := map[string]string{}
	for _, s := range rep.Steps {
		if s.Verdict != "same" {
			got[s.Name] = string(s.Verdict)
		}
	}
	assert.Equal(t, map[string]string{
		"unknown topic":      "differs in status",
		"get the subscriber": "differs in body shape",
		"create a tenant":    "differs in values",
	}, got)
	for _, s := range rep.Steps {
		if s.Name == "create a tenant" {
			assert.Equal(t, `data.name: value "Acme" vs "Altered"`, s.Differences[0].String())
			assert.NotNil(t, s.A.Body, "both answers are in the report")
			assert.NotNil(t, s.B.Body)
		}
	}
}

// A fault-injecting proxy: the second target drops the connection on workflow group creation
// and answers 500 on layouts. The diff still runs every step: the failed one and those that
// need its id are "not run" on that side, the 500s differ in status.
func TestDiff_Faults(t *testing.T) {
	faulty := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Method == http.MethodPost && r.URL.Path == "/v1/notification-groups":
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					_ = conn.Close()
				}
			case strings.HasPrefix(r.URL.Path, "/v1/layouts"):
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = io.WriteString(w, `{"statusCode":500,"message":"Internal server error"}`)
			default:
				h.ServeHTTP(w, r)
			}
		})
	}
	html := filepath.Join(t.TempDir(), "diff.html")
	code, out, errOut := runDiff(t, fakeURL(t, nil), fakeURL(t, faulty), "--format", "html", "--out", html)
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	page, err := os.ReadFile(html)
	require.NoError(t, err)
	s := string(page)
	assert.Contains(t, s, "<table>")
	assert.Equal(t, len(diffScenario()), strings.Count(s, "<tr class="), "one row per step")
	assert.Contains(t, s, "{group} was not saved from an earlier answer of this side")
	assert.Contains(t, s, `class="differs-in-status"`)
	assert.Contains(t, s, `class="not-run"`)
}

func TestDiff_Refuses(t *testing.T) {
	fake := fakeURL(t, nil)
	notNovu := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(notNovu.Close)
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"missing flags": {[]string{"diff", "--a", fake}, "--a, --a-key, --b and --b-key are required"},
		"bad format": {[]string{"diff", "--a", fake, "--a-key", "k", "--b", fake, "--b-key", "k", "--format", "pdf"},
			`--format "pdf"`},
		"not a Novu API": {[]string{"diff", "--a", fake, "--a-key", mockserver.DefaultDevAPIKey, "--b", notNovu.URL, "--b-key", "k"},
			"answered 404, not an environment"},
		"production key": {[]string{"diff", "--a", fake, "--a-key", mockserver.DefaultProdAPIKey, "--b", fake, "--b-key", mockserver.DefaultDevAPIKey},
			"opens a Production environment"},
	} {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, 2, run(context.Background(), tc.args, &out, &errOut))
			assert.Contains(t, errOut.String(), tc.want)
		})
	}
}

// Interrupted (Ctrl-C) part-way, the diff still deletes what it created on both sides, and
// exits 130.
func TestDiff_InterruptedStillCleansUp(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var deletes [2]atomic.Int32
	side := func(i int) func(http.Handler) http.Handler {
		return func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v1/tenants" && r.Method == http.MethodPost {
					cancel() // the first tenant create: well before the clean-up
				}
				if r.Method == http.MethodDelete && subscriberGet.MatchString(r.URL.Path) {
					deletes[i].Add(1)
				}
				h.ServeHTTP(w, r)
			})
		}
	}
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"diff", "--a", fakeURL(t, side(0)), "--a-key", mockserver.DefaultDevAPIKey,
		"--b", fakeURL(t, side(1)), "--b-key", mockserver.DefaultDevAPIKey}, &out, &errOut)
	assert.Equal(t, 130, code, "stderr:\n%s", errOut.String())
	assert.Contains(t, out.String(), "the diff was interrupted")
	for i := range deletes {
		assert.Equal(t, int32(3), deletes[i].Load(), "side %d: the three subscriber deletes of the clean-up", i)
	}
}

func TestExpand(t *testing.T) {
	vars := map[string]string{"p": "nvmk-1-", "wf": "abc"}
	for _, tc := range []struct{ in, want, missing string }{
		{"/v1/workflows/{wf}", "/v1/workflows/abc", ""},
		{"{p}sub", "nvmk-1-sub", ""},
		{"/v1/x/{group}/y/{wf}", "/v1/x/{group}/y/abc", "group"},
		{"Hello {{name}}", "Hello {{name}}", ""},
		{"<div>{{{body}}}</div>", "<div>{{{body}}}</div>", ""},
		{"{unclosed", "{unclosed", ""},
	} {
		got, missing := expand(tc.in, vars)
		assert.Equal(t, tc.want, got, tc.in)
		assert.Equal(t, tc.missing, missing, tc.in)
	}
	var missing string
	body := expandBody(map[string]any{"to": []any{"{p}a", map[string]any{"id": "{tx}"}}, "n": 1}, vars, &missing)
	assert.Equal(t, map[string]any{"to": []any{"nvmk-1-a", map[string]any{"id": "{tx}"}}, "n": 1}, body)
	assert.Equal(t, "tx", missing)
}
