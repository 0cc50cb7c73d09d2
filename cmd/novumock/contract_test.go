package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

func runContract(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"contract"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestContract_PassesAgainstServe(t *testing.T) {
	base, _ := startServe(t)
	dir := t.TempDir()
	junit, js := filepath.Join(dir, "report.xml"), filepath.Join(dir, "report.json")
	code, out, errOut := runContract(t, "--target", base, "--api-key", mockserver.DefaultDevAPIKey,
		"--prod-api-key", mockserver.DefaultProdAPIKey, "--rps", "5000", "--junit", junit, "--json", js)
	assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, "PASS")
	assert.NotContains(t, out, "\r", "no progress line when stdout is not a terminal")

	raw, err := os.ReadFile(junit)
	require.NoError(t, err)
	var suites struct {
		Tests int `xml:"tests,attr"`
		Cases []struct {
			Name string `xml:"name,attr"`
		} `xml:"testsuite>testcase"`
	}
	require.NoError(t, xml.Unmarshal(raw, &suites), "JUnit must be well-formed XML")
	assert.Equal(t, suites.Tests, len(suites.Cases))
	assert.NotEmpty(t, suites.Cases)

	raw, err = os.ReadFile(js)
	require.NoError(t, err)
	var rep map[string]any
	require.NoError(t, json.Unmarshal(raw, &rep), "JSON report must parse")
	assert.NotEmpty(t, rep["checks"])
	assert.NotEmpty(t, rep["coverage"])
	assert.Equal(t, 1.0, rep["formatVersion"])
	assert.Equal(t, true, rep["passed"])
	if counts, ok := rep["counts"].(map[string]any); assert.True(t, ok, "counts") {
		assert.Equal(t, float64(suites.Tests), counts["checks"], "JSON and JUnit count the same checks")
		assert.Equal(t, 0.0, counts["failed"])
	}
}

func TestContract_ExitCodes(t *testing.T) {
	t.Run("ChecksFailed", func(t *testing.T) {
		srv, err := mockserver.New(mockserver.Options{})
		require.NoError(t, err)
		// A deployment that drops RateLimit-Remaining fails ratelimit_headers_present.
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			srv.Handler().ServeHTTP(stripHeader{w, "RateLimit-Remaining"}, r)
		}))
		defer ts.Close()
		code, out, _ := runContract(t, "--target", ts.URL, "--api-key", srv.DevAPIKey(), "--rps", "5000", "--only", "^ratelimit_headers_present$|^reads_succeed$")
		assert.Equal(t, 1, code, out)
		assert.Contains(t, out, "FAIL ratelimit_headers_present")
		assert.Contains(t, out, "$NOVU_API_KEY")
	})
	t.Run("Unreachable", func(t *testing.T) {
		// Port 1 on loopback: nothing listens there (a just-closed test server's port can be
		// taken again by a server of another test before the request is sent).
		code, _, errOut := runContract(t, "--target", "http://127.0.0.1:1", "--api-key", "k")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "unreachable")
	})
	t.Run("RejectedKey", func(t *testing.T) {
		base, _ := startServe(t)
		code, _, errOut := runContract(t, "--target", base, "--api-key", "wrong")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "rejected the API key")
	})
	t.Run("NotNovu", func(t *testing.T) {
		// A static file server (python3 -m http.server): stopped before any write.
		var writes atomic.Int32
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet {
				writes.Add(1)
			}
			w.Header().Set("Content-Type", "text/html;charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
		}))
		defer ts.Close()
		code, _, errOut := runContract(t, "--target", ts.URL, "--api-key", "k", "--rps", "5000")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "GET "+ts.URL+"/v1/environments/me answered 404 (text/html): is this a Novu API base URL?")
		assert.Zero(t, writes.Load())
	})
	t.Run("RejectedProdKey", func(t *testing.T) {
		base, _ := startServe(t)
		code, _, errOut := runContract(t, "--target", base, "--api-key", mockserver.DefaultDevAPIKey, "--prod-api-key", "wrong")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "rejected the Production API key")
	})
	t.Run("Interrupted", func(t *testing.T) {
		base, _ := startServe(t)
		// Ctrl-C cancels the context (signal.NotifyContext). Here the first request after the
		// pre-flight (which only reads /v1/environments/me) does, however slow the machine: a
		// fixed delay could end inside the pre-flight, whose interruption writes no report.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		backend, err := url.Parse(base)
		require.NoError(t, err)
		forward := httputil.NewSingleHostReverseProxy(backend)
		front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/v1/environments/me" {
				cancel()
			}
			forward.ServeHTTP(w, r)
		}))
		defer front.Close()
		var out bytes.Buffer
		// At 50 requests/s the run takes over ten seconds: the interruption cuts it short.
		code := run(ctx, []string{"contract", "--target", front.URL, "--api-key", mockserver.DefaultDevAPIKey, "--rps", "50"}, &out, io.Discard)
		assert.Equal(t, 130, code, out.String())
		assert.Contains(t, out.String(), "INTERRUPTED")
	})
	t.Run("EarlyExitStillReports", func(t *testing.T) {
		// A run that stops before its checks replaces the last run's report with one that
		// says why: CI must not read an old verdict, or find no report at all.
		dir := t.TempDir()
		old := filepath.Join(dir, "old.json")
		require.NoError(t, os.WriteFile(old, []byte("last run"), 0o644))
		fresh := filepath.Join(dir, "new.xml")
		code, _, _ := runContract(t, "--target", "http://127.0.0.1:1", "--api-key", "k", "--json", old, "--junit", fresh)
		assert.Equal(t, 2, code)
		assertStopFiles(t, old, fresh, "preflight", "unreachable")
	})
	t.Run("BadFlags", func(t *testing.T) {
		code, _, _ := runContract(t, "--target", "http://127.0.0.1:1")
		assert.Equal(t, 2, code)
		code, _, _ = runContract(t, "--target", "http://127.0.0.1:1", "--api-key", "k", "--mode", "yolo")
		assert.Equal(t, 2, code)
		code, _, _ = runContract(t, "--target", "http://127.0.0.1:1", "--api-key", "k", "--only", "(")
		assert.Equal(t, 2, code)
		code, _, errOut := runContract(t, "--target", "http://127.0.0.1:1", "--api-key", "k", "--only", "^reads_succeeed$")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "no check matches --only ^reads_succeeed$")
	})
}

// stripHeader removes one response header before it is written.
type stripHeader struct {
	http.ResponseWriter
	name string
}

func (s stripHeader) WriteHeader(code int) {
	s.Header().Del(s.name)
	s.ResponseWriter.WriteHeader(code)
}

func (s stripHeader) Write(b []byte) (int, error) {
	s.Header().Del(s.name)
	return s.ResponseWriter.Write(b)
}
