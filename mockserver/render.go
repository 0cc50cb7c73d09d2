package mockserver

import (
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
)

// The fake renders step templates with a deliberately small subset of Handlebars: `{{path}}`
// (HTML-escaped, as Handlebars does) and `{{{path}}}` (raw), where path is dotted
// (`payload.order.number`, `subscriber.firstName`, `step.events.length`). Anything else, such
// as block helpers, renders as nothing. Nothing is executed, so no template can do harm.

var mustache = regexp.MustCompile(`\{\{\{\s*([^{}]*?)\s*\}\}\}|\{\{\s*([^{}]*?)\s*\}\}`)

// render fills a template from vars (keys: payload, subscriber, actor, tenant, step).
func render(tmpl string, vars map[string]any) string {
	if !strings.Contains(tmpl, "{{") {
		return tmpl
	}
	return mustache.ReplaceAllStringFunc(tmpl, func(tag string) string {
		m := mustache.FindStringSubmatch(tag)
		if m[1] != "" || strings.HasPrefix(tag, "{{{") {
			return renderPath(vars, m[1])
		}
		return html.EscapeString(renderPath(vars, m[2]))
	})
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
	for _, part := range strings.Split(path, ".") {
		if l, ok := cur.(*lazyJSON); ok {
			cur = l.value()
		}
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
			return nil, false
		}
	}
	return cur, true
}

// renderValue prints a value as JavaScript would interpolate it: strings as they are,
// numbers without a trailing .0, nil as nothing, objects as JSON.
func renderValue(v any) string {
	if l, ok := v.(*lazyJSON); ok {
		v = l.value()
	}
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(t), 'f', -1, 32)
	case int:
		return strconv.Itoa(t)
	case bool:
		return strconv.FormatBool(t)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(raw)
}

// lazyJSON defers turning a struct into the map templates see until a template reads it: most
// templates never mention the subscriber, and the conversion is a JSON round trip.
type lazyJSON struct {
	v any
	m map[string]any
}

func (l *lazyJSON) value() map[string]any {
	if l.m == nil {
		l.m = toJSONMap(l.v)
	}
	return l.m
}

// toJSONMap converts a generated struct (a subscriber, a tenant) into the map templates see.
func toJSONMap(v any) map[string]any {
	raw, err := json.Marshal(v)
	if err != nil {
		return map[string]any{}
	}
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	return out
}
