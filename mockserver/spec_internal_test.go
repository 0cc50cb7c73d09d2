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
)

func TestPruneToRequestSide(t *testing.T) {
	ref := func(to string) map[string]any { return map[string]any{"$ref": "#/components/" + to} }
	tree := map[string]any{
		"paths": map[string]any{
			"/things/{id}": map[string]any{
				"parameters": []any{ref("parameters/Id")},
				"post": map[string]any{
					"x-novu-rate-limit": map[string]any{"category": "global"},
					"requestBody":       ref("requestBodies/Thing"),
					"responses":         map[string]any{"200": ref("responses/ThingOK")},
				},
			},
		},
		"components": map[string]any{
			"parameters":    map[string]any{"Id": map[string]any{"schema": ref("schemas/Id")}, "Unused": map[string]any{}},
			"requestBodies": map[string]any{"Thing": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": ref("schemas/Thing")}}}},
			"responses":     map[string]any{"ThingOK": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": ref("schemas/ThingEnvelope")}}}},
			"schemas": map[string]any{
				"Id":            map[string]any{"type": "string"},
				"Thing":         map[string]any{"properties": map[string]any{"part": ref("schemas/a~1b"), "tags": map[string]any{"items": ref("schemas/Tag")}}},
				"a/b":           map[string]any{"allOf": []any{ref("schemas/Thing")}}, // a cycle, and a name with an escaped "/"
				"Tag":           map[string]any{"type": "string"},
				"ThingEnvelope": map[string]any{"properties": map[string]any{"data": ref("schemas/Thing")}},
				"Orphan":        map[string]any{"type": "string"},
			},
			"securitySchemes": map[string]any{"ApiKey": map[string]any{"type": "apiKey"}},
		},
	}
	pruneToRequestSide(tree)

	op := tree["paths"].(map[string]any)["/things/{id}"].(map[string]any)["post"].(map[string]any)
	assert.NotContains(t, op, "responses")
	assert.Contains(t, op, "requestBody")
	assert.Contains(t, op, "x-novu-rate-limit")
	components := tree["components"].(map[string]any)
	names := func(kind string) []string {
		var out []string
		section, _ := components[kind].(map[string]any)
		for name := range section {
			out = append(out, name)
		}
		return out
	}
	assert.ElementsMatch(t, []string{"Id", "Thing", "a/b", "Tag"}, names("schemas"))
	assert.ElementsMatch(t, []string{"Id"}, names("parameters"))
	assert.ElementsMatch(t, []string{"Thing"}, names("requestBodies"))
	assert.NotContains(t, components, "responses", "a section left empty is dropped")
	assert.ElementsMatch(t, []string{"ApiKey"}, names("securitySchemes"), "security schemes are found by name, not $ref")
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
				return validateRequest(context.Background(), req, o, tc.params)
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
			require.NoError(t, s.checkResponse(c, op, answer))
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
