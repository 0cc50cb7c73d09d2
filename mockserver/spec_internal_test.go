package mockserver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/specprune"
)

// The request-side document is generated; a spec edited without `make generate` would leave the
// pipeline validating against the old rules.
func TestRequestSpec_IsCurrent(t *testing.T) {
	spec, err := gen.GetSpecJSON()
	require.NoError(t, err)
	want, err := specprune.RequestSideJSON(spec)
	require.NoError(t, err)
	assert.True(t, string(want) == gen.RequestSpecJSON, "gen/requestspec.gen.go is stale: run make generate")
}

// The pipeline validates requests against the request-side document; it must hold every rule
// the whole document has for them: what ValidateRequest reads (parameters, body, security) and
// the x-novu-* policy the pipeline reads.
func TestRequestSideSpec_KeepsEveryRequestRule(t *testing.T) {
	full, err := loadFullSpec()
	require.NoError(t, err)
	req, err := loadSpec()
	require.NoError(t, err)
	assert.Less(t, len(req.Components.Schemas), len(full.Components.Schemas), "response-only schemas are pruned")
	assert.True(t, reflect.DeepEqual(full.Security, req.Security), "top-level security")
	assert.True(t, reflect.DeepEqual(full.Components.SecuritySchemes, req.Components.SecuritySchemes), "security schemes")

	for path, fullItem := range full.Paths.Map() {
		reqItem := req.Paths.Value(path)
		require.NotNil(t, reqItem, path)
		for method, fullOp := range fullItem.Operations() {
			t.Run(method+" "+path, func(t *testing.T) {
				reqOp := reqItem.GetOperation(method)
				require.NotNil(t, reqOp)
				assert.Positive(t, fullOp.Responses.Len())
				assert.Zero(t, reqOp.Responses.Len(), "responses are left to the self-check")
				for _, part := range []struct {
					name      string
					full, req any
				}{
					{"path parameters", fullItem.Parameters, reqItem.Parameters},
					{"parameters", fullOp.Parameters, reqOp.Parameters},
					{"request body", fullOp.RequestBody, reqOp.RequestBody},
					{"security", fullOp.Security, reqOp.Security},
					{"extensions", fullOp.Extensions, reqOp.Extensions},
					{"operation id", fullOp.OperationID, reqOp.OperationID},
				} {
					// DeepEqual follows the resolved $refs, so a pruned schema would show as a nil Value.
					if !reflect.DeepEqual(part.full, part.req) {
						t.Errorf("%s differ between the whole and the request-side spec", part.name)
					}
				}
			})
		}
	}
}

// The same requests pass or fail, with the same messages, on either document.
func TestRequestSideSpec_ValidatesLikeTheWholeSpec(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	routes, err := responseRoutes()
	require.NoError(t, err)
	tests := []struct {
		name, route, url, body string
		params                 map[string]string
		valid                  bool
	}{
		{name: "trigger", route: "POST /v1/events/trigger", url: "/v1/events/trigger", body: `{"name":"w","to":"ada"}`, valid: true},
		{name: "trigger without recipients", route: "POST /v1/events/trigger", url: "/v1/events/trigger", body: `{"name":"w"}`},
		{name: "trigger with a payload that is no object", route: "POST /v1/events/trigger", url: "/v1/events/trigger", body: `{"name":"w","to":"ada","payload":3}`},
		{name: "subscribers page", route: "GET /v1/subscribers", url: "/v1/subscribers?page=1&limit=20", valid: true},
		{name: "subscribers limit too large", route: "GET /v1/subscribers", url: "/v1/subscribers?limit=1000"},
		{name: "subscribers page not a number", route: "GET /v1/subscribers", url: "/v1/subscribers?page=x"},
		{name: "topic", route: "GET /v1/topics/:topicKey", url: "/v1/topics/news", params: map[string]string{"topicKey": "news"}, valid: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := s.ops[tc.route]
			require.NotNil(t, op)
			whole := *op
			whole.route = routes[op.id]
			require.NotNil(t, whole.route)
			check := func(o *operation) error {
				req := httptest.NewRequest(strings.Fields(tc.route)[0], tc.url, strings.NewReader(tc.body))
				if tc.body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				return validateRequest(context.Background(), req, o, tc.params, []byte(tc.body))
			}
			got, want := check(op), check(&whole)
			assert.Equal(t, tc.valid, want == nil, "the case tests what it says: %v", want)
			assert.Equal(t, errText(want), errText(got))
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// The self-check validates answers against the whole spec (the request-side one has no
// responses, and kin-openapi passes anything for an operation without them).
func TestSelfCheck_ReportsAnAnswerThatBreaksTheSpec(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		body      string
		violation bool
	}{
		{"empty list", http.StatusOK, `{"data":[]}`, false},
		{"list that is not an array", http.StatusOK, `{"data":"none"}`, true},
		{"integration without its fields", http.StatusOK, `{"data":[{"_id":"x"}]}`, true},
		{"undocumented status", http.StatusTeapot, `{}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var reported []error
			s, err := New(Options{ValidateResponses: true, OnResponseViolation: func(_, _ string, _ int, err error) {
				reported = append(reported, err)
			}})
			require.NoError(t, err)
			op := s.ops["GET /v1/integrations"]
			require.NotNil(t, op)
			c := s.echo.NewContext(httptest.NewRequest(http.MethodGet, "/v1/integrations", nil), httptest.NewRecorder())
			answer := func(c echo.Context) error { return c.JSONBlob(tc.status, []byte(tc.body)) }
			// As in the server, the answer is held by bufferResponses, where the check reads it.
			checked := s.bufferResponses(func(c echo.Context) error { return s.checkResponse(c, op, answer) })
			require.NoError(t, checked(c))
			if tc.violation {
				assert.Len(t, reported, 1)
			} else {
				assert.Empty(t, reported)
			}
		})
	}
}

// The provider enums are referenced by no operation, so the request-side spec drops them; the
// catalogue comes from the generated enum types instead.
func TestKnownProvider(t *testing.T) {
	for id, want := range map[string]bool{
		"sendgrid": true, "twilio": true, "slack": true, "fcm": true, "novu": true, "clickatell": true,
		"": false, "SendGrid": false, "not-a-provider": false,
	} {
		assert.Equal(t, want, knownProvider(id), id)
	}
}
