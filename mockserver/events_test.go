package mockserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

// dkit drives the delivery tests through the public API with one environment's key.
type dkit struct {
	t    *testing.T
	f    *fake
	auth string
}

func newKit(t *testing.T, opts ...func(*mockserver.Options)) *dkit {
	f := mustNewServer(t, opts...)
	return &dkit{t: t, f: f, auth: "ApiKey " + f.DevKey}
}

func (k *dkit) prod() *dkit { return &dkit{t: k.t, f: k.f, auth: "ApiKey " + k.f.srv.ProdAPIKey()} }

// send marshals body (unless it is already a string) and sends it with the kit's key.
func (k *dkit) send(method, path string, body any) rawResponse {
	k.t.Helper()
	s, ok := body.(string)
	if !ok && body != nil {
		raw, err := json.Marshal(body)
		require.NoError(k.t, err)
		s = string(raw)
	}
	return k.f.do(method, path, k.auth, s)
}

func (k *dkit) must(status int, method, path string, body any) rawResponse {
	k.t.Helper()
	res := k.send(method, path, body)
	require.Equal(k.t, status, res.Status, "%s %s: %s", method, path, res.Raw)
	return res
}

type obj = map[string]any

// workflow creates an active Development workflow and returns its trigger identifier and _id.
func (k *dkit) workflow(name string, extra obj, steps ...obj) (string, string) {
	k.t.Helper()
	groups := k.must(http.StatusOK, http.MethodGet, "/v1/notification-groups", nil)
	group := groups.Body["data"].([]any)[0].(obj)["_id"]
	body := obj{"name": name, "notificationGroupId": group, "steps": steps, "active": true}
	for key, v := range extra {
		body[key] = v
	}
	if steps == nil {
		body["steps"] = []any{}
	}
	wf := k.must(http.StatusCreated, http.MethodPost, "/v1/workflows", body).Body["data"].(obj)
	return wf["triggers"].([]any)[0].(obj)["identifier"].(string), wf["_id"].(string)
}

func inAppTpl(content string) obj {
	return obj{"template": obj{"type": "in_app", "content": content,
		"cta": obj{"type": "redirect", "data": obj{"url": "/orders/{{orderNumber}}"}}}}
}

func emailTpl(subject, content string) obj {
	return obj{"template": obj{"type": "email", "subject": subject, "content": content}}
}

func waitTpl(kind string, amount int, unit string) obj {
	return obj{"template": obj{"type": kind}, "metadata": obj{"amount": amount, "unit": unit, "type": "regular"}}
}

func (k *dkit) subscriber(id string, fields obj) {
	k.t.Helper()
	body := obj{"subscriberId": id}
	for key, v := range fields {
		body[key] = v
	}
	k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers", body)
}

func (k *dkit) integration(provider, channel string) obj {
	k.t.Helper()
	return k.must(http.StatusCreated, http.MethodPost, "/v1/integrations",
		obj{"providerId": provider, "channel": channel, "active": true, "check": false}).Body["data"].(obj)
}

func (k *dkit) trigger(body obj) obj {
	k.t.Helper()
	return k.must(http.StatusCreated, http.MethodPost, "/v1/events/trigger", body).Body["data"].(obj)
}

// control reads a control API list (outbox, triggers).
func (k *dkit) control(path string) []obj {
	k.t.Helper()
	res := k.f.do(http.MethodGet, path, "", "")
	require.Equal(k.t, http.StatusOK, res.Status, res.Raw)
	var out []obj
	require.NoError(k.t, json.Unmarshal([]byte(res.Raw), &out))
	return out
}

func (k *dkit) feed(subscriberID string) []any {
	k.t.Helper()
	return k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/"+subscriberID+"/notifications/feed", nil).Body["data"].([]any)
}

func TestEvents_Trigger(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", obj{"firstName": "Maria"})
	active, _ := k.workflow("Order shipped", nil, inAppTpl("Order {{orderNumber}} shipped"))
	inactive, _ := k.workflow("Paused", obj{"active": false}, inAppTpl("x"))
	empty, _ := k.workflow("No steps", nil)
	off := inAppTpl("x")
	off["active"] = false
	allOff, _ := k.workflow("All off", nil, off)
	required := inAppTpl("{{orderNumber}}")
	required["template"].(obj)["variables"] = []obj{{"name": "orderNumber", "type": "String", "required": true}}
	needs, _ := k.workflow("Needs vars", nil, required)
	k.must(http.StatusCreated, http.MethodPost, "/v1/tenants", obj{"identifier": "acme", "name": "Acme"})

	cases := []struct {
		name   string
		body   obj
		status int
		want   string // status field, or the error message
	}{
		{"unknown workflow", obj{"name": "nope", "to": "user-1"}, 422, "workflow_not_found"},
		{"unknown tenant", obj{"name": active, "to": "user-1", "tenant": "ghost"}, 201, "no_tenant_found"},
		{"unknown tenant wins over inactive", obj{"name": inactive, "to": "user-1", "tenant": obj{"identifier": "ghost"}}, 201, "no_tenant_found"},
		{"inactive workflow", obj{"name": inactive, "to": "user-1"}, 201, "trigger_not_active"},
		{"no steps", obj{"name": empty, "to": "user-1"}, 201, "no_workflow_steps_defined"},
		{"no active steps", obj{"name": allOff, "to": "user-1"}, 201, "no_workflow_active_steps_defined"},
		{"required payload missing", obj{"name": needs, "to": "user-1", "payload": obj{}}, 400,
			"payload is missing required key(s) and type(s): orderNumber (Value)"},
		{"required payload given", obj{"name": needs, "to": "user-1", "payload": obj{"orderNumber": "A-1"}}, 201, "processed"},
		{"known tenant", obj{"name": active, "to": "user-1", "tenant": "acme"}, 201, "processed"},
		{"unknown recipients are fine", obj{"name": active, "to": []any{"ghost", obj{"type": "Topic", "topicKey": "none"}}}, 201, "processed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := k.send(http.MethodPost, "/v1/events/trigger", c.body)
			require.Equal(t, c.status, res.Status, res.Raw)
			if c.status != 201 {
				assert.Equal(t, c.want, res.Body["message"])
				return
			}
			data := res.Body["data"].(obj)
			assert.Equal(t, true, data["acknowledged"])
			assert.Equal(t, c.want, data["status"])
			if c.want == "processed" {
				_, err := uuid.Parse(data["transactionId"].(string))
				assert.NoError(t, err)
			} else {
				assert.NotContains(t, data, "transactionId")
			}
		})
	}
	t.Run("given transactionId is kept, and may repeat", func(t *testing.T) {
		// get-messages.e2e.ts (v2.0.0) triggers one transactionId twice and finds both deliveries.
		for range 2 {
			data := k.trigger(obj{"name": active, "to": "user-1", "transactionId": "tx-1"})
			assert.Equal(t, "processed", data["status"])
			assert.Equal(t, "tx-1", data["transactionId"])
		}
		act := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId=tx-1", nil).Body["data"].([]any)
		assert.Len(t, act, 2)
	})
	t.Run("body validation", func(t *testing.T) {
		res := k.send(http.MethodPost, "/v1/events/trigger", obj{"to": "user-1"})
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Contains(t, res.Body["message"], "name should not be null or undefined")
	})
	t.Run("the trigger log keeps every outcome", func(t *testing.T) {
		log := k.control("/_novumock/triggers")
		require.NotEmpty(t, log)
		assert.Equal(t, "nope", log[0]["name"])
		assert.Equal(t, "error", log[0]["status"])
		assert.Equal(t, []any{"workflow_not_found"}, log[0]["error"])
		assert.Equal(t, "tx-1", log[len(log)-1]["transactionId"])
	})
}

