package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
)

// prefWorkflow creates a Development workflow with an in-app and an e-mail step.
func prefWorkflow(t *testing.T, f *fake, name, extra string) map[string]any {
	t.Helper()
	email := `{"template":{"type":"email","subject":"Hi","content":"Hello"}}`
	body := fmt.Sprintf(`{"name":%q,"notificationGroupId":%q,"steps":[%s,%s]%s}`, name, generalGroup(t, f.dev), inAppStep, email, extra)
	res := f.dev(http.MethodPost, "/v1/workflows", body)
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	return res.Body["data"].(map[string]any)
}

func overrides(pairs ...string) []any {
	out := []any{}
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, map[string]any{"channel": pairs[i], "source": pairs[i+1]})
	}
	return out
}

func TestSubscribers_Preferences(t *testing.T) {
	f := mustNewServer(t)
	f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "user-1"})
	wf := prefWorkflow(t, f, "Digest", `,"active":true,"preferenceSettings":{"email":false,"in_app":true,"sms":true,"chat":true,"push":true}`)
	critical := prefWorkflow(t, f, "Security alert", `,"active":true,"critical":true`)
	prefWorkflow(t, f, "Inactive one", `,"active":false`)
	wfID := wf["_id"].(string)

	t.Run("list covers the active workflows with their step channels", func(t *testing.T) {
		r := f.dev("GET", "/v1/subscribers/user-1/preferences?includeInactiveChannels=false", "")
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		list := r.Body["data"].([]any)
		require.Len(t, list, 2)
		first := list[0].(map[string]any)
		assert.Equal(t, map[string]any{"_id": wfID, "name": "Digest", "critical": false, "triggers": []any{"digest"}}, first["template"])
		assert.Equal(t, map[string]any{"enabled": true, "channels": map[string]any{"in_app": true, "email": false},
			"overrides": overrides("in_app", "template", "email", "template")}, first["preference"])
		assert.Equal(t, true, list[1].(map[string]any)["template"].(map[string]any)["critical"])
		assert.Equal(t, critical["_id"], list[1].(map[string]any)["template"].(map[string]any)["_id"])
	})
	t.Run("subscriber's channel choice wins", func(t *testing.T) {
		r := f.dev("PATCH", "/v1/subscribers/user-1/preferences/"+wfID, `{"channel":{"type":"email","enabled":true}}`)
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		assert.Equal(t, map[string]any{"enabled": true, "channels": map[string]any{"in_app": true, "email": true},
			"overrides": overrides("in_app", "template", "email", "subscriber")}, r.Body["data"].(map[string]any)["preference"])
		r = f.dev("PATCH", "/v1/subscribers/user-1/preferences/"+wfID, `{"enabled":false}`)
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		p := r.Body["data"].(map[string]any)["preference"].(map[string]any)
		assert.Equal(t, false, p["enabled"])
		assert.Equal(t, true, p["channels"].(map[string]any)["email"], "the earlier choice is kept")
	})
	t.Run("update errors", func(t *testing.T) {
		for _, tc := range []struct {
			name, path, body string
			status           int
			message          any
		}{
			{"empty body once a preference exists", "/v1/subscribers/user-1/preferences/" + wfID, `{}`, 400,
				"In order to make an update you need to provider channel or enabled"},
			{"unknown subscriber", "/v1/subscribers/nobody/preferences/" + wfID, `{"enabled":true}`, 404, "Subscriber not found"},
			{"unknown workflow", "/v1/subscribers/user-1/preferences/64a2f0c1e4b0a1b2c3d4e5f6", `{"enabled":true}`, 404,
				"Template with id 64a2f0c1e4b0a1b2c3d4e5f6 is not found"},
			{"trigger identifier is not an id", "/v1/subscribers/user-1/preferences/digest", `{"enabled":true}`, 404,
				"Template with id digest is not found"},
			{"bad channel type", "/v1/subscribers/user-1/preferences/" + wfID, `{"channel":{"type":"fax","enabled":true}}`, 400, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := f.dev("PATCH", tc.path, tc.body)
				require.Equal(t, tc.status, r.Status, r.Raw)
				if tc.message != nil {
					assert.Equal(t, tc.message, r.Body["message"])
				}
			})
		}
	})
	t.Run("a first update may be empty: it creates an enabled preference", func(t *testing.T) {
		r := f.dev("PATCH", "/v1/subscribers/user-1/preferences/"+critical["_id"].(string), `{}`)
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		assert.Equal(t, true, r.Body["data"].(map[string]any)["preference"].(map[string]any)["enabled"])
	})
	t.Run("reads for an unknown subscriber", func(t *testing.T) {
		for _, path := range []string{"/v1/subscribers/nobody/preferences", "/v1/subscribers/nobody/preferences/global", "/v1/subscribers/nobody/preferences/template"} {
			expectError(t, f.dev("GET", path, ""), http.StatusNotFound, "Subscriber with id: nobody not found")
		}
	})
	t.Run("by level", func(t *testing.T) {
		r := f.dev("GET", "/v1/subscribers/user-1/preferences/template", "")
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		assert.Len(t, r.Body["data"], 2)
		r = f.dev("GET", "/v1/subscribers/user-1/preferences/bogus", "")
		expectError(t, r, http.StatusBadRequest, []any{"parameter must be one of the following values: global, template"})
	})
}

