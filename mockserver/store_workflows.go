package mockserver

import (
	"slices"
	"strings"
	"time"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/handlebars"
	"github.com/novumock/novumock/internal/jsonnull"
	"github.com/novumock/novumock/internal/jsvalue"
)

// listWorkflows is one page (pagination style C, openapi.yaml) of the env's workflows, newest first; query matches name
// or trigger identifier, case-insensitively. Novu's getList sorts on createdAt: -1, leaves out
// steps[].variants and populates each step's template with its type only
// (v2.0.0 notification-template.repository.ts:180-215).
func (st *store) listWorkflows(env *environment, page, limit int, query string) ([]gen.Workflow, int) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	w := env.workflows
	if query == "" {
		return st.workflowListViews(env, w.items.pageNewest(pageOffset(page, limit), limit)), w.items.len()
	}
	q := strings.ToLower(query)
	hits := w.items.filter(func(wf *gen.Workflow) bool {
		return strings.Contains(strings.ToLower(wf.Name), q) || strings.Contains(strings.ToLower(triggerOf(wf)), q)
	})
	slices.Reverse(hits)
	return st.workflowListViews(env, slicePage(hits, pageOffset(page, limit), limit)), len(hits)
}

// workflowListViews are workflows as the list shows them: steps without variants, each step's
// template reduced to its _id and type, and the workflowIntegrationStatus Novu's list adds.
func (st *store) workflowListViews(env *environment, wfs []*gen.Workflow) []gen.Workflow {
	out := st.workflowViews(env, wfs)
	channels := st.channelIntegrationStatusLocked(env)
	for i := range out {
		out[i].WorkflowIntegrationStatus = workflowIntegrationStatus(out[i].Steps, channels)
		steps := make([]gen.NotificationStep, len(out[i].Steps))
		for j, s := range out[i].Steps {
			s.Variants = nil
			if s.Template != nil {
				s.Template = &gen.MessageTemplate{UnderscoreId: s.Template.UnderscoreId, Type: s.Template.Type}
			}
			steps[j] = s
		}
		out[i].Steps = steps
	}
	return out
}

func (st *store) getWorkflow(env *environment, idOrIdentifier string) (gen.Workflow, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	wf := env.workflows.get(idOrIdentifier)
	if wf == nil {
		return gen.Workflow{}, errNotFound("Template with id %s not found", idOrIdentifier)
	}
	return st.workflowView(env, wf), nil
}

