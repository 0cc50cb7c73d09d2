package mockserver

import (
	"slices"

	"github.com/novumock/novumock/gen"
)

// changeState holds the changes recorded in a Development environment, waiting to be promoted
// to its child, and (in the child) which promoted entity stands for which parent entity.
//
// As in Novu (its getChangeId), an entity has at most one pending change, which a later change
// of the entity rewrites in place. A workflow's change is a root: the changes of its steps'
// message templates (type MessageTemplate) point to it with _parentId, and lists and counts show
// roots only. Applying a change applies the changes under it first (see applyChangeLocked).
type changeState struct {
	items    *table[gen.Change]  // by _id
	open     map[string]string   // type/entityId -> pending change _id
	children map[string][]string // root change _id -> its children's _ids
	promoted map[string]string   // parent environment entity _id -> this environment's entity _id
}

func (st *store) initChanges(env *environment) {
	env.changes = changeState{items: newTable[gen.Change](), open: map[string]string{},
		children: map[string][]string{}, promoted: map[string]string{}}
}

// childEnvironment is the environment changes of env are promoted to, or nil.
func childEnvironment(env *environment) *environment {
	for _, e := range env.org.envs {
		if e.parent == env {
			return e
		}
	}
	return nil
}

// recordChangeLocked notes that an entity of a Development environment was created, updated or
// deleted; snapshot is the entity as it is (or was, for a delete). It answers the change's _id.
func (st *store) recordChangeLocked(env *environment, typ gen.ChangeType, entityID string, snapshot any) string {
	return st.recordChildChangeLocked(env, typ, entityID, snapshot, "")
}

// recordWorkflowChangeLocked records the change of a workflow and, under it, those of the
// message templates it created, edited or dropped (Novu's create/update/delete of a workflow
// pass the workflow's change _id to each message template change as its parent).
func (st *store) recordWorkflowChangeLocked(env *environment, wf gen.Workflow, templates []gen.MessageTemplate) {
	root := st.recordChangeLocked(env, gen.ChangeTypeNotificationTemplate, wf.UnderscoreId, wf)
	for _, t := range templates {
		st.recordChildChangeLocked(env, gen.ChangeTypeMessageTemplate, deref(t.UnderscoreId), t, root)
	}
}

// recordChildChangeLocked is recordChangeLocked for a change under parent ("" for a root).
func (st *store) recordChildChangeLocked(env *environment, typ gen.ChangeType, entityID string, snapshot any, parent string) string {
	if env.parent != nil || childEnvironment(env) == nil {
		return ""
	}
	cs := env.changes
	key := string(typ) + "/" + entityID
	if id, ok := cs.open[key]; ok {
		c := *cs.items.get(id)
		c.Change, c.UpdatedAt = snapshot, ptrTo(st.now(env.org))
		cs.items.put(id, &c)
		return id
	}
	c := gen.Change{UnderscoreId: st.newID(), UnderscoreCreatorId: env.userID(), UnderscoreEnvironmentId: env.id,
		UnderscoreOrganizationId: env.org.id, UnderscoreEntityId: entityID, Type: typ, Change: snapshot}
	now := st.now(env.org)
	c.CreatedAt, c.UpdatedAt = now, &now
	if parent != "" {
		c.UnderscoreParentId = ptrTo(parent)
		cs.children[parent] = append(slices.Clip(cs.children[parent]), c.UnderscoreId)
	}
	cs.open[key] = c.UnderscoreId
	cs.items.put(c.UnderscoreId, &c)
	return c.UnderscoreId
}

// pendingParentLocked is the _parentId of the entity's pending change, or "" (none, or a root).
func pendingParentLocked(env *environment, typ gen.ChangeType, entityID string) string {
	if id, ok := env.changes.open[string(typ)+"/"+entityID]; ok {
		return deref(env.changes.items.get(id).UnderscoreParentId)
	}
	return ""
}

// listChanges is one page (pagination style C, openapi.yaml) of root changes, newest first.
func (st *store) listChanges(env *environment, promoted bool, page, limit int) ([]gen.Change, int) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	roots := env.changes.items.filter(func(c *gen.Change) bool { return c.UnderscoreParentId == nil && c.Enabled == promoted })
	slices.Reverse(roots)
	out := values(slicePage(roots, pageOffset(page, limit), limit))
	for i := range out {
		addChangeView(env, &out[i])
	}
	return out, len(roots)
}

