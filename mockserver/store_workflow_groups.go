package mockserver

import "github.com/novumock/novumock/gen"

// Workflow groups answer a bare 404 `Not Found` (Novu throws NotFoundException without text, so
// the body has no `error` key).

func (st *store) listWorkflowGroups(env *environment) []gen.WorkflowGroup {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return values(env.workflows.groups.all())
}

func (st *store) getWorkflowGroup(env *environment, id string) (gen.WorkflowGroup, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	g := env.workflows.groups.get(id)
	if g == nil {
		return gen.WorkflowGroup{}, errBareNotFound()
	}
	return *g, nil
}

func (st *store) createWorkflowGroup(env *environment, name string) gen.WorkflowGroup {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	// Novu's create takes _parentId from the organization's first group, whatever its environment.
	var parentID *string
	if first := env.org.firstGroup(); first != nil {
		parentID = ptrTo(first.UnderscoreId)
	}
	g := st.newGroupLocked(env, name, parentID)
	st.recordChangeLocked(env, gen.ChangeTypeNotificationGroup, g.UnderscoreId, g)
	return g
}

func (st *store) newGroupLocked(env *environment, name string, parentID *string) gen.WorkflowGroup {
	now := st.now(env.org)
	g := gen.WorkflowGroup{UnderscoreId: st.newID(), Name: name, UnderscoreEnvironmentId: env.id,
		UnderscoreOrganizationId: env.org.id, UnderscoreParentId: parentID, CreatedAt: &now, UpdatedAt: &now}
	env.workflows.groups.put(g.UnderscoreId, &g)
	return g
}

func (st *store) renameWorkflowGroup(env *environment, id, name string) (gen.WorkflowGroup, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	old := env.workflows.groups.get(id)
	if old == nil {
		return gen.WorkflowGroup{}, errBareNotFound()
	}
	g := *old
	g.Name, g.UpdatedAt = name, ptrTo(st.now(env.org))
	env.workflows.groups.put(id, &g) // no change is recorded: Novu's update-notification-group records none
	return g, nil
}

func (st *store) deleteWorkflowGroup(env *environment, id string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	if env.workflows.groups.get(id) == nil {
		return errBareNotFound()
	}
	env.workflows.groups.delete(id) // no change is recorded: Novu's delete-notification-group records none
	return nil
}
