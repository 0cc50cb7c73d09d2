package mockserver

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/mockserver/console/view"
)

// What the web console (package console, through console_source.go) reads from the store: its
// own records, built under the lock, never the store's entities.

// changedLocked tells the console's live pages that env's delivery state changed (a trigger was
// received, a held job ran). The hook never blocks.
func (st *store) changedLocked(env *environment) {
	if st.onChange != nil {
		st.onChange(env.id)
	}
}

// environmentByID is the environment with that _id, in any organization; nil when none.
func (st *store) environmentByID(id string) *environment {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.envByID[id]
}

// consoleEnvironments lists every environment, organization by organization.
func (st *store) consoleEnvironments() []view.Environment {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var out []view.Environment
	for _, org := range st.orgs {
		org.mu.RLock()
		for _, env := range org.envs {
			out = append(out, consoleEnvironmentLocked(env))
		}
		org.mu.RUnlock()
	}
	return out
}

// consoleEnvironment describes env after running its due jobs.
func (st *store) consoleEnvironment(env *environment) view.Environment {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	return consoleEnvironmentLocked(env)
}

func consoleEnvironmentLocked(env *environment) view.Environment {
	v := view.Environment{ID: env.id, Name: env.model.Name, OrgID: env.org.id, OrgName: env.org.model.Name,
		APIKey: env.apiKey, NotificationsCnt: env.delivery.notifications.len(), PendingDelays: len(env.delivery.waiting)}
	for id := range env.delivery.waiting {
		if n := env.delivery.notifications.get(id); n != nil && (v.NextResume.IsZero() || n.resumeAt.Before(v.NextResume)) {
			v.NextResume = n.resumeAt
		}
	}
	return v
}

// settleConsole runs env's due jobs, as any delivery read would.
func (st *store) settleConsole(env *environment) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
}

// consoleActivity is the newest notifications of env (at most limit) with each job's outcome,
// and the triggers that reached nobody.
func (st *store) consoleActivity(env *environment, limit int) ([]view.Notification, []view.RejectedTrigger) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	d := &env.delivery
	var rows []view.Notification
	for _, n := range d.notifications.pageNewest(0, limit) {
		row := view.Notification{ID: n.id, TransactionID: n.txn, Workflow: triggerIdentifier(n.workflow),
			WorkflowName: n.workflow.Name, SubscriberID: n.subscriber.SubscriberId, CreatedAt: n.createdAt,
			Payload: indentJSON(n.payload)}
		for i, j := range n.jobs {
			s := view.Step{JobID: j.id, Type: string(j.typ), Status: j.status, Provider: j.providerID,
				MessageID: j.messageID, Reason: stepReason(n, i, j)}
			if j.status == jobDelayed {
				s.Until = n.resumeAt
			}
			row.Steps = append(row.Steps, s)
		}
		rows = append(rows, row)
	}
	var rejected []view.RejectedTrigger
	for i := d.triggers.Len() - 1; i >= 0 && len(rejected) < limit; i-- {
		if t := d.triggers.At(i); t.status != string(gen.TriggerStatusProcessed) {
			rejected = append(rejected, view.RejectedTrigger{Name: t.name, TransactionID: t.transactionID,
				Status: t.status, ReceivedAt: t.receivedAt, Errors: t.errors})
		}
	}
	return rows, rejected
}

// stepReason says why a job did not (or not yet) send: the execution detail it ended with, or
// what it waits for. Empty for a job that went out or ran.
func stepReason(n *notification, i int, j *job) string {
	last := ""
	if len(j.details) > 0 {
		last = detailKinds[j.details[len(j.details)-1].kind].text
	}
	switch j.status {
	case jobFailed, jobCanceled:
		if last != "" && last != detailKinds[detailQueued].text {
			return last
		}
		return "cancelled with its transaction"
	case jobSkipped:
		return "its events went out with the digest they were merged into"
	case jobMerged:
		return "merged into a digest that is still collecting"
	case jobPending:
		if i > n.next {
			return "waits for the step before it"
		}
	case jobCompleted:
		if isChannel(j.typ) && j.messageID == "" && last != "" {
			return last
		}
	}
	return ""
}

