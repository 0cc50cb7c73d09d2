package mockserver

import (
	"github.com/brianvoe/gofakeit/v7"

	"slices"
	"strings"
	"time"

	"github.com/novumock/novumock/gen"
)

// What the control API (control.go, outbox.go) reads from the store. The records here are the
// store's own; the handlers turn them into gen/controlapi types.

// environmentKey is one environment's secret key, with what identifies it.
type environmentKey struct {
	organizationID, environment, environmentID, applicationIdentifier, apiKey string
}

// environmentKeys lists every environment's key, organization by organization.
func (st *store) environmentKeys() []environmentKey {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var keys []environmentKey
	for _, org := range st.orgs {
		keys = append(keys, org.environmentKeys()...)
	}
	return keys
}

func (org *organization) environmentKeys() []environmentKey {
	out := make([]environmentKey, 0, len(org.envs))
	for _, env := range org.envs {
		out = append(out, environmentKey{organizationID: org.id, environment: env.model.Name, environmentID: env.id,
			applicationIdentifier: env.model.Identifier, apiKey: env.apiKey})
	}
	return out
}

// environmentNamed is the first environment, in organization order (of organization orgID
// alone unless it is empty), whose name is name in any case; nil when there is none.
func (st *store) environmentNamed(orgID, name string) *environment {
	st.mu.RLock()
	defer st.mu.RUnlock()
	for _, org := range st.orgs {
		if orgID != "" && org.id != orgID {
			continue
		}
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
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return env.delivery.triggers.All()
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
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
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

// Organizations made and dropped for test workers.

// madeOrganization is an organization made for a test worker, with its environments' keys.
type madeOrganization struct {
	id, name string
	keys     []environmentKey
}

// addOrganization creates an organization with fresh keys (a generated company name when name
// is empty).
func (st *store) addOrganization(name string) madeOrganization {
	st.mu.Lock()
	defer st.mu.Unlock()
	if name == "" {
		name = draw(st, (*gofakeit.Faker).Company)
	}
	org := st.newOrganization(name, st.newAPIKey(), st.newAPIKey())
	return madeOrganization{id: org.id, name: name, keys: org.environmentKeys()}
}

// organizationByID is nil for an unknown id. Callers hold the registry lock.
func (st *store) organizationByID(id string) *organization {
	for _, org := range st.orgs {
		if org.id == id {
			return org
		}
	}
	return nil
}

// deleteOrganization drops an organization; its environments' ids are returned so that the
// server can forget their buckets. ok is false for an unknown id.
func (st *store) deleteOrganization(id string) (envIDs []string, ok bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	org := st.organizationByID(id)
	if org == nil {
		return nil, false
	}
	for _, env := range org.envs {
		delete(st.envByKey, env.apiKey)
		delete(st.envByID, env.id)
		envIDs = append(envIDs, env.id)
	}
	st.orgs = slices.DeleteFunc(st.orgs, func(o *organization) bool { return o == org })
	return envIDs, true
}

// organizationTime is the time as organization id sees it (timeOf); ok is false for an
// unknown id.
func (st *store) organizationTime(id string) (now time.Time, ok bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	org := st.organizationByID(id)
	if org == nil {
		return time.Time{}, false
	}
	return st.timeOf(org), true
}

// advanceOrganization moves one organization's time forward by d, leaving the shared clock and
// the other organizations alone; ok is false for an unknown id.
func (st *store) advanceOrganization(id string, d time.Duration) bool {
	st.mu.RLock()
	defer st.mu.RUnlock()
	org := st.organizationByID(id)
	if org == nil {
		return false
	}
	org.clockOffset.Add(int64(d))
	return true
}

// resetOrganization empties one organization: its environments keep ids, keys and
// identifiers; integrations (Novu's starting ones again), members, branding and every section
// start over.
func (st *store) resetOrganization(id string) (envIDs []string, ok bool) {
	st.mu.RLock() // the registry: the organization and the user made its admin again
	defer st.mu.RUnlock()
	org := st.organizationByID(id)
	if org == nil {
		return nil, false
	}
	org.mu.Lock()
	defer org.mu.Unlock()
	now := st.now(org)
	org.model.Branding, org.model.Logo, org.model.Domain = &gen.Branding{}, nil, nil
	org.model.UpdatedAt = now
	org.integrations = newTable[gen.Integration]()
	org.members = newTable[gen.Member]()
	st.addAdmin(org)
	for _, env := range org.envs {
		env.sections = sections{}
		st.initSections(env)
		st.createNovuIntegrations(org, env)
		envIDs = append(envIDs, env.id)
	}
	return envIDs, true
}
