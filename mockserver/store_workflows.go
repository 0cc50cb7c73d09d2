package mockserver

import (
	"regexp"
	"slices"
	"strings"

	"github.com/novumock/novumock/gen"
)

// listWorkflows is one page (pagination style C, openapi.yaml) of the env's workflows; query
// matches name or trigger identifier, case-insensitively.
func (st *store) listWorkflows(env *environment, page, limit int, query string) ([]gen.Workflow, int) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	w := env.workflows
	if query == "" {
		return st.workflowViews(env, w.items.page(pageOffset(page, limit), limit)), w.items.len()
	}
	q := strings.ToLower(query)
	hits := w.items.filter(func(wf *gen.Workflow) bool {
		return strings.Contains(strings.ToLower(wf.Name), q) || strings.Contains(strings.ToLower(triggerOf(wf)), q)
	})
	return st.workflowViews(env, slicePage(hits, pageOffset(page, limit), limit)), len(hits)
}

func (st *store) getWorkflow(env *environment, idOrIdentifier string) (gen.Workflow, error) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	wf := env.workflows.get(idOrIdentifier)
	if wf == nil {
		return gen.Workflow{}, errNotFound("Template with id %s not found", idOrIdentifier)
	}
	return st.workflowView(env, wf), nil
}

func (st *store) createWorkflow(env *environment, req gen.CreateWorkflowRequest) (gen.Workflow, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if env.workflows.groups.get(req.NotificationGroupId) == nil {
		return gen.Workflow{}, errBadRequest("Notification group with id %s not found", req.NotificationGroupId)
	}
	ident := slug(req.Name)
	if env.workflows.byTrigger(ident) != nil {
		ident += "-" + st.shortID()
	}
	now := st.now()
	active := req.Active != nil && *req.Active
	wf := gen.Workflow{
		UnderscoreId: st.newID(), Name: req.Name, Description: req.Description,
		Active: active, Draft: !active, Critical: req.Critical != nil && *req.Critical,
		PreferenceSettings: withPreferences(gen.PreferenceChannels{}, req.PreferenceSettings),
		Tags:               *orPtr(req.Tags, &[]string{}), Data: req.Data,
		UnderscoreNotificationGroupId: req.NotificationGroupId,
		UnderscoreOrganizationId:      env.org.id, UnderscoreEnvironmentId: env.id,
		UnderscoreCreatorId: env.userID(), CreatedAt: now, UpdatedAt: now,
	}
	steps, err := st.newSteps(env, req.Steps, false)
	if err == nil {
		err = checkStepTemplates(steps)
	}
	if err != nil {
		return gen.Workflow{}, err
	}
	wf.Steps = steps
	wf.Triggers = []gen.WorkflowTrigger{newTrigger(ident, wf.Steps)}
	st.putWorkflowLocked(env, &wf)
	st.recordWorkflowChangeLocked(env, wf, stepTemplates(wf.Steps))
	return st.workflowView(env, &wf), nil
}

func (st *store) updateWorkflow(env *environment, id string, req gen.UpdateWorkflowRequest) (gen.Workflow, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	old := env.workflows.get(id)
	if old == nil {
		return gen.Workflow{}, errNotFound("Notification template with id %s not found", id)
	}
	if !updatable(req) {
		return gen.Workflow{}, errBadRequest("No properties found for update")
	}
	if deref(req.Identifier) != "" {
		if other := env.workflows.byTrigger(*req.Identifier); other != nil && other.UnderscoreId != old.UnderscoreId {
			return gen.Workflow{}, errBadRequest("Workflow with identifier %s already exists", *req.Identifier)
		}
	}
	if req.NotificationGroupId != nil && env.workflows.groups.get(*req.NotificationGroupId) == nil {
		return gen.Workflow{}, errBadRequest("Notification group with id %s not found", *req.NotificationGroupId)
	}
	wf := *old
	if deref(req.Name) != "" {
		wf.Name = *req.Name
	}
	wf.Description = orPtr(req.Description, wf.Description)
	wf.Tags = *orPtr(req.Tags, &wf.Tags)
	wf.Critical = *orPtr(req.Critical, &wf.Critical)
	if req.PreferenceSettings != nil {
		// Novu sets the object as sent, so a channel left out is back at its default.
		wf.PreferenceSettings = withPreferences(gen.PreferenceChannels{}, req.PreferenceSettings)
	}
	wf.Data = orPtr(req.Data, wf.Data)
	wf.UnderscoreNotificationGroupId = *orPtr(req.NotificationGroupId, &wf.UnderscoreNotificationGroupId)
	if req.Steps != nil {
		steps, err := st.newSteps(env, *req.Steps, true)
		if err == nil {
			err = checkStepTemplates(steps)
		}
		if err != nil {
			return gen.Workflow{}, err
		}
		wf.Steps = steps
	}
	ident := triggerOf(old)
	if deref(req.Identifier) != "" {
		ident = *req.Identifier
	}
	wf.Triggers = []gen.WorkflowTrigger{newTrigger(ident, wf.Steps)}
	wf.UpdatedAt = st.now()
	st.putWorkflowLocked(env, &wf)
	var changed []gen.MessageTemplate
	if req.Steps != nil {
		// Novu writes every step's template (created or edited), then deletes the dropped ones.
		changed = stepTemplates(wf.Steps)
		for _, t := range stepTemplates(old.Steps) {
			if !slices.ContainsFunc(wf.Steps, func(s gen.NotificationStep) bool { return deref(s.UnderscoreTemplateId) == deref(t.UnderscoreId) }) {
				changed = append(changed, t)
			}
		}
	}
	st.recordWorkflowChangeLocked(env, wf, changed)
	return st.workflowView(env, &wf), nil
}

