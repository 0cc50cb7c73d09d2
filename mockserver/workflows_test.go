package mockserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

// prod sends a raw request with the Production key.
func (f *fake) prod(method, path, body string, headers ...string) rawResponse {
	f.t.Helper()
	return f.do(method, path, "ApiKey "+f.srv.ProdAPIKey(), body, headers...)
}

// generalGroup is the id of the `General` group every environment starts with.
func generalGroup(t *testing.T, send func(method, path, body string, headers ...string) rawResponse) string {
	t.Helper()
	res := send(http.MethodGet, "/v1/notification-groups", "")
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	for _, g := range res.Body["data"].([]any) {
		if g := g.(map[string]any); g["name"] == "General" {
			return g["_id"].(string)
		}
	}
	t.Fatal("no General group")
	return ""
}

// inAppStep is a workflow step body with an in-app template.
const inAppStep = `{"template":{"type":"in_app","content":"Hi {{subscriber.firstName}}, {{actorName}} said {{message}}","cta":{"type":"redirect","data":{"url":"/x"}}}}`

// mustCreateWorkflow creates a Development workflow and returns its data object.
func mustCreateWorkflow(t *testing.T, f *fake, name string, extra string) map[string]any {
	t.Helper()
	body := fmt.Sprintf(`{"name":%q,"notificationGroupId":%q,"steps":[%s]%s}`, name, generalGroup(t, f.dev), inAppStep, extra)
	res := f.dev(http.MethodPost, "/v1/workflows", body)
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	return res.Body["data"].(map[string]any)
}

func trigger(wf map[string]any) string {
	return wf["triggers"].([]any)[0].(map[string]any)["identifier"].(string)
}

func TestWorkflows_Create(t *testing.T) {
	f := mustNewServer(t)
	group := generalGroup(t, f.dev)
	wf := mustCreateWorkflow(t, f, "Comment mention", "")
	t.Run("defaults, ids and trigger", func(t *testing.T) {
		assert.Equal(t, "comment-mention", trigger(wf))
		assert.Equal(t, false, wf["active"])
		assert.Equal(t, true, wf["draft"])
		assert.Equal(t, false, wf["critical"])
		assert.Equal(t, group, wf["_notificationGroupId"])
		assert.NotContains(t, wf, "notificationGroup", "a single answer populates no group")
		assert.Equal(t, "REGULAR", wf["type"])
		assert.Equal(t, false, wf["isBlueprint"])
		step := wf["steps"].([]any)[0].(map[string]any)
		tpl := step["template"].(map[string]any)
		assert.Len(t, step["_id"], 24)
		assert.Equal(t, tpl["_id"], step["_templateId"])
		assert.Equal(t, "Hi {{subscriber.firstName}}, {{actorName}} said {{message}}", tpl["content"])
		tr := wf["triggers"].([]any)[0].(map[string]any)
		assert.Equal(t, []any{map[string]any{"name": "actorName", "type": "String"}, map[string]any{"name": "message", "type": "String"}}, tr["variables"])
		assert.Equal(t, []any{}, tr["subscriberVariables"], "only an SMS or e-mail step adds phone or email")
	})
	t.Run("active true is not a draft", func(t *testing.T) {
		wf := mustCreateWorkflow(t, f, "Active one", `,"active":true`)
		assert.Equal(t, true, wf["active"])
		assert.Equal(t, false, wf["draft"])
	})
	t.Run("taken identifier gets a suffix", func(t *testing.T) {
		again := mustCreateWorkflow(t, f, "Comment  mention!", "")
		assert.True(t, strings.HasPrefix(trigger(again), "comment-mention-"), trigger(again))
	})
	cases := []struct {
		name, body string
		status     int
		message    any
	}{
		{"missing group", `{"name":"x","steps":[]}`, 400,
			[]any{"Notification group must be provided ", "notificationGroupId must be a string"}},
		{"missing group and name", `{"steps":[]}`, 400, []any{"name should not be null or undefined", "name must be a string",
			"Notification group must be provided ", "notificationGroupId must be a string"}},
		{"unknown group", `{"name":"x","notificationGroupId":"aaaaaaaaaaaaaaaaaaaaaaaa","steps":[]}`, 400,
			"Notification group with id aaaaaaaaaaaaaaaaaaaaaaaa not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(http.MethodPost, "/v1/workflows", c.body)
			assert.Equal(t, c.status, res.Status, res.Raw)
			if c.message != nil {
				assert.Equal(t, c.message, res.Body["message"])
			}
		})
	}
	t.Run("production key is refused", func(t *testing.T) {
		body := fmt.Sprintf(`{"name":"p","notificationGroupId":%q,"steps":[]}`, generalGroup(t, f.prod))
		for _, path := range []string{"/v1/workflows", "/v1/notification-templates"} {
			res := f.prod(http.MethodPost, path, body)
			assert.Equal(t, http.StatusUnauthorized, res.Status, res.Raw)
			assert.Equal(t, "This action is only allowed in Development environment", res.Body["message"])
		}
	})
}

