package mockserver

import (
	"github.com/brianvoe/gofakeit/v7"

	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsvalue"
)

// triggerInput is a trigger, a bulk event or a broadcast with its unions decoded.
type triggerInput struct {
	name      string
	to        any // decoded JSON of `to`; ignored for a broadcast
	broadcast bool
	payload   map[string]any
	overrides map[string]any
	txn       string
	actor     any // subscriberId string or subscriber object, nil when absent
	tenant    any // identifier string or {identifier,...}, nil when absent
}

// decodeUnion turns a generated oneOf wrapper into plain JSON values (string, map, slice).
func decodeUnion(u json.Marshaler) any {
	raw, err := u.MarshalJSON()
	if err != nil {
		return nil
	}
	if s, ok := rawJSONString(raw); ok { // a subscriberId, most often
		return s
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	return v
}

func triggerInputFrom(req gen.TriggerEventRequest) triggerInput {
	in := triggerInput{name: req.Name, to: decodeUnion(req.To), payload: derefMap(req.Payload),
		overrides: derefMap(req.Overrides), txn: deref(req.TransactionId)}
	if req.Actor != nil {
		in.actor = decodeUnion(req.Actor)
	}
	if req.Tenant != nil {
		in.tenant = decodeUnion(req.Tenant)
	}
	return in
}

func broadcastInputFrom(req gen.BroadcastEventRequest) triggerInput {
	in := triggerInput{name: req.Name, broadcast: true, payload: req.Payload, overrides: derefMap(req.Overrides),
		txn: deref(req.TransactionId)}
	if req.Actor != nil {
		in.actor = decodeUnion(req.Actor)
	}
	if req.Tenant != nil {
		in.tenant = decodeUnion(req.Tenant)
	}
	return in
}

func derefMap(m *map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return *m
}

// trigger runs one trigger and records it for the outbox.
func (st *store) trigger(env *environment, in triggerInput) (gen.TriggerEventResult, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	return st.triggerLocked(env, in)
}

// bulkTrigger runs the events in order; a failing event becomes a status "error" result
// while the others go ahead, as Novu's ProcessBulkTrigger does (process-bulk-trigger.usecase.ts
// at v2.0.0): the error is the exception's message list, or its one message in a list.
func (st *store) bulkTrigger(env *environment, events []any) []gen.TriggerEventResult {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	out := make([]gen.TriggerEventResult, 0, len(events))
	for _, ev := range events {
		in, err := bulkEventInput(ev)
		var res gen.TriggerEventResult
		if err == nil {
			res, err = st.triggerLocked(env, in)
		} else {
			st.recordTriggerLocked(env, in, res, err)
		}
		if err != nil {
			res = gen.TriggerEventResult{Acknowledged: true, Status: gen.TriggerStatusError, Error: ptrTo(errorList(err))}
		}
		out = append(out, res)
	}
	return out
}

// bulkEventInput reads one event of a bulk trigger as ProcessBulkTrigger passes it to
// ParseEventRequest: Novu's DTO leaves the events unvalidated, and the command's own checks
// (ParseEventRequestMulticastCommand, parse-event-request.command.ts at v2.0.0) answer, in this
// order, for to, identifier (the event's name), payload, transactionId, actor, tenant and
// bridgeUrl. A null event fails as the use case's event.name does; anything else that is not an
// object has none of the properties. A payload or overrides that is not an object is read as {}.
func bulkEventInput(ev any) (triggerInput, error) {
	if ev == nil {
		return triggerInput{}, errBadRequest("Cannot read properties of null (reading 'name')")
	}
	m, _ := ev.(map[string]any)
	var msgs []string
	if m["to"] == nil {
		msgs = append(msgs, "to should not be null or undefined")
	}
	name, isString := m["name"].(string)
	if m["name"] == nil {
		msgs = append(msgs, "identifier should not be null or undefined")
	}
	if !isString {
		msgs = append(msgs, "identifier must be a string")
	}
	if m["payload"] == nil {
		msgs = append(msgs, "payload should not be null or undefined")
	}
	if _, ok := m["transactionId"].(string); !ok && m["transactionId"] != nil {
		msgs = append(msgs, "transactionId must be a string")
	}
	for _, key := range []string{"actor", "tenant"} {
		switch m[key].(type) {
		case nil, string, map[string]any, []any:
		default:
			msgs = append(msgs, "nested property "+key+" must be either object or array")
		}
	}
	if _, ok := m["bridgeUrl"].(string); !ok && m["bridgeUrl"] != nil {
		msgs = append(msgs, "bridgeUrl must be a string")
	}
	in := triggerInput{name: name, to: m["to"], actor: m["actor"], tenant: m["tenant"]}
	in.txn, _ = m["transactionId"].(string)
	if in.payload, _ = m["payload"].(map[string]any); in.payload == nil {
		in.payload = map[string]any{}
	}
	if in.overrides, _ = m["overrides"].(map[string]any); in.overrides == nil {
		in.overrides = map[string]any{}
	}
	if len(msgs) > 0 {
		return in, errValidation(msgs...)
	}
	return in, nil
}

// errorList is an error's messages as Novu's bulk result lists them.
func errorList(err error) []string {
	if e, ok := err.(*apiError); ok {
		if list, ok := e.Message.([]string); ok {
			return list
		}
		return []string{fmt.Sprint(e.Message)}
	}
	return []string{err.Error()}
}

func errorText(err error) string {
	return strings.Join(errorList(err), ", ")
}

func (st *store) triggerLocked(env *environment, in triggerInput) (gen.TriggerEventResult, error) {
	res, err := st.runTriggerLocked(env, in)
	st.recordTriggerLocked(env, in, res, err)
	return res, err
}

// recordTriggerLocked notes a trigger and its outcome for the control API.
func (st *store) recordTriggerLocked(env *environment, in triggerInput, res gen.TriggerEventResult, err error) {
	rec := receivedTrigger{environment: env.model.Name, name: in.name, to: in.to, payload: in.payload,
		broadcast: in.broadcast, receivedAt: env.delivery.stamp(st.timeOf(env.org)), transactionID: deref(res.TransactionId), status: string(res.Status)}
	if err != nil {
		rec.status, rec.errors = string(gen.TriggerStatusError), []string{errorText(err)}
	}
	env.delivery.triggers.Push(rec)
	st.retainLocked(env)
	st.changedLocked(env)
}

// runTriggerLocked checks a trigger in Novu's order and, when it is processed, fans it out.
func (st *store) runTriggerLocked(env *environment, in triggerInput) (gen.TriggerEventResult, error) {
	wf := env.workflows.byTrigger(in.name)
	if wf == nil {
		return gen.TriggerEventResult{}, errUnprocessable("workflow_not_found")
	}
	if missing := missingContexts(wf, in); len(missing) > 0 {
		return gen.TriggerEventResult{}, errBadRequest("Trigger is missing: %s", strings.Join(missing, ", "))
	}
	ack := func(s gen.TriggerStatus) (gen.TriggerEventResult, error) {
		return gen.TriggerEventResult{Acknowledged: true, Status: s}, nil
	}
	var tenant *gen.Tenant
	if jsvalue.Truthy(in.tenant) {
		if tenant = env.tenants.get(tenantIdentifier(in.tenant)); tenant == nil {
			return ack(gen.TriggerStatusNoTenantFound)
		}
	}
	if !workflowActive(env, wf, tenant) {
		return ack(gen.TriggerStatusTriggerNotActive)
	}
	if len(wf.Steps) == 0 {
		return ack(gen.TriggerStatusNoWorkflowStepsDefined)
	}
	if !slices.ContainsFunc(wf.Steps, stepActive) {
		return ack(gen.TriggerStatusNoWorkflowActiveStepsDefined)
	}
	payload, err := verifyPayload(wf, in.payload)
	if err != nil {
		return gen.TriggerEventResult{}, err
	}
	txn := in.txn
	if txn == "" {
		txn = draw(st, (*gofakeit.Faker).UUID) // seeded, so --seed reproduces transaction ids too
	}
	in.payload = st.storeAttachmentsLocked(env, payload)
	// Novu's worker refuses a transactionId that stored jobs already carry (trigger-event.usecase.ts
	// :201 at v2.0.0), but its jobs are stored a queue later, so a trigger repeated soon after goes
	// through, as get-messages.e2e.ts expects; the fake, which stores at once, never refuses.
	res := gen.TriggerEventResult{Acknowledged: true, Status: gen.TriggerStatusProcessed, TransactionId: &txn}
	if tenant != nil {
		tenant = st.processTenantLocked(env, tenant, in.tenant)
	}
	actor := st.resolveActorLocked(env, in.actor)
	for _, r := range st.recipientsLocked(env, in, actor) {
		st.startNotificationLocked(env, wf, r, actor, tenant, in, txn)
	}
	return res, nil
}

// missingContexts is ParseEventRequest.validateTriggerContext (parse-event-request.usecase.ts:268
// at v2.0.0): for each context the workflow's contents use, `tenant object` when the trigger did
// not send it, else `identifier property of tenant` (`subscriberId property of actor`) when what
// it sent has no such property. Novu reads the property off the value as sent, so a tenant or
// actor given as a plain string lacks it too.
func missingContexts(wf *gen.Workflow, in triggerInput) []string {
	if len(wf.Triggers) == 0 || wf.Triggers[0].ReservedVariables == nil {
		return nil
	}
	var missing []string
	for _, r := range *wf.Triggers[0].ReservedVariables {
		var given any
		var field string
		switch r.Type {
		case gen.WorkflowReservedVariablesTypeTenant:
			given, field = in.tenant, "identifier"
		case gen.WorkflowReservedVariablesTypeActor:
			given, field = in.actor, "subscriberId"
		default:
			continue
		}
		if !jsvalue.Truthy(given) {
			missing = append(missing, string(r.Type)+" object")
			continue
		}
		if obj, _ := given.(map[string]any); !jsvalue.Truthy(obj[field]) {
			missing = append(missing, field+" property of "+string(r.Type))
		}
	}
	return missing
}

func tenantIdentifier(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["identifier"].(string)
		return s
	}
	return ""
}