// consoleOutbox is what env delivered, newest first, narrowed by q.
func (st *store) consoleOutbox(env *environment, q view.OutboxQuery) []view.Message {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	out := []view.Message{}
	recipient, workflow, txn := strings.ToLower(q.Recipient), strings.ToLower(q.Workflow), strings.ToLower(q.TransactionID)
	ob := env.delivery.outbox
	for i := len(ob) - 1; i >= 0; i-- {
		r := ob[i]
		to := r.address()
		switch {
		case q.Channel != "" && string(r.msg.Channel) != q.Channel,
			recipient != "" && !strings.Contains(strings.ToLower(r.subscriberID), recipient) && !strings.Contains(strings.ToLower(to), recipient),
			workflow != "" && !strings.Contains(strings.ToLower(r.msg.TemplateIdentifier), workflow),
			txn != "" && !strings.Contains(strings.ToLower(r.msg.TransactionId), txn):
			continue
		}
		out = append(out, consoleMessageLocked(env, r))
	}
	return out
}

// consoleMessage is one delivered message of env, as sent.
func (st *store) consoleMessage(env *environment, id string) (view.Message, bool) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	for _, r := range env.delivery.outbox {
		if r.msg.UnderscoreId == id {
			m := consoleMessageLocked(env, r)
			if cur := env.delivery.messages.get(id); cur != nil {
				m.Seen, m.Read = cur.Seen, cur.Read
			}
			return m, true
		}
	}
	return view.Message{}, false
}

func consoleMessageLocked(env *environment, r outboxRecord) view.Message {
	msg := r.msg
	m := view.Message{ID: msg.UnderscoreId, Channel: string(msg.Channel), Provider: msg.ProviderId,
		Workflow: msg.TemplateIdentifier, TransactionID: msg.TransactionId, SubscriberID: r.subscriberID,
		To: r.address(), Subject: deref(msg.Subject), Title: deref(msg.Title), Content: messageText(msg.Content),
		HTML: r.html, Payload: indentJSON(msg.Payload), SentAt: msg.CreatedAt, Seen: msg.Seen, Read: msg.Read}
	if m.To == "" && msg.DeviceTokens != nil {
		m.To = strings.Join(*msg.DeviceTokens, ", ")
	}
	if in := sentThrough(env, msg); in != nil {
		m.IntegrationName, m.Integration = in.Name, in.Identifier
		if msg.Channel == gen.ChannelTypeEmail {
			from := deref(in.Credentials.From)
			if name := deref(in.Credentials.SenderName); name != "" && from != "" {
				from = name + " <" + from + ">"
			}
			m.From = from
		}
	}
	return m
}

// sentThrough is the environment's integration of the message's provider and channel, the
// primary one first: the one that sent it unless the integrations changed since.
func sentThrough(env *environment, msg *gen.Message) *gen.Integration {
	var best *gen.Integration
	for _, in := range env.org.channelIntegrations(env.id, msg.Channel, false) {
		if in.ProviderId != msg.ProviderId {
			continue
		}
		if best == nil || (in.Active && !best.Active) || (in.Primary && !best.Primary) {
			best = in
		}
	}
	return best
}

