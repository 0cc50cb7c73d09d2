package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuth_Failures(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		name, method, path, auth string
		wantMessage              string
		wantReason               bool
	}{
		{"missing header", "GET", "/v1/subscribers", "", "Missing authorization header", true},
		{"other scheme", "GET", "/v1/subscribers", "Token abc", `Invalid authentication scheme: "Token"`, true},
		{"lower-case scheme", "GET", "/v1/topics", "apikey " + f.DevKey, `Invalid authentication scheme: "apikey"`, true},
		{"empty key", "GET", "/v1/integrations", "ApiKey ", "Unauthorized", false},
		{"unknown key", "GET", "/v1/integrations", "ApiKey nope", "API Key not found", true},
		{"bearer", "GET", "/v1/integrations", "Bearer abc.def.ghi", "Unauthorized", false},
		{"dashboard only", "POST", "/v1/environments/api-keys/regenerate", "ApiKey " + f.DevKey, "API endpoint not available", true},
		{"dashboard only in-app status", "GET", "/v1/integrations/in-app/status", "ApiKey " + f.DevKey, "API endpoint not available", true},
		{"production on development-only", "POST", "/v1/workflows", "ApiKey " + f.srv.ProdAPIKey(), "This action is only allowed in Development environment", true},
		{"production on overrides", "GET", "/v1/workflow-overrides", "ApiKey " + f.srv.ProdAPIKey(), "This action is only allowed in Development environment", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.do(tt.method, tt.path, tt.auth, "")
			require.Equal(t, http.StatusUnauthorized, res.Status, res.Raw)
			assert.Equal(t, tt.wantMessage, res.Body["message"])
			assert.EqualValues(t, 401, res.Body["statusCode"])
			assert.Equal(t, tt.path, res.Body["path"])
			assert.NotEmpty(t, res.Body["timestamp"])
			if tt.wantReason {
				assert.Equal(t, "Unauthorized", res.Body["error"])
			} else {
				assert.NotContains(t, res.Body, "error")
			}
			// Auth runs before rate limiting: a 401 never spends or reports a bucket.
			assert.Empty(t, res.Header.Get("RateLimit-Remaining"))
		})
	}
}

func TestAuth_ProductionKeyWorksOnSharedEndpoints(t *testing.T) {
	f := mustNewServer(t)
	res := f.do("GET", "/v1/environments/me", "ApiKey "+f.srv.ProdAPIKey(), "")
	require.Equal(t, http.StatusOK, res.Status)
	data := res.Body["data"].(map[string]any)
	assert.Equal(t, "Production", data["name"])
	assert.NotEmpty(t, data["_parentId"], "Production's parent is Development")
}

func TestRouting_UnknownRouteIsNestNotFound(t *testing.T) {
	f := mustNewServer(t)
	for _, tt := range []struct{ method, path, want string }{
		{"GET", "/v1/nope", "Cannot GET /v1/nope"},
		{"DELETE", "/v1/subscribers", "Cannot DELETE /v1/subscribers"},
		{"GET", "/", "Cannot GET /"},
	} {
		res := f.dev(tt.method, tt.path, "")
		assert.Equal(t, http.StatusNotFound, res.Status)
		assert.Equal(t, tt.want, res.Body["message"])
		assert.Equal(t, "Not Found", res.Body["error"])
	}
}

// TestAuth_DashboardOnlyEndpoints: facts §2.5 lists the endpoints no API key reaches; each
// answers 401 API endpoint not available with either key, before its body is validated.
func TestAuth_DashboardOnlyEndpoints(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct{ method, path, body string }{
		{"POST", "/v1/environments", `{"name":"Staging"}`},
		{"PUT", "/v1/environments/64a2f0c1e4b0a1b2c3d4e5f6", `{"name":"Staging"}`},
		{"POST", "/v1/environments/api-keys/regenerate", ""},
		{"GET", "/v1/integrations/email/limit", ""},
		{"GET", "/v1/integrations/in-app/status", ""},
		{"POST", "/v1/events/test/email", `{"contentType":"customHtml","payload":{},"subject":"Hi","content":"<p>Hi</p>","to":"ada@example.com"}`},
		{"POST", "/v1/events/test/email", `{}`},
	}
	for _, tt := range tests {
		for _, key := range []string{f.DevKey, f.srv.ProdAPIKey()} {
			t.Run(tt.method+" "+tt.path, func(t *testing.T) {
				res := f.do(tt.method, tt.path, "ApiKey "+key, tt.body)
				require.Equal(t, http.StatusUnauthorized, res.Status, res.Raw)
				assert.Equal(t, "API endpoint not available", res.Body["message"])
				assert.Equal(t, "Unauthorized", res.Body["error"])
			})
		}
	}
}