// TestWorkflows_Blueprint: a create with blueprintId goes through Novu's processBlueprint: the
// group comes from notificationGroup.name (found, or created with its change), notificationGroupId
// is not looked up, the steps lose feedId, data is dropped, and blueprintId is kept (v2.0.0
// create-workflow.usecase.ts:430-453,532-562; answers of a real v2.0.0).
func TestWorkflows_Blueprint(t *testing.T) {
	f := mustNewServer(t)
	general := generalGroup(t, f.dev)
	feed := f.dev(http.MethodPost, "/v1/feeds", `{"name":"News"}`).Body["data"].(map[string]any)["_id"].(string)
	unknownGroup := "000000000000000000000001"
	tests := []struct {
		name, body string
		status     int
		message    string
		group      string // "new" for a group created by the call
	}{
		{"no notificationGroup", `{"name":"B1","notificationGroupId":"` + general + `","blueprintId":"bp","steps":[]}`,
			http.StatusNotFound, "Notification group was not provided", ""},
		{"an empty name", `{"name":"B2","notificationGroupId":"` + general + `","notificationGroup":{"name":""},"blueprintId":"bp","steps":[]}`,
			http.StatusNotFound, "Notification group was not provided", ""},
		{"an existing group by name", `{"name":"B3","notificationGroupId":"` + unknownGroup + `","notificationGroup":{"name":"General"},"blueprintId":"bp","data":{"x":1},"steps":[{"template":{"type":"in_app","content":"hi","feedId":"` + feed + `"}}]}`,
			http.StatusCreated, "", general},
		{"a new group", `{"name":"B4","notificationGroupId":"` + unknownGroup + `","notificationGroup":{"name":"Blueprints"},"blueprintId":"bp","steps":[]}`,
			http.StatusCreated, "", "new"},
		{"without blueprintId the group id counts", `{"name":"B5","notificationGroupId":"` + unknownGroup + `","notificationGroup":{"name":"General"},"steps":[]}`,
			http.StatusBadRequest, "Notification group with id " + unknownGroup + " not found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groupsBefore := len(f.dev(http.MethodGet, "/v1/notification-groups", "").Body["data"].([]any))
			res := f.dev(http.MethodPost, "/v1/workflows", tt.body)
			expectAnswer(t, res, tt.status, tt.message)
			groups := f.dev(http.MethodGet, "/v1/notification-groups", "").Body["data"].([]any)
			if tt.status != http.StatusCreated {
				assert.Len(t, groups, groupsBefore)
				return
			}
			wf := res.Body["data"].(map[string]any)
			assert.Equal(t, "bp", wf["blueprintId"])
			assert.NotContains(t, wf, "data", "processBlueprint does not pass data on")
			for _, s := range wf["steps"].([]any) {
				assert.Nil(t, s.(map[string]any)["template"].(map[string]any)["_feedId"])
			}
			if tt.group == "new" {
				require.Len(t, groups, groupsBefore+1)
				g := groups[len(groups)-1].(map[string]any)
				assert.Equal(t, "Blueprints", g["name"])
				assert.Equal(t, g["_id"], wf["_notificationGroupId"])
				assert.Equal(t, "Blueprints", pendingChanges(t, f)["NotificationGroup"]["templateName"])
			} else {
				assert.Len(t, groups, groupsBefore)
				assert.Equal(t, tt.group, wf["_notificationGroupId"])
			}
		})
	}
}

