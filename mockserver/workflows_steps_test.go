package mockserver_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allOn is preferenceSettings with every channel enabled, Novu's schema default.
var allOn = map[string]any{"email": true, "sms": true, "in_app": true, "chat": true, "push": true}

// withChannels is allOn with some channels changed.
func withChannels(changes map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range allOn {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

// TestWorkflows_PreferenceDefaults: preferenceSettings always reads back with all five channels,
// the ones not sent at their default (true).
func TestWorkflows_PreferenceDefaults(t *testing.T) {
	f := mustNewServer(t)
	id := mustCreateWorkflow(t, f, "Prefs", "")["_id"].(string)
	tests := []struct {
		name, method, path, body string
		want                     map[string]any
	}{
		{"create without", http.MethodPost, "/v1/workflows", "", allOn},
		{"create with some", http.MethodPost, "/v1/workflows", `,"preferenceSettings":{"sms":false}`,
			withChannels(map[string]any{"sms": false})},
		{"update sets the object as sent", http.MethodPut, "/v1/workflows/" + id, `{"preferenceSettings":{"email":false}}`,
			withChannels(map[string]any{"email": false})},
		{"update again: email back to default", http.MethodPut, "/v1/workflows/" + id, `{"preferenceSettings":{"push":false}}`,
			withChannels(map[string]any{"push": false})},
		{"update without keeps them", http.MethodPut, "/v1/workflows/" + id, `{"tags":["a"]}`,
			withChannels(map[string]any{"push": false})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if tt.method == http.MethodPost {
				body = fmt.Sprintf(`{"name":"w","notificationGroupId":%q,"steps":[]%s}`, generalGroup(t, f.dev), tt.body)
			}
			res := f.dev(tt.method, tt.path, body)
			require.Less(t, res.Status, 300, res.Raw)
			assert.Equal(t, tt.want, res.Body["data"].(map[string]any)["preferenceSettings"])
		})
	}
}

// TestWorkflows_StepDefaults: steps carry the schema defaults Novu fills in, and keep what was sent.
func TestWorkflows_StepDefaults(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		name, step string
		want       map[string]any
	}{
		{"nothing given", inAppStep, map[string]any{"active": true, "shouldStopOnFail": false, "filters": []any{}}},
		{"given values stay", `{"uuid":"u-1","active":false,"shouldStopOnFail":true,"template":{"type":"sms","content":"x"}}`,
			map[string]any{"active": false, "shouldStopOnFail": true, "filters": []any{}, "uuid": "u-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{http.MethodPost, http.MethodPut} {
				var res rawResponse
				if method == http.MethodPost {
					res = f.dev(method, "/v1/workflows", fmt.Sprintf(`{"name":"w","notificationGroupId":%q,"steps":[%s]}`,
						generalGroup(t, f.dev), tt.step))
				} else {
					id := mustCreateWorkflow(t, f, "w", "")["_id"].(string)
					res = f.dev(method, "/v1/workflows/"+id, `{"steps":[`+tt.step+`]}`)
				}
				require.Less(t, res.Status, 300, res.Raw)
				step := res.Body["data"].(map[string]any)["steps"].([]any)[0].(map[string]any)
				for k, v := range tt.want {
					assert.Equal(t, v, step[k], "%s %s", method, k)
				}
			}
		})
	}
}
