package contracttest

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3"
)

// inputChecks send invalid input derived from the spec's request schemas; every one must be
// refused with a documented 4xx, never accepted and never a 5xx.
func inputChecks() []Check {
	kinds := []struct{ name, doc string }{
		{"missing_required_rejected", "a body or query without a required field → documented 4xx"},
		{"wrong_type_rejected", "a field of the wrong JSON type, a non-numeric number parameter → documented 4xx"},
		{"bad_enum_rejected", "a value outside its enum → documented 4xx"},
		{"too_long_rejected", "a string past maxLength, a number past its minimum/maximum → documented 4xx"},
		{"malformed_value_rejected", "a malformed e-mail or patterned value → documented 4xx"},
	}
	var out []Check
	for _, k := range kinds {
		out = append(out, Check{Name: k.name, Kind: KindProbe, Doc: k.doc, run: inputProbe(k.name)})
	}
	out = append(out, Check{Name: "reads_succeed", Kind: KindProbe, run: checkReadsSucceed,
		Doc: "every GET that needs no id answers its documented success with a valid key"})
	return append(out, Check{Name: "unknown_id_rejected", Kind: KindProbe, run: checkUnknownIDs,
		Doc: "path ids that name nothing → the documented 4xx (404 or 400), or the documented answer for ids Novu does not look up"})
}

// neverProbed lists operations whose effect reaches beyond what the suite owns, even with
// invalid input from a faulty target's point of view; in sandbox and read-only mode they are
// only sent auth probes. Disposable mode probes and exercises them (scenarios_disposable.go),
// except RegenerateApiKeys, which is dashboard-only and so never gets a valid key's request.
var neverProbed = map[string]string{
	"RegenerateApiKeys":          "would rotate the environment's keys",
	"CreateOrganization":         "would create an organization",
	"RenameOrganization":         "would rename the organization",
	"UpdateOrganizationBranding": "would change the organization's branding",
	"RemoveOrganizationMember":   "would remove a member of the organization",
	"UpdateMemberRole":           "would change a member's role",
	"ApplyChanges":               "would promote changes the suite does not own to Production",
	"ApplyChange":                "would promote changes the suite does not own to Production",
	"BroadcastEvent":             "would notify every subscriber of the environment",
}

// inputOps are the operations a probe may send invalid input to in this mode.
func (t *T) inputOps() []*specOp {
	var out []*specOp
	for _, id := range t.r.spec.order {
		op := t.r.spec.ops[id]
		if t.r.closedToMainKey(op) || op.Subscriber || (neverProbed[id] != "" && t.r.s.Mode != ModeDisposable) {
			continue
		}
		if t.r.s.Mode == ModeReadOnly && op.Method != http.MethodGet {
			continue
		}
		out = append(out, op)
	}
	return out
}

func inputProbe(kind string) func(*T) {
	return func(t *T) {
		for _, op := range t.inputOps() {
			for _, m := range t.mutations(op) {
				if m.kind == kind {
					t.expectRefused(op, m.what, call{op: op.ID, params: t.placeholderParams(op), body: m.body, probe: "input"})
				}
			}
			for _, q := range t.queryMutations(op) {
				if q.kind == kind {
					t.expectRefused(op, q.what, call{op: op.ID, params: t.placeholderParams(op), query: q.query, probe: "input",
						body: t.validBody(op)})
				}
			}
		}
	}
}

// validBody is a minimal valid body for op, or nil when it takes none.
func (t *T) validBody(op *specOp) any {
	if op.Body == nil {
		return nil
	}
	return t.validValue("body", openapi3.NewSchemaRef("", op.Body), 0)
}

func (t *T) expectRefused(op *specOp, what string, c call) {
	res := t.do(c)
	if res.err != nil {
		return
	}
	if res.Status >= 400 && res.Status < 500 && res.Status != http.StatusUnauthorized && op.documents(res.Status) {
		return
	}
	t.fail(Failure{Operation: op.ID, Message: "invalid input not refused: " + what,
		Expected: "a documented 4xx from " + fmt.Sprint(op.Statuses), Actual: fmt.Sprintf("%d %s", res.Status, snippet(res.Body))})
}

