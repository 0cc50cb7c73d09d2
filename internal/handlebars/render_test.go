package handlebars_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/internal/handlebars"
)

// renderCase is a template, its data (as JSON), and Novu's output or error.
type renderCase struct {
	name, tmpl, data, want, wantErr string
}

func runRenderCases(t *testing.T, cases []renderCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var data any
			if tc.data != "" {
				require.NoError(t, json.Unmarshal([]byte(tc.data), &data), tc.data)
			}
			got, err := handlebars.Render(tc.tmpl, data)
			// The same object converted first renders alike without the walk (Converted).
			if obj, ok := handlebars.Values(data).(map[string]any); ok {
				gotConverted, errConverted := handlebars.Render(tc.tmpl, handlebars.Converted(obj))
				assert.Equal(t, got, gotConverted, "rendered over Converted")
				assert.Equal(t, fmt.Sprint(err), fmt.Sprint(errConverted), "rendered over Converted")
			}
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestRender_NovuSpec holds every case of Novu's own CompileTemplate test
// (libs/application-generic/src/usecases/compile-template/compile-template.spec.ts at v2.0.0),
// with its data and expected output.
func TestRender_NovuSpec(t *testing.T) {
	people := `{"people":[{"name":"a75","item1":false,"item2":false,"id":1,"updated_at":"2023-01-01T06:25:24Z"},
		{"name":"z32","item1":true,"item2":false,"id":3,"updated_at":"2023-01-09T11:25:13Z"},
		{"name":"e77","item1":false,"item2":false,"id":2,"updated_at":"2023-01-05T04:13:24Z"}]}`
	gt := `{{#gt steps 5 }}<span>gt block</span>{{else}}<span>else block</span>{{/gt}}`
	gte := `{{#gte steps 5 }}<span>gte block</span>{{else}}<span>else block</span>{{/gte}}`
	lt := `{{#lt steps 5 }}<span>lt block</span>{{else}}<span>else block</span>{{/lt}}`
	lte := `{{#lte steps 5 }}<span>lte block</span>{{else}}<span>else block</span>{{/lte}}`
	eq := `{{#eq steps 5 }}<span>eq block</span>{{else}}<span>else block</span>{{/eq}}`
	ne := `{{#ne steps 5 }}<span>ne block</span>{{else}}<span>else block</span>{{/ne}}`
	runRenderCases(t, []renderCase{
		{name: "custom html", tmpl: "<div>{{name}}</div>", data: `{"branding":{"color":"#e7e7e7e9"},"name":"Test Name"}`, want: "<div>Test Name</div>"},
		{name: "pluralize", data: `{"dog_count":1,"sausage_count":2}`,
			tmpl: `<div>{{dog_count}} {{pluralize dog_count "dog" "dogs"}} and {{sausage_count}} {{pluralize sausage_count "sausage" "sausages"}} for {{pluralize dog_count "him" "them"}}</div>`,
			want: "<div>1 dog and 2 sausages for him</div>"},
		{name: "unique", data: `{"names":[{"name":"dog"},{"name":"cat"},{"name":"dog"}]}`,
			tmpl: `<div>{{#each (unique names "name")}}{{this}}-{{/each}}</div>`, want: "<div>dog-cat-</div>"},
		{name: "groupBy", data: `{"names":[{"name":"Name 1","age":"30"},{"name":"Name 2","age":"31"},{"name":"Name 1","age":"32"}]}`,
			tmpl: `{{#each (groupBy names "name")}}<h1>{{key}}</h1>{{#each items}}{{age}}-{{/each}}{{/each}}`,
			want: "<h1>Name 1</h1>30-32-<h1>Name 2</h1>31-"},
		{name: "sortBy", data: people, tmpl: `{{#each (sortBy people 'updated_at')}}{{name}} - {{id}}{{/each}}`, want: "a75 - 1e77 - 2z32 - 3"},
		{name: "case helpers", data: `{"message":"hello world","messageTwo":"hEllo world"}`,
			tmpl: `<div>{{titlecase message}} and {{lowercase messageTwo}} and {{uppercase message}}</div>`,
			want: "<div>Hello World and hello world and HELLO WORLD</div>"},
		{name: "apostrophes", data: `{"message":"hello' world"}`, tmpl: "<div>{{message}}</div>", want: "<div>hello' world</div>"},
		{name: "dateFormat", data: `{"date":"2020-01-01"}`, tmpl: "<div>{{dateFormat date 'EEEE, MMMM Do yyyy'}}</div>", want: "<div>Wednesday, January 1st 2020</div>"},
		{name: "dateFormat of no date", data: `{"date":"ABCD"}`, tmpl: "<div>{{dateFormat date 'EEEE, MMMM Do yyyy'}}</div>", want: "<div>ABCD</div>"},
		{name: "numberFormat", data: `{"number":1000000000}`,
			tmpl: `<div>{{numberFormat number decimalSep="," decimalLength="2" thousandsSep="|"}}</div>`, want: "<div>1|000|000|000,00</div>"},
		// The spec expects "Not a number" back, but the helper's guard is Number.isNaN(number),
		// false for any string: parseFloat gives NaN and toFixed "NaN", which the source (and so
		// the worker) renders.
		{name: "numberFormat of no number", data: `{"number":"Not a number"}`,
			tmpl: `<div>{{numberFormat number decimalSep="," decimalLength="2" thousandsSep="|"}}</div>`, want: "<div>NaN</div>"},
		{name: "gt", data: `{"steps":6}`, tmpl: gt, want: "<span>gt block</span>"},
		{name: "gt else", data: `{"steps":5}`, tmpl: gt, want: "<span>else block</span>"},
		{name: "gte", data: `{"steps":5}`, tmpl: gte, want: "<span>gte block</span>"},
		{name: "gte else", data: `{"steps":4}`, tmpl: gte, want: "<span>else block</span>"},
		{name: "lt", data: `{"steps":4}`, tmpl: lt, want: "<span>lt block</span>"},
		{name: "lt else", data: `{"steps":5}`, tmpl: lt, want: "<span>else block</span>"},
		{name: "lte", data: `{"steps":5}`, tmpl: lte, want: "<span>lte block</span>"},
		{name: "lte else", data: `{"steps":6}`, tmpl: lte, want: "<span>else block</span>"},
		{name: "eq", data: `{"steps":5}`, tmpl: eq, want: "<span>eq block</span>"},
		{name: "eq is strict", data: `{"steps":"5"}`, tmpl: eq, want: "<span>else block</span>"},
		{name: "eq else", data: `{"steps":6}`, tmpl: eq, want: "<span>else block</span>"},
		{name: "ne", data: `{"steps":6}`, tmpl: ne, want: "<span>ne block</span>"},
		{name: "ne is strict", data: `{"steps":"5"}`, tmpl: ne, want: "<span>ne block</span>"},
		{name: "ne else", data: `{"steps":5}`, tmpl: ne, want: "<span>else block</span>"},
	})
}

// TestRender_Helpers covers each of Novu's helpers beyond its spec, as compile-template.usecase.ts
// (v2.0.0) writes them; outputs were checked against that code on handlebars 4.7.8 and date-fns
// 2.29.3.
func TestRender_Helpers(t *testing.T) {
	list := `{"list":[{"k":"b","v":2},{"k":"a","v":1},{"k":"b","v":3},{"v":4}],"obj":{"b":1,"a":"x<y"},"n":3,"s":"5","five":5,"nul":null}`
	runRenderCases(t, []renderCase{
		{name: "json escaped and raw", data: list, tmpl: `{{json obj}} {{{json obj}}} {{{json list.[3]}}}`,
			want: `{&quot;a&quot;:&quot;x&lt;y&quot;,&quot;b&quot;:1} {"a":"x<y","b":1} {"v":4}`},
		{name: "json of scalars", data: list, tmpl: `{{json n}} {{{json s}}} {{json nul}} [{{json missing}}] {{json true}}`, want: `3 "5" null [] true`},
		{name: "equals is loose", data: list, tmpl: `{{#equals s five}}y{{else}}n{{/equals}} {{#equals nul missing}}y{{/equals}} {{#equals n "4"}}y{{else}}n{{/equals}}`, want: "y y n"},
		{name: "equals keeps the context", data: list, tmpl: `{{#equals n 3}}{{s}}{{/equals}}`, want: "5"},
		{name: "equals as a mustache", data: list, tmpl: `{{equals n 3}}`, wantErr: "options.fn is not a function"},
		{name: "titlecase", data: `{"v":"hEllo wORLD  x"}`, tmpl: `{{titlecase v}}|{{titlecase missing}}|{{titlecase ""}}`, want: "Hello World  X||"},
		{name: "uppercase of a number", data: list, tmpl: `{{uppercase n}}`, wantErr: "value.toUpperCase is not a function"},
		{name: "titlecase of a list", data: list, tmpl: `{{titlecase list}}`, wantErr: "value.split is not a function"},
		{name: "case of unicode", tmpl: `{{uppercase "straße"}} {{lowercase "ÀÉ"}}`, want: "STRASSE àé"},
		{name: "pluralize is strict", data: list, tmpl: `{{pluralize 1 "a" "b"}}{{pluralize s "a" "b"}}{{pluralize 0 "a" "b"}}`, want: "abb"},
		{name: "pluralize without plural", tmpl: `{{pluralize 2 "a"}}`, want: "[object Object]"},
		{name: "groupBy skips falsy keys", data: list, tmpl: `{{#each (groupBy list "k")}}{{key}}:{{#each items}}{{v}}{{/each}};{{/each}}`, want: "b:23;a:1;"},
		{name: "groupBy of no list", data: list, tmpl: `{{#each (groupBy obj "k")}}x{{else}}empty{{/each}}`, want: "empty"},
		{name: "groupBy as json keeps key order", data: list, tmpl: `{{{json (groupBy list "k")}}}`,
			want: `[{"key":"b","items":[{"k":"b","v":2},{"k":"b","v":3}]},{"key":"a","items":[{"k":"a","v":1}]}]`},
		{name: "unique keeps undefined once", data: list, tmpl: `{{{json (unique list "k")}}}`, want: `["b","a",null]`},
		{name: "unique of no list", data: list, tmpl: `[{{unique n "k"}}]`, want: "[]"},
		{name: "sortBy numbers", data: list, tmpl: `{{#each (sortBy list "v")}}{{v}}{{/each}}`, want: "1234"},
		{name: "sortBy strings, undefined compares equal", data: list, tmpl: `{{#each (sortBy list "k")}}{{v}}{{/each}}`, want: "1234"},
		{name: "sortBy without property", tmpl: `{{#each (sortBy (unique (groupBy (sortBy) "x") "y"))}}{{/each}}-`, want: "-"},
		{name: "numberFormat defaults", tmpl: `{{numberFormat 1234.5}} {{numberFormat -1234567.891}} {{numberFormat 0}}`, want: "1,234.50 -1,234,567.89 0.00"},
		{name: "numberFormat rounds half up", tmpl: `{{numberFormat 2.5 decimalLength="0"}} {{numberFormat 1.005}} {{numberFormat 0.125}}`, want: "3 1.00 0.13"},
		// `options.hash.decimalLength || 2`: a number 0 is falsy and means 2; the string "0" does not
		{name: "numberFormat without decimals", tmpl: `{{numberFormat 1234567 decimalLength=0 thousandsSep=" "}}|{{numberFormat 1234567 decimalLength="0" thousandsSep=" "}}`,
			want: "1 234 567.00|1 234 567"},
		{name: "numberFormat of a numeric string", data: list, tmpl: `{{numberFormat "12345.678" decimalLength=1}} {{numberFormat s}}`, want: "12,345.7 5.00"},
		{name: "numberFormat without options", tmpl: `{{numberFormat 1 2}}`, wantErr: "Cannot read properties of undefined (reading 'decimalLength')"},
		{name: "comparisons as mustaches", data: list, tmpl: `{{gt n 2}} {{lt "a" "b"}} {{gte "10" 9}} {{lte nul 0}} {{lt missing 1}} {{eq s "5"}} {{ne n 3}}`,
			want: "true true true true false true false"},
		{name: "strings compare as strings", tmpl: `{{gt "10" "9"}} {{gt 10 "9"}}`, want: "false true"},
		{name: "comparison block has no context", data: list, tmpl: `{{#gt n 1}}[{{n}}|{{../n}}|{{@root.n}}]{{/gt}}`, want: "[|3|3]"},
		{name: "comparison without options", data: list, tmpl: `{{gt n}}`, wantErr: "Cannot read properties of undefined (reading 'inverse')"},
		{name: "comparison in a sub-expression", data: list, tmpl: `{{#if (eq n 3)}}three{{/if}}{{#unless (lt n 1)}}!{{/unless}}`, want: "three!"},
		{name: "dateFormat tokens", data: `{"d":"2024-03-09T17:05:09.123Z"}`,
			tmpl: `{{dateFormat d "yyyy yy yo M MM MMM MMMM MMMMM Mo d dd do DDD Do"}}`,
			want: "2024 24 2024th 3 03 Mar March M 3rd 9 09 9th 069 69th"},
		{name: "dateFormat days and times", data: `{"d":"2024-03-09T17:05:09.123Z"}`,
			tmpl: `{{dateFormat d "E EEEE EEEEE EEEEEE e eo c i iii h hh H K k m mm s ss S SS SSS a aaa aaaa aaaaa b B"}}`,
			want: "Sat Saturday S Sa 7 7th 7 6 Sat 5 05 17 5 17 5 05 9 09 1 12 123 PM pm p.m. p PM in the evening"},
		{name: "dateFormat weeks, quarters, zones", data: `{"d":"2024-03-09T17:05:09.123Z"}`,
			tmpl: `{{dateFormat d "Q QQQ QQQQ Qo w I R u G GGGG X xxx O OOOO z t T"}}`,
			want: "1 Q1 1st quarter 1st 10 10 2024 2024 AD Anno Domini Z +00:00 GMT+0 GMT+00:00 GMT+0 1710003909 1710003909123"},
		{name: "dateFormat long formats", data: `{"d":"2024-03-09T17:05:09Z"}`,
			tmpl: `{{dateFormat d "P"}}|{{dateFormat d "PP"}}|{{dateFormat d "PPPP"}}|{{dateFormat d "p"}}|{{dateFormat d "PPpp"}}`,
			want: "03/09/2024|Mar 9, 2024|Saturday, March 9th, 2024|5:05 PM|Mar 9, 2024, 5:05:09 PM"},
		{name: "dateFormat quoted text", data: `{"d":"2024-03-09T17:05:09Z"}`, tmpl: `{{dateFormat d "'at' HH 'o''clock' ''"}}`, want: "at 17 o'clock '"},
		{name: "dateFormat offsets and other forms", tmpl: `{{dateFormat "2020-12-31T23:59:59+02:00" "yyyy-MM-dd HH:mm"}} {{dateFormat "2020-06" "PPP"}} {{dateFormat "Tue, 05 Jan 2021 10:00:00 GMT" "Pp"}}`,
			want: "2020-12-31 21:59 June 1st, 2020 01/05/2021, 10:00 AM"},
		{name: "dateFormat of a timestamp string", tmpl: `{{dateFormat "1577836800000" "yyyy"}}`, want: "1577836800000"},
		{name: "dateFormat refuses D", data: `{"d":"2020-01-01"}`, tmpl: `{{dateFormat d "DD"}}`, wantErr: "Use `dd` instead of `DD`"},
		{name: "dateFormat refuses a letter", data: `{"d":"2020-01-01"}`, tmpl: `{{dateFormat d "yyyy n"}}`, wantErr: "unescaped latin alphabet character `n`"},
		{name: "dateFormat without format", data: `{"d":"2020-01-01"}`, tmpl: `{{dateFormat d ""}}`, want: "2020-01-01"},
		{name: "i18n needs translations", tmpl: `{{i18n "welcome"}}`, wantErr: `Missing helper: "i18n"`},
	})
}
