package contracttest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// The in-app Inbox: the suite opens a subscriber session the way @novu/js does (the
// environment's application identifier from GET /v1/environments/me, no API key) and then
// calls the Inbox routes with the subscriber's bearer token.

var inAppButtonsStep = map[string]any{"name": "In-app", "active": true, "template": map[string]any{
	"type": "in_app", "content": "Hello {{name}}",
	"cta": map[string]any{"type": "redirect", "data": map[string]any{"url": "/inbox"},
		"action": map[string]any{"buttons": []any{map[string]any{"type": "primary", "content": "Open"}}}},
}}

// subscriberWithInApp prepares what both kinds of in-app session need: the environment's
// application identifier, a new subscriber and n unseen in-app messages from a new workflow
// (their deletion deferred to the run's clean-up).
func (t *T) subscriberWithInApp(n int) (app, sub, workflow string, ok bool) {
	env := t.do(call{op: "GetCurrentEnvironment"})
	app = str(env.JSON, "data", "identifier")
	if !t.expect("GetCurrentEnvironment", env, 200) || app == "" {
		return "", "", "", false
	}
	sub = t.newSubscriber()
	workflow = t.newWorkflow([]any{inAppButtonsStep})
	for i := 0; i < n; i++ {
		res := t.do(call{op: "TriggerEvent", body: map[string]any{"name": workflow, "to": sub, "payload": map[string]any{"name": "Ada"}}})
		if !t.expect("TriggerEvent", res, 201) {
			return "", "", "", false
		}
		tx := str(res.JSON, "data", "transactionId")
		t.deferDelete("messages of "+tx, call{op: "DeleteMessagesByTransactionId", params: map[string]string{"transactionId": tx}})
	}
	return app, sub, workflow, t.awaitUnseen(sub, float64(n))
}

// inboxSession opens an Inbox session for a new subscriber with two unread notifications and
// returns the subscriber's Authorization header and the workflow's trigger identifier.
func (t *T) inboxSession() (bearer, workflow string, ok bool) {
	app, sub, workflow, ok := t.subscriberWithInApp(2)
	if !ok {
		return "", "", false
	}
	none := ""
	res := t.do(call{op: "CreateInboxSession", auth: &none, body: map[string]any{"applicationIdentifier": app, "subscriberId": sub}})
	token := str(res.JSON, "data", "token")
	if !t.expect("CreateInboxSession", res, 201) || token == "" {
		return "", "", false
	}
	w := t.do(call{op: "InitializeWidgetSession", auth: &none, body: map[string]any{"applicationIdentifier": app, "subscriberId": sub}})
	if t.expect("InitializeWidgetSession", w, 201) && str(w.JSON, "data", "profile", "_id") == "" {
		t.failf("InitializeWidgetSession", "no profile._id in %s", snippet(w.Body))
	}
	bad := t.do(call{op: "CreateInboxSession", auth: &none, body: map[string]any{"applicationIdentifier": t.r.prefix + "no-app", "subscriberId": sub}})
	if t.expect("CreateInboxSession", bad, 400) && str(bad.JSON, "message") != "Please provide a valid application identifier" {
		t.fail(Failure{Operation: "CreateInboxSession", Message: "wrong message for an unknown application identifier",
			Expected: "Please provide a valid application identifier", Actual: str(bad.JSON, "message")})
	}
	return "Bearer " + token, workflow, true
}

// awaitUnseen polls the subscriber's unseen count (with the API key) until the worker has
// delivered want in-app messages: Novu queues a trigger and delivers a moment later.
func (t *T) awaitUnseen(sub string, want float64) bool {
	sp := map[string]string{"subscriberId": sub}
	var got float64
	if t.eventually(func() bool {
		res := t.do(call{op: "GetSubscriberUnseenCount", params: sp})
		got, _ = num(res.JSON, "data", "count")
		return res.err != nil || got >= want
	}) && got >= want {
		return true
	}
	t.fail(Failure{Operation: "GetSubscriberUnseenCount", Message: "the triggered in-app messages never all reached the subscriber (polled with a deadline)",
		Expected: show(want), Actual: show(got)})
	return false
}

func (t *T) inboxCount(bearer, filters string) (float64, bool) {
	res := t.do(call{op: "CountInboxNotifications", auth: &bearer, query: url.Values{"filters": {filters}}})
	n, ok := num(res.JSON, "data", 0, "count")
	return n, t.expect("CountInboxNotifications", res, 200) && ok
}

