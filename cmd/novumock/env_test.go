package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every serve flag, with the variable that sets it. A new flag must be added here, and -h must
// list its variable (TestServe_HelpListsEveryVariable).
var serveEnv = map[string]string{
	"addr": "NOVUMOCK_ADDR", "api-key": "NOVUMOCK_API_KEY", "prod-api-key": "NOVUMOCK_PROD_API_KEY",
	"rate-limit": "NOVUMOCK_RATE_LIMIT", "seed": "NOVUMOCK_SEED", "validate-responses": "NOVUMOCK_VALIDATE_RESPONSES",
	"quiet": "NOVUMOCK_QUIET", "cpuprofile": "NOVUMOCK_CPUPROFILE", "control-api": "NOVUMOCK_CONTROL_API",
	"control-token": "NOVUMOCK_CONTROL_TOKEN", "self-hosted": "NOVUMOCK_SELF_HOSTED", "journal": "NOVUMOCK_JOURNAL", "smtp-relay": "NOVUMOCK_SMTP_RELAY",
	"state": "NOVUMOCK_STATE", "retain": "NOVUMOCK_RETAIN",
}

func TestServe_HelpListsEveryVariable(t *testing.T) {
	var stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"serve", "-h"}, io.Discard, &stderr))
	help := stderr.String()
	flags := regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(help, -1)
	require.Len(t, flags, len(serveEnv), "serve -h lists a flag this test does not know: %s", help)
	for _, f := range flags {
		v, ok := serveEnv[f[1]]
		require.True(t, ok, "flag -%s has no variable in serveEnv", f[1])
		assert.Equal(t, v, envName(f[1]))
		assert.Contains(t, help, "[$"+v+"]", "serve -h does not name %s", v)
	}
}

func TestApplyEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
		want    map[string]string // flag -> value after parsing
	}{
		{name: "nothing set keeps defaults", want: map[string]string{"addr": "127.0.0.1:4010", "quiet": "false", "seed": "1"}},
		{name: "variables set flags", env: map[string]string{"NOVUMOCK_ADDR": "0.0.0.0:4010", "NOVUMOCK_QUIET": "1", "NOVUMOCK_SEED": "7", "NOVUMOCK_API_KEY": "k"},
			want: map[string]string{"addr": "0.0.0.0:4010", "quiet": "true", "seed": "7", "api-key": "k"}},
		{name: "a flag wins over its variable", env: map[string]string{"NOVUMOCK_ADDR": "0.0.0.0:4010", "NOVUMOCK_SEED": "7"},
			args: []string{"--addr", "127.0.0.1:9", "-seed=8"}, want: map[string]string{"addr": "127.0.0.1:9", "seed": "8"}},
		{name: "a bool flag wins over its variable", env: map[string]string{"NOVUMOCK_QUIET": "true"},
			args: []string{"--quiet=false"}, want: map[string]string{"quiet": "false"}},
		{name: "an empty variable is an empty value", env: map[string]string{"NOVUMOCK_API_KEY": ""}, want: map[string]string{"api-key": ""}},
		{name: "other prefixes are ignored", env: map[string]string{"NOVU_ADDR": "x", "ADDR": "y", "novumock_addr": "z"},
			want: map[string]string{"addr": "127.0.0.1:4010"}},
		{name: "a bad value names its variable", env: map[string]string{"NOVUMOCK_SEED": "-3", "NOVUMOCK_QUIET": "maybe"},
			wantErr: `NOVUMOCK_QUIET="maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			fs.String("addr", "127.0.0.1:4010", "")
			fs.String("api-key", "default", "")
			fs.Bool("quiet", false, "")
			fs.Uint64("seed", 1, "")
			err := applyEnv(fs, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Contains(t, err.Error(), "NOVUMOCK_SEED", "every bad variable is named")
				return
			}
			require.NoError(t, err)
			require.NoError(t, fs.Parse(tt.args))
			for f, want := range tt.want {
				assert.Equal(t, want, fs.Lookup(f).Value.String(), f)
			}
		})
	}
}

// The real binary's serve reads its variables: keys and the control token from the environment,
// the address from the flag although NOVUMOCK_ADDR says something else.
func TestServe_FromEnvironment(t *testing.T) {
	t.Setenv("NOVUMOCK_ADDR", "192.0.2.1:1") // not ours: the --addr flag below must win
	t.Setenv("NOVUMOCK_API_KEY", "env-dev-key")
	t.Setenv("NOVUMOCK_PROD_API_KEY", "env-prod-key")
	t.Setenv("NOVUMOCK_CONTROL_TOKEN", "env-token")
	t.Setenv("NOVUMOCK_RATE_LIMIT", "free")
	base, stop := startServe(t)
	assert.Equal(t, http.StatusOK, status(t, base+"/v1/environments/me", "ApiKey env-dev-key"))
	assert.Equal(t, http.StatusOK, status(t, base+"/v1/environments/me", "ApiKey env-prod-key"))
	assert.Equal(t, http.StatusUnauthorized, status(t, base+"/_novumock/keys", ""))
	assert.Equal(t, http.StatusOK, status(t, base+"/_novumock/keys", "Bearer env-token"))
	_, out := stop()
	assert.Contains(t, out, "Development API key: env-dev-key")
	assert.Contains(t, out, "rate limit: free")
	assert.Contains(t, out, "any client with Authorization: Bearer <control token>")
	assert.NotContains(t, out, "env-token", "the start-up lines never print the token")
}

func status(t *testing.T, url, auth string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	return res.StatusCode
}

func TestControlAccessFlags(t *testing.T) {
	tests := []struct {
		mode, token string
		want        controlAccessMode
		line        string
		err         bool
	}{
		{"", "", controlAccessMode{}, "loopback clients only", false},
		{"loopback", "", controlAccessMode{}, "loopback clients only", false},
		{"any", "", controlAccessMode{anyAddress: true}, "any client, no token", false},
		{"", "t", controlAccessMode{anyAddress: true, token: true}, "any client with Authorization: Bearer", false},
		{"any", "t", controlAccessMode{anyAddress: true, token: true}, "any client with Authorization: Bearer", false},
		{"loopback", "t", controlAccessMode{token: true}, "loopback clients with Authorization: Bearer", false},
		{"everyone", "", controlAccessMode{}, "", true},
	}
	for _, tt := range tests {
		got, err := controlAccess(tt.mode, tt.token)
		if tt.err {
			assert.Error(t, err, tt.mode)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%q %q", tt.mode, tt.token)
		assert.Contains(t, got.String(), tt.line)
	}
}

// The start-up lines say which control-API mode applies, and the binary enforces it.
func TestServe_ControlAPIModes(t *testing.T) {
	tests := []struct {
		args     []string
		line     string
		noToken  int
		goodAuth string
	}{
		{nil, "(loopback clients only;", http.StatusOK, ""},
		{[]string{"--control-api=any"}, "(any client, no token", http.StatusOK, ""},
		{[]string{"--control-token", "tok"}, "(any client with Authorization: Bearer", http.StatusUnauthorized, "Bearer tok"},
		{[]string{"--control-api", "loopback", "--control-token", "tok"}, "(loopback clients with Authorization: Bearer", http.StatusUnauthorized, "Bearer tok"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			base, stop := startServe(t, tt.args...)
			assert.Equal(t, tt.noToken, status(t, base+"/_novumock/keys", ""))
			if tt.goodAuth != "" {
				assert.Equal(t, http.StatusOK, status(t, base+"/_novumock/keys", tt.goodAuth))
				assert.Equal(t, http.StatusUnauthorized, status(t, base+"/_novumock/keys", "Bearer tok2"))
			}
			_, out := stop()
			assert.Contains(t, out, "control API: "+base+"/_novumock/ "+tt.line)
		})
	}
	var stderr bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"serve", "--control-api", "lan"}, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), `--control-api "lan": want loopback or any`)
}

func TestHealth(t *testing.T) {
	base, _ := startServe(t)
	addr := strings.TrimPrefix(base, "http://")
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, run(context.Background(), []string{"health", "--addr", addr}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "ok")

	// From the environment, as the image's HEALTHCHECK runs it: a wildcard address is asked on loopback.
	_, port, _ := net.SplitHostPort(addr)
	t.Setenv("NOVUMOCK_ADDR", "0.0.0.0:"+port)
	assert.Equal(t, 0, run(context.Background(), []string{"health"}, io.Discard, io.Discard))

	// Nothing listening: exit 1 and the reason.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := ln.Addr().String()
	ln.Close()
	stderr.Reset()
	assert.Equal(t, 1, run(context.Background(), []string{"health", "--addr", closed}, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "connection refused")
	// Something that is not a healthy fake: a 404.
	stderr.Reset()
	assert.Equal(t, 1, run(context.Background(), []string{"health", "--url", base + "/nope"}, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "answered 404")
}

func TestLoopbackFor(t *testing.T) {
	for addr, want := range map[string]string{
		"0.0.0.0:4010": "127.0.0.1:4010", ":4010": "127.0.0.1:4010", "[::]:4010": "127.0.0.1:4010",
		"127.0.0.1:9": "127.0.0.1:9", "10.0.0.2:80": "10.0.0.2:80", "[::1]:4010": "[::1]:4010",
	} {
		assert.Equal(t, want, loopbackFor(addr), addr)
	}
}

func TestVersionText(t *testing.T) {
	bi := func(version string, settings ...string) *debug.BuildInfo {
		b := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/novumock/novumock", Version: version}}
		b.Settings = append(b.Settings, debug.BuildSetting{Key: "GOOS", Value: "linux"}, debug.BuildSetting{Key: "GOARCH", Value: "arm64"})
		for i := 0; i+1 < len(settings); i += 2 {
			b.Settings = append(b.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return b
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want []string
		not  []string
	}{
		{"released", bi("v1.2.3"), true, []string{"novumock v1.2.3\n", "go1.26.0 linux/arm64"}, []string{"commit"}},
		{"from a checkout", bi("v0.0.0-20261207-abc", "vcs.revision", "abcdef0123", "vcs.time", "2026-12-07T06:00:00Z", "vcs.modified", "false"), true,
			[]string{"commit abcdef0123 of 2026-12-07T06:00:00Z\n"}, []string{"modified"}},
		{"dirty checkout", bi("(devel)", "vcs.revision", "abcdef0123", "vcs.modified", "true"), true, []string{"commit abcdef0123 (modified)"}, nil},
		{"no build info", nil, false, []string{"no build information"}, nil},
	}
	for _, tt := range tests {
		got := versionText(tt.bi, tt.ok)
		for _, w := range tt.want {
			assert.Contains(t, got, w, tt.name)
		}
		for _, n := range tt.not {
			assert.NotContains(t, got, n, tt.name)
		}
	}
	// The fallback the Makefile sets when the toolchain stamped no commit.
	buildCommit = "feedface"
	defer func() { buildCommit = "" }()
	assert.Contains(t, versionText(bi("(devel)"), true), "commit feedface")
	assert.Contains(t, versionText(bi("(devel)", "vcs.revision", "abc"), true), "commit abc", "the toolchain's stamp wins")

	var stdout bytes.Buffer
	assert.Equal(t, 0, run(context.Background(), []string{"version"}, &stdout, io.Discard))
	assert.Regexp(t, `^novumock \S+\n`, stdout.String())
}
