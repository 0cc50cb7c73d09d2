package mockserver

import (
	"slices"
	"time"

	"github.com/novumock/novumock/gen"
)

// Retention bounds what triggers leave behind, as Novu bounds it, so a long-running fake keeps
// a flat memory profile. Two rules:
//
//   - Novu's TTLs, on the fake's clock. v2.0.0 gives a notification expireAt = creation + 30 days
//     (DEFAULT_NOTIFICATION_RETENTION_DAYS, in BaseRepository.calcExpireDate; the trigger's
//     delays are added to it in CreateNotificationJobs.calculateExpireAt, which the fake leaves
//     out) and its jobs and execution details the same expireAt; a message gets creation + 365
//     days in-app (DEFAULT_MESSAGE_IN_APP_RETENTION_DAYS), + 30 days on other channels
//     (DEFAULT_MESSAGE_GENERIC_RETENTION_DAYS). MongoDB's TTL index removes each document 48 h
//     after its expireAt (TTL_EXPIRE_AFTER_AMOUNT, libs/dal/src/shared/consts/ttl.ts), and so
//     does the fake. A notification with held jobs (delay, digest) is kept until they ran.
//   - The fake's own cap (Options.Retain): at most that many notifications per environment;
//     past it the oldest go, with their jobs, execution details and messages, a hundredth of the
//     cap at a time so that the cost of trimming is spread over many triggers. The trigger log
//     of the control API keeps as many entries (a ring: the oldest entry goes with each new one).
//
// Subscribers, workflows and every other configuration are never dropped.

const (
	notificationRetention   = 30 * 24 * time.Hour
	messageGenericRetention = 30 * 24 * time.Hour
	messageInAppRetention   = 365 * 24 * time.Hour
	ttlGrace                = 48 * time.Hour
)

// DefaultRetain is Options.Retain's default: notifications kept per environment.
const DefaultRetain = 10_000

// messageExpireAt is when Novu's BaseRepository expires a message created at created.
func messageExpireAt(created time.Time, ch gen.ChannelType) time.Time {
	if ch == gen.ChannelTypeInApp {
		return created.Add(messageInAppRetention)
	}
	return created.Add(messageGenericRetention)
}

// noteExpiryLocked keeps the environment's next expiry no later than at.
func (d *deliveryState) noteExpiryLocked(at time.Time) {
	if d.nextExpiry.IsZero() || at.Before(d.nextExpiry) {
		d.nextExpiry = at
	}
}

// expireLocked drops what Novu's TTL index would have removed by now. It is O(1) until the
// earliest removal time comes; then one pass drops everything due and finds the next.
func (st *store) expireLocked(env *environment, now time.Time) {
	d := &env.delivery
	if d.nextExpiry.IsZero() || now.Before(d.nextExpiry) {
		return
	}
	d.nextExpiry = time.Time{}
	var dropped []*notification
	for _, n := range d.notifications.all() {
		at := n.createdAt.Add(notificationRetention + ttlGrace)
		switch {
		case d.waiting[n.id]:
			d.noteExpiryLocked(now.Add(time.Minute)) // look again once its jobs may have run
		case !now.Before(at):
			dropped = append(dropped, n)
		default:
			d.noteExpiryLocked(at)
		}
	}
	st.dropNotificationsLocked(env, dropped, false)
	doomed := map[string]bool{}
	for _, m := range d.messages.all() {
		exp, err := time.Parse(timeLayout, deref(m.ExpireAt))
		if err != nil {
			continue // a message the fake did not expire
		}
		if at := exp.Add(ttlGrace); !now.Before(at) {
			doomed[m.UnderscoreId] = true
		} else {
			d.noteExpiryLocked(at)
		}
	}
	st.dropMessagesLocked(env, doomed)
}

