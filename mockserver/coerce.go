package mockserver

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/novumock/novumock/internal/expressreq"
)

// stringBooleanExt marks a request-body property whose "true"/"false" strings Novu turns into
// booleans before it validates (its TransformToBoolean decorator); validation here runs on the
// JSON, so the body is rewritten first.
const stringBooleanExt = "x-novu-string-boolean"

// stringBooleanPaths lists the paths of op's JSON body (e.g. ["credentials", "secure"]) whose
// property carries stringBooleanExt.
func stringBooleanPaths(op *openapi3.Operation) [][]string {
	return bodyPaths(op, func(s *openapi3.Schema) bool {
		marked, _ := s.Extensions[stringBooleanExt].(bool)
		return marked
	})
}

// bodyPaths lists the paths of op's JSON body whose schema matches, for the rewrites that run
// before validation. It follows properties, array items ("[]" in a path stands for every item)
// and allOf/oneOf/anyOf, and stops at a match.
func bodyPaths(op *openapi3.Operation, match func(*openapi3.Schema) bool) [][]string {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	var out [][]string
	var walk func(s *openapi3.Schema, path []string, depth int)
	walk = func(s *openapi3.Schema, path []string, depth int) {
		if s == nil || depth > 8 { // recursive schemas (filter children) repeat below this depth
			return
		}
		if len(path) > 0 && match(s) {
			out = append(out, path)
			return
		}
		for name, ref := range s.Properties {
			if ref != nil {
				walk(ref.Value, append(path[:len(path):len(path)], name), depth+1)
			}
		}
		if s.Items != nil {
			walk(s.Items.Value, append(path[:len(path):len(path)], "[]"), depth+1)
		}
		for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, ref := range refs {
				if ref != nil {
					walk(ref.Value, path, depth+1)
				}
			}
		}
	}
	walk(bodySchema(op.RequestBody.Value), nil, 0)
	return out
}

// coerceStringBooleans rewrites "true"/"false" to true/false at op's marked paths. A body that
// is not a JSON object, or has nothing to change, is left as it came, for validation to judge.
// It answers the body as it is now.
func coerceStringBooleans(req *http.Request, body []byte, paths [][]string) []byte {
	if len(paths) == 0 || len(body) == 0 {
		return body
	}
	out, _ := expressreq.RewriteJSONBody(req, body, func(v any) (any, bool) {
		doc, ok := v.(map[string]any)
		if !ok {
			return v, false
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
		return doc, changed
	})
	return out
}

// objectIDPaths lists the paths of op's JSON body whose schema has the ObjectId pattern (e.g.
// ["steps", "[]", "_templateId"]).
func objectIDPaths(op *openapi3.Operation) [][]string {
	return bodyPaths(op, func(s *openapi3.Schema) bool { return isObjectIDPattern(s.Pattern) })
}

// lowerObjectIDs writes in lower case the ObjectIds written in upper-case hex at op's ObjectId
// paths, as lowerObjectIDParams does for paths: Novu's IsMongoId takes either case and MongoDB
// reads both as one id, so the spec's lower-case pattern passes and lookups find the entity.
// A body with no upper-case hex letter is not decoded at all. The answer is the body as it is
// left on req.
func lowerObjectIDs(req *http.Request, body []byte, paths [][]string) []byte {
	if len(paths) == 0 || !bytes.ContainsAny(body, "ABCDEF") {
		return body
	}
	out, _ := expressreq.RewriteJSONBody(req, body, func(doc any) (any, bool) {
		changed := false
		var lower func(v any, path []string) any
		lower = func(v any, path []string) any {
			if len(path) == 0 {
				if s, ok := v.(string); ok && len(s) == 24 && upperCaseHex(s) {
					changed = true
					return strings.ToLower(s)
				}
				return v
			}
			switch v := v.(type) {
			case map[string]any:
				if child, ok := v[path[0]]; ok && path[0] != "[]" {
					v[path[0]] = lower(child, path[1:])
				}
			case []any:
				if path[0] == "[]" {
					for i := range v {
						v[i] = lower(v[i], path[1:])
					}
				}
			}
			return v
		}
		for _, p := range paths {
			doc = lower(doc, p)
		}
		return doc, changed
	})
	return out
}
