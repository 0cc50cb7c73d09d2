package mockserver

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/novumock/novumock/gen"
)

// activityPageSize is fixed by Novu's activity feed.
const activityPageSize = 10

// activityFilter holds the filters of GET /notifications; empty lists do not filter.
type activityFilter struct {
	channels, templates, emails, subscriberIDs []string
	transactionID, search                      string
}

// match filters as Novu's activity feed does: e-mails and subscriberIds are looked up among the
// subscribers as they are now, so a deleted subscriber's notifications match neither.
func (f activityFilter) match(env *environment, n *notification) bool {
	if len(f.channels) > 0 && !slices.ContainsFunc(n.channels(), func(t gen.StepType) bool { return slices.Contains(f.channels, string(t)) }) {
		return false
	}
	var email, subscriberID string
	if sub := n.currentSubscriber(env); sub != nil {
		email, subscriberID = deref(emailOf(*sub)), sub.SubscriberId
	}
	switch {
	case len(f.templates) > 0 && !slices.Contains(f.templates, n.workflow.UnderscoreId),
		len(f.emails) > 0 && (email == "" || !slices.Contains(f.emails, email)),
		len(f.subscriberIDs) > 0 && (subscriberID == "" || !slices.Contains(f.subscriberIDs, subscriberID)),
		f.transactionID != "" && f.transactionID != n.txn:
		return false
	}
	return f.search == "" || f.search == email || f.search == subscriberID || f.search == n.txn
}

// currentSubscriber is the notification's subscriber as stored now, or nil once it is deleted.
func (n *notification) currentSubscriber(env *environment) *gen.Subscriber {
	return env.subscribers.current(n.subscriber)
}

// listActivity is one page of notifications, newest first.
func (st *store) listActivity(env *environment, page int, f activityFilter) []gen.Activity {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	d := &env.delivery
	out := []gen.Activity{}
	skip := pageOffset(page, activityPageSize)
	for i := len(d.notifications.order) - 1; i >= 0 && len(out) < activityPageSize; i-- {
		n := d.notifications.get(d.notifications.order[i])
		if !f.match(env, n) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		out = append(out, n.activity(env))
	}
	return out
}

// activity is one notification; ok is false when the environment has none with that id.
func (st *store) activity(env *environment, id string) (gen.Activity, bool) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	n := env.delivery.notifications.get(id)
	if n == nil {
		return gen.Activity{}, false
	}
	return n.activity(env), true
}

// activityStats counts the notifications of the last 7 days and of the last month.
func (st *store) activityStats(env *environment) gen.ActivityStats {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	now := st.timeOf(env.org)
	week, month := now.AddDate(0, 0, -7), now.AddDate(0, -1, 0)
	var stats gen.ActivityStats
	for _, n := range env.delivery.notifications.all() {
		if !n.createdAt.Before(month) { // $gte, as Novu's getStats
			stats.MonthlySent++
		}
		if !n.createdAt.Before(week) {
			stats.WeeklySent++
		}
	}
	return stats
}

// activityGraph is one point per (UTC) day with notifications created since `days` days before
// now (subDays(new Date(), days), the instant, not the day's start), newest day first.
func (st *store) activityGraph(env *environment, days int) []gen.ActivityGraphPoint {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	since := st.timeOf(env.org).AddDate(0, 0, -days)
	byDay := map[string]*gen.ActivityGraphPoint{}
	for _, n := range env.delivery.notifications.all() {
		if n.createdAt.Before(since) {
			continue
		}
		day := n.createdAt.UTC().Format("2006-01-02")
		p := byDay[day]
		if p == nil {
			p = &gen.ActivityGraphPoint{UnderscoreId: day, Channels: []gen.StepType{}, Templates: []gen.ObjectId{}}
			byDay[day] = p
		}
		if !slices.Contains(p.Templates, n.workflow.UnderscoreId) {
			p.Templates = append(p.Templates, n.workflow.UnderscoreId)
		}
		// Novu unwinds each notification's channels (its step types, digest and delay too) before
		// grouping by day, so count is the number of (notification, step type) pairs
		// (notification.repository.ts:126, getActivityGraphStats, at v2.0.0).
		for _, typ := range n.channels() {
			p.Count++
			if !slices.Contains(p.Channels, typ) {
				p.Channels = append(p.Channels, typ)
			}
		}
	}
	out := make([]gen.ActivityGraphPoint, 0, len(byDay))
	for _, p := range byDay {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b gen.ActivityGraphPoint) int { return -strings.Compare(a.UnderscoreId, b.UnderscoreId) })
	return out
}

func isChannel(t gen.StepType) bool {
	switch t {
	case gen.StepTypeInApp, gen.StepTypeEmail, gen.StepTypeSms, gen.StepTypeChat, gen.StepTypePush:
		return true
	}
	return false
}