// stepTemplates are the message templates of the steps.
func stepTemplates(steps []gen.NotificationStep) []gen.MessageTemplate {
	var out []gen.MessageTemplate
	for _, s := range steps {
		if s.Template != nil {
			out = append(out, *s.Template)
		}
	}
	return out
}

// updatable reports whether Novu's update would change anything. Its checks are JavaScript
// truthiness: an empty name or identifier is skipped (never blanks the workflow), while an
// empty description, tags list, data object or preferences object still counts.
func updatable(req gen.UpdateWorkflowRequest) bool {
	return deref(req.Name) != "" || deref(req.Identifier) != "" || deref(req.NotificationGroupId) != "" ||
		req.Description != nil || req.Critical != nil || req.PreferenceSettings != nil ||
		req.Steps != nil || req.Tags != nil || req.Data != nil
}

func (st *store) setWorkflowStatus(env *environment, id string, active bool) (gen.Workflow, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	old := env.workflows.get(id)
	if old == nil {
		return gen.Workflow{}, errNotFound("Template with id %s not found", id)
	}
	if old.Active == active {
		return gen.Workflow{}, errBadRequest("You must provide a different status from the current status")
	}
	wf := *old
	wf.Active, wf.Draft, wf.UpdatedAt = active, !active, st.now()
	st.putWorkflowLocked(env, &wf)
	st.recordChangeLocked(env, gen.ChangeTypeNotificationTemplate, wf.UnderscoreId, wf)
	return st.workflowView(env, &wf), nil
}

func (st *store) deleteWorkflow(env *environment, id string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	wf := env.workflows.get(id)
	if wf == nil {
		return errBadRequest("Could not find workflow with id %s", id)
	}
	st.deleteWorkflowLocked(env, wf.UnderscoreId)
	st.recordWorkflowChangeLocked(env, *wf, stepTemplates(wf.Steps)) // Novu deletes each step's template too
	return nil
}

// putWorkflowLocked stores wf and keeps the trigger index in step with it.
func (st *store) putWorkflowLocked(env *environment, wf *gen.Workflow) {
	w := env.workflows
	if old := w.items.get(wf.UnderscoreId); old != nil {
		delete(w.byIdent, triggerOf(old))
	}
	w.items.put(wf.UnderscoreId, wf)
	w.byIdent[triggerOf(wf)] = wf.UnderscoreId
}

// deleteWorkflowLocked removes a workflow with its overrides (Novu hides soft-deleted rows from
// every read, so dropping them is indistinguishable).
func (st *store) deleteWorkflowLocked(env *environment, id string) {
	w := env.workflows
	wf := w.items.get(id)
	if wf == nil {
		return
	}
	delete(w.byIdent, triggerOf(wf))
	w.items.delete(id)
	for _, o := range w.overrides.filter(func(o *gen.WorkflowOverride) bool { return o.UnderscoreWorkflowId == id }) {
		delete(w.byPair, overrideKey(id, o.UnderscoreTenantId))
		w.overrides.delete(o.UnderscoreId)
	}
}

// newSteps keeps the steps as the client sent them and adds the ids Novu assigns: the
// template's _id, which is also the step's _id and _templateId (Novu's step takes the id of the
// message template it creates or updates), the chain of _parentId and the _feedId/_layoutId
// taken from the request-form feedId/layoutId. update is false on create, where Novu makes
// every template anew.
func (st *store) newSteps(env *environment, in []gen.NotificationStep, update bool) ([]gen.NotificationStep, error) {
	out := make([]gen.NotificationStep, len(in))
	var prev *string
	for i, s := range in {
		id, err := st.stepID(env, s, update)
		if err != nil {
			return nil, err
		}
		s.UnderscoreId, s.UnderscoreTemplateId = &id, nil
		s.UnderscoreParentId = prev
		prev = s.UnderscoreId
		if s.Template != nil {
			t := *s.Template
			t.UnderscoreId = &id
			t.UnderscoreEnvironmentId, t.UnderscoreOrganizationId = &env.id, &env.org.id
			if t.FeedId != nil {
				t.UnderscoreFeedId = t.FeedId
			}
			if t.LayoutId != nil {
				t.UnderscoreLayoutId = t.LayoutId
			}
			s.Template, s.UnderscoreTemplateId = &t, &id
		}
		out[i] = s
	}
	return out, nil
}

