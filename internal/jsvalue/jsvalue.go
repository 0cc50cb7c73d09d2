// Package jsvalue applies JavaScript's value rules to the values encoding/json decodes (and to
// Go's named scalar types, which stand for strings and booleans): typeof, Number(), String(),
// strict equality, ordering, includes, and the comparisons of Novu's step conditions built on
// them. Nest reads query numbers with Number(); Novu's worker compares condition values with ===,
// <, > and includes.
package jsvalue

import (
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Operator is a step condition's operator, as Novu names it.
type Operator string

// The operators Novu's worker evaluates; any other (LIKE, BETWEEN, ALL_IN, ...) never passes.
const (
	Equal        Operator = "EQUAL"
	NotEqual     Operator = "NOT_EQUAL"
	Larger       Operator = "LARGER"
	Smaller      Operator = "SMALLER"
	LargerEqual  Operator = "LARGER_EQUAL"
	SmallerEqual Operator = "SMALLER_EQUAL"
	In           Operator = "IN"
	NotIn        Operator = "NOT_IN"
	IsDefined    Operator = "IS_DEFINED"
)

// Compare is Novu's comparison of a payload, subscriber or tenant field (actual; found is false
// when the field is undefined) with a condition value, with JavaScript's rules: the value is
// first converted to the field's type (a number, a string, or true only for "true"), equality is
// strict, ordering compares strings as strings and anything else as numbers, and IN / NOT_IN
// look for the value inside a string or a list.
func Compare(actual any, found bool, op Operator, value any) bool {
	want := value
	switch kind := TypeOf(actual, found); kind {
	case "number":
		want = Number(value)
	case "string":
		want = String(value)
	case "boolean":
		want = value == "true"
	}
	switch op {
	case Equal:
		return strictEqual(actual, found, want)
	case NotEqual:
		return !strictEqual(actual, found, want)
	case Larger, Smaller, LargerEqual, SmallerEqual:
		return relate(actual, found, want, op)
	case In, NotIn:
		in, ok := includes(actual, want)
		if !ok {
			return false // Novu's worker fails on includes of a missing or scalar field
		}
		return in == (op == In)
	case IsDefined:
		return found // actualValue !== undefined (v2.0.0 libs/application-generic utils/filter.ts:51)
	}
	return false
}

// TypeOf is JavaScript's typeof of a value found in a payload or a stored entity; found is false
// for undefined.
func TypeOf(v any, found bool) string {
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

// Number is JavaScript's Number(v): NaN for a non-numeric string, 0 for an empty one.
func Number(v any) float64 {
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
		return Number(string(t))
	case bool:
		if t {
			return 1
		}
		return 0
	case nil:
		return 0
	case string:
		return StringToNumber(t)
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return Number(rv.String())
	}
	return math.NaN()
}

var (
	// decimal is the decimal literal Number() reads: an optional sign, then Infinity or digits
	// with an optional point (or a point and digits) and an optional exponent. Go's ParseFloat
	// also takes underscores, hex floats, "inf" and "nan", which JavaScript does not.
	decimal = regexp.MustCompile(`^[+-]?(Infinity|[0-9]+\.?[0-9]*([eE][+-]?[0-9]+)?|\.[0-9]+([eE][+-]?[0-9]+)?)$`)
	radix   = regexp.MustCompile(`^0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)$`)
)

// StringToNumber is Number(s) for a string: trimmed of JavaScript's white space (IsSpace), ""
// is 0, decimal literals, (signed) Infinity and unsigned 0x/0o/0b integers of any length;
// anything else is NaN.
func StringToNumber(s string) float64 {
	if n, err := strconv.Atoi(s); err == nil {
		return float64(n) // the common case (page=0, limit=10), without the regular expressions
	}
	s = strings.TrimFunc(s, IsSpace)
	switch {
	case s == "":
		return 0
	case radix.MatchString(s):
		base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]]
		f := 0.0
		for _, c := range s[2:] {
			d, _ := strconv.ParseInt(string(c), base, 64)
			f = f*float64(base) + float64(d)
		}
		return f
	case !decimal.MatchString(s):
		return math.NaN()
	case strings.HasSuffix(s, "Infinity"):
		if s[0] == '-' {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	f, _ := strconv.ParseFloat(s, 64) // out of range gives ±Inf or 0, as in JavaScript
	return f
}

// IsSpace reports whether r is JavaScript white space or a line terminator (what trim() and
// Number() strip).
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// Truthy is JavaScript's Boolean(v): false for undefined and null (nil), false, 0, NaN and "";
// true for anything else, empty objects and arrays included.
func Truthy(v any) bool {
	switch TypeOf(v, true) {
	case "string":
		return String(v) != ""
	case "number":
		n := Number(v)
		return n != 0 && !math.IsNaN(n)
	case "boolean":
		return reflect.ValueOf(v).Bool()
	}
	return v != nil
}

// String is JavaScript's String(v) for the scalars a condition value can be ("null" for nil);
// a number prints without an exponent, and anything else as its JSON.
func String(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(t), 'f', -1, 32)
	case int:
		return strconv.Itoa(t)
	case bool:
		return strconv.FormatBool(t)
	}
	// Named scalar types (an e-mail, an enum) print as their value.
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(rv.Int(), 10)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(raw)
}

// strictEqual is actual === want, where want is a number, a string or a boolean.
func strictEqual(actual any, found bool, want any) bool {
	if !found {
		return false // undefined is never === a condition value
	}
	switch TypeOf(actual, true) {
	case "number":
		w, ok := want.(float64)
		return ok && Number(actual) == w
	case "string":
		w, ok := want.(string)
		return ok && String(actual) == w
	case "boolean":
		w, ok := want.(bool)
		return ok && reflect.ValueOf(actual).Bool() == w
	}
	return false // objects and null are equal only to themselves
}

// relate is JavaScript's <, >, <=, >= between a field and a condition value.
func relate(actual any, found bool, want any, op Operator) bool {
	var c int
	if TypeOf(actual, found) == "string" {
		if w, ok := want.(string); ok {
			c = strings.Compare(String(actual), w)
			return compareResult(c, op)
		}
	}
	if !found {
		return false // undefined converts to NaN
	}
	a, w := Number(actual), Number(want)
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

func compareResult(c int, op Operator) bool {
	switch op {
	case Larger:
		return c > 0
	case Smaller:
		return c < 0
	case LargerEqual:
		return c >= 0
	case SmallerEqual:
		return c <= 0
	}
	return false
}

// includes is JavaScript's actual.includes(want) for a string (substring) or a list (an element
// strictly equal to want); ok is false where JavaScript would throw.
func includes(actual, want any) (in, ok bool) {
	switch t := actual.(type) {
	case string:
		return strings.Contains(t, String(want)), true
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
		return strings.Contains(rv.String(), String(want)), true
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
