package socketio

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testWait = 5 * time.Second

// testServer runs srv on a loopback httptest server and records OnDisconnect reasons.
type testServer struct {
	*Server
	url     string
	mu      sync.Mutex
	reasons []string
	gone    chan string
}

func newTestServer(t *testing.T, opts Options) *testServer {
	t.Helper()
	ts := &testServer{gone: make(chan string, 64)}
	onConnect := opts.OnConnect
	opts.OnConnect = func(s *Socket) {
		if onConnect != nil {
			onConnect(s)
			return
		}
		s.Join("room")
	}
	opts.OnDisconnect = func(s *Socket, reason string) {
		ts.mu.Lock()
		ts.reasons = append(ts.reasons, reason)
		ts.mu.Unlock()
		ts.gone <- reason
	}
	ts.Server = NewServer(opts)
	hs := httptest.NewServer(ts.Server)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testWait)
		defer cancel()
		_ = ts.Shutdown(ctx)
		hs.Close()
	})
	ts.url = "ws" + strings.TrimPrefix(hs.URL, "http") + "/socket.io/?EIO=4&transport=websocket"
	return ts
}

// client is a raw websocket speaking frames, so the tests see exactly what the server writes.
type client struct {
	t    *testing.T
	conn *websocket.Conn
}

func dial(t *testing.T, url string) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, url, nil)
	require.NoError(t, err)
	t.Cleanup(func() { conn.CloseNow() })
	return &client{t: t, conn: conn}
}

func (c *client) read() string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	typ, b, err := c.conn.Read(ctx)
	require.NoError(c.t, err)
	require.Equal(c.t, websocket.MessageText, typ)
	return string(b)
}

// readErr waits for the connection to end and returns how.
func (c *client) readErr() error {
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	for {
		if _, _, err := c.conn.Read(ctx); err != nil {
			return err
		}
	}
}

func (c *client) send(s string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	require.NoError(c.t, c.conn.Write(ctx, websocket.MessageText, []byte(s)))
}

// open reads the Engine.IO open packet.
func (c *client) open() map[string]any {
	c.t.Helper()
	f := c.read()
	require.True(c.t, strings.HasPrefix(f, "0"), "first frame %q is not an open packet", f)
	var m map[string]any
	require.NoError(c.t, json.Unmarshal([]byte(f[1:]), &m))
	return m
}