// stepID is the _id of a step and of its message template. On update Novu edits the message
// template named by _templateId in place (a step sent back as read keeps its id, whatever _id
// it carries) and answers 404 when the environment has no such template; a step without one
// gets a new template.
func (st *store) stepID(env *environment, s gen.NotificationStep, update bool) (string, error) {
	tmplID := deref(s.UnderscoreTemplateId)
	switch {
	case !update || tmplID == "":
		return st.newID(), nil
	case !env.workflows.hasTemplate(tmplID):
		return "", errNotFound("Message template with id %s not found", tmplID)
	}
	return tmplID, nil
}

// workflowView is the stored workflow with its group populated, as Novu returns it.
func (st *store) workflowView(env *environment, wf *gen.Workflow) gen.Workflow {
	v := *wf
	if g := env.workflows.groups.get(wf.UnderscoreNotificationGroupId); g != nil {
		gc := *g
		v.NotificationGroup = &gc
	}
	return v
}

func (st *store) workflowViews(env *environment, wfs []*gen.Workflow) []gen.Workflow {
	out := make([]gen.Workflow, 0, len(wfs))
	for _, wf := range wfs {
		out = append(out, st.workflowView(env, wf))
	}
	return out
}

func triggerOf(wf *gen.Workflow) string {
	if len(wf.Triggers) == 0 {
		return ""
	}
	return wf.Triggers[0].Identifier
}

// placeholder matches {{name}}, {{{name}}} and {{ payload.a.b }}; helpers (#if, /if, else with
// arguments) do not match, so only plain variable references are collected.
var placeholder = regexp.MustCompile(`\{\{\{?\s*([A-Za-z_][\w.]*)\s*\}?\}\}`)

// newTrigger collects the payload variables (payload.x or bare x), subscriber variables
// (subscriber.x) and trigger contexts (tenant.x, actor.x) that the step contents use, in
// first-use order.
func newTrigger(identifier string, steps []gen.NotificationStep) gen.WorkflowTrigger {
	vars, subs := []gen.WorkflowTriggerVariable{}, []gen.WorkflowTriggerVariable{}
	var reserved []gen.WorkflowReservedVariables
	addReserved := func(typ gen.WorkflowReservedVariablesType, name string) {
		i := slices.IndexFunc(reserved, func(r gen.WorkflowReservedVariables) bool { return r.Type == typ })
		if i < 0 {
			reserved = append(reserved, gen.WorkflowReservedVariables{Type: typ, Variables: []gen.WorkflowTriggerVariable{}})
			i = len(reserved) - 1
		}
		if name != "" {
			reserved[i].Variables = append(reserved[i].Variables, gen.WorkflowTriggerVariable{Name: name})
		}
	}
	seen := map[string]bool{}
	for _, s := range steps {
		if s.Template == nil {
			continue
		}
		t := s.Template
		texts := contentTexts(t.Content)
		for _, text := range []*string{t.Subject, t.Title, t.Preheader, t.SenderName} {
			if text != nil {
				texts = append(texts, *text)
			}
		}
		for _, text := range texts {
			for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
				name := m[1]
				if seen[name] {
					continue
				}
				seen[name] = true
				switch root, rest, _ := strings.Cut(name, "."); root {
				case "subscriber":
					subs = append(subs, gen.WorkflowTriggerVariable{Name: rest})
				case "payload":
					vars = append(vars, gen.WorkflowTriggerVariable{Name: rest})
				case "tenant":
					addReserved(gen.WorkflowReservedVariablesTypeTenant, rest)
				case "actor":
					addReserved(gen.WorkflowReservedVariablesTypeActor, rest)
				case "step", "branding", "body", "preheader", "this":
				default:
					vars = append(vars, gen.WorkflowTriggerVariable{Name: name})
				}
			}
		}
	}
	trigger := gen.WorkflowTrigger{Type: gen.WorkflowTriggerTypeEvent, Identifier: identifier, Variables: vars, SubscriberVariables: &subs}
	if len(reserved) > 0 {
		trigger.ReservedVariables = &reserved
	}
	return trigger
}

// slicePage is items [offset, offset+limit) as values.
func slicePage[T any](items []*T, offset, limit int) []*T {
	if offset < 0 || offset >= len(items) || limit <= 0 {
		return nil
	}
	return items[offset:min(len(items), offset+limit)]
}