func TestWorkflows_ListAndGet(t *testing.T) {
	f := mustNewServer(t)
	a := mustCreateWorkflow(t, f, "Alpha news", "")
	mustCreateWorkflow(t, f, "Beta digest", "")
	mustCreateWorkflow(t, f, "Gamma", "")
	lists := []struct {
		name, path string
		total, n   int
		page, size float64
	}{
		{"all", "/v1/workflows", 3, 3, 0, 10},
		{"paged", "/v1/workflows?page=1&limit=2", 3, 1, 1, 2},
		{"query by name", "/v1/workflows?query=beta", 1, 1, 0, 10},
		{"query by identifier", "/v1/workflows?query=alpha-news", 1, 1, 0, 10},
		{"legacy alias", "/v1/notification-templates?limit=2", 3, 2, 0, 2},
	}
	for _, c := range lists {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(http.MethodGet, c.path, "")
			require.Equal(t, http.StatusOK, res.Status, res.Raw)
			assert.EqualValues(t, c.total, res.Body["totalCount"])
			assert.Len(t, res.Body["data"], c.n)
			assert.Equal(t, c.page, res.Body["page"])
			assert.Equal(t, c.size, res.Body["pageSize"])
		})
	}
	t.Run("newest first", func(t *testing.T) {
		var names []any
		for _, wf := range f.dev(http.MethodGet, "/v1/workflows", "").Body["data"].([]any) {
			names = append(names, wf.(map[string]any)["name"])
		}
		assert.Equal(t, []any{"Gamma", "Beta digest", "Alpha news"}, names)
		page := f.dev(http.MethodGet, "/v1/workflows?page=1&limit=2", "").Body["data"].([]any)
		assert.Equal(t, "Alpha news", page[0].(map[string]any)["name"])
	})
	t.Run("limit over 100", func(t *testing.T) {
		assert.Equal(t, http.StatusBadRequest, f.dev(http.MethodGet, "/v1/workflows?limit=101", "").Status)
	})
	gets := []struct {
		name, path string
		status     int
		message    string
	}{
		{"by id", "/v1/workflows/" + a["_id"].(string), 200, ""},
		{"by identifier", "/v1/workflows/alpha-news", 200, ""},
		{"alias by identifier", "/v1/notification-templates/alpha-news", 200, ""},
		{"unknown", "/v1/workflows/nope", 404, "Template with id nope not found"},
		{"alias unknown", "/v1/notification-templates/nope", 404, "Template with id nope not found"},
	}
	for _, c := range gets {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(http.MethodGet, c.path, "")
			require.Equal(t, c.status, res.Status, res.Raw)
			if c.status == 200 {
				assert.Equal(t, a["_id"], res.Body["data"].(map[string]any)["_id"])
			} else {
				assert.Equal(t, c.message, res.Body["message"])
			}
		})
	}
	t.Run("variables", func(t *testing.T) {
		res := f.dev(http.MethodGet, "/v1/workflows/variables", "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		assert.Contains(t, res.Body["data"].(map[string]any)["system"], "subscriber")
	})
	t.Run("production sees none of them", func(t *testing.T) {
		res := f.prod(http.MethodGet, "/v1/workflows", "")
		assert.EqualValues(t, 0, res.Body["totalCount"])
		assert.Equal(t, http.StatusNotFound, f.prod(http.MethodGet, "/v1/workflows/alpha-news", "").Status)
	})
}