func TestEvents_TenantOverride(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	name, wfID := k.workflow("Tenant flow", nil, inAppTpl("hi"))
	tenant := k.must(http.StatusCreated, http.MethodPost, "/v1/tenants", obj{"identifier": "acme", "name": "Acme"}).Body["data"].(obj)
	res := k.send(http.MethodPost, "/v1/workflow-overrides", obj{"workflowId": wfID, "tenantId": tenant["_id"], "active": false})
	if res.Status != http.StatusCreated {
		res = k.must(http.StatusCreated, http.MethodPost, "/v1/workflow-overrides", obj{"workflowId": wfID, "tenantId": "acme", "active": false})
	}
	assert.Equal(t, "trigger_not_active", k.trigger(obj{"name": name, "to": "user-1", "tenant": "acme"})["status"])
	assert.Equal(t, "processed", k.trigger(obj{"name": name, "to": "user-1"})["status"])

	// With an override, the override alone decides: an active one runs an inactive workflow, and
	// its preferenceSettings switch channels for that tenant (workflow-override e2e cases of
	// trigger-event.e2e.ts at v2.0.0).
	tenantID := tenant["_id"]
	override := func(wfID string, body obj) {
		body["workflowId"], body["tenantId"] = wfID, tenantID
		k.must(http.StatusCreated, http.MethodPost, "/v1/workflow-overrides", body)
	}
	inbox := func(txn string) int {
		return len(k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId="+txn, nil).Body["data"].([]any))
	}
	paused, pausedID := k.workflow("Paused", obj{"active": false}, inAppTpl("paused"))
	override(pausedID, obj{"active": true})
	assert.Equal(t, "processed", k.trigger(obj{"name": paused, "to": "user-1", "tenant": "acme", "transactionId": "ov-1"})["status"])
	assert.Equal(t, 1, inbox("ov-1"))
	assert.Equal(t, "trigger_not_active", k.trigger(obj{"name": paused, "to": "user-1"})["status"])

	muted, mutedID := k.workflow("Muted for acme", nil, inAppTpl("muted"))
	override(mutedID, obj{"active": true, "preferenceSettings": obj{"in_app": false}})
	assert.Equal(t, "processed", k.trigger(obj{"name": muted, "to": "user-1", "tenant": "acme", "transactionId": "ov-2"})["status"])
	assert.Equal(t, 0, inbox("ov-2"))
	k.trigger(obj{"name": muted, "to": "user-1", "transactionId": "ov-3"})
	assert.Equal(t, 1, inbox("ov-3"), "without the tenant the workflow's own settings apply")

	quiet, quietID := k.workflow("Quiet", obj{"preferenceSettings": obj{"in_app": false}}, inAppTpl("quiet"))
	override(quietID, obj{"active": true, "preferenceSettings": obj{"in_app": true}})
	k.trigger(obj{"name": quiet, "to": "user-1", "tenant": "acme", "transactionId": "ov-4"})
	assert.Equal(t, 1, inbox("ov-4"))
	k.trigger(obj{"name": quiet, "to": "user-1", "transactionId": "ov-5"})
	assert.Equal(t, 0, inbox("ov-5"))
}

func TestEvents_Recipients(t *testing.T) {
	k := newKit(t)
	name, _ := k.workflow("Hello", nil, inAppTpl("Hello {{subscriber.firstName}}"))
	for _, id := range []string{"a", "b", "c"} {
		k.subscriber(id, obj{"firstName": id})
	}
	k.must(http.StatusOK, http.MethodPost, "/v1/topics/team/subscribers", obj{"subscribers": []string{"a", "b", "c"}})

	t.Run("inline subscriber is upserted", func(t *testing.T) {
		k.trigger(obj{"name": name, "to": obj{"subscriberId": "new-1", "firstName": "Nina", "email": "nina@example.com"}})
		sub := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/new-1", nil).Body["data"].(obj)
		assert.Equal(t, "nina@example.com", sub["email"])
		feed := k.feed("new-1")
		require.Len(t, feed, 1)
		assert.Equal(t, "Hello Nina", feed[0].(obj)["content"])
	})
	t.Run("unknown subscriberId is created", func(t *testing.T) {
		// Novu's worker runs every recipient through ProcessSubscriber, which creates it: its feed
		// and unseen count work right after the trigger.
		k.trigger(obj{"name": name, "to": "ghost"})
		sub := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/ghost", nil).Body["data"].(obj)
		assert.NotContains(t, sub, "email")
		require.Len(t, k.feed("ghost"), 1)
		unseen := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/ghost/notifications/unseen", nil).Body["data"].(obj)
		assert.EqualValues(t, 1, unseen["count"])
		k.trigger(obj{"name": name, "to": []any{"ghost-2", obj{"subscriberId": "ghost-3"}}})
		k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/ghost-2", nil)
		k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/ghost-3", nil)
	})
	t.Run("an existing subscriber named by id is left as it is", func(t *testing.T) {
		before := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/a", nil).Body["data"].(obj)
		k.trigger(obj{"name": name, "to": "a"})
		after := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/a", nil).Body["data"].(obj)
		assert.Equal(t, before, after)
	})
	t.Run("an unknown actor is created too", func(t *testing.T) {
		k.trigger(obj{"name": name, "to": "a", "actor": "new-actor"})
		k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/new-actor", nil)
	})
	t.Run("topic reaches its members once, without the actor", func(t *testing.T) {
		k.trigger(obj{"name": name, "to": []any{obj{"type": "Topic", "topicKey": "team"}, "a"}, "actor": "c",
			"transactionId": "topic-tx"})
		got := map[string]int{}
		for _, e := range k.control("/_novumock/outbox") {
			if e["transactionId"] == "topic-tx" {
				got[e["subscriberId"].(string)]++
			}
		}
		assert.Equal(t, map[string]int{"a": 1, "b": 1}, got)
	})
	t.Run("an object with type Topic is a topic, also with a subscriberId", func(t *testing.T) {
		k.trigger(obj{"name": name, "to": obj{"type": "Topic", "topicKey": "team", "subscriberId": "not-me"},
			"transactionId": "both-tx"})
		got := map[string]int{}
		for _, e := range k.control("/_novumock/outbox") {
			if e["transactionId"] == "both-tx" {
				got[e["subscriberId"].(string)]++
			}
		}
		assert.Equal(t, map[string]int{"a": 1, "b": 1, "c": 1}, got)
		k.must(http.StatusNotFound, http.MethodGet, "/v1/subscribers/not-me", nil)
	})
	t.Run("a recipient without a subscriberId stops the whole trigger", func(t *testing.T) {
		// buildSubscriberDefine throws before TriggerMulticast queues anyone (checked against a
		// real v2.0.0).
		k.trigger(obj{"name": name, "to": []any{"a", obj{"email": "x@example.com"}}, "transactionId": "stop-all"})
		assert.Empty(t, k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId=stop-all", nil).Body["data"])
	})
	t.Run("an unknown topic stops the topics, not the subscribers named", func(t *testing.T) {
		k.trigger(obj{"name": name, "to": []any{"c", obj{"type": "Topic", "topicKey": "nope"},
			obj{"type": "Topic", "topicKey": "team"}}, "transactionId": "no-topic"})
		act := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId=no-topic", nil).Body["data"].([]any)
		require.Len(t, act, 1)
		assert.Equal(t, obj{"subscriberId": "c"}, act[0].(obj)["to"])
	})
	// Novu checks only that `to` is there; what its worker cannot use reaches no one.
	for _, tc := range []struct {
		name string
		to   any
	}{
		{"a number", 5},
		{"an object without a subscriberId", obj{"email": "x@example.com"}},
		{"a subscriberId that is not a string", obj{"subscriberId": 5}},
		{"a topic without a key", []any{obj{"type": "Topic"}}},
		{"an inline subscriber with an invalid e-mail", obj{"subscriberId": "bad-mail", "email": "nope"}},
	} {
		t.Run("unusable recipient: "+tc.name, func(t *testing.T) {
			txn := "unusable-" + tc.name
			data := k.trigger(obj{"name": name, "to": tc.to, "transactionId": txn})
			assert.Equal(t, "processed", data["status"])
			for _, e := range k.control("/_novumock/outbox") {
				assert.NotEqual(t, txn, e["transactionId"])
			}
		})
	}
	k.must(http.StatusNotFound, http.MethodGet, "/v1/subscribers/bad-mail", nil)
}

// TestEvents_TemplateData checks what step templates see, as Novu's worker builds it: payload
// fields at the top level (no payload key), then subscriber, step, tenant and actor, and the
// organization's branding.
func TestEvents_TemplateData(t *testing.T) {
	k := newKit(t)
	k.subscriber("ada", obj{"firstName": "Ada"})
	k.subscriber("bob", obj{"firstName": "Bob"})
	k.must(http.StatusCreated, http.MethodPost, "/v1/tenants", obj{"identifier": "acme", "name": "Acme"})
	cases := []struct {
		name, content string
		trigger       obj
		want          string
	}{
		{"payload field by name", "Hi {{name}}", obj{"payload": obj{"name": "N"}}, "Hi N"},
		{"no payload key", "[{{payload.name}}]", obj{"payload": obj{"name": "N"}}, "[]"},
		{"nested payload field", "{{order.id}}", obj{"payload": obj{"order": obj{"id": "A-1"}}}, "A-1"},
		{"subscriber wins over a payload field of that name", "{{subscriber.firstName}}",
			obj{"payload": obj{"subscriber": obj{"firstName": "Eve"}}}, "Ada"},
		{"step before any digest", "[{{step.digest}}]", obj{"payload": obj{}}, "[false]"},
		{"default brand colour", "{{branding.color}}", obj{"payload": obj{}}, "#f47373"},
		{"tenant", "{{tenant.name}}", obj{"payload": obj{}, "tenant": obj{"identifier": "acme"}}, "Acme"},
		{"actor", "from {{actor.firstName}}", obj{"payload": obj{}, "actor": obj{"subscriberId": "bob"}}, "from Bob"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			name, _ := k.workflow("Data "+tc.name, nil, inAppTpl(tc.content))
			body := obj{"name": name, "to": "ada"}
			for key, v := range tc.trigger {
				body[key] = v
			}
			txn := k.trigger(body)["transactionId"]
			var got []any
			for _, e := range k.control("/_novumock/outbox?to=ada") {
				if e["transactionId"] == txn {
					got = append(got, e["content"])
				}
			}
			assert.Equal(t, []any{tc.want}, got)
		})
	}
}

// TestEvents_TemplateBranding: templates see the organization's branding once it has one.
func TestEvents_TemplateBranding(t *testing.T) {
	k := newKit(t)
	k.subscriber("ada", nil)
	k.must(http.StatusOK, http.MethodPut, "/v1/organizations/branding", obj{"color": "#4f46e5", "logo": "https://cdn.acme.io/logo.png"})
	name, _ := k.workflow("Branded", nil, inAppTpl("{{branding.color}} {{branding.logo}}"))
	k.trigger(obj{"name": name, "to": "ada"})
	outbox := k.control("/_novumock/outbox?to=ada")
	require.Len(t, outbox, 1)
	assert.Equal(t, "#4f46e5 https://cdn.acme.io/logo.png", outbox[0]["content"])
}

// TestEvents_TriggerContexts: a workflow whose contents use {{tenant.*}} or {{actor.*}} lists
// them as reserved variables, and a trigger without them is refused before anything else runs.
func TestEvents_TriggerContexts(t *testing.T) {
	k := newKit(t)
	k.subscriber("ada", nil)
	k.must(http.StatusCreated, http.MethodPost, "/v1/tenants", obj{"identifier": "acme", "name": "Acme"})
	t.Run("a tenant's trigger logs the tenant context for each job it runs", func(t *testing.T) {
		plain, _ := k.workflow("Tenant trace", nil, inAppTpl("hi"))
		k.trigger(obj{"name": plain, "to": "ada", "tenant": "acme", "transactionId": "tenant-trace"})
		a := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId=tenant-trace", nil).Body["data"].([]any)[0].(obj)
		var ds []any
		for _, d := range a["jobs"].([]any)[0].(obj)["executionDetails"].([]any) {
			ds = append(ds, d.(obj)["detail"])
		}
		assert.Equal(t, []any{"Step created", "Step queued", "Tenant context selected", "Start sending message",
			"Message created", "Message sent"}, ds)
	})
	name, id := k.workflow("Contexts", nil, inAppTpl("{{tenant.name}}: {{actor.firstName}} and {{tenant.data.plan}}"))
	wf := k.must(http.StatusOK, http.MethodGet, "/v1/workflows/"+id, nil).Body["data"].(obj)
	trigger := wf["triggers"].([]any)[0].(obj)
	// Each context used adds its one reserved variable, whichever of its fields the content
	// reads (ReservedVariablesMap at v2.0.0; a real v2.0.0 answers so); the contexts' fields are
	// no trigger variables.
	assert.Equal(t, []any{
		obj{"type": "tenant", "variables": []any{obj{"name": "identifier", "type": "String"}}},
		obj{"type": "actor", "variables": []any{obj{"name": "subscriberId", "type": "String"}}},
	}, trigger["reservedVariables"])
	assert.Equal(t, []any{obj{"name": "orderNumber", "type": "String"}}, trigger["variables"], "only the CTA url's")
	cases := []struct {
		name    string
		extra   obj
		status  int
		message any
	}{
		{"both missing", obj{}, http.StatusBadRequest, "Trigger is missing: tenant object, actor object"},
		{"actor missing", obj{"tenant": obj{"identifier": "acme"}}, http.StatusBadRequest, "Trigger is missing: actor object"},
		// Novu reads identifier and subscriberId off the value as sent: a plain string has neither.
		{"ids as strings", obj{"tenant": "acme", "actor": "ada"}, http.StatusBadRequest,
			"Trigger is missing: identifier property of tenant, subscriberId property of actor"},
		{"both given", obj{"tenant": obj{"identifier": "acme"}, "actor": obj{"subscriberId": "ada"}}, http.StatusCreated, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := obj{"name": name, "to": "ada"}
			for key, v := range tc.extra {
				body[key] = v
			}
			res := k.send(http.MethodPost, "/v1/events/trigger", body)
			require.Equal(t, tc.status, res.Status)
			if tc.message != nil {
				assert.Equal(t, tc.message, res.Body["message"])
			}
		})
	}
	t.Run("a workflow without contexts has none", func(t *testing.T) {
		_, plain := k.workflow("Plain", nil, inAppTpl("Hi {{name}}"))
		wf := k.must(http.StatusOK, http.MethodGet, "/v1/workflows/"+plain, nil).Body["data"].(obj)
		// The trigger schema's array: stored [] (a real v2.0.0 shows reservedVariables: []).
		assert.Equal(t, []any{}, wf["triggers"].([]any)[0].(obj)["reservedVariables"])
	})
}