// expectInboxCount checks the count of one filter against want.
func (t *T) expectInboxCount(bearer, filters string, want float64) {
	if n, ok := t.inboxCount(bearer, filters); ok && n != want {
		t.fail(Failure{Operation: "CountInboxNotifications", Message: "count " + filters + " wrong", Expected: show(want), Actual: show(n)})
	}
}

// expectFlag checks one boolean field of an Inbox notification answer.
func (t *T) expectFlag(op string, res *response, field string, want bool) {
	if t.expect(op, res, 200) && get(res.JSON, "data", field) != want {
		t.fail(Failure{Operation: op, Message: field + " wrong after " + op, Expected: show(want), Actual: show(get(res.JSON, "data", field))})
	}
}

func scenarioInboxFlow(t *T) {
	if why := t.r.notInVersion("CreateInboxSession"); why != "" {
		var ops []string
		for _, id := range t.r.spec.order {
			if t.r.spec.ops[id].Section == t.r.spec.op("CreateInboxSession").Section {
				ops = append(ops, id)
			}
		}
		t.skip("the Inbox API is "+why, ops...)
		return
	}
	bearer, workflow, ok := t.inboxSession()
	if !ok {
		return
	}
	apiKey := t.do(call{op: "ListInboxNotifications"}) // the secret key is not a subscriber token
	if t.expect("ListInboxNotifications", apiKey, 401) && str(apiKey.JSON, "message") != msgUnauthorized {
		t.fail(Failure{Operation: "ListInboxNotifications", Message: "wrong 401 message for an API key", Expected: msgUnauthorized, Actual: str(apiKey.JSON, "message")})
	}
	page := t.do(call{op: "ListInboxNotifications", auth: &bearer, query: url.Values{"limit": {"1"}}})
	if !t.expect("ListInboxNotifications", page, 200) {
		return
	}
	if len(list(page.JSON, "data")) != 1 || get(page.JSON, "hasMore") != true {
		t.fail(Failure{Operation: "ListInboxNotifications", Message: "first page of two notifications with limit 1", Expected: "1 item and hasMore true", Actual: snippet(page.Body)})
		return
	}
	id := str(page.JSON, "data", 0, "id")
	next := t.do(call{op: "ListInboxNotifications", auth: &bearer, query: url.Values{"limit": {"1"}, "after": {id}}})
	if t.expect("ListInboxNotifications", next, 200) && (len(list(next.JSON, "data")) != 1 || str(next.JSON, "data", 0, "id") == id || get(next.JSON, "hasMore") != false) {
		t.fail(Failure{Operation: "ListInboxNotifications", Message: "the page after the cursor", Expected: "the other notification and hasMore false", Actual: snippet(next.Body)})
	}
	t.expectInboxCount(bearer, `[{"read":false}]`, 2)

	n := map[string]string{"notificationId": id}
	mark := func(op string) *response { return t.do(call{op: op, auth: &bearer, params: n}) }
	res := mark("MarkInboxNotificationRead")
	t.expectFlag("MarkInboxNotificationRead", res, "isRead", true)
	if t.r.has("MarkInboxNotificationRead.isSeen") {
		t.expectFlag("MarkInboxNotificationRead", res, "isSeen", true)
	}
	t.expectInboxCount(bearer, `[{"read":false}]`, 1)
	t.expectFlag("MarkInboxNotificationArchive", mark("MarkInboxNotificationArchive"), "isArchived", true)
	res = mark("MarkInboxNotificationUnread")
	t.expectFlag("MarkInboxNotificationUnread", res, "isRead", false)
	t.expectFlag("MarkInboxNotificationUnread", res, "isArchived", false) // unread un-archives
	res = mark("MarkInboxNotificationArchive")
	t.expectFlag("MarkInboxNotificationArchive", res, "isRead", true) // archive reads
	t.expectFlag("MarkInboxNotificationUnarchive", mark("MarkInboxNotificationUnarchive"), "isArchived", false)

	// The target's clock decides what "future" is: an hour after the notification was created.
	created, err := time.Parse(time.RFC3339Nano, str(page.JSON, "data", 0, "createdAt"))
	if err == nil {
		until := created.Add(time.Hour).UTC().Format("2006-01-02T15:04:05.000Z")
		res = t.do(call{op: "SnoozeInboxNotification", auth: &bearer, params: n, body: map[string]any{"snoozeUntil": until}})
		t.expectFlag("SnoozeInboxNotification", res, "isSnoozed", true)
	}
	t.expectFlag("MarkInboxNotificationUnsnooze", mark("MarkInboxNotificationUnsnooze"), "isSnoozed", false)
	for _, op := range []string{"CompleteInboxNotificationAction", "RevertInboxNotificationAction"} {
		res = t.do(call{op: op, auth: &bearer, params: n, body: map[string]any{"actionType": "primary"}})
		want := op == "CompleteInboxNotificationAction"
		if t.expect(op, res, 200) && get(res.JSON, "data", "primaryAction", "isCompleted") != want {
			t.fail(Failure{Operation: op, Message: "primaryAction.isCompleted wrong", Expected: show(want), Actual: show(get(res.JSON, "data", "primaryAction", "isCompleted"))})
		}
	}
	// An older Inbox has no delete (and no seen, snooze, bulk or global preference route): the
	// calls are not sent (notInVersion) and the counts keep the notification.
	left := 2.0
	if t.r.has("DeleteInboxNotification") {
		t.expect("DeleteInboxNotification", t.do(call{op: "DeleteInboxNotification", auth: &bearer, params: n}), http.StatusNoContent)
		left = 1
	}
	t.expectInboxCount(bearer, `[{}]`, left)
	for _, op := range []string{"MarkInboxNotificationsSeen", "MarkAllInboxNotificationsRead", "ArchiveAllReadInboxNotifications", "ArchiveAllInboxNotifications"} {
		if t.r.has(op) {
			t.expect(op, t.do(call{op: op, auth: &bearer, body: map[string]any{}}), http.StatusNoContent)
		}
	}
	t.expectInboxCount(bearer, `[{"archived":true,"read":true}]`, left)
	if t.r.has("DeleteAllInboxNotifications") {
		t.expect("DeleteAllInboxNotifications", t.do(call{op: "DeleteAllInboxNotifications", auth: &bearer, body: map[string]any{}}), http.StatusNoContent)
		t.expectInboxCount(bearer, `[{}]`, 0)
	}

	scenarioInboxPreferences(t, bearer, workflow)
}

