package specprune

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRequestSide(t *testing.T) {
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
	RequestSide(tree)

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

func TestWithoutProse(t *testing.T) {
	doc := map[string]any{
		"info": map[string]any{"title": "t", "description": "prose"},
		"components": map[string]any{"schemas": map[string]any{
			// A property named like a prose key is a rule, not prose.
			"Thing": map[string]any{"description": "prose", "example": map[string]any{"a": 1}, "required": []any{"description"},
				"properties": map[string]any{"description": map[string]any{"type": "string", "summary": "prose"}}},
		}},
	}
	WithoutProse(doc)
	assert.Equal(t, map[string]any{
		"info": map[string]any{"title": "t"},
		"components": map[string]any{"schemas": map[string]any{
			"Thing": map[string]any{"required": []any{"description"},
				"properties": map[string]any{"description": map[string]any{"type": "string"}}},
		}},
	}, doc)
}
