package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The real-SDK test: builds the novumock binary, starts it on a free loopback port with
// --validate-responses, and runs testdata/sdk/sdk-e2e.mjs, which drives every public method of
// @novu/node (the exact version pinned in testdata/sdk/package-lock.json) against it with
// stateful assertions. Node and the SDK's node_modules are required: CI installs them with
// `make sdk-deps`; this test fails rather than skips without them.

const (
	sdkDir          = "testdata/sdk"
	sdkScript       = "sdk-e2e.mjs"
	sdkVersion      = "2.6.6"
	sdkRunTimeout   = 2 * time.Minute
	specViolationLn = "response breaks the spec"
)

func TestRealNodeSDK(t *testing.T) {
	node := requireSDK(t)
	srv := startServer(t, buildBinary(t))
	runNodeScript(t, srv, node, sdkDir, sdkScript, sdkRunTimeout)
}

// runNodeScript runs a Node.js test script of dir against srv (its URL and keys in the
// environment), logs the script's output line by line, and fails the test when the script
// fails or overruns timeout (its output names the failing step) or when the server logged a
// spec violation.
func runNodeScript(t *testing.T, srv *server, node, dir, script string, timeout time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"NOVUMOCK_URL="+srv.base,
		"NOVUMOCK_DEV_KEY="+srv.devKey,
		"NOVUMOCK_PROD_KEY="+srv.prodKey,
		"NO_COLOR=1",
	)
	out := &lineLogger{t: t, prefix: strings.TrimSuffix(script, ".mjs") + ": "}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	out.flush()

	if violations := srv.stderr.linesContaining(specViolationLn); len(violations) > 0 {
		t.Errorf("the server logged %d spec violations (--validate-responses):\n%s", len(violations), strings.Join(violations, "\n"))
	}
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s did not finish within %s", script, timeout)
	case err != nil:
		t.Fatalf("%s failed (%v); its output above names each failing step", script, err)
	}
}

// requireSDK finds node and the installed SDK, or fails the test with how to install them.
func requireSDK(t *testing.T) string {
	t.Helper()
	const howTo = "install Node.js 20+ and run `make sdk-deps` (npm ci in cmd/novumock/testdata/sdk)"
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found on PATH: %s", howTo)
	}
	raw, err := os.ReadFile(filepath.Join(sdkDir, "node_modules", "@novu", "node", "package.json"))
	if err != nil {
		t.Fatalf("@novu/node is not installed in %s: %s", sdkDir, howTo)
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil || pkg.Version != sdkVersion {
		t.Fatalf("%s/node_modules has @novu/node %q, want %s: delete node_modules and run `make sdk-deps`", sdkDir, pkg.Version, sdkVersion)
	}
	return node
}

func buildBinary(t *testing.T) string {
	t.Helper()
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Fatalf("go tool not found: %v", err)
		}
	}
	bin := filepath.Join(t.TempDir(), "novumock")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type server struct {
	base, devKey, prodKey string
	stderr                *syncBuffer
}

// startServer runs the binary on 127.0.0.1:0, reads the address and keys it prints, waits for
// /healthz, and stops it (SIGINT, then kill) when the test ends.
func startServer(t *testing.T, bin string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--validate-responses", "--quiet")
	srv := &server{stderr: &syncBuffer{}}
	ready := make(chan struct{})
	banner := &bannerParser{srv: srv, ready: ready}
	cmd.Stdout = banner
	cmd.Stderr = srv.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("server stderr:\n%s", srv.stderr.String())
		}
	})
	select {
	case <-ready:
	case <-exited:
		t.Fatalf("novumock exited at start:\n%s", srv.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("novumock printed no address and keys within 30s:\n%s", srv.stderr.String())
	}
	banner.mu.Lock()
	base := srv.base
	banner.mu.Unlock()
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("novumock listens on %q, want a 127.0.0.1 address", base)
	}

	deadline := time.Now().Add(20 * time.Second)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		res, err := client.Get(srv.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/healthz not OK within 20s (last error %v)", srv.base, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("novumock at %s", srv.base)
	return srv
}

// bannerParser reads the address and keys from what `novumock serve` prints on start.
type bannerParser struct {
	srv   *server
	ready chan struct{}
	mu    sync.Mutex
	buf   []byte
	done  bool
}

func (b *bannerParser) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	for {
		i := bytes.IndexByte(b.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := strings.TrimSpace(string(b.buf[:i]))
		b.buf = b.buf[i+1:]
		for prefix, field := range map[string]*string{
			"novumock listening on ": &b.srv.base,
			"Development API key:":   &b.srv.devKey,
			"Production API key:":    &b.srv.prodKey,
		} {
			if strings.HasPrefix(line, prefix) && *field == "" {
				*field = strings.TrimSpace(strings.TrimPrefix(line, prefix))
			}
		}
		if !b.done && b.srv.base != "" && b.srv.devKey != "" && b.srv.prodKey != "" {
			b.done = true
			close(b.ready)
		}
	}
}

// lineLogger writes each complete line it receives to the test log as it arrives.
type lineLogger struct {
	t      *testing.T
	prefix string
	mu     sync.Mutex
	buf    []byte
}

func (l *lineLogger) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		l.t.Log(l.prefix + string(l.buf[:i]))
		l.buf = l.buf[i+1:]
	}
}

func (l *lineLogger) flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) > 0 {
		l.t.Log(l.prefix + string(l.buf))
		l.buf = nil
	}
}

// syncBuffer is a bytes.Buffer safe for the server process's writer goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) linesContaining(s string) []string {
	var out []string
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return out
}
