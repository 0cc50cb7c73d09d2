package mockserver

import (
	"slices"
	"strings"

	"github.com/novumock/novumock/gen"
)

// layoutState holds an environment's e-mail layouts; at most one is the default.
type layoutState struct {
	items     *table[gen.Layout] // by _id
	byIdent   map[string]string  // identifier -> _id
	defaultID string
}

// initLayouts gives a new environment Novu's own default layout, as Novu does for every
// organization, so that e-mail steps always have a wrapper (caller holds the lock).
func (st *store) initLayouts(env *environment) {
	env.layouts = layoutState{items: newTable[gen.Layout](), byIdent: map[string]string{}}
	now := st.now(env.org)
	description := "The default layout created by Novu"
	// Novu creates it through its CreateLayout use case, which extracts the content's variables.
	variables, _ := layoutVariables(defaultLayoutContent, nil) // the constant parses
	l := gen.Layout{UnderscoreId: st.newID(), UnderscoreEnvironmentId: env.id, UnderscoreOrganizationId: env.org.id,
		UnderscoreCreatorId: env.userID(), Name: "Default Layout", Identifier: "novu-default-layout", Description: &description,
		Channel: gen.ChannelTypeEmail, Content: defaultLayoutContent, ContentType: gen.LayoutContentTypeCustomHtml,
		Variables: variables, Deleted: ptrTo(false), CreatedAt: now, UpdatedAt: now}
	st.putLayoutLocked(env, &l)
	st.setDefaultLayoutLocked(env, l.UnderscoreId)
}

const defaultLayoutContent = `<!DOCTYPE html><html><head><meta charset="utf-8"></head>` +
	`<body style="font-family:sans-serif;background:#f5f5f5"><div style="max-width:600px;margin:0 auto;background:#fff;padding:24px">` +
	`{{{body}}}</div></body></html>`

const layoutBody = "{{{body}}}"

func errLayoutNotFound(env *environment, id string) *apiError {
	return errNotFound("Layout not found for id %s in the environment %s", id, env.id)
}

func errLayoutIdentifierTaken(env *environment, identifier string) *apiError {
	return errConflict("Layout with identifier: %s already exists under environment %s", identifier, env.id)
}

// createLayout stores a layout; the first one of an environment, or one sent with isDefault,
// becomes the default.
func (st *store) createLayout(env *environment, req gen.CreateLayoutRequest) (string, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	// Novu's CreateLayout extracts the variables first, then checks for {{{body}}}, then the identifier.
	variables, err := layoutVariables(req.Content, req.Variables)
	if err != nil {
		return "", err
	}
	if !strings.Contains(req.Content, layoutBody) {
		return "", errBadRequest("Layout content must contain {{{body}}}")
	}
	if _, taken := env.layouts.byIdent[req.Identifier]; taken {
		return "", errLayoutIdentifierTaken(env, req.Identifier)
	}
	now := st.now(env.org)
	l := gen.Layout{UnderscoreId: st.newID(), UnderscoreEnvironmentId: env.id, UnderscoreOrganizationId: env.org.id,
		UnderscoreCreatorId: env.userID(), Name: req.Name, Identifier: req.Identifier, Description: req.Description,
		Channel: gen.ChannelTypeEmail, Content: req.Content, ContentType: gen.LayoutContentTypeCustomHtml,
		Variables: variables, Deleted: ptrTo(false), CreatedAt: now, UpdatedAt: now}
	st.putLayoutLocked(env, &l)
	prev := env.layouts.defaultID
	if prev == "" || (req.IsDefault != nil && *req.IsDefault) {
		st.setDefaultLayoutLocked(env, l.UnderscoreId)
	}
	// Novu's create hands a layout sent with isDefault to SetDefaultLayout, which records
	// DefaultLayout changes; any other gets a Layout change.
	if req.IsDefault != nil && *req.IsDefault {
		st.recordDefaultLayoutChangesLocked(env, l.UnderscoreId, prev)
	} else {
		st.recordChangeLocked(env, gen.ChangeTypeLayout, l.UnderscoreId, *env.layouts.items.get(l.UnderscoreId))
	}
	return l.UnderscoreId, nil
}

