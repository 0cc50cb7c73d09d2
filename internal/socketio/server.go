// Package socketio is a small Socket.IO v4 server: the Engine.IO v4 protocol over the websocket
// transport only (every Novu client forces it), the default namespace "/", rooms, and events
// emitted from the server. It is what socket.io-client 4.x needs to connect, stay connected
// (heartbeats), receive events and be disconnected; clients' own events and acknowledgements are
// read and ignored, binary packets and HTTP long-polling are refused.
//
// Emitting never blocks: each socket has a bounded write queue, and a socket whose queue is full
// (a client that stopped reading) is closed rather than allowed to hold up the emitter.
package socketio

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// Options configure a Server. Zero values take socket.io's defaults.
type Options struct {
	// PingInterval is how often the server pings (socket.io: 25 s).
	PingInterval time.Duration
	// PingTimeout is how long a ping may stay unanswered before the socket closes (socket.io: 20 s).
	PingTimeout time.Duration
	// ConnectTimeout closes a connection that has not joined the namespace (socket.io: 45 s).
	ConnectTimeout time.Duration
	// MaxPayload is the largest frame read from a client, in bytes (socket.io: 1 000 000).
	MaxPayload int64
	// QueueSize bounds each socket's queue of frames not yet written (default 128).
	QueueSize int
	// WriteTimeout bounds one frame's write (default 10 s).
	WriteTimeout time.Duration
	// OnConnect runs when the client's CONNECT arrives, as socket.io's "connection" event: it
	// may Join rooms or Disconnect the socket. The acknowledgement goes out before any frame
	// OnConnect queues (so a Disconnect still reaches a connected client), but not before it
	// returns: a client that hears it is connected is already in its rooms, and nothing emitted
	// to them afterwards misses it. (socket.io acknowledges first and runs "connection" after,
	// and Novu joins the subscriber's room only once its token is verified, so there a trigger
	// right after "connect" can miss the socket.) It runs on the socket's reader goroutine;
	// frames from the client wait until it returns.
	OnConnect func(*Socket)
	// OnDisconnect runs once when a connected socket goes, with socket.io's reason words.
	OnDisconnect func(s *Socket, reason string)
}

func (o Options) withDefaults() Options {
	if o.PingInterval <= 0 {
		o.PingInterval = 25 * time.Second
	}
	if o.PingTimeout <= 0 {
		o.PingTimeout = 20 * time.Second
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 45 * time.Second
	}
	if o.MaxPayload <= 0 {
		o.MaxPayload = 1_000_000
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 128
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 10 * time.Second
	}
	return o
}

// Server accepts Socket.IO clients and emits events to rooms. It is an http.Handler for the
// socket.io path (conventionally /socket.io/).
type Server struct {
	opts Options

	mu      sync.RWMutex
	rooms   map[string]map[*Socket]struct{}
	sockets map[*Socket]struct{}
	closed  bool
	wg      sync.WaitGroup
}

// NewServer returns a Server with opts.
func NewServer(opts Options) *Server {
	return &Server{
		opts:    opts.withDefaults(),
		rooms:   map[string]map[*Socket]struct{}{},
		sockets: map[*Socket]struct{}{},
	}
}

// Handshake is what a client sent to open its socket.
type Handshake struct {
	Query      url.Values
	Header     http.Header
	RemoteAddr string
	// Auth is the CONNECT packet's payload (socket.io-client's auth option), nil when none.
	Auth json.RawMessage
}

// Socket is one client connected to the namespace "/".
type Socket struct {
	srv       *Server
	id        string
	handshake Handshake
	conn      *websocket.Conn
	raw       net.Conn // under conn: closeGracefully cuts it when a close handshake outlives closeGrace
	queue     chan frame
	pong      chan struct{}
	done      chan struct{}
	ctx       context.Context
	cancel    context.CancelFunc
	finished  sync.Once
	closed    sync.Once
	connected atomic.Bool
	// ackPending is the CONNECT acknowledgement while OnConnect runs: enqueue sends it ahead of
	// any other frame, and it is sent when OnConnect returns if nothing was queued meanwhile.
	ackPending atomic.Pointer[frame]

	// rooms is guarded by srv.mu.
	rooms map[string]struct{}

	// Value is free for the OnConnect hook (for example the authenticated principal); the
	// package never reads it.
	Value any
}

type frame struct {
	b []byte
	// last closes the connection once b is written.
	last bool
}