// connect completes the handshake and joins "/" with auth (empty for none); it returns the
// socket id from the CONNECT acknowledgement.
func (c *client) connect(auth string) string {
	c.t.Helper()
	c.open()
	c.send("40" + auth)
	f := c.read()
	require.True(c.t, strings.HasPrefix(f, "40{"), "CONNECT answered %q", f)
	var ack struct{ SID string }
	require.NoError(c.t, json.Unmarshal([]byte(f[2:]), &ack))
	require.NotEmpty(c.t, ack.SID)
	return ack.SID
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(testWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestServer_HandshakeRefused(t *testing.T) {
	ts := newTestServer(t, Options{})
	base := "http" + strings.TrimPrefix(strings.Split(ts.url, "?")[0], "ws")
	tests := []struct {
		name    string
		query   string
		upgrade bool
		status  int
		body    string
	}{
		{"EIO3", "EIO=3&transport=websocket", true, 400, `{"code":5,"message":"Unsupported protocol version"}`},
		{"NoEIO", "transport=websocket", true, 400, `{"code":5,"message":"Unsupported protocol version"}`},
		{"Polling", "EIO=4&transport=polling", false, 400, `{"code":0,"message":"Transport unknown"}`},
		{"UpgradeFromPolling", "EIO=4&transport=websocket&sid=abc", true, 400, `{"code":1,"message":"Session ID unknown"}`},
		{"NotAnUpgrade", "EIO=4&transport=websocket", false, 400, `{"code":3,"message":"Bad request"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, base+"?"+tt.query, nil)
			require.NoError(t, err)
			if tt.upgrade {
				req.Header.Set("Connection", "Upgrade")
				req.Header.Set("Upgrade", "websocket")
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			var body json.RawMessage
			require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
			assert.Equal(t, tt.status, res.StatusCode)
			assert.JSONEq(t, tt.body, string(body))
		})
	}
}

func TestServer_OpenPacket(t *testing.T) {
	ts := newTestServer(t, Options{PingInterval: 1500 * time.Millisecond, PingTimeout: 700 * time.Millisecond})
	m := dial(t, ts.url).open()
	assert.NotEmpty(t, m["sid"])
	assert.Equal(t, []any{}, m["upgrades"])
	assert.Equal(t, 1500.0, m["pingInterval"])
	assert.Equal(t, 700.0, m["pingTimeout"])
	assert.Equal(t, 1e6, m["maxPayload"])
}

func TestServer_Connect(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		var got Handshake
		done := make(chan struct{})
		ts := newTestServer(t, Options{OnConnect: func(s *Socket) {
			got = s.Handshake()
			s.Join("room")
			close(done)
		}})
		c := dial(t, ts.url+"&token=from-query")
		sid := c.connect(`{"token":"from-auth"}`)
		<-done
		assert.Equal(t, "from-query", got.Query.Get("token"))
		assert.JSONEq(t, `{"token":"from-auth"}`, string(got.Auth))
		assert.NotEqual(t, sid, "")
		assert.Equal(t, 1, ts.RoomSize("room"))
	})
	t.Run("ErrInvalidNamespace", func(t *testing.T) {
		ts := newTestServer(t, Options{})
		c := dial(t, ts.url)
		c.open()
		c.send("40/admin,")
		assert.Equal(t, `44/admin,{"message":"Invalid namespace"}`, c.read())
		// The connection stays usable for the default namespace.
		c.send("40")
		assert.True(t, strings.HasPrefix(c.read(), `40{"sid":"`))
	})
	t.Run("ErrParse", func(t *testing.T) {
		ts := newTestServer(t, Options{})
		c := dial(t, ts.url)
		c.connect("")
		c.send(`4x`)
		assert.Error(t, c.readErr())
		assert.Equal(t, "parse error", <-ts.gone)
	})
	t.Run("ErrConnectTimeout", func(t *testing.T) {
		ts := newTestServer(t, Options{ConnectTimeout: 50 * time.Millisecond})
		c := dial(t, ts.url)
		c.open()
		assert.Error(t, c.readErr(), "a client that never joins the namespace is closed")
		waitFor(t, "the socket to go", func() bool { return ts.Len() == 0 })
	})
	t.Run("ClientEventsIgnored", func(t *testing.T) {
		ts := newTestServer(t, Options{})
		c := dial(t, ts.url)
		c.connect("")
		c.send(`42["hello",{"a":1}]`)
		c.send(`421["with-ack"]`)
		c.send(`6`)
		waitFor(t, "the join", func() bool { return ts.RoomSize("room") == 1 })
		_, err := ts.Emit("room", "after", 1)
		require.NoError(t, err)
		assert.Equal(t, `42["after",1]`, c.read())
	})
}

// The CONNECT acknowledgement waits for OnConnect, unless a frame for the socket comes first
// (then the acknowledgement goes ahead of it): a client that hears it is connected is already
// in the rooms OnConnect joined, so an emit right after its "connect" reaches it.
func TestServer_AckAfterOnConnect(t *testing.T) {
	release := make(chan struct{})
	ts := newTestServer(t, Options{OnConnect: func(s *Socket) {
		s.Join("room")
		<-release
	}})
	c := dial(t, ts.url)
	c.open()
	frames := make(chan string, 8)
	go func() { // reads without a deadline: coder/websocket closes a connection whose Read times out
		defer close(frames)
		for {
			_, b, err := c.conn.Read(context.Background())
			if err != nil {
				return
			}
			frames <- string(b)
		}
	}()
	next := func() string {
		select {
		case f := <-frames:
			return f
		case <-time.After(testWait):
			t.Fatal("no frame")
			return ""
		}
	}
	c.send("40")
	waitFor(t, "the join", func() bool { return ts.RoomSize("room") == 1 })
	select {
	case f := <-frames:
		t.Fatalf("the server wrote %q while OnConnect ran", f)
	case <-time.After(100 * time.Millisecond):
	}
	_, err := ts.Emit("room", "early", 1) // while OnConnect runs: the acknowledgement goes first
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(next(), "40{"), "the acknowledgement comes first")
	assert.Equal(t, `42["early",1]`, next())
	close(release)
	_, err = ts.Emit("room", "after", 2)
	require.NoError(t, err)
	assert.Equal(t, `42["after",2]`, next())
}

func TestServer_ServerDisconnect(t *testing.T) {
	ts := newTestServer(t, Options{OnConnect: func(s *Socket) { s.Disconnect() }})
	c := dial(t, ts.url)
	c.connect("")
	assert.Equal(t, "41", c.read(), "a refused socket gets DISCONNECT after its CONNECT, as Novu's gateway does")
	err := c.readErr()
	assert.Equal(t, websocket.StatusNormalClosure, websocket.CloseStatus(err))
	assert.Equal(t, "server namespace disconnect", <-ts.gone)
	assert.Equal(t, 0, ts.Len())
}

func TestServer_ClientDisconnect(t *testing.T) {
	tests := []struct {
		name   string
		frame  string
		reason string
	}{
		{"Namespace", "41", "client namespace disconnect"},
		{"EngineClose", "1", "transport close"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, Options{})
			c := dial(t, ts.url)
			c.connect("")
			waitFor(t, "the join", func() bool { return ts.RoomSize("room") == 1 })
			c.send(tt.frame)
			assert.Equal(t, tt.reason, <-ts.gone)
			assert.Equal(t, 0, ts.RoomSize("room"))
			assert.Error(t, c.readErr())
		})
	}
}

