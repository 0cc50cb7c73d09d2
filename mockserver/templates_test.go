package mockserver_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

// syncBuffer collects the server's log lines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newLoggedKit(t *testing.T) (*dkit, *syncBuffer) {
	logs := &syncBuffer{}
	f := mustNewServer(t, func(o *mockserver.Options) {
		o.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	})
	return &dkit{t: t, f: f, auth: "ApiKey " + f.DevKey}, logs
}

// A step template renders as Novu's worker compiles it (#13): blocks, helpers and escaping over
// the payload's fields and the subscriber, in the content, the CTA url and its buttons.
func TestTemplates_RenderedInTheFeed(t *testing.T) {
	k, logs := newLoggedKit(t)
	k.subscriber("maria", obj{"firstName": "maria"})
	step := inAppTpl(`{{#if vip}}VIP {{/if}}{{titlecase subscriber.firstName}}, {{items.length}} {{pluralize items.length "item" "items"}}: ` +
		`{{#each items}}{{@index}}.{{uppercase name}} ({{numberFormat price}}){{#unless @last}}, {{/unless}}{{/each}}. ` +
		`Total {{numberFormat total decimalSep="," thousandsSep="."}} on {{dateFormat date "MMMM do, yyyy"}}. ` +
		`{{#gt items.length 1}}many{{else}}one{{/gt}} <{{note}}> {{payload.note}}|{{json tags}}`)
	cta := step["template"].(obj)["cta"].(obj)
	cta["data"] = obj{"url": "/orders/{{lowercase orderId}}"}
	cta["action"] = obj{"buttons": []obj{{"type": "primary", "content": "Track {{uppercase orderId}}"}}}
	name, _ := k.workflow("Order summary", nil, step)
	k.trigger(obj{"name": name, "to": "maria", "payload": obj{
		"vip": true, "items": []obj{{"name": "tea", "price": 3.5}, {"name": "mug", "price": 12}},
		"total": 1234.5, "date": "2024-03-09", "note": "a&b's", "tags": []string{"x"}, "orderId": "AB-1",
	}})

	feed := k.feed("maria")
	require.Len(t, feed, 1)
	msg := feed[0].(obj)
	// the expected text is what Novu's helpers give on handlebars 4.7.8 for the same data
	assert.Equal(t, "VIP Maria, 2 items: 0.TEA (3.50), 1.MUG (12.00). Total 1.234,50 on March 9th, 2024. many <a&amp;b's> |[&quot;x&quot;]",
		msg["content"])
	assert.Equal(t, "/orders/ab-1", msg["cta"].(obj)["data"].(obj)["url"])
	assert.Equal(t, "Track AB-1", msg["cta"].(obj)["action"].(obj)["buttons"].([]any)[0].(obj)["content"])
	assert.Empty(t, logs.String())
}

// A template Novu compiles at the worker but cannot render (a helper it does not have) leaves
// no message: the job records "Message content could not be generated" with the error, as
// Novu's sendErrorHandlebars does, and the fake logs it.
func TestTemplates_RenderFailure(t *testing.T) {
	k, logs := newLoggedKit(t)
	k.subscriber("ada", nil)
	name, _ := k.workflow("Broken", nil, inAppTpl("Hi {{shout name}}"))
	k.trigger(obj{"name": name, "to": "ada", "payload": obj{"name": "Ada"}, "transactionId": "broken-1"})

	assert.Empty(t, k.feed("ada"))
	var notifID string
	for _, n := range k.must(http.StatusOK, http.MethodGet, "/v1/notifications", nil).Body["data"].([]any) {
		if n.(obj)["transactionId"] == "broken-1" {
			notifID = n.(obj)["_id"].(string)
		}
	}
	require.NotEmpty(t, notifID)
	details := k.must(http.StatusOK, http.MethodGet, "/v1/execution-details?notificationId="+notifID+"&subscriberId=ada", nil).Body["data"].([]any)
	var steps []any // the in-app job's details; the trigger job has its own ahead of them
	for _, d := range details {
		if d.(obj)["channel"] == "in_app" {
			steps = append(steps, d.(obj)["detail"])
		}
	}
	assert.Equal(t, []any{"Step created", "Step queued", "Start sending message", "Message content could not be generated"}, steps)
	last := details[len(details)-1].(obj)
	assert.Equal(t, "Message content could not be generated", last["detail"])
	assert.Equal(t, "Failed", last["status"])
	assert.Equal(t, `{"error":"Missing helper: \"shout\""}`, last["raw"])
	assert.Nil(t, last["_messageId"])
	assert.Contains(t, logs.String(), "step template not rendered")
	assert.Contains(t, logs.String(), "Missing helper")
}