// ID is the socket's id, as the client sees it in socket.id.
func (s *Socket) ID() string { return s.id }

// Handshake is what the client sent when it connected.
func (s *Socket) Handshake() Handshake { return s.handshake }

// Join adds the socket to room. A socket that has gone joins nothing.
func (s *Socket) Join(room string) {
	srv := s.srv
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if _, live := srv.sockets[s]; !live {
		return
	}
	members := srv.rooms[room]
	if members == nil {
		members = map[*Socket]struct{}{}
		srv.rooms[room] = members
	}
	members[s] = struct{}{}
	s.rooms[room] = struct{}{}
}

// Leave removes the socket from room.
func (s *Socket) Leave(room string) {
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	s.srv.leaveLocked(s, room)
}

func (srv *Server) leaveLocked(s *Socket, room string) {
	delete(s.rooms, room)
	if members := srv.rooms[room]; members != nil {
		delete(members, s)
		if len(members) == 0 {
			delete(srv.rooms, room)
		}
	}
}

// Emit sends one event to this socket only. It reports false when the socket has gone or its
// queue was full (the socket is then closed).
func (s *Socket) Emit(event string, data any) (bool, error) {
	b, err := encodeEvent(event, data)
	if err != nil {
		return false, err
	}
	return s.enqueue(frame{b: b}), nil
}

// Disconnect sends the client a DISCONNECT for the namespace, as socket.disconnect() does in
// socket.io, and closes the connection once it is written. The client then does not reconnect.
func (s *Socket) Disconnect() {
	s.finish("server namespace disconnect")
	s.enqueue(frame{b: encodePacket(packet{Type: packetDisconnect, ID: -1}), last: true})
}

// enqueue puts f on the write queue without blocking; a full queue closes the socket.
func (s *Socket) enqueue(f frame) bool {
	select {
	case <-s.done:
		return false
	default:
	}
	if !s.offer(f) {
		s.finish("slow client")
		s.closeConn()
		return false
	}
	return true
}

// offer puts f on the write queue without blocking, after a pending CONNECT acknowledgement
// (ackPending); false when the queue is full.
func (s *Socket) offer(f frame) bool {
	if ack := s.ackPending.Swap(nil); ack != nil && !s.put(*ack) {
		return false
	}
	return s.put(f)
}

func (s *Socket) put(f frame) bool {
	select {
	case s.queue <- f:
		return true
	default:
		return false
	}
}

// Emit sends event with data (encoded once as JSON) to every socket in room and reports how
// many sockets it was queued for. It never waits for a client: a socket whose queue is full is
// closed.
func (srv *Server) Emit(room, event string, data any) (int, error) {
	b, err := encodeEvent(event, data)
	if err != nil {
		return 0, err
	}
	var slow []*Socket
	n := 0
	srv.mu.RLock()
	for s := range srv.rooms[room] {
		if s.offer(frame{b: b}) {
			n++
		} else {
			slow = append(slow, s)
		}
	}
	srv.mu.RUnlock()
	for _, s := range slow {
		s.finish("slow client")
		s.closeConn()
	}
	return n, nil
}

// RoomSize is how many sockets are in room.
func (srv *Server) RoomSize(room string) int {
	srv.mu.RLock()
	defer srv.mu.RUnlock()
	return len(srv.rooms[room])
}

// Len is how many sockets are open (connected to the namespace or not yet).
func (srv *Server) Len() int {
	srv.mu.RLock()
	defer srv.mu.RUnlock()
	return len(srv.sockets)
}

// Shutdown refuses new connections, disconnects every socket (each client gets a DISCONNECT,
// as socket.io's disconnectSockets() sends) and waits for their goroutines until ctx ends.
func (srv *Server) Shutdown(ctx context.Context) error {
	srv.mu.Lock()
	srv.closed = true
	all := make([]*Socket, 0, len(srv.sockets))
	for s := range srv.sockets {
		all = append(all, s)
	}
	srv.mu.Unlock()
	for _, s := range all {
		s.Disconnect()
	}
	waited := make(chan struct{})
	go func() { srv.wg.Wait(); close(waited) }()
	select {
	case <-waited:
		return nil
	case <-ctx.Done():
		for _, s := range all {
			s.closeConn()
		}
		return ctx.Err()
	}
}

// engineError is Engine.IO's answer to a handshake it refuses.
func engineError(w http.ResponseWriter, status, code int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}{code, message})
}

