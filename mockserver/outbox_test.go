package mockserver_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

func TestOutbox_Email(t *testing.T) {
	k := newKit(t, selfHosted) // no Novu Email: sendgrid, created first, becomes primary
	sendgrid := k.integration("sendgrid", "email")
	mailgun := k.integration("mailgun", "email")
	require.Equal(t, true, sendgrid["primary"])
	k.subscriber("user-1", obj{"email": "maria@example.com", "firstName": "Maria"})
	k.subscriber("no-mail", nil)
	name, _ := k.workflow("Welcome", nil, emailTpl("Welcome {{subscriber.firstName}}", "<p>Hello {{plan}}</p>"))

	t.Run("an email goes out through the primary integration", func(t *testing.T) {
		k.trigger(obj{"name": name, "to": "user-1", "payload": obj{"plan": "pro"}, "transactionId": "w1"})
		sent := k.control("/_novumock/outbox?channel=email&to=maria@example.com")
		require.Len(t, sent, 1)
		e := sent[0]
		assert.Equal(t, "sendgrid", e["providerId"])
		assert.Equal(t, "user-1", e["subscriberId"])
		assert.Equal(t, "Welcome Maria", e["subject"])
		assert.Equal(t, "<p>Hello pro</p>", e["content"])
		assert.Equal(t, "welcome", e["workflow"])
		assert.Equal(t, "w1", e["transactionId"])
		assert.Equal(t, "Development", e["environment"])
		assert.Len(t, k.control("/_novumock/outbox?to=user-1"), 1)
		assert.Empty(t, k.control("/_novumock/outbox?channel=sms"))
	})
	t.Run("a new primary takes over", func(t *testing.T) {
		k.must(http.StatusCreated, http.MethodPost, "/v1/integrations/"+mailgun["_id"].(string)+"/set-primary", obj{})
		k.trigger(obj{"name": name, "to": "user-1", "payload": obj{"plan": "team"}})
		sent := k.control("/_novumock/outbox?channel=email")
		require.Len(t, sent, 2)
		assert.Equal(t, "mailgun", sent[1]["providerId"])
	})
	t.Run("a subscriber without e-mail gets nothing", func(t *testing.T) {
		// Novu still creates the message, marked with a warning, and the job fails
		// (send-message-email.usecase.ts:384 at v2.0.0).
		k.trigger(obj{"name": name, "to": "no-mail", "transactionId": "w3"})
		assert.Empty(t, k.control("/_novumock/outbox?to=no-mail"))
		a := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId=w3", nil).Body["data"].([]any)[0].(obj)
		job := a["jobs"].([]any)[0].(obj)
		assert.Equal(t, "failed", job["status"])
		details := job["executionDetails"].([]any)
		last := details[len(details)-1].(obj)
		assert.Equal(t, "Subscriber missing recipient details", last["detail"])
		assert.Equal(t, "Failed", last["status"])
		msgs := k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId=w3", nil).Body["data"].([]any)
		require.Len(t, msgs, 1)
		msg := msgs[0].(obj)
		assert.Equal(t, "warning", msg["status"])
		assert.Equal(t, "mail_unexpected_error", msg["errorId"])
		assert.Equal(t, "Subscriber does not have an email address", msg["errorText"])
		assert.NotContains(t, msg, "email")
	})
	t.Run("an e-mail in the payload wins over the subscriber's", func(t *testing.T) {
		k.trigger(obj{"name": name, "to": "no-mail", "transactionId": "w4", "payload": obj{"email": "payload@example.com"}})
		out := k.control("/_novumock/outbox?to=payload@example.com")
		require.Len(t, out, 1)
		assert.Equal(t, "w4", out[0]["transactionId"])
	})
	t.Run("environments are separate", func(t *testing.T) {
		assert.Empty(t, k.control("/_novumock/outbox?environment=production"))
		assert.Empty(t, k.control("/_novumock/triggers?environment=production"))
		res := k.prod().send(http.MethodPost, "/v1/events/trigger", obj{"name": name, "to": "user-1"})
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
		log := k.control("/_novumock/triggers?environment=production")
		require.Len(t, log, 1)
		assert.Equal(t, "Production", log[0]["environment"])
		res = k.f.do(http.MethodGet, "/_novumock/outbox?environment=staging", "", "")
		assert.Equal(t, http.StatusBadRequest, res.Status)
	})
}

func TestOutbox_ChatAndPush(t *testing.T) {
	k := newKit(t)
	k.integration("slack", "chat")
	k.integration("fcm", "push")
	k.subscriber("user-1", nil)
	k.must(http.StatusOK, http.MethodPut, "/v1/subscribers/user-1/credentials",
		obj{"providerId": "slack", "credentials": obj{"webhookUrl": "https://hooks.slack.com/services/T/B/X"}})
	k.must(http.StatusOK, http.MethodPut, "/v1/subscribers/user-1/credentials",
		obj{"providerId": "fcm", "credentials": obj{"deviceTokens": []string{"tok-1"}}})
	name, _ := k.workflow("Ping", nil, obj{"template": obj{"type": "chat", "content": "chat {{x}}"}},
		obj{"template": obj{"type": "push", "title": "Title {{x}}", "content": "push {{x}}"}})
	k.trigger(obj{"name": name, "to": "user-1", "payload": obj{"x": 1}})
	chat := k.control("/_novumock/outbox?channel=chat&to=https://hooks.slack.com/services/T/B/X")
	require.Len(t, chat, 1)
	assert.Equal(t, "chat 1", chat[0]["content"])
	push := k.control("/_novumock/outbox?channel=push")
	require.Len(t, push, 1)
	assert.Equal(t, "Title 1", push[0]["title"])
	msg := k.must(http.StatusOK, http.MethodGet, "/v1/messages?channel=push", nil).Body["data"].([]any)[0].(obj)
	assert.Equal(t, []any{"tok-1"}, msg["deviceTokens"])
}