type queryMutation struct {
	kind, what string
	query      url.Values
}

// queryMutations breaks one query parameter at a time: a required one left out, a number
// that is not one, a value past its bounds, a value outside its enum.
func (t *T) queryMutations(op *specOp) []queryMutation {
	params := op.queryParams()
	base := url.Values{}
	for _, p := range params {
		if p.Required && p.Schema != nil {
			base.Set(p.Name, show(t.validValue(p.Name, p.Schema, 0)))
		}
	}
	with := func(name, v string) url.Values {
		q := url.Values{}
		for k, vs := range base {
			q[k] = vs
		}
		if v == "" {
			q.Del(name)
		} else {
			q.Set(name, v)
		}
		return q
	}
	var out []queryMutation
	for _, p := range params {
		if p.Schema == nil || p.Schema.Value == nil {
			continue
		}
		s := p.Schema.Value
		if p.Required {
			out = append(out, queryMutation{"missing_required_rejected", "without query " + p.Name, with(p.Name, "")})
		}
		if s.Type.Is("integer") || s.Type.Is("number") {
			out = append(out, queryMutation{"wrong_type_rejected", "query " + p.Name + "=abc", with(p.Name, "abc")})
			if s.Max != nil {
				out = append(out, queryMutation{"too_long_rejected", fmt.Sprintf("query %s above %v", p.Name, *s.Max), with(p.Name, fmt.Sprint(int64(*s.Max)+1))})
			}
			if s.Min != nil {
				out = append(out, queryMutation{"too_long_rejected", fmt.Sprintf("query %s below %v", p.Name, *s.Min), with(p.Name, fmt.Sprint(int64(*s.Min)-1))})
			}
		}
		if len(s.Enum) > 0 && s.Type.Is("string") {
			out = append(out, queryMutation{"bad_enum_rejected", "query " + p.Name + " outside its enum", with(p.Name, t.r.prefix+"not-a-value")})
		}
	}
	return out
}

// idsNotLookedUp are operations where Novu answers an unknown id with a documented success
// (cancel answers false, removal is a no-op, adding auto-creates the topic, an unknown
// notification is data: null; v2.0.0 refuses only a notificationId that is not an ObjectId;
// a subscriber's preferences are an empty list in an environment without active workflows,
// where GetSubscriberPreference never looks the subscriber up).
var idsNotLookedUp = map[string]bool{
	"CancelTriggeredEvent": true, "RemoveTopicSubscribers": true, "AddTopicSubscribers": true, "GetNotification": true,
	"ListSubscriberPreferences": true,
}

func checkUnknownIDs(t *T) {
	for _, op := range t.inputOps() {
		if len(op.pathParams()) == 0 || !op.Secured || op.ID == "AddTopicSubscribers" {
			continue
		}
		res := t.do(call{op: op.ID, params: t.placeholderParams(op), body: t.validBody(op), query: t.requiredQuery(op)})
		if res.err != nil {
			continue
		}
		ok := op.documents(res.Status) && res.Status < 500 && res.Status != http.StatusUnauthorized
		if !idsNotLookedUp[op.ID] && (op.documents(404) || op.documents(400)) {
			ok = ok && res.Status >= 400
		}
		if !ok {
			t.fail(Failure{Operation: op.ID, Message: "id that names nothing not refused",
				Expected: "a documented 4xx from " + fmt.Sprint(op.Statuses), Actual: fmt.Sprintf("%d %s", res.Status, snippet(res.Body))})
		}
	}
}

// requiredQuery fills the required query parameters with valid values.
func (t *T) requiredQuery(op *specOp) url.Values {
	q := url.Values{}
	for _, p := range op.queryParams() {
		if p.Required && p.Schema != nil {
			q.Set(p.Name, show(t.validValue(p.Name, p.Schema, 0)))
		}
	}
	return q
}

func checkReadsSucceed(t *T) {
	for _, op := range t.inputOps() {
		if op.Method != http.MethodGet || !op.Secured || len(op.pathParams()) > 0 || len(t.requiredQuery(op)) > 0 {
			continue
		}
		t.expect(op.ID, t.do(call{op: op.ID, query: t.requiredQuery(op)}), op.successStatus())
	}
}