// ServeHTTP answers an Engine.IO handshake. Only the websocket transport is served; a polling
// request is refused as an unknown transport (Engine.IO's code 0), so a client configured with
// polling first learns it at once instead of hanging.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case q.Get("EIO") != "4":
		engineError(w, http.StatusBadRequest, 5, "Unsupported protocol version")
		return
	case q.Get("transport") != "websocket":
		engineError(w, http.StatusBadRequest, 0, "Transport unknown")
		return
	case q.Get("sid") != "":
		engineError(w, http.StatusBadRequest, 1, "Session ID unknown")
		return
	case r.Method != http.MethodGet || !headerHasToken(r.Header, "Connection", "upgrade") ||
		!headerHasToken(r.Header, "Upgrade", "websocket"):
		engineError(w, http.StatusBadRequest, 3, "Bad request")
		return
	}
	srv.mu.RLock()
	closed := srv.closed
	srv.mu.RUnlock()
	if closed {
		engineError(w, http.StatusServiceUnavailable, 4, "Forbidden")
		return
	}
	hj := &hijackRecorder{ResponseWriter: w}
	conn, err := websocket.Accept(hj, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true, // any Origin, as Novu's socket accepts every site's Inbox
		CompressionMode:    websocket.CompressionDisabled,
	})
	if err != nil {
		return // Accept has answered the client
	}
	conn.SetReadLimit(srv.opts.MaxPayload)
	ctx, cancel := context.WithCancel(context.Background())
	s := &Socket{
		srv:       srv,
		id:        newID(),
		handshake: Handshake{Query: q, Header: r.Header.Clone(), RemoteAddr: r.RemoteAddr},
		conn:      conn,
		raw:       hj.conn,
		queue:     make(chan frame, srv.opts.QueueSize),
		pong:      make(chan struct{}, 1),
		done:      make(chan struct{}),
		ctx:       ctx,
		cancel:    cancel,
		rooms:     map[string]struct{}{},
	}
	srv.mu.Lock()
	if srv.closed {
		srv.mu.Unlock()
		cancel()
		conn.Close(websocket.StatusGoingAway, "")
		return
	}
	srv.sockets[s] = struct{}{}
	srv.wg.Add(2)
	srv.mu.Unlock()

	open, _ := json.Marshal(struct {
		SID          string   `json:"sid"`
		Upgrades     []string `json:"upgrades"`
		PingInterval int64    `json:"pingInterval"`
		PingTimeout  int64    `json:"pingTimeout"`
		MaxPayload   int64    `json:"maxPayload"`
	}{newID(), []string{}, srv.opts.PingInterval.Milliseconds(), srv.opts.PingTimeout.Milliseconds(), srv.opts.MaxPayload})
	s.queue <- frame{b: append([]byte{engineOpen}, open...)}
	go func() { defer srv.wg.Done(); s.writeLoop() }()
	defer srv.wg.Done()
	s.readLoop()
}

func headerHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, part := range splitComma(v) {
			if equalFold(part, token) {
				return true
			}
		}
	}
	return false
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, trimSpace(s[start:i]))
			start = i + 1
		}
	}
	return out
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