// indentJSON is v as indented JSON for reading, with <, > and & as themselves: the page's
// template escapes them, as it does everything else.
func indentJSON(v any) string {
	if v == nil {
		return ""
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// consoleSubscribers lists env's subscribers in creation order (at most limit).
func (st *store) consoleSubscribers(env *environment, limit int) []view.Subscriber {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	var out []view.Subscriber
	for _, s := range env.subscribers.rows.page(0, limit) {
		out = append(out, consoleSubscriberLocked(env, s))
	}
	return out
}

func consoleSubscriberLocked(env *environment, s *gen.Subscriber) view.Subscriber {
	v := view.Subscriber{SubscriberID: s.SubscriberId, FirstName: deref(s.FirstName), LastName: deref(s.LastName),
		Phone: deref(s.Phone), Locale: deref(s.Locale), Online: deref(s.IsOnline), CreatedAt: s.CreatedAt}
	if e, err := s.Email.Get(); err == nil {
		v.Email = e
	}
	if s.Data != nil {
		v.Data = indentJSON(*s.Data)
	}
	if s.Channels != nil {
		for _, c := range *s.Channels {
			v.Credentials = append(v.Credentials, view.Credential{ProviderID: c.ProviderId,
				Integration: deref(c.IntegrationIdentifier), DeviceTokens: deref(c.Credentials.DeviceTokens),
				WebhookURL: deref(c.Credentials.WebhookUrl)})
		}
	}
	for key := range env.topics.topicsOf[s.SubscriberId] {
		v.Topics = append(v.Topics, key)
	}
	slices.Sort(v.Topics)
	return v
}

// consoleSubscriber is one subscriber with its in-app feed, newest first.
func (st *store) consoleSubscriber(env *environment, subscriberID string) (view.Subscriber, []view.Message, bool) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	s := env.subscribers.get(subscriberID)
	if s == nil {
		return view.Subscriber{}, nil, false
	}
	var feed []view.Message
	ids := env.delivery.inbox[s.UnderscoreId]
	for i := len(ids) - 1; i >= 0; i-- {
		msg := env.delivery.messages.get(ids[i])
		if msg == nil {
			continue
		}
		v := view.Message{ID: msg.UnderscoreId, Channel: string(msg.Channel), Provider: msg.ProviderId,
			Workflow: msg.TemplateIdentifier, TransactionID: msg.TransactionId, SubscriberID: subscriberID,
			Content: messageText(msg.Content), SentAt: msg.CreatedAt, Seen: msg.Seen, Read: msg.Read,
			LastSeenDate: deref(msg.LastSeenDate), LastReadDate: deref(msg.LastReadDate)}
		mk := env.inbox.mark(msg.UnderscoreId)
		v.Archived = mk.archived
		if until, err := mk.snoozedUntil.Get(); err == nil {
			v.SnoozedUntil = until
		}
		feed = append(feed, v)
	}
	return consoleSubscriberLocked(env, s), feed, true
}

// consoleWorkflows lists env's workflows with their steps.
func (st *store) consoleWorkflows(env *environment) []view.Workflow {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	var out []view.Workflow
	for _, wf := range env.workflows.items.all() {
		v := view.Workflow{ID: wf.UnderscoreId, Name: wf.Name, Identifier: triggerIdentifier(wf), Active: wf.Active,
			Critical: wf.Critical, Tags: wf.Tags}
		if g := env.workflows.groups.get(wf.UnderscoreNotificationGroupId); g != nil {
			v.Group = g.Name
		}
		for _, s := range wf.Steps {
			ws := view.WorkflowStep{Type: string(gen.StepTypeTrigger), Name: deref(s.Name), Active: stepActive(s)}
			if s.Template != nil {
				ws.Type = string(s.Template.Type)
				ws.Detail = deref(s.Template.Subject)
			}
			if s.Filters != nil {
				ws.Filters = len(*s.Filters)
			}
			if md := s.Metadata; md != nil && md.Amount != nil {
				ws.Detail = fmt.Sprintf("%v %s", *md.Amount, derefOr(md.Unit, gen.StepTimeUnitSeconds))
			}
			v.Steps = append(v.Steps, ws)
		}
		out = append(out, v)
	}
	return out
}

// consoleIntegrations lists env's integrations, by channel.
func (st *store) consoleIntegrations(env *environment) []view.Integration {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	var out []view.Integration
	for _, in := range env.org.integrations.filter(func(i *gen.Integration) bool { return i.UnderscoreEnvironmentId == env.id }) {
		out = append(out, view.Integration{ID: in.UnderscoreId, Name: in.Name, Identifier: in.Identifier,
			ProviderID: in.ProviderId, Channel: string(in.Channel), Active: in.Active, Primary: in.Primary})
	}
	slices.SortStableFunc(out, func(a, b view.Integration) int { return strings.Compare(a.Channel, b.Channel) })
	return out
}

// consoleTopics lists env's topics with their members.
func (st *store) consoleTopics(env *environment) []view.Topic {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	var out []view.Topic
	for _, t := range env.topics.rows.all() {
		v := view.Topic{Key: t.Key, Name: t.Name}
		for id := range env.topics.memberSet[t.Key] {
			v.Members = append(v.Members, id)
		}
		slices.Sort(v.Members)
		out = append(out, v)
	}
	return out
}

// consoleLayouts lists env's layouts.
func (st *store) consoleLayouts(env *environment) []view.Layout {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	var out []view.Layout
	for _, l := range env.layouts.items.all() {
		out = append(out, view.Layout{ID: l.UnderscoreId, Name: l.Name, Identifier: l.Identifier,
			Default: l.UnderscoreId == env.layouts.defaultID, Content: l.Content})
	}
	return out
}
