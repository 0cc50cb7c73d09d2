// Package jsondiff compares two answers to the same request from two API deployments, after
// masking what legitimately differs between them: generated ids, timestamps, keys, and the
// order of lists whose order means nothing. It is what `novumock diff` reports with, and knows
// nothing of Novu's operations (the scenario says which lists are unordered).
package jsondiff

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Verdict is how two answers compare, from the most to the least severe difference.
type Verdict string

const (
	Same          Verdict = "same"
	DiffersStatus Verdict = "differs in status"
	DiffersShape  Verdict = "differs in body shape"
	DiffersValues Verdict = "differs in values"
)

// Masking says what to hide before comparing.
type Masking struct {
	// Keys are object members whose values are masked wherever they appear (e.g. _id,
	// createdAt): their values differ between any two deployments.
	Keys []string
	// Secrets are exact strings (API keys) replaced with <secret> wherever they appear.
	Secrets []string
	// Drop are members removed before comparing wherever they appear: what one side adds
	// that carries nothing (mongoose's version key __v).
	Drop []string
	// Aliases maps a member to a sibling it may repeat (mongoose's virtual id of _id): the
	// member is removed where its value equals the sibling's.
	Aliases map[string]string
	// Redact are members RedactSecrets hides whole (an environment's apiKeys and their hashes).
	Redact []string
	// Unordered are paths (as Compare reports them, "data" or "data[].tags") of arrays whose
	// order carries no meaning; they are sorted before comparing.
	Unordered []string
}

var (
	objectID = regexp.MustCompile(`\b[0-9a-f]{24}\b`)
	uuid     = regexp.MustCompile(`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
	isoTime  = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\b`)
	// Novu's encrypted credentials: nvsk. and the ciphertext (nvsk.<iv>:<ciphertext> in Novu).
	encrypted = regexp.MustCompile(`\bnvsk\.[A-Za-z0-9+/=_:-]+`)
)

// Mask returns a copy of v (decoded JSON) with volatile values replaced by placeholders:
// members named in m.Keys become "<key name>", and inside every string ObjectIds become <id>,
// UUIDs <uuid>, ISO instants <time>, Novu's encrypted values <encrypted> and secrets <secret>.
func (m Masking) Mask(v any) any {
	keys := map[string]bool{}
	for _, k := range m.Keys {
		keys[k] = true
	}
	return m.mask(m.drop(v), keys, "")
}

// drop returns a copy of v without the members m.Drop and m.Aliases remove.
func (m Masking) drop(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if slices.Contains(m.Drop, k) {
				continue
			}
			if sib, ok := m.Aliases[k]; ok {
				if se, has := x[sib]; has && canonical(se) == canonical(e) {
					continue
				}
			}
			out[k] = m.drop(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = m.drop(e)
		}
		return out
	}
	return v
}

func (m Masking) mask(v any, keys map[string]bool, path string) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if keys[k] && e != nil {
				out[k] = "<" + k + ">"
				continue
			}
			out[k] = m.mask(e, keys, join(path, k))
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = m.mask(e, keys, path+"[]")
		}
		for _, u := range m.Unordered {
			if u == path {
				sort.SliceStable(out, func(i, j int) bool { return canonical(out[i]) < canonical(out[j]) })
			}
		}
		return out
	case string:
		for _, s := range m.Secrets {
			if s != "" {
				x = strings.ReplaceAll(x, s, "<secret>")
			}
		}
		x = encrypted.ReplaceAllString(x, "<encrypted>")
		x = uuid.ReplaceAllString(x, "<uuid>")
		x = objectID.ReplaceAllString(x, "<id>")
		return isoTime.ReplaceAllString(x, "<time>")
	}
	return v
}

// RedactSecrets returns a copy of v with only m.Secrets replaced, and the members named in
// m.Redact replaced by <redacted>, for showing an answer as it came without leaking a key.
func (m Masking) RedactSecrets(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if slices.Contains(m.Redact, k) {
				out[k] = "<redacted>"
				continue
			}
			out[k] = m.RedactSecrets(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = m.RedactSecrets(e)
		}
		return out
	case string:
		for _, s := range m.Secrets {
			if s != "" {
				x = strings.ReplaceAll(x, s, "<secret>")
			}
		}
		return x
	}
	return v
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func canonical(v any) string {
	b, _ := json.Marshal(v) // maps marshal with sorted keys
	return string(b)
}