// TestControlSpec checks control.yaml is a valid OpenAPI document that describes every route
// the control API registers, and that the fake serves it.
func TestControlSpec(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(mockserver.ControlSpec())
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))

	f := mustNewServer(t)
	e, ok := f.srv.Handler().(interface{ Routes() []*echo.Route })
	require.True(t, ok)
	seen := 0
	for _, r := range e.Routes() {
		// Group middleware adds a not-found catch-all; it is no endpoint.
		if !strings.HasPrefix(r.Path, "/_novumock/") || r.Method == echo.RouteNotFound {
			continue
		}
		if strings.HasPrefix(r.Path, "/_novumock/ui/") {
			continue // the web console's pages and forms: control.yaml describes its entry, /_novumock/ui
		}
		seen++
		item := doc.Paths.Find(regexp.MustCompile(`:(\w+)`).ReplaceAllString(r.Path, "{$1}")) // echo's :id is {id}
		if assert.NotNil(t, item, "control.yaml lacks %s", r.Path) {
			assert.NotNil(t, item.GetOperation(r.Method), "control.yaml lacks %s %s", r.Method, r.Path)
		}
	}
	assert.GreaterOrEqual(t, seen, 9)

	res := f.do(http.MethodGet, "/_novumock/openapi.yaml", "", "")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, string(mockserver.ControlSpec()), res.Raw)
}

// An e-mail in the outbox also shows its HTML as a provider would get it: the content inside a
// layout. The trigger's overrides.layoutIdentifier wins, then the step's layout, then the
// environment's default (every environment starts with Novu's).
func TestOutbox_EmailLayouts(t *testing.T) {
	k := newKit(t)
	k.integration("sendgrid", "email")
	k.subscriber("user-1", obj{"email": "maria@example.com", "firstName": "Maria"})
	brand := k.must(http.StatusCreated, http.MethodPost, "/v1/layouts", obj{"name": "Brand", "identifier": "brand",
		"content": "<main>{{{body}}}</main><footer>Hi {{subscriber.firstName}}</footer>"}).Body["data"].(obj)["_id"]
	k.must(http.StatusCreated, http.MethodPost, "/v1/layouts", obj{"name": "Plain", "identifier": "plain",
		"content": "<pre>{{{body}}}</pre>"})
	plainStep, _ := k.workflow("Plain", nil, emailTpl("S", "<p>Order {{id}}</p>"))
	branded := emailTpl("S", "<p>Order {{id}}</p>")
	branded["template"].(obj)["layoutId"] = brand
	brandedStep, _ := k.workflow("Branded", nil, branded)

	html := func(txn string) string {
		for _, e := range k.control("/_novumock/outbox?channel=email") {
			if e["transactionId"] == txn {
				assert.Equal(t, "<p>Order 7</p>", e["content"], "content stays the step's own")
				return e["html"].(string)
			}
		}
		t.Fatalf("no e-mail for %s", txn)
		return ""
	}
	k.trigger(obj{"name": plainStep, "to": "user-1", "payload": obj{"id": 7}, "transactionId": "default"})
	got := html("default")
	assert.True(t, strings.HasPrefix(got, "<!DOCTYPE html>"), got)
	assert.Contains(t, got, "<p>Order 7</p></div></body></html>", "Novu's default layout")

	k.trigger(obj{"name": brandedStep, "to": "user-1", "payload": obj{"id": 7}, "transactionId": "step"})
	assert.Equal(t, "<main><p>Order 7</p></main><footer>Hi Maria</footer>", html("step"))

	// A preheader goes, rendered, into a hidden div right after the layout's <body> tag
	// (CompileEmailTemplate.addPreheader); without one the layout is unchanged.
	pre := emailTpl("S", "<p>Order {{id}}</p>")
	pre["template"].(obj)["preheader"] = " Order {{id}} is ready "
	preStep, _ := k.workflow("Preheader", nil, pre)
	k.trigger(obj{"name": preStep, "to": "user-1", "payload": obj{"id": 7}, "transactionId": "preheader"})
	got = html("preheader")
	assert.Contains(t, got, "<div style=\"display: none; max-height: 0px; overflow: hidden;\">\n            Order 7 is ready\n            &nbsp;&zwnj;")
	assert.NotContains(t, html("default"), "display: none", "no preheader, no hidden div")

	k.trigger(obj{"name": brandedStep, "to": "user-1", "payload": obj{"id": 7}, "transactionId": "override",
		"overrides": obj{"layoutIdentifier": "plain"}})
	assert.Equal(t, "<pre><p>Order 7</p></pre>", html("override"))
}

// TestOutbox_BadQuery: a mistyped channel or environment is an error, never an empty outbox
// that would pass a test meant to fail.
func TestOutbox_BadQuery(t *testing.T) {
	f := mustNewServer(t)
	for _, q := range []string{"channel=fax", "environment=staging"} {
		res := f.do(http.MethodGet, "/_novumock/outbox?"+q, "", "")
		assert.Equal(t, http.StatusBadRequest, res.Status, q)
	}
	assert.Equal(t, http.StatusOK, f.do(http.MethodGet, "/_novumock/outbox?channel=email", "", "").Status)
}
