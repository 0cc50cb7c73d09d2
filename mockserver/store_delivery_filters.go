package mockserver

import (
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/novumock/novumock/gen"
)

// Step conditions, evaluated as Novu's worker does before it runs a channel step. The step runs
// when it has no conditions or when any one of its condition groups passes. A group with no
// parts passes; a group with one part is that part; otherwise "AND" needs every part and "OR"
// one of them, and any other group value fails. isNegated is stored but, as in Novu, not read.

// stepFiltersPassLocked tells whether job j of notification n may run; vars are the
// notification's template variables.
func (st *store) stepFiltersPassLocked(env *environment, n *notification, j *job, vars map[string]any) bool {
	if j.step.Filters == nil || len(*j.step.Filters) == 0 {
		return true
	}
	for _, group := range *j.step.Filters {
		if st.groupPassesLocked(env, n, group, vars) {
			return true
		}
	}
	return false
}

func (st *store) groupPassesLocked(env *environment, n *notification, group gen.StepFilter, vars map[string]any) bool {
	if group.Children == nil || len(*group.Children) == 0 {
		return true
	}
	parts := *group.Children
	if len(parts) == 1 {
		return st.partPassesLocked(env, n, parts[0], vars)
	}
	switch deref(group.Value) {
	case gen.StepFilterValueAND:
		for _, p := range parts {
			if !st.partPassesLocked(env, n, p, vars) {
				return false
			}
		}
		return true
	case gen.StepFilterValueOR:
		for _, p := range parts {
			if st.partPassesLocked(env, n, p, vars) {
				return true
			}
		}
	}
	return false
}

func (st *store) partPassesLocked(env *environment, n *notification, p gen.FilterPart, vars map[string]any) bool {
	switch p.On {
	case gen.FilterPartOnPayload, gen.FilterPartOnSubscriber, gen.FilterPartOnTenant:
		actual, found := lookupPath(vars, string(p.On)+"."+deref(p.Field))
		want, _ := filterValue(p.Value)
		if s, ok := want.(string); ok {
			want = render(s, vars) // Novu compiles a condition's value as a template first
		}
		return compareField(actual, found, deref(p.Operator), want)
	case gen.FilterPartOnWebhook:
		// The fake calls no one (it only ever talks to loopback clients), so a webhook condition
		// passes, as it does in Novu's own test mode.
		return true
	case gen.FilterPartOnIsOnline, gen.FilterPartOnIsOnlineInLast:
		return onlinePasses(n.subscriber, p, st.clock.Now())
	case gen.FilterPartOnPreviousStep:
		return st.previousStepPassesLocked(env, n, p)
	}
	return false
}

// filterValue is a condition's value as JSON gave it: a string, a bool or a float64.
func filterValue(v *gen.FilterPart_Value) (any, bool) {
	if v == nil {
		return nil, false
	}
	raw, err := v.MarshalJSON()
	if err != nil {
		return nil, false
	}
	var out any
	if json.Unmarshal(raw, &out) != nil {
		return nil, false
	}
	return out, true
}

// onlinePasses checks a subscriber's online status as Novu does: a subscriber that never
// reported one (no isOnline, no lastOnlineAt) fails both kinds of condition; isOnline must equal
// the value; isOnlineInLast passes for a subscriber online now, or last online no more than
// value whole minutes, hours or days ago.
func onlinePasses(sub *gen.Subscriber, p gen.FilterPart, now time.Time) bool {
	if sub.IsOnline == nil && sub.LastOnlineAt == nil {
		return false
	}
	want, _ := filterValue(p.Value)
	if p.On == gen.FilterPartOnIsOnline {
		return sub.IsOnline != nil && want == *sub.IsOnline
	}
	if deref(sub.IsOnline) {
		return true
	}
	last := now // Novu counts a missing lastOnlineAt as now
	if sub.LastOnlineAt != nil {
		t, err := time.Parse(time.RFC3339Nano, string(*sub.LastOnlineAt))
		if err != nil {
			return false
		}
		last = t
	}
	amount, ok := want.(float64)
	unit := gen.StepTimeUnit(deref(p.TimeOperator)) // minutes, hours or days (the spec's enum)
	if !ok || p.TimeOperator == nil {
		return false
	}
	// At most amount whole units ago (date-fns counts whole units): before amount+1 have passed.
	return now.Before(afterUnits(last, int(math.Floor(amount))+1, unit))
}

// previousStepPassesLocked checks the message an earlier step of the same notification sent
// (the part's step names that step by its uuid, or its _id) for read/unread or seen/unseen.
func (st *store) previousStepPassesLocked(env *environment, n *notification, p gen.FilterPart) bool {
	want := deref(p.Step)
	for _, j := range n.jobs {
		if want == "" || (deref(j.step.Uuid) != want && deref(j.step.UnderscoreId) != want) || j.messageID == "" {
			continue
		}
		msg := env.delivery.messages.get(j.messageID)
		if msg == nil {
			return false
		}
		switch deref(p.StepType) {
		case gen.FilterPartStepTypeRead:
			return msg.Read
		case gen.FilterPartStepTypeUnread:
			return !msg.Read
		case gen.FilterPartStepTypeSeen:
			return msg.Seen
		case gen.FilterPartStepTypeUnseen:
			return !msg.Seen
		}
	}
	return false
}

