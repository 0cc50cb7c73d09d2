package mockserver

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/novumock/novumock/gen"
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
	st.mu.Lock()
	defer st.mu.Unlock()
	st.settleLocked(env)
	return st.triggerLocked(env, in)
}

// bulkTrigger runs the events in order; a failing event becomes a status "error" result
// while the others go ahead, as Novu's bulk endpoint does.
func (st *store) bulkTrigger(env *environment, ins []triggerInput) []gen.TriggerEventResult {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.settleLocked(env)
	out := make([]gen.TriggerEventResult, 0, len(ins))
	for _, in := range ins {
		res, err := st.triggerLocked(env, in)
		if err != nil {
			res = gen.TriggerEventResult{Acknowledged: true, Status: gen.TriggerStatusError,
				Error: &[]string{errorText(err)}}
		}
		out = append(out, res)
	}
	return out
}

func errorText(err error) string {
	if e, ok := err.(*apiError); ok {
		if list, ok := e.Message.([]string); ok {
			return strings.Join(list, ", ")
		}
		return fmt.Sprint(e.Message)
	}
	return err.Error()
}

func (st *store) triggerLocked(env *environment, in triggerInput) (gen.TriggerEventResult, error) {
	res, err := st.runTriggerLocked(env, in)
	rec := receivedTrigger{environment: env.model.Name, name: in.name, to: in.to, payload: in.payload,
		broadcast: in.broadcast, receivedAt: env.delivery.stamp(st.clock.Now()), transactionID: deref(res.TransactionId), status: string(res.Status)}
	if err != nil {
		rec.status, rec.errors = string(gen.TriggerStatusError), []string{errorText(err)}
	}
	env.delivery.triggers = append(env.delivery.triggers, rec)
	st.changedLocked(env)
	return res, err
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
	if in.tenant != nil {
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
		txn = st.faker.UUID() // seeded, so --seed reproduces transaction ids too
	}
	in.payload = st.storeAttachmentsLocked(env, payload)
	actor := st.resolveActorLocked(env, in.actor)
	for _, sub := range st.recipientsLocked(env, in, actor) {
		st.startNotificationLocked(env, wf, sub, actor, tenant, in, txn)
	}
	return gen.TriggerEventResult{Acknowledged: true, Status: gen.TriggerStatusProcessed, TransactionId: &txn}, nil
}

