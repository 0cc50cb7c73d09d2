package console

import "sync"

// clientBuffer is how many change events one subscriber may have unread; further ones are
// dropped, which loses nothing: an event only says "re-read", and the queued ones already will.
const clientBuffer = 8

// Hub fans change events (an environment id, or "" for all) out to the open event streams.
// Publish never blocks, so the store can call it while it holds its lock.
type Hub struct {
	mu      sync.Mutex
	clients map[chan string]struct{}
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
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.clients, ch)
		h.mu.Unlock()
	}
}

// Publish tells every subscriber that envID changed, dropping the event for a subscriber whose
// buffer is full.
func (h *Hub) Publish(envID string) {
	if h == nil {
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

// Clients is how many streams are open.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}