func newID() string {
	var b [15]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// readLoop reads the client's frames until the connection ends.
func (s *Socket) readLoop() {
	connectTimer := time.AfterFunc(s.srv.opts.ConnectTimeout, s.closeConn)
	defer connectTimer.Stop()
	defer s.closeConn()
	for {
		typ, b, err := s.conn.Read(s.ctx)
		if err != nil {
			s.finish("transport close")
			return
		}
		if typ != websocket.MessageText || len(b) == 0 {
			continue // binary attachments belong to binary packets, which are refused
		}
		switch b[0] {
		case enginePong:
			select {
			case s.pong <- struct{}{}:
			default:
			}
		case enginePing:
			// A v4 client only pings while probing an upgrade; answer in kind.
			s.enqueue(frame{b: append([]byte{enginePong}, b[1:]...)})
		case engineClose:
			s.finish("transport close")
			return
		case engineNoop, engineUpgrade:
		case engineMessage:
			p, err := decodePacket(string(b[1:]))
			if err != nil {
				s.finish("parse error")
				return
			}
			if !s.onPacket(p, connectTimer) {
				return
			}
		default:
			s.finish("parse error")
			return
		}
	}
}

// onPacket handles one Socket.IO packet; false ends the read loop.
func (s *Socket) onPacket(p packet, connectTimer *time.Timer) bool {
	switch p.Type {
	case packetConnect:
		if p.Nsp != "/" {
			data, _ := json.Marshal(map[string]string{"message": "Invalid namespace"})
			s.enqueue(frame{b: encodePacket(packet{Type: packetConnectError, Nsp: p.Nsp, ID: -1, Data: data})})
			return true
		}
		if s.connected.Load() {
			return true
		}
		connectTimer.Stop()
		s.handshake.Auth = p.Data
		s.connected.Store(true)
		ack, _ := json.Marshal(map[string]string{"sid": s.id})
		s.ackPending.Store(&frame{b: encodePacket(packet{Type: packetConnect, ID: -1, Data: ack})})
		if s.srv.opts.OnConnect != nil {
			s.srv.opts.OnConnect(s)
		}
		if ack := s.ackPending.Swap(nil); ack != nil && !s.enqueue(*ack) {
			return false
		}
	case packetDisconnect:
		if p.Nsp == "/" && s.connected.Load() {
			s.finish("client namespace disconnect")
			return false
		}
	}
	// Client events and acknowledgements have no handler: socket.io drops them the same way.
	return true
}

// writeLoop writes queued frames and runs the heartbeat: a ping every PingInterval, and the
// socket closes when a pong does not follow within PingTimeout.
func (s *Socket) writeLoop() {
	defer s.closeConn()
	timer := time.NewTimer(s.srv.opts.PingInterval)
	defer timer.Stop()
	awaitingPong := false
	for {
		select {
		case <-s.done:
			return
		case f := <-s.queue:
			if err := s.write(f.b); err != nil {
				s.finish("transport error")
				return
			}
			if f.last {
				s.closeGracefully()
				return
			}
		case <-s.pong:
			awaitingPong = false
			timer.Reset(s.srv.opts.PingInterval)
		case <-timer.C:
			if awaitingPong {
				s.finish("ping timeout")
				return
			}
			if err := s.write([]byte{enginePing}); err != nil {
				s.finish("transport error")
				return
			}
			awaitingPong = true
			timer.Reset(s.srv.opts.PingTimeout)
		}
	}
}

// closeGrace bounds the close handshake: a client that does not answer the close frame (its
// reader busy or gone) is dropped after it.
const closeGrace = time.Second

// closeGracefully sends a normal close frame and waits, for closeGrace at most, for the client's
// answer. After that it cuts the connection: websocket.Conn's Close waits up to 5 s for the
// answer, reading for it itself when the socket's reader is not in a read as it starts (busy
// in OnConnect, say), and its CloseNow waits for that Close instead of cutting it short.
func (s *Socket) closeGracefully() {
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		_ = s.conn.Close(websocket.StatusNormalClosure, "")
	}()
	select {
	case <-closed:
	case <-time.After(closeGrace):
		if s.raw != nil {
			_ = s.raw.Close()
		}
		select { // at once, as its read fails on the closed connection
		case <-closed:
		case <-time.After(closeGrace):
		}
	}
}

// hijackRecorder hands websocket.Accept the connection it hijacks and keeps it (Socket.raw).
type hijackRecorder struct {
	http.ResponseWriter
	conn net.Conn
}

func (h *hijackRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	h.conn = conn
	return conn, rw, err
}

func (h *hijackRecorder) Unwrap() http.ResponseWriter { return h.ResponseWriter }

func (s *Socket) write(b []byte) error {
	ctx, cancel := context.WithTimeout(s.ctx, s.srv.opts.WriteTimeout)
	defer cancel()
	return s.conn.Write(ctx, websocket.MessageText, b)
}

// detach takes the socket out of the server's tables: no emit reaches it any more.
func (srv *Server) detach(s *Socket) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	for room := range s.rooms {
		srv.leaveLocked(s, room)
	}
	delete(srv.sockets, s)
}

// finish takes the socket out of every room, once, and then tells OnDisconnect why (the first
// reason given wins).
func (s *Socket) finish(reason string) {
	s.finished.Do(func() {
		s.srv.detach(s)
		if s.connected.Load() && s.srv.opts.OnDisconnect != nil {
			s.srv.opts.OnDisconnect(s, reason)
		}
	})
}

// closeConn drops the connection at once and stops both goroutines.
func (s *Socket) closeConn() {
	s.closed.Do(func() {
		close(s.done)
		s.cancel()
		s.conn.CloseNow()
	})
}
