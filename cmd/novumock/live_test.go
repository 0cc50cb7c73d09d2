package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The live tests: the real in-app clients (pinned in testdata/inbox/package-lock.json) open their
// sockets against the binary, a backend triggers with the real @novu/node (testdata/sdk), and
// the clients must receive their own events and no one else's. Node and both installs are
// required (`make sdk-deps`); the tests fail rather than skip without them.

const headlessVersion = "2.6.6"

// runInboxScript runs one script of testdata/inbox against a fresh binary and fails the test
// with the script's own step names when it fails or the server logs a spec violation.
func runInboxScript(t *testing.T, node, script string) {
	t.Helper()
	requireSDK(t) // the backend side of every live script is @novu/node
	bin := buildBinary(t)
	srv := startServer(t, bin)

	ctx, cancel := context.WithTimeout(context.Background(), inboxRunTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script)
	cmd.Dir = inboxDir
	cmd.Env = append(os.Environ(), "NOVUMOCK_URL="+srv.base, "NOVUMOCK_DEV_KEY="+srv.devKey, "NO_COLOR=1")
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
		t.Fatalf("%s did not finish within %s", script, inboxRunTimeout)
	case err != nil:
		t.Fatalf("%s failed (%v); its output above names the failing step", script, err)
	}
}

func TestRealNovuJS_Live(t *testing.T) {
	runInboxScript(t, requireInboxClient(t, "js", inboxJSVersion), "live-js-e2e.mjs")
}

func TestRealNovuHeadless(t *testing.T) {
	runInboxScript(t, requireInboxClient(t, "headless", headlessVersion), "headless-e2e.mjs")
}
