package contracttest

import (
	"net/http"
	"net/url"
)

// The legacy notification center (@novu/headless, @novu/notification-center): a widget session
// by application identifier, then the /v1/widgets routes with its bearer token.

// widgetSession opens a widget session for a new subscriber with three unread in-app messages
// and returns the subscriber's Authorization header and the workflow's trigger identifier.
func (t *T) widgetSession() (bearer, workflow string, ok bool) {
	app, sub, workflow, ok := t.subscriberWithInApp(3)
	if !ok {
		return "", "", false
	}
	none := ""
	res := t.do(call{op: "InitializeWidgetSession", auth: &none, body: map[string]any{"applicationIdentifier": app, "subscriberId": sub}})
	token := str(res.JSON, "data", "token")
	if !t.expect("InitializeWidgetSession", res, 201) || token == "" {
		return "", "", false
	}
	return "Bearer " + token, workflow, true
}

// widgetCount reads one of the widget's counts.
func (t *T) widgetCount(op, bearer string, query url.Values) (float64, bool) {
	res := t.do(call{op: op, auth: &bearer, query: query})
	n, ok := num(res.JSON, "data", "count")
	return n, t.expect(op, res, 200) && ok
}

func (t *T) expectWidgetCount(op, bearer string, query url.Values, want float64, when string) {
	if n, ok := t.widgetCount(op, bearer, query); ok && n != want {
		t.fail(Failure{Operation: op, Message: "count wrong " + when, Expected: show(want), Actual: show(n)})
	}
}

func scenarioWidgetFlow(t *T) {
	bearer, workflow, ok := t.widgetSession()
	if !ok {
		return
	}
	apiKey := t.do(call{op: "GetWidgetFeed"}) // the secret key is not a subscriber token
	if t.expect("GetWidgetFeed", apiKey, 401) && str(apiKey.JSON, "message") != msgUnauthorized {
		t.fail(Failure{Operation: "GetWidgetFeed", Message: "wrong 401 message for an API key", Expected: msgUnauthorized, Actual: str(apiKey.JSON, "message")})
	}
	feed := t.do(call{op: "GetWidgetFeed", auth: &bearer, query: url.Values{"limit": {"2"}}})
	if !t.expect("GetWidgetFeed", feed, 200) {
		return
	}
	if len(list(feed.JSON, "data")) != 2 || get(feed.JSON, "hasMore") != true {
		t.fail(Failure{Operation: "GetWidgetFeed", Message: "first page of three messages with limit 2", Expected: "2 items and hasMore true", Actual: snippet(feed.Body)})
		return
	}
	first, second := str(feed.JSON, "data", 0, "_id"), str(feed.JSON, "data", 1, "_id")
	t.expectWidgetCount("GetWidgetUnseenCount", bearer, nil, 3, "before any mark")
	t.expectWidgetCount("GetWidgetUnreadCount", bearer, nil, 3, "before any mark")
	bad := t.do(call{op: "GetWidgetUnseenCount", auth: &bearer, query: url.Values{"limit": {"101"}}})
	if t.expect("GetWidgetUnseenCount", bad, 400) && str(bad.JSON, "message") != "limit must not be greater than 100" {
		t.fail(Failure{Operation: "GetWidgetUnseenCount", Message: "wrong message for limit 101", Expected: "limit must not be greater than 100", Actual: snippet(bad.Body)})
	}

	markOp, markBody := "MarkWidgetMessagesAs", map[string]any{"messageId": first, "markAs": "seen"}
	if !t.r.has(markOp) {
		// A release before mark-as: the legacy markAs, which every release routes.
		markOp, markBody = "MarkWidgetMessagesLegacy", map[string]any{"messageId": first, "mark": map[string]any{"seen": true}}
	}
	res := t.do(call{op: markOp, auth: &bearer, body: markBody})
	if t.expect(markOp, res, 201) && get(res.JSON, "data", 0, "seen") != true {
		t.fail(Failure{Operation: markOp, Message: "not seen after mark-as seen", Expected: "true", Actual: snippet(res.Body)})
	}
	t.expectWidgetCount("GetWidgetUnseenCount", bearer, nil, 2, "after one seen")
	if t.r.has("MarkWidgetMessagesAs") {
		empty := t.do(call{op: "MarkWidgetMessagesAs", auth: &bearer, body: map[string]any{"messageId": []any{}, "markAs": "seen"}})
		if t.expect("MarkWidgetMessagesAs", empty, 400) && str(empty.JSON, "message") != "messageId is required" {
			t.fail(Failure{Operation: "MarkWidgetMessagesAs", Message: "wrong message for no ids", Expected: "messageId is required", Actual: snippet(empty.Body)})
		}
	}
	res = t.do(call{op: "MarkWidgetMessagesLegacy", auth: &bearer, body: map[string]any{"messageId": second, "mark": map[string]any{"seen": true, "read": true}}})
	if t.expect("MarkWidgetMessagesLegacy", res, 201) && get(res.JSON, "data", 0, "read") != true {
		t.fail(Failure{Operation: "MarkWidgetMessagesLegacy", Message: "not read after markAs read", Expected: "true", Actual: snippet(res.Body)})
	}
	t.expectWidgetCount("GetWidgetUnreadCount", bearer, nil, 2, "after one read")
	t.expectWidgetCount("GetWidgetCount", bearer, url.Values{"read": {"true"}}, 1, "of read messages")

	res = t.do(call{op: "MarkWidgetMessageAction", auth: &bearer, params: map[string]string{"messageId": first, "type": "primary"}, body: map[string]any{"status": "done"}})
	if t.expect("MarkWidgetMessageAction", res, 201) && str(res.JSON, "data", "cta", "action", "status") != "done" {
		t.fail(Failure{Operation: "MarkWidgetMessageAction", Message: "action status not recorded", Expected: "done", Actual: snippet(res.Body)})
	}
	t.expect("MarkAllWidgetMessagesSeen", t.do(call{op: "MarkAllWidgetMessagesSeen", auth: &bearer, body: map[string]any{}}), 201)
	t.expectWidgetCount("GetWidgetUnseenCount", bearer, nil, 0, "after seen all")
	t.expect("MarkAllWidgetMessagesRead", t.do(call{op: "MarkAllWidgetMessagesRead", auth: &bearer, body: map[string]any{}}), 201)
	t.expectWidgetCount("GetWidgetUnreadCount", bearer, nil, 0, "after read all")

	org := t.do(call{op: "GetWidgetOrganization", auth: &bearer})
	if t.expect("GetWidgetOrganization", org, 200) && str(org.JSON, "data", "_id") == "" {
		t.failf("GetWidgetOrganization", "no _id in %s", snippet(org.Body))
	}
	scenarioWidgetPreferences(t, bearer, workflow)
	t.expect("LogWidgetUsage", t.do(call{op: "LogWidgetUsage", auth: &bearer, body: map[string]any{"name": "[Widget] - Notification Click"}}), 201)

	t.expect("RemoveWidgetMessage", t.do(call{op: "RemoveWidgetMessage", auth: &bearer, params: map[string]string{"messageId": first}}), 200)
	t.expect("RemoveWidgetMessagesBulk", t.do(call{op: "RemoveWidgetMessagesBulk", auth: &bearer, body: map[string]any{"messageIds": []any{second}}}), 200)
	left := t.do(call{op: "GetWidgetFeed", auth: &bearer})
	if t.expect("GetWidgetFeed", left, 200) && len(list(left.JSON, "data")) != 1 {
		t.fail(Failure{Operation: "RemoveWidgetMessagesBulk", Message: "two of three messages removed", Expected: "1 left", Actual: snippet(left.Body)})
	}
	t.expect("RemoveAllWidgetMessages", t.do(call{op: "RemoveAllWidgetMessages", auth: &bearer}), http.StatusNoContent)
	t.expectWidgetCount("GetWidgetCount", bearer, url.Values{"seen": {"true"}}, 0, "after removing all")
}

