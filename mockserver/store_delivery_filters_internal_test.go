package mockserver

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/novumock/novumock/gen"
)

// compareField follows JavaScript: the condition value takes the field's type, then strict
// equality, string or numeric ordering, and includes on strings and lists.
func TestCompareField(t *testing.T) {
	tests := []struct {
		name   string
		actual any
		found  bool
		op     gen.FilterPartOperator
		value  any
		want   bool
	}{
		{"string equal", "pro", true, gen.FilterPartOperatorEQUAL, "pro", true},
		{"string not equal", "pro", true, gen.FilterPartOperatorNOTEQUAL, "free", true},
		{"number equal to a numeric string", float64(3), true, gen.FilterPartOperatorEQUAL, "3", true},
		{"json.Number equal", json.Number("3.5"), true, gen.FilterPartOperatorEQUAL, "3.5", true},
		{"number vs non-numeric string is NaN", float64(3), true, gen.FilterPartOperatorEQUAL, "three", false},
		{"number larger", float64(10), true, gen.FilterPartOperatorLARGER, "9", true},
		{"number larger is numeric, not lexical", float64(10), true, gen.FilterPartOperatorLARGER, "9.5", true},
		{"number smaller-equal", float64(9), true, gen.FilterPartOperatorSMALLEREQUAL, "9", true},
		{"strings order lexically", "10", true, gen.FilterPartOperatorLARGER, "9", false},
		{"string larger-equal", "b", true, gen.FilterPartOperatorLARGEREQUAL, "a", true},
		{"boolean true only for \"true\"", true, true, gen.FilterPartOperatorEQUAL, "true", true},
		{"boolean false vs \"false\"", false, true, gen.FilterPartOperatorEQUAL, "false", true},
		{"boolean true vs \"yes\"", true, true, gen.FilterPartOperatorEQUAL, "yes", false},
		{"a number value against a string field is its text", "5", true, gen.FilterPartOperatorEQUAL, float64(5), true},
		{"missing field is never equal", nil, false, gen.FilterPartOperatorEQUAL, "x", false},
		{"missing field is not-equal", nil, false, gen.FilterPartOperatorNOTEQUAL, "x", true},
		{"missing field does not order", nil, false, gen.FilterPartOperatorSMALLER, "1", false},
		{"null is not equal to \"null\"", nil, true, gen.FilterPartOperatorEQUAL, "null", false},
		{"IN on a string is a substring", "premium-plus", true, gen.FilterPartOperatorIN, "premium", true},
		{"NOT_IN on a string", "basic", true, gen.FilterPartOperatorNOTIN, "premium", true},
		{"IN on a list", []any{"a", "b"}, true, gen.FilterPartOperatorIN, "b", true},
		{"NOT_IN on a list", []any{"a", "b"}, true, gen.FilterPartOperatorNOTIN, "c", true},
		{"IN on a list is strict", []any{float64(1)}, true, gen.FilterPartOperatorIN, "1", false},
		{"IN on a missing field fails", nil, false, gen.FilterPartOperatorIN, "a", false},
		{"IS_DEFINED on a present field", "x", true, gen.FilterPartOperatorISDEFINED, "", true},
		{"IS_DEFINED on null is defined", nil, true, gen.FilterPartOperatorISDEFINED, "", true},
		{"IS_DEFINED on a missing field", nil, false, gen.FilterPartOperatorISDEFINED, "", false},
		{"NOT_IN on a missing field fails too", nil, false, gen.FilterPartOperatorNOTIN, "a", false},
		{"IN on a number fails", float64(5), true, gen.FilterPartOperatorIN, "5", false},
		{"LIKE is not evaluated by Novu's worker", "abc", true, gen.FilterPartOperatorLIKE, "a", false},
		{"BETWEEN is not evaluated either", float64(5), true, gen.FilterPartOperatorBETWEEN, "1,9", false},
		{"named string types compare as strings", gen.ChannelTypeEmail, true, gen.FilterPartOperatorEQUAL, "email", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compareField(tt.actual, tt.found, tt.op, tt.value); got != tt.want {
				t.Errorf("compareField(%#v, %v, %s, %#v) = %v, want %v", tt.actual, tt.found, tt.op, tt.value, got, tt.want)
			}
		})
	}
}

// Any field value (as JSON decodes it) against any operator and condition value: an answer,
// never a panic, and NOT_EQUAL is always the opposite of EQUAL.
func FuzzCompareField(f *testing.F) {
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
		operator := gen.FilterPartOperator(op)
		_ = compareField(actual, found, operator, value)
		eq := compareField(actual, found, gen.FilterPartOperatorEQUAL, value)
		ne := compareField(actual, found, gen.FilterPartOperatorNOTEQUAL, value)
		if eq == ne {
			t.Fatalf("EQUAL and NOT_EQUAL agree (%v) on %s vs %s", eq, actualJSON, valueJSON)
		}
	})
}

// TestJSStringToNumber: Number() on the strings queries and conditions carry.
func TestJSStringToNumber(t *testing.T) {
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
		got := jsStringToNumber(tc.in)
		if math.IsNaN(tc.want) {
			assert.True(t, math.IsNaN(got), "%q: %v", tc.in, got)
		} else {
			assert.Equal(t, tc.want, got, "%q", tc.in)
		}
	}
}
