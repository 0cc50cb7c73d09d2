package mockserver

import "github.com/novumock/novumock/gen"

func (st *store) createWorkflowOverride(env *environment, req gen.CreateWorkflowOverrideRequest) (gen.WorkflowOverride, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	if env.tenants.byID(req.TenantId) == nil {
		return gen.WorkflowOverride{}, errNotFound("Tenant with id %s is not found", req.TenantId)
	}
	if env.workflows.items.get(req.WorkflowId) == nil {
		return gen.WorkflowOverride{}, errNotFound("Workflow with id %s is not found", req.WorkflowId)
	}
	w := env.workflows
	if w.override(req.WorkflowId, req.TenantId) != nil {
		// Novu's unique index on tenant, workflow and environment refuses a second override, and
		// the duplicate-key error reaches the client as a bare 500; a 409 says what went wrong.
		return gen.WorkflowOverride{}, errConflict("Workflow Override with workflow id %s, tenant id %s already exists",
			req.WorkflowId, req.TenantId)
	}
	now := st.now(env.org)
	// active: the schema's default false where the request leaves it out (v2.0.0
	// workflow-override.schema.ts:10-13).
	o := gen.WorkflowOverride{UnderscoreId: st.newID(), UnderscoreWorkflowId: req.WorkflowId,
		UnderscoreTenantId: req.TenantId, UnderscoreEnvironmentId: env.id, UnderscoreOrganizationId: env.org.id,
		Active: deref(req.Active), PreferenceSettings: withPreferences(gen.PreferenceChannels{}, req.PreferenceSettings),
		CreatedAt: now, UpdatedAt: now}
	w.overrides.put(o.UnderscoreId, &o)
	w.byPair[overrideKey(o.UnderscoreWorkflowId, o.UnderscoreTenantId)] = o.UnderscoreId
	return o, nil
}

// listWorkflowOverrides is one page (pagination style A, openapi.yaml).
func (st *store) listWorkflowOverrides(env *environment, page, limit int) ([]gen.WorkflowOverride, bool) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	items := values(env.workflows.overrides.page(pageOffset(page, limit), limit))
	return items, len(items) == limit
}

func (st *store) getWorkflowOverride(env *environment, id string) (gen.WorkflowOverride, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	o := env.workflows.overrides.get(id)
	if o == nil {
		return gen.WorkflowOverride{}, errNotFound("Workflow Override with id %s not found", id)
	}
	return *o, nil
}

func (st *store) getWorkflowOverrideByTenant(env *environment, workflowID, tenantID string) (gen.WorkflowOverride, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	o := env.workflows.override(workflowID, tenantID)
	if o == nil {
		return gen.WorkflowOverride{}, errOverridePairNotFound(workflowID, tenantID)
	}
	return *o, nil
}

func errOverridePairNotFound(workflowID, tenantID string) *apiError {
	return errNotFound("Workflow Override with workflow id %s, tenant id %s not found", workflowID, tenantID)
}

func (st *store) updateWorkflowOverride(env *environment, id string, req gen.UpdateWorkflowOverrideRequest) (gen.WorkflowOverride, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	if env.workflows.overrides.get(id) == nil {
		return gen.WorkflowOverride{}, errNotFound("Workflow override with id %s not found", id)
	}
	return st.updateOverrideLocked(env, id, req), nil
}

func (st *store) updateWorkflowOverrideByTenant(env *environment, workflowID, tenantID string, req gen.UpdateWorkflowOverrideRequest) (gen.WorkflowOverride, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	o := env.workflows.override(workflowID, tenantID)
	if o == nil {
		return gen.WorkflowOverride{}, errOverridePairNotFound(workflowID, tenantID)
	}
	return st.updateOverrideLocked(env, o.UnderscoreId, req), nil
}

func (st *store) updateOverrideLocked(env *environment, id string, req gen.UpdateWorkflowOverrideRequest) gen.WorkflowOverride {
	o := *env.workflows.overrides.get(id)
	o.Active = *orPtr(req.Active, &o.Active)
	o.PreferenceSettings = withPreferences(o.PreferenceSettings, req.PreferenceSettings) // Novu merges into the stored channels
	o.UpdatedAt = st.now(env.org)
	env.workflows.overrides.put(id, &o)
	return o
}

func (st *store) deleteWorkflowOverride(env *environment, id string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	o := env.workflows.overrides.get(id)
	if o == nil {
		return errNotFound("Workflow Override with id %s not found", id)
	}
	delete(env.workflows.byPair, overrideKey(o.UnderscoreWorkflowId, o.UnderscoreTenantId))
	env.workflows.overrides.delete(id)
	return nil
}