// listLayouts is one page (pagination style B, openapi.yaml) sorted on sortBy ("" is createdAt,
// newest first). Layouts that tie (the same createdAt, or a field they lack) keep creation order,
// reversed when descending.
func (st *store) listLayouts(env *environment, page, pageSize int, sortBy string, ascending bool) ([]gen.Layout, int) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	all := values(env.layouts.items.all())
	n := len(all)
	if pageSize == 0 {
		page, pageSize = 0, n // Novu skips page*0 and passes limit(0), which MongoDB reads as no limit
	}
	if !ascending {
		slices.Reverse(all)
	}
	if key := layoutSortKey(sortBy); key != nil {
		slices.SortStableFunc(all, func(a, b gen.Layout) int {
			if ascending {
				return strings.Compare(key(a), key(b))
			}
			return strings.Compare(key(b), key(a))
		})
	}
	off := pageOffset(page, pageSize)
	if off >= n || pageSize <= 0 {
		return []gen.Layout{}, n
	}
	return all[off:min(n, off+pageSize)], n
}

// layoutSortKey is the value a sortBy field orders layouts on, or nil for creation order.
func layoutSortKey(field string) func(gen.Layout) string {
	switch field {
	case "createdAt":
		return func(l gen.Layout) string { return l.CreatedAt }
	case "updatedAt":
		return func(l gen.Layout) string { return l.UpdatedAt }
	case "name":
		return func(l gen.Layout) string { return l.Name }
	case "identifier":
		return func(l gen.Layout) string { return l.Identifier }
	}
	return nil
}

func (st *store) getLayout(env *environment, id string) (gen.Layout, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	l := env.layouts.items.get(id)
	if l == nil {
		return gen.Layout{}, errLayoutNotFound(env, id)
	}
	return *l, nil
}

func (st *store) updateLayout(env *environment, id string, req gen.UpdateLayoutRequest) (gen.Layout, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	old := env.layouts.items.get(id)
	if old == nil {
		return gen.Layout{}, errLayoutNotFound(env, id)
	}
	// Novu's UpdateLayout applies a name, identifier, description or content only when it is
	// truthy in JavaScript, so an empty string leaves the field as it was. It checks the
	// identifier, then the default flag, then the patched content, in that order.
	req.Name, req.Identifier = truthyString(req.Name), truthyString(req.Identifier)
	req.Description, req.Content = truthyString(req.Description), truthyString(req.Content)
	if req.Identifier != nil {
		if other, taken := env.layouts.byIdent[*req.Identifier]; taken && other != id {
			return gen.Layout{}, errLayoutIdentifierTaken(env, *req.Identifier)
		}
	}
	if req.IsDefault != nil && !*req.IsDefault && old.IsDefault {
		return gen.Layout{}, errConflict("One default layout is required")
	}
	if req.Content != nil && !strings.Contains(*req.Content, layoutBody) {
		return gen.Layout{}, errBadRequest("Layout content must contain {{{body}}}")
	}
	l := *old
	l.Name = *orPtr(req.Name, &l.Name)
	l.Identifier = *orPtr(req.Identifier, &l.Identifier)
	l.Description = orPtr(req.Description, l.Description)
	l.Content = *orPtr(req.Content, &l.Content)
	l.Variables = orPtr(req.Variables, l.Variables)
	l.UpdatedAt = st.now(env.org)
	st.putLayoutLocked(env, &l)
	prev := env.layouts.defaultID
	if req.IsDefault != nil && *req.IsDefault && !old.IsDefault {
		st.setDefaultLayoutLocked(env, id)
	}
	l = *env.layouts.items.get(id)
	// As at create: Novu's update hands a layout that is (now) the default to SetDefaultLayout.
	if l.IsDefault {
		st.recordDefaultLayoutChangesLocked(env, id, prev)
	} else {
		st.recordChangeLocked(env, gen.ChangeTypeLayout, id, l)
	}
	return l, nil
}

