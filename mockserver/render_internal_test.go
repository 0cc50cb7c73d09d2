package mockserver

import (
	"html"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/novumock/novumock/gen"
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

func TestRender_Paths(t *testing.T) {
	vars := renderTestVars()
	tests := []struct{ name, tmpl, want string }{
		{"no tags", "plain text", "plain text"},
		{"empty", "", ""},
		{"struct field", "Hi {{subscriber.firstName}}", "Hi Ada"},
		{"named string type", "{{subscriber.email}}", "ada@example.com"},
		{"map in struct, number", "{{subscriber.data.plan}} x{{subscriber.data.seats}}", "pro x3"},
		{"slice length and index", "{{subscriber.channels.length}} {{subscriber.channels.0.providerId}}", "1 slack"},
		{"index out of range", "[{{subscriber.channels.1.providerId}}]", "[]"},
		{"negative index", "[{{payload.items.-1}}]", "[]"},
		{"nil pointer is absent", "[{{subscriber.lastName}}]", "[]"},
		{"unknown field", "[{{subscriber.nope}}]", "[]"},
		{"pointer root", "{{actor.firstName}}", "Ada"},
		{"nested payload", "{{payload.order.id}} {{payload.items.length}} {{payload.order.lines.0.sku}}", "A-1 2 x"},
		{"null value", "[{{payload.html}}]", "[]"},
		{"missing root", "[{{tenant.name}}]", "[]"},
		{"path through a scalar", "[{{payload.order.id.x}}]", "[]"},
		{"float", "{{payload.order.total}}", "12.5"},
		{"large float without exponent", "{{payload.big}}", "1000000000000000000000"},
		{"int", "{{payload.n}}", "3"},
		{"bool", "{{payload.order.paid}}", "true"},
		{"object as JSON, escaped", "{{payload.obj}}", "{&#34;k&#34;:&#34;v&#34;}"},
		{"object as JSON, raw", "{{{payload.obj}}}", `{"k":"v"}`},
		{"step vars", "{{step.total_count}} {{step.events.length}} {{step.digest}}", "1 1 true"},
		{"escaped", "{{payload.tag}}", "&lt;b&gt;&#34;q&#34; &amp; &#39;a&#39;&lt;/b&gt;"},
		{"triple is raw", "{{{payload.tag}}}", `<b>"q" & 'a'</b>`},
		{"spaces inside", "{{  payload.order.id\t}} {{{ payload.order.id }}}", "A-1 A-1"},
		{"vertical tab is not trimmed", "[{{\vpayload.order.id}}]", "[]"},
		{"space inside a path", "[{{payload. order}}]", "[]"},
		{"empty tag", "[{{}}] [{{{}}}] [{{  }}]", "[] [] []"},
		{"block tags render as nothing", "{{#if payload.order}}yes{{else}}no{{/if}}", "yesno"},
		{"partial, comment, inverse", "[{{> p}}{{! c}}{{^x}}]", "[]"},
		{"dotted key is a path", "[{{payload.a.b}}]", "[]"},
		{"unclosed", "Hi {{subscriber.firstName", "Hi {{subscriber.firstName"},
		{"half closed", "Hi {{subscriber.firstName}", "Hi {{subscriber.firstName}"},
		{"brace inside", "{{pay{load}}", "{{pay{load}}"},
		{"brace inside a tag that closes", "{{pay{{payload.n}}}", "{{pay3}"},
		{"triple closed by two", "{{{payload.order.id}}", "{A-1"},
		{"two closed by three", "{{payload.order.id}}}", "A-1}"},
		{"four braces", "{{{{payload.order.id}}}}", "{A-1}"},
		{"adjacent tags", "{{payload.order.id}}{{{payload.order.id}}}{{payload.n}}", "A-1A-13"},
		{"text around", "<{{payload.n}}>", "<3>"},
		{"stray closers", "}} {{payload.n}} }}}", "}} 3 }}}"},
		{"multibyte", "é{{ payload.order.id }}ü", "éA-1ü"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, render(tt.tmpl, vars))
			assert.Equal(t, renderRegexp(tt.tmpl, vars), render(tt.tmpl, vars), "differs from the regexp renderer")
		})
	}
}

// renderRegexp is the regexp renderer render replaced; the scanner must match it exactly.
var renderRegexpPattern = regexp.MustCompile(`\{\{\{\s*([^{}]*?)\s*\}\}\}|\{\{\s*([^{}]*?)\s*\}\}`)

func renderRegexp(tmpl string, vars map[string]any) string {
	return renderRegexpPattern.ReplaceAllStringFunc(tmpl, func(tag string) string {
		m := renderRegexpPattern.FindStringSubmatch(tag)
		if m[1] != "" || strings.HasPrefix(tag, "{{{") {
			return renderPath(vars, m[1])
		}
		return html.EscapeString(renderPath(vars, m[2]))
	})
}

// TestRender_SameAsRegexp compares both renderers on random templates made of the characters
// that matter to the grammar, so unusual brace and space runs are covered too.
func TestRender_SameAsRegexp(t *testing.T) {
	vars := renderTestVars()
	pieces := []string{"{", "}", "{{", "}}", "{{{", "}}}", " ", "\t", "\v", "\n", "x", ".", "#",
		"payload", "payload.n", "payload.tag", "subscriber.firstName", "é"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		tmpl := b.String()
		if got, want := render(tmpl, vars), renderRegexp(tmpl, vars); got != want {
			t.Fatalf("render(%q) = %q, regexp renderer = %q", tmpl, got, want)
		}
	}
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
