package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/novumock/novumock/gen"
)

// loadSpec is the embedded spec as the request pipeline needs it: everything that routes and
// validates requests, without the prose and without what only answers need. kin-openapi's
// decoder re-scans nested JSON at every level, so its cost grows with what it is given: the
// response schemas are about two thirds of the document, and `novumock serve` starts much
// sooner without them. The response self-check loads the whole document itself (loadFullSpec).
// The document is served unchanged (GET /openapi.yaml, /openapi.json). Loaded once per
// process: the result is only read, never modified.
var loadSpec = sync.OnceValues(func() (*openapi3.T, error) {
	return decodeSpec(true)
})

// loadFullSpec is the whole prose-free spec, responses included, for the --validate-responses
// self-check. It is loaded on the first checked answer, never when serving without the check.
var loadFullSpec = sync.OnceValues(func() (*openapi3.T, error) {
	return decodeSpec(false)
})

// decoding keeps the two loads apart, so that neither restores a GC setting the other changed.
var decoding sync.Mutex

// decodeSpec decodes the embedded spec, pruned to its request side when requestSide is set.
func decodeSpec(requestSide bool) (*openapi3.T, error) {
	decoding.Lock()
	defer decoding.Unlock()
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
	if requestSide {
		pruneToRequestSide(tree)
	}
	withoutProse(tree, false)
	doc, err := decodeTree(tree)
	if err != nil {
		return nil, err
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, fmt.Errorf("resolve spec: %w", err)
	}
	return doc, nil
}

// decodeTree decodes the paths and the components on two goroutines: they are independent
// halves of the document, and decoding is most of the fake's start-up time.
func decodeTree(tree map[string]any) (*openapi3.T, error) {
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

// httpMethods are the keys of a path item that hold operations.
var httpMethods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true,
}

// pruneToRequestSide drops every operation's responses, then every component that nothing
// left refers to (by $ref, transitively). What remains validates requests exactly as the whole
// document does. Security schemes are looked up by name rather than $ref, so they all stay.
func pruneToRequestSide(tree map[string]any) {
	paths, _ := tree["paths"].(map[string]any)
	for _, item := range paths {
		item, _ := item.(map[string]any)
		for method, op := range item {
			if op, ok := op.(map[string]any); ok && httpMethods[method] {
				delete(op, "responses")
			}
		}
	}
	components, _ := tree["components"].(map[string]any)
	if components == nil {
		return
	}
	var roots []any
	for k, v := range tree {
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
