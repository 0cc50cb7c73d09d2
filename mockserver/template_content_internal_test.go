package mockserver

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
)

// contentString reads a string content as a JSON decoder would, with or without escapes.
func TestContentString(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		want      string
		ok        bool
	}{
		{"plain", `"Hi {{subscriber.firstName}}"`, "Hi {{subscriber.firstName}}", true},
		{"empty", `""`, "", true},
		{"raw unicode", `"Zoë 🐧 <b>"`, "Zoë 🐧 <b>", true},
		{"escapes", `"line\nnext \"quoted\" \u00e9 \\ end"`, "line\nnext \"quoted\" é \\ end", true},
		{"surrogate pair escape", `"\ud83d\udc27"`, "🐧", true},
		{"blocks are no string", `[{"type":"text","content":"hi"}]`, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c gen.TemplateContent
			require.NoError(t, json.Unmarshal([]byte(tc.raw), &c))
			got, ok := contentString(&c)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
			if ok {
				decoded, err := c.AsTemplateContent0()
				require.NoError(t, err)
				assert.Equal(t, decoded, got, "the same as the generated decoder")
			}
		})
	}
}

// rawJSONString reads a JSON string without escapes and leaves every other JSON to a decoder.
func TestRawJSONString(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want string
		ok   bool
	}{
		{`"user-1"`, "user-1", true},
		{`""`, "", true},
		{`"Zoë"`, "Zoë", true},
		{`"a\"b"`, "", false},
		{`"\u00e9"`, "", false},
		{"\"\xff\"", "", false}, // not UTF-8: the decoder's U+FFFD is the answer
		{`{"subscriberId":"x"}`, "", false},
		{`["a"]`, "", false},
		{`12`, "", false},
		{`"`, "", false},
	} {
		got, ok := rawJSONString([]byte(tc.raw))
		assert.Equal(t, tc.ok, ok, tc.raw)
		assert.Equal(t, tc.want, got, tc.raw)
		if ok {
			var decoded string
			require.NoError(t, json.Unmarshal([]byte(tc.raw), &decoded))
			assert.Equal(t, decoded, got, "the same as a decoder")
		}
	}
}
