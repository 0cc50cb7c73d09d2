package contracttest

import (
	"fmt"
	"net/http"
)

// scenarioIntegrationPrimary walks facts §7 on a channel where the environment has no active
// integration: otherwise set-primary would demote an integration the suite does not own. A
// Novu Cloud environment starts with Novu Email and Novu SMS primary on both channels; there
// the suite checks the create rule against the existing primary instead.
func scenarioIntegrationPrimary(t *T) {
	env := t.do(call{op: "GetCurrentEnvironment"})
	envID := str(env.JSON, "data", "_id")
	channel := ""
	for _, ch := range []string{"email", "sms"} {
		if len(t.activeIntegrations(envID, ch)) == 0 {
			channel = ch
			break
		}
	}
	newIntegration := func(ch, prov string) string {
		n := t.name("integ")
		res := t.create(call{op: "CreateIntegration", body: map[string]any{"providerId": prov, "channel": ch, "name": n,
			"identifier": n, "active": true, "check": false, "credentials": map[string]any{"apiKey": "x", "from": "a@example.com"}}},
			201, "integration "+n, func(r *response) call {
				return call{op: "DeleteIntegration", params: map[string]string{"integrationId": str(r.JSON, "data", "_id")}}
			})
		return str(res.JSON, "data", "_id")
	}
	if channel == "" {
		integrationBelowPrimary(t, envID, newIntegration)
		return
	}
	provider := map[string]string{"email": "sendgrid", "sms": "twilio"}[channel]
	a := newIntegration(channel, provider)
	t.expectPrimary(envID, channel, a, map[string]float64{a: 1}, "the first active "+channel+" integration")
	b := newIntegration(channel, provider)
	t.expectPrimary(envID, channel, a, map[string]float64{a: 2, b: 1}, "a second active one (must not steal primary)")
	res := t.do(call{op: "SetIntegrationAsPrimary", params: map[string]string{"integrationId": b}})
	if t.expect("SetIntegrationAsPrimary", res, 200, 201) && get(res.JSON, "data", "primary") != true {
		t.fail(Failure{Operation: "SetIntegrationAsPrimary", Message: "answer is not primary", Expected: "primary: true", Actual: show(get(res.JSON, "data", "primary"))})
	}
	t.expectPrimary(envID, channel, b, map[string]float64{b: 2, a: 1}, "set-primary of the second")
	chat := newIntegration("chat", "slack")
	res = t.do(call{op: "SetIntegrationAsPrimary", params: map[string]string{"integrationId": chat}})
	if t.expect("SetIntegrationAsPrimary", res, 400) && str(res.JSON, "message") != "Channel chat does not support primary" {
		t.fail(Failure{Operation: "SetIntegrationAsPrimary", Message: "wrong message", Expected: "Channel chat does not support primary", Actual: str(res.JSON, "message")})
	}
	if t.expect("DeleteIntegration", t.do(call{op: "DeleteIntegration", params: map[string]string{"integrationId": b}}), 200) {
		t.expectPrimary(envID, channel, "", map[string]float64{a: 1}, "deleting the primary (must not promote another)")
	}
}

// integrationBelowPrimary is Novu's create rule where the channel's highest-priority active
// integration H is primary: a new active one takes H's priority, H moves up one, and H stays
// the only primary. Deleting the new ones renumbers the rest back.
func integrationBelowPrimary(t *T, envID string, newIntegration func(ch, prov string) string) {
	var h map[string]any
	for _, m := range t.activeIntegrations(envID, "email") {
		if p, _ := m["priority"].(float64); h == nil || p > h["priority"].(float64) {
			h = m
		}
	}
	if h == nil || h["primary"] != true {
		t.skip("the environment's email integrations have no primary on top; creating one would make it primary",
			"CreateIntegration")
		return
	}
	hID, top := str(h, "_id"), h["priority"].(float64)
	a := newIntegration("email", "sendgrid")
	t.expectPrimary(envID, "email", hID, map[string]float64{hID: top + 1, a: top}, "an active email integration below the primary")
	b := newIntegration("email", "sendgrid")
	t.expectPrimary(envID, "email", hID, map[string]float64{hID: top + 2, b: top + 1, a: top}, "a second one")
	chat := newIntegration("chat", "slack")
	res := t.do(call{op: "SetIntegrationAsPrimary", params: map[string]string{"integrationId": chat}})
	if t.expect("SetIntegrationAsPrimary", res, 400) && str(res.JSON, "message") != "Channel chat does not support primary" {
		t.fail(Failure{Operation: "SetIntegrationAsPrimary", Message: "wrong message", Expected: "Channel chat does not support primary", Actual: str(res.JSON, "message")})
	}
	if t.expect("DeleteIntegration", t.do(call{op: "DeleteIntegration", params: map[string]string{"integrationId": b}}), 200) {
		t.expectPrimary(envID, "email", hID, map[string]float64{hID: top + 1, a: top}, "deleting one (renumbers the rest)")
	}
}

func (t *T) activeIntegrations(envID, channel string) []map[string]any {
	res := t.do(call{op: "ListIntegrations"})
	if !t.expect("ListIntegrations", res, http.StatusOK) {
		return nil
	}
	var out []map[string]any
	for _, it := range list(res.JSON, "data") {
		m, _ := it.(map[string]any)
		if m != nil && m["_environmentId"] == envID && m["channel"] == channel && m["active"] == true {
			out = append(out, m)
		}
	}
	return out
}

// expectPrimary checks that exactly want is primary ("" for none) among the environment's
// active integrations of channel, and the priorities.
func (t *T) expectPrimary(envID, channel, want string, priorities map[string]float64, when string) {
	var primaries []string
	for _, m := range t.activeIntegrations(envID, channel) {
		id := str(m, "_id")
		if m["primary"] == true {
			primaries = append(primaries, id)
		}
		if p, ok := priorities[id]; ok && m["priority"] != p {
			t.fail(Failure{Operation: "ListIntegrations", Message: "priority of " + id + " wrong after " + when, Expected: fmt.Sprint(p), Actual: show(m["priority"])})
		}
	}
	wantList := []string{}
	if want != "" {
		wantList = []string{want}
	}
	if fmt.Sprint(primaries) != fmt.Sprint(wantList) {
		t.fail(Failure{Operation: "ListIntegrations", Message: "primary " + channel + " integrations wrong after " + when,
			Expected: "exactly " + fmt.Sprint(wantList), Actual: fmt.Sprint(primaries)})
	}
}
