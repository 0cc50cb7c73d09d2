package mockserver

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/internal/socketio"
)

// The live side of the in-app Inbox, as Novu's ws service (apps/ws) runs it: a Socket.IO
// endpoint at /socket.io/ where each socket, authenticated by its subscriber token, joins its
// subscriber's room; and the events the store announces (store_realtime.go), emitted to those
// rooms after each request, with no organization lock held.

// Socket events, as @novu/shared's WebSocketEventEnum names them.
const (
	eventReceived = "notification_received"
	eventUnseen   = "unseen_count_changed"
	eventUnread   = "unread_count_changed"
)

// socketPath is where socket.io clients connect (their default path).
const socketPath = "/socket.io"

func (s *Server) newSockets() *socketio.Server {
	return socketio.NewServer(socketio.Options{OnConnect: s.onSocketConnect})
}

// isSocketPath tells whether a request is for the socket endpoint ("/socket.io/" or without the
// slash).
func isSocketPath(p string) bool {
	return p == socketPath || p == socketPath+"/"
}

// liveRoom is the room of one subscriber: its environment and its _id, so that a socket hears
// only its own subscriber, and never another environment.
func liveRoom(envID, subscriberOID string) string { return envID + "/" + subscriberOID }

// onSocketConnect is Novu's WSGateway.handleConnection: the socket has been accepted into the
// namespace; its token (handshake auth.token, else query token) must be a valid subscriber token,
// or the socket is disconnected (the client sees "io server disconnect" and does not reconnect).
func (s *Server) onSocketConnect(sock *socketio.Socket) {
	token := socketToken(sock.Handshake())
	if token == "" || token == "null" {
		sock.Disconnect()
		return
	}
	p, err := s.subscriberFromToken(token)
	if err != nil {
		sock.Disconnect()
		return
	}
	sock.Value = p
	sock.Join(liveRoom(p.env.id, p.id))
	s.waker.start(s)
}

// wakeEvery is how often, while sockets are connected, the fake looks for held jobs (delays,
// digests) that came due: a delayed in-app message reaches the Inbox within this much of its
// time, without waiting for a request, as Novu's worker delivers it when its queue job fires.
const wakeEvery = 250 * time.Millisecond

// waker runs one goroutine while sockets are connected; it ends by itself on the first tick
// that finds none, so a fake without sockets (or whose sockets closed) runs nothing.
type waker struct {
	mu      sync.Mutex
	running bool
}

func (w *waker) start(s *Server) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.running {
		w.running = true
		go w.run(s)
	}
}

func (w *waker) run(s *Server) {
	t := time.NewTicker(wakeEvery)
	defer t.Stop()
	for range t.C {
		w.mu.Lock()
		if s.sockets.Len() == 0 { // checked under mu: a socket joining now starts a new run
			w.running = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		s.settleAndFlush()
	}
}

// settleAndFlush delivers what came due and emits what that announced.
func (s *Server) settleAndFlush() {
	if s.store.settleDue() {
		s.flushLive()
	}
}

// socketToken is `handshake.auth?.token || handshake.query?.token`.
func socketToken(h socketio.Handshake) string {
	if len(h.Auth) > 0 {
		var auth struct {
			Token any `json:"token"`
		}
		if json.Unmarshal(h.Auth, &auth) == nil {
			if t, ok := auth.Token.(string); ok && t != "" {
				return t
			}
		}
	}
	return h.Query.Get("token")
}

// emitLive runs the request, then emits what the store announced meanwhile.
func (s *Server) emitLive(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := next(c)
		s.flushLive()
		return err
	}
}

// flushLive emits the store's announced events, as Novu's ExternalServicesRoute does: nothing
// for a subscriber with no socket; for received messages each message, then the unseen and the
// unread count; for a mark the count it changed. Counts are read after the request's changes
// and capped at 100 with hasMore.
func (s *Server) flushLive() {
	for _, e := range s.store.takeLive() {
		room := liveRoom(e.env.id, e.subscriber)
		if s.sockets.RoomSize(room) == 0 {
			continue
		}
		for _, id := range e.messageIDs {
			if m, ok := s.store.liveMessage(e.env, id); ok {
				s.emit(room, eventReceived, map[string]any{"message": m})
			}
		}
		counts := s.store.liveCountsFor(e.env, e.subscriber)
		if e.kinds&(liveReceived|liveUnseen) != 0 {
			n, more := capCount(counts.unseen)
			s.emit(room, eventUnseen, map[string]any{"unseenCount": n, "hasMore": more})
		}
		if e.kinds&(liveReceived|liveUnread) != 0 {
			n, more := capCount(counts.unread)
			// counts is what @novu/js 3.x reads (later Novu versions send it): the total and the
			// unread messages by severity.
			s.emit(room, eventUnread, map[string]any{"unreadCount": n, "hasMore": more,
				"counts": map[string]any{"total": counts.unread, "severity": counts.bySeverity}})
		}
	}
}

func capCount(n int) (int, bool) {
	if n > countCap {
		return countCap, true
	}
	return n, false
}

func (s *Server) emit(room, event string, data any) {
	if _, err := s.sockets.Emit(room, event, data); err != nil {
		s.log.Error("socket event not encoded", "event", event, "err", err)
	}
}

// serveSocket answers the socket endpoint. A browser's Inbox connects from any site: the
// handshake's own errors carry the CORS header of the in-app routes (cors.go) too, so the page
// can read them.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	s.sockets.ServeHTTP(w, r)
}

// CloseSockets disconnects every socket (each client is sent a DISCONNECT, as Novu's gateway
// does on shutdown) and refuses new ones; http.Server.Shutdown does not see hijacked
// connections, so call it first. It waits for the sockets until ctx ends.
func (s *Server) CloseSockets(ctx context.Context) error {
	return s.sockets.Shutdown(ctx)
}
