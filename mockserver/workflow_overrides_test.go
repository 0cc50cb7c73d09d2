package mockserver_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustCreateTenant(t *testing.T, f *fake, identifier string) string {
	t.Helper()
	res := f.dev(http.MethodPost, "/v1/tenants", fmt.Sprintf(`{"identifier":%q,"name":"T"}`, identifier))
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	return res.Body["data"].(map[string]any)["_id"].(string)
}

func TestWorkflowOverrides(t *testing.T) {
	f := mustNewServer(t)
	wf := mustCreateWorkflow(t, f, "Alpha", "")["_id"].(string)
	tenant := mustCreateTenant(t, f, "acme")
	const none = "aaaaaaaaaaaaaaaaaaaaaaaa"
	create := func(w, tn string) string { return fmt.Sprintf(`{"workflowId":%q,"tenantId":%q}`, w, tn) }
	res := f.dev(http.MethodPost, "/v1/workflow-overrides", create(wf, tenant))
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	o := res.Body["data"].(map[string]any)
	id := o["_id"].(string)
	assert.Equal(t, wf, o["_workflowId"])
	assert.Equal(t, tenant, o["_tenantId"])
	assert.Equal(t, false, o["active"], "the schema's default when the request leaves it out")
	assert.Equal(t, allOn, o["preferenceSettings"], "all five channels, at their default")
	pair := "/v1/workflow-overrides/workflows/" + wf + "/tenants/" + tenant
	cases := []struct {
		name, method, path, body string
		status                   int
		message                  string
		check                    func(t *testing.T, data any)
	}{
		{"unknown tenant", http.MethodPost, "/v1/workflow-overrides", create(wf, none), 404, "Tenant with id " + none + " is not found", nil},
		{"unknown workflow", http.MethodPost, "/v1/workflow-overrides", create(none, tenant), 404, "Workflow with id " + none + " is not found", nil},
		{"second for the same pair", http.MethodPost, "/v1/workflow-overrides", create(wf, tenant), 409,
			"Workflow Override with workflow id " + wf + ", tenant id " + tenant + " already exists", func(t *testing.T, _ any) {
				res := f.dev(http.MethodGet, pair, "")
				require.Equal(t, http.StatusOK, res.Status, res.Raw)
				assert.Equal(t, id, res.Body["data"].(map[string]any)["_id"], "the first override stays")
			}},
		{"get", http.MethodGet, "/v1/workflow-overrides/" + id, "", 200, "", nil},
		{"get unknown", http.MethodGet, "/v1/workflow-overrides/" + none, "", 404, "Workflow Override with id " + none + " not found", nil},
		{"get by pair", http.MethodGet, pair, "", 200, "", nil},
		{"get by unknown pair", http.MethodGet, "/v1/workflow-overrides/workflows/" + wf + "/tenants/" + none, "", 404,
			"Workflow Override with workflow id " + wf + ", tenant id " + none + " not found", nil},
		{"list", http.MethodGet, "/v1/workflow-overrides?limit=1", "", 200, "", func(t *testing.T, data any) {
			assert.Len(t, data, 1)
		}},
		{"update", http.MethodPut, "/v1/workflow-overrides/" + id, `{"active":false,"preferenceSettings":{"email":false}}`, 200, "",
			func(t *testing.T, data any) {
				assert.Equal(t, false, data.(map[string]any)["active"])
				assert.Equal(t, withChannels(map[string]any{"email": false}), data.(map[string]any)["preferenceSettings"])
			}},
		{"update merges into the stored channels", http.MethodPut, "/v1/workflow-overrides/" + id, `{"preferenceSettings":{"sms":false}}`, 200, "",
			func(t *testing.T, data any) {
				assert.Equal(t, withChannels(map[string]any{"email": false, "sms": false}), data.(map[string]any)["preferenceSettings"])
			}},
		{"update unknown", http.MethodPut, "/v1/workflow-overrides/" + none, `{"active":true}`, 404, "Workflow override with id " + none + " not found", nil},
		{"update by pair", http.MethodPut, pair, `{"active":true}`, 200, "", func(t *testing.T, data any) {
			assert.Equal(t, true, data.(map[string]any)["active"])
		}},
		{"update by unknown pair", http.MethodPut, "/v1/workflow-overrides/workflows/" + none + "/tenants/" + tenant, `{}`, 404,
			"Workflow Override with workflow id " + none + ", tenant id " + tenant + " not found", nil},
		{"delete", http.MethodDelete, "/v1/workflow-overrides/" + id, "", 200, "", func(t *testing.T, data any) { assert.Equal(t, true, data) }},
		{"delete again", http.MethodDelete, "/v1/workflow-overrides/" + id, "", 404, "Workflow Override with id " + id + " not found", nil},
		{"gone by pair", http.MethodGet, pair, "", 404, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(c.method, c.path, c.body)
			expectAnswer(t, res, c.status, c.message)
			if c.check != nil {
				c.check(t, res.Body["data"])
			}
		})
	}
	t.Run("active as sent", func(t *testing.T) {
		other := mustCreateTenant(t, f, "initech")
		res := f.dev(http.MethodPost, "/v1/workflow-overrides", fmt.Sprintf(`{"workflowId":%q,"tenantId":%q,"active":true}`, wf, other))
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		assert.Equal(t, true, res.Body["data"].(map[string]any)["active"])
	})
	// The commands check ids after the DTO, in their own field names (_workflowId, _tenantId,
	// overrideId, _id), before any lookup.
	t.Run("malformed ids", func(t *testing.T) {
		tests := []struct {
			name, method, path, body string
			message                  []any
		}{
			{"tenant", http.MethodPost, "/v1/workflow-overrides", create(wf, "fake-tenant-identifier"), []any{"_tenantId must be a mongodb id"}},
			{"both", http.MethodPost, "/v1/workflow-overrides", create("wf", "tn"), []any{"_workflowId must be a mongodb id", "_tenantId must be a mongodb id"}},
			{"get by id", http.MethodGet, "/v1/workflow-overrides/bad", "", []any{"overrideId must be a mongodb id"}},
			{"update by id", http.MethodPut, "/v1/workflow-overrides/bad", `{}`, []any{"overrideId must be a mongodb id"}},
			{"delete", http.MethodDelete, "/v1/workflow-overrides/bad", "", []any{"_id must be a mongodb id"}},
			{"get by pair", http.MethodGet, "/v1/workflow-overrides/workflows/" + wf + "/tenants/acme", "", []any{"_tenantId must be a mongodb id"}},
			{"update by pair", http.MethodPut, "/v1/workflow-overrides/workflows/alpha/tenants/" + tenant, `{}`, []any{"_workflowId must be a mongodb id"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := f.dev(tt.method, tt.path, tt.body)
				assert.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
				assert.Equal(t, tt.message, res.Body["message"])
				assert.Equal(t, "Bad Request", res.Body["error"])
			})
		}
	})
	t.Run("list is style A", func(t *testing.T) {
		res := f.dev(http.MethodGet, "/v1/workflow-overrides?page=0&limit=5", "")
		assert.Equal(t, false, res.Body["hasMore"])
		assert.EqualValues(t, 5, res.Body["pageSize"])
	})
	t.Run("production key is refused everywhere", func(t *testing.T) {
		for _, r := range [][2]string{{http.MethodPost, "/v1/workflow-overrides"}, {http.MethodGet, "/v1/workflow-overrides"},
			{http.MethodGet, "/v1/workflow-overrides/" + id}, {http.MethodPut, "/v1/workflow-overrides/" + id},
			{http.MethodDelete, "/v1/workflow-overrides/" + id}, {http.MethodGet, pair}, {http.MethodPut, pair}} {
			res := f.prod(r[0], r[1], create(wf, tenant))
			assert.Equal(t, http.StatusUnauthorized, res.Status, r)
		}
	})
}