func TestSubscribers_GlobalPreferences(t *testing.T) {
	f := mustNewServer(t)
	f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "user-1"})
	global := func() map[string]any {
		r := f.dev("GET", "/v1/subscribers/user-1/preferences/global", "")
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		list := r.Body["data"].([]any)
		require.Len(t, list, 1)
		assert.NotContains(t, list[0], "template")
		return list[0].(map[string]any)["preference"].(map[string]any)
	}
	before := global()
	assert.Equal(t, true, before["enabled"])
	f.integration(f.Dev, "fcm", gen.ChannelTypePush, true)
	f.integration(f.Dev, "slack", gen.ChannelTypeChat, false)
	assert.Equal(t, true, global()["channels"].(map[string]any)["push"], "channels with an active integration are listed, on by default")
	assert.NotContains(t, global()["channels"], "chat", "no active chat integration")

	r := f.dev("PATCH", "/v1/subscribers/user-1/preferences", `{"enabled":false,"preferences":[{"type":"push","enabled":false}]}`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	p := r.Body["data"].(map[string]any)["preference"].(map[string]any)
	assert.Equal(t, false, p["enabled"])
	assert.Equal(t, false, p["channels"].(map[string]any)["push"])
	assert.Equal(t, p, global())

	r = f.dev("PATCH", "/v1/subscribers/user-1/preferences", `{"enabled":true}`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	p = r.Body["data"].(map[string]any)["preference"].(map[string]any)
	assert.Equal(t, true, p["enabled"])
	assert.Equal(t, false, p["channels"].(map[string]any)["push"], "channel choices are kept")

	expectError(t, f.dev("PATCH", "/v1/subscribers/nobody/preferences", `{"enabled":true}`), http.StatusNotFound, "Subscriber not found")
	assert.Equal(t, http.StatusBadRequest, f.dev("PATCH", "/v1/subscribers/user-1/preferences", `{"enabled":"yes"}`).Status)
	// Production's subscriber of the same id is someone else.
	f.subscriber(f.Prod, gen.CreateSubscriberRequest{SubscriberId: "user-1"})
	r = f.prod("GET", "/v1/subscribers/user-1/preferences/global", "")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Equal(t, true, r.Body["data"].([]any)[0].(map[string]any)["preference"].(map[string]any)["enabled"])
}

// TestSubscribers_PreferenceChannelsFollowSteps: a workflow's preference lists only the channels
// its steps use; switching off another channel changes nothing shown, and once a step of that
// channel is added, the stored choice shows (update-preference.e2e.ts and update-subscriber-
// preference.usecase.ts at v2.0.0, which stores it anyway; seen on a real v2.0.0).
func TestSubscribers_PreferenceChannelsFollowSteps(t *testing.T) {
	f := mustNewServer(t)
	f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "user-1"})
	wf := prefWorkflow(t, f, "Two channels", `,"active":true`)
	id := wf["_id"].(string)
	channels := func() any {
		res := f.dev(http.MethodGet, "/v1/subscribers/user-1/preferences", "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		for _, p := range res.Body["data"].([]any) {
			p := p.(map[string]any)
			if p["template"].(map[string]any)["_id"] == id {
				return p["preference"].(map[string]any)["channels"]
			}
		}
		t.Fatal("no preference for the workflow")
		return nil
	}
	both := map[string]any{"email": true, "in_app": true}
	require.Equal(t, both, channels())
	res := f.dev(http.MethodPatch, "/v1/subscribers/user-1/preferences/"+id, `{"channel":{"type":"sms","enabled":false}}`)
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	assert.Equal(t, both, channels(), "sms is not a channel of the workflow")

	steps := wf["steps"].([]any)
	steps = append(steps, map[string]any{"template": map[string]any{"type": "sms", "content": "Text"}})
	body, err := json.Marshal(map[string]any{"steps": steps})
	require.NoError(t, err)
	res = f.dev(http.MethodPut, "/v1/workflows/"+id, string(body))
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	assert.Equal(t, map[string]any{"email": true, "in_app": true, "sms": false}, channels(),
		"the sms step shows the choice made before it existed")
}
