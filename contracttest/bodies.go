package contracttest

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// validValue builds a minimal value that satisfies schema: required properties only, strings
// named with the run prefix (so anything a faulty target wrongly creates is recognisable and
// collides with nothing), the first enum value, the documented example for patterned or
// formatted strings. depth bounds recursion through self-referencing schemas.
func (t *T) validValue(name string, ref *openapi3.SchemaRef, depth int) any {
	if ref == nil || ref.Value == nil || depth > 6 {
		return nil
	}
	s := ref.Value
	switch {
	case len(s.Enum) > 0:
		return s.Enum[0]
	case len(s.OneOf) > 0:
		return t.validValue(name, s.OneOf[0], depth+1)
	case len(s.AnyOf) > 0:
		return t.validValue(name, s.AnyOf[0], depth+1)
	case len(s.AllOf) > 0:
		return t.validValue(name, s.AllOf[0], depth+1)
	}
	switch {
	case s.Type.Is("string"):
		if s.Format == "email" {
			return t.r.prefix + "probe@example.com"
		}
		if (s.Pattern != "" || s.Format != "") && s.Example != nil {
			return s.Example
		}
		v := t.r.prefix + strings.ToLower(name)
		if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
			v = v[:*s.MaxLength]
		}
		return v
	case s.Type.Is("integer"), s.Type.Is("number"):
		if s.Min != nil {
			return *s.Min
		}
		return 1
	case s.Type.Is("boolean"):
		return false
	case s.Type.Is("array"):
		if s.MinItems > 0 {
			return []any{t.validValue(name, s.Items, depth+1)}
		}
		return []any{}
	default: // object or untyped
		m := map[string]any{}
		for _, req := range s.Required {
			m[req] = t.validValue(req, s.Properties[req], depth+1)
		}
		return m
	}
}

// mutation is one deliberately invalid variant of a valid request body.
type mutation struct {
	kind  string // the check it belongs to
	field string
	what  string
	body  map[string]any
}

// mutations derives the invalid variants of op's body from its schema: each required field
// left out, each typed field given another type, each enum field an unknown value, each
// length-limited field one character too many, each formatted field a malformed value.
func (t *T) mutations(op *specOp) []mutation {
	if op.Body == nil || !op.Body.Type.Is("object") {
		return nil
	}
	base, ok := t.validValue("body", openapi3.NewSchemaRef("", op.Body), 0).(map[string]any)
	if !ok {
		return nil
	}
	with := func(field string, v any, drop bool) map[string]any {
		m := make(map[string]any, len(base)+1)
		for k, bv := range base {
			m[k] = bv
		}
		if drop {
			delete(m, field)
		} else {
			m[field] = v
		}
		return m
	}
	var out []mutation
	for _, req := range op.Body.Required {
		out = append(out, mutation{"missing_required_rejected", req, "without " + req, with(req, nil, true)})
	}
	for _, field := range sortedKeys(op.Body.Properties) {
		ref := op.Body.Properties[field]
		if ref == nil || ref.Value == nil || ref.Value.ReadOnly {
			continue
		}
		s := ref.Value
		if wrong, ok := wrongType(s); ok {
			out = append(out, mutation{"wrong_type_rejected", field, field + " of the wrong type", with(field, wrong, false)})
		}
		if len(s.Enum) > 0 && s.Type.Is("string") {
			out = append(out, mutation{"bad_enum_rejected", field, field + " outside its enum", with(field, t.r.prefix+"not-a-value", false)})
		}
		if s.MaxLength != nil && *s.MaxLength < 100000 {
			out = append(out, mutation{"too_long_rejected", field, field + " one character too long", with(field, strings.Repeat("x", int(*s.MaxLength)+1), false)})
		}
		if s.Type.Is("string") && (s.Format == "email" || s.Pattern != "") && len(s.Enum) == 0 {
			out = append(out, mutation{"malformed_value_rejected", field, field + " malformed", with(field, "not a valid value!", false)})
		}
	}
	return out
}

// wrongType returns a value of a type the schema does not allow, for single-typed schemas
// (unions are left alone: any value might be one of their members).
func wrongType(s *openapi3.Schema) (any, bool) {
	if len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) > 0 || s.Type == nil || len(*s.Type) != 1 {
		return nil, false
	}
	switch {
	case s.Type.Is("string"):
		return 12345, true
	case s.Type.Is("integer"), s.Type.Is("number"), s.Type.Is("boolean"), s.Type.Is("array"):
		return map[string]any{"wrong": "type"}, true
	case s.Type.Is("object"):
		return "not an object", true
	}
	return nil, false
}

func sortedKeys(m openapi3.Schemas) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
