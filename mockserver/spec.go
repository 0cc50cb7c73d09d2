package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/specprune"
)

// loadSpec is the embedded spec as the request pipeline needs it: everything that routes and
// validates requests, and nothing else (no prose, no responses, no component only answers
// use). kin-openapi's decoder costs grow with what it is given, and that cut-down document,
// made once by `make generate` (gen.RequestSpecJSON), decodes in a fraction of the time the
// whole one takes, which is most of `novumock serve`'s start-up. The response self-check loads
// the whole document itself (loadFullSpec). The document is served unchanged (GET
// /openapi.yaml, /openapi.json). Loaded once per process: the result is only read, never
// modified.
var loadSpec = sync.OnceValues(func() (*openapi3.T, error) {
	return decodeSpec([]byte(gen.RequestSpecJSON))
})

// loadFullSpec is the whole spec without prose, responses included, for the
// --validate-responses self-check. It is loaded on the first checked answer, never when serving
// without the check.
var loadFullSpec = sync.OnceValues(func() (*openapi3.T, error) {
	raw, err := gen.GetSpecJSON()
	if err != nil {
		return nil, err
	}
	data, err := specprune.WithoutProseJSON(raw)
	if err != nil {
		return nil, err
	}
	return decodeSpec(data)
})

// decodeSpec decodes and resolves a JSON document. The paths and the components are decoded on
// two goroutines: they are independent halves of the document, and decoding is most of the
// fake's start-up time. It leaves the garbage collector alone (the package is embedded in users'
// tests); `novumock serve` turns collection off around New itself.
func decodeSpec(data []byte) (*openapi3.T, error) {
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(data, &parts); err != nil {
		return nil, fmt.Errorf("decode spec: %w", err)
	}
	var paths openapi3.Paths
	var components openapi3.Components
	var wg sync.WaitGroup
	errs := make([]error, 3)
	wg.Add(2)
	pathsJSON, componentsJSON := parts["paths"], parts["components"]
	delete(parts, "paths")
	delete(parts, "components")
	go func() { defer wg.Done(); errs[0] = json.Unmarshal(pathsJSON, &paths) }()
	go func() { defer wg.Done(); errs[1] = json.Unmarshal(componentsJSON, &components) }()
	var doc openapi3.T
	rest, err := json.Marshal(parts)
	if err == nil {
		err = json.Unmarshal(rest, &doc)
	}
	errs[2] = err
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("decode spec: %w", err)
	}
	doc.Paths, doc.Components = &paths, &components
	if err := openapi3.NewLoader().ResolveRefsIn(&doc, nil); err != nil {
		return nil, fmt.Errorf("resolve spec: %w", err)
	}
	return &doc, nil
}
