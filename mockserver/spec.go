package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
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
	// Decoding allocates a lot of short-lived garbage; collecting it mid-way only slows start-up.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	raw, err := gen.GetSpecJSON()
	if err != nil {
		return nil, err
	}
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	withoutProse(tree, false)
	doc, err := decodeSpec(tree)
	if err != nil {
		return nil, err
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, fmt.Errorf("resolve spec: %w", err)
	}
	return doc, nil
})

// decodeSpec decodes the paths and the components on two goroutines: they are independent
// halves of the document, and decoding is most of the fake's start-up time.
func decodeSpec(tree map[string]any) (*openapi3.T, error) {
	var paths openapi3.Paths
	var components openapi3.Components
	var wg sync.WaitGroup
	errs := make([]error, 2)
	decode := func(i int, part any, into any) {
		defer wg.Done()
		data, err := json.Marshal(part)
		if err == nil {
			err = json.Unmarshal(data, into)
		}
		errs[i] = err
	}
	wg.Add(2)
	go decode(0, tree["paths"], &paths)
	go decode(1, tree["components"], &components)
	delete(tree, "paths")
	delete(tree, "components")
	var doc openapi3.T
	rest, err := json.Marshal(tree)
	if err == nil {
		err = json.Unmarshal(rest, &doc)
	}
	wg.Wait()
	if err := errors.Join(append(errs, err)...); err != nil {
		return nil, fmt.Errorf("decode spec: %w", err)
	}
	doc.Paths, doc.Components = &paths, &components
	return &doc, nil
}

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
