package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock"
)

// startServe runs `novumock serve` in-process on a free loopback port and returns its base URL;
// the returned func stops it and reports the exit code and everything it printed.
func startServe(t *testing.T, args ...string) (string, func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var out bytes.Buffer
	done := make(chan int, 1)
	go func() {
		code := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--quiet"}, args...), io.MultiWriter(pw, &out), io.Discard)
		pw.Close()
		done <- code
	}()
	first, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	go io.Copy(io.Discard, pr) //nolint:errcheck // keep the pipe drained
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(first)
	require.NotEmpty(t, base, first)
	var once sync.Once
	code := -1
	stop := func() (int, string) {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(15 * time.Second):
				t.Error("serve did not stop")
			}
		})
		return code, out.String()
	}
	t.Cleanup(func() { stop() })
	return base, stop
}

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, body
}

func TestServe_ServesSpecAndHealth(t *testing.T) {
	base, stop := startServe(t)
	code, body := get(t, base+"/openapi.yaml")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, novumock.OpenAPIYAML, body, "the document as written")
	code, body = get(t, base+"/openapi.json")
	assert.Equal(t, http.StatusOK, code)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(body, &doc))
	assert.Equal(t, "3.0.3", doc["openapi"])
	code, _ = get(t, base+"/healthz")
	assert.Equal(t, http.StatusOK, code)

	exit, out := stop()
	assert.Equal(t, 0, exit)
	for _, want := range []string{"Development API key: nvmk_dev_", "Production API key:  nvmk_prod_", "new Novu(", "novumock stopped"} {
		assert.Contains(t, out, want)
	}
}

func TestServe_CustomKeys(t *testing.T) {
	base, _ := startServe(t, "--api-key", "dev-secret", "--prod-api-key", "prod-secret")
	req, _ := http.NewRequest("GET", base+"/v1/environments/me", nil)
	req.Header.Set("Authorization", "ApiKey prod-secret")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	req.Header.Set("Authorization", "ApiKey "+"nvmk_dev_00000000000000000000000000000000")
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "the default key is replaced, not added")
}

func TestRun_UsageAndBadFlags(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		inStderr string
	}{
		{nil, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"serve", "--rate-limit", "gold"}, 2, `unknown rate-limit level "gold"`},
		{[]string{"serve", "--api-key", "same", "--prod-api-key", "same"}, 2, "must differ"},
		{[]string{"serve", "--no-such-flag"}, 2, "flag provided but not defined"},
		// Go's flag package stops at the first word that is not a flag: the rest would be lost.
		{[]string{"serve", "extra", "--quiet"}, 2, `unexpected argument "extra"`},
		{[]string{"contract", "--target", "http://127.0.0.1:1", "--api-key", "k", "-", "--mode", "read-only"}, 2, `unexpected argument "-"`},
		{[]string{"serve", "--api-key", ""}, 2, "must not be empty"},
		{[]string{"contract", "--target", "http://127.0.0.1:1", "--api-key", "k", "--rps", "-5"}, 2, "--rps must not be negative"},
		// Checked before the run, so no request is spent on a report that cannot be written.
		{[]string{"contract", "--target", "http://127.0.0.1:1", "--api-key", "k", "--junit", "/nonexistent/dir/r.xml"}, 2, "/nonexistent/dir/r.xml"},
		{[]string{"serve", "-h"}, 0, "-addr"},
		{[]string{"contract", "-h"}, 0, "Exit status: 0 every check passed"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), tt.args, io.Discard, &stderr)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, stderr.String(), tt.inStderr)
		})
	}
	var stdout bytes.Buffer
	assert.Equal(t, 0, run(context.Background(), []string{"help"}, &stdout, io.Discard))
	assert.Contains(t, stdout.String(), "novumock serve")
}

// TestClientAddr: the SDK line names an address a client on this machine can use.
func TestClientAddr(t *testing.T) {
	for _, tc := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 4010}, "127.0.0.1:4010"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 4010}, "127.0.0.1:4010"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 4011}, "127.0.0.1:4011"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 4012}, "[::1]:4012"},
	} {
		assert.Equal(t, tc.want, clientAddr(tc.addr))
	}
}
