package mockserver

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/novumock/novumock/internal/handlebars"
	"github.com/novumock/novumock/internal/jsonnull"
	"github.com/novumock/novumock/internal/jsvalue"
)

// Step templates render as Novu's worker compiles them (internal/handlebars: handlebars.js 4.7
// with the helpers of Novu's CompileTemplate). A template that fails is Novu's "Message content
// could not be generated" (contentNotGeneratedLocked); Novu's e-mail send has already stored its
// message by then, the fake stores none for any channel. Templates are parsed once and kept
// (templateCache).

// renderTemplate renders a template over data: a send's compile data, converted once for all
// its templates (compileDataLocked's handlebars.Converted), or a map that the render converts
// (a step condition's variables). The answer is Novu's CompileTemplate result, or the error it
// throws.
func renderTemplate(tmpl string, data any) (string, error) {
	if !strings.Contains(tmpl, "{{") { // text only: Novu's result is the text, apostrophes unescaped
		return strings.ReplaceAll(tmpl, "&#x27;", "'"), nil
	}
	t, err := templateCache.parse(tmpl)
	if err != nil {
		return "", err
	}
	return t.Render(data)
}

// templateCache keeps parsed templates: a trigger renders the same step templates for every
// recipient. It forgets everything past maxCachedTemplates or maxCachedBytes of source, which
// bounds its memory.
var templateCache = &parsedTemplates{m: map[string]parsedTemplate{}}

const (
	maxCachedTemplates = 4096
	maxCachedBytes     = 64 << 20
)

type parsedTemplate struct {
	t   *handlebars.Template
	err error
}

type parsedTemplates struct {
	mu    sync.Mutex
	m     map[string]parsedTemplate
	bytes int
}

func (c *parsedTemplates) parse(src string) (*handlebars.Template, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.m[src]; ok {
		return p.t, p.err
	}
	if len(c.m) >= maxCachedTemplates || c.bytes+len(src) > maxCachedBytes {
		clear(c.m)
		c.bytes = 0
	}
	t, err := handlebars.Parse(src)
	c.m[src] = parsedTemplate{t, err}
	c.bytes += len(src)
	return t, err
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