func scenarioWidgetPreferences(t *T, bearer, workflow string) {
	prefs := t.do(call{op: "ListWidgetPreferences", auth: &bearer})
	if !t.expect("ListWidgetPreferences", prefs, 200) {
		return
	}
	id := ""
	for _, p := range list(prefs.JSON, "data") {
		for _, tr := range list(p, "template", "triggers") {
			// Novu v2.0.0 lists whole trigger objects here, novumock their identifiers
			// (docs/diff-v2.0.0.md); either names the workflow.
			if tr == workflow || str(tr, "identifier") == workflow {
				id = str(p, "template", "_id")
			}
		}
	}
	if id == "" {
		t.fail(Failure{Operation: "ListWidgetPreferences", Message: "the suite's workflow is not listed", Expected: workflow, Actual: snippet(prefs.Body)})
		return
	}
	res := t.do(call{op: "UpdateWidgetPreference", auth: &bearer, params: map[string]string{"level": id},
		body: map[string]any{"channel": map[string]any{"type": "in_app", "enabled": false}}})
	if t.expect("UpdateWidgetPreference", res, 200) && get(res.JSON, "data", "preference", "channels", "in_app") != false {
		t.fail(Failure{Operation: "UpdateWidgetPreference", Message: "in_app not switched off", Expected: "false", Actual: snippet(res.Body)})
	}
	t.expect("UpdateWidgetGlobalPreferences", t.do(call{op: "UpdateWidgetGlobalPreferences", auth: &bearer, body: map[string]any{"enabled": true}}), 200)
	global := t.do(call{op: "GetWidgetPreferencesByLevel", auth: &bearer, params: map[string]string{"level": "global"}})
	if t.expect("GetWidgetPreferencesByLevel", global, 200) && get(global.JSON, "data", 0, "preference", "enabled") != true {
		t.fail(Failure{Operation: "GetWidgetPreferencesByLevel", Message: "global preference not enabled", Expected: "true", Actual: snippet(global.Body)})
	}
}
