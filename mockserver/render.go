package mockserver

import (
	"html"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/novumock/novumock/internal/jsonnull"
	"github.com/novumock/novumock/internal/jsvalue"
)

// The fake renders step templates with a deliberately small subset of Handlebars: `{{path}}`
// (HTML-escaped, as Handlebars does) and `{{{path}}}` (raw), where path is dotted
// (`payload.order.number`, `subscriber.firstName`, `step.events.length`). Anything else, such
// as block helpers, renders as nothing. Nothing is executed, so no template can do harm.

// render fills a template from vars (keys: payload, subscriber, actor, tenant, step).
//
// It scans instead of using a regexp (a trigger renders every message, and the regexp was a
// good part of its CPU), with the same matches as `\{\{\{\s*([^{}]*?)\s*\}\}\}|\{\{\s*([^{}]*?)\s*\}\}`:
// a tag is "{{{" or "{{", then no braces, then the matching closer; a tag that does not close
// is left as text and the scan moves on by one character (so "{{{a}}" renders as "{" + a).
func render(tmpl string, vars map[string]any) string {
	i := strings.Index(tmpl, "{{")
	if i < 0 {
		return tmpl
	}
	var b strings.Builder
	done := 0 // tmpl[:done] is already in b
	for i >= 0 {
		open, closer := 2, "}}"
		if strings.HasPrefix(tmpl[i+2:], "{") {
			open, closer = 3, "}}}"
		}
		start := i + open
		end := start + strings.IndexAny(tmpl[start:], "{}")
		if end >= start && strings.HasPrefix(tmpl[end:], closer) {
			out := renderPath(vars, trimMustacheSpace(tmpl[start:end]))
			if open == 2 {
				out = html.EscapeString(out)
			}
			if done == 0 && i == 0 && end+len(closer) == len(tmpl) {
				return out // the template is one tag
			}
			if b.Cap() == 0 {
				b.Grow(len(tmpl) + len(out))
			}
			b.WriteString(tmpl[done:i])
			b.WriteString(out)
			done = end + len(closer)
			i = done
		} else {
			i++ // a "{{{" that does not close may still start a "{{" one character on
		}
		if j := strings.Index(tmpl[i:], "{{"); j >= 0 {
			i += j
		} else {
			i = -1
		}
	}
	if done == 0 {
		return tmpl
	}
	b.WriteString(tmpl[done:])
	return b.String()
}

// trimMustacheSpace trims what the regexp's \s matches (ASCII space, \t, \n, \f, \r; not
// \v, not Unicode spaces), so that it is not strings.TrimSpace.
func trimMustacheSpace(s string) string {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func renderPath(vars map[string]any, path string) string {
	if path == "" || strings.ContainsAny(path, "#/^! ") || path == "else" {
		return ""
	}
	v, _ := lookupPath(vars, path)
	return renderValue(v)
}

// lookupPath walks a dotted path through maps and slices; `length` of a slice is its size.
func lookupPath(root map[string]any, path string) (any, bool) {
	if path == "" {
		return nil, false
	}
	var cur any = root
	for rest, more := path, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, ".") // as strings.Split, without its slice
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[part]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			if part == "length" {
				cur = len(c)
				continue
			}
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			v, ok := reflectField(c, part)
			if !ok {
				return nil, false
			}
			cur = v
		}
	}
	return cur, true
}

// reflectField reads a generated struct (a subscriber, an actor, a tenant) by its JSON names,
// so templates see the same fields as the API's JSON without a JSON round trip per message.
func reflectField(v any, name string) (any, bool) {
	rv, ok := derefValue(reflect.ValueOf(v))
	if !ok {
		return nil, false
	}
	switch rv.Kind() {
	case reflect.Struct:
		i, found := jsonFields(rv.Type())[name]
		if !found {
			return nil, false
		}
		f, ok := derefValue(rv.Field(i))
		if !ok {
			return nil, false
		}
		if s, ok := f.Interface().(jsonnull.String); ok { // absent, null or a value
			if v, err := s.Get(); err == nil {
				return v, true
			}
			return nil, s.IsNull()
		}
		return f.Interface(), true
	case reflect.Slice:
		if name == "length" {
			return rv.Len(), true
		}
		i, err := strconv.Atoi(name)
		if err != nil || i < 0 || i >= rv.Len() {
			return nil, false
		}
		return rv.Index(i).Interface(), true
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil, false
		}
		f := rv.MapIndex(reflect.ValueOf(name).Convert(rv.Type().Key()))
		if !f.IsValid() {
			return nil, false
		}
		return f.Interface(), true
	}
	return nil, false
}

// derefValue follows pointers and interfaces; a nil one is "absent".
func derefValue(rv reflect.Value) (reflect.Value, bool) {
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return rv, false
		}
		rv = rv.Elem()
	}
	return rv, rv.IsValid()
}

// jsonFields maps a struct type's JSON names to field indexes, computed once per type.
func jsonFields(t reflect.Type) map[string]int {
	if m, ok := jsonFieldCache.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	jsonFieldCache.Store(t, m)
	return m
}

var jsonFieldCache sync.Map

// renderValue prints a value as JavaScript would interpolate it: as String() does
// (jsvalue.String), except that nil prints as nothing.
func renderValue(v any) string {
	if v == nil {
		return ""
	}
	return jsvalue.String(v)
}
