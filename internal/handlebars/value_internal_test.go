package handlebars

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/novumock/novumock/internal/jsonnull"
	"github.com/novumock/novumock/internal/jsvalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The JavaScript value rules the helpers rely on (ECMAScript's Number::toString, StringToNumber,
// IsLooselyEqual, IsLessThan), with the results Node.js prints.
func TestJSValues(t *testing.T) {
	t.Run("number to string", func(t *testing.T) {
		tenth, fifth := 0.1, 0.2
		point3 := tenth + fifth
		for f, want := range map[float64]string{0: "0", math.Copysign(0, -1): "0", 1.5: "1.5", -2: "-2", 1e21: "1e+21",
			1e20: "100000000000000000000", 1e-7: "1e-7", 1.5e-7: "1.5e-7", 0.000001: "0.000001", 123456789.123: "123456789.123",
			point3: "0.30000000000000004", math.NaN(): "NaN", math.Inf(-1): "-Infinity", 2e300: "2e+300"} {
			assert.Equal(t, want, numberToString(f), "%v", f)
		}
	})
	t.Run("string to number", func(t *testing.T) {
		for s, want := range map[string]float64{"": 0, "  12 ": 12, "0x1f": 31, "0b11": 3, "0o17": 15, "1e3": 1000, ".5": 0.5,
			"5.": 5, "-Infinity": math.Inf(-1), "+3": 3} {
			assert.Equal(t, want, jsvalue.StringToNumber(s), "%q", s)
		}
		for _, s := range []string{"abc", "1_000", "inf", "NaN", "0x", "-0x1", "1e", "1 2"} {
			assert.True(t, math.IsNaN(jsvalue.StringToNumber(s)), "%q", s)
		}
	})
	t.Run("loose equality", func(t *testing.T) {
		arr := []any{"x", "y"}
		for _, c := range []struct {
			a, b any
			want bool
		}{{1.0, "1", true}, {0.0, "", true}, {0.0, false, true}, {nil, undefined, true}, {nil, 0.0, false},
			{true, "1", true}, {"x,y", arr, true}, {arr, arr, true}, {arr, []any{"x", "y"}, false}, {math.NaN(), math.NaN(), false}} {
			assert.Equal(t, c.want, looseEquals(c.a, c.b), "%v == %v", c.a, c.b)
		}
	})
	t.Run("relational comparison", func(t *testing.T) {
		assert.True(t, jsLT("10", "9"))             // strings compare by code units
		assert.False(t, jsLT(10.0, "9"))            // a number makes it numeric
		assert.True(t, jsLE(nil, 0.0))              // null is 0
		assert.False(t, jsLE(undefined, undefined)) // NaN
		assert.True(t, jsGT("b", "a"))
		assert.True(t, jsLT("\U0001F600", "\uFFFF")) // a surrogate pair sorts below U+FFFF
	})
	t.Run("toFixed rounds the exact value half up", func(t *testing.T) {
		for f, want := range map[float64]string{2.5: "3", 0.5: "1", 1.005: "1", 1.45: "1", -2.5: "-3", 1e21: "1e+21"} {
			assert.Equal(t, want, toFixed(f, 0), "%v", f)
		}
		assert.Equal(t, "1.00", toFixed(1.005, 2))
		assert.Equal(t, "0.13", toFixed(0.125, 2))
	})
}

// fromGo reads Go values as encoding/json encodes them, without the encoding round trip.
func TestNormalize_AsJSON(t *testing.T) {
	type Inner struct {
		X int `json:"x"`
	}
	type Embedded struct {
		E string `json:"e"`
	}
	type named string
	type sample struct {
		Embedded
		Name    string          `json:"name"`
		Opt     *string         `json:"opt,omitempty"`
		Null    *string         `json:"null"`
		Zero    int             `json:"zero,omitempty"`
		Empty   []string        `json:"empty,omitempty"`
		Nil     []string        `json:"nil"`
		Inner   Inner           `json:"inner,omitempty"`
		Ptr     *Inner          `json:"ptr"`
		Map     map[string]any  `json:"map"`
		Ints    map[int]string  `json:"ints"`
		When    time.Time       `json:"when"`
		Bytes   []byte          `json:"bytes"`
		Named   named           `json:"named"`
		Any     any             `json:"any"`
		Email   jsonnull.String `json:"email,omitempty"` // a JSONValuer: read without the round trip
		Cleared jsonnull.String `json:"cleared,omitempty"`
		Absent  jsonnull.String `json:"absent,omitempty"`
		Skip    string          `json:"-"`
		NoTag   bool
		private int
	}
	s := "set"
	v := sample{Embedded: Embedded{E: "e"}, Name: "n", Opt: &s, Ptr: &Inner{2}, Map: map[string]any{"k": []int{1}},
		Ints: map[int]string{1: "one"}, When: time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC), Bytes: []byte("hi"),
		Named: "nm", Any: Inner{3}, Skip: "x", NoTag: true, private: 1,
		Email: jsonnull.Value("ada@example.com"), Cleared: jsonnull.Null()}
	for _, in := range []any{v, &v, []any{v}, map[string]any{"v": &v}, sample{}} {
		raw, err := json.Marshal(in)
		require.NoError(t, err)
		var want any
		require.NoError(t, json.Unmarshal(raw, &want))
		assert.Equal(t, want, normalize(in))
	}
}

// A Converted object is taken as it is: the same map, its values not walked again (an int,
// which a walk would make a float64, stays an int), where a plain map is converted.
func TestNormalize_ConvertedIsNotWalked(t *testing.T) {
	m := map[string]any{"n": 3, "s": "x"}
	got, ok := normalize(Converted(m)).(map[string]any)
	require.True(t, ok, "Converted comes back as a map[string]any")
	got["probe"] = true
	require.Equal(t, true, m["probe"], "Converted comes back as the same map")
	if _, isInt := got["n"].(int); !isInt {
		t.Errorf("Converted's values were walked: n is %T", got["n"])
	}
	if plain := normalize(m).(map[string]any); plain["n"] != 3.0 {
		t.Errorf("a plain map's int is %#v, want the float64 3", plain["n"])
	}
}
