package mockserver

import "strings"

// What the control API (control.go, outbox.go) reads from the store. The records here are the
// store's own; the handlers turn them into gen/controlapi types.

// environmentKey is one environment's secret key.
type environmentKey struct {
	environment, environmentID, apiKey string
}

// environmentKeys lists every environment's key, organization by organization.
func (st *store) environmentKeys() []environmentKey {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var keys []environmentKey
	for _, org := range st.orgs {
		for _, env := range org.envs {
			keys = append(keys, environmentKey{environment: env.model.Name, environmentID: env.id, apiKey: env.apiKey})
		}
	}
	return keys
}

// environmentNamed is the first environment, in organization order, whose name is name in any
// case; nil when there is none.
func (st *store) environmentNamed(name string) *environment {
	st.mu.RLock()
	defer st.mu.RUnlock()
	for _, org := range st.orgs {
		for _, env := range org.envs {
			if strings.EqualFold(env.model.Name, name) {
				return env
			}
		}
	}
	return nil
}

// receivedTrigger is one trigger as the outbox's trigger log keeps it.
type receivedTrigger struct {
	environment, name string
	to                any // the `to` as sent; nil for a broadcast
	payload           map[string]any
	broadcast         bool
	receivedAt        string
	transactionID     string
	status            string   // the trigger status, or error
	errors            []string // with status error: why
}

// receivedTriggers is the trigger log of an environment, oldest first.
func (st *store) receivedTriggers(env *environment) []receivedTrigger {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return append([]receivedTrigger{}, env.delivery.triggers...)
}

// outboxQuery narrows the control API's outbox.
type outboxQuery struct {
	channel, to string
}

// sentMessage is one delivery as the outbox shows it: the record, its environment's name and
// the address it went to.
type sentMessage struct {
	outboxRecord
	environment, to string
}

// deliveries is the outbox of an environment, oldest first.
func (st *store) deliveries(env *environment, q outboxQuery) []sentMessage {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.settleLocked(env)
	out := []sentMessage{}
	for _, r := range env.delivery.outbox {
		m := sentMessage{outboxRecord: r, environment: env.model.Name, to: r.address()}
		if (q.channel == "" || string(r.msg.Channel) == q.channel) && (q.to == "" || q.to == r.subscriberID || q.to == m.to) {
			out = append(out, m)
		}
	}
	return out
}

// address is where the message went: the e-mail address, the phone number or the webhook URL;
// empty for the other channels.
func (r outboxRecord) address() string {
	switch msg := r.msg; {
	case msg.Email != nil:
		return *msg.Email
	case msg.Phone != nil:
		return *msg.Phone
	case msg.DirectWebhookUrl != nil:
		return *msg.DirectWebhookUrl
	}
	return ""
}
