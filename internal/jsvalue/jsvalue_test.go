package jsvalue

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Compare follows JavaScript: the condition value takes the field's type, then strict
// equality, string or numeric ordering, and includes on strings and lists.
func TestCompare(t *testing.T) {
	tests := []struct {
		name   string
		actual any
		found  bool
		op     Operator
		value  any
		want   bool
	}{
		{"string equal", "pro", true, Equal, "pro", true},
		{"string not equal", "pro", true, NotEqual, "free", true},
		{"number equal to a numeric string", float64(3), true, Equal, "3", true},
		{"json.Number equal", json.Number("3.5"), true, Equal, "3.5", true},
		{"number vs non-numeric string is NaN", float64(3), true, Equal, "three", false},
		{"number larger", float64(10), true, Larger, "9", true},
		{"number larger is numeric, not lexical", float64(10), true, Larger, "9.5", true},
		{"number smaller-equal", float64(9), true, SmallerEqual, "9", true},
		{"strings order lexically", "10", true, Larger, "9", false},
		{"string larger-equal", "b", true, LargerEqual, "a", true},
		{"boolean true only for \"true\"", true, true, Equal, "true", true},
		{"boolean false vs \"false\"", false, true, Equal, "false", true},
		{"boolean true vs \"yes\"", true, true, Equal, "yes", false},
		{"a number value against a string field is its text", "5", true, Equal, float64(5), true},
		{"missing field is never equal", nil, false, Equal, "x", false},
		{"missing field is not-equal", nil, false, NotEqual, "x", true},
		{"missing field does not order", nil, false, Smaller, "1", false},
		{"null is not equal to \"null\"", nil, true, Equal, "null", false},
		{"IN on a string is a substring", "premium-plus", true, In, "premium", true},
		{"NOT_IN on a string", "basic", true, NotIn, "premium", true},
		{"IN on a list", []any{"a", "b"}, true, In, "b", true},
		{"NOT_IN on a list", []any{"a", "b"}, true, NotIn, "c", true},
		{"IN on a list is strict", []any{float64(1)}, true, In, "1", false},
		{"IN on a missing field fails", nil, false, In, "a", false},
		{"NOT_IN on a missing field fails too", nil, false, NotIn, "a", false},
		{"IS_DEFINED on a present field", "x", true, IsDefined, "", true},
		{"IS_DEFINED on null is defined", nil, true, IsDefined, "", true},
		{"IS_DEFINED on a missing field", nil, false, IsDefined, "", false},
		{"IN on a number fails", float64(5), true, In, "5", false},
		{"LIKE is not evaluated by Novu's worker", "abc", true, "LIKE", "a", false},
		{"BETWEEN is not evaluated either", float64(5), true, "BETWEEN", "1,9", false},
		{"named string types compare as strings", channelType("email"), true, Equal, "email", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compare(tt.actual, tt.found, tt.op, tt.value); got != tt.want {
				t.Errorf("Compare(%#v, %v, %s, %#v) = %v, want %v", tt.actual, tt.found, tt.op, tt.value, got, tt.want)
			}
		})
	}
}

// Any field value (as JSON decodes it) against any operator and condition value: an answer,
// never a panic, and NOT_EQUAL is always the opposite of EQUAL.
func FuzzCompare(f *testing.F) {
	f.Add(`"pro"`, "EQUAL", `"pro"`)
	f.Add(`12`, "LARGER", `"9.5"`)
	f.Add(`["a",1,null,{"x":[]}]`, "IN", `"a"`)
	f.Add(`{"a":1}`, "NOT_IN", `true`)
	f.Add(`null`, "SMALLER_EQUAL", `null`)
	f.Add(`true`, "EQUAL", `"true"`)
	f.Add(`1e400`, "LIKE", `""`)
	f.Fuzz(func(t *testing.T, actualJSON, op, valueJSON string) {
		var actual, value any
		found := json.Unmarshal([]byte(actualJSON), &actual) == nil
		if json.Unmarshal([]byte(valueJSON), &value) != nil {
			value = valueJSON
		}
		operator := Operator(op)
		_ = Compare(actual, found, operator, value)
		eq := Compare(actual, found, Equal, value)
		ne := Compare(actual, found, NotEqual, value)
		if eq == ne {
			t.Fatalf("EQUAL and NOT_EQUAL agree (%v) on %s vs %s", eq, actualJSON, valueJSON)
		}
	})
}

// TestStringToNumber: Number() on the strings queries and conditions carry.
func TestStringToNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64 // NaN checked with math.IsNaN
	}{
		{"", 0}, {"  ", 0}, {"10", 10}, {" 10 ", 10}, {"+5", 5}, {"-5", -5}, {"1e2", 100}, {"1.5", 1.5},
		{".5", 0.5}, {"5.", 5}, {"0x10", 16}, {"0o10", 8}, {"0b101", 5}, {"Infinity", math.Inf(1)},
		{"-Infinity", math.Inf(-1)}, {"1e400", math.Inf(1)},
		{"1_0", math.NaN()}, {"0x1p3", math.NaN()}, {"-0x10", math.NaN()}, {"inf", math.NaN()},
		{"NaN", math.NaN()}, {"abc", math.NaN()}, {"10abc", math.NaN()}, {"0x", math.NaN()}, {"0x_1", math.NaN()},
	} {
		got := StringToNumber(tc.in)
		if math.IsNaN(tc.want) {
			assert.True(t, math.IsNaN(got), "%q: %v", tc.in, got)
		} else {
			assert.Equal(t, tc.want, got, "%q", tc.in)
		}
	}
}

// channelType is a named string type, as the generated enums are.
type channelType string

// TestNumberStringTypeOf: Number(), String() and typeof over every kind of value a decoded
// payload or a stored entity holds.
func TestNumberStringTypeOf(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     any
		number float64 // NaN checked with math.IsNaN
		str    string
		typ    string
	}{
		{"float", 2.5, 2.5, "2.5", "number"},
		{"large float prints without exponent", 1e21, 1e21, "1000000000000000000000", "number"},
		{"int", 7, 7, "7", "number"},
		{"json.Number", json.Number("12"), 12, "12", "number"},
		{"true", true, 1, "true", "boolean"},
		{"false", false, 0, "false", "boolean"},
		{"null", nil, 0, "null", "object"},
		{"numeric string", " 42 ", 42, " 42 ", "string"},
		{"named string", channelType("sms"), math.NaN(), "sms", "string"},
		{"list", []any{"a", 1.0}, math.NaN(), `["a",1]`, "object"},
		{"object", map[string]any{"a": "b"}, math.NaN(), `{"a":"b"}`, "object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n := Number(tc.in); math.IsNaN(tc.number) {
				assert.True(t, math.IsNaN(n), "Number: %v", n)
			} else {
				assert.Equal(t, tc.number, n, "Number")
			}
			assert.Equal(t, tc.str, String(tc.in), "String")
			assert.Equal(t, tc.typ, TypeOf(tc.in, true), "TypeOf")
		})
	}
	assert.Equal(t, "undefined", TypeOf(nil, false))
}

func TestTruthy(t *testing.T) {
	tests := []struct {
		v    any
		want bool
	}{
		{nil, false}, {false, false}, {true, true}, {float64(0), false}, {math.NaN(), false},
		{float64(-1), true}, {json.Number("0"), false}, {"", false}, {"0", true}, {" ", true},
		{map[string]any{}, true}, {[]any{}, true}, {channelType(""), false}, {channelType("x"), true},
	}
	for _, tt := range tests {
		if got := Truthy(tt.v); got != tt.want {
			t.Errorf("Truthy(%#v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
