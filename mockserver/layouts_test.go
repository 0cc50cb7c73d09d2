package mockserver_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustCreateLayout(t *testing.T, f *fake, identifier, extra string) string {
	t.Helper()
	res := f.dev(http.MethodPost, "/v1/layouts",
		fmt.Sprintf(`{"name":"L %s","identifier":%q,"content":"<p>{{{body}}}</p>"%s}`, identifier, identifier, extra))
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	data := res.Body["data"].(map[string]any)
	require.Len(t, data, 1, "create answers only the _id")
	return data["_id"].(string)
}

func layoutDefault(t *testing.T, f *fake, id string) bool {
	t.Helper()
	res := f.dev(http.MethodGet, "/v1/layouts/"+id, "")
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	return res.Body["data"].(map[string]any)["isDefault"].(bool)
}

func TestLayouts_Create(t *testing.T) {
	f := mustNewServer(t)
	first := mustCreateLayout(t, f, "first", "")
	env := f.dev(http.MethodGet, "/v1/environments/me", "").Body["data"].(map[string]any)["_id"].(string)
	cases := []struct {
		name, body string
		status     int
		message    string
	}{
		{"no body placeholder", `{"name":"x","identifier":"x","content":"<p>{{body}}</p>"}`, 400, "Layout content must contain {{{body}}}"},
		{"identifier taken", `{"name":"x","identifier":"first","content":"{{{body}}}"}`, 409,
			"Layout with identifier: first already exists under environment " + env},
		{"missing content", `{"name":"x","identifier":"y"}`, 400, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(http.MethodPost, "/v1/layouts", c.body)
			expectAnswer(t, res, c.status, c.message)
		})
	}
	t.Run("Novu's default layout stays the default", func(t *testing.T) {
		assert.False(t, layoutDefault(t, f, first))
	})
	t.Run("isDefault moves the default", func(t *testing.T) {
		third := mustCreateLayout(t, f, "third", `,"isDefault":true`)
		assert.True(t, layoutDefault(t, f, third))
		for _, l := range f.dev(http.MethodGet, "/v1/layouts", "").Body["data"].([]any) {
			if l := l.(map[string]any); l["_id"] != third {
				assert.False(t, l["isDefault"].(bool), l["name"])
			}
		}
	})
	t.Run("same identifier in production is fine", func(t *testing.T) {
		res := f.prod(http.MethodPost, "/v1/layouts", `{"name":"x","identifier":"first","content":"{{{body}}}"}`)
		assert.Equal(t, http.StatusCreated, res.Status, res.Raw)
	})
}

func TestLayouts_ListGet(t *testing.T) {
	f := mustNewServer(t)
	// Every environment starts with Novu's default layout, the oldest.
	start := f.dev(http.MethodGet, "/v1/layouts", "").Body["data"].([]any)
	require.Len(t, start, 1)
	ids := []string{start[0].(map[string]any)["_id"].(string)}
	for i := range 3 {
		ids = append(ids, mustCreateLayout(t, f, fmt.Sprintf("l%d", i), ""))
		f.advance(1000000)
	}
	cases := []struct {
		name, query string
		status      int
		want        []string
	}{
		{"newest first by default", "", 200, []string{ids[3], ids[2], ids[1], ids[0]}},
		{"ascending", "?orderBy=1&sortBy=createdAt", 200, ids},
		{"page 1 of 2", "?page=1&pageSize=3", 200, []string{ids[0]}},
		{"ascending page 1", "?page=1&pageSize=3&orderBy=1&sortBy=createdAt", 200, []string{ids[3]}},
		// Novu's filterLayouts applies orderBy only to a sortBy; without one it sorts createdAt -1.
		{"orderBy alone is ignored", "?orderBy=1", 200, []string{ids[3], ids[2], ids[1], ids[0]}},
		{"orderBy alone, page 1", "?page=1&pageSize=3&orderBy=1", 200, []string{ids[0]}},
		{"sortBy alone is descending", "?sortBy=createdAt", 200, []string{ids[3], ids[2], ids[1], ids[0]}},
		{"sortBy identifier ascending", "?sortBy=identifier&orderBy=1", 200, []string{ids[1], ids[2], ids[3], ids[0]}},
		{"sortBy name descending", "?sortBy=name&orderBy=-1", 200, []string{ids[3], ids[2], ids[1], ids[0]}},
		{"sortBy identifier descending, page 1", "?sortBy=identifier&page=1&pageSize=2", 200, []string{ids[2], ids[1]}},
		{"page size too large", "?pageSize=1001", 400, nil},
		{"page size 0 is no limit (MongoDB's limit(0))", "?page=1&pageSize=0", 200, []string{ids[3], ids[2], ids[1], ids[0]}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(http.MethodGet, "/v1/layouts"+c.query, "")
			require.Equal(t, c.status, res.Status, res.Raw)
			if c.status != 200 {
				assert.Equal(t, "Page size can not be larger then 1000", res.Body["message"])
				return
			}
			assert.EqualValues(t, 4, res.Body["totalCount"])
			var got []string
			for _, l := range res.Body["data"].([]any) {
				got = append(got, l.(map[string]any)["_id"].(string))
			}
			assert.Equal(t, c.want, got)
		})
	}
	t.Run("get unknown", func(t *testing.T) {
		env := f.dev(http.MethodGet, "/v1/environments/me", "").Body["data"].(map[string]any)["_id"].(string)
		res := f.dev(http.MethodGet, "/v1/layouts/aaaaaaaaaaaaaaaaaaaaaaaa", "")
		assert.Equal(t, http.StatusNotFound, res.Status)
		assert.Equal(t, "Layout not found for id aaaaaaaaaaaaaaaaaaaaaaaa in the environment "+env, res.Body["message"])
	})
	t.Run("production sees only its own default", func(t *testing.T) {
		assert.EqualValues(t, 1, f.prod(http.MethodGet, "/v1/layouts", "").Body["totalCount"])
		assert.Equal(t, http.StatusNotFound, f.prod(http.MethodGet, "/v1/layouts/"+ids[1], "").Status)
	})
}

