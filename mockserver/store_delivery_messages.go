package mockserver

import (
	"slices"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsonnull"
)

// messageFilter narrows GET /messages.
type messageFilter struct {
	channel      string
	subscriberID string // external subscriberId
	transactions []string
}

// listMessages is one page of messages, newest first, with the total that matched.
func (st *store) listMessages(env *environment, page, limit int, f messageFilter) ([]gen.Message, int, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	subOID := ""
	if f.subscriberID != "" {
		sub := env.subscribers.get(f.subscriberID)
		if sub == nil {
			return nil, 0, errNotFound("Subscriber not found for id %s", f.subscriberID)
		}
		subOID = sub.UnderscoreId
	}
	d := &env.delivery
	match := func(m *gen.Message) bool {
		return (f.channel == "" || string(m.Channel) == f.channel) &&
			(subOID == "" || m.UnderscoreSubscriberId == subOID) &&
			(len(f.transactions) == 0 || slices.Contains(f.transactions, m.TransactionId))
	}
	ids, total := d.messages.order, d.messages.len()
	if f.channel != "" || subOID != "" || len(f.transactions) > 0 {
		ids = nil
		for _, id := range d.messages.order {
			if match(d.messages.get(id)) {
				ids = append(ids, id)
			}
		}
		total = len(ids)
	}
	out := newestPage(d.messages, ids, page, limit)
	for i := range out {
		populateMessageLocked(env, &out[i], false)
	}
	return out, total, nil
}

// populateMessageLocked adds what Novu's message lists join in at read time: the recipient and
// the actor as they are now (id, subscriberId, names, avatar) and, on feed pages, the workflow's
// id and tags. m is the caller's copy; stored messages are never changed.
func populateMessageLocked(env *environment, m *gen.Message, withWorkflow bool) {
	n := env.delivery.notifications.get(m.UnderscoreNotificationId)
	if n == nil {
		return
	}
	if sub := n.currentSubscriber(env); sub != nil {
		m.Subscriber = messageSubscriber(sub)
	}
	// A populated reference Novu cannot find answers null (no actor, or one deleted since).
	m.ActorSubscriber = jsonnull.ObjectNull[gen.MessageSubscriber]()
	if n.actor != nil && m.UnderscoreActorId != nil {
		if actor := env.subscribers.current(n.actor); actor != nil {
			m.ActorSubscriber = jsonnull.ObjectValue(*messageSubscriber(actor))
		}
	}
	if withWorkflow {
		if wf := env.workflows.get(n.workflow.UnderscoreId); wf != nil {
			m.Template = &gen.MessageWorkflow{UnderscoreId: wf.UnderscoreId, Tags: &wf.Tags}
		}
	}
}

func messageSubscriber(sub *gen.Subscriber) *gen.MessageSubscriber {
	return &gen.MessageSubscriber{UnderscoreId: sub.UnderscoreId, SubscriberId: sub.SubscriberId,
		FirstName: sub.FirstName, LastName: sub.LastName, Avatar: sub.Avatar}
}

// newestPage returns page `page` of ids read newest first, as message values.
func newestPage(t *table[gen.Message], ids []string, page, limit int) []gen.Message {
	out := []gen.Message{}
	for i := len(ids) - 1 - pageOffset(page, limit); i >= 0 && len(out) < limit; i-- {
		if m := t.get(ids[i]); m != nil {
			out = append(out, *m)
		}
	}
	return out
}

// deleteMessage soft-deletes one message: it leaves every list and feed.
func (st *store) deleteMessage(env *environment, id string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	if !env.delivery.messages.delete(id) {
		return errNotFound("Message with id %s not found", id)
	}
	return nil
}

// deleteTransactionMessages deletes a transaction's messages, optionally of one channel only.
func (st *store) deleteTransactionMessages(env *environment, txn, channel string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	d := &env.delivery
	doomed := d.messages.filter(func(m *gen.Message) bool {
		return m.TransactionId == txn && (channel == "" || string(m.Channel) == channel)
	})
	if len(doomed) == 0 {
		return errNotFound("Invalid transactionId or channel")
	}
	for _, m := range doomed {
		d.messages.delete(m.UnderscoreId)
	}
	return nil
}

// cancelTransaction is DELETE /events/trigger/{transactionId}.
func (st *store) cancelTransaction(env *environment, txn string) bool {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	return st.cancelLocked(env, txn)
}
