package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

// TestSeed_Reproducible: the same seed and the same calls give the same ids and values.
func TestSeed_Reproducible(t *testing.T) {
	run := func(seed uint64) []string {
		f := mustNewServer(t, func(o *mockserver.Options) { o.Seed = seed })
		env := f.dev("GET", "/v1/environments/me", "").Body["data"].(map[string]any)
		sub := f.dev("POST", "/v1/subscribers", `{"subscriberId":"u1"}`)
		require.Equal(t, http.StatusCreated, sub.Status)
		integ := f.dev("POST", "/v1/integrations", `{"providerId":"sendgrid","channel":"email"}`)
		require.Equal(t, http.StatusCreated, integ.Status)
		org := f.dev("GET", "/v1/organizations/me", "").Body["data"].(map[string]any)
		return []string{env["_id"].(string), env["identifier"].(string), org["name"].(string),
			sub.Body["data"].(map[string]any)["_id"].(string), integ.Body["data"].(map[string]any)["identifier"].(string)}
	}
	assert.Equal(t, run(7), run(7))
	assert.NotEqual(t, run(7), run(8))
}