// workflowActive is the workflow's own flag, or, when the trigger runs for a tenant with an
// override of the workflow, the override's alone: an active override runs an inactive workflow
// (parse-event-request.usecase.ts:123 at v2.0.0).
func workflowActive(env *environment, wf *gen.Workflow, tenant *gen.Tenant) bool {
	if tenant != nil {
		if ov := env.workflows.override(wf.UnderscoreId, tenant.UnderscoreId); ov != nil {
			return ov.Active
		}
	}
	return wf.Active
}

// stepActive is whether a step runs; a step without the flag does.
func stepActive(s gen.NotificationStep) bool { return s.Active == nil || *s.Active }

// verifyPayload is Novu's VerifyPayload followed by ParseEventRequest's merge
// (apps/api/src/app/events/usecases/verify-payload/verify-payload.usecase.ts:10 and
// parse-event-request.usecase.ts:170 at v2.0.0). Every step counts, active or not:
//   - a required variable that is missing or of the wrong kind is listed as `name (Label)`, the
//     label being Value, Array or Boolean by its type, and `undefined` for a variable declared
//     without one (VerifyPayloadService.checkRequired);
//   - a scheduled delay step without a delayPath is refused at once; one whose payload lacks an
//     ISO date (yyyy-mm-ddThh:mm:ss.sssZ) under that path is listed as `path (ISO Date)`;
//   - the defaults are those of the last step's variables only (Novu's loop keeps the last
//     fillDefaults), dotted names nest, empty-string and null defaults are skipped, and the payload is
//     merged over them as lodash's merge does.
//
// Without defaults to apply it answers the trigger's own map rather than a copy: nothing writes
// to a payload once it is received, and the trigger log, notification, messages and outbox can
// all share it.
func verifyPayload(wf *gen.Workflow, payload map[string]any) (map[string]any, error) {
	if payload == nil {
		payload = map[string]any{}
	}
	var invalid []string
	for _, step := range wf.Steps {
		if step.Template != nil && step.Template.Variables != nil {
			invalid = append(invalid, invalidVariables(*step.Template.Variables, payload)...)
		}
		if md := step.Metadata; step.Template != nil && step.Template.Type == gen.StepTypeDelay &&
			md != nil && md.Type != nil && *md.Type == gen.StepMetadataTypeScheduled {
			path := deref(md.DelayPath)
			if path == "" {
				return nil, errBadRequest("Delay path is required for scheduled delay")
			}
			if !isoDateValue(payload, path) {
				invalid = append(invalid, path+" (ISO Date)")
			}
		}
	}
	if len(invalid) > 0 {
		return nil, errBadRequest("payload is missing required key(s) and type(s): %s", strings.Join(invalid, ", "))
	}
	var defaults map[string]any
	if n := len(wf.Steps); n > 0 && wf.Steps[n-1].Template != nil && wf.Steps[n-1].Template.Variables != nil {
		defaults = variableDefaults(*wf.Steps[n-1].Template.Variables)
	}
	if len(defaults) == 0 {
		return payload, nil
	}
	return mergeJS(defaults, payload), nil
}

