package mockserver

import (
	"slices"

	"github.com/novumock/novumock/gen"
)

// Promotion copies a Development entity's current state into the child environment: the copy
// keeps _parentId = the Development _id, references (group, feed, layout) are mapped to their
// promoted copies, and an entity gone from Development is removed from the child. A child entity
// with the same natural key (group name, feed or layout identifier, trigger identifier) that was
// not promoted yet is adopted rather than duplicated.

// localID is dst's entity standing for src's id, if it still exists there.
func localID(dst *environment, srcID string, exists func(string) bool) (string, bool) {
	id, ok := dst.changes.promoted[srcID]
	if ok && exists(id) {
		return id, true
	}
	return "", false
}

func (st *store) promoteGroupLocked(src, dst *environment, id string) string {
	exists := func(x string) bool { return dst.workflows.groups.get(x) != nil }
	local, ok := localID(dst, id, exists)
	g := src.workflows.groups.get(id)
	if g == nil {
		if ok {
			dst.workflows.groups.delete(local)
		}
		delete(dst.changes.promoted, id)
		return ""
	}
	if !ok {
		for _, c := range dst.workflows.groups.all() {
			if c.Name == g.Name {
				local, ok = c.UnderscoreId, true
				break
			}
		}
	}
	if !ok {
		local = st.newGroupLocked(dst, g.Name, &id).UnderscoreId
	}
	c := *dst.workflows.groups.get(local)
	c.Name, c.UnderscoreParentId, c.UpdatedAt = g.Name, &id, ptrTo(st.now(dst.org))
	dst.workflows.groups.put(local, &c)
	dst.changes.promoted[id] = local
	return local
}

func (st *store) promoteFeedLocked(src, dst *environment, id string) string {
	local, ok := localID(dst, id, func(x string) bool { return dst.feeds.items.get(x) != nil })
	f := src.feeds.items.get(id)
	if f == nil {
		if ok {
			st.deleteFeedLocked(dst, local)
		}
		delete(dst.changes.promoted, id)
		return ""
	}
	if !ok {
		local = dst.feeds.byIdent[f.Identifier]
	}
	if local == "" {
		local = st.newID()
	}
	c := *f
	c.UnderscoreId, c.UnderscoreEnvironmentId = local, dst.id
	st.putFeedLocked(dst, &c)
	dst.changes.promoted[id] = local
	return local
}

func (st *store) promoteLayoutLocked(src, dst *environment, id string) string {
	local, ok := localID(dst, id, func(x string) bool { return dst.layouts.items.get(x) != nil })
	l := src.layouts.items.get(id)
	if l == nil {
		if ok {
			st.deleteLayoutLocked(dst, local)
		}
		delete(dst.changes.promoted, id)
		return ""
	}
	if !ok {
		local = dst.layouts.byIdent[l.Identifier]
	}
	c := *l
	if local == "" {
		local = st.newID()
		c.IsDefault = false
	} else {
		c.IsDefault = dst.layouts.defaultID == local
		c.CreatedAt = dst.layouts.items.get(local).CreatedAt
	}
	c.UnderscoreId, c.UnderscoreEnvironmentId, c.UnderscoreParentId = local, dst.id, &id
	st.putLayoutLocked(dst, &c)
	dst.changes.promoted[id] = local
	if l.IsDefault || dst.layouts.defaultID == "" {
		st.setDefaultLayoutLocked(dst, local)
	}
	return local
}

func (st *store) promoteWorkflowLocked(src, dst *environment, id string) {
	local, ok := localID(dst, id, func(x string) bool { return dst.workflows.items.get(x) != nil })
	wf := src.workflows.items.get(id)
	if wf == nil {
		if ok {
			st.deleteWorkflowLocked(dst, local)
		}
		delete(dst.changes.promoted, id)
		return
	}
	if other := dst.workflows.byTrigger(triggerOf(wf)); !ok && other != nil {
		local, ok = other.UnderscoreId, true
	}
	c := *wf
	if !ok {
		local = st.newID()
	} else {
		c.CreatedAt = dst.workflows.items.get(local).CreatedAt
	}
	c.UnderscoreId, c.UnderscoreEnvironmentId, c.UnderscoreParentId = local, dst.id, &id
	c.UnderscoreNotificationGroupId = st.promotedRefLocked(src, dst, wf.UnderscoreNotificationGroupId, st.promoteGroupLocked)
	c.Steps = st.promoteStepsLocked(src, dst, wf.Steps)
	st.putWorkflowLocked(dst, &c)
	dst.changes.promoted[id] = local
}

