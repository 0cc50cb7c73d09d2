package contracttest

import (
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Novu's exact 401 messages (facts §2.2).
const (
	msgMissingAuth    = "Missing authorization header"
	msgUnauthorized   = "Unauthorized"
	msgKeyNotFound    = "API Key not found"
	msgNotAvailable   = "API endpoint not available"
	msgDevOnly        = "This action is only allowed in Development environment"
	accessDashboard   = "dashboard-only"
	accessDevelopOnly = "development-only"
)

func authChecks() []Check {
	return []Check{
		{Name: "missing_auth_rejected", Kind: KindProbe, run: sectionProbe("", msgMissingAuth),
			Doc: "no Authorization header → 401 `Missing authorization header`, on one operation of every section"},
		{Name: "wrong_scheme_rejected", Kind: KindProbe, run: checkWrongScheme,
			Doc: "another scheme (Token, lower-case apikey) → 401 `Invalid authentication scheme: \"<word>\"`"},
		{Name: "empty_key_rejected", Kind: KindProbe, run: sectionProbe("ApiKey ", msgUnauthorized),
			Doc: "`ApiKey ` with no key → 401 `Unauthorized`, on one operation of every section"},
		{Name: "unknown_key_rejected", Kind: KindProbe, run: checkUnknownKey,
			Doc: "an unknown key → 401 `API Key not found`, on every operation (this is also how every operation is reached)"},
		{Name: "dashboard_only_rejected", Kind: KindProbe, run: checkDashboardOnly,
			Doc: "x-novu-access: dashboard-only operations answer a valid key with 401 `API endpoint not available`"},
		{Name: "production_key_rejected_on_development_only", Kind: KindProbe, NeedsProd: true, run: checkDevOnly,
			Doc: "x-novu-access: development-only operations answer the Production key with 401 `This action is only allowed in Development environment`"},
	}
}

// probeable says whether an auth probe may be sent to op in this mode: op takes an API key (the
// chat OAuth pair does not), and read-only sends GETs only. checkDashboardOnly, which sends a
// valid key, leaves RegenerateApiKeys out as well (a target that wrongly accepted it would
// rotate the organization's keys).
func (t *T) probeable(op *specOp) bool {
	return op.Secured && (t.r.s.Mode != ModeReadOnly || op.Method == http.MethodGet)
}

// sampleOps picks one operation per section: a plain GET without path parameters if there is
// one, else the section's first probeable operation.
func (t *T) sampleOps() []*specOp {
	best := map[string]*specOp{}
	var sections []string
	score := func(o *specOp) int {
		s := 0
		if o.Method == http.MethodGet {
			s += 2
		}
		if len(o.pathParams()) == 0 {
			s++
		}
		if o.Access == "" {
			s += 4
		}
		return s
	}
	for _, id := range t.r.spec.order {
		o := t.r.spec.ops[id]
		if !t.probeable(o) {
			continue
		}
		cur, seen := best[o.Section]
		if !seen {
			sections = append(sections, o.Section)
		}
		if !seen || score(o) > score(cur) {
			best[o.Section] = o
		}
	}
	out := make([]*specOp, 0, len(sections))
	for _, s := range sections {
		out = append(out, best[s])
	}
	return out
}

// probeCall is a request to op with placeholder path parameters and, when the operation takes
// a body, an empty object: if a target wrongly let it through, validation or a 404 stops it.
func (t *T) probeCall(op *specOp, auth *string) call {
	c := call{op: op.ID, params: t.placeholderParams(op), auth: auth, probe: "auth"}
	if op.Body != nil {
		c.body = map[string]any{}
	}
	return c
}

// placeholderParams fills path parameters with values that name nothing the target has: the
// run prefix for free-form ids, an all-zero ObjectId for patterned ones, the first value of
// an enum.
func (t *T) placeholderParams(op *specOp) map[string]string {
	params := map[string]string{}
	all := append(append(openapi3.Parameters{}, op.Route.PathItem.Parameters...), op.Op.Parameters...)
	for _, p := range all {
		if p.Value == nil || p.Value.In != openapi3.ParameterInPath {
			continue
		}
		var sc *openapi3.Schema
		if p.Value.Schema != nil {
			sc = p.Value.Schema.Value
		}
		switch {
		case sc != nil && len(sc.Enum) > 0:
			params[p.Value.Name] = show(sc.Enum[0])
		case sc != nil && sc.Pattern != "":
			params[p.Value.Name] = "00000000000000000000dead"
		default:
			params[p.Value.Name] = t.r.prefix + "missing"
		}
	}
	return params
}

// expect401 checks status and message of an auth probe.
func (t *T) expect401(op *specOp, res *response, message string) {
	if !t.expect(op.ID, res, http.StatusUnauthorized) {
		return
	}
	if got := str(res.JSON, "message"); message != "" && got != message {
		t.fail(Failure{Operation: op.ID, Message: "wrong 401 message", Expected: `"` + message + `"`, Actual: `"` + got + `"`})
	}
}

func sectionProbe(header, message string) func(*T) {
	return func(t *T) {
		for _, op := range t.sampleOps() {
			t.expect401(op, t.do(t.probeCall(op, ptr(header))), message)
		}
	}
}

func checkWrongScheme(t *T) {
	for i, op := range t.sampleOps() {
		word := "Token"
		if i%2 == 1 {
			word = "apikey"
		}
		res := t.do(t.probeCall(op, ptr(word+" "+t.r.prefix+"key")))
		t.expect401(op, res, `Invalid authentication scheme: "`+word+`"`)
	}
}

func checkUnknownKey(t *T) {
	header := "ApiKey " + strings.Repeat("0", 8) + t.r.prefix + "unknown"
	for _, id := range t.r.spec.order {
		op := t.r.spec.ops[id]
		if !t.probeable(op) {
			continue
		}
		want := msgKeyNotFound
		if op.Access == accessDashboard {
			want = "" // which guard speaks first for an unknown key is not pinned down
		}
		t.expect401(op, t.do(t.probeCall(op, ptr(header))), want)
	}
}

// closedToMainKey is true when the main key's answer from op is a documented 401: every key's
// for a dashboard-only operation, a Production key's for a development-only one.
func (r *runner) closedToMainKey(op *specOp) bool {
	return op.Access == accessDashboard || (op.Access == accessDevelopOnly && r.mainKeyProduction)
}

func checkDashboardOnly(t *T) {
	for _, id := range t.r.spec.order {
		op := t.r.spec.ops[id]
		if op.Access != accessDashboard || !t.probeable(op) || op.ID == "RegenerateApiKeys" {
			continue
		}
		c := t.probeCall(op, nil)
		c.probe = ""
		t.expect401(op, t.do(c), msgNotAvailable)
	}
}

func checkDevOnly(t *T) {
	for _, id := range t.r.spec.order {
		op := t.r.spec.ops[id]
		if op.Access != accessDevelopOnly || !t.probeable(op) {
			continue
		}
		c := t.probeCall(op, nil)
		c.prod, c.probe = true, ""
		t.expect401(op, t.do(c), msgDevOnly)
	}
}