// templateSystemVariables are the names Novu's payload checks and defaults leave alone
// (TemplateSystemVariables in packages/shared at v2.0.0).
var templateSystemVariables = map[string]bool{"subscriber": true, "step": true, "branding": true, "tenant": true,
	"preheader": true, "actor": true}

func isSystemVariable(name string) bool {
	head, _, _ := strings.Cut(name, ".")
	return templateSystemVariables[head]
}

// invalidVariables lists the required variables the payload does not satisfy, in Novu's words.
func invalidVariables(vars []gen.TemplateVariable, payload map[string]any) []string {
	var out []string
	for _, v := range vars {
		if !deref(v.Required) || isSystemVariable(v.Name) {
			continue
		}
		val, _ := lookupPath(payload, v.Name)
		ok := val != nil
		label := "undefined" // no type: JavaScript prints the missing label as such
		if v.Type != nil {
			switch *v.Type {
			case gen.TemplateVariableTypeArray:
				_, ok = val.([]any)
				label = "Array"
			case gen.TemplateVariableTypeBoolean:
				_, ok = val.(bool)
				label = "Boolean"
			case gen.TemplateVariableTypeString:
				switch val.(type) {
				case string, float64, json.Number, int:
					ok = true
				default:
					ok = false
				}
				label = "Value"
			}
		}
		if !ok {
			out = append(out, v.Name+" ("+label+")")
		}
	}
	return out
}

