package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWorkflowGroups(t *testing.T) {
	f := mustNewServer(t)
	res := f.dev(http.MethodPost, "/v1/notification-groups", `{"name":"Product"}`)
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	id := res.Body["data"].(map[string]any)["_id"].(string)
	assert.Equal(t, id, res.Body["data"].(map[string]any)["id"], "single answers carry id beside _id")
	devGeneral := generalGroup(t, f.dev)
	assert.Equal(t, devGeneral, res.Body["data"].(map[string]any)["_parentId"], "the organization's first group")
	cases := []struct {
		name, method, path, body string
		status                   int
		check                    func(t *testing.T, res rawResponse)
	}{
		{"list has General and the new one", http.MethodGet, "/v1/notification-groups", "", 200, func(t *testing.T, res rawResponse) {
			assert.Len(t, res.Body["data"], 2)
			for _, g := range res.Body["data"].([]any) {
				assert.NotContains(t, g, "id", "the list is read lean, without virtuals")
			}
		}},
		{"get", http.MethodGet, "/v1/notification-groups/" + id, "", 200, func(t *testing.T, res rawResponse) {
			assert.Equal(t, "Product", res.Body["data"].(map[string]any)["name"])
			assert.Equal(t, id, res.Body["data"].(map[string]any)["id"])
		}},
		{"rename", http.MethodPatch, "/v1/notification-groups/" + id, `{"name":"Billing"}`, 200, func(t *testing.T, res rawResponse) {
			assert.Equal(t, "Billing", res.Body["data"].(map[string]any)["name"])
			assert.Equal(t, id, res.Body["data"].(map[string]any)["id"])
		}},
		{"create without name", http.MethodPost, "/v1/notification-groups", `{}`, 400, nil},
		{"get unknown", http.MethodGet, "/v1/notification-groups/aaaaaaaaaaaaaaaaaaaaaaaa", "", 404, nil},
		{"rename unknown", http.MethodPatch, "/v1/notification-groups/aaaaaaaaaaaaaaaaaaaaaaaa", `{"name":"x"}`, 404, nil},
		{"delete", http.MethodDelete, "/v1/notification-groups/" + id, "", 200, func(t *testing.T, res rawResponse) {
			assert.Equal(t, map[string]any{"acknowledged": true, "status": "deleted"}, res.Body["data"])
		}},
		{"delete again", http.MethodDelete, "/v1/notification-groups/" + id, "", 404, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(c.method, c.path, c.body)
			require.Equal(t, c.status, res.Status, res.Raw)
			if c.status == 404 {
				// A NotFoundException without text: no `error` reason in the body.
				assert.Equal(t, map[string]any{"statusCode": float64(404), "message": "Not Found",
					"path": c.path, "timestamp": res.Body["timestamp"]}, res.Body)
			}
			if c.check != nil {
				c.check(t, res)
			}
		})
	}
	t.Run("_parentId is the organization's first group", func(t *testing.T) {
		tests := []struct {
			name string
			send func(method, path, body string, headers ...string) rawResponse
		}{{"development", f.dev}, {"production", f.prod}}
		for _, tt := range tests {
			res := tt.send(http.MethodPost, "/v1/notification-groups", `{"name":"Ops"}`)
			require.Equal(t, http.StatusCreated, res.Status, res.Raw)
			assert.Equal(t, devGeneral, res.Body["data"].(map[string]any)["_parentId"], tt.name)
		}
	})
	t.Run("production's General points at development's", func(t *testing.T) {
		res := f.prod(http.MethodGet, "/v1/notification-groups/"+generalGroup(t, f.prod), "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		assert.Equal(t, devGeneral, res.Body["data"].(map[string]any)["_parentId"])
		res = f.dev(http.MethodGet, "/v1/notification-groups/"+devGeneral, "")
		assert.NotContains(t, res.Body["data"], "_parentId", "the root environment's General has no parent")
	})
	t.Run("environments are isolated", func(t *testing.T) {
		dev, prod := generalGroup(t, f.dev), generalGroup(t, f.prod)
		assert.NotEqual(t, dev, prod)
		assert.Equal(t, http.StatusNotFound, f.prod(http.MethodGet, "/v1/notification-groups/"+dev, "").Status)
		res := f.prod(http.MethodGet, "/v1/notification-groups", "")
		assert.Len(t, res.Body["data"], 2, "General and Ops")
	})
}
