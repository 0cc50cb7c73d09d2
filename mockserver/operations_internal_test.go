package mockserver

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/internal/novuext"
)

// The rate-limit and body-limit rules come from the spec's document-level extensions.
func TestPolicyFromSpecExtensions(t *testing.T) {
	doc, err := loadSpec()
	require.NoError(t, err)
	ops, err := operations(doc)
	require.NoError(t, err)
	for route, want := range map[string]int64{
		"POST /v1/subscribers":                          100 << 10,
		"POST /v1/events/trigger":                       20 << 20,
		"PUT /v1/workflows/:workflowId":                 20 << 20,
		"POST /v1/notification-templates":               20 << 20,
		"POST /v1/layouts":                              20 << 20,
		"POST /v1/integrations":                         100 << 10,
		"PUT /v1/subscribers/:subscriberId/credentials": 100 << 10,
	} {
		require.Contains(t, ops, route)
		assert.Equal(t, want, ops[route].bodyLimit, route)
	}

	rates, err := novuext.RatePolicyOf(doc)
	require.NoError(t, err)
	assert.Equal(t, "off, free, pro, business, enterprise, unlimited", rates.LevelNames())
	assert.Equal(t, 3000, rates.Levels["unlimited"]["global"])
	assert.True(t, rates.ValidLevel("off"))
	assert.False(t, rates.ValidLevel("gold"))

	_, err = operations(&openapi3.T{Paths: openapi3.NewPaths(), Extensions: map[string]any{}})
	assert.ErrorContains(t, err, "x-novu-body-limits")
}
