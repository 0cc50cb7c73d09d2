// Package specprune cuts the embedded OpenAPI document down to what the fake's request pipeline
// reads. kin-openapi's decoder re-scans nested JSON at every level, so decoding costs grow
// with the document: the prose and the response side are most of it, and neither is needed to
// route and validate a request. `make generate` stores the request-side document in gen (see
// internal/cmd/requestspec) so `novumock serve` does none of this work at start-up.
package specprune

import (
	"encoding/json"
	"strings"
)

// RequestSideJSON is spec (the whole document as JSON) without prose, without any operation's
// responses and without the components nothing left refers to.
func RequestSideJSON(spec []byte) ([]byte, error) {
	return rewrite(spec, RequestSide, WithoutProse)
}

// WithoutProseJSON is spec (the whole document as JSON) without descriptions, summaries and
// examples.
func WithoutProseJSON(spec []byte) ([]byte, error) { return rewrite(spec, WithoutProse) }

// rewrite decodes a JSON document, applies steps in order and encodes it again.
func rewrite(spec []byte, steps ...func(map[string]any)) ([]byte, error) {
	var tree map[string]any
	if err := json.Unmarshal(spec, &tree); err != nil {
		return nil, err
	}
	for _, step := range steps {
		step(tree)
	}
	return json.Marshal(tree)
}

// proseKeys carry no rule the fake checks.
var proseKeys = map[string]bool{"description": true, "summary": true, "example": true, "examples": true}

// nameMaps are the objects whose keys are names chosen by the spec's author (a property may
// well be called "description"), so their keys are never dropped.
var nameMaps = map[string]bool{
	"properties": true, "schemas": true, "responses": true, "parameters": true, "headers": true,
	"requestBodies": true, "securitySchemes": true, "paths": true, "content": true, "encoding": true,
	"links": true, "callbacks": true, "variables": true, "mapping": true,
}

// WithoutProse drops descriptions, summaries and examples from a decoded JSON document, in place.
func WithoutProse(doc map[string]any) { withoutProse(doc, false) }

func withoutProse(v any, named bool) {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if !named && proseKeys[k] {
				delete(t, k)
				continue
			}
			withoutProse(child, !named && nameMaps[k])
		}
	case []any:
		for _, child := range t {
			withoutProse(child, false)
		}
	}
}

// httpMethods are the keys of a path item that hold operations.
var httpMethods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true,
}

// RequestSide drops every operation's responses from a decoded JSON document, then every
// component that nothing left refers to (by $ref, transitively), in place. What remains
// validates requests exactly as the whole document does. Security schemes are looked up by
// name rather than $ref, so they all stay.
func RequestSide(doc map[string]any) {
	paths, _ := doc["paths"].(map[string]any)
	for _, item := range paths {
		item, _ := item.(map[string]any)
		for method, op := range item {
			if op, ok := op.(map[string]any); ok && httpMethods[method] {
				delete(op, "responses")
			}
		}
	}
	components, _ := doc["components"].(map[string]any)
	if components == nil {
		return
	}
	var roots []any
	for k, v := range doc {
		if k != "components" {
			roots = append(roots, v)
		}
	}
	roots = append(roots, components["securitySchemes"])
	kept := reachable(components, roots)
	for kind, section := range components {
		section, ok := section.(map[string]any)
		if !ok || kind == "securitySchemes" {
			continue
		}
		for name := range section {
			if !kept[kind+"/"+name] {
				delete(section, name)
			}
		}
		if len(section) == 0 {
			delete(components, kind)
		}
	}
}

// reachable is the set of components ("schemas/Name") that roots refer to, directly or through
// other components.
func reachable(components map[string]any, roots []any) map[string]bool {
	kept := map[string]bool{}
	queue := roots
	for len(queue) > 0 {
		v := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		switch t := v.(type) {
		case map[string]any:
			for k, child := range t {
				ref, isRef := child.(string)
				if k != "$ref" || !isRef {
					queue = append(queue, child)
					continue
				}
				pointer, local := strings.CutPrefix(ref, "#/components/")
				kind, name, _ := strings.Cut(pointer, "/")
				name = pointerUnescaper.Replace(name)
				if !local || kept[kind+"/"+name] {
					continue
				}
				kept[kind+"/"+name] = true
				if section, ok := components[kind].(map[string]any); ok {
					queue = append(queue, section[name])
				}
			}
		case []any:
			queue = append(queue, t...)
		}
	}
	return kept
}

// pointerUnescaper decodes a JSON-pointer token (RFC 6901: "~1" is "/", "~0" is "~").
var pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
