package handlebars_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/internal/handlebars"
)

// TestVariables follows Novu's getTemplateVariables (packages/shared/src/consts/handlebar-helpers/
// getTemplateVariables.ts at v2.0.0) over handlebars.js' parseWithoutProcessing tree; each case
// was checked against that code on handlebars 4.7.8.
func TestVariables(t *testing.T) {
	str := func(name string) handlebars.Variable {
		return handlebars.Variable{Name: name, Type: "String", DefaultValue: ""}
	}
	arr := func(name string) handlebars.Variable { return handlebars.Variable{Name: name, Type: "Array"} }
	boolean := func(name string) handlebars.Variable {
		return handlebars.Variable{Name: name, Type: "Boolean", DefaultValue: true}
	}
	for _, tc := range []struct {
		name, tmpl string
		want       []handlebars.Variable
		wantErr    bool
	}{
		{name: "none", tmpl: "plain text"},
		{name: "paths as written", tmpl: "{{name}} {{{raw}}} {{ payload.x }} {{this}} {{this.x}} {{@index}} {{../up}} {{[a b]}} {{a-b}} {{_x}}",
			want: []handlebars.Variable{str("name"), str("raw"), str("payload.x"), str("this"), str("this.x"), str("a b"), str("a-b"), str("_x")}},
		{name: "Novu's helpers declare their first parameter", tmpl: `{{uppercase who}} {{custom what}} {{dateFormat (now) "x"}} {{numberFormat n decimalLength=2}}`,
			want: []handlebars.Variable{str("who"), str("dateFormat"), str("n")}},
		{name: "i18n declares its hash values", tmpl: `{{i18n "k"}} {{i18n "k" name=user.name n="lit"}}`, want: []handlebars.Variable{str("user.name"), str("lit")}},
		{name: "blocks in Novu's order", tmpl: "{{#if shown}}{{inner}}{{else}}{{hidden}}{{/if}}{{#each items}}{{title}}{{/each}}{{#with user}}{{first}}{{/with}}{{top}}",
			want: []handlebars.Variable{str("top"), arr("items"), str("items.title"), str("user.first"), boolean("shown"), str("inner")}},
		{name: "nested blocks", tmpl: "{{#each a}}{{#each b}}{{c}}{{/each}}{{#if d}}{{e}}{{/if}}{{/each}}",
			want: []handlebars.Variable{arr("a"), arr("a.b"), str("a.b.c"), boolean("a.d"), str("a.e")}},
		{name: "if with two parameters", tmpl: "{{#if a b}}{{c}}{{/if}}"},
		{name: "other blocks are not read", tmpl: "{{#equals a b}}{{c}}{{/equals}}{{#gt n 1}}{{d}}{{/gt}}"},
		{name: "duplicates are kept", tmpl: "{{a}}{{a}}", want: []handlebars.Variable{str("a"), str("a")}},
		{name: "comments and partials", tmpl: "{{!-- {{a}} --}}{{! b }}{{> footer}}"},
		{name: "a number where a name is read", tmpl: `{{pluralize 1 "a" "b"}}`, wantErr: true},
		{name: "a true where a name is read", tmpl: `{{#if true}}x{{/if}}`, wantErr: true},
		{name: "a false falls back to the helper", tmpl: `{{uppercase false}}`, want: []handlebars.Variable{str("uppercase")}},
		{name: "the null literal as a path", tmpl: `{{null}}`, wantErr: true},
		{name: "inverted if", tmpl: `{{^if a}}x{{/if}}`, wantErr: true},
		{name: "unclosed block", tmpl: "{{#if a}}", wantErr: true},
		{name: "mismatched close", tmpl: "{{#if a}}{{/each}}", wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := handlebars.Variables(tc.tmpl)
			if tc.wantErr {
				require.ErrorIs(t, err, handlebars.ErrVariables)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
