package mockserver

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/novumock/novumock/gen"
)

// loadSpec is the embedded spec as the pipeline needs it: everything that routes and validates,
// without the prose. kin-openapi's loader re-scans nested JSON at every level, so loading the
// whole 300 kB document costs over 100 ms; dropping descriptions and examples first (a cheap
// generic pass) keeps `novumock serve` starting in a few tens of milliseconds. The document
// itself is served unchanged (GET /openapi.yaml, /openapi.json). Loaded once per process: the
// result is only read, never modified.
var loadSpec = sync.OnceValues(func() (*openapi3.T, error) {
	raw, err := gen.GetSpecJSON()
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	lean, err := json.Marshal(withoutProse(tree, false))
	if err != nil {
		return nil, err
	}
	var doc openapi3.T
	if err := json.Unmarshal(lean, &doc); err != nil {
		return nil, fmt.Errorf("decode spec: %w", err)
	}
	if err := openapi3.NewLoader().ResolveRefsIn(&doc, nil); err != nil {
		return nil, fmt.Errorf("resolve spec: %w", err)
	}
	return &doc, nil
})

// proseKeys carry no rule the pipeline checks.
var proseKeys = map[string]bool{"description": true, "summary": true, "example": true, "examples": true}

// nameMaps are the objects whose keys are names chosen by the spec's author (a property may
// well be called "description"), so their keys are never dropped.
var nameMaps = map[string]bool{
	"properties": true, "schemas": true, "responses": true, "parameters": true, "headers": true,
	"requestBodies": true, "securitySchemes": true, "paths": true, "content": true, "encoding": true,
	"links": true, "callbacks": true, "variables": true, "mapping": true,
}

func withoutProse(v any, named bool) any {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if !named && proseKeys[k] {
				delete(t, k)
				continue
			}
			t[k] = withoutProse(child, !named && nameMaps[k])
		}
	case []any:
		for i, child := range t {
			t[i] = withoutProse(child, false)
		}
	}
	return v
}
