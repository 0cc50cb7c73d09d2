package mockserver

import (
	"github.com/novumock/novumock/internal/ring"
	"slices"
	"time"

	"github.com/novumock/novumock/gen"
)

// deliveryState is what triggers leave behind in an environment: notifications (the activity
// feed) with their jobs and execution details, the messages the jobs produced, and the log of
// triggers and deliveries the control API's outbox reads.
//
// Delivery is simulated synchronously under the organization's lock. A delay or digest step holds the
// jobs after it; they run when some request touches delivery state after the due time (settle),
// so a test that advances the clock sees the result on its next read, and, while sockets listen,
// as soon as they are due (settleDue, store_realtime.go).
type deliveryState struct {
	notifications *table[notification]         // by _id, in trigger order
	messages      *table[gen.Message]          // by _id, in creation order; deleted messages are removed
	byTxn         map[string][]string          // transactionId -> notification _ids
	inbox         map[string][]string          // subscriber _id -> in-app message _ids, oldest first
	waiting       map[string]bool              // notification _ids with held jobs
	digests       map[string]string            // digest key -> the leading notification _id while it waits
	triggers      ring.Buffer[receivedTrigger] // the control API's trigger log: the last Options.Retain
	outbox        []outboxRecord

	lastStampMs int64 // the millisecond lastStamp prints, for stamp
	lastStamp   string
	// lastExpireMs and lastExpire are expireStamp's: messages sent within one millisecond share
	// their expireAt.
	lastExpireMs int64
	lastExpire   *string

	triggered  int       // notifications ever started here: the next one's seq
	nextExpiry time.Time // the earliest TTL removal due (store_delivery_retention.go); zero: none
}

// stamp is formatTime(t). A trigger reads the clock several times within one millisecond, so
// the last string is reused when it prints the same. Callers hold the organization's write lock.
func (d *deliveryState) stamp(t time.Time) string {
	ms := t.UnixMilli()
	if d.lastStamp == "" || ms != d.lastStampMs {
		d.lastStampMs, d.lastStamp = ms, formatTime(t)
	}
	return d.lastStamp
}

// expireStamp is a message's expireAt, formatTime(t), shared by the messages that expire in the
// same millisecond (messages are never changed in place, so none writes through it). Callers
// hold the organization's write lock.
func (d *deliveryState) expireStamp(t time.Time) *string {
	ms := t.UnixMilli()
	if d.lastExpire == nil || ms != d.lastExpireMs {
		d.lastExpireMs, d.lastExpire = ms, ptrTo(formatTime(t))
	}
	return d.lastExpire
}

func (st *store) initDelivery(env *environment) {
	env.delivery = deliveryState{
		notifications: newTable[notification](),
		messages:      newTable[gen.Message](),
		byTxn:         map[string][]string{},
		inbox:         map[string][]string{},
		waiting:       map[string]bool{},
		digests:       map[string]string{},
		triggers:      ring.New[receivedTrigger](st.retain),
	}
}

// notification is one workflow run for one subscriber. Its jobs run in step order; next is
// the first job that has not run, and resumeAt is when a held job (delay, digest) finishes.
type notification struct {
	id        string
	seq       int // trigger order within the environment
	txn       string
	createdAt time.Time
	// The workflow and subscriber as stored when triggered. Stored entities are never changed in
	// place (an update stores a new value), so the pointers keep showing them as they were.
	workflow   *gen.Workflow
	subscriber *gen.Subscriber
	to         any // the recipient as the trigger defined it, a recipient's define (read-only)
	actor      *gen.Subscriber
	tenant     *gen.Tenant
	payload    map[string]any
	overrides  map[string]any
	jobs       []*job
	next       int
	resumeAt   time.Time
	digestKey  string         // set while this notification leads a digest
	digested   []string       // notification _ids merged into this digest, oldest first
	stepVars   map[string]any // `step` as templates after a digest see it
}

// Job statuses as Novu's activity feed shows them.
const (
	jobPending   = "pending"
	jobDelayed   = "delayed"
	jobCompleted = "completed"
	jobFailed    = "failed"
	jobCanceled  = "canceled"
	jobMerged    = "merged"
	jobSkipped   = "skipped"
)

