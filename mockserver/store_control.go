package mockserver

import (
	"slices"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/gen/controlapi"
)

// The control API's side of the store: organizations made and dropped for test workers, and
// the keys of every environment.

// keys lists every environment of every organization, in creation order.
func (st *store) keys() []controlapi.Key {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var keys []controlapi.Key
	for _, org := range st.orgs {
		keys = append(keys, org.keys()...)
	}
	return keys
}

func (org *organization) keys() []controlapi.Key {
	out := make([]controlapi.Key, 0, len(org.envs))
	for _, env := range org.envs {
		out = append(out, controlapi.Key{OrganizationId: org.id, Environment: env.model.Name, EnvironmentId: env.id,
			ApplicationIdentifier: env.model.Identifier, ApiKey: env.apiKey})
	}
	return out
}

// addOrganization creates an organization with fresh keys (a generated company name when name
// is empty).
func (st *store) addOrganization(name string) controlapi.CreatedOrganization {
	st.mu.Lock()
	defer st.mu.Unlock()
	if name == "" {
		name = st.faker.Company()
	}
	org := st.newOrganization(name, st.newAPIKey(), st.newAPIKey())
	return controlapi.CreatedOrganization{OrganizationId: org.id, Name: name, Environments: org.keys()}
}

// organizationByID is nil for an unknown id. Callers hold the lock.
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

// resetOrganization empties one organization: its environments keep ids, keys and
// identifiers; integrations, members, branding and every section start over.
func (st *store) resetOrganization(id string) (envIDs []string, ok bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	org := st.organizationByID(id)
	if org == nil {
		return nil, false
	}
	now := st.now()
	org.model.Branding, org.model.Logo, org.model.Domain = &gen.Branding{}, nil, nil
	org.model.UpdatedAt = now
	org.integrations = newTable[gen.Integration]()
	org.members = newTable[gen.Member]()
	st.addAdmin(org)
	for _, env := range org.envs {
		env.sections = sections{}
		st.initSections(env)
		envIDs = append(envIDs, env.id)
	}
	return envIDs, true
}
