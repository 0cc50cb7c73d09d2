package mockserver

import (
	"sync"
	"sync/atomic"

	"github.com/novumock/novumock/gen"
)

// How a change reaches the sockets (the one event path; a new consumer, such as a console's live
// page, hooks in where events leave, Server.flushLive, never into the queue):
//
//  1. Store code that changes a subscriber's in-app messages calls announceLocked while it holds
//     the write lock: a delivery (store_delivery_send.go), a mark or delete through the widget
//     and subscriber routes, every Inbox mutation (inboxChangedLocked). announceLocked only
//     appends to a queue; it never blocks and never emits.
//  2. After each request (Server.emitLive), after the clock is advanced, and when a held job
//     comes due while sockets listen (Server.wake, which calls settleDue), Server.flushLive
//     drains the queue with takeLive, reads each subscriber's counts once, and emits, with no
//     organization lock held. takeLive hands each event to exactly one caller.

// liveKinds are the socket events a change of a subscriber's in-app messages calls for, as
// Novu's use cases queue them for its ws service.
type liveKinds uint8

const (
	// liveReceived is a new in-app message: notification_received, then both counts (Novu's
	// ExternalServicesRoute recounts after every received message).
	liveReceived liveKinds = 1 << iota
	// liveUnseen is unseen_count_changed (seen/unseen marks).
	liveUnseen
	// liveUnread is unread_count_changed (read/unread marks, the Inbox's every mutation).
	liveUnread
)

// liveEvent is one change a socket of the subscriber should hear about.
type liveEvent struct {
	env        *environment
	subscriber string // the subscriber's _id
	kinds      liveKinds
	messageIDs []string // liveReceived: the new messages, oldest first
}

// liveQueue collects events while an organization's lock is held; the server takes them after the
// request and emits them with no organization lock held. It has its own lock because taking happens
// outside the organizations' locks, and events of several organizations share it.
type liveQueue struct {
	mu     sync.Mutex
	events []liveEvent
	// queued is len(events), written under mu: every request takes the queue, and most find
	// it empty without taking the lock (a request's own events are queued before it takes).
	queued atomic.Int32
}

// announceLocked queues kinds for a subscriber (by _id). The caller holds the organization's write lock.
func (st *store) announceLocked(env *environment, subscriberOID string, kinds liveKinds, messageID string) {
	if st.socketsOpen != nil && !st.socketsOpen() {
		// No socket to tell: the events would be dropped when flushed (flushLive), so none is
		// queued; a socket that opens later gets no past event, as from Novu.
		st.changedLocked(env)
		return
	}
	q := &st.live
	q.mu.Lock()
	defer q.mu.Unlock()
	e := liveEvent{env: env, subscriber: subscriberOID, kinds: kinds}
	if messageID != "" {
		e.messageIDs = []string{messageID}
	}
	q.events = append(q.events, e)
	q.queued.Store(int32(len(q.events)))
	st.changedLocked(env) // the console's live pages too (a feed's seen, read, archived)
}

// takeLive hands over the queued events, one per subscriber in order of first mention: its new
// messages in order, and the counts read once, after the request's last change (a bulk trigger of
// 100 events to one subscriber is 100 notification_received and one count of each kind, not 300
// frames).
func (st *store) takeLive() []liveEvent {
	q := &st.live
	if q.queued.Load() == 0 {
		return nil
	}
	q.mu.Lock()
	events := q.events
	q.events = nil
	q.queued.Store(0)
	q.mu.Unlock()
	if len(events) < 2 {
		return events
	}
	type key struct {
		env *environment
		sub string
	}
	at := map[key]int{}
	out := make([]liveEvent, 0, len(events))
	for _, e := range events {
		k := key{e.env, e.subscriber}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, e)
			continue
		}
		out[i].kinds |= e.kinds
		out[i].messageIDs = append(out[i].messageIDs, e.messageIDs...)
	}
	return out
}

// liveCounts are the counts a subscriber's sockets are sent: unseen and unread in-app messages
// (capped at 101 as Novu counts them, shown as 100 with hasMore) and the unread ones by severity.
type liveCounts struct {
	unseen, unread int
	bySeverity     map[string]int
}

// countCap is Novu's limit on socket counts: it counts up to 101 and reports 100 and hasMore.
const countCap = 100

func (st *store) liveCountsFor(env *environment, subscriberOID string) liveCounts {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	c := liveCounts{bySeverity: map[string]int{"high": 0, "medium": 0, "low": 0, "none": 0}}
	d := &env.delivery
	for _, id := range d.inbox[subscriberOID] {
		m := d.messages.get(id)
		if m == nil || m.Channel != gen.ChannelTypeInApp {
			continue
		}
		if !m.Seen {
			c.unseen++
		}
		if !m.Read {
			c.unread++
			c.bySeverity["none"]++ // v2.0.0 messages carry no severity
		}
	}
	return c
}

// liveMessage is a message as the notification_received event carries it: the stored message
// with its recipient joined in, as the widget feed shows it.
func (st *store) liveMessage(env *environment, id string) (gen.Message, bool) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	m := env.delivery.messages.get(id)
	if m == nil {
		return gen.Message{}, false
	}
	out := *m
	populateMessageLocked(env, &out, true)
	return out, true
}

// settleDue runs the held jobs (delays, digests) whose time has come in every environment, as
// Novu's worker would without being asked; what they deliver is announced like any delivery.
// Reads settle lazily anyway; this is for the sockets, which must hear of a delayed delivery
// without waiting for the next request. It reports whether any environment had due jobs.
func (st *store) settleDue() bool {
	st.mu.RLock()
	envs := make([]*environment, 0, len(st.envByID))
	for _, env := range st.envByID {
		envs = append(envs, env)
	}
	st.mu.RUnlock()
	settled := false
	for _, env := range envs {
		org := env.org
		org.mu.RLock()
		due := env.delivery.hasDue(st.timeOf(org))
		org.mu.RUnlock()
		if due {
			org.mu.Lock()
			st.settleLocked(env) // a read may have settled it meanwhile: then it is a no-op
			org.mu.Unlock()
			settled = true
		}
	}
	return settled
}
