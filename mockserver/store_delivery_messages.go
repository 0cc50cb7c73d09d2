package mockserver

import (
	"slices"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/gen/controlapi"
)

// messageFilter narrows GET /messages.
type messageFilter struct {
	channel      string
	subscriberID string // external subscriberId
	transactions []string
}

// listMessages is one page of messages, newest first, with the total that matched.
func (st *Store) listMessages(env *environment, page, limit int, f messageFilter) ([]gen.Message, int, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
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
	if f.channel == "" && subOID == "" && len(f.transactions) == 0 {
		return newestPage(d.messages, d.messages.order, page, limit), d.messages.len(), nil
	}
	var ids []string
	for _, id := range d.messages.order {
		if match(d.messages.get(id)) {
			ids = append(ids, id)
		}
	}
	return newestPage(d.messages, ids, page, limit), len(ids), nil
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
func (st *Store) deleteMessage(env *environment, id string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.settleLocked(env)
	if !env.delivery.messages.delete(id) {
		return errNotFound("Message with id %s not found", id)
	}
	return nil
}

// deleteTransactionMessages deletes a transaction's messages, optionally of one channel only.
func (st *Store) deleteTransactionMessages(env *environment, txn, channel string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
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
func (st *Store) cancelTransaction(env *environment, txn string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.settleLocked(env)
	return st.cancelLocked(env, txn)
}

// outboxQuery narrows the control API's outbox.
type outboxQuery struct {
	channel, to string
}

// deliveries is the outbox of an environment, oldest first.
func (st *Store) deliveries(env *environment, q outboxQuery) []controlapi.OutboxEntry {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.settleLocked(env)
	out := []controlapi.OutboxEntry{}
	for _, r := range env.delivery.outbox {
		if e := r.entry(env); (q.channel == "" || string(e.Channel) == q.channel) && (q.to == "" || q.to == e.SubscriberId || q.to == e.To) {
			out = append(out, e)
		}
	}
	return out
}

// receivedTriggers is the trigger log of an environment, oldest first.
func (st *Store) receivedTriggers(env *environment) []controlapi.ReceivedTrigger {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return append([]controlapi.ReceivedTrigger{}, env.delivery.triggers...)
}