func TestWorkflows_Update(t *testing.T) {
	f := mustNewServer(t)
	a := mustCreateWorkflow(t, f, "Alpha", "")
	mustCreateWorkflow(t, f, "Beta", "")
	id := a["_id"].(string)
	cases := []struct {
		name, path, body string
		status           int
		message          string
		check            func(t *testing.T, wf map[string]any)
	}{
		{"rename keeps identifier", "/v1/workflows/" + id, `{"name":"Alpha 2","tags":["x"]}`, 200, "", func(t *testing.T, wf map[string]any) {
			assert.Equal(t, "Alpha 2", wf["name"])
			assert.Equal(t, "alpha", trigger(wf))
			assert.Equal(t, []any{"x"}, wf["tags"])
		}},
		{"new identifier", "/v1/workflows/" + id, `{"identifier":"alpha-new"}`, 200, "", func(t *testing.T, wf map[string]any) {
			assert.Equal(t, "alpha-new", trigger(wf))
		}},
		{"same identifier is fine", "/v1/workflows/" + id, `{"identifier":"alpha-new"}`, 200, "", nil},
		{"identifier clash", "/v1/workflows/" + id, `{"identifier":"beta"}`, 400, "Workflow with identifier beta already exists", nil},
		{"nothing to update", "/v1/workflows/" + id, `{}`, 400, "No properties found for update", nil},
		{"empty identifier alone is nothing", "/v1/workflows/" + id, `{"identifier":""}`, 400, "No properties found for update", nil},
		{"empty name alone is nothing", "/v1/workflows/" + id, `{"name":""}`, 400, "No properties found for update", nil},
		{"empty name and identifier are skipped", "/v1/workflows/" + id, `{"name":"","identifier":"","tags":[]}`, 200, "",
			func(t *testing.T, wf map[string]any) {
				assert.Equal(t, "Alpha 2", wf["name"])
				assert.Equal(t, "alpha-new", trigger(wf))
				assert.Equal(t, []any{}, wf["tags"])
			}},
		{"empty identifier still found by its old one", "/v1/workflows/alpha-new", `{"identifier":"","description":""}`, 200, "",
			func(t *testing.T, wf map[string]any) {
				assert.Equal(t, "alpha-new", trigger(wf))
				assert.Equal(t, "", wf["description"])
			}},
		{"unknown", "/v1/workflows/nope", `{"name":"x"}`, 404, "Notification template with id nope not found", nil},
		{"alias", "/v1/notification-templates/" + id, `{"critical":true}`, 200, "", func(t *testing.T, wf map[string]any) {
			assert.Equal(t, true, wf["critical"])
		}},
		{"steps replaced", "/v1/workflows/" + id, `{"steps":[{"template":{"type":"sms","content":"{{code}}"}}]}`, 200, "",
			func(t *testing.T, wf map[string]any) {
				tr := wf["triggers"].([]any)[0].(map[string]any)
				assert.Equal(t, []any{map[string]any{"name": "code", "type": "String"}}, tr["variables"])
				assert.Equal(t, []any{map[string]any{"name": "phone"}}, tr["subscriberVariables"])
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(http.MethodPut, c.path, c.body)
			expectAnswer(t, res, c.status, c.message)
			if c.check != nil {
				c.check(t, res.Body["data"].(map[string]any))
			}
		})
	}
	t.Run("old identifier is free again", func(t *testing.T) {
		assert.Equal(t, http.StatusNotFound, f.dev(http.MethodGet, "/v1/workflows/alpha", "").Status)
	})
	t.Run("production may update (not guarded) but sees only its own", func(t *testing.T) {
		res := f.prod(http.MethodPut, "/v1/workflows/"+id, `{"name":"x"}`)
		assert.Equal(t, http.StatusNotFound, res.Status, res.Raw)
	})
}