// addChangeView adds what Novu's list shows next to a change (v2.0.0 get-changes.usecase.ts):
// the changed workflow's id and name, the changed group's, feed's or layout's name, and for a
// default-layout switch the layout that is default besides it. Workflows, feeds and layouts are
// soft-deleted in Novu, which finds a deleted one too and shows its last name; a group is
// hard-deleted and then shows nothing.
func addChangeView(env *environment, c *gen.Change) {
	// The list populates the author (_id, names, picture; change.repository.ts getList at v2.0.0).
	for _, m := range env.org.members.all() {
		if m.UnderscoreUserId == c.UnderscoreCreatorId && m.User != nil {
			c.User = &gen.ChangeUser{UnderscoreId: m.User.UnderscoreId, FirstName: m.User.FirstName, LastName: m.User.LastName}
			break
		}
	}
	id := c.UnderscoreEntityId
	switch c.Type {
	case gen.ChangeTypeNotificationTemplate:
		if wf := env.workflows.items.get(id); wf != nil {
			c.TemplateId, c.TemplateName = &wf.UnderscoreId, &wf.Name
		} else if name, ok := deletedName(env, c.Type, id); ok {
			c.TemplateId, c.TemplateName = &id, &name
		}
	case gen.ChangeTypeNotificationGroup:
		if g := env.workflows.groups.get(id); g != nil {
			c.TemplateName = &g.Name
		}
	case gen.ChangeTypeFeed:
		if f := env.feeds.items.get(id); f != nil {
			c.TemplateName = &f.Name
		} else if name, ok := deletedName(env, c.Type, id); ok {
			c.TemplateName = &name
		}
	case gen.ChangeTypeLayout, gen.ChangeTypeDefaultLayout:
		if l := env.layouts.items.get(id); l != nil {
			c.TemplateName = &l.Name
		} else if name, ok := deletedName(env, gen.ChangeTypeLayout, id); ok {
			c.TemplateName = &name
		}
		if c.Type == gen.ChangeTypeDefaultLayout {
			if d := env.layouts.items.get(env.layouts.defaultID); d != nil && d.UnderscoreId != id {
				c.PreviousDefaultLayout = &d.Name
			}
		}
	}
}

// deletedName is the name of a deleted entity as its last recorded change shows it (the change
// of its deletion holds it as it was).
func deletedName(env *environment, typ gen.ChangeType, entityID string) (string, bool) {
	items := env.changes.items.all()
	for i := len(items) - 1; i >= 0; i-- {
		c := items[i]
		if c.UnderscoreEntityId != entityID || (c.Type != typ && !(typ == gen.ChangeTypeLayout && c.Type == gen.ChangeTypeDefaultLayout)) {
			continue
		}
		switch s := c.Change.(type) {
		case gen.Workflow:
			return s.Name, true
		case *gen.Workflow:
			return s.Name, true
		case gen.Feed:
			return s.Name, true
		case *gen.Feed:
			return s.Name, true
		case gen.Layout:
			return s.Name, true
		case *gen.Layout:
			return s.Name, true
		}
	}
	return "", false
}

func (st *store) countChanges(env *environment) int {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return len(env.changes.items.filter(func(c *gen.Change) bool { return c.UnderscoreParentId == nil && !c.Enabled }))
}

// applyChange is POST /changes/{id}/apply: 404 for an id the environment does not have.
func (st *store) applyChange(env *environment, id string) ([]gen.Change, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	c := env.changes.items.get(id)
	if c == nil {
		return nil, errNotFound("Parent Change not found")
	}
	return st.applyChangeLocked(env, c), nil
}

// applyChanges is POST /changes/bulk/apply. As Novu's BulkApplyChange, it finds the listed
// changes of the environment (an id it does not find is skipped, a repeated one applied once)
// and applies them oldest first, each as the single call does.
func (st *store) applyChanges(env *environment, ids []string) []gen.Change {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	out := []gen.Change{}
	for _, c := range env.changes.items.filter(func(c *gen.Change) bool { return slices.Contains(ids, c.UnderscoreId) }) {
		out = append(out, st.applyChangeLocked(env, c)...)
	}
	return out
}

// applyChangeLocked applies the change's children, then the change itself, as Novu's ApplyChange
// does: each is marked enabled and its own entity promoted, and they are answered in that order,
// as Novu read them before marking them (so a pending change is answered with enabled: false).
// Only the changes under the given one are involved, so a child applied by its own id is applied
// alone and its parent stays pending.
func (st *store) applyChangeLocked(env *environment, c *gen.Change) []gen.Change {
	cs := env.changes
	dst := childEnvironment(env)
	group := append(slices.Clone(cs.children[c.UnderscoreId]), c.UnderscoreId)
	out := make([]gen.Change, 0, len(group))
	for _, id := range group {
		read := *cs.items.get(id)
		if key := string(read.Type) + "/" + read.UnderscoreEntityId; cs.open[key] == id {
			delete(cs.open, key)
		}
		c := read
		c.Enabled, c.UpdatedAt = true, ptrTo(st.now(env.org))
		cs.items.put(id, &c)
		if dst != nil {
			st.promoteLocked(env, dst, c.Type, c.UnderscoreEntityId)
		}
		out = append(out, read)
	}
	return out
}

func (st *store) promoteLocked(src, dst *environment, typ gen.ChangeType, entityID string) {
	switch typ {
	case gen.ChangeTypeNotificationTemplate:
		st.promoteWorkflowLocked(src, dst, entityID)
	case gen.ChangeTypeMessageTemplate:
		st.promoteMessageTemplateLocked(src, dst, entityID)
	case gen.ChangeTypeNotificationGroup:
		st.promoteGroupLocked(src, dst, entityID)
	case gen.ChangeTypeFeed:
		st.promoteFeedLocked(src, dst, entityID)
	case gen.ChangeTypeLayout, gen.ChangeTypeDefaultLayout:
		// Like Novu's PromoteLayoutChange for both: the copy takes isDefault from Development, so
		// the previous default's change, applied after the new default's, leaves it the default.
		st.promoteLayoutLocked(src, dst, entityID)
	}
}
