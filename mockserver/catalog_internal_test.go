package mockserver

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/novumock/novumock/gen"
)

// TestProviderNames_MatchSpec keeps the display names and the spec's provider enums in step:
// every named id is one the spec lists, and every listed id but emailjs (which Novu's catalogue
// leaves out) has a name.
func TestProviderNames_MatchSpec(t *testing.T) {
	for id := range providerNames {
		assert.True(t, knownProvider(id), "%s is not in the spec's provider enums", id)
	}
	spec, err := gen.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range spec.Components.Schemas["ProviderId"].Value.Enum {
		if id := v.(string); id != "emailjs" {
			assert.Contains(t, providerNames, id)
		}
	}
}