func TestLayouts_UpdateDeleteDefault(t *testing.T) {
	f := mustNewServer(t)
	a := mustCreateLayout(t, f, "a", `,"isDefault":true`)
	b := mustCreateLayout(t, f, "b", "")
	c := mustCreateLayout(t, f, "c", "")
	env := f.dev(http.MethodGet, "/v1/environments/me", "").Body["data"].(map[string]any)["_id"].(string)
	mustCreateWorkflow(t, f, "Uses c", fmt.Sprintf(`,"steps":[{"template":{"type":"email","subject":"s","content":"x","layoutId":%q}}]`, c))
	cases := []struct {
		name, method, path, body string
		status                   int
		message                  string
	}{
		{"rename", http.MethodPatch, "/v1/layouts/" + b, `{"name":"B2","content":"<b>{{{body}}}</b>"}`, 200, ""},
		{"content without body", http.MethodPatch, "/v1/layouts/" + b, `{"content":"<b></b>"}`, 400, "Layout content must contain {{{body}}}"},
		{"identifier clash", http.MethodPatch, "/v1/layouts/" + b, `{"identifier":"a"}`, 409, "Layout with identifier: a already exists under environment " + env},
		{"un-default the default", http.MethodPatch, "/v1/layouts/" + a, `{"isDefault":false}`, 409, "One default layout is required"},
		{"update unknown", http.MethodPatch, "/v1/layouts/aaaaaaaaaaaaaaaaaaaaaaaa", `{"name":"x"}`, 404, ""},
		{"delete the default", http.MethodDelete, "/v1/layouts/" + a, "", 409,
			"Layout with id " + a + " is being used as your default layout, so it can not be deleted"},
		{"delete a used one", http.MethodDelete, "/v1/layouts/" + c, "", 409, "Layout with id " + c + " is being used so it can not be deleted"},
		{"set default", http.MethodPost, "/v1/layouts/" + b + "/default", "", 204, ""},
		{"set default unknown", http.MethodPost, "/v1/layouts/aaaaaaaaaaaaaaaaaaaaaaaa/default", "", 404, ""},
		{"delete the former default", http.MethodDelete, "/v1/layouts/" + a, "", 204, ""},
		{"delete again", http.MethodDelete, "/v1/layouts/" + a, "", 404, ""},
		{"patch isDefault on", http.MethodPatch, "/v1/layouts/" + c, `{"isDefault":true}`, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := f.dev(tc.method, tc.path, tc.body)
			expectAnswer(t, res, tc.status, tc.message)
			if tc.status == 204 {
				assert.Empty(t, res.Raw)
			}
		})
	}
	t.Run("flags follow", func(t *testing.T) {
		assert.False(t, layoutDefault(t, f, b))
		assert.True(t, layoutDefault(t, f, c))
		res := f.dev(http.MethodGet, "/v1/layouts/"+b, "")
		assert.Equal(t, "B2", res.Body["data"].(map[string]any)["name"])
	})
}

