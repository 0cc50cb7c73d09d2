package console

import (
	"strings"
	"sync"
	"sync/atomic"
)

// clientBuffer is how many change events one subscriber may have unread; further ones are
// dropped, which loses nothing: an event only says "re-read", and the queued ones already will.
const clientBuffer = 8

// Hub fans change events (an environment id, or "" for all) out to the open event streams.
// Publish never blocks, so the store can call it while it holds its lock.
type Hub struct {
	mu      sync.Mutex
	clients map[chan string]struct{}
	n       atomic.Int32  // len(clients), read without mu: Publish with no page open is free
	done    chan struct{} // closed by Close
	once    sync.Once
}

// NewHub is an empty hub.
func NewHub() *Hub { return &Hub{clients: map[chan string]struct{}{}, done: make(chan struct{})} }

// Close ends every open stream, now and later: a server shutting down gracefully need not wait
// for pages that would stay connected for ever.
func (h *Hub) Close() { h.once.Do(func() { close(h.done) }) }

// Done is closed when the hub is.
func (h *Hub) Done() <-chan struct{} { return h.done }

// Subscribe opens a buffered stream of events; cancel closes it.
func (h *Hub) Subscribe() (<-chan string, func()) {
	ch := make(chan string, clientBuffer)
	h.mu.Lock()
	h.clients[ch] = struct{}{}
	h.n.Store(int32(len(h.clients)))
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.clients, ch)
		h.n.Store(int32(len(h.clients)))
		h.mu.Unlock()
	}
}

// Publish tells every subscriber that envID changed, dropping the event for a subscriber whose
// buffer is full.
func (h *Hub) Publish(envID string) {
	if h == nil || h.n.Load() == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- envID:
		default:
		}
	}
}

// Watched is true while a stream is open: a publisher can skip building an event nobody reads.
func (h *Hub) Watched() bool { return h != nil && h.n.Load() > 0 }

// Clients is how many streams are open.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// requestPrefix marks an event of the request journal: RequestEvent(envID) says a request of
// envID was recorded. Only the requests page follows those; the other pages' lists did not
// change because of a read.
const requestPrefix = "request:"

// RequestEvent is the event published when a request of envID was recorded.
func RequestEvent(envID string) string { return requestPrefix + envID }

// requestEnv splits a published event into its environment and whether it is a request's.
func requestEnv(event string) (envID string, request bool) {
	if id, ok := strings.CutPrefix(event, requestPrefix); ok {
		return id, true
	}
	return event, false
}