// TestEvents_Attachments: the payload keeps where each attachment was stored, never its bytes,
// and in-app messages keep no attachments at all.
func TestEvents_Attachments(t *testing.T) {
	k := newKit(t)
	k.subscriber("ada", obj{"email": "ada@example.com"})
	k.integration("sendgrid", "email")
	name, _ := k.workflow("Files", nil, inAppTpl("See {{x}}"), emailTpl("Files", "See {{x}}"))
	attachment := obj{"file": "aGVsbG8=", "name": "a.txt", "mime": "text/plain"}
	k.trigger(obj{"name": name, "to": "ada", "transactionId": "att-1", "payload": obj{"x": "1", "attachments": []any{attachment}}})
	msgs := k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId=att-1", nil).Body["data"].([]any)
	require.Len(t, msgs, 2)
	for _, m := range msgs {
		m := m.(obj)
		payload := m["payload"].(obj)
		assert.Equal(t, "1", payload["x"])
		if m["channel"] == "in_app" {
			assert.NotContains(t, payload, "attachments", "in-app messages drop them")
			continue
		}
		list := payload["attachments"].([]any)
		require.Len(t, list, 1)
		a := list[0].(obj)
		assert.NotContains(t, a, "file", "the bytes are uploaded, not kept")
		assert.Equal(t, "a.txt", a["name"])
		assert.Equal(t, "text/plain", a["mime"])
		assert.Regexp(t, `^[0-9a-f]{24}/[0-9a-f]{24}/[0-9a-f]{32}/a\.txt$`, a["storagePath"])
	}
}