// Novu's DeleteLayout (check-layout-is-used before the isDefault test) answers "is being used"
// for a default layout that a step names, and the default answer only for an unused default.
func TestLayouts_DeleteChecksUseBeforeDefault(t *testing.T) {
	for _, tc := range []struct {
		name            string
		used, isDefault bool
		status          int
		message         string
	}{
		{"used default", true, true, 409, "Layout with id %s is being used so it can not be deleted"},
		{"unused default", false, true, 409, "Layout with id %s is being used as your default layout, so it can not be deleted"},
		{"used", true, false, 409, "Layout with id %s is being used so it can not be deleted"},
		{"neither", false, false, 204, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustNewServer(t)
			extra := ""
			if tc.isDefault {
				extra = `,"isDefault":true`
			}
			id := mustCreateLayout(t, f, "l", extra)
			if tc.used {
				mustCreateWorkflow(t, f, "Uses l", fmt.Sprintf(`,"steps":[{"template":{"type":"email","subject":"s","content":"x","layoutId":%q}}]`, id))
			}
			message := ""
			if tc.message != "" {
				message = fmt.Sprintf(tc.message, id)
			}
			expectAnswer(t, f.dev(http.MethodDelete, "/v1/layouts/"+id, ""), tc.status, message)
		})
	}
}

// Novu's UpdateLayout ignores an empty name, identifier, description or content (it spreads
// each only when truthy) and checks identifier, then default flag, then content.
func TestLayouts_UpdateEmptyStringsAndCheckOrder(t *testing.T) {
	f := mustNewServer(t)
	a := mustCreateLayout(t, f, "a", `,"isDefault":true`)
	b := mustCreateLayout(t, f, "b", `,"description":"D"`)
	env := f.envID(f.Dev)
	for _, tc := range []struct {
		name, id, body string
		status         int
		message        string
	}{
		{"empty content is ignored", b, `{"content":""}`, 200, ""},
		{"empty name and description are ignored", b, `{"name":"","description":""}`, 200, ""},
		{"empty identifier is ignored", b, `{"identifier":""}`, 200, ""},
		{"identifier clash before content", b, `{"identifier":"a","content":"<b></b>"}`, 409,
			"Layout with identifier: a already exists under environment " + env},
		{"default flag before content", a, `{"isDefault":false,"content":"<b></b>"}`, 409, "One default layout is required"},
		{"content still checked", b, `{"content":"<b></b>"}`, 400, "Layout content must contain {{{body}}}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectAnswer(t, f.dev(http.MethodPatch, "/v1/layouts/"+tc.id, tc.body), tc.status, tc.message)
			res := f.dev(http.MethodGet, "/v1/layouts/"+b, "")
			require.Equal(t, http.StatusOK, res.Status, res.Raw)
			got := res.Body["data"].(map[string]any)
			assert.Equal(t, "L b", got["name"])
			assert.Equal(t, "b", got["identifier"])
			assert.Equal(t, "D", got["description"])
			assert.Equal(t, "<p>{{{body}}}</p>", got["content"])
		})
	}
}

