package jsonnull_test

import (
	"encoding/json"
	"testing"

	segjson "github.com/segmentio/encoding/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/internal/jsonnull"
)

// holder is how the generated types use String: not a pointer, with omitempty.
type holder struct {
	Email jsonnull.String `json:"email,omitempty"`
}

// The three states survive a round trip through both encoders the server uses (encoding/json
// for binding, segmentio's for the generated responses).
func TestString_RoundTrip(t *testing.T) {
	tests := []struct {
		name      string
		json      string
		specified bool
		null      bool
		value     string
	}{
		{"absent", `{}`, false, false, ""},
		{"null", `{"email":null}`, true, true, ""},
		{"value", `{"email":"ada@example.com"}`, true, false, "ada@example.com"},
		{"empty string is a value", `{"email":""}`, true, false, ""},
		{"escapes", `{"email":"a\"b\\c\u00e9"}`, true, false, "a\"b\\cé"},
		{"html characters", `{"email":"<a&b>"}`, true, false, "<a&b>"},
		{"control character", `{"email":"a\u0001b"}`, true, false, "a\x01b"},
	}
	for _, c := range codecs {
		for _, tt := range tests {
			t.Run(c.name+"/"+tt.name, func(t *testing.T) {
				var h holder
				require.NoError(t, c.unmarshal([]byte(tt.json), &h))
				assert.Equal(t, tt.specified, h.Email.IsSpecified())
				assert.Equal(t, tt.null, h.Email.IsNull())
				v, err := h.Email.Get()
				if tt.specified && !tt.null {
					require.NoError(t, err)
					assert.Equal(t, tt.value, v)
					want, _ := json.Marshal(tt.value)
					got, err := h.Email.MarshalJSON()
					require.NoError(t, err)
					assert.Equal(t, string(want), string(got), "encoding/json's own escaping")
				} else {
					assert.ErrorIs(t, err, jsonnull.ErrNoValue)
				}
				out, err := c.marshal(h)
				require.NoError(t, err)
				var back holder
				require.NoError(t, json.Unmarshal(out, &back))
				assert.Equal(t, h.Email, back.Email, "%s", out)
				if !tt.specified {
					assert.JSONEq(t, `{}`, string(out))
				}
			})
		}
	}
}

func TestString_Equal(t *testing.T) {
	values := []jsonnull.String{nil, jsonnull.Null(), jsonnull.Value(""), jsonnull.Value("a"), jsonnull.Value("b")}
	for i, a := range values {
		for j, b := range values {
			assert.Equal(t, i == j, a.Equal(b), "%q vs %q", a, b)
		}
	}
	var decoded jsonnull.String
	require.NoError(t, json.Unmarshal([]byte(`"a"`), &decoded))
	assert.True(t, decoded.Equal(jsonnull.Value("a")), "a decoded value equals a built one")
}

func TestString_SetNull(t *testing.T) {
	s := jsonnull.Value("x")
	s.SetNull()
	assert.True(t, s.IsNull())
	assert.Panics(t, func() { s.MustGet() })
	assert.Equal(t, "y", jsonnull.Value("y").MustGet())
}

// codecs are the two JSON encoders the types must agree with: the standard library and the
// segmentio encoder the server answers with.
var codecs = []struct {
	name      string
	marshal   func(any) ([]byte, error)
	unmarshal func([]byte, any) error
}{
	{"encoding/json", json.Marshal, json.Unmarshal},
	{"segmentio", segjson.Marshal, segjson.Unmarshal},
}