func TestEvents_Bulk(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	name, _ := k.workflow("Bulk", nil, inAppTpl("x"))
	res := k.must(http.StatusCreated, http.MethodPost, "/v1/events/trigger/bulk", obj{"events": []obj{
		{"name": name, "to": "user-1", "payload": obj{}}, {"name": "missing", "to": "user-1", "payload": obj{}},
		{"name": name, "to": "user-1", "payload": obj{}, "transactionId": "t3"},
	}})
	data := res.Body["data"].([]any)
	require.Len(t, data, 3)
	assert.Equal(t, "processed", data[0].(obj)["status"])
	assert.Equal(t, obj{"acknowledged": true, "status": "error", "error": []any{"workflow_not_found"}}, data[1])
	assert.Equal(t, "t3", data[2].(obj)["transactionId"])
	assert.Len(t, k.feed("user-1"), 2)

	t.Run("limits", func(t *testing.T) {
		res := k.send(http.MethodPost, "/v1/events/trigger/bulk", obj{"events": []obj{}})
		require.Equal(t, http.StatusBadRequest, res.Status)
		assert.Contains(t, res.Body["message"], "events should not be empty")
	})
}

// TestEvents_BulkMalformedEvents: Novu's bulk DTO does not validate the events one by one; each
// is checked by ParseEventRequestMulticastCommand, whose messages become that event's error
// while the others go through (answers of a real v2.0.0).
func TestEvents_BulkMalformedEvents(t *testing.T) {
	k := newKit(t)
	name, _ := k.workflow("Bulk", nil, inAppTpl("x"))
	missing := func(fields ...string) []any {
		out := []any{}
		for _, f := range fields {
			switch f {
			case "to", "payload":
				out = append(out, f+" should not be null or undefined")
			case "identifier":
				out = append(out, "identifier should not be null or undefined", "identifier must be a string")
			}
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		event any
		error []any // nil: processed
	}{
		{"no payload", obj{"name": name, "to": "bulk-1"}, missing("payload")},
		{"null payload", obj{"name": name, "to": "bulk-1", "payload": nil}, missing("payload")},
		{"no name", obj{"to": "bulk-1", "payload": obj{}}, missing("identifier")},
		{"no to", obj{"name": name, "payload": obj{}}, missing("to")},
		{"empty", obj{}, missing("to", "identifier", "payload")},
		{"not an object", 7, missing("to", "identifier", "payload")},
		{"an array", []any{1}, missing("to", "identifier", "payload")},
		{"null", nil, []any{"Cannot read properties of null (reading 'name')"}},
		{"name not a string", obj{"name": 5, "to": "bulk-1", "payload": obj{}}, []any{"identifier must be a string"}},
		{"optional fields of the wrong type", obj{"name": name, "to": "bulk-1", "payload": obj{},
			"transactionId": 5, "actor": 5, "tenant": true, "bridgeUrl": 5},
			[]any{"transactionId must be a string", "nested property actor must be either object or array",
				"nested property tenant must be either object or array", "bridgeUrl must be a string"}},
		{"the command's checks come before the workflow's", obj{"name": "missing", "to": "bulk-1"}, missing("payload")},
		{"then the workflow", obj{"name": "missing", "to": "bulk-1", "payload": obj{}}, []any{"workflow_not_found"}},
		{"a payload that is no object passes", obj{"name": name, "to": "bulk-1", "payload": 5}, nil},
		// The worker, not the API, finds out that these recipients are none.
		{"to a number", obj{"name": name, "to": 5, "payload": obj{}}, nil},
		{"to an object without subscriberId", obj{"name": name, "to": obj{"x": 1}, "payload": obj{}}, nil},
		{"to an empty list", obj{"name": name, "to": []any{}, "payload": obj{}}, nil},
		{"nulls for optional fields pass", obj{"name": name, "to": "bulk-1", "payload": obj{},
			"transactionId": nil, "actor": nil, "tenant": nil, "overrides": nil}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok := obj{"name": name, "to": "bulk-2", "payload": obj{}}
			res := k.must(http.StatusCreated, http.MethodPost, "/v1/events/trigger/bulk", obj{"events": []any{tc.event, ok}})
			data := res.Body["data"].([]any)
			require.Len(t, data, 2)
			if tc.error == nil {
				assert.Equal(t, "processed", data[0].(obj)["status"], data[0])
			} else {
				assert.Equal(t, obj{"acknowledged": true, "status": "error", "error": tc.error}, data[0])
			}
			assert.Equal(t, "processed", data[1].(obj)["status"], "the other event goes through")
		})
	}
}