func TestServer_Heartbeat(t *testing.T) {
	t.Run("PongKeepsAlive", func(t *testing.T) {
		ts := newTestServer(t, Options{PingInterval: 30 * time.Millisecond, PingTimeout: 200 * time.Millisecond})
		c := dial(t, ts.url)
		c.connect("")
		waitFor(t, "the join", func() bool { return ts.RoomSize("room") == 1 })
		for range 3 {
			assert.Equal(t, "2", c.read())
			c.send("3")
		}
		assert.Equal(t, 1, ts.RoomSize("room"))
	})
	t.Run("ErrPingTimeout", func(t *testing.T) {
		ts := newTestServer(t, Options{PingInterval: 30 * time.Millisecond, PingTimeout: 30 * time.Millisecond})
		c := dial(t, ts.url)
		c.connect("")
		assert.Equal(t, "2", c.read())
		assert.Equal(t, "ping timeout", <-ts.gone)
		assert.Error(t, c.readErr())
	})
	t.Run("ClientProbe", func(t *testing.T) {
		ts := newTestServer(t, Options{})
		c := dial(t, ts.url)
		c.open()
		c.send("2probe")
		assert.Equal(t, "3probe", c.read())
	})
}

func TestServer_Rooms(t *testing.T) {
	ts := newTestServer(t, Options{OnConnect: func(s *Socket) { s.Join(s.Handshake().Query.Get("room")) }})
	connect := func(room string) *client {
		c := dial(t, ts.url+"&room="+room)
		c.connect("")
		return c
	}
	a1, a2, b := connect("a"), connect("a"), connect("b")
	waitFor(t, "three joined sockets", func() bool { return ts.RoomSize("a") == 2 && ts.RoomSize("b") == 1 })

	n, err := ts.Emit("a", "notification_received", map[string]any{"message": map[string]any{"_id": "m1"}})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	want := `42["notification_received",{"message":{"_id":"m1"}}]`
	assert.Equal(t, want, a1.read())
	assert.Equal(t, want, a2.read())

	n, err = ts.Emit("b", "unseen_count_changed", map[string]any{"unseenCount": 1})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, `42["unseen_count_changed",{"unseenCount":1}]`, b.read(), "b saw only its own room's event")

	n, err = ts.Emit("nobody", "x", nil)
	require.NoError(t, err)
	assert.Equal(t, 0, n)

	a1.send("41")
	<-ts.gone
	assert.Equal(t, 1, ts.RoomSize("a"))
	n, _ = ts.Emit("a", "x", 1)
	assert.Equal(t, 1, n)
	assert.Equal(t, `42["x",1]`, a2.read())
}

