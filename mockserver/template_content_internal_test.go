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