// missingContexts lists the trigger contexts (tenant, actor) the workflow's contents use but the
// trigger did not send.
func missingContexts(wf *gen.Workflow, in triggerInput) []string {
	if len(wf.Triggers) == 0 || wf.Triggers[0].ReservedVariables == nil {
		return nil
	}
	var missing []string
	for _, r := range *wf.Triggers[0].ReservedVariables {
		if r.Type == gen.WorkflowReservedVariablesTypeTenant && in.tenant == nil ||
			r.Type == gen.WorkflowReservedVariablesTypeActor && in.actor == nil {
			missing = append(missing, string(r.Type))
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

// workflowActive is the workflow's own flag, or the tenant override's when the trigger runs
// for a tenant that has one.
func workflowActive(env *environment, wf *gen.Workflow, tenant *gen.Tenant) bool {
	if tenant != nil {
		if ov := env.workflows.override(wf.UnderscoreId, tenant.UnderscoreId); ov != nil && !ov.Active {
			return false
		}
	}
	return wf.Active
}

// stepActive is whether a step runs; a step without the flag does.
func stepActive(s gen.NotificationStep) bool { return s.Active == nil || *s.Active }

// verifyPayload applies the step variables' defaults and rejects a payload that misses a
// required variable (`name (Type)` in the message) or a scheduled delay without its path.
//
// Without defaults to apply it answers the trigger's own map rather than a copy: nothing writes
// to a payload once it is received, and the trigger log, notification, messages and outbox can
// all share it.
func verifyPayload(wf *gen.Workflow, payload map[string]any) (map[string]any, error) {
	var out map[string]any // the defaults, made on the first one
	var missing []string
	for _, step := range wf.Steps {
		if !stepActive(step) {
			continue
		}
		if md := step.Metadata; md != nil && md.Type != nil && *md.Type == gen.StepMetadataTypeScheduled &&
			deref(md.DelayPath) == "" {
			return nil, errBadRequest("Delay path is required for scheduled delay")
		}
		if step.Template == nil || step.Template.Variables == nil {
			continue
		}
		for _, v := range *step.Template.Variables {
			val, ok := lookupPath(payload, v.Name)
			if ok && val != nil {
				continue
			}
			if v.DefaultValue != nil {
				if out == nil {
					out = make(map[string]any, len(payload)+1)
				}
				out[v.Name] = v.DefaultValue
			} else if deref(v.Required) {
				missing = append(missing, fmt.Sprintf("%s (%s)", v.Name, derefOr(v.Type, gen.TemplateVariableTypeString)))
			}
		}
	}
	if len(missing) > 0 {
		return nil, errBadRequest("payload is missing required key(s) and type(s): %s", strings.Join(missing, ", "))
	}
	if out == nil {
		if payload == nil {
			return map[string]any{}, nil
		}
		return payload, nil
	}
	for k, v := range payload {
		out[k] = v
	}
	return out, nil
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

// resolveActorLocked finds (or, for a subscriber object, upserts) the trigger's actor.
func (st *store) resolveActorLocked(env *environment, actor any) *gen.Subscriber {
	switch a := actor.(type) {
	case string:
		return env.subscribers.get(a)
	case map[string]any:
		if sub, ok := st.upsertInlineLocked(env, a); ok {
			return &sub
		}
	}
	return nil
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

// recipientsLocked resolves `to` as Novu's worker does: unknown subscriberIds and topics are
// skipped, inline subscribers are upserted, topics expand to their members (without the
// actor), and each subscriber is reached once. A broadcast reaches every subscriber. The
// answers are the stored subscribers (read-only).
func (st *store) recipientsLocked(env *environment, in triggerInput, actor *gen.Subscriber) []*gen.Subscriber {
	if in.broadcast {
		return env.subscribers.all()
	}
	var out []*gen.Subscriber
	seen := map[string]bool{}
	add := func(sub *gen.Subscriber) {
		if sub != nil && !seen[sub.SubscriberId] {
			seen[sub.SubscriberId] = true
			out = append(out, sub)
		}
	}
	items, ok := in.to.([]any)
	if !ok {
		items = []any{in.to}
	}
	for _, item := range items {
		switch r := item.(type) {
		case string:
			add(env.subscribers.get(r))
		case map[string]any:
			if typ, _ := r["type"].(string); typ == "Topic" {
				key, _ := r["topicKey"].(string)
				ids, _ := env.topics.members(key)
				for _, id := range ids {
					if actor == nil || id != actor.SubscriberId {
						add(env.subscribers.get(id))
					}
				}
			} else if sub, ok := st.upsertInlineLocked(env, r); ok {
				add(env.subscribers.get(sub.SubscriberId))
			}
		}
	}
	return out
}

// startNotificationLocked creates the notification and its jobs for one subscriber and runs
// them up to the first held step.
func (st *store) startNotificationLocked(env *environment, wf *gen.Workflow, sub *gen.Subscriber,
	actor *gen.Subscriber, tenant *gen.Tenant, in triggerInput, txn string) {
	n := &notification{id: st.newID(), seq: env.delivery.notifications.len(), txn: txn, createdAt: st.clock.Now(),
		workflow: wf, subscriber: sub, actor: actor, tenant: tenant, payload: in.payload, overrides: in.overrides}
	// The jobs share one allocation; jobs never grows after this, so the pointers stay valid.
	jobs := make([]job, 0, len(wf.Steps))
	n.jobs = make([]*job, 0, len(wf.Steps))
	for i := range wf.Steps {
		step := &wf.Steps[i] // every stored step has its _id (newSteps)
		if !stepActive(*step) {
			continue
		}
		typ := gen.StepTypeTrigger
		if step.Template != nil {
			typ = step.Template.Type
		}
		jobs = append(jobs, job{id: st.newID(), step: step, typ: typ, status: jobPending})
		n.jobs = append(n.jobs, &jobs[len(jobs)-1])
	}
	d := &env.delivery
	d.notifications.put(n.id, n)
	d.byTxn[txn] = append(d.byTxn[txn], n.id)
	st.runLocked(env, n)
}
