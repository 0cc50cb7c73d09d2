package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
	"github.com/novumock/novumock/mockserver"
)

// assertStopFiles reads the JSON and JUnit reports of a run that exited 2: one failed
// testcase, named name, saying why.
func assertStopFiles(t *testing.T, jsonPath, junitPath, name, why string) {
	t.Helper()
	raw, err := os.ReadFile(jsonPath)
	require.NoError(t, err)
	var rep struct {
		Passed  bool
		Stopped string
		Counts  struct{ Checks, Failed int }
		Checks  []struct {
			Name     string
			Status   string
			Failures []struct{ Message string }
		}
	}
	require.NoError(t, json.Unmarshal(raw, &rep), "%s", raw)
	assert.False(t, rep.Passed)
	assert.Contains(t, rep.Stopped, why)
	assert.Equal(t, 1, rep.Counts.Checks)
	assert.Equal(t, 1, rep.Counts.Failed)
	require.Len(t, rep.Checks, 1)
	assert.Equal(t, name, rep.Checks[0].Name)
	assert.Equal(t, "failed", rep.Checks[0].Status)
	require.Len(t, rep.Checks[0].Failures, 1)
	assert.Contains(t, rep.Checks[0].Failures[0].Message, why)

	raw, err = os.ReadFile(junitPath)
	require.NoError(t, err)
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
			} `xml:"failure"`
		} `xml:"testsuite>testcase"`
	}
	require.NoError(t, xml.Unmarshal(raw, &suites), "%s", raw)
	assert.Equal(t, 1, suites.Tests)
	assert.Equal(t, 1, suites.Failures)
	require.Len(t, suites.Cases, 1)
	assert.Equal(t, name, suites.Cases[0].Name)
	require.NotNil(t, suites.Cases[0].Failure)
	assert.Contains(t, suites.Cases[0].Failure.Message, why)
}

func TestContract_Exit2WritesReports(t *testing.T) {
	base, _ := startServe(t)
	tests := []struct {
		name string
		args []string
		why  string
	}{
		{"Unreachable", []string{"--target", "http://127.0.0.1:1", "--api-key", "k"}, "unreachable"},
		{"RejectedKey", []string{"--target", base, "--api-key", "wrong"}, "rejected the API key: 401"},
		{"MissingKey", []string{"--target", base, "--api-key", ""}, "--target and --api-key are required"},
		{"BadOnly", []string{"--target", base, "--api-key", "k", "--only", "("}, "--only"},
		{"BadMode", []string{"--target", base, "--api-key", "k", "--mode", "yolo"}, `mode "yolo"`},
		{"DisposableAwayFromLoopback", []string{"--target", "http://192.0.2.10:4010", "--api-key", "k", "--mode", "disposable"},
			"--i-understand-this-destroys-data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			js, junit := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xml")
			code, _, errOut := runContract(t, append(tt.args, "--json", js, "--junit", junit, "--rps", "5000")...)
			assert.Equal(t, 2, code)
			assert.Contains(t, errOut, tt.why)
			assertStopFiles(t, js, junit, "preflight", tt.why)
		})
	}
}

// A target that dies during the run: exit 2, one message, and reports with one testcase.
func TestContract_TargetLost(t *testing.T) {
	srv, err := mockserver.New(mockserver.Options{})
	require.NoError(t, err)
	var seen atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) > 120 {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	defer ts.Close()
	dir := t.TempDir()
	js, junit := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xml")
	code, out, errOut := runContract(t, "--target", ts.URL, "--api-key", srv.DevAPIKey(), "--rps", "5000", "--json", js, "--junit", junit)
	assert.Equal(t, 2, code, out)
	assert.Equal(t, 1, strings.Count(errOut, "\n"), "one message: %s", errOut)
	assert.Contains(t, errOut, "stopped answering during")
	assert.Contains(t, errOut, "novumock contract cleanup --target "+ts.URL)
	assert.NotContains(t, out, "FAIL ", "no cascade of failed checks")
	assertStopFiles(t, js, junit, "target_reachable", "stopped answering during")
}

