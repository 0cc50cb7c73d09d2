package mockserver

import (
	"maps"

	"github.com/novumock/novumock/gen"
)

// tenantState holds an environment's tenants keyed by identifier, with an index from _id.
type tenantState struct {
	rows  *table[gen.Tenant]
	byOID map[string]string // _id -> identifier
}

func (st *store) initTenants(env *environment) {
	env.tenants = tenantState{rows: newTable[gen.Tenant](), byOID: map[string]string{}}
}

// get is the tenant with that identifier, or nil (caller holds the lock; do not mutate).
func (t tenantState) get(identifier string) *gen.Tenant { return t.rows.get(identifier) }

// byID is the tenant with that _id, or nil.
func (t tenantState) byID(id string) *gen.Tenant {
	if ident, ok := t.byOID[id]; ok {
		return t.rows.get(ident)
	}
	return nil
}

func errTenantNotFound(env *environment, identifier string) *apiError {
	return errNotFound("Tenant with identifier: %s does not exist under environment %s", identifier, env.id)
}

func errTenantExists(env *environment, identifier string) *apiError {
	return errConflict("Tenant with identifier: %s already exists under environment %s", identifier, env.id)
}

func (st *store) createTenant(env *environment, req gen.CreateTenantRequest) (gen.Tenant, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	if env.tenants.get(req.Identifier) != nil {
		return gen.Tenant{}, errTenantExists(env, req.Identifier)
	}
	now := st.now(env.org)
	t := gen.Tenant{UnderscoreId: st.newID(), UnderscoreEnvironmentId: env.id, UnderscoreOrganizationId: &env.org.id, Identifier: req.Identifier,
		Name: ptrTo(req.Name), CreatedAt: now, UpdatedAt: now}
	if req.Data != nil {
		t.Data = ptrTo(maps.Clone(*req.Data))
	}
	env.tenants.rows.put(t.Identifier, &t)
	env.tenants.byOID[t.UnderscoreId] = t.Identifier
	return t, nil
}

// listTenants is one page (pagination style A, openapi.yaml), newest first: Novu's GetTenants
// sorts on createdAt: -1.
func (st *store) listTenants(env *environment, page, limit int) []gen.Tenant {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return values(env.tenants.rows.pageNewest(pageOffset(page, limit), limit))
}

func (st *store) getTenant(env *environment, identifier string) (gen.Tenant, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	t := env.tenants.get(identifier)
	if t == nil {
		return gen.Tenant{}, errTenantNotFound(env, identifier)
	}
	return *t, nil
}

// updateTenant changes the fields given; a new identifier keeps the tenant's place in the list.
// Novu's use case only applies a name or identifier that is truthy in JavaScript, so an empty
// string leaves the field as it was (and the tenant reachable).
func (st *store) updateTenant(env *environment, identifier string, req gen.UpdateTenantRequest) (gen.Tenant, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	cur := env.tenants.get(identifier)
	if cur == nil {
		return gen.Tenant{}, errTenantNotFound(env, identifier)
	}
	if req.Identifier != nil && *req.Identifier == "" {
		req.Identifier = nil
	}
	if req.Name != nil && *req.Name == "" {
		req.Name = nil
	}
	if req.Identifier != nil && *req.Identifier != identifier && env.tenants.get(*req.Identifier) != nil {
		return gen.Tenant{}, errTenantExists(env, *req.Identifier)
	}
	t := *cur
	if req.Name != nil {
		t.Name = ptrTo(*req.Name)
	}
	if req.Data != nil {
		t.Data = ptrTo(maps.Clone(*req.Data))
	}
	if req.Identifier != nil && *req.Identifier != identifier {
		t.Identifier = *req.Identifier
		env.tenants.rows.rekey(identifier, t.Identifier)
		env.tenants.byOID[t.UnderscoreId] = t.Identifier
	}
	t.UpdatedAt = st.now(env.org)
	env.tenants.rows.put(t.Identifier, &t)
	return t, nil
}

func (st *store) deleteTenant(env *environment, identifier string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	t := env.tenants.get(identifier)
	if t == nil {
		return errTenantNotFound(env, identifier)
	}
	delete(env.tenants.byOID, t.UnderscoreId)
	env.tenants.rows.delete(identifier)
	return nil
}