// retainLocked enforces the cap after a trigger. retain <= 0 keeps everything.
func (st *store) retainLocked(env *environment) {
	d := &env.delivery
	if st.retain <= 0 {
		return
	}
	over := d.notifications.len() - st.retain
	if over <= 0 {
		return
	}
	oldest := d.notifications.page(0, over+st.retain/100)
	st.dropNotificationsLocked(env, oldest, true)
}

// dropNotificationsLocked removes notifications (with their jobs and execution details, which
// live inside them) and, withMessages, the messages their jobs made.
func (st *store) dropNotificationsLocked(env *environment, ns []*notification, withMessages bool) {
	if len(ns) == 0 {
		return
	}
	d := &env.delivery
	gone := make(map[string]bool, len(ns))
	doomed := map[string]bool{}
	for _, n := range ns {
		gone[n.id] = true
		delete(d.waiting, n.id)
		if n.digestKey != "" && d.digests[n.digestKey] == n.id {
			delete(d.digests, n.digestKey)
		}
		if withMessages {
			for _, j := range n.jobs {
				if j.messageID != "" {
					doomed[j.messageID] = true
				}
			}
		}
	}
	for _, n := range ns {
		if ids := slices.DeleteFunc(d.byTxn[n.txn], func(id string) bool { return gone[id] }); len(ids) > 0 {
			d.byTxn[n.txn] = ids
		} else {
			delete(d.byTxn, n.txn)
		}
	}
	d.notifications.deleteKeys(gone)
	st.dropMessagesLocked(env, doomed)
}

// dropMessagesLocked removes messages from the environment, its in-app feeds and the outbox.
func (st *store) dropMessagesLocked(env *environment, doomed map[string]bool) {
	if len(doomed) == 0 {
		return
	}
	d := &env.delivery
	perSubscriber := map[string]int{} // in-app messages to remove from each feed
	for id := range doomed {
		if m := d.messages.get(id); m != nil && m.Channel == gen.ChannelTypeInApp {
			perSubscriber[m.UnderscoreSubscriberId]++
		}
	}
	isDoomed := func(id string) bool { return doomed[id] }
	for sid, n := range perSubscriber {
		if ids := deleteMarked(d.inbox[sid], n, isDoomed); len(ids) > 0 {
			d.inbox[sid] = ids
		} else {
			delete(d.inbox, sid)
		}
	}
	d.outbox = deleteMarked(d.outbox, len(doomed), func(r outboxRecord) bool { return doomed[r.msg.UnderscoreId] })
	d.messages.deleteKeys(doomed)
}

// deleteKeys removes many entries at once (delete is a pass over the order per key).
func (t *table[T]) deleteKeys(keys map[string]bool) {
	n := 0
	for k := range keys {
		if _, ok := t.items[k]; ok {
			delete(t.items, k)
			n++
		}
	}
	t.order = deleteMarked(t.order, n, func(k string) bool { return keys[k] })
}

// deleteMarked removes the elements doomed marks, of which there are want. What retention drops
// is the oldest, at the front of every list, so the scan stops once all want were found: a
// batch costs its own size, not the list's. The few elements of that front part that stay move
// up to the rest, which keeps its place (the slice then starts further into its array, and the
// next growth of the list copies it once), rather than the whole rest moving down: under the
// collector's write barriers that copy made each retention batch hold the organization's lock for
// most of a millisecond.
func deleteMarked[E any](s []E, want int, doomed func(E) bool) []E {
	if want <= 0 {
		return s
	}
	end := 0
	for found := 0; end < len(s) && found < want; end++ {
		if doomed(s[end]) {
			found++
		}
	}
	kept := slices.DeleteFunc(s[:end], doomed) // the front part's survivors, at its start
	if len(kept) > len(s)-end {
		// Fewer elements behind the front part than in it: move those down instead.
		kept = append(kept, s[end:]...) // copy handles the overlap
		clear(s[len(kept):])            // let the collector have what moved
		return kept
	}
	start := end - len(kept)
	copy(s[start:end], kept) // copy handles the overlap
	clear(s[:start])
	return s[start:]
}