func TestContract_WaitForTarget(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan int, 1)
	go func() {
		time.Sleep(700 * time.Millisecond)
		served <- run(ctx, []string{"serve", "--addr", addr, "--quiet"}, io.Discard, io.Discard)
	}()
	defer func() { cancel(); <-served }()
	code, out, errOut := runContract(t, "--target", "http://"+addr, "--api-key", mockserver.DefaultDevAPIKey,
		"--wait-for-target", "30s", "--only", "^missing_auth_rejected$", "--rps", "5000")
	assert.Equal(t, 0, code, "%s\n%s", out, errOut)
}

func TestContract_RateLimitExhaustionFlag(t *testing.T) {
	base, _ := startServe(t)
	keep := regexp.MustCompile(`^(throttled_with_retry_after|missing_auth_rejected)$`)
	var skip []string
	for _, c := range contracttest.Checks() {
		if !keep.MatchString(c.Name) {
			skip = append(skip, regexp.QuoteMeta(c.Name))
		}
	}
	for _, tt := range []struct {
		flag string
		want bool
	}{{"", true}, {"--check-rate-limit-exhaustion=false", false}, {"--check-rate-limit-exhaustion", true}} {
		dir := t.TempDir()
		js := filepath.Join(dir, "r.json")
		args := []string{"--target", base, "--api-key", mockserver.DefaultDevAPIKey, "--rps", "5000", "--json", js,
			"--skip", "^(" + strings.Join(skip, "|") + ")$"}
		if tt.flag != "" {
			args = append(args, tt.flag)
		}
		code, out, errOut := runContract(t, args...)
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		raw, err := os.ReadFile(js)
		require.NoError(t, err)
		assert.Equal(t, tt.want, strings.Contains(string(raw), `"name": "throttled_with_retry_after"`), "%q", tt.flag)
	}
}

func TestContract_Cleanup(t *testing.T) {
	base, _ := startServe(t)
	send := func(method, path, body string) int {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "ApiKey "+mockserver.DefaultDevAPIKey)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	// What a killed run left: a subscriber in a topic, and a tenant; plus the user's own subscriber.
	require.Equal(t, 201, send("POST", "/v1/subscribers", `{"subscriberId":"nvmk-dead0001-sub-1"}`))
	require.Equal(t, 201, send("POST", "/v1/subscribers", `{"subscriberId":"user-1"}`))
	require.Equal(t, 201, send("POST", "/v1/topics", `{"key":"nvmk-dead0001-topic-2","name":"T"}`))
	require.Equal(t, 200, send("POST", "/v1/topics/nvmk-dead0001-topic-2/subscribers", `{"subscribers":["nvmk-dead0001-sub-1"]}`))
	require.Equal(t, 201, send("POST", "/v1/tenants", `{"identifier":"nvmk-dead0001-tenant-3","name":"T"}`))

	args := []string{"cleanup", "--target", base, "--api-key", mockserver.DefaultDevAPIKey, "--prefix", "nvmk-dead0001-"}
	code, out, errOut := runContract(t, args...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "would delete subscriber nvmk-dead0001-sub-1")
	assert.Contains(t, out, "would delete topic nvmk-dead0001-topic-2")
	assert.Contains(t, out, "would delete tenant nvmk-dead0001-tenant-3")
	assert.Contains(t, out, "3 resources carry the prefix nvmk-dead0001-; dry run")
	assert.Equal(t, 200, send("GET", "/v1/subscribers/nvmk-dead0001-sub-1", ""), "a dry run deletes nothing")

	code, out, errOut = runContract(t, append(args, "--apply")...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "3 of 3 deleted")
	assert.Equal(t, 404, send("GET", "/v1/subscribers/nvmk-dead0001-sub-1", ""))
	assert.Equal(t, 404, send("GET", "/v1/topics/nvmk-dead0001-topic-2", ""))
	assert.Equal(t, 404, send("GET", "/v1/tenants/nvmk-dead0001-tenant-3", ""))
	assert.Equal(t, 200, send("GET", "/v1/subscribers/user-1", ""), "only the prefix is swept")

	code, out, _ = runContract(t, append(args, "--apply")...)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "nothing carries the prefix")

	code, _, errOut = runContract(t, "cleanup", "--target", base, "--api-key", mockserver.DefaultDevAPIKey, "--prefix", "nv", "--apply")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "want a run's prefix")
	code, _, errOut = runContract(t, "cleanup", "--target", base, "--api-key", mockserver.DefaultDevAPIKey)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--prefix are required")
}
