package mockserver_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTenants_CRUD(t *testing.T) {
	f := mustNewServer(t)
	envID := f.envID(f.Dev)
	notFound := func(id string) string {
		return fmt.Sprintf("Tenant with identifier: %s does not exist under environment %s", id, envID)
	}
	exists := func(id string) string {
		return fmt.Sprintf("Tenant with identifier: %s already exists under environment %s", id, envID)
	}
	r := f.dev("POST", "/v1/tenants", `{"identifier":"acme","name":"Acme","data":{"plan":"pro"}}`)
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	acme := r.Body["data"].(map[string]any)
	assert.Equal(t, "acme", acme["identifier"])
	assert.Equal(t, envID, acme["_environmentId"])
	require.Equal(t, http.StatusCreated, f.dev("POST", "/v1/tenants", `{"identifier":"globex","name":"Globex"}`).Status)

	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		message                  any
	}{
		{"duplicate", "POST", "/v1/tenants", `{"identifier":"acme","name":"Again"}`, 409, exists("acme")},
		// CreateTenantCommand's @IsNotEmpty @IsString answer (the DTO has no validators).
		{"empty name", "POST", "/v1/tenants", `{"identifier":"x","name":""}`, 400, []any{"name should not be empty"}},
		{"missing identifier", "POST", "/v1/tenants", `{"name":"x"}`, 400,
			[]any{"identifier should not be empty", "identifier must be a string"}},
		{"empty body", "POST", "/v1/tenants", `{}`, 400, []any{"identifier should not be empty", "identifier must be a string",
			"name should not be empty", "name must be a string"}},
		{"a number", "POST", "/v1/tenants", `{"identifier":5,"name":"x"}`, 400, []any{"identifier must be a string"}},
		{"get unknown", "GET", "/v1/tenants/nope", ``, 404, notFound("nope")},
		{"patch unknown", "PATCH", "/v1/tenants/nope", `{"name":"x"}`, 404, notFound("nope")},
		{"rename onto another", "PATCH", "/v1/tenants/acme", `{"identifier":"globex"}`, 409, exists("globex")},
		{"delete unknown", "DELETE", "/v1/tenants/nope", ``, 404, notFound("nope")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.dev(tc.method, tc.path, tc.body)
			require.Equal(t, tc.status, r.Status, r.Raw)
			if tc.message != nil {
				assert.Equal(t, tc.message, r.Body["message"])
			}
		})
	}
	t.Run("patch changes only what is sent, renaming keeps the _id", func(t *testing.T) {
		f.advance(2e9)
		r := f.dev("PATCH", "/v1/tenants/acme", `{"identifier":"acme-eu","data":{"plan":"business"}}`)
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		d := r.Body["data"].(map[string]any)
		assert.Equal(t, acme["_id"], d["_id"])
		assert.Equal(t, "Acme", d["name"])
		assert.Equal(t, map[string]any{"plan": "business"}, d["data"])
		assert.Equal(t, "2024-10-24T12:00:02.000Z", d["updatedAt"])
		assert.Equal(t, http.StatusNotFound, f.dev("GET", "/v1/tenants/acme", "").Status)
		assert.Equal(t, http.StatusOK, f.dev("GET", "/v1/tenants/acme-eu", "").Status)
		assert.Equal(t, http.StatusOK, f.dev("PATCH", "/v1/tenants/acme-eu", `{"identifier":"acme-eu"}`).Status, "renaming to itself is fine")
		list := f.dev("GET", "/v1/tenants", "").Body["data"].([]any)
		assert.Equal(t, "acme-eu", list[1].(map[string]any)["identifier"], "keeps its place in the list (newest first)")
	})
	t.Run("delete", func(t *testing.T) {
		r := f.dev("DELETE", "/v1/tenants/globex", "")
		require.Equal(t, http.StatusNoContent, r.Status, r.Raw)
		assert.Empty(t, r.Raw)
		assert.Equal(t, http.StatusNotFound, f.dev("GET", "/v1/tenants/globex", "").Status)
	})
}