// promotedRefLocked maps a reference to its promoted copy, promoting the referenced entity first
// when it has no copy yet.
func (st *store) promotedRefLocked(src, dst *environment, id string, promote func(src, dst *environment, id string) string) string {
	if local, ok := dst.changes.promoted[id]; ok {
		return local
	}
	return promote(src, dst, id)
}

// promoteStepsLocked copies the steps as Novu's promotion does (seen on a v2.0.0 API): a step
// and a variant keep their Development _id and _parentId, while their message template is the
// child environment's own copy, with its own _id (the step's _templateId) and _parentId the
// Development template's.
func (st *store) promoteStepsLocked(src, dst *environment, steps []gen.NotificationStep) []gen.NotificationStep {
	out := make([]gen.NotificationStep, len(steps))
	for i, s := range steps {
		if s.Template != nil {
			s.Template = st.promoteTemplateLocked(src, dst, *s.Template)
			s.UnderscoreTemplateId = s.Template.UnderscoreId
		}
		if s.Variants != nil {
			variants := slices.Clone(*s.Variants)
			for j, v := range variants {
				if v.Template != nil {
					v.Template = st.promoteTemplateLocked(src, dst, *v.Template)
					v.UnderscoreTemplateId = v.Template.UnderscoreId
				}
				variants[j] = v
			}
			s.Variants = &variants
		}
		out[i] = s
	}
	return out
}

// promoteTemplateLocked is a step's message template as the child environment holds it: its
// own _id, the same at every promotion, and _parentId the Development template's _id.
func (st *store) promoteTemplateLocked(src, dst *environment, t gen.MessageTemplate) *gen.MessageTemplate {
	devID := deref(t.UnderscoreId)
	local, ok := dst.changes.promoted[devID]
	if !ok {
		local = st.newID()
		dst.changes.promoted[devID] = local
	}
	t.UnderscoreId, t.UnderscoreParentId = &local, &devID
	t.UnderscoreEnvironmentId = &dst.id
	t.UnderscoreFeedId = st.promotedRefPtrLocked(src, dst, t.UnderscoreFeedId, st.promoteFeedLocked)
	t.UnderscoreLayoutId = st.promotedRefPtrLocked(src, dst, t.UnderscoreLayoutId, st.promoteLayoutLocked)
	t.FeedId, t.LayoutId = t.UnderscoreFeedId, t.UnderscoreLayoutId
	return &t
}

// promoteMessageTemplateLocked promotes one step's message template on its own (a MessageTemplate
// change applied by its id): the promoted workflows whose steps show it get its current content,
// or, when Development deleted it, show no template any more (Novu deletes the promoted template
// and a workflow's steps populate only live ones). A template no promoted workflow shows yet stays
// out of sight, as Novu's promoted template does until its workflow is promoted.
func (st *store) promoteMessageTemplateLocked(src, dst *environment, id string) {
	var current *gen.MessageTemplate
	for _, wf := range src.workflows.all() {
		for _, s := range wf.Steps {
			if s.Template != nil && deref(s.Template.UnderscoreId) == id {
				current = s.Template
			}
		}
	}
	for _, wf := range dst.workflows.all() {
		i := slices.IndexFunc(wf.Steps, func(s gen.NotificationStep) bool {
			return s.Template != nil && deref(s.Template.UnderscoreParentId) == id
		})
		if i < 0 {
			continue
		}
		c := *wf
		c.Steps = slices.Clone(wf.Steps)
		c.Steps[i].Template = nil
		if current != nil {
			c.Steps[i].Template = st.promoteTemplateLocked(src, dst, *current)
		}
		st.putWorkflowLocked(dst, &c)
	}
}

func (st *store) promotedRefPtrLocked(src, dst *environment, id *string, promote func(src, dst *environment, id string) string) *string {
	if id == nil {
		return nil
	}
	if local := st.promotedRefLocked(src, dst, *id, promote); local != "" {
		return &local
	}
	return nil
}