func TestWorkflows_StatusAndDelete(t *testing.T) {
	f := mustNewServer(t)
	id := mustCreateWorkflow(t, f, "Alpha", "")["_id"].(string)
	cases := []struct {
		name, method, path, body string
		status                   int
		message                  string
	}{
		{"activate", http.MethodPut, "/v1/workflows/" + id + "/status", `{"active":true}`, 200, ""},
		{"same status", http.MethodPut, "/v1/workflows/" + id + "/status", `{"active":true}`, 400, "You must provide a different status from the current status"},
		{"alias deactivate", http.MethodPut, "/v1/notification-templates/" + id + "/status", `{"active":false}`, 200, ""},
		{"status unknown", http.MethodPut, "/v1/workflows/nope/status", `{"active":true}`, 404, "Template with id nope not found"},
		{"delete", http.MethodDelete, "/v1/workflows/" + id, "", 200, ""},
		{"gone", http.MethodGet, "/v1/workflows/" + id, "", 404, "Template with id " + id + " not found"},
		{"delete again", http.MethodDelete, "/v1/workflows/" + id, "", 400, "Could not find workflow with id " + id},
		{"alias delete unknown", http.MethodDelete, "/v1/notification-templates/nope", "", 400, "Could not find workflow with id nope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(c.method, c.path, c.body)
			expectAnswer(t, res, c.status, c.message)
			if c.name == "activate" {
				assert.Equal(t, false, res.Body["data"].(map[string]any)["draft"])
			}
			if c.name == "delete" {
				assert.Equal(t, true, res.Body["data"])
			}
		})
	}
	t.Run("production key is refused", func(t *testing.T) {
		for _, r := range [][2]string{{http.MethodDelete, "/v1/workflows/x"}, {http.MethodPut, "/v1/workflows/x/status"},
			{http.MethodDelete, "/v1/notification-templates/x"}, {http.MethodPut, "/v1/notification-templates/x/status"}} {
			res := f.prod(r[0], r[1], `{"active":true}`)
			assert.Equal(t, http.StatusUnauthorized, res.Status, r[1])
		}
	})
}

// TestWorkflows_IntegrationStatus: the list gives each workflow Novu's workflowIntegrationStatus
// (get-active-integrations-status.usecase.ts at v2.0.0): per channel whether an active (and for
// e-mail and SMS a primary) integration exists, and for the workflow whether all its channel
// steps have one; hasPrimaryIntegrations is there only when an e-mail or SMS step lacks a primary.
func TestWorkflows_IntegrationStatus(t *testing.T) {
	email := `{"template":{"type":"email","subject":"s","content":"c"}}`
	chat := `{"template":{"type":"chat","content":"c"}}`
	delay := `{"template":{"type":"delay"},"metadata":{"type":"regular","amount":1,"unit":"hours"}}`
	cloud := map[string]any{"in_app": map[string]any{"hasActiveIntegrations": true},
		"email": map[string]any{"hasActiveIntegrations": true, "hasPrimaryIntegrations": true},
		"sms":   map[string]any{"hasActiveIntegrations": true, "hasPrimaryIntegrations": true},
		"chat":  map[string]any{"hasActiveIntegrations": false},
		"push":  map[string]any{"hasActiveIntegrations": false}}
	selfHostedChannels := map[string]any{"in_app": map[string]any{"hasActiveIntegrations": true},
		"email": map[string]any{"hasActiveIntegrations": false, "hasPrimaryIntegrations": false},
		"sms":   map[string]any{"hasActiveIntegrations": false, "hasPrimaryIntegrations": false},
		"chat":  map[string]any{"hasActiveIntegrations": false},
		"push":  map[string]any{"hasActiveIntegrations": false}}
	tests := []struct {
		name  string
		opts  []func(*mockserver.Options)
		steps string
		want  map[string]any
	}{
		{"in-app and e-mail on Novu Cloud's start", nil, inAppStep + "," + email,
			map[string]any{"hasActiveIntegrations": true, "channels": cloud}},
		{"a chat step without a chat integration", nil, inAppStep + "," + chat,
			map[string]any{"hasActiveIntegrations": false, "channels": cloud}},
		{"a delay needs none", nil, delay, map[string]any{"hasActiveIntegrations": true, "channels": cloud}},
		{"e-mail when self-hosted", []func(*mockserver.Options){selfHosted}, email,
			map[string]any{"hasActiveIntegrations": false, "hasPrimaryIntegrations": false, "channels": selfHostedChannels}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustNewServer(t, tt.opts...)
			body := fmt.Sprintf(`{"name":"W","notificationGroupId":%q,"steps":[%s]}`, generalGroup(t, f.dev), tt.steps)
			created := f.dev(http.MethodPost, "/v1/workflows", body)
			require.Equal(t, http.StatusCreated, created.Status, created.Raw)
			assert.NotContains(t, created.Body["data"], "workflowIntegrationStatus", "only the list computes it")
			list := f.dev(http.MethodGet, "/v1/workflows", "").Body["data"].([]any)
			require.Len(t, list, 1)
			assert.Equal(t, tt.want, list[0].(map[string]any)["workflowIntegrationStatus"])
			assert.Equal(t, "General", list[0].(map[string]any)["notificationGroup"].(map[string]any)["name"], "the list populates the group")
		})
	}
}

