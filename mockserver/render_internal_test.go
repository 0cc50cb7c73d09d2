package mockserver

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/handlebars"
	"github.com/novumock/novumock/internal/jsonnull"
)

func renderTestVars() map[string]any {
	sub := gen.Subscriber{SubscriberId: "ada", FirstName: ptrTo("Ada"), Email: jsonnull.Value("ada@example.com"),
		Data:     &map[string]any{"plan": "pro", "seats": 3.0},
		Channels: &[]gen.SubscriberChannel{{ProviderId: "slack"}}}
	return map[string]any{
		"subscriber": sub,
		"actor":      &sub,
		"payload": map[string]any{
			"order": map[string]any{"id": "A-1", "total": 12.5, "paid": true, "lines": []any{map[string]any{"sku": "x"}}},
			"items": []any{"x", "y"}, "html": nil, "tag": "<b>\"q\" & 'a'</b>", "n": 3, "big": 1e21,
			"a.b": "dotted key", "": "empty key", "obj": map[string]any{"k": "v"},
		},
		"step": map[string]any{"digest": true, "events": []any{map[string]any{"x": 1.0}}, "total_count": 1},
	}
}

// TestRenderTemplate renders over the data shapes the worker's compile data holds: generated
// structs read by their JSON names (a jsonnull e-mail, a pointer actor, a map in a struct),
// plain payload maps, and values printed as JavaScript prints them. The language itself is
// internal/handlebars' to test; this checks what the store hands it.
func TestRenderTemplate(t *testing.T) {
	data, _ := handlebars.Values(renderTestVars()).(map[string]any)
	tests := []struct{ name, tmpl, want, wantErr string }{
		{name: "no tags", tmpl: "plain text", want: "plain text"},
		{name: "text only still unescapes apostrophes", tmpl: "it&#x27;s", want: "it's"},
		{name: "struct field", tmpl: "Hi {{subscriber.firstName}}", want: "Hi Ada"},
		{name: "jsonnull string", tmpl: "{{subscriber.email}}", want: "ada@example.com"},
		{name: "map in struct, number", tmpl: "{{subscriber.data.plan}} x{{subscriber.data.seats}}", want: "pro x3"},
		{name: "slice length and index", tmpl: "{{subscriber.channels.length}} {{subscriber.channels.0.providerId}}", want: "1 slack"},
		{name: "absent field", tmpl: "[{{subscriber.lastName}}{{subscriber.nope}}{{tenant.name}}]", want: "[]"},
		{name: "pointer root", tmpl: "{{actor.firstName}}", want: "Ada"},
		{name: "nested payload", tmpl: "{{payload.order.id}} {{payload.items.length}} {{payload.order.lines.0.sku}}", want: "A-1 2 x"},
		{name: "numbers and booleans", tmpl: "{{payload.order.total}} {{payload.big}} {{payload.n}} {{payload.order.paid}}", want: "12.5 1e+21 3 true"},
		{name: "objects print as JavaScript does", tmpl: "{{payload.obj}} {{payload.items}}", want: "[object Object] x,y"},
		{name: "escaped as Handlebars escapes", tmpl: "{{payload.tag}}", want: "&lt;b&gt;&quot;q&quot; &amp; 'a'&lt;/b&gt;"},
		{name: "triple is raw", tmpl: "{{{payload.tag}}}", want: `<b>"q" & 'a'</b>`},
		{name: "blocks and helpers", tmpl: "{{#if payload.order.paid}}paid{{else}}due{{/if}} {{#each payload.items}}{{@index}}{{this}}{{/each}} {{uppercase subscriber.firstName}}",
			want: "paid 0x1y ADA"},
		{name: "step data", tmpl: "{{step.total_count}} {{step.events.length}} {{step.digest}}", want: "1 1 true"},
		{name: "unclosed is a parse error", tmpl: "Hi {{subscriber.firstName", wantErr: "Parse error"},
		{name: "unknown helper", tmpl: "{{shout subscriber.firstName}}", wantErr: `Missing helper: "shout"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := renderTemplate(tt.tmpl, data)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestTemplateCache_Bounded: the parse cache forgets everything past its entry limit, and a
// cached parse error is answered again.
func TestTemplateCache_Bounded(t *testing.T) {
	c := &parsedTemplates{m: map[string]parsedTemplate{}}
	for i := range maxCachedTemplates + 10 {
		_, err := c.parse(fmt.Sprintf("{{n%d}}", i))
		assert.NoError(t, err)
	}
	assert.LessOrEqual(t, len(c.m), maxCachedTemplates)
	_, err1 := c.parse("{{#if}}")
	_, err2 := c.parse("{{#if}}")
	assert.Error(t, err1)
	assert.Equal(t, err1, err2)
}

func TestLookupPath(t *testing.T) {
	root := map[string]any{"a": map[string]any{"b": []any{"x", map[string]any{"c": nil}}}, "": "e"}
	tests := []struct {
		path   string
		want   any
		wantOK bool
	}{
		{"a.b.0", "x", true},
		{"a.b.length", 2, true},
		{"a.b.1.c", nil, true},
		{"a.b.2", nil, false},
		{"a.", nil, false},
		{"", nil, false},
		{".", nil, false},
		{"a..b", nil, false},
		{"a.b.0.x", nil, false},
	}
	for _, tt := range tests {
		got, ok := lookupPath(root, tt.path)
		assert.Equal(t, tt.wantOK, ok, tt.path)
		assert.Equal(t, tt.want, got, tt.path)
	}
}