// isoDatePattern is Novu's check of a scheduled delay's date: found anywhere in the string.
var isoDatePattern = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.\d{3}Z`)

// isoDateValue is whether payload has, directly under key (Novu's hasOwnProperty, no dotted
// path), a string holding an ISO date. Novu calls .match on the value, which throws for a
// number or null (a 500); the fake lists those as missing instead.
func isoDateValue(payload map[string]any, key string) bool {
	s, ok := payload[key].(string)
	return ok && isoDatePattern.MatchString(s)
}

// variableDefaults is VerifyPayloadService.fillDefaults: each default (not null, not of a system
// variable) set at its dotted path; an empty-string default makes the path's parents but is not set.
func variableDefaults(vars []gen.TemplateVariable) map[string]any {
	out := map[string]any{}
	for _, v := range vars {
		if v.DefaultValue == nil || isSystemVariable(v.Name) {
			continue
		}
		parts := strings.Split(v.Name, ".")
		cur := out
		for _, p := range parts[:len(parts)-1] {
			next, ok := cur[p].(map[string]any)
			if !ok {
				if cur[p] != nil && cur[p] != "" {
					cur = nil // a default already set there: Novu's assignment to it does not stick
					break
				}
				next = map[string]any{}
				cur[p] = next
			}
			cur = next
		}
		if s, ok := v.DefaultValue.(string); cur == nil || ok && s == "" {
			continue
		}
		cur[parts[len(parts)-1]] = v.DefaultValue
	}
	return out
}

// mergeJS is lodash's merge({}, base, over) for JSON values: objects merge key by key, arrays
// index by index, and any other value of over (null included) replaces base's. Neither input
// is changed.
func mergeJS(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = mergeValue(nil, v)
	}
	for k, v := range over {
		out[k] = mergeValue(out[k], v)
	}
	return out
}

func mergeValue(dst, src any) any {
	switch s := src.(type) {
	case map[string]any:
		d, _ := dst.(map[string]any)
		out := make(map[string]any, len(d)+len(s))
		for k, v := range d {
			out[k] = v
		}
		for k, v := range s {
			out[k] = mergeValue(out[k], v)
		}
		return out
	case []any:
		d, _ := dst.([]any)
		out := make([]any, max(len(d), len(s)))
		copy(out, d)
		for i, v := range s {
			out[i] = mergeValue(out[i], v)
		}
		return out
	}
	return src
}

// storeAttachmentsLocked does what Novu does with payload.attachments before anything is kept:
// each file is uploaded to storage and the payload keeps only where it went (storagePath) with
// the other fields, never the base64 bytes. The trigger's own map is left untouched.
func (st *store) storeAttachmentsLocked(env *environment, payload map[string]any) map[string]any {
	list, ok := payload["attachments"].([]any)
	if !ok {
		return payload
	}
	stored := make([]any, len(list))
	for i, item := range list {
		a, ok := item.(map[string]any)
		if !ok {
			stored[i] = item
			continue
		}
		out := make(map[string]any, len(a))
		for k, v := range a {
			if k != "file" {
				out[k] = v
			}
		}
		name, _ := a["name"].(string)
		out["storagePath"] = env.org.id + "/" + env.id + "/" + st.randomHex128() + "/" + name
		stored[i] = out
	}
	copied := make(map[string]any, len(payload))
	for k, v := range payload {
		copied[k] = v
	}
	copied["attachments"] = stored
	return copied
}

// processTenantLocked is Novu's ProcessTenant for a tenant that exists (process-tenant.usecase.ts
// at v2.0.0): a tenant object's name and data, when given and different, are written to it.
func (st *store) processTenantLocked(env *environment, cur *gen.Tenant, given any) *gen.Tenant {
	obj, ok := given.(map[string]any)
	if !ok {
		return cur
	}
	name, _ := obj["name"].(string)
	data, _ := obj["data"].(map[string]any)
	nameChanged := name != "" && deref(cur.Name) != name
	dataChanged := jsvalue.Truthy(obj["data"]) && data != nil && (cur.Data == nil || !reflect.DeepEqual(*cur.Data, data))
	if !nameChanged && !dataChanged {
		return cur
	}
	t := *cur
	if name != "" {
		t.Name = ptrTo(name)
	}
	if data != nil {
		t.Data = ptrTo(maps.Clone(data))
	}
	t.UpdatedAt = st.now(env.org)
	env.tenants.rows.put(t.Identifier, &t)
	return env.tenants.get(t.Identifier)
}

// resolveActorLocked processes the trigger's actor as Novu's TriggerEvent does (ProcessSubscriber,
// libs/application-generic/src/usecases/trigger-event/trigger-event.usecase.ts:88 at v2.0.0): a
// subscriberId becomes {subscriberId}, and either form is created when it does not exist yet.
func (st *store) resolveActorLocked(env *environment, actor any) *gen.Subscriber {
	switch actor.(type) {
	case string, map[string]any:
		return st.processSubscriberLocked(env, actor)
	}
	return nil
}

// processSubscriberLocked is Novu's ProcessSubscriber: the subscriber given (an id or an
// object) is created, or updated with what the object carries; nil when it cannot be used.
// The answer is the stored subscriber (read-only).
func (st *store) processSubscriberLocked(env *environment, define any) *gen.Subscriber {
	if id, ok := define.(string); ok {
		// An id alone changes nothing on a subscriber that exists: the stored one is the answer,
		// with no round trip through the request type.
		if sub := env.subscribers.get(id); sub != nil {
			return sub
		}
		define = map[string]any{"subscriberId": id}
	}
	obj, _ := define.(map[string]any)
	sub, ok := st.upsertInlineLocked(env, obj)
	if !ok {
		return nil
	}
	return env.subscribers.get(sub.SubscriberId)
}

// upsertInlineLocked creates or updates a subscriber given inline in `to` or `actor`.
func (st *store) upsertInlineLocked(env *environment, obj map[string]any) (gen.Subscriber, bool) {
	raw, _ := json.Marshal(obj)
	var req gen.CreateSubscriberRequest
	if json.Unmarshal(raw, &req) != nil || req.SubscriberId == "" {
		return gen.Subscriber{}, false
	}
	// Novu's CreateSubscriberCommand checks the e-mail (IsEmail, "" included) and the worker
	// skips a subscriber that fails; the request validator never saw this one.
	if v, err := req.Email.Get(); err == nil && !emailPattern.MatchString(v) {
		return gen.Subscriber{}, false
	}
	sub, _, err := st.upsertSubscriberLocked(env, req)
	return sub, err == nil
}

// recipient is one subscriber a trigger reaches, with the define Novu keeps as the
// notification's `to`: an object, or the subscriberId alone (a string), which stands for
// {subscriberId} and is made that object only when an answer shows it (toObject).
type recipient struct {
	sub *gen.Subscriber
	to  any
}

// toObject is a define as Novu stores it: a string subscriberId becomes {subscriberId}.
func toObject(define any) map[string]any {
	if id, ok := define.(string); ok {
		return map[string]any{"subscriberId": id}
	}
	m, _ := define.(map[string]any)
	return m
}

// recipientsLocked resolves `to` as Novu's TriggerMulticast and worker do
// (trigger-multicast.usecase.ts at v2.0.0): every subscriber named, by id or inline, goes through
// ProcessSubscriber, which creates one that does not exist yet (subscriber-job-bound.usecase.ts
// :118); a recipient that is neither a topic nor has a string subscriberId fails the whole
// trigger before anyone is reached; topics expand to their members (without the actor and the
// subscribers named directly), but one unknown topic key stops every topic's members; each
// subscriber is reached once, a later define of the same subscriberId winning. A broadcast
// reaches every subscriber. The answers are the stored subscribers (read-only).
func (st *store) recipientsLocked(env *environment, in triggerInput, actor *gen.Subscriber) []recipient {
	if in.broadcast {
		var out []recipient
		for _, sub := range env.subscribers.all() {
			out = append(out, recipient{sub, sub.SubscriberId})
		}
		return out
	}
	items, ok := in.to.([]any)
	if !ok {
		items = []any{in.to}
	}
	var singles []any
	index := map[string]int{}
	var topicKeys []string
	for _, item := range items {
		if item == nil {
			continue
		}
		if m, ok := item.(map[string]any); ok && m["type"] == "Topic" {
			key, _ := m["topicKey"].(string)
			topicKeys = append(topicKeys, key)
			continue
		}
		define, id, ok := subscriberDefine(item)
		if !ok {
			return nil // buildSubscriberDefine throws: the worker's job fails before any fan-out
		}
		if i, seen := index[id]; seen {
			singles[i] = define
			continue
		}
		index[id] = len(singles)
		singles = append(singles, define)
	}
	var out []recipient
	for _, define := range singles {
		if sub := st.processSubscriberLocked(env, define); sub != nil {
			out = append(out, recipient{sub, define})
		}
	}
	for _, key := range topicKeys {
		if env.topics.get(key) == nil {
			return out // validateTopicExist throws after the single subscribers were queued
		}
	}
	seen := map[string]bool{}
	for _, key := range topicKeys {
		ids, _ := env.topics.members(key)
		for _, id := range ids {
			if _, single := index[id]; single || seen[id] || actor != nil && id == actor.SubscriberId {
				continue
			}
			seen[id] = true
			if sub := env.subscribers.get(id); sub != nil {
				out = append(out, recipient{sub, id})
			}
		}
	}
	return out
}

// subscriberDefine is buildSubscriberDefine: a string is {subscriberId} (kept as the string, see
// recipient), an object must carry a string subscriberId.
func subscriberDefine(item any) (define any, id string, ok bool) {
	switch r := item.(type) {
	case string:
		return item, r, r != "" // item, not r: the string is boxed already
	case map[string]any:
		id, ok := r["subscriberId"].(string)
		return item, id, ok && id != ""
	}
	return nil, "", false
}

// triggerStep is the step of the trigger job Novu adds to a workflow without a trigger step.
var triggerStep = gen.NotificationStep{}

// startNotificationLocked creates the notification and its jobs for one subscriber and runs
// them up to the first held step.
func (st *store) startNotificationLocked(env *environment, wf *gen.Workflow, r recipient,
	actor *gen.Subscriber, tenant *gen.Tenant, in triggerInput, txn string) {
	env.delivery.triggered++
	// Novu's CreateNotificationJobs puts a trigger job first unless the workflow has a trigger
	// step (create-notification-jobs.usecase.ts addTriggerJob at v2.0.0); the activity feed
	// leaves trigger jobs out, the execution details show them.
	// The jobs share one allocation; jobs never grows after this, so the pointers stay valid.
	jobs := make([]job, 0, len(wf.Steps)+1)
	if !slices.ContainsFunc(wf.Steps, func(s gen.NotificationStep) bool { return stepActive(s) && s.Template == nil }) {
		jobs = append(jobs, job{step: &triggerStep, typ: gen.StepTypeTrigger, status: jobPending})
	}
	for i := range wf.Steps {
		step := &wf.Steps[i] // every stored step has its _id (newSteps)
		if !stepActive(*step) {
			continue
		}
		typ := gen.StepTypeTrigger
		if step.Template != nil {
			typ = step.Template.Type
		}
		jobs = append(jobs, job{step: step, typ: typ, status: jobPending})
	}
	// The notification's id, then its jobs' ids, drawn in that order and printed into one string.
	ids := st.newIDs(1 + len(jobs))
	n := &notification{id: idAt(ids, 0), seq: env.delivery.triggered, txn: txn, createdAt: st.timeOf(env.org),
		workflow: wf, subscriber: r.sub, to: r.to, actor: actor, tenant: tenant, payload: in.payload, overrides: in.overrides,
		jobs: make([]*job, len(jobs))}
	for i := range jobs {
		jobs[i].id = idAt(ids, 1+i)
		n.jobs[i] = &jobs[i]
	}
	// StoreSubscriberJobs records "Step created" for every job at once (store-subscriber-jobs
	// .usecase.ts at v2.0.0).
	for _, j := range n.jobs {
		st.detailLocked(env, j, detailStepCreated)
	}
	d := &env.delivery
	d.notifications.put(n.id, n)
	d.noteExpiryLocked(n.createdAt.Add(notificationRetention + ttlGrace))
	d.byTxn[txn] = append(d.byTxn[txn], n.id)
	st.runLocked(env, n)
}