func TestEvents_Broadcast(t *testing.T) {
	k := newKit(t)
	name, _ := k.workflow("News", nil, inAppTpl("News {{version}}"))
	for _, id := range []string{"a", "b", "c"} {
		k.subscriber(id, nil)
	}
	data := k.must(http.StatusCreated, http.MethodPost, "/v1/events/trigger/broadcast", obj{"name": name, "payload": obj{"version": "2.4"}}).Body["data"].(obj)
	assert.Equal(t, "processed", data["status"])
	outbox := k.control("/_novumock/outbox?channel=in_app")
	require.Len(t, outbox, 3)
	for _, e := range outbox {
		assert.Equal(t, "News 2.4", e["content"])
		assert.Equal(t, data["transactionId"], e["transactionId"])
	}
	t.Run("payload is required", func(t *testing.T) {
		// The DTO has IsObject but no IsDefined: one sentence, for a missing or a null payload.
		for _, body := range []obj{{"name": name}, {"name": name, "payload": nil}} {
			res := k.send(http.MethodPost, "/v1/events/trigger/broadcast", body)
			require.Equal(t, http.StatusBadRequest, res.Status)
			assert.Equal(t, []any{"payload must be an object"}, res.Body["message"])
		}
	})
	t.Run("unknown workflow", func(t *testing.T) {
		res := k.send(http.MethodPost, "/v1/events/trigger/broadcast", obj{"name": "nope", "payload": obj{}})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	})
}

func TestEvents_DelayAndCancel(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	name, _ := k.workflow("Later", nil, waitTpl("delay", 1, "hours"), inAppTpl("Reminder"))

	t.Run("delay is released by the clock", func(t *testing.T) {
		k.trigger(obj{"name": name, "to": "user-1", "transactionId": "d1"})
		assert.Empty(t, k.feed("user-1"))
		k.f.advance(59 * time.Minute)
		assert.Empty(t, k.feed("user-1"))
		k.f.advance(time.Minute)
		assert.Len(t, k.feed("user-1"), 1)
	})
	t.Run("cancel after delivery is false", func(t *testing.T) {
		data := k.must(http.StatusOK, http.MethodDelete, "/v1/events/trigger/d1", nil).Body
		assert.Equal(t, false, data["data"])
	})
	t.Run("cancel of a delayed trigger stops it", func(t *testing.T) {
		k.trigger(obj{"name": name, "to": "user-1", "transactionId": "d2"})
		assert.Equal(t, true, k.must(http.StatusOK, http.MethodDelete, "/v1/events/trigger/d2", nil).Body["data"])
		assert.Equal(t, false, k.must(http.StatusOK, http.MethodDelete, "/v1/events/trigger/d2", nil).Body["data"])
		k.f.advance(2 * time.Hour)
		assert.Len(t, k.feed("user-1"), 1)
		act := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId=d2", nil).Body["data"].([]any)
		require.Len(t, act, 1)
		for _, j := range act[0].(obj)["jobs"].([]any) {
			assert.Equal(t, "canceled", j.(obj)["status"])
		}
	})
	t.Run("unknown transaction is false", func(t *testing.T) {
		assert.Equal(t, false, k.must(http.StatusOK, http.MethodDelete, "/v1/events/trigger/none", nil).Body["data"])
	})
}

// TestEvents_DelayOverride: a trigger's overrides.delay replaces a regular delay's amount and
// unit when amount is a number and unit a known one, as ComputeJobWaitDuration takes it
// (compute-job-wait-duration.service.ts at v2.0.0; delay-events.e2e.ts 'should override delay
// parameters'); anything else leaves the step's own hour.
func TestEvents_DelayOverride(t *testing.T) {
	tests := []struct {
		name     string
		override any
		wait     time.Duration // until the message arrives
	}{
		{"minutes", obj{"amount": 10, "unit": "minutes"}, 10 * time.Minute},
		{"a fraction", obj{"amount": 0.5, "unit": "hours"}, 30 * time.Minute},
		{"days", obj{"amount": 2, "unit": "days"}, 48 * time.Hour},
		{"amount as a string is ignored", obj{"amount": "10", "unit": "minutes"}, time.Hour},
		{"unknown unit is ignored", obj{"amount": 10, "unit": "fortnights"}, time.Hour},
		{"no unit is ignored", obj{"amount": 10}, time.Hour},
		{"not an object", "soon", time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			k.subscriber("user-1", nil)
			name, _ := k.workflow("Later", nil, waitTpl("delay", 1, "hours"), inAppTpl("Reminder"))
			k.trigger(obj{"name": name, "to": "user-1", "overrides": obj{"delay": tt.override}})
			k.f.advance(tt.wait - time.Second)
			assert.Empty(t, k.feed("user-1"), "before %s", tt.wait)
			k.f.advance(time.Second)
			assert.Len(t, k.feed("user-1"), 1, "after %s", tt.wait)
		})
	}
}