func TestServer_SocketEmitAndLeave(t *testing.T) {
	sockets := make(chan *Socket, 1)
	ts := newTestServer(t, Options{OnConnect: func(s *Socket) { s.Join("r"); sockets <- s }})
	c := dial(t, ts.url)
	c.connect("")
	s := <-sockets
	ok, err := s.Emit("direct", "hi")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, `42["direct","hi"]`, c.read())
	s.Leave("r")
	assert.Equal(t, 0, ts.RoomSize("r"))
}

// A client that stops reading fills its queue; emitting to it must neither block nor grow
// without bound, and the socket is closed instead.
func TestServer_SlowClient(t *testing.T) {
	ts := newTestServer(t, Options{QueueSize: 4, OnConnect: func(s *Socket) { s.Join("slow"); s.Join("fast") }})
	slow := dial(t, ts.url)
	slow.connect("")
	waitFor(t, "the join", func() bool { return ts.RoomSize("slow") == 1 })
	big := strings.Repeat("x", 256<<10)
	start := time.Now()
	for i := 0; i < 2000 && ts.RoomSize("slow") > 0; i++ {
		_, err := ts.Emit("slow", "big", big)
		require.NoError(t, err)
	}
	assert.Less(t, time.Since(start), testWait, "emitting took too long: an emitter waited for the client")
	assert.Equal(t, 0, ts.RoomSize("slow"), "the client that never reads was closed")
	assert.Equal(t, "slow client", <-ts.gone)
}

func TestServer_Shutdown(t *testing.T) {
	ts := newTestServer(t, Options{})
	clients := []*client{dial(t, ts.url), dial(t, ts.url)}
	for _, c := range clients {
		c.connect("")
	}
	waitFor(t, "two sockets", func() bool { return ts.RoomSize("room") == 2 })
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	require.NoError(t, ts.Shutdown(ctx))
	for _, c := range clients {
		assert.Equal(t, "41", c.read())
		assert.Error(t, c.readErr())
	}
	assert.Equal(t, 0, ts.Len())

	dctx, dcancel := context.WithTimeout(context.Background(), testWait)
	defer dcancel()
	_, res, err := websocket.Dial(dctx, ts.url, nil)
	require.Error(t, err, "a server that shut down accepts no socket")
	if res != nil {
		assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	}
}

// Many sockets connect, are emitted to and leave at once; run with -race.
func TestServer_Concurrent(t *testing.T) {
	// The queue holds every tick: this test is about concurrent use, not back-pressure.
	ts := newTestServer(t, Options{QueueSize: 512})
	const n = 20
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := dial(t, ts.url)
			c.connect("")
			for {
				f := c.read()
				if f == `42["stop",null]` {
					c.send("41")
					return
				}
			}
		}()
	}
	waitFor(t, "all sockets", func() bool { return ts.RoomSize("room") == n })
	var emitters sync.WaitGroup
	for range 4 {
		emitters.Add(1)
		go func() {
			defer emitters.Done()
			for range 50 {
				_, _ = ts.Emit("room", "tick", 1)
			}
		}()
	}
	emitters.Wait()
	_, _ = ts.Emit("room", "stop", nil)
	wg.Wait()
	waitFor(t, "all sockets to leave", func() bool { return ts.RoomSize("room") == 0 })
}

// A close handshake the client never answers is cut after closeGrace, also when the socket's
// reader was out of a read as the server closed (here: still in OnConnect), where the websocket
// library's Close reads for the answer itself and would wait 5 s for it.
func TestServer_ShutdownCutsUnansweredClose(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	ts := newTestServer(t, Options{OnConnect: func(s *Socket) {
		close(entered)
		<-release
		s.Join("room")
	}})
	c := dial(t, ts.url)
	c.open()
	c.send("40")
	<-entered
	time.AfterFunc(200*time.Millisecond, func() { close(release) })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	require.NoError(t, ts.Shutdown(ctx))
	assert.Less(t, time.Since(start), closeGrace+time.Second, "Shutdown waited for the library's close timeout")
	// The client, reading only now, still gets the acknowledgement and the DISCONNECT first.
	assert.True(t, strings.HasPrefix(c.read(), "40{"))
	assert.Equal(t, "41", c.read())
	assert.Error(t, c.readErr())
}
