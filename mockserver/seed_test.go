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

// TestSeed_IDsNeverRepeat: no id is handed out twice in one process, not even after a reset
// (which starts the same seeded sequence of names and keys again), so a client holding an id
// from before the reset gets 404, never another object; a fixed seed still repeats run to run.
func TestSeed_IDsNeverRepeat(t *testing.T) {
	run := func() (first, second []string) {
		f := mustNewServer(t, func(o *mockserver.Options) { o.Seed = 3 })
		round := func() []string {
			k := &dkit{t: t, f: f, auth: "ApiKey " + f.DevKey}
			env := f.dev("GET", "/v1/environments/me", "").Body["data"].(map[string]any)
			k.subscriber("u1", nil)
			sub := f.dev("GET", "/v1/subscribers/u1", "").Body["data"].(map[string]any)
			name, wfID := k.workflow("Welcome", nil, inAppTpl("hi"))
			k.trigger(obj{"name": name, "to": "u1"})
			msg := k.feed("u1")[0].(obj)
			return []string{env["_id"].(string), sub["_id"].(string), wfID, msg["_id"].(string)}
		}
		first = round()
		require.Equal(t, http.StatusNoContent, f.do(http.MethodPost, "/_novumock/reset", "", "").Status)
		second = round()
		assert.Equal(t, http.StatusNotFound, f.dev("GET", "/v1/workflows/"+first[2], "").Status,
			"an id from before the reset names nothing")
		return first, second
	}
	first, second := run()
	for _, id := range first {
		assert.NotContains(t, second, id)
	}
	again1, again2 := run()
	assert.Equal(t, first, again1, "the same seed gives the same ids")
	assert.Equal(t, second, again2)
}