// TestEvents_DigestKeys: with a digestKey, events digest together only when the payload holds the
// same value under it, a nested path too (digest-events.e2e.ts 'multiple digest based on
// different digestKeys' and 'different nested digestKeys' at v2.0.0).
func TestEvents_DigestKeys(t *testing.T) {
	tests := []struct {
		name, key string
		payloads  []obj
	}{
		{"plain key", "postId", []obj{{"postId": 1}, {"postId": 2}, {"postId": 1}}},
		{"nested key", "post.id", []obj{{"post": obj{"id": 1}}, {"post": obj{"id": 2}}, {"post": obj{"id": 1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			k.subscriber("user-1", nil)
			digest := waitTpl("digest", 10, "minutes")
			digest["metadata"].(obj)["digestKey"] = tt.key
			name, _ := k.workflow("Keyed", nil, digest, inAppTpl("{{step.total_count}}"))
			for _, p := range tt.payloads {
				k.trigger(obj{"name": name, "to": "user-1", "payload": p})
			}
			k.f.advance(10 * time.Minute)
			var counts []any
			for _, m := range k.feed("user-1") {
				counts = append(counts, m.(obj)["content"])
			}
			assert.ElementsMatch(t, []any{"2", "1"}, counts, "one digest per key value")
		})
	}
}

// TestEvents_DelayThenDigest: a delay ahead of a digest releases the events into one digest, a
// regular delay or a scheduled one with the same sendAt (delay-events.e2e.ts 'should not include
// delayed event in digested sent message' and 'a single message for same exact scheduled delay'
// at v2.0.0).
func TestEvents_DelayThenDigest(t *testing.T) {
	sendAt := "2024-10-24T13:00:00.000Z" // an hour after the test clock's start
	scheduled := obj{"template": obj{"type": "delay"}, "metadata": obj{"type": "scheduled", "delayPath": "sendAt"}}
	tests := []struct {
		name    string
		delay   obj
		payload obj
	}{
		{"regular delay", waitTpl("delay", 1, "hours"), obj{}},
		{"scheduled delay, same instant", scheduled, obj{"sendAt": sendAt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			k.subscriber("user-1", nil)
			name, _ := k.workflow("Delayed digest", nil, tt.delay, waitTpl("digest", 10, "minutes"),
				inAppTpl("Event {{n}}. Digested events {{step.events.length}}"))
			for i := 1; i <= 2; i++ {
				payload := obj{"n": i}
				for key, v := range tt.payload {
					payload[key] = v
				}
				k.trigger(obj{"name": name, "to": "user-1", "payload": payload})
			}
			k.f.advance(time.Hour)
			assert.Empty(t, k.feed("user-1"), "the digest holds both")
			k.f.advance(10 * time.Minute)
			feed := k.feed("user-1")
			require.Len(t, feed, 1, "one message for both events")
			assert.Equal(t, "Event 1. Digested events 2", feed[0].(obj)["content"])
		})
	}
}

func TestEvents_Digest(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	name, _ := k.workflow("Digest", nil, waitTpl("digest", 10, "minutes"),
		inAppTpl("{{step.total_count}} updates, last {{n}}"))
	k.trigger(obj{"name": name, "to": "user-1", "payload": obj{"n": 1}, "transactionId": "g1"})
	k.trigger(obj{"name": name, "to": "user-1", "payload": obj{"n": 2}, "transactionId": "g2"})
	k.trigger(obj{"name": name, "to": "user-1", "payload": obj{"n": 3}, "transactionId": "g3"})
	jobStatuses := func(txn string) []any {
		act := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId="+txn, nil).Body["data"].([]any)
		require.Len(t, act, 1)
		var out []any
		for _, j := range act[0].(obj)["jobs"].([]any) {
			out = append(out, j.(obj)["status"])
		}
		return out
	}
	// A merged trigger's digest job and every job after it are merged at once (Novu's
	// processMergedDigest); the leader waits with its next job pending.
	assert.Equal(t, []any{"delayed", "pending"}, jobStatuses("g1"))
	assert.Equal(t, []any{"merged", "merged"}, jobStatuses("g2"))
	assert.True(t, k.must(http.StatusOK, http.MethodDelete, "/v1/events/trigger/g1", nil).Body["data"].(bool),
		"cancelling the leader hands the digest on")
	assert.Equal(t, []any{"canceled", "canceled"}, jobStatuses("g1"))
	assert.Equal(t, []any{"delayed", "pending"}, jobStatuses("g2"), "the oldest follower leads, its jobs pending again")
	assert.Equal(t, []any{"merged", "merged"}, jobStatuses("g3"))
	k.f.advance(10 * time.Minute)
	feed := k.feed("user-1")
	require.Len(t, feed, 1)
	assert.Equal(t, "2 updates, last 2", feed[0].(obj)["content"])
	assert.Equal(t, []any{"completed", "completed"}, jobStatuses("g2"))
	assert.Equal(t, []any{"merged", "merged"}, jobStatuses("g3"), "a follower's jobs stay merged")
}

// Step conditions decide per trigger whether a channel step runs; a filtered step is cancelled
// with Novu's execution detail and the workflow goes on to its next step.
func TestEvents_StepFilters(t *testing.T) {
	k := newKit(t)
	k.integration("sendgrid", "email")
	k.subscriber("pro-user", obj{"email": "pro@example.com", "data": obj{"plan": "pro", "seats": 12}})
	k.subscriber("free-user", obj{"email": "free@example.com", "data": obj{"plan": "free", "seats": 1}})
	part := func(on, field, op, value string) obj {
		return obj{"on": on, "field": field, "operator": op, "value": value}
	}
	filtered := func(step obj, groups ...obj) obj {
		step["filters"] = groups
		return step
	}
	name, _ := k.workflow("Conditional", nil,
		// Only for big orders of pro subscribers.
		filtered(inAppTpl("Big order"), obj{"type": "GROUP", "value": "AND", "children": []any{
			part("subscriber", "data.plan", "EQUAL", "pro"), part("payload", "total", "LARGER", "100")}}),
		// Either group is enough: many seats, or an order marked urgent.
		filtered(emailTpl("Heads up", "Order {{orderId}}"),
			obj{"type": "GROUP", "value": "AND", "children": []any{part("subscriber", "data.seats", "LARGER_EQUAL", "10")}},
			obj{"type": "GROUP", "value": "OR", "children": []any{part("payload", "tags", "IN", "urgent"), part("payload", "missing", "EQUAL", "x")}}),
	)
	cases := []struct {
		name, to, txn string
		payload       obj
		inApp, email  bool
	}{
		{"pro subscriber, big order: both", "pro-user", "f1", obj{"total": 250, "orderId": "A"}, true, true},
		{"pro subscriber, small order: email only (seats)", "pro-user", "f2", obj{"total": 50, "orderId": "B"}, false, true},
		{"free subscriber, big order: nothing", "free-user", "f3", obj{"total": 250, "orderId": "C"}, false, false},
		{"free subscriber, urgent: email by the second group", "free-user", "f4", obj{"total": 5, "orderId": "D", "tags": []any{"urgent"}}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k.trigger(obj{"name": name, "to": tc.to, "transactionId": tc.txn, "payload": tc.payload})
			act := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId="+tc.txn, nil).Body["data"].([]any)
			require.Len(t, act, 1)
			want := map[string]bool{"in_app": tc.inApp, "email": tc.email}
			for _, j := range act[0].(obj)["jobs"].([]any) {
				j := j.(obj)
				var details []string
				for _, d := range j["executionDetails"].([]any) {
					details = append(details, d.(obj)["detail"].(string))
				}
				if want[j["type"].(string)] {
					assert.Equal(t, "completed", j["status"], j["type"])
					assert.Contains(t, details, "Message sent", j["type"])
				} else {
					assert.Equal(t, "canceled", j["status"], j["type"])
					assert.Equal(t, []string{"Step created", "Step queued", "Step was filtered based on steps filters"}, details, j["type"])
				}
			}
			messages := k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId="+tc.txn, nil).Body["data"].([]any)
			assert.Len(t, messages, map[bool]int{false: 0, true: 1}[tc.inApp]+map[bool]int{false: 0, true: 1}[tc.email])
		})
	}
}

// Online-status conditions: a subscriber that never reported a status fails them (as Novu skips
// such subscribers); then isOnline must match and isOnlineInLast counts whole hours.
func TestEvents_OnlineConditions(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	step := func(content string, part obj) obj {
		s := inAppTpl(content)
		s["filters"] = []any{obj{"type": "GROUP", "value": "AND", "children": []any{part}}}
		return s
	}
	name, _ := k.workflow("Presence", nil,
		step("online", obj{"on": "isOnline", "value": true}),
		step("recent", obj{"on": "isOnlineInLast", "timeOperator": "hours", "value": 2}))
	contents := func() []string {
		var out []string
		for _, m := range k.feed("user-1") {
			out = append(out, m.(obj)["content"].(string))
		}
		return out
	}
	setOnline := func(online bool) {
		k.must(http.StatusOK, http.MethodPatch, "/v1/subscribers/user-1/online-status", obj{"isOnline": online})
	}

	k.trigger(obj{"name": name, "to": "user-1"})
	assert.Empty(t, contents(), "no online status reported yet")

	setOnline(true)
	k.trigger(obj{"name": name, "to": "user-1"})
	assert.Equal(t, []string{"recent", "online"}, contents(), "newest first")

	setOnline(false) // lastOnlineAt is now
	k.f.advance(2*time.Hour + 59*time.Minute)
	k.trigger(obj{"name": name, "to": "user-1"})
	assert.Len(t, contents(), 3, "offline for 2 whole hours: only the recent step")
	k.f.advance(time.Minute)
	k.trigger(obj{"name": name, "to": "user-1"})
	assert.Len(t, contents(), 3, "3 hours ago is too long")
}

// A previousStep condition reads the message an earlier step sent: here a reminder that goes
// out after an hour only if the first message is still unread.
func TestEvents_PreviousStepCondition(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	first := inAppTpl("first")
	first["uuid"] = "step-first"
	reminder := inAppTpl("reminder")
	reminder["filters"] = []any{obj{"type": "GROUP", "value": "AND", "children": []any{
		obj{"on": "previousStep", "step": "step-first", "stepType": "unread"}}}}
	name, _ := k.workflow("Nudge", nil, first, waitTpl("delay", 1, "hours"), reminder)

	k.trigger(obj{"name": name, "to": "user-1", "transactionId": "ignored"})
	k.f.advance(time.Hour)
	assert.Len(t, k.feed("user-1"), 2, "first still unread: the reminder goes out")

	k.trigger(obj{"name": name, "to": "user-1", "transactionId": "read"})
	newest := k.feed("user-1")[0].(obj)
	require.Equal(t, "first", newest["content"])
	k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-1/messages/mark-as",
		obj{"messageId": newest["_id"], "markAs": "read"})
	k.f.advance(time.Hour)
	assert.Len(t, k.feed("user-1"), 3, "first was read: no reminder")
}

