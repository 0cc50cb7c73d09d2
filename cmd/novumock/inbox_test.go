package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The real in-app client test: testdata/inbox/inbox-js-e2e.mjs drives @novu/js (the version
// pinned in testdata/inbox/package-lock.json) in Node against the binary: an Inbox session by
// application identifier, list, counts, every notification mutation and preferences. @novu/js
// needs nothing of a browser for these calls (Node 20's fetch is what it uses); it opens no
// socket because the script listens to no socket event.

const (
	inboxDir        = "testdata/inbox"
	inboxJSScript   = "inbox-js-e2e.mjs"
	inboxJSVersion  = "3.19.2"
	inboxRunTimeout = 2 * time.Minute
)

func TestRealNovuJS(t *testing.T) {
	node := requireInboxClient(t, "js", inboxJSVersion)
	srv := startServer(t, buildBinary(t))
	runNodeScript(t, srv, node, inboxDir, inboxJSScript, inboxRunTimeout)
}

// requireInboxClient finds node and @novu/<name> at version in testdata/inbox, or fails the test
// with how to install them.
func requireInboxClient(t *testing.T, name, version string) string {
	t.Helper()
	const howTo = "install Node.js 20+ and run `make sdk-deps` (npm ci in cmd/novumock/testdata/inbox)"
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found on PATH: %s", howTo)
	}
	raw, err := os.ReadFile(filepath.Join(inboxDir, "node_modules", "@novu", name, "package.json"))
	if err != nil {
		t.Fatalf("@novu/%s is not installed in %s: %s", name, inboxDir, howTo)
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil || pkg.Version != version {
		t.Fatalf("%s/node_modules has @novu/%s %q, want %s: delete node_modules and run `make sdk-deps`", inboxDir, name, pkg.Version, version)
	}
	return node
}
