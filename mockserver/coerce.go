package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
)

// stringBooleanExt marks a request-body property whose "true"/"false" strings Novu turns into
// booleans before it validates (its TransformToBoolean decorator); validation here runs on the
// JSON, so the body is rewritten first.
const stringBooleanExt = "x-novu-string-boolean"

// stringBooleanPaths lists the object paths of op's JSON body (e.g. ["credentials", "secure"])
// that carry stringBooleanExt. Only nested objects are followed: no marked property sits in an
// array.
func stringBooleanPaths(op *openapi3.Operation) [][]string {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	schema := bodySchema(op.RequestBody.Value)
	if schema == nil {
		return nil
	}
	var out [][]string
	var walk func(s *openapi3.Schema, path []string, depth int)
	walk = func(s *openapi3.Schema, path []string, depth int) {
		if s == nil || depth > 8 { // a recursive schema has nothing marked below this depth
			return
		}
		for name, ref := range s.Properties {
			if ref == nil || ref.Value == nil {
				continue
			}
			p := append(path[:len(path):len(path)], name)
			if marked, _ := ref.Value.Extensions[stringBooleanExt].(bool); marked {
				out = append(out, p)
				continue
			}
			walk(ref.Value, p, depth+1)
		}
	}
	walk(schema, nil, 0)
	return out
}

// coerceStringBooleans rewrites "true"/"false" to true/false at op's marked paths. A body that
// is not a JSON object, or has nothing to change, is left as it came, for validation to judge.
func coerceStringBooleans(req *http.Request, body []byte, paths [][]string) {
	if len(paths) == 0 || len(body) == 0 {
		return
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // numbers pass through digit for digit
	if dec.Decode(&doc) != nil || dec.More() {
		return
	}
	changed := false
	for _, p := range paths {
		parent := doc
		for _, key := range p[:len(p)-1] {
			next, ok := parent[key].(map[string]any)
			if !ok {
				parent = nil
				break
			}
			parent = next
		}
		if parent == nil {
			continue
		}
		switch parent[p[len(p)-1]] {
		case "true":
			parent[p[len(p)-1]], changed = true, true
		case "false":
			parent[p[len(p)-1]], changed = false, true
		}
	}
	if !changed {
		return
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return
	}
	setJSONBody(req, out)
}
