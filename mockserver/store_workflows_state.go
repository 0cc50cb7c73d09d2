package mockserver

import "github.com/novumock/novumock/gen"

// workflowState holds an environment's workflows (notification templates), their groups and
// the per-tenant workflow overrides.
type workflowState struct {
	items     *table[gen.Workflow]         // by _id
	byIdent   map[string]string            // trigger identifier -> _id
	groups    *table[gen.WorkflowGroup]    // by _id
	overrides *table[gen.WorkflowOverride] // by _id
	byPair    map[string]string            // workflowID + "/" + tenantID -> override _id
}

// initWorkflows gives every environment the `General` group Novu creates with it; a child
// environment's copies the name of the parent's first group and points at it with _parentId.
func (st *store) initWorkflows(env *environment) {
	env.workflows = workflowState{
		items:     newTable[gen.Workflow](),
		byIdent:   map[string]string{},
		groups:    newTable[gen.WorkflowGroup](),
		overrides: newTable[gen.WorkflowOverride](),
		byPair:    map[string]string{},
	}
	now := st.now(env.org)
	id := st.newID()
	g := gen.WorkflowGroup{UnderscoreId: id, Name: "General",
		UnderscoreEnvironmentId: env.id, UnderscoreOrganizationId: env.org.id, CreatedAt: &now, UpdatedAt: &now}
	if env.parent != nil {
		if first := env.parent.workflows.groups.all(); len(first) > 0 {
			g.Name, g.UnderscoreParentId = first[0].Name, &first[0].UnderscoreId
		}
	}
	env.workflows.groups.put(id, &g)
}

// firstGroup is the group Novu finds first in the organization (a findOne by organization
// only, in storage order): the oldest group of the oldest environment that has one. Caller
// holds the lock.
func (org *organization) firstGroup() *gen.WorkflowGroup {
	for _, env := range org.envs {
		if all := env.workflows.groups.all(); len(all) > 0 {
			return all[0]
		}
	}
	return nil
}

// get finds a workflow by _id or, failing that, by trigger identifier. Caller holds the lock;
// the result must not be mutated.
func (w workflowState) get(idOrIdentifier string) *gen.Workflow {
	if wf := w.items.get(idOrIdentifier); wf != nil {
		return wf
	}
	return w.byTrigger(idOrIdentifier)
}

// byTrigger finds a workflow by its trigger identifier. Caller holds the lock.
func (w workflowState) byTrigger(identifier string) *gen.Workflow {
	if id, ok := w.byIdent[identifier]; ok {
		return w.items.get(id)
	}
	return nil
}

// all returns every workflow in creation order. Caller holds the lock.
func (w workflowState) all() []*gen.Workflow { return w.items.all() }

// hasTemplate reports whether a step of any workflow has the message template id. Caller
// holds the lock.
func (w workflowState) hasTemplate(id string) bool {
	for _, wf := range w.items.all() {
		for _, s := range wf.Steps {
			if deref(s.UnderscoreTemplateId) == id {
				return true
			}
			for _, v := range deref(s.Variants) {
				if deref(v.UnderscoreTemplateId) == id {
					return true
				}
			}
		}
	}
	return false
}

// usesFeed reports whether a message template of a step or variant names the feed. Caller
// holds the lock.
func (w workflowState) usesFeed(feedID string) bool {
	names := func(t *gen.MessageTemplate) bool {
		return t != nil && (deref(t.UnderscoreFeedId) == feedID || deref(t.FeedId) == feedID)
	}
	for _, wf := range w.items.all() {
		for _, s := range wf.Steps {
			if names(s.Template) {
				return true
			}
			for _, v := range deref(s.Variants) {
				if names(v.Template) {
					return true
				}
			}
		}
	}
	return false
}

// override is the tenant's override of a workflow (both by _id), or nil. Caller holds the lock.
func (w workflowState) override(workflowID, tenantID string) *gen.WorkflowOverride {
	if id, ok := w.byPair[overrideKey(workflowID, tenantID)]; ok {
		return w.overrides.get(id)
	}
	return nil
}

func overrideKey(workflowID, tenantID string) string { return workflowID + "/" + tenantID }

// withPreferences is base with the channels set in req replacing its own. Novu's schema gives
// each of the five channels a default of true, so workflows and overrides always read back
// with all five.
func withPreferences(base gen.PreferenceChannels, req *gen.PreferenceChannels) gen.PreferenceChannels {
	out := base
	for _, ch := range allChannels {
		if req != nil && *channelField(req, ch) != nil {
			*channelField(&out, ch) = ptrTo(**channelField(req, ch))
		} else if *channelField(&out, ch) == nil {
			*channelField(&out, ch) = ptrTo(true)
		}
	}
	return out
}