// TestWorkflows_TriggerVariables: the trigger's variables as v2.0.0's ContentService extracts
// them (content.service.ts extractMessageVariables, extractStepVariables,
// extractSubscriberMessageVariables). The first row is what a real v2.0.0 answered for the same
// steps.
func TestWorkflows_TriggerVariables(t *testing.T) {
	type v = map[string]any
	str := func(name string) v { return v{"name": name, "type": "String"} }
	tests := []struct {
		name, steps         string
		variables, reserved []any
		subscriberVariables []any
	}{
		{"names as written, typed, without system variables",
			`{"template":{"type":"in_app","content":"Hi {{subscriber.firstName}} {{tenant.name}} {{actor.firstName}} {{payload.a.b}} {{step.digest}} {{#each items}}{{this.x}}{{/each}} {{#if flag}}y{{/if}}"}},` +
				`{"template":{"type":"sms","content":"{{c}}"}}`,
			[]any{str("payload.a.b"), v{"name": "items", "type": "Array"}, str("items.this.x"), v{"name": "flag", "type": "Boolean"}, str("c")},
			[]any{v{"type": "tenant", "variables": []any{str("identifier")}}, v{"type": "actor", "variables": []any{str("subscriberId")}}},
			[]any{v{"name": "phone"}}},
		{"one per name, in first place, last type",
			`{"template":{"type":"in_app","content":"{{a}} {{b}} {{#if a}}x{{/if}}"}}`,
			[]any{v{"name": "a", "type": "Boolean"}, str("b")}, []any{}, []any{}},
		{"push title and e-mail subject",
			`{"template":{"type":"push","content":"{{p}}","title":"{{t}}"}},{"template":{"type":"email","subject":"{{s}}","content":"{{e}}"}}`,
			[]any{str("p"), str("t"), str("e")}, []any{}, []any{v{"name": "email"}}},
		{"payload conditions, a scheduled delay's path and a digest's key",
			`{"template":{"type":"delay"},"metadata":{"type":"scheduled","delayPath":"sendAt"}},` +
				`{"template":{"type":"digest"},"metadata":{"type":"regular","amount":1,"unit":"hours","digestKey":"postId"}},` +
				`{"template":{"type":"in_app","content":"x"},"filters":[{"type":"GROUP","value":"AND","children":[` +
				`{"on":"payload","field":"plan","value":"pro","operator":"EQUAL"},{"on":"subscriber","field":"locale","value":"en","operator":"EQUAL"}]}]}`,
			[]any{str("sendAt"), str("postId"), str("plan")}, []any{}, []any{}}, // step by step
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustNewServer(t)
			body := fmt.Sprintf(`{"name":"W","notificationGroupId":%q,"steps":[%s]}`, generalGroup(t, f.dev), tt.steps)
			res := f.dev(http.MethodPost, "/v1/workflows", body)
			require.Equal(t, http.StatusCreated, res.Status, res.Raw)
			tr := res.Body["data"].(map[string]any)["triggers"].([]any)[0].(map[string]any)
			assert.Equal(t, tt.variables, tr["variables"])
			assert.Equal(t, tt.reserved, tr["reservedVariables"])
			assert.Equal(t, tt.subscriberVariables, tr["subscriberVariables"])
		})
	}
}
