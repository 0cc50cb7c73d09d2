package contracttest

import (
	"net/http"
	"net/url"
	"strconv"
)

// newWorkflow creates an active workflow with the given steps and returns its trigger
// identifier.
func (t *T) newWorkflow(steps []any) string {
	body := workflowBody(t, t.name("wf"))
	body["steps"] = steps
	res := t.create(call{op: "CreateWorkflow", body: body}, 201, "workflow", func(r *response) call {
		return call{op: "DeleteWorkflow", params: map[string]string{"workflowId": str(r.JSON, "data", "_id")}}
	})
	return str(res.JSON, "data", "triggers", 0, "identifier")
}

var inAppStep = map[string]any{"name": "In-app", "active": true, "template": map[string]any{"type": "in_app", "content": "Hello {{name}}"}}

func scenarioTriggerFeed(t *T) {
	sub := t.newSubscriber()
	wf := t.newWorkflow([]any{inAppStep})
	res := t.do(call{op: "TriggerEvent", body: map[string]any{"name": wf, "to": sub, "payload": map[string]any{"name": "Ada"}}})
	if !t.expect("TriggerEvent", res, 201) {
		return
	}
	tx := str(res.JSON, "data", "transactionId")
	if st := str(res.JSON, "data", "status"); st != "processed" || tx == "" {
		t.fail(Failure{Operation: "TriggerEvent", Message: "trigger not processed", Expected: "status processed with a transactionId", Actual: snippet(res.Body)})
		return
	}
	t.deferDelete("messages of "+tx, call{op: "DeleteMessagesByTransactionId", params: map[string]string{"transactionId": tx}})
	sp := map[string]string{"subscriberId": sub}
	var msgID string
	if !t.eventually(func() bool {
		feed := t.do(call{op: "GetSubscriberNotificationFeed", params: sp})
		msgID = str(feed.JSON, "data", 0, "_id")
		return msgID != ""
	}) {
		t.fail(Failure{Operation: "GetSubscriberNotificationFeed", Message: "the triggered message never reached the in-app feed", Expected: "one message", Actual: "an empty feed"})
		return
	}
	msgs := t.do(call{op: "ListMessages", query: url.Values{"subscriberId": {sub}, "transactionId": {tx}}})
	if t.expect("ListMessages", msgs, 200) && len(list(msgs.JSON, "data")) == 0 {
		t.fail(Failure{Operation: "ListMessages", Message: "no message for the transaction", Expected: "≥ 1", Actual: "0"})
	}
	acts := t.do(call{op: "ListNotifications", query: url.Values{"transactionId": {tx}}})
	if t.expect("ListNotifications", acts, 200) && len(list(acts.JSON, "data")) == 0 {
		t.fail(Failure{Operation: "ListNotifications", Message: "no notification for the transaction", Expected: "≥ 1", Actual: "0"})
	}
	t.expectUnseen(sp, 1)
	markOp, markBody := "MarkSubscriberMessagesAs", map[string]any{"messageId": msgID, "markAs": "seen"}
	if !t.r.has(markOp) {
		// A release before mark-as: the legacy markAs, which every release routes.
		markOp, markBody = "MarkSubscriberMessagesLegacy", map[string]any{"messageId": msgID, "mark": map[string]any{"seen": true}}
	}
	mark := t.do(call{op: markOp, params: sp, body: markBody})
	if t.expect(markOp, mark, 201) && get(mark.JSON, "data", 0, "seen") != true {
		t.fail(Failure{Operation: markOp, Message: "message not marked seen", Expected: "seen: true", Actual: show(get(mark.JSON, "data", 0, "seen"))})
	}
	t.expectUnseen(sp, 0)
	res = t.do(call{op: "TriggerEvent", body: map[string]any{"name": t.r.prefix + "no-such-workflow", "to": sub}})
	if t.expect("TriggerEvent", res, http.StatusUnprocessableEntity) && str(res.JSON, "message") != "workflow_not_found" {
		t.fail(Failure{Operation: "TriggerEvent", Message: "wrong 422 message", Expected: "workflow_not_found", Actual: str(res.JSON, "message")})
	}
}

func (t *T) expectUnseen(sp map[string]string, want float64) {
	res := t.do(call{op: "GetSubscriberUnseenCount", params: sp})
	if n, _ := num(res.JSON, "data", "count"); t.expect("GetSubscriberUnseenCount", res, 200) && n != want {
		t.fail(Failure{Operation: "GetSubscriberUnseenCount", Message: "unseen count wrong", Expected: strconv.Itoa(int(want)), Actual: show(n)})
	}
}

func scenarioCancel(t *T) {
	sub := t.newSubscriber()
	delay := map[string]any{"name": "Wait", "active": true, "template": map[string]any{"type": "delay", "content": ""},
		"metadata": map[string]any{"type": "regular", "amount": 1, "unit": "days"}}
	wf := t.newWorkflow([]any{delay, inAppStep})
	res := t.do(call{op: "TriggerEvent", body: map[string]any{"name": wf, "to": sub, "payload": map[string]any{}}})
	if !t.expect("TriggerEvent", res, 201) {
		return
	}
	tp := map[string]string{"transactionId": str(res.JSON, "data", "transactionId")}
	// Novu queues the trigger and its worker creates the delayed jobs a moment later; until then
	// there is nothing to cancel and the answer is false. So the first true is polled for.
	cancelled := t.eventually(func() bool {
		res = t.do(call{op: "CancelTriggeredEvent", params: tp})
		return res.err != nil || res.Status != 200 || get(res.JSON, "data") == true
	})
	if res.err != nil || !t.expect("CancelTriggeredEvent", res, 200) {
		return
	}
	if !cancelled {
		t.fail(Failure{Operation: "CancelTriggeredEvent", Message: "cancel never answered true for a delayed trigger (polled with a deadline)",
			Expected: "true", Actual: show(get(res.JSON, "data"))})
		return
	}
	res = t.do(call{op: "CancelTriggeredEvent", params: tp})
	if t.expect("CancelTriggeredEvent", res, 200) && get(res.JSON, "data") != false {
		t.fail(Failure{Operation: "CancelTriggeredEvent", Message: "a second cancel answered again", Expected: "false", Actual: show(get(res.JSON, "data"))})
	}
}

func scenarioRemainingDecreases(t *T) {
	prev := -1
	for i := 0; i < 3; i++ {
		res := t.do(call{op: "GetCurrentEnvironment"})
		n, err := strconv.Atoi(res.Header.Get("RateLimit-Remaining"))
		if err != nil {
			t.fail(Failure{Operation: "GetCurrentEnvironment", Message: "no RateLimit-Remaining", Expected: "an integer", Actual: strconv.Quote(res.Header.Get("RateLimit-Remaining"))})
			return
		}
		if prev >= 0 && n >= prev && prev > 0 {
			t.fail(Failure{Operation: "GetCurrentEnvironment", Message: "RateLimit-Remaining did not decrease", Expected: "< " + strconv.Itoa(prev), Actual: strconv.Itoa(n)})
		}
		prev = n
	}
}