func (st *store) createWorkflow(env *environment, req gen.CreateWorkflowRequest) (gen.Workflow, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	if deref(req.BlueprintId) != "" {
		group, err := st.blueprintGroupLocked(env, req.NotificationGroup)
		if err != nil {
			return gen.Workflow{}, err
		}
		req.NotificationGroupId, req.Data = group, nil
		req.Steps = slices.Clone(req.Steps)
		for i, step := range req.Steps {
			if step.Template != nil {
				t := *step.Template
				t.FeedId = nil
				req.Steps[i].Template = &t
			}
		}
	}
	if env.workflows.groups.get(req.NotificationGroupId) == nil {
		return gen.Workflow{}, errBadRequest("Notification group with id %s not found", req.NotificationGroupId)
	}
	ident := slug(req.Name)
	if env.workflows.byTrigger(ident) != nil {
		ident += "-" + st.shortID()
	}
	now := st.now(env.org)
	active := req.Active != nil && *req.Active
	wf := gen.Workflow{
		UnderscoreId: st.newID(), Name: req.Name, Description: req.Description, Type: ptrTo("REGULAR"), IsBlueprint: ptrTo(false),
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
	wf.Triggers = []gen.WorkflowTrigger{newTrigger(ident, wf.Steps, st.newID)}
	if deref(req.BlueprintId) != "" {
		wf.BlueprintId = req.BlueprintId
	}
	st.putWorkflowLocked(env, &wf)
	st.recordWorkflowChangeLocked(env, wf, stepTemplates(wf.Steps))
	return st.workflowView(env, &wf), nil
}

// blueprintGroupLocked is the group a workflow created from a blueprint goes into, as Novu's
// processBlueprint and handleGroup choose it (create-workflow.usecase.ts:430-453,532-562 at
// v2.0.0): the environment's group named notificationGroup.name, created (with its change) when
// there is none; without a name, 404.
func (st *store) blueprintGroupLocked(env *environment, group *map[string]any) (string, error) {
	var name any
	if group != nil {
		name = (*group)["name"]
	}
	if !jsvalue.Truthy(name) {
		return "", errNotFound("Notification group was not provided")
	}
	want := jsvalue.String(name)
	for _, g := range env.workflows.groups.all() {
		if g.Name == want {
			return g.UnderscoreId, nil
		}
	}
	g := st.newGroupLocked(env, want, nil)
	st.recordChangeLocked(env, gen.ChangeTypeNotificationGroup, g.UnderscoreId, g)
	return g.UnderscoreId, nil
}

func (st *store) updateWorkflow(env *environment, id string, req gen.UpdateWorkflowRequest) (gen.Workflow, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
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
	wf.Triggers = []gen.WorkflowTrigger{newTrigger(ident, wf.Steps, st.newID)}
	wf.UpdatedAt = st.now(env.org)
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
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	old := env.workflows.get(id)
	if old == nil {
		return gen.Workflow{}, errNotFound("Template with id %s not found", id)
	}
	if old.Active == active {
		return gen.Workflow{}, errBadRequest("You must provide a different status from the current status")
	}
	wf := *old
	wf.Active, wf.Draft, wf.UpdatedAt = active, !active, st.now(env.org)
	st.putWorkflowLocked(env, &wf)
	st.recordChangeLocked(env, gen.ChangeTypeNotificationTemplate, wf.UnderscoreId, wf)
	return st.workflowView(env, &wf), nil
}

func (st *store) deleteWorkflow(env *environment, id string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
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

// newSteps keeps the steps as the client sent them and adds what Novu's create and update
// workflow use cases give them (v2.0.0 create-workflow.usecase.ts:283-427,
// update-workflow.usecase.ts:320-470): the template's _id, which is also the step's _id and
// _templateId (Novu's step takes the id of the message template it creates or updates), the
// chain of _parentId (null for the first step, then the previous step's id), and the same for
// each step's variants, each with its own message template; a message template is active (its
// schema's default, message-template.schema.ts:14-17), and _feedId/_layoutId are taken from the
// request-form feedId/layoutId. update is false on create, where Novu makes every template anew.
func (st *store) newSteps(env *environment, in []gen.NotificationStep, update bool) ([]gen.NotificationStep, error) {
	out := make([]gen.NotificationStep, len(in))
	prev := jsonnull.Null()
	for i, s := range in {
		id, err := st.stepID(env, deref(s.UnderscoreTemplateId), update)
		if err != nil {
			return nil, err
		}
		s.UnderscoreId, s.UnderscoreTemplateId = &id, nil
		s.UnderscoreParentId = prev
		prev = jsonnull.Value(id)
		if s.ReplyCallback == nil {
			s.ReplyCallback = &gen.StepReplyCallback{} // the schema's nested object, stored empty
		}
		s.Type, s.Origin, s.Metadata = stepSchemaDefaults(s.Type, s.Origin, s.Metadata)
		if s.Template != nil {
			s.Template, s.UnderscoreTemplateId = st.storedTemplate(env, *s.Template, id), &id
		}
		variants, err := st.newVariants(env, deref(s.Variants), update)
		if err != nil {
			return nil, err
		}
		s.Variants = &variants // a step without variants has an empty list
		out[i] = s
	}
	return out, nil
}

// newVariants gives a step's variants their ids and chain as newSteps does for steps; a variant
// is active and does not stop on failure unless it says otherwise (the step schema's defaults,
// notification-template.schema.ts:7-19).
func (st *store) newVariants(env *environment, in []gen.NotificationStepVariant, update bool) ([]gen.NotificationStepVariant, error) {
	out := make([]gen.NotificationStepVariant, len(in))
	prev := jsonnull.Null()
	for i, v := range in {
		id, err := st.stepID(env, deref(v.UnderscoreTemplateId), update)
		if err != nil {
			return nil, err
		}
		v.UnderscoreId, v.UnderscoreTemplateId, v.UnderscoreParentId = &id, &id, prev
		prev = jsonnull.Value(id)
		if v.Active == nil {
			v.Active = ptrTo(true)
		}
		if v.ShouldStopOnFail == nil {
			v.ShouldStopOnFail = ptrTo(false)
		}
		if v.Filters == nil {
			v.Filters = &[]gen.StepFilter{}
		}
		if v.ReplyCallback == nil {
			v.ReplyCallback = &gen.StepReplyCallback{}
		}
		v.Type, v.Origin, v.Metadata = stepSchemaDefaults(v.Type, v.Origin, v.Metadata)
		if v.Template != nil {
			v.Template = st.storedTemplate(env, *v.Template, id)
		}
		out[i] = v
	}
	return out, nil
}

// stepSchemaDefaults are the defaults Novu's step (and variant) schema stores: type REGULAR,
// origin novu-cloud, and metadata.timed's weekDays and monthDays [] (arrays of a nested path),
// so even an in-app step has metadata (notification-template.schema.ts:9-33 at v2.0.0; seen on
// a real v2.0.0).
func stepSchemaDefaults(typ, origin *string, md *gen.StepMetadata) (*string, *string, *gen.StepMetadata) {
	if typ == nil {
		typ = ptrTo("REGULAR")
	}
	if origin == nil {
		origin = ptrTo("novu-cloud")
	}
	m := gen.StepMetadata{}
	if md != nil {
		m = *md
	}
	timed := gen.StepTimedConfig{}
	if m.Timed != nil {
		timed = *m.Timed
	}
	if timed.WeekDays == nil {
		timed.WeekDays = &[]gen.StepTimedConfigWeekDays{}
	}
	if timed.MonthDays == nil {
		timed.MonthDays = &[]int{}
	}
	m.Timed = &timed
	return typ, origin, &m
}

// storedTemplate is a step's or variant's message template as Novu stores it under id: with its
// creator, timestamps (createdAt kept from the template it replaces), mongoose-delete's flag and
// variables ([] when none), as a real v2.0.0 answers them (create-message-template.usecase.ts,
// message-template.schema.ts at v2.0.0); what the request said of these is not taken.
func (st *store) storedTemplate(env *environment, t gen.MessageTemplate, id string) *gen.MessageTemplate {
	t.UnderscoreId = &id
	t.UnderscoreEnvironmentId, t.UnderscoreOrganizationId = &env.id, &env.org.id
	now := st.now(env.org)
	t.CreatedAt, t.UpdatedAt, t.UnderscoreCreatorId = &now, &now, ptrTo(env.userID())
	if old := env.workflows.template(id); old != nil {
		t.CreatedAt, t.UnderscoreCreatorId = old.CreatedAt, old.UnderscoreCreatorId
	}
	t.Deleted = ptrTo(false)
	if t.Variables == nil {
		t.Variables = &[]gen.TemplateVariable{}
	}
	// _feedId and _layoutId are the request's feedId and layoutId, null when not given or empty
	// (a step sent back as read keeps its own).
	t.UnderscoreFeedId = storedRef(t.FeedId, t.UnderscoreFeedId)
	t.UnderscoreLayoutId = storedRef(t.LayoutId, t.UnderscoreLayoutId)
	if t.Active == nil {
		t.Active = ptrTo(true)
	}
	return &t
}

// storedRef is a message template's _feedId or _layoutId: the request form's id when given (null
// when empty), else the stored form sent back, else null.
func storedRef(given *string, sent jsonnull.String) jsonnull.String {
	switch {
	case given != nil && *given != "":
		return jsonnull.Value(*given)
	case given != nil:
		return jsonnull.Null()
	case sent.IsSpecified():
		return sent
	}
	return jsonnull.Null()
}

// refValue is the id a jsonnull reference holds, "" when absent or null.
func refValue(ref jsonnull.String) string {
	v, _ := ref.Get()
	return v
}

// stepID is the _id of a step and of its message template. On update Novu edits the message
// template named by _templateId in place (a step sent back as read keeps its id, whatever _id
// it carries) and answers 404 when the environment has no such template; a step without one
// gets a new template.
func (st *store) stepID(env *environment, tmplID string, update bool) (string, error) {
	switch {
	case !update || tmplID == "":
		return st.newID(), nil
	case !env.workflows.hasTemplate(tmplID):
		return "", errNotFound("Message template with id %s not found", tmplID)
	}
	return tmplID, nil
}

// workflowView is the stored workflow with its group populated, as Novu returns it.
// workflowView is a workflow as a single answer shows it: Novu's findById populates nothing, so
// there is no notificationGroup (seen on a real v2.0.0).
func (st *store) workflowView(env *environment, wf *gen.Workflow) gen.Workflow {
	return *wf
}

// workflowViews are workflows as the list shows them, each with its group populated
// (notification-template.repository.ts getList).
func (st *store) workflowViews(env *environment, wfs []*gen.Workflow) []gen.Workflow {
	out := make([]gen.Workflow, 0, len(wfs))
	for _, wf := range wfs {
		v := *wf
		if g := env.workflows.groups.get(wf.UnderscoreNotificationGroupId); g != nil {
			gc := *g
			v.NotificationGroup = &gc
		}
		out = append(out, v)
	}
	return out
}

func triggerOf(wf *gen.Workflow) string {
	if len(wf.Triggers) == 0 {
		return ""
	}
	return wf.Triggers[0].Identifier
}

// newTrigger is the trigger Novu's create and update workflow use cases store
// (create-workflow.usecase.ts createNotificationTrigger, update-workflow.usecase.ts:418-447 at
// v2.0.0, through ContentService): variables are what extractMessageVariables reads from the
// step texts with the Handlebars parser (names as written, payload. prefix included, typed
// String, Array or Boolean), then the payload fields of step conditions, a scheduled delay's
// delayPath and a digest's digestKey (String), one per name (the first's place, the last's
// type), without system variables (subscriber, step, branding, tenant, preheader, actor); a
// tenant or actor variable adds that context's reserved variable (identifier, subscriberId);
// subscriberVariables are phone for an SMS step and email for an e-mail step
// (extractSubscriberMessageVariables, content.service.ts:154).
//
// The trigger and every variable in it are mongoose subdocuments with their own _id, new each
// time the triggers are written (notification-template.schema.ts at v2.0.0).
func newTrigger(identifier string, steps []gen.NotificationStep, newID func() string) gen.WorkflowTrigger {
	var names []string
	types := map[string]string{}
	add := func(name, typ string) {
		if _, seen := types[name]; !seen {
			names = append(names, name)
		}
		types[name] = typ
	}
	reserved := []gen.WorkflowReservedVariables{} // stored [] when none, as a real v2.0.0 shows
	for _, text := range stepTemplateTexts(steps) {
		vars, _ := handlebars.Variables(text) // checkStepTemplates refused what does not parse
		for _, v := range vars {
			add(v.Name, v.Type)
			head, _, _ := strings.Cut(v.Name, ".")
			typ := gen.WorkflowReservedVariablesType(head)
			if (typ == gen.WorkflowReservedVariablesTypeTenant || typ == gen.WorkflowReservedVariablesTypeActor) &&
				!slices.ContainsFunc(reserved, func(r gen.WorkflowReservedVariables) bool { return r.Type == typ }) {
				name := "identifier"
				if typ == gen.WorkflowReservedVariablesTypeActor {
					name = "subscriberId"
				}
				reserved = append(reserved, gen.WorkflowReservedVariables{UnderscoreId: ptrTo(newID()), Type: typ,
					Variables: []gen.WorkflowTriggerVariable{{UnderscoreId: ptrTo(newID()), Name: name, Type: ptrTo("String")}}})
			}
		}
	}
	hasChannel := map[gen.StepType]bool{}
	for _, s := range steps {
		for _, f := range deref(s.Filters) {
			for _, c := range deref(f.Children) {
				if c.On == gen.FilterPartOnPayload && deref(c.Field) != "" {
					add(deref(c.Field), "String")
				}
			}
		}
		md := s.Metadata
		if md != nil && md.Type != nil && *md.Type == gen.StepMetadataTypeScheduled && deref(md.DelayPath) != "" {
			add(*md.DelayPath, "String")
		}
		if s.Template == nil {
			continue
		}
		hasChannel[s.Template.Type] = true
		if s.Template.Type == gen.StepTypeDigest && md != nil && deref(md.DigestKey) != "" {
			add(*md.DigestKey, "String")
		}
	}
	vars := []gen.WorkflowTriggerVariable{}
	for _, name := range names {
		if !isSystemVariable(name) {
			vars = append(vars, gen.WorkflowTriggerVariable{UnderscoreId: ptrTo(newID()), Name: name, Type: ptrTo(types[name])})
		}
	}
	subs := []gen.WorkflowTriggerVariable{}
	if hasChannel[gen.StepTypeSms] {
		subs = append(subs, gen.WorkflowTriggerVariable{UnderscoreId: ptrTo(newID()), Name: "phone"})
	}
	if hasChannel[gen.StepTypeEmail] {
		subs = append(subs, gen.WorkflowTriggerVariable{UnderscoreId: ptrTo(newID()), Name: "email"})
	}
	return gen.WorkflowTrigger{UnderscoreId: ptrTo(newID()), Type: gen.WorkflowTriggerTypeEvent, Identifier: identifier, Variables: vars,
		SubscriberVariables: &subs, ReservedVariables: &reserved}
}

// slicePage is items [offset, offset+limit) as values.
func slicePage[T any](items []*T, offset, limit int) []*T {
	if offset < 0 || offset >= len(items) || limit <= 0 {
		return nil
	}
	return items[offset:min(len(items), offset+limit)]
}

// channelIntegrationStatusLocked is, per channel, whether the environment has an active
// integration and, for e-mail and SMS, a primary one, as GetActiveIntegrationsStatus computes it
// (get-active-integrations-status.usecase.ts at v2.0.0): a primary Novu Email or Novu SMS counts
// as active only while its monthly allowance (300 e-mails, 20 SMS:
// calculate-limit-novu-integration.usecase.ts) is not used up.
func (st *store) channelIntegrationStatusLocked(env *environment) map[string]gen.WorkflowChannelIntegrationStatus {
	out := map[string]gen.WorkflowChannelIntegrationStatus{}
	for _, ch := range []gen.ChannelType{gen.ChannelTypeInApp, gen.ChannelTypeEmail, gen.ChannelTypeSms, gen.ChannelTypeChat, gen.ChannelTypePush} {
		status := gen.WorkflowChannelIntegrationStatus{}
		withPrimary := ch == gen.ChannelTypeEmail || ch == gen.ChannelTypeSms
		if withPrimary {
			status.HasPrimaryIntegrations = ptrTo(false)
		}
		for _, i := range env.org.channelIntegrations(env.id, ch, true) {
			status.HasActiveIntegrations = true
			if withPrimary && !*status.HasPrimaryIntegrations {
				status.HasPrimaryIntegrations = ptrTo(i.Primary)
			}
		}
		for _, i := range env.org.channelIntegrations(env.id, ch, true) {
			if limit := novuAllowance[i.ProviderId]; limit > 0 && i.Primary {
				status.HasActiveIntegrations = st.novuMessagesThisMonthLocked(env, ch, i.ProviderId) < limit
			}
		}
		out[string(ch)] = status
	}
	return out
}

// novuAllowance is the monthly allowance of Novu's demo providers (MAX_NOVU_INTEGRATION_*_REQUESTS).
var novuAllowance = map[string]int{"novu-email": 300, "novu-sms": 20}

func (st *store) novuMessagesThisMonthLocked(env *environment, ch gen.ChannelType, providerID string) int {
	now := st.timeOf(env.org).UTC()
	month := formatTime(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC))
	n := 0
	for _, m := range env.delivery.messages.all() {
		if m.Channel == ch && m.ProviderId == providerID && m.CreatedAt >= month {
			n++
		}
	}
	return n
}

// workflowIntegrationStatus is a workflow's readiness: every channel step's channel has an active
// integration, and every e-mail or SMS step's a primary one (hasPrimaryIntegrations is left out
// when the workflow has neither).
func workflowIntegrationStatus(steps []gen.NotificationStep, channels map[string]gen.WorkflowChannelIntegrationStatus) *gen.WorkflowIntegrationStatus {
	out := &gen.WorkflowIntegrationStatus{HasActiveIntegrations: true, Channels: &channels}
	for _, s := range steps {
		if s.Template == nil {
			continue
		}
		status, ok := channels[string(s.Template.Type)]
		if !ok {
			continue // delay, digest, trigger and custom steps need no integration
		}
		if !status.HasActiveIntegrations {
			out.HasActiveIntegrations = false
		}
		if status.HasPrimaryIntegrations != nil && !*status.HasPrimaryIntegrations {
			out.HasPrimaryIntegrations = ptrTo(false)
		}
	}
	return out
}