func scenarioInboxPreferences(t *T, bearer, workflow string) {
	prefs := t.do(call{op: "ListInboxPreferences", auth: &bearer})
	if !t.expect("ListInboxPreferences", prefs, 200) {
		return
	}
	if str(prefs.JSON, "data", 0, "level") != "global" {
		t.fail(Failure{Operation: "ListInboxPreferences", Message: "the global preference comes first", Expected: "level global", Actual: str(prefs.JSON, "data", 0, "level")})
	}
	var mine any
	for _, p := range list(prefs.JSON, "data") {
		if str(p, "workflow", "identifier") == workflow {
			mine = p
		}
	}
	id := str(mine, "workflow", "id")
	if id == "" {
		t.fail(Failure{Operation: "ListInboxPreferences", Message: "the suite's workflow is not listed", Expected: workflow, Actual: snippet(prefs.Body)})
		return
	}
	if ch, _ := json.Marshal(get(mine, "channels")); string(ch) != `{"in_app":true}` {
		t.fail(Failure{Operation: "ListInboxPreferences", Message: "a workflow lists only the channels of its steps", Expected: `{"in_app":true}`, Actual: string(ch)})
	}
	t.expect("GetInboxGlobalPreference", t.do(call{op: "GetInboxGlobalPreference", auth: &bearer}), 200)
	t.expect("UpdateInboxGlobalPreference", t.do(call{op: "UpdateInboxGlobalPreference", auth: &bearer, body: map[string]any{}}), 200)
	res := t.do(call{op: "UpdateInboxWorkflowPreference", auth: &bearer, params: map[string]string{"workflowId": id}, body: map[string]any{"in_app": false}})
	if t.expect("UpdateInboxWorkflowPreference", res, 200) && get(res.JSON, "data", "channels", "in_app") != false {
		t.fail(Failure{Operation: "UpdateInboxWorkflowPreference", Message: "in_app not switched off", Expected: "false", Actual: show(get(res.JSON, "data", "channels", "in_app"))})
	}
	res = t.do(call{op: "BulkUpdateInboxPreferences", auth: &bearer, body: map[string]any{"preferences": []any{map[string]any{"workflowId": id, "in_app": true}}}})
	if t.expect("BulkUpdateInboxPreferences", res, 200) && get(res.JSON, "data", 0, "channels", "in_app") != true {
		t.fail(Failure{Operation: "BulkUpdateInboxPreferences", Message: "in_app not switched on", Expected: "true", Actual: show(get(res.JSON, "data", 0, "channels", "in_app"))})
	}
}
