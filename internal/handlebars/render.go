package handlebars

import (
	"fmt"
	"maps"
	"strings"
)

// helpers are the helpers a render sees: Handlebars' built-ins and Novu's.
var helpers = func() map[string]helperFunc {
	m := maps.Clone(builtinHelpers)
	maps.Copy(m, novuHelpers)
	return m
}()

// Render is Novu's CompileTemplate.execute: the template rendered over data with Novu's
// helpers, then every "&#x27;" (Handlebars' escaped apostrophe, and any the template wrote)
// turned back into "'". A template that does not parse, or fails while rendering (a missing
// helper, a partial, a helper given what it cannot handle), is an error whose message is what
// Novu reports where it has the same cause.
func Render(src string, data any) (string, error) {
	t, err := Parse(src)
	if err != nil {
		return "", err
	}
	return t.Render(data)
}

// Render renders the template over data (see the package function Render). data is read as
// JSON values; a struct or typed map is read through its JSON encoding.
func (t *Template) Render(data any) (out string, err error) {
	defer func() {
		if r := recover(); r != nil { // a bug here must cost one message, not the server
			out, err = "", fmt.Errorf("handlebars: internal error: %v", r)
		}
	}()
	ctx := normalize(data)
	ev := &evaluator{helpers: helpers}
	s := scope{ctx: ctx, depths: []any{ctx}, data: &frame{root: ctx}}
	var b strings.Builder
	if err := ev.program(t.prog, s, &b); err != nil {
		return "", err
	}
	return strings.ReplaceAll(b.String(), "&#x27;", "'"), nil
}

// Values converts data into the JSON values a render reads (a struct or a typed map through
// its JSON encoding). Render does this itself; a caller rendering several templates over the
// same data converts once, and the renders then only walk it.
func Values(data any) any { return normalize(data) }

// Converted is an object whose values Values answered, or that are JSON values themselves (a
// string set in it afterwards): Render reads it as it is, where a plain map is walked to check
// every value, nested ones included, on every render. Holding anything else (a struct, an int)
// breaks that promise: the render reads such a value as undefined, or fails.
type Converted map[string]any
