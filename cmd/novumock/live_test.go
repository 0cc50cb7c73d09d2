package main

import (
	"testing"
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
	srv := startServer(t, buildBinary(t))
	runNodeScript(t, srv, node, inboxDir, script, inboxRunTimeout)
}

func TestRealNovuJS_Live(t *testing.T) {
	runInboxScript(t, requireInboxClient(t, "js", inboxJSVersion), "live-js-e2e.mjs")
}

func TestRealNovuHeadless(t *testing.T) {
	runInboxScript(t, requireInboxClient(t, "headless", headlessVersion), "headless-e2e.mjs")
}