// TestEvents_VerifyPayload follows Novu's VerifyPayload and ParseEventRequest's merge: required
// variables of every step (active or not) are checked by kind and labelled Value, Array, Boolean
// (or undefined without a type), a scheduled delay needs an ISO date under its path, and only the
// last step's defaults fill the payload, without empty strings.
func TestEvents_VerifyPayload(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	vars := inAppTpl("{{myUser.lastName}}")
	vars["template"].(obj)["variables"] = []obj{
		{"name": "myUser.lastName", "type": "String", "required": true},
		{"name": "myUser.array", "type": "Array", "required": true},
		{"name": "myUser.bool", "type": "Boolean", "required": true},
		{"name": "untyped", "required": true},
		{"name": "subscriber.firstName", "type": "String", "required": true}, // a system variable: never checked
	}
	typed, _ := k.workflow("Typed", nil, vars)
	inactive := inAppTpl("x")
	inactive["active"] = false
	inactive["template"].(obj)["variables"] = []obj{{"name": "hidden", "type": "String", "required": true}}
	withInactive, _ := k.workflow("Inactive step counts", nil, inactive, inAppTpl("y"))
	scheduled := obj{"template": obj{"type": "delay"}, "metadata": obj{"type": "scheduled", "delayPath": "sendAt"}}
	sched, _ := k.workflow("Scheduled", nil, scheduled, inAppTpl("Reminder"))
	noPath, _ := k.workflow("Scheduled without path", nil, obj{"template": obj{"type": "delay"},
		"metadata": obj{"type": "scheduled"}}, inAppTpl("Reminder"))

	const missing = "payload is missing required key(s) and type(s): "
	for _, tc := range []struct {
		name    string
		body    obj
		message string // "" for 201
	}{
		{"all missing", obj{"name": typed, "payload": obj{}},
			missing + "myUser.lastName (Value), myUser.array (Array), myUser.bool (Boolean), untyped (undefined)"},
		{"wrong kinds", obj{"name": typed, "payload": obj{"myUser": obj{"lastName": true, "array": "John", "bool": 0}, "untyped": nil}},
			missing + "myUser.lastName (Value), myUser.array (Array), myUser.bool (Boolean), untyped (undefined)"},
		{"empty values of the right kinds", obj{"name": typed, "payload": obj{"myUser": obj{"lastName": "", "array": []any{}, "bool": true}, "untyped": 0}}, ""},
		{"a number is a Value", obj{"name": typed, "payload": obj{"myUser": obj{"lastName": 7, "array": []any{1}, "bool": false}, "untyped": "x"}}, ""},
		{"an inactive step's variables count", obj{"name": withInactive, "payload": obj{}}, missing + "hidden (Value)"},
		{"scheduled delay without a date", obj{"name": sched, "payload": obj{}}, missing + "sendAt (ISO Date)"},
		{"scheduled delay with a date that is not ISO", obj{"name": sched, "payload": obj{"sendAt": "tomorrow"}}, missing + "sendAt (ISO Date)"},
		{"scheduled delay with a number", obj{"name": sched, "payload": obj{"sendAt": 1735689600000}}, missing + "sendAt (ISO Date)"},
		{"scheduled delay with an ISO date", obj{"name": sched, "payload": obj{"sendAt": "2030-01-01T00:00:00.000Z"}}, ""},
		{"scheduled delay without a path", obj{"name": noPath, "payload": obj{}}, "Delay path is required for scheduled delay"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.body["to"] = "user-1"
			res := k.send(http.MethodPost, "/v1/events/trigger", tc.body)
			if tc.message == "" {
				require.Equal(t, http.StatusCreated, res.Status, res.Raw)
				return
			}
			require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
			assert.Equal(t, tc.message, res.Body["message"])
		})
	}

	t.Run("defaults", func(t *testing.T) {
		first := inAppTpl("first")
		first["template"].(obj)["variables"] = []obj{{"name": "fromFirst", "type": "String", "defaultValue": "F"}}
		last := inAppTpl("{{myUser.lastName}} at {{org}}")
		last["template"].(obj)["variables"] = []obj{
			{"name": "myUser.lastName", "type": "String", "defaultValue": "John Doe"},
			{"name": "org", "type": "String", "defaultValue": "Novu Corp"},
			{"name": "blank", "type": "String", "defaultValue": ""},
			{"name": "nested.blank", "type": "String", "defaultValue": ""},
			{"name": "cleared", "type": "String", "defaultValue": "D"},
		}
		name, _ := k.workflow("Defaults", nil, first, last)
		k.trigger(obj{"name": name, "to": "user-1", "transactionId": "defaults-1",
			"payload": obj{"org": "Umbrella Corp", "myUser": obj{"id": 1}, "cleared": nil}})
		msgs := k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId=defaults-1", nil).Body["data"].([]any)
		require.Len(t, msgs, 2)
		for _, m := range msgs {
			assert.Equal(t, obj{"myUser": obj{"id": float64(1), "lastName": "John Doe"}, "org": "Umbrella Corp",
				"nested": obj{}, "cleared": nil}, m.(obj)["payload"],
				"only the last step's defaults, merged under the payload; no empty-string default, null kept")
		}
		contents := []any{msgs[0].(obj)["content"], msgs[1].(obj)["content"]}
		assert.ElementsMatch(t, []any{"first", "John Doe at Umbrella Corp"}, contents)
	})
}

