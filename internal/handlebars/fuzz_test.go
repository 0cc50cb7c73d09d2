package handlebars_test

import (
	"strings"
	"testing"

	"github.com/novumock/novumock/internal/handlebars"
)

// FuzzRender renders any template over fixed data: it must answer a string or an error, the
// same twice, never panic (Render turns a panic into an "internal error", which fails here),
// and Variables must answer too. Under plain `go test` only the seeds run; `go test -fuzz`
// explores for as long as -fuzztime allows.
func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		"", "plain", "{{name}}", "{{{html}}}", "{{#each items}}{{@index}}{{this}}{{/each}}",
		"{{#if t}}a{{else if n}}b{{else}}c{{/if}}", "{{#with nested as |x|}}{{x.deep}}{{../name}}{{/with}}",
		`{{numberFormat n decimalLength="3" thousandsSep="."}}`, `{{dateFormat d "PPPP p"}}`,
		`{{#each (groupBy people "k")}}{{key}}{{#each items}}{{v}}{{/each}}{{/each}}`,
		`{{json (sortBy (unique people "k"))}}`, "{{#gt n 1}}{{this}}{{else}}x{{/gt}}", "{{lookup items 1}}",
		"a\n  {{#if t}}\n  b\n  {{/if}}\n", "{{~name~}}", "{{! c }}{{!-- d --}}", "{{{{raw}}}}{{x}}{{{{/raw}}}}",
		"{{items.0.k}} {{-1}} {{1e3}} {{else-x}}", "{{#foo}}{{/foo}}", "{{> p}}", "{{a\"b\"}}", "\\{{x}}",
	} {
		f.Add(seed)
	}
	data := map[string]any{
		"name": "Ada", "html": "<b>&'\"`=</b>", "n": 3.0, "t": true, "d": "2024-03-09T17:05:09Z",
		"items": []any{"x", "y"}, "nested": map[string]any{"deep": "v"},
		"people": []any{map[string]any{"k": "a", "v": 1.0}, map[string]any{"k": "b", "v": 2.0}, nil},
	}
	f.Fuzz(func(t *testing.T, tmpl string) {
		if len(tmpl) > 4096 {
			return
		}
		out, err := handlebars.Render(tmpl, data)
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("Render(%q) panicked: %v", tmpl, err)
		}
		again, err2 := handlebars.Render(tmpl, data)
		if out != again || (err == nil) != (err2 == nil) {
			t.Fatalf("Render(%q) is not deterministic: %q/%v then %q/%v", tmpl, out, err, again, err2)
		}
		_, _ = handlebars.Variables(tmpl)
	})
}
