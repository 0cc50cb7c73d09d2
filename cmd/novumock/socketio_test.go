package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/novumock/novumock/internal/socketio"
)

// The socket protocol against the real socket.io-client: internal/socketio serves a small
// test namespace and testdata/inbox/socketio-client.mjs connects with both client versions the
// in-app SDKs ship (4.7.2 under @novu/headless, 4.8.3 under @novu/js), from the lock file
// `make sdk-deps` installs. It fails rather than skips without them.

// requireSocketIOClients finds node and the installed in-app clients.
func requireSocketIOClients(t *testing.T) string {
	t.Helper()
	const howTo = "install Node.js 20+ and run `make sdk-deps` (npm ci in cmd/novumock/testdata/inbox)"
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found on PATH: %s", howTo)
	}
	for _, p := range []string{"socket.io-client", "@novu/js/node_modules/socket.io-client"} {
		if _, err := os.Stat(filepath.Join(inboxDir, "node_modules", p, "package.json")); err != nil {
			t.Fatalf("%s is not installed in %s: %s", p, inboxDir, howTo)
		}
	}
	return node
}

func TestSocketIO_RealClient(t *testing.T) {
	node := requireSocketIOClients(t)

	var (
		srv     *socketio.Server
		mu      sync.Mutex
		reasons []string
	)
	srv = socketio.NewServer(socketio.Options{
		PingInterval: 50 * time.Millisecond,
		PingTimeout:  400 * time.Millisecond, // under 600 ms, the client script's wait, with room for a loaded machine
		OnConnect: func(s *socketio.Socket) {
			h := s.Handshake()
			token := h.Query.Get("token")
			var auth struct{ Token string }
			if json.Unmarshal(h.Auth, &auth) == nil && auth.Token != "" {
				token = auth.Token
			}
			switch token {
			case "good":
				s.Join("good")
				if _, err := s.Emit("welcome", map[string]string{"id": s.ID()}); err != nil {
					t.Error(err)
				}
				if _, err := srv.Emit("good", "room", map[string]any{"text": `héllo ✓ "quoted"`,
					"nested": map[string]any{"list": []any{1, 2.5, nil, true}}}); err != nil {
					t.Error(err)
				}
			case "shutdown":
				go func() {
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					defer cancel()
					_ = srv.Shutdown(ctx)
				}()
			default:
				s.Disconnect()
			}
		},
		OnDisconnect: func(_ *socketio.Socket, reason string) {
			mu.Lock()
			reasons = append(reasons, reason)
			mu.Unlock()
		},
	})
	hs := httptest.NewServer(srv)
	defer hs.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "socketio-client.mjs")
	cmd.Dir = inboxDir
	cmd.Env = append(os.Environ(), "SOCKET_URL="+hs.URL, "NO_COLOR=1")
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	t.Logf("socketio-client.mjs:\n%s", out)
	if err != nil {
		t.Fatalf("socketio-client.mjs failed: %v", err)
	}
	for _, want := range []string{"socket.io-client 4.7.2: ok", "socket.io-client 4.8.3: ok", "shutdown: ok"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, want := range []string{"client namespace disconnect", "server namespace disconnect"} {
		if !slices.Contains(reasons, want) {
			t.Errorf("the server saw no %q disconnect (saw %v)", want, reasons)
		}
	}
	if slices.Contains(reasons, "ping timeout") {
		t.Errorf("a real client missed a heartbeat: %v", reasons)
	}
}
