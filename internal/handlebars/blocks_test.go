package handlebars_test

import "testing"

// TestRender_Handlebars covers the language as handlebars.js 4.7.8 renders it (its
// lib/handlebars/helpers/*.js, compiler/javascript-compiler.js and whitespace-control.js);
// outputs were checked against handlebars 4.7.8 with Novu's helpers registered.
func TestRender_Handlebars(t *testing.T) {
	data := `{"name":"Ada","html":"<b>\"q\" & 'a'` + "`" + ` =</b>","n":3,"zero":0,"f":1.5,"big":1e21,"small":1e-7,
		"t":true,"no":false,"nul":null,"empty":"","arr":[],"items":["x","y","z"],"nested":{"deep":{"v":"V"}},
		"obj":{"b":1,"a":"two","10":"ten","2":"two"},"people":[{"name":"p1","tags":["a","b"]},{"name":"p2","tags":[]}],
		"key with space":"spaced"}`
	runRenderCases(t, []renderCase{
		// escaping
		{name: "escapes & < > \" ' ` =", data: data, tmpl: "{{html}}", want: "&lt;b&gt;&quot;q&quot; &amp; 'a'&#x60; &#x3D;&lt;/b&gt;"},
		{name: "triple and ampersand are raw", data: data, tmpl: "{{{html}}}|{{&html}}", want: "<b>\"q\" & 'a'` =</b>|<b>\"q\" & 'a'` =</b>"},
		{name: "values as JavaScript prints them", data: data, tmpl: "{{n}} {{zero}} {{f}} {{big}} {{small}} {{t}} {{no}} [{{nul}}] [{{empty}}] [{{missing}}]",
			want: "3 0 1.5 1e+21 1e-7 true false [] [] []"},
		{name: "arrays and objects as JavaScript prints them", data: data, tmpl: "{{items}} {{arr}} {{nested}}", want: "x,y,z  [object Object]"},
		{name: "escaped mustaches", data: data, tmpl: `\{{name}} \\{{name}}`, want: `{{name}} \Ada`},
		{name: "comments", data: data, tmpl: "{{! c }}{{!-- {{name}} }} --}}ok", want: "ok"},
		{name: "raw block", data: data, tmpl: "{{{{t}}}} {{name}} {{{{/t}}}}", want: " {{name}} "},
		// paths
		{name: "paths", data: data, tmpl: "{{nested.deep.v}} {{nested/deep/v}} {{items.length}} {{items.[1]}} {{people.0.name}} {{name.length}} {{[key with space]}}",
			want: "V V 3 y p1 3 spaced"},
		{name: "no prototype properties", data: data, tmpl: "[{{n.toFixed}}{{name.constructor}}{{nested.hasOwnProperty}}]", want: "[]"},
		{name: "this and literals as paths", data: data, tmpl: `{{this.name}} {{./name}} {{"name"}} {{#with nested}}{{this.deep.v}}{{/with}}`, want: "Ada Ada Ada V"},
		{name: "missing paths are empty", data: data, tmpl: "[{{missing.deep.x}}{{nul.x}}{{n.x.y}}]", want: "[]"},
		// if, unless, else
		{name: "if", data: data, tmpl: "{{#if n}}y{{else}}n{{/if}}{{#if zero}}y{{else}}n{{/if}}{{#if arr}}y{{else}}n{{/if}}{{#if nested}}y{{/if}}{{#if empty}}y{{else}}n{{/if}}",
			want: "ynnyn"},
		{name: "if includeZero", data: data, tmpl: "{{#if zero includeZero=true}}y{{else}}n{{/if}}", want: "y"},
		{name: "unless", data: data, tmpl: "{{#unless no}}U{{/unless}}{{#unless t}}U{{else}}E{{/unless}}", want: "UE"},
		{name: "else if chain", data: data, tmpl: "{{#if no}}a{{else if zero}}b{{else if n}}c{{else}}d{{/if}}", want: "c"},
		{name: "if needs one argument", data: data, tmpl: "{{#if}}x{{/if}}", wantErr: "#if requires exactly one argument"},
		{name: "if as a mustache", data: data, tmpl: "{{if t}}", wantErr: "options.fn is not a function"},
		// each
		{name: "each over an array", data: data,
			tmpl: "{{#each items}}{{@index}}{{@key}}:{{this}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}} {{/each}}", want: "00:xF 11:y 22:zL "},
		{name: "each over an object", data: data, tmpl: "{{#each obj}}{{@key}}={{this}}{{#if @last}}.{{else}};{{/if}}{{/each}}", want: "2=two;10=ten;a=two;b=1."},
		{name: "each else", data: data, tmpl: "{{#each arr}}x{{else}}empty{{/each}}{{#each missing}}x{{else}}none{{/each}}{{#each name}}x{{else}}str{{/each}}", want: "emptynonestr"},
		{name: "each with parent and root", data: data, tmpl: "{{#each people}}{{name}}/{{../name}}/{{@root.name}} {{/each}}", want: "p1/Ada/Ada p2/Ada/Ada "},
		{name: "root at the top and from a parent frame", data: data,
			tmpl: "{{@root.name}} {{#each people}}{{@../root.name}}{{@key}}{{@../index}} {{/each}}{{@index}}", want: "Ada Ada0 Ada1 "},
		{name: "nested each", data: data, tmpl: "{{#each people}}{{#each tags}}{{@../index}}.{{@index}}{{this}}{{../name}} {{/each}}{{/each}}", want: "0.0ap1 0.1bp1 "},
		{name: "each block parameters", data: data, tmpl: "{{#each items as |it i|}}{{i}}={{it}} {{/each}}{{#each obj as |v k|}}{{k}}{{/each}}", want: "0=x 1=y 2=z 210ab"},
		{name: "each needs an iterator", data: data, tmpl: "{{#each}}x{{/each}}", wantErr: "Must pass iterator to #each"},
		// with, lookup, blocks over values
		{name: "with", data: data, tmpl: "{{#with nested.deep}}{{v}}-{{../name}}{{/with}} {{#with missing}}x{{else}}none{{/with}} {{#with nested as |n|}}{{n.deep.v}}{{/with}}", want: "V-Ada none V"},
		{name: "lookup", data: data, tmpl: `{{lookup items 1}} {{lookup obj "a"}} {{#each items}}{{lookup ../items @index}}{{/each}} {{#with (lookup people 1)}}{{name}}{{/with}} [{{lookup missing "x"}}]`,
			want: "y two xyz p2 []"},
		{name: "blocks over values", data: data, tmpl: "{{#nested}}{{deep.v}}{{/nested}} {{#items}}[{{this}}]{{/items}} {{#t}}T{{/t}} {{#no}}T{{else}}F{{/no}} {{#zero}}Z{{/zero}} {{#name}}{{this}}{{/name}}",
			want: "V [x][y][z] T F Z Ada"},
		{name: "inverted sections", data: data, tmpl: "{{^no}}inv{{/no}} {{^t}}inv{{else}}main{{/t}} {{^arr}}empty{{/arr}}", want: "inv main empty"},
		{name: "sub-expressions", data: data, tmpl: `{{uppercase (lowercase "ABC")}} {{#each (sortBy (unique people "name"))}}{{this}}{{/each}}`, want: "ABC p1p2"},
		{name: "missing helper", data: data, tmpl: "{{foo bar}}", wantErr: `Missing helper: "foo"`},
		{name: "missing block helper", data: data, tmpl: "{{#foo bar}}x{{/foo}}", wantErr: `Missing helper: "foo"`},
		{name: "partials are not registered", data: data, tmpl: "{{> footer}}", wantErr: "The partial footer could not be found"},
		// whitespace
		{name: "standalone block lines", data: data, tmpl: "a\n  {{#if t}}\n  b\n  {{else}}\n  c\n  {{/if}}\nd", want: "a\n  b\nd"},
		{name: "standalone comment line", data: data, tmpl: "  {{! note }}\nx", want: "x"},
		{name: "tag not alone on its line", data: data, tmpl: "{{#if t}}<p>\n{{/if}} {{n}}", want: "<p>\n 3"},
		{name: "tilde strips", data: data, tmpl: "a  {{~name~}}  b {{name~}}\n x", want: "aAdab Adax"},
		// parse errors
		{name: "unclosed block", data: data, tmpl: "{{#if t}}x", wantErr: "Parse error"},
		{name: "mismatched close", data: data, tmpl: "{{#if t}}x{{/unless}}", wantErr: "doesn't match"},
		{name: "unclosed mustache", data: data, tmpl: "{{name}", wantErr: "Parse error"},
		{name: "number after a separator", data: data, tmpl: "{{items.1}}", wantErr: "Parse error"},
		{name: "id followed by a quote", data: data, tmpl: `{{a"b"}}`, wantErr: "Parse error"},
	})
}