// job is one step of a notification.
type job struct {
	id         string
	step       *gen.NotificationStep // in the stored workflow, which is never changed in place
	typ        gen.StepType
	status     string
	providerID string
	// digestEvents are the events a digest this job ran at or after collected (Novu's
	// digest.events), nil until then.
	digestEvents []any
	details      []execDetail
	// detailsBuf holds the details of a job's usual path (created, queued, start sending,
	// integration selected, message created, message sent), so that they are no allocation of
	// their own: details starts as detailsBuf[:0] and moves out only past six.
	detailsBuf [6]execDetail
	messageID  string
	contentErr string // why the step's templates did not render (detailContentNotGenerated)
}

// settleLocked runs every held job whose time has come. Every delivery read and write calls
// it first, so delays behave as if a worker had been running all along.
func (st *store) settleLocked(env *environment) {
	d := &env.delivery
	if len(d.waiting) == 0 {
		if !d.nextExpiry.IsZero() {
			st.expireLocked(env, st.timeOf(env.org))
		}
		return
	}
	now := st.timeOf(env.org)
	defer st.expireLocked(env, now)
	for st.releaseDueLocked(env, now) {
	}
}

// hasDue tells whether a held job is due at now. Callers hold the organization's lock (a read lock will do).
func (d *deliveryState) hasDue(now time.Time) bool {
	for id := range d.waiting {
		if n := d.notifications.get(id); n != nil && !now.Before(n.resumeAt) {
			return true
		}
	}
	return false
}

// releaseDueLocked releases the notifications due at now; false when there were none. A
// released notification may wait again (another delay), hence the caller's loop.
func (st *store) releaseDueLocked(env *environment, now time.Time) bool {
	d := &env.delivery
	var due []*notification
	for id := range d.waiting {
		if n := d.notifications.get(id); n != nil && !now.Before(n.resumeAt) {
			due = append(due, n)
		}
	}
	// Release in time order (then trigger order), so ids stay deterministic for a seed.
	slices.SortFunc(due, func(a, b *notification) int {
		if c := a.resumeAt.Compare(b.resumeAt); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	for _, n := range due {
		delete(d.waiting, n.id)
		st.releaseLocked(env, n)
	}
	if len(due) > 0 {
		st.changedLocked(env)
	}
	return len(due) > 0
}

// cancelLocked cancels the waiting jobs of a transaction, as DELETE /events/trigger/{id} does:
// a held delay or digest job (or one merged into another digest) and the jobs behind it.
func (st *store) cancelLocked(env *environment, txn string) bool {
	d := &env.delivery
	cancelled := false
	for _, id := range d.byTxn[txn] {
		n := d.notifications.get(id)
		if n == nil || n.next >= len(n.jobs) {
			continue
		}
		if held := n.jobs[n.next].status; held != jobDelayed && held != jobMerged {
			continue
		}
		for _, j := range n.jobs[n.next:] {
			j.status = jobCanceled
		}
		cancelled = true
		delete(d.waiting, id)
		st.leaveDigestLocked(env, n)
	}
	return cancelled
}

// leaveDigestLocked hands a cancelled digest leader's role to its oldest merged follower, as
// Novu re-homes a digest when its leader is cancelled.
func (st *store) leaveDigestLocked(env *environment, n *notification) {
	d := &env.delivery
	if n.digestKey == "" || d.digests[n.digestKey] != n.id {
		return
	}
	delete(d.digests, n.digestKey)
	for i, fid := range n.digested {
		f := d.notifications.get(fid)
		if f == nil || f.jobs[f.next].status != jobMerged {
			continue
		}
		// CancelDelayed.assignNextDigestJob (cancel-delayed.usecase.ts:70 at v2.0.0): the new
		// leader's digest job is delayed again and the jobs after it pending.
		f.jobs[f.next].status = jobDelayed
		for _, later := range f.jobs[f.next+1:] {
			later.status = jobPending
		}
		f.resumeAt, f.digestKey, f.digested = n.resumeAt, n.digestKey, n.digested[i+1:]
		d.waiting[f.id] = true
		d.digests[f.digestKey] = f.id
		break
	}
	n.digestKey, n.digested = "", nil
}