// TestEvents_IntegrationSelection follows Novu's SelectIntegration: an e-mail step goes out
// through the primary integration, unless the trigger runs for a tenant that an integration's
// conditions select, or its overrides name an integration by identifier.
func TestEvents_IntegrationSelection(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", obj{"email": "user-1@example.com"})
	for _, id := range []string{"test", "test2", "test3", "other"} {
		k.must(http.StatusCreated, http.MethodPost, "/v1/tenants", obj{"identifier": id, "name": id})
	}
	// The Cloud start's Novu Email stays primary over a new active one (calculatePriorityAndPrimary):
	// sendgrid is made primary explicitly.
	primary := k.integration("sendgrid", "email")
	primary = k.must(http.StatusCreated, http.MethodPost, "/v1/integrations/"+primary["_id"].(string)+"/set-primary", obj{}).Body["data"].(obj)
	require.Equal(t, true, primary["primary"])
	cond := func(value string, children ...obj) []obj {
		return []obj{{"value": value, "children": children}}
	}
	tenantIs := func(id string) obj {
		return obj{"field": "identifier", "value": id, "operator": "EQUAL", "on": "tenant"}
	}
	k.must(http.StatusCreated, http.MethodPost, "/v1/integrations", obj{"providerId": "mailgun", "channel": "email",
		"active": true, "check": false, "credentials": obj{"apiKey": "k"}, "conditions": cond("AND", tenantIs("test"))})
	k.must(http.StatusCreated, http.MethodPost, "/v1/integrations", obj{"providerId": "postmark", "channel": "email",
		"active": true, "check": false, "credentials": obj{"apiKey": "k"}, "identifier": "postmark-main",
		"conditions": cond("OR", tenantIs("test2"), tenantIs("test3"))})
	name, _ := k.workflow("Mail", nil, emailTpl("Hi", "Hello"))

	for _, tc := range []struct {
		name     string
		extra    obj
		provider string // "" when no integration is found
	}{
		{"no tenant: the primary", obj{}, "sendgrid"},
		{"a tenant no condition selects: the primary", obj{"tenant": obj{"identifier": "other"}}, "sendgrid"},
		{"conditions select by tenant", obj{"tenant": obj{"identifier": "test"}}, "mailgun"},
		{"OR conditions", obj{"tenant": obj{"identifier": "test3"}}, "postmark"},
		{"overrides name the integration", obj{"overrides": obj{"email": obj{"integrationIdentifier": "postmark-main"}}}, "postmark"},
		{"an identifier wins over conditions", obj{"tenant": obj{"identifier": "test"},
			"overrides": obj{"email": obj{"integrationIdentifier": primary["identifier"]}}}, "sendgrid"},
		{"an unknown identifier finds none", obj{"overrides": obj{"email": obj{"integrationIdentifier": "nope"}}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			txn := "sel-" + strings.ReplaceAll(tc.name, " ", "-")
			body := obj{"name": name, "to": "user-1", "transactionId": txn}
			for key, v := range tc.extra {
				body[key] = v
			}
			k.trigger(body)
			act := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId="+txn, nil).Body["data"].([]any)
			require.Len(t, act, 1)
			job := act[0].(obj)["jobs"].([]any)[0].(obj)
			if tc.provider == "" {
				assert.Equal(t, "failed", job["status"])
				assert.NotContains(t, job, "providerId")
				details := job["executionDetails"].([]any)
				assert.Equal(t, "Subscriber does not have an active integration", details[len(details)-1].(obj)["detail"])
				return
			}
			assert.Equal(t, tc.provider, job["providerId"])
		})
	}
}

// TestEvents_StepOutcomes: how a channel step ends when it cannot or may not send, as Novu's
// v2.0.0 worker ends it (send-message.usecase.ts, send-message-sms.usecase.ts).
func TestEvents_StepOutcomes(t *testing.T) {
	k := newKit(t)
	k.integration("twilio", "sms")
	k.subscriber("no-phone", nil)
	k.subscriber("phone", obj{"phone": "+15550100"})
	sms, _ := k.workflow("Text", nil, obj{"template": obj{"type": "sms", "content": "Code {{code}}"}})
	inApp, inAppID := k.workflow("Bell", nil, inAppTpl("hi"))
	job := func(txn string) obj {
		act := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId="+txn, nil).Body["data"].([]any)
		require.Len(t, act, 1)
		return act[0].(obj)["jobs"].([]any)[0].(obj)
	}
	lastDetail := func(j obj) obj {
		d := j["executionDetails"].([]any)
		return d[len(d)-1].(obj)
	}

	t.Run("SMS to a subscriber without a phone: a warning message, the job fails", func(t *testing.T) {
		// Checked against a real v2.0.0: ..., Integration instance selected, Message created,
		// Subscriber missing recipient details; the job ends failed.
		k.trigger(obj{"name": sms, "to": "no-phone", "transactionId": "o1", "payload": obj{"code": 1}})
		j := job("o1")
		assert.Equal(t, "failed", j["status"])
		var ds []any
		for _, d := range j["executionDetails"].([]any) {
			ds = append(ds, d.(obj)["detail"])
		}
		assert.Equal(t, []any{"Step created", "Step queued", "Start sending message", "Integration instance selected",
			"Message created", "Subscriber missing recipient details"}, ds)
		assert.Equal(t, obj{"detail": "Subscriber missing recipient details", "status": "Failed"},
			obj{"detail": lastDetail(j)["detail"], "status": lastDetail(j)["status"]})
		msg := k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId=o1", nil).Body["data"].([]any)[0].(obj)
		assert.Equal(t, "warning", msg["status"])
		assert.Equal(t, "no_subscriber_phone", msg["errorId"])
		assert.Equal(t, "Subscriber does not have active phone", msg["errorText"])
		assert.Empty(t, k.control("/_novumock/outbox?channel=sms"))
	})
	t.Run("a phone in the payload wins over the subscriber's", func(t *testing.T) {
		k.trigger(obj{"name": sms, "to": "phone", "transactionId": "o2", "payload": obj{"code": 2, "phone": "+15550199"}})
		out := k.control("/_novumock/outbox?channel=sms")
		require.Len(t, out, 1)
		assert.Equal(t, "+15550199", out[0]["to"])
		assert.Equal(t, "completed", job("o2")["status"])
	})
	t.Run("a channel the subscriber switched off: the step is cancelled as a filtered one", func(t *testing.T) {
		k.must(http.StatusOK, http.MethodPatch, "/v1/subscribers/phone/preferences/"+inAppID,
			obj{"channel": obj{"type": "in_app", "enabled": false}})
		k.trigger(obj{"name": inApp, "to": "phone", "transactionId": "o3"})
		j := job("o3")
		assert.Equal(t, "canceled", j["status"])
		assert.Equal(t, "Step was filtered based on steps filters", lastDetail(j)["detail"])
		assert.Empty(t, k.feed("phone"))
	})
}

// TestEvents_ProcessSubscriberRules: process-subscriber.e2e.ts at v2.0.0: only active steps run,
// and a critical workflow ignores the subscriber's preferences (the worker's preference check
// skips critical templates), while a normal one honours them.
func TestEvents_ProcessSubscriberRules(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	off := inAppTpl("skipped")
	off["active"] = false
	steps, _ := k.workflow("Steps", nil, off, inAppTpl("kept"))
	normal, normalID := k.workflow("Normal", nil, inAppTpl("normal"))
	critical, criticalID := k.workflow("Critical", obj{"critical": true}, inAppTpl("critical"))
	for _, id := range []string{normalID, criticalID} {
		k.must(http.StatusOK, http.MethodPatch, "/v1/subscribers/user-1/preferences/"+id,
			obj{"channel": obj{"type": "in_app", "enabled": false}})
	}
	tests := []struct {
		name, workflow string
		want           []any // the feed's contents after the trigger, newest first
	}{
		{"an inactive step is skipped", steps, []any{"kept"}},
		{"a preference switches a normal workflow's channel off", normal, []any{"kept"}},
		{"a critical workflow ignores it", critical, []any{"critical", "kept"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k.trigger(obj{"name": tt.workflow, "to": "user-1"})
			var got []any
			for _, m := range k.feed("user-1") {
				got = append(got, m.(obj)["content"])
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