// A workflow whose step templates do not parse is refused when created or when its steps are
// updated, as Novu's ContentService.extractMessageVariables refuses them.
func TestTemplates_UnparsableStepRefused(t *testing.T) {
	k, _ := newLoggedKit(t)
	groups := k.must(http.StatusOK, http.MethodGet, "/v1/notification-groups", nil)
	group := groups.Body["data"].([]any)[0].(obj)["_id"]
	for _, tc := range []struct {
		name string
		step obj
	}{
		{"unclosed block", inAppTpl("{{#if a}}x")},
		{"cta url", obj{"template": obj{"type": "in_app", "content": "ok", "cta": obj{"type": "redirect", "data": obj{"url": "/{{#each x}}"}}}}},
		{"push title", obj{"template": obj{"type": "push", "content": "ok", "title": "{{a}"}}},
		{"a number where Novu reads a name", inAppTpl(`{{pluralize 1 "a" "b"}}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := k.send(http.MethodPost, "/v1/workflows", obj{"name": "W " + tc.name, "notificationGroupId": group, "steps": []obj{tc.step}})
			expectAnswer(t, res, http.StatusBadRequest, "Failed to extract variables")
		})
	}
	t.Run("update", func(t *testing.T) {
		_, id := k.workflow("Fine", nil, inAppTpl("ok {{name}}"))
		res := k.send(http.MethodPut, "/v1/workflows/"+id, obj{"steps": []obj{inAppTpl("{{#each}}")}})
		expectAnswer(t, res, http.StatusBadRequest, "Failed to extract variables")
		got := k.must(http.StatusOK, http.MethodGet, "/v1/workflows/"+id, nil).Body["data"].(obj)
		assert.Equal(t, "ok {{name}}", got["steps"].([]any)[0].(obj)["template"].(obj)["content"])
	})
	t.Run("e-mail subject is not read for a string content", func(t *testing.T) {
		// messagesTextIterator reads an e-mail's subject only with block content
		k.workflow("Subject", nil, emailTpl("{{#if x}}", "ok"))
	})
}

// Templates read the subscriber as stored when each trigger runs: an update through the API, or
// through an inline `to`, shows in the next message, and a recipient named by id alone changes
// nothing (the converted subscriber the fake keeps for templates never goes stale).
func TestTemplates_SubscriberAsOfEachTrigger(t *testing.T) {
	k, _ := newLoggedKit(t)
	k.subscriber("grace", obj{"firstName": "Grace", "email": "grace@example.com"})
	name, _ := k.workflow("Greeting", nil, inAppTpl("Hi {{subscriber.firstName}} <{{subscriber.email}}>"))
	contents := func() []string {
		var out []string
		for _, m := range k.feed("grace") {
			out = append(out, m.(obj)["content"].(string))
		}
		return out
	}

	k.trigger(obj{"name": name, "to": "grace"})
	k.must(http.StatusOK, "PUT", "/v1/subscribers/grace", obj{"firstName": "Admiral"})
	k.trigger(obj{"name": name, "to": "grace"})
	k.trigger(obj{"name": name, "to": obj{"subscriberId": "grace", "firstName": "Amazing", "email": "amazing@example.com"}})
	k.trigger(obj{"name": name, "to": "grace"})

	// the feed is newest first
	assert.Equal(t, []string{"Hi Amazing <amazing@example.com>", "Hi Amazing <amazing@example.com>",
		"Hi Admiral <grace@example.com>", "Hi Grace <grace@example.com>"}, contents())
}