// Novu's CreateLayout stores the variables its content declares (ContentService.extractVariables
// over the Handlebars tree); a request variable of the same name lends only defaultValue and
// required, and content that does not parse answers 400 before the {{{body}}} check.
func TestLayouts_CreateExtractsVariables(t *testing.T) {
	str := func(name string, def any, req bool) map[string]any {
		return map[string]any{"name": name, "type": "String", "defaultValue": def, "required": req}
	}
	for _, tc := range []struct {
		name, content, variables string
		status                   int
		message                  string
		want                     []any
	}{
		{"none but body", "<p>{{{body}}}</p>", "", 201, "", []any{}},
		{"plain and triple", "{{{body}}} {{name}} {{{html}}} {{ payload.x }}", "", 201, "",
			[]any{str("name", "", false), str("html", "", false), str("payload.x", "", false)}},
		{"request lends default and required only", "{{{body}}} {{name}}",
			`,"variables":[{"name":"name","type":"Array","defaultValue":"N","required":true},{"name":"other"}]`, 201, "",
			[]any{str("name", "N", true)}},
		{"helpers", `{{{body}}} {{uppercase who}} {{custom what}} {{i18n "k"}} {{dateFormat (now) "x"}}`, "", 201, "",
			[]any{str("who", "", false), str("dateFormat", "", false)}},
		{"blocks in Novu's order", "{{#if shown}}{{inner}}{{else}}{{hidden}}{{/if}}{{#each items}}{{title}}{{/each}}{{{body}}}{{#with user}}{{first}}{{/with}}{{top}}", "", 201, "",
			[]any{str("top", "", false),
				map[string]any{"name": "items", "type": "Array", "required": false}, str("items.title", "", false), str("user.first", "", false),
				map[string]any{"name": "shown", "type": "Boolean", "defaultValue": true, "required": false}, str("inner", "", false)}},
		{"comments and partials", "{{!-- {{a}} --}}{{! b }}{{> footer}}{{{body}}}", "", 201, "", []any{}},
		{"unclosed block", "{{{body}}}{{#if a}}", "", 400, "Failed to extract variables", nil},
		{"mismatched close", "{{{body}}}{{#if a}}{{/each}}", "", 400, "Failed to extract variables", nil},
		{"unparsable before body check", "{{#if a}}", "", 400, "Failed to extract variables", nil},
		{"no body", "<p>{{name}}</p>", "", 400, "Layout content must contain {{{body}}}", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustNewServer(t)
			res := f.dev(http.MethodPost, "/v1/layouts", fmt.Sprintf(`{"name":"L","identifier":"l","content":%q%s}`, tc.content, tc.variables))
			expectAnswer(t, res, tc.status, tc.message)
			if tc.status != 201 {
				return
			}
			got := f.dev(http.MethodGet, "/v1/layouts/"+res.Body["data"].(map[string]any)["_id"].(string), "")
			require.Equal(t, http.StatusOK, got.Status, got.Raw)
			assert.Equal(t, tc.want, got.Body["data"].(map[string]any)["variables"])
		})
	}
}

// The seeded default layout went through Novu's CreateLayout too: its variables are those its
// content declares (none but the reserved body), answered as an empty list.
func TestLayouts_SeededDefaultHasVariables(t *testing.T) {
	f := mustNewServer(t)
	res := f.dev(http.MethodGet, "/v1/layouts", "")
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	layouts := res.Body["data"].([]any)
	require.Len(t, layouts, 1)
	l := layouts[0].(map[string]any)
	assert.Equal(t, "novu-default-layout", l["identifier"])
	assert.Equal(t, []any{}, l["variables"])
}

// TestLayouts_ValidationMessages: the create DTO checks content only for being defined; the
// list's page and pageSize are class-validator integers with @Min(0), both failing on a value
// that is not a number; the update controller refuses an empty payload, and a PATCH without a
// body is read as {}.
func TestLayouts_ValidationMessages(t *testing.T) {
	f := mustNewServer(t)
	id := mustCreateLayout(t, f, "valid", "")
	tests := []struct {
		name, method, path, body string
		message                  any
	}{
		{"create with an empty body", http.MethodPost, "/v1/layouts", `{}`, []any{
			"name should not be null or undefined", "name must be a string",
			"identifier should not be null or undefined", "identifier must be a string",
			"content should not be null or undefined"}},
		{"page and pageSize not numbers", http.MethodGet, "/v1/layouts?page=first&pageSize=big", "", []any{
			"page must not be less than 0", "page must be an integer number",
			"pageSize must not be less than 0", "pageSize must be an integer number"}},
		{"fractions", http.MethodGet, "/v1/layouts?page=1.5&pageSize=1.5", "", []any{
			"page must be an integer number", "pageSize must be an integer number"}},
		{"negative", http.MethodGet, "/v1/layouts?page=-1&pageSize=-1", "", []any{
			"page must not be less than 0", "pageSize must not be less than 0"}},
		{"page size over 1000", http.MethodGet, "/v1/layouts?page=1&pageSize=1001", "", "Page size can not be larger then 1000"},
		{"update with {}", http.MethodPatch, "/v1/layouts/" + id, `{}`, "Payload can not be empty"},
		{"update without a body", http.MethodPatch, "/v1/layouts/" + id, "", "Payload can not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev(tt.method, tt.path, tt.body)
			require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
			assert.Equal(t, tt.message, res.Body["message"])
			assert.Equal(t, "Bad Request", res.Body["error"])
		})
	}
}