// truthyString is p, or nil when p points at "" (a value JavaScript's && treats as absent).
func truthyString(p *string) *string {
	if p != nil && *p == "" {
		return nil
	}
	return p
}

func (st *store) deleteLayout(env *environment, id string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	l := env.layouts.items.get(id)
	if l == nil {
		return errLayoutNotFound(env, id)
	}
	// Novu's DeleteLayout asks whether a step uses the layout before it looks at isDefault, so
	// a default layout that a step also names gets the "is being used" answer.
	if layoutInUse(env, id) {
		return errConflict("Layout with id %s is being used so it can not be deleted", id)
	}
	if l.IsDefault {
		return errConflict("Layout with id %s is being used as your default layout, so it can not be deleted", id)
	}
	st.deleteLayoutLocked(env, id)
	st.recordChangeLocked(env, gen.ChangeTypeLayout, id, *l)
	return nil
}

func (st *store) setDefaultLayout(env *environment, id string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	if env.layouts.items.get(id) == nil {
		return errLayoutNotFound(env, id)
	}
	prev := env.layouts.defaultID
	st.setDefaultLayoutLocked(env, id)
	st.recordDefaultLayoutChangesLocked(env, id, prev)
	return nil
}

// recordDefaultLayoutChangesLocked records what Novu's SetDefaultLayout records once id is the
// default and prev was the default before ("" or id itself: there was no other): a DefaultLayout
// change for the layout alone, or one for prev and, under it (or under the change prev's pending
// change already hangs from), one for id. A pending change is rewritten and keeps its parent.
func (st *store) recordDefaultLayoutChangesLocked(env *environment, id, prev string) {
	layout := func(id string) gen.Layout { return *env.layouts.items.get(id) }
	if prev == "" || prev == id {
		st.recordChangeLocked(env, gen.ChangeTypeDefaultLayout, id, layout(id))
		return
	}
	parent := pendingParentLocked(env, gen.ChangeTypeDefaultLayout, prev)
	prevChange := st.recordChangeLocked(env, gen.ChangeTypeDefaultLayout, prev, layout(prev))
	if parent == "" {
		parent = prevChange
	}
	st.recordChildChangeLocked(env, gen.ChangeTypeDefaultLayout, id, layout(id), parent)
}

// layoutInUse reports whether a workflow step's template wraps its content in the layout.
func layoutInUse(env *environment, id string) bool {
	for _, wf := range env.workflows.all() {
		for _, s := range wf.Steps {
			if s.Template != nil && refValue(s.Template.UnderscoreLayoutId) == id {
				return true
			}
		}
	}
	return false
}

func (st *store) putLayoutLocked(env *environment, l *gen.Layout) {
	ls := env.layouts
	if old := ls.items.get(l.UnderscoreId); old != nil {
		delete(ls.byIdent, old.Identifier)
	}
	ls.items.put(l.UnderscoreId, l)
	ls.byIdent[l.Identifier] = l.UnderscoreId
}

func (st *store) deleteLayoutLocked(env *environment, id string) {
	if l := env.layouts.items.get(id); l != nil {
		delete(env.layouts.byIdent, l.Identifier)
		env.layouts.items.delete(id)
	}
	if env.layouts.defaultID == id {
		env.layouts.defaultID = ""
	}
}

// setDefaultLayoutLocked moves the isDefault flag to id (replacing both stored structs, as
// copies handed out earlier may still be read).
func (st *store) setDefaultLayoutLocked(env *environment, id string) {
	ls := &env.layouts
	if prev := ls.items.get(ls.defaultID); prev != nil && ls.defaultID != id {
		p := *prev
		p.IsDefault = false
		ls.items.put(p.UnderscoreId, &p)
	}
	if cur := ls.items.get(id); cur != nil {
		c := *cur
		c.IsDefault = true
		ls.items.put(id, &c)
	}
	ls.defaultID = id
}