// executionDetails lists every detail recorded for a notification's jobs for one subscriber.
func (st *store) executionDetails(env *environment, notificationID, subscriberID string) ([]gen.ExecutionDetail, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return nil, errNotFound("Subscriber not found for id %s", subscriberID)
	}
	out := []gen.ExecutionDetail{}
	n := env.delivery.notifications.get(notificationID)
	if n == nil || n.subscriber.UnderscoreId != sub.UnderscoreId {
		return out, nil
	}
	// Novu's find has no sort: the details come in the order they were written ("Step created"
	// of every job first, then each job's as it runs).
	type rec struct {
		d execDetail
		j *job
	}
	var recs []rec
	for _, j := range n.jobs {
		for _, d := range j.details {
			recs = append(recs, rec{d, j})
		}
	}
	slices.SortStableFunc(recs, func(a, b rec) int { return cmp.Compare(st.created(a.d.id), st.created(b.d.id)) })
	for _, r := range recs {
		out = append(out, r.d.model(env, n, r.j))
	}
	return out, nil
}

// activity renders a notification as the activity feed shows it; every slice is new. Like Novu's
// populate, it shows the subscriber and the workflow as they are now, and null for one that has
// been deleted since.
func (n *notification) activity(env *environment) gen.Activity {
	// The notification's own fields come with the populated ones, as Novu's getFeed answers the
	// documents (libs/dal/src/repositories/notification/notification.repository.ts:64 at v2.0.0).
	// The notification keeps the trigger's payload (create-notification-jobs.usecase.ts at
	// v2.0.0; a real v2.0.0 answers it), left out when empty as mongoose minimizes it.
	tags := append([]string{}, n.workflow.Tags...)
	created, expire := formatTime(n.createdAt), formatTime(n.createdAt.AddDate(0, 0, 30))
	a := gen.Activity{UnderscoreId: n.id, UnderscoreTemplateId: n.workflow.UnderscoreId, UnderscoreEnvironmentId: env.id,
		UnderscoreOrganizationId: env.org.id, UnderscoreSubscriberId: n.subscriber.UnderscoreId, TransactionId: n.txn,
		Tags: &tags, CreatedAt: created, UpdatedAt: &created, ExpireAt: &expire, Channels: []gen.StepType{}, Jobs: []gen.ActivityJob{}}
	if len(n.payload) > 0 {
		payload := n.payload
		a.Payload = &payload
	}
	if to := toObject(n.to); to != nil {
		a.To = &to
	}
	if sub := n.currentSubscriber(env); sub != nil {
		a.Subscriber = &gen.ActivitySubscriber{UnderscoreId: sub.UnderscoreId, SubscriberId: &sub.SubscriberId,
			FirstName: sub.FirstName, LastName: sub.LastName, Email: sub.Email, Phone: sub.Phone} // null stays null: the populate selects email as stored
	}
	if wf := env.workflows.get(n.workflow.UnderscoreId); wf != nil {
		a.Template = &gen.ActivityWorkflow{UnderscoreId: wf.UnderscoreId, Name: wf.Name, Triggers: slices.Clone(wf.Triggers)}
	}
	a.Channels = n.channels()
	for _, j := range n.jobs {
		if j.typ != gen.StepTypeTrigger { // the feed's populate matches type $nin [trigger]
			a.Jobs = append(a.Jobs, j.activity(env, n))
		}
	}
	return a
}

// channels is the notification's channels as Novu's CreateNotificationJobs records them: the
// active steps' types once each, in step order, without trigger steps.
func (n *notification) channels() []gen.StepType {
	out := []gen.StepType{}
	for _, j := range n.jobs {
		if j.typ != gen.StepTypeTrigger && !slices.Contains(out, j.typ) {
			out = append(out, j.typ)
		}
	}
	return out
}

func (j *job) activity(env *environment, n *notification) gen.ActivityJob {
	filters := []gen.StepFilter{}
	if j.step.Filters != nil {
		filters = append(filters, *j.step.Filters...)
	}
	// The job keeps a copy of the step as the workflow stored it (create-notification-jobs.usecase.ts
	// at v2.0.0), without the replyCallback a real v2.0.0 leaves out of it; its own timestamps
	// are those of its first and latest details.
	step := *j.step
	step.Active, step.Filters, step.ReplyCallback = ptrTo(true), &filters, nil
	aj := gen.ActivityJob{UnderscoreId: j.id, UnderscoreNotificationId: &n.id, Type: j.typ, Status: j.status,
		ExecutionDetails: []gen.ActivityExecutionDetail{}, Step: step, Payload: &n.payload}
	if len(j.details) > 0 {
		aj.CreatedAt = ptrTo(formatTime(time.UnixMilli(j.details[0].at)))
		aj.UpdatedAt = ptrTo(formatTime(time.UnixMilli(j.details[len(j.details)-1].at)))
	}
	if j.providerID != "" {
		aj.ProviderId = &j.providerID
	}
	digest := stepDigest(j.step.Metadata, j.digestEvents)
	aj.Digest = &digest
	for _, jd := range j.details {
		d := jd.model(env, n, j)
		aj.ExecutionDetails = append(aj.ExecutionDetails, gen.ActivityExecutionDetail{UnderscoreId: d.UnderscoreId,
			UnderscoreJobId: d.UnderscoreJobId, CreatedAt: &d.CreatedAt, UpdatedAt: d.UpdatedAt, Detail: d.Detail, IsRetry: d.IsRetry,
			IsTest: d.IsTest, ProviderId: d.ProviderId, Raw: d.Raw, Source: d.Source, Status: d.Status})
	}
	return aj
}