// compareField is Novu's comparison of a payload, subscriber or tenant field with a condition
// value, with JavaScript's rules: the value is first converted to the field's type (a number, a
// string, or true only for "true"), equality is strict, ordering compares strings as strings
// and anything else as numbers, and IN / NOT_IN look for the value inside a string or a list.
// Operators Novu's worker does not evaluate (LIKE, BETWEEN, ALL_IN, ...) never pass.
func compareField(actual any, found bool, op gen.FilterPartOperator, raw any) bool {
	want := raw
	switch kind := jsType(actual, found); kind {
	case "number":
		want = jsNumber(raw)
	case "string":
		want = jsString(raw)
	case "boolean":
		want = raw == "true"
	}
	switch op {
	case gen.FilterPartOperatorEQUAL:
		return strictEqual(actual, found, want)
	case gen.FilterPartOperatorNOTEQUAL:
		return !strictEqual(actual, found, want)
	case gen.FilterPartOperatorLARGER, gen.FilterPartOperatorSMALLER,
		gen.FilterPartOperatorLARGEREQUAL, gen.FilterPartOperatorSMALLEREQUAL:
		return relate(actual, found, want, op)
	case gen.FilterPartOperatorIN, gen.FilterPartOperatorNOTIN:
		in, ok := includes(actual, want)
		if !ok {
			return false // Novu's worker fails on includes of a missing or scalar field
		}
		return in == (op == gen.FilterPartOperatorIN)
	case gen.FilterPartOperatorISDEFINED:
		return found // actualValue !== undefined (v2.0.0 libs/application-generic utils/filter.ts:51)
	}
	return false
}

// jsType is JavaScript's typeof of a value found in a payload or a stored entity.
func jsType(v any, found bool) string {
	if !found {
		return "undefined"
	}
	switch v.(type) {
	case string:
		return "string"
	case json.Number, float64, float32, int, int64, int32:
		return "number"
	case bool:
		return "boolean"
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	}
	return "object"
}

// jsNumber is JavaScript's Number(v): NaN for a non-numeric string, 0 for an empty one.
func jsNumber(v any) float64 {
	switch t := v.(type) {
	case float64:
		return t
	case float32:
		return float64(t)
	case int:
		return float64(t)
	case int64:
		return float64(t)
	case int32:
		return float64(t)
	case json.Number:
		return jsNumber(string(t))
	case bool:
		if t {
			return 1
		}
		return 0
	case nil:
		return 0
	case string:
		return jsStringToNumber(t)
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return jsNumber(rv.String())
	}
	return math.NaN()
}

// jsDecimal is the decimal literal Number() reads: an optional sign, digits with an optional
// point (or a point and digits), an optional exponent. Go's ParseFloat also takes underscores,
// hex floats, "inf" and "nan", which JavaScript does not.
var jsDecimal = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// jsStringToNumber is Number(s) for a string: trimmed, "" is 0, decimal literals, unsigned
// 0x/0o/0b integers and (signed) Infinity; anything else is NaN.
func jsStringToNumber(s string) float64 {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return float64(n) // the common case (page=0, limit=10), without the regular expression
	}
	switch {
	case s == "":
		return 0
	case s == "Infinity" || s == "+Infinity":
		return math.Inf(1)
	case s == "-Infinity":
		return math.Inf(-1)
	case jsDecimal.MatchString(s):
		f, _ := strconv.ParseFloat(s, 64) // a literal too large is ±Inf, as in JavaScript
		return f
	case len(s) > 2 && s[0] == '0':
		base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]]
		if n, err := strconv.ParseUint(s[2:], base, 64); base != 0 && err == nil && !strings.Contains(s[2:], "_") {
			return float64(n)
		}
	}
	return math.NaN()
}

// jsString is JavaScript's String(v) for the scalars a condition value can be.
func jsString(v any) string {
	if v == nil {
		return "null"
	}
	return renderValue(v)
}

func strictEqual(actual any, found bool, want any) bool {
	if !found {
		return false // undefined is never === a condition value
	}
	switch jsType(actual, true) {
	case "number":
		w, ok := want.(float64)
		return ok && jsNumber(actual) == w
	case "string":
		w, ok := want.(string)
		return ok && renderValue(actual) == w
	case "boolean":
		w, ok := want.(bool)
		return ok && reflect.ValueOf(actual).Bool() == w
	}
	return false // objects and null are equal only to themselves
}

// relate is JavaScript's <, >, <=, >= between a field and a condition value.
func relate(actual any, found bool, want any, op gen.FilterPartOperator) bool {
	var c int
	if jsType(actual, found) == "string" {
		if w, ok := want.(string); ok {
			c = strings.Compare(renderValue(actual), w)
			return compareResult(c, op)
		}
	}
	if !found {
		return false // undefined converts to NaN
	}
	a, w := jsNumber(actual), jsNumber(want)
	if math.IsNaN(a) || math.IsNaN(w) {
		return false
	}
	switch {
	case a < w:
		c = -1
	case a > w:
		c = 1
	}
	return compareResult(c, op)
}

func compareResult(c int, op gen.FilterPartOperator) bool {
	switch op {
	case gen.FilterPartOperatorLARGER:
		return c > 0
	case gen.FilterPartOperatorSMALLER:
		return c < 0
	case gen.FilterPartOperatorLARGEREQUAL:
		return c >= 0
	case gen.FilterPartOperatorSMALLEREQUAL:
		return c <= 0
	}
	return false
}

// includes is JavaScript's actual.includes(want) for a string (substring) or a list (an element
// strictly equal to want); ok is false where JavaScript would throw.
func includes(actual, want any) (in, ok bool) {
	switch t := actual.(type) {
	case string:
		return strings.Contains(t, jsString(want)), true
	case []any:
		for _, e := range t {
			if strictEqual(e, true, want) {
				return true, true
			}
		}
		return false, true
	}
	rv := reflect.ValueOf(actual)
	switch rv.Kind() {
	case reflect.String:
		return strings.Contains(rv.String(), jsString(want)), true
	case reflect.Slice:
		for i := range rv.Len() {
			if strictEqual(rv.Index(i).Interface(), true, want) {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}