// Novu's GetTenants sorts on createdAt: -1, so the newest tenant comes first and a rename
// (which keeps createdAt) keeps the tenant's place.
func TestTenants_ListPagination(t *testing.T) {
	f := mustNewServer(t)
	for i := range 15 {
		require.Equal(t, http.StatusCreated, f.dev("POST", "/v1/tenants", fmt.Sprintf(`{"identifier":"t%02d","name":"T"}`, i)).Status)
	}
	more, last := ptr(true), ptr(false)
	desc := func(from, n int) []string { ids := ids("t", from-n+1, n); slices.Reverse(ids); return ids }
	for _, tc := range []struct {
		query string
		want  page
	}{
		{"", page{desc(14, 10), 0, 10, more, nil}},
		{"?page=1", page{desc(4, 5), 1, 10, last, nil}},
		{"?page=1&limit=5", page{desc(9, 5), 1, 5, more, nil}},
		{"?page=2&limit=5", page{desc(4, 5), 2, 5, more, nil}},
		{"?page=3&limit=5", page{nil, 3, 5, last, nil}},
		{"?limit=1", page{[]string{"t14"}, 0, 1, more, nil}},
		{"?page=4&limit=4", page{nil, 4, 4, last, nil}},
		{"?page=3&limit=4", page{[]string{"t02", "t01", "t00"}, 3, 4, last, nil}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			assertPage(t, f.dev("GET", "/v1/tenants"+tc.query, ""), "identifier", tc.want)
		})
	}
	assert.Equal(t, http.StatusBadRequest, f.dev("GET", "/v1/tenants?limit=101", "").Status)
}

func TestTenants_EnvironmentIsolation(t *testing.T) {
	f := mustNewServer(t)
	require.Equal(t, http.StatusCreated, f.dev("POST", "/v1/tenants", `{"identifier":"acme","name":"Acme"}`).Status)
	prod := func(method, path, body string) rawResponse {
		return f.do(method, path, "ApiKey "+f.srv.ProdAPIKey(), body)
	}
	expectError(t, prod("GET", "/v1/tenants/acme", ""), http.StatusNotFound,
		fmt.Sprintf("Tenant with identifier: acme does not exist under environment %s", f.envID(f.Prod)))
	assert.Empty(t, prod("GET", "/v1/tenants", "").Body["data"])
	assert.Equal(t, http.StatusCreated, prod("POST", "/v1/tenants", `{"identifier":"acme","name":"Acme"}`).Status)
}

// TestTenants_UpdateIgnoresEmptyStrings: Novu's update-tenant use case sets name and the new
// identifier only when they are truthy, so "" changes nothing and the tenant stays reachable
// under its identifier.
func TestTenants_UpdateIgnoresEmptyStrings(t *testing.T) {
	f := mustNewServer(t)
	require.Equal(t, http.StatusCreated, f.dev("POST", "/v1/tenants", `{"identifier":"acme","name":"Acme"}`).Status)
	tests := []struct {
		name, body string
		want       map[string]any
	}{
		{"empty identifier", `{"identifier":""}`, map[string]any{"identifier": "acme", "name": "Acme"}},
		{"empty name", `{"name":""}`, map[string]any{"identifier": "acme", "name": "Acme"}},
		{"empty identifier beside a name", `{"identifier":"","name":"Acme Inc"}`, map[string]any{"identifier": "acme", "name": "Acme Inc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.dev("PATCH", "/v1/tenants/acme", tt.body)
			require.Equal(t, http.StatusOK, r.Status, r.Raw)
			got := f.dev("GET", "/v1/tenants/acme", "")
			require.Equal(t, http.StatusOK, got.Status, got.Raw)
			for _, answer := range []rawResponse{r, got} {
				d := answer.Body["data"].(map[string]any)
				assert.Equal(t, tt.want, map[string]any{"identifier": d["identifier"], "name": d["name"]})
			}
		})
	}
}