// Difference is one place where two answers differ.
type Difference struct {
	Path string `json:"path"`
	// Kind is "only in a", "only in b", "type" or "value".
	Kind string `json:"kind"`
	A    string `json:"a,omitempty"`
	B    string `json:"b,omitempty"`
}

func (d Difference) String() string {
	switch d.Kind {
	case "only in a", "only in b":
		return fmt.Sprintf("%s: %s", d.Path, d.Kind)
	}
	return fmt.Sprintf("%s: %s %s vs %s", d.Path, d.Kind, d.A, d.B)
}

// Answer is one side's response: its status and decoded JSON body (nil when it had none).
type Answer struct {
	Status int
	Body   any
}

// Result is the comparison of two answers after masking.
type Result struct {
	Verdict     Verdict      `json:"verdict"`
	Differences []Difference `json:"differences,omitempty"`
}

// CompareShapes is Compare without the values: for answers that reflect state outside the
// scenario (every integration of the environment), where only the status and the members of
// what is listed can be expected to agree. A list of objects is compared as the union of its
// elements' member names (different elements hold different nested data, such as each
// provider's credentials); lengths and values are not compared.
func (m Masking) CompareShapes(a, b Answer) Result {
	r := m.Compare(Answer{a.Status, listShape(m.drop(a.Body))}, Answer{b.Status, listShape(m.drop(b.Body))})
	if r.Verdict == DiffersValues {
		return Result{Verdict: Same}
	}
	return r
}

// listShape replaces every list of objects with one object of the union of their members,
// each null; other lists become empty.
func listShape(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = listShape(e)
		}
		return out
	case []any:
		union := map[string]any{}
		for _, e := range x {
			o, ok := e.(map[string]any)
			if !ok {
				return []any{}
			}
			for k := range o {
				union[k] = nil
			}
		}
		if len(union) == 0 {
			return []any{}
		}
		return []any{union}
	}
	return v
}

// Compare masks both bodies and compares the answers: status first, then the shape (members
// present and JSON types), then the values. Differences lists what was found at the level of
// the verdict (shape differences for a shape verdict, value differences for a value verdict);
// a status verdict lists the body differences too, which explain it.
func (m Masking) Compare(a, b Answer) Result {
	ma, mb := m.Mask(a.Body), m.Mask(b.Body)
	var shape, values []Difference
	walk(ma, mb, "", &shape, &values)
	switch {
	case a.Status != b.Status:
		return Result{Verdict: DiffersStatus, Differences: append(shape, values...)}
	case len(shape) > 0:
		return Result{Verdict: DiffersShape, Differences: shape}
	case len(values) > 0:
		return Result{Verdict: DiffersValues, Differences: values}
	}
	return Result{Verdict: Same}
}

// maxDifferences bounds a result; a systematic difference shows in its first few.
const maxDifferences = 40

func walk(a, b any, path string, shape, values *[]Difference) {
	if len(*shape)+len(*values) >= maxDifferences {
		return
	}
	ta, tb := TypeOf(a), TypeOf(b)
	if ta != tb {
		*shape = append(*shape, Difference{Path: orRoot(path), Kind: "type", A: ta, B: tb})
		return
	}
	switch x := a.(type) {
	case map[string]any:
		y := b.(map[string]any)
		for _, k := range unionKeys(x, y) {
			if len(*shape)+len(*values) >= maxDifferences {
				return
			}
			ea, inA := x[k]
			eb, inB := y[k]
			p := join(path, k)
			switch {
			case !inB:
				*shape = append(*shape, Difference{Path: p, Kind: "only in a", A: short(ea)})
			case !inA:
				*shape = append(*shape, Difference{Path: p, Kind: "only in b", B: short(eb)})
			default:
				walk(ea, eb, p, shape, values)
			}
		}
	case []any:
		y := b.([]any)
		if len(x) != len(y) {
			*values = append(*values, Difference{Path: orRoot(path), Kind: "length", A: fmt.Sprint(len(x)), B: fmt.Sprint(len(y))})
		}
		for i := 0; i < min(len(x), len(y)); i++ {
			walk(x[i], y[i], fmt.Sprintf("%s[%d]", path, i), shape, values)
		}
	default:
		if canonical(a) != canonical(b) {
			*values = append(*values, Difference{Path: orRoot(path), Kind: "value", A: short(a), B: short(b)})
		}
	}
}

func orRoot(path string) string {
	if path == "" {
		return "(body)"
	}
	return path
}

// TypeOf names a decoded JSON value's type: object, array, string, number, boolean, null, or
// none for a missing body.
func TypeOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func short(v any) string {
	s := canonical(v)
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}
