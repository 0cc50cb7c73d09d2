package jsonnull_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/internal/jsonnull"
)

type ref struct {
	ID   string `json:"_id"`
	Name string `json:"name,omitempty"`
}

// refHolder is how the generated types use Object: not a pointer, with omitempty.
type refHolder struct {
	Actor jsonnull.Object[ref] `json:"actor,omitempty"`
}

// The three states survive a round trip through both encoders the server uses.
func TestObject_RoundTrip(t *testing.T) {
	tests := []struct {
		name            string
		json            string
		specified, null bool
		value           *ref
	}{
		{"absent", `{}`, false, false, nil},
		{"null", `{"actor":null}`, true, true, nil},
		{"value", `{"actor":{"_id":"a1","name":"Bo"}}`, true, false, &ref{ID: "a1", Name: "Bo"}},
	}
	for _, tt := range tests {
		for _, c := range codecs {
			t.Run(tt.name+" "+c.name, func(t *testing.T) {
				var h refHolder
				require.NoError(t, c.unmarshal([]byte(tt.json), &h))
				assert.Equal(t, tt.specified, h.Actor.IsSpecified())
				assert.Equal(t, tt.null, h.Actor.IsNull())
				assert.Equal(t, tt.value, h.Actor.Get())
				out, err := c.marshal(h)
				require.NoError(t, err)
				assert.JSONEq(t, tt.json, string(out))
			})
		}
	}
}

func TestObject_Constructors(t *testing.T) {
	v := jsonnull.ObjectValue(ref{ID: "x"})
	assert.True(t, v.IsSpecified())
	assert.False(t, v.IsNull())
	assert.Equal(t, "x", v.Get().ID)
	n := jsonnull.ObjectNull[ref]()
	assert.True(t, n.IsSpecified())
	assert.True(t, n.IsNull())
	assert.Nil(t, n.Get())
	var absent jsonnull.Object[ref]
	assert.False(t, absent.IsSpecified())
	assert.Nil(t, absent.Get())
	var bad refHolder
	assert.Error(t, json.Unmarshal([]byte(`{"actor":"text"}`), &bad), "a string is not an object")
}
