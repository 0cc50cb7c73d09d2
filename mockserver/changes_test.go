package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pendingChanges lists the unpromoted changes as type -> change.
func pendingChanges(t *testing.T, f *fake) map[string]map[string]any {
	t.Helper()
	res := f.dev(http.MethodGet, "/v1/changes?promoted=false&limit=100", "")
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	out := map[string]map[string]any{}
	for _, c := range res.Body["data"].([]any) {
		c := c.(map[string]any)
		out[c["type"].(string)] = c
	}
	return out
}

func TestChanges_RecordAndList(t *testing.T) {
	f := mustNewServer(t)
	wf := mustCreateWorkflow(t, f, "Alpha", "")
	f.dev(http.MethodPut, "/v1/workflows/"+wf["_id"].(string), `{"name":"Alpha 2"}`)
	f.dev(http.MethodPost, "/v1/notification-groups", `{"name":"G"}`)
	f.dev(http.MethodPost, "/v1/feeds", `{"name":"F"}`)
	mustCreateLayout(t, f, "l", "")
	cases := []struct {
		name, path string
		status     int
		total      int
	}{
		{"pending roots", "/v1/changes?promoted=false", 200, 4},
		{"promoted none yet", "/v1/changes?promoted=true", 200, 0},
		{"paged", "/v1/changes?promoted=false&page=1&limit=3", 200, 4},
		{"promoted is required", "/v1/changes", 400, 0},
		// Novu compares promoted with "true"; anything else lists the pending ones.
		{"promoted other than true", "/v1/changes?promoted=maybe", 200, 4},
		{"limit 0 is the default", "/v1/changes?promoted=false&limit=0", 200, 4},
		{"messages limit 0 is the default", "/v1/messages?limit=0", 200, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(http.MethodGet, c.path, "")
			require.Equal(t, c.status, res.Status, res.Raw)
			if c.status == 200 {
				assert.EqualValues(t, c.total, res.Body["totalCount"])
				assert.NotEqualValues(t, 0, res.Body["pageSize"])
			}
		})
	}
	t.Run("count", func(t *testing.T) {
		assert.EqualValues(t, 4, f.dev(http.MethodGet, "/v1/changes/count", "").Body["data"])
	})
	t.Run("snapshot and fields", func(t *testing.T) {
		c := pendingChanges(t, f)["NotificationTemplate"]
		assert.Equal(t, wf["_id"], c["_entityId"])
		assert.Equal(t, false, c["enabled"])
		// Novu rewrites an entity's pending change in place: it holds the update.
		assert.Equal(t, "Alpha 2", c["change"].(map[string]any)["name"])
		// The list shows the workflow as it is now, next to the change's snapshot.
		assert.Equal(t, wf["_id"], c["templateId"])
		assert.Equal(t, "Alpha 2", c["templateName"])
		assert.Equal(t, "G", pendingChanges(t, f)["NotificationGroup"]["templateName"])
		assert.Equal(t, "F", pendingChanges(t, f)["Feed"]["templateName"])
		assert.Equal(t, "L l", pendingChanges(t, f)["Layout"]["templateName"])
	})
	t.Run("production records nothing", func(t *testing.T) {
		f.prod(http.MethodPost, "/v1/feeds", `{"name":"P"}`)
		assert.EqualValues(t, 0, f.prod(http.MethodGet, "/v1/changes/count", "").Body["data"])
	})
}

// TestChanges_ListNamesDeleted: the list names a deleted workflow, feed or layout by its last
// name, as Novu finds soft-deleted ones (get-changes.usecase.ts findDeleted), but not a deleted
// group (hard-deleted); a DefaultLayout change names the other default layout (seen on v2.0.0).
func TestChanges_ListNamesDeleted(t *testing.T) {
	f := mustNewServer(t)
	wf := mustCreateWorkflow(t, f, "Doomed", "")
	require.Equal(t, http.StatusOK, f.dev(http.MethodDelete, "/v1/workflows/"+wf["_id"].(string), "").Status)
	feed := f.dev(http.MethodPost, "/v1/feeds", `{"name":"Gone feed"}`).Body["data"].(map[string]any)["_id"].(string)
	require.Equal(t, http.StatusOK, f.dev(http.MethodDelete, "/v1/feeds/"+feed, "").Status)
	group := f.dev(http.MethodPost, "/v1/notification-groups", `{"name":"Gone group"}`).Body["data"].(map[string]any)["_id"].(string)
	require.Equal(t, http.StatusOK, f.dev(http.MethodDelete, "/v1/notification-groups/"+group, "").Status)
	gone := mustCreateLayout(t, f, "gone", "")
	require.Equal(t, http.StatusNoContent, f.dev(http.MethodDelete, "/v1/layouts/"+gone, "").Status)
	// Making b the default records a root DefaultLayout change for the layout default before it
	// (the environment's Default Layout), with b's change under it.
	mustCreateLayout(t, f, "b", `,"isDefault":true`)

	byEntity := map[string]map[string]any{}
	for _, c := range f.dev(http.MethodGet, "/v1/changes?promoted=false&limit=100", "").Body["data"].([]any) {
		c := c.(map[string]any)
		byEntity[c["type"].(string)+"/"+c["_entityId"].(string)] = c
		if c["type"] == "DefaultLayout" {
			byEntity["DefaultLayout/"] = c
		}
	}
	cases := []struct {
		name, key             string
		templateName, tplID   any
		previousDefaultLayout any
	}{
		{"deleted workflow", "NotificationTemplate/" + wf["_id"].(string), "Doomed", wf["_id"], nil},
		{"deleted feed", "Feed/" + feed, "Gone feed", nil, nil},
		{"deleted group", "NotificationGroup/" + group, nil, nil, nil},
		{"deleted layout", "Layout/" + gone, "L gone", nil, nil},
		{"the layout that stopped being default", "DefaultLayout/", "Default Layout", nil, "L b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ch, ok := byEntity[c.key]
			require.True(t, ok, "no change %s in %v", c.key, byEntity)
			assert.Equal(t, c.templateName, ch["templateName"])
			assert.Equal(t, c.tplID, ch["templateId"])
			assert.Equal(t, c.previousDefaultLayout, ch["previousDefaultLayout"])
		})
	}
}

func TestChanges_Apply(t *testing.T) {
	f := mustNewServer(t)
	fres := f.dev(http.MethodPost, "/v1/feeds", `{"name":"News"}`)
	feed := fres.Body["data"].(map[string]any)["_id"].(string)
	layout := mustCreateLayout(t, f, "brand", "")
	steps := fmt.Sprintf(`,"steps":[{"template":{"type":"in_app","content":"hi","feedId":%q}},{"template":{"type":"email","subject":"s","content":"x","layoutId":%q}}]`, feed, layout)
	wf := mustCreateWorkflow(t, f, "Alpha", steps)
	f.dev(http.MethodPut, "/v1/workflows/"+wf["_id"].(string), `{"description":"v2"}`)
	pending := pendingChanges(t, f)

	t.Run("apply the workflow change (and its steps' message template changes)", func(t *testing.T) {
		res := f.dev(http.MethodPost, "/v1/changes/"+pending["NotificationTemplate"]["_id"].(string)+"/apply", `{}`)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		applied := res.Body["data"].([]any)
		assert.Len(t, applied, 3)
		for _, c := range applied {
			// Novu answers the changes as it read them, before marking them enabled.
			assert.Equal(t, false, c.(map[string]any)["enabled"])
		}
		promoted := f.dev(http.MethodGet, "/v1/changes?promoted=true", "").Body["data"].([]any)
		require.Len(t, promoted, 1, "children are not listed")
		assert.Equal(t, true, promoted[0].(map[string]any)["enabled"])
	})
	t.Run("workflow visible with the production key", func(t *testing.T) {
		res := f.prod(http.MethodGet, "/v1/workflows/alpha", "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		data := res.Body["data"].(map[string]any)
		assert.Equal(t, "v2", data["description"])
		assert.Equal(t, wf["_id"], data["_parentId"])
		assert.NotEqual(t, wf["_id"], data["_id"])
		// Steps keep their Development _id and _parentId; their templates are Production's own
		// copies, pointing back at the Development templates.
		for i, s := range data["steps"].([]any) {
			step, devStep := s.(map[string]any), wf["steps"].([]any)[i].(map[string]any)
			tpl := step["template"].(map[string]any)
			assert.Equal(t, devStep["_id"], step["_id"], "step %d", i)
			assert.Equal(t, devStep["_parentId"], step["_parentId"], "step %d", i)
			assert.NotEqual(t, devStep["_templateId"], step["_templateId"], "step %d", i)
			assert.Equal(t, step["_templateId"], tpl["_id"], "step %d", i)
			assert.Equal(t, devStep["_templateId"], tpl["_parentId"], "step %d", i)
		}
		assert.Equal(t, generalGroup(t, f.prod), data["_notificationGroupId"])
		// The referenced feed and layout came along, under Production ids.
		prodFeeds := f.prod(http.MethodGet, "/v1/feeds", "").Body["data"].([]any)
		require.Len(t, prodFeeds, 1)
		tpl := data["steps"].([]any)[0].(map[string]any)["template"].(map[string]any)
		assert.Equal(t, prodFeeds[0].(map[string]any)["_id"], tpl["_feedId"])
		prodLayouts := f.prod(http.MethodGet, "/v1/layouts", "").Body["data"].([]any)
		require.Len(t, prodLayouts, 2, "Production's own default and the promoted one")
		tpl = data["steps"].([]any)[1].(map[string]any)["template"].(map[string]any)
		assert.Equal(t, prodLayouts[0].(map[string]any)["_id"], tpl["_layoutId"], "newest first: the promoted layout")
	})
	t.Run("bulk apply the rest", func(t *testing.T) {
		ids := fmt.Sprintf(`{"changeIds":[%q,%q]}`, pending["Feed"]["_id"], pending["Layout"]["_id"])
		res := f.dev(http.MethodPost, "/v1/changes/bulk/apply", ids)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		assert.Len(t, res.Body["data"], 2)
		assert.EqualValues(t, 0, f.dev(http.MethodGet, "/v1/changes/count", "").Body["data"])
		assert.EqualValues(t, 3, f.dev(http.MethodGet, "/v1/changes?promoted=true", "").Body["totalCount"])
		assert.Len(t, f.prod(http.MethodGet, "/v1/feeds", "").Body["data"], 1, "no duplicate feed")
	})
	t.Run("a delete is promoted as a delete", func(t *testing.T) {
		require.Equal(t, http.StatusOK, f.dev(http.MethodDelete, "/v1/workflows/"+wf["_id"].(string), "").Status)
		c := pendingChanges(t, f)["NotificationTemplate"]
		require.NotNil(t, c)
		res := f.dev(http.MethodPost, "/v1/changes/"+c["_id"].(string)+"/apply", `{}`)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		assert.Equal(t, http.StatusNotFound, f.prod(http.MethodGet, "/v1/workflows/alpha", "").Status)
	})
	t.Run("groups and the default layout are promoted", func(t *testing.T) {
		f.dev(http.MethodPost, "/v1/notification-groups", `{"name":"Billing"}`)
		other := mustCreateLayout(t, f, "other", "")
		require.Equal(t, http.StatusNoContent, f.dev(http.MethodPost, "/v1/layouts/"+other+"/default", "").Status)
		var ids []string
		for _, c := range pendingChanges(t, f) {
			ids = append(ids, fmt.Sprintf("%q", c["_id"]))
		}
		require.Len(t, ids, 3) // the group, the new layout, the default switch
		res := f.dev(http.MethodPost, "/v1/changes/bulk/apply", fmt.Sprintf(`{"changeIds":[%s,%s,%s]}`, ids[0], ids[1], ids[2]))
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		assert.Len(t, f.prod(http.MethodGet, "/v1/notification-groups", "").Body["data"], 2)
		for _, l := range f.prod(http.MethodGet, "/v1/layouts", "").Body["data"].([]any) {
			l := l.(map[string]any)
			assert.Equal(t, l["identifier"] == "other", l["isDefault"], l["identifier"])
		}
	})
}

// TestChanges_BulkApply: as Novu's BulkApplyChange, the bulk call finds the listed changes of
// the environment, skips ids it does not find, applies each found change once, oldest first,
// and answers them all in one list.
func TestChanges_BulkApply(t *testing.T) {
	tests := []struct {
		name  string
		ids   func(group, feed string) []string
		want  []string // the answer's types, in order
		count int      // pending afterwards
	}{
		{"oldest first, whatever the order sent", func(g, f string) []string { return []string{f, g} },
			[]string{"NotificationGroup", "Feed"}, 0},
		{"an unknown id is skipped", func(g, f string) []string { return []string{"aaaaaaaaaaaaaaaaaaaaaaaa", f} },
			[]string{"Feed"}, 1},
		{"a repeated id is applied once", func(g, f string) []string { return []string{g, g} },
			[]string{"NotificationGroup"}, 1},
		{"nothing found", func(g, f string) []string { return []string{"aaaaaaaaaaaaaaaaaaaaaaaa"} }, []string{}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustNewServer(t)
			f.dev(http.MethodPost, "/v1/notification-groups", `{"name":"Billing"}`)
			f.dev(http.MethodPost, "/v1/feeds", `{"name":"News"}`)
			pending := pendingChanges(t, f)
			ids, _ := json.Marshal(map[string]any{"changeIds": tt.ids(pending["NotificationGroup"]["_id"].(string), pending["Feed"]["_id"].(string))})
			res := f.dev(http.MethodPost, "/v1/changes/bulk/apply", string(ids))
			require.Equal(t, http.StatusCreated, res.Status, res.Raw)
			got := []string{}
			for _, c := range res.Body["data"].([]any) {
				got = append(got, c.(map[string]any)["type"].(string))
			}
			assert.Equal(t, tt.want, got)
			assert.EqualValues(t, tt.count, f.dev(http.MethodGet, "/v1/changes/count", "").Body["data"])
		})
	}
}

// TestChanges_ApplyUnknown: Novu's ApplyChange checks the id is a MongoDB id, then answers a
// change it cannot find with 404 `Parent Change not found`.
func TestChanges_ApplyUnknown(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		name, id string
		status   int
		message  any
	}{
		{"unknown ObjectId", "aaaaaaaaaaaaaaaaaaaaaaaa", http.StatusNotFound, "Parent Change not found"},
		{"unknown ObjectId in capitals", "AAAAAAAAAAAAAAAAAAAAAAAA", http.StatusNotFound, "Parent Change not found"},
		{"not an ObjectId", "abc", http.StatusBadRequest, []any{"changeId must be a mongodb id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev(http.MethodPost, "/v1/changes/"+tt.id+"/apply", `{}`)
			require.Equal(t, tt.status, res.Status, res.Raw)
			assert.Equal(t, tt.message, res.Body["message"])
			assert.EqualValues(t, tt.status, res.Body["statusCode"])
		})
	}
}

// TestChanges_WorkflowChildren: as in Novu, a workflow's change carries one child change of type
// MessageTemplate for each message template the operation created, edited or deleted; applying
// answers the children first, then the workflow's change.
func TestChanges_WorkflowChildren(t *testing.T) {
	twoSteps := `,"steps":[{"template":{"type":"sms","content":"a"}},{"template":{"type":"in_app","content":"b"}}]`
	templates := func(wf map[string]any) []string {
		var out []string
		for _, s := range wf["steps"].([]any) {
			out = append(out, s.(map[string]any)["_templateId"].(string))
		}
		return out
	}
	tests := []struct {
		name string
		// act changes the workflow (after its creation was applied, unless it is nil) and
		// answers the template ids whose changes the pending workflow change must carry.
		act func(t *testing.T, f *fake, wf map[string]any) []string
	}{
		{"create", nil},
		{"update steps: edited, new and dropped", func(t *testing.T, f *fake, wf map[string]any) []string {
			old := templates(wf)
			res := f.dev(http.MethodPut, "/v1/workflows/"+wf["_id"].(string),
				fmt.Sprintf(`{"steps":[{"_templateId":%q,"template":{"type":"sms","content":"c"}},{"template":{"type":"chat","content":"d"}}]}`, old[0]))
			require.Equal(t, http.StatusOK, res.Status, res.Raw)
			return append(templates(res.Body["data"].(map[string]any)), old[1])
		}},
		{"update without steps", func(t *testing.T, f *fake, wf map[string]any) []string {
			res := f.dev(http.MethodPut, "/v1/workflows/"+wf["_id"].(string), `{"name":"Renamed"}`)
			require.Equal(t, http.StatusOK, res.Status, res.Raw)
			return nil
		}},
		{"delete", func(t *testing.T, f *fake, wf map[string]any) []string {
			require.Equal(t, http.StatusOK, f.dev(http.MethodDelete, "/v1/workflows/"+wf["_id"].(string), "").Status)
			return templates(wf)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustNewServer(t)
			wf := mustCreateWorkflow(t, f, "Kids", twoSteps)
			want := templates(wf)
			if tt.act != nil {
				root := pendingChanges(t, f)["NotificationTemplate"]["_id"].(string)
				require.Equal(t, http.StatusCreated, f.dev(http.MethodPost, "/v1/changes/"+root+"/apply", `{}`).Status)
				want = tt.act(t, f, wf)
			}
			root := pendingChanges(t, f)["NotificationTemplate"]
			require.NotNil(t, root)
			assert.EqualValues(t, 1, f.dev(http.MethodGet, "/v1/changes/count", "").Body["data"], "children are not counted")
			res := f.dev(http.MethodPost, "/v1/changes/"+root["_id"].(string)+"/apply", `{}`)
			require.Equal(t, http.StatusCreated, res.Status, res.Raw)
			applied := res.Body["data"].([]any)
			require.Len(t, applied, len(want)+1)
			var got []string
			for _, c := range applied[:len(want)] {
				c := c.(map[string]any)
				assert.Equal(t, "MessageTemplate", c["type"])
				assert.Equal(t, root["_id"], c["_parentId"])
				assert.Equal(t, c["_entityId"], c["change"].(map[string]any)["_id"])
				got = append(got, c["_entityId"].(string))
			}
			assert.ElementsMatch(t, want, got)
			assert.Equal(t, "NotificationTemplate", applied[len(want)].(map[string]any)["type"], "the workflow's change comes last")
		})
	}
}

// TestChanges_ApplyChild: Novu's ApplyChange applies the changes under the given one, then it; a
// MessageTemplate change applied by its own id is applied alone (only its template is promoted)
// and the workflow's change stays pending.
func TestChanges_ApplyChild(t *testing.T) {
	twoSteps := `,"steps":[{"template":{"type":"sms","content":"a"}},{"template":{"type":"in_app","content":"b"}}]`
	tests := []struct {
		name string
		// promoted: the workflow's creation is applied before act.
		promoted bool
		// act changes the workflow and answers the template whose change is applied alone.
		act func(t *testing.T, f *fake, wf map[string]any) string
		// wantProd is the Production workflow's step contents afterwards ("" = no template; nil = no workflow).
		wantProd []string
	}{
		{"child of a workflow never promoted", false, func(t *testing.T, f *fake, wf map[string]any) string {
			return stepTemplateID(wf, 0)
		}, nil},
		{"edited template", true, func(t *testing.T, f *fake, wf map[string]any) string {
			body := fmt.Sprintf(`{"name":"Renamed","steps":[{"_templateId":%q,"template":{"type":"sms","content":"a2"}},{"_templateId":%q,"template":{"type":"in_app","content":"b2"}}]}`,
				stepTemplateID(wf, 0), stepTemplateID(wf, 1))
			require.Equal(t, http.StatusOK, f.dev(http.MethodPut, "/v1/workflows/"+wf["_id"].(string), body).Status)
			return stepTemplateID(wf, 0)
		}, []string{"a2", "b"}},
		{"dropped template", true, func(t *testing.T, f *fake, wf map[string]any) string {
			body := fmt.Sprintf(`{"steps":[{"_templateId":%q,"template":{"type":"in_app","content":"b"}}]}`, stepTemplateID(wf, 1))
			require.Equal(t, http.StatusOK, f.dev(http.MethodPut, "/v1/workflows/"+wf["_id"].(string), body).Status)
			return stepTemplateID(wf, 0)
		}, []string{"", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustNewServer(t)
			wf := mustCreateWorkflow(t, f, "Kids", twoSteps)
			if tt.promoted {
				root := pendingChanges(t, f)["NotificationTemplate"]["_id"].(string)
				require.Equal(t, http.StatusCreated, f.dev(http.MethodPost, "/v1/changes/"+root+"/apply", `{}`).Status)
			}
			tpl := tt.act(t, f, wf)
			root := pendingChanges(t, f)["NotificationTemplate"]
			child := changeOf(t, f, "MessageTemplate", tpl)
			require.Equal(t, root["_id"], child["_parentId"])

			res := f.dev(http.MethodPost, "/v1/changes/"+child["_id"].(string)+"/apply", `{}`)
			require.Equal(t, http.StatusCreated, res.Status, res.Raw)
			applied := res.Body["data"].([]any)
			require.Len(t, applied, 1, "the child alone")
			assert.Equal(t, child["_id"], applied[0].(map[string]any)["_id"])
			assert.Equal(t, root["_id"], pendingChanges(t, f)["NotificationTemplate"]["_id"], "the workflow's change stays pending")

			prod := f.prod(http.MethodGet, "/v1/workflows/kids", "")
			if tt.wantProd == nil {
				assert.Equal(t, http.StatusNotFound, prod.Status, prod.Raw)
				return
			}
			require.Equal(t, http.StatusOK, prod.Status, prod.Raw)
			data := prod.Body["data"].(map[string]any)
			assert.Equal(t, "Kids", data["name"], "the workflow itself is not promoted")
			var got []string
			for _, s := range data["steps"].([]any) {
				content := ""
				if tpl, ok := s.(map[string]any)["template"].(map[string]any); ok {
					content = tpl["content"].(string)
				}
				got = append(got, content)
			}
			assert.Equal(t, tt.wantProd, got)
		})
	}
}

func stepTemplateID(wf map[string]any, i int) string {
	return wf["steps"].([]any)[i].(map[string]any)["_templateId"].(string)
}

// changeOf is the pending change of the entity, children included.
func changeOf(t *testing.T, f *fake, typ, entityID string) map[string]any {
	t.Helper()
	id, parent, ok := f.srv.PendingChangeForTest(f.DevKey, typ, entityID)
	require.True(t, ok, "no pending %s change for %s", typ, entityID)
	return map[string]any{"_id": id, "_parentId": parent}
}

// TestChanges_WhichRecord: the fake records a change exactly where Novu's use cases call
// CreateChange: feeds on create and delete, workflow groups on create only, layouts on create,
// update and delete as a Layout change, except that a layout which is (or becomes) the default goes
// through SetDefaultLayout: a DefaultLayout change for the previous default and, under it, one for
// the new default (or a single one when there was no other default).
func TestChanges_WhichRecord(t *testing.T) {
	type pending map[string]string // type/entity _id -> its parent's type/entity _id ("" for a root)
	tests := []struct {
		name string
		// act works on a Development environment whose earlier changes were all applied; nova is
		// the _id of Novu's own default layout there.
		act func(t *testing.T, f *fake, nova string) pending
	}{
		{"group create", func(t *testing.T, f *fake, _ string) pending {
			return pending{"NotificationGroup/" + mustCreateGroup(t, f, "G"): ""}
		}},
		{"group rename", func(t *testing.T, f *fake, _ string) pending {
			g := mustCreateGroup(t, f, "G")
			applyAllChanges(t, f)
			require.Equal(t, http.StatusOK, f.dev(http.MethodPatch, "/v1/notification-groups/"+g, `{"name":"H"}`).Status)
			return pending{}
		}},
		{"group delete", func(t *testing.T, f *fake, _ string) pending {
			g := mustCreateGroup(t, f, "G")
			applyAllChanges(t, f)
			require.Equal(t, http.StatusOK, f.dev(http.MethodDelete, "/v1/notification-groups/"+g, "").Status)
			return pending{}
		}},
		{"feed create", func(t *testing.T, f *fake, _ string) pending {
			return pending{"Feed/" + mustCreateFeed(t, f, "news"): ""}
		}},
		{"feed delete", func(t *testing.T, f *fake, _ string) pending {
			feed := mustCreateFeed(t, f, "news")
			applyAllChanges(t, f)
			require.Equal(t, http.StatusOK, f.dev(http.MethodDelete, "/v1/feeds/"+feed, "").Status)
			return pending{"Feed/" + feed: ""}
		}},
		{"layout create", func(t *testing.T, f *fake, _ string) pending {
			return pending{"Layout/" + mustCreateLayout(t, f, "a", ""): ""}
		}},
		{"layout create as default", func(t *testing.T, f *fake, nova string) pending {
			l := mustCreateLayout(t, f, "a", `,"isDefault":true`)
			return pending{"DefaultLayout/" + nova: "", "DefaultLayout/" + l: "DefaultLayout/" + nova}
		}},
		{"layout update", func(t *testing.T, f *fake, _ string) pending {
			l := mustCreateLayout(t, f, "a", "")
			applyAllChanges(t, f)
			require.Equal(t, http.StatusOK, f.dev(http.MethodPatch, "/v1/layouts/"+l, `{"name":"A2"}`).Status)
			return pending{"Layout/" + l: ""}
		}},
		{"default layout update", func(t *testing.T, f *fake, nova string) pending {
			require.Equal(t, http.StatusOK, f.dev(http.MethodPatch, "/v1/layouts/"+nova, `{"name":"Mine"}`).Status)
			return pending{"DefaultLayout/" + nova: ""}
		}},
		{"layout update to default", func(t *testing.T, f *fake, nova string) pending {
			l := mustCreateLayout(t, f, "a", "")
			applyAllChanges(t, f)
			require.Equal(t, http.StatusOK, f.dev(http.MethodPatch, "/v1/layouts/"+l, `{"isDefault":true}`).Status)
			return pending{"DefaultLayout/" + nova: "", "DefaultLayout/" + l: "DefaultLayout/" + nova}
		}},
		{"set default, pending Layout change kept", func(t *testing.T, f *fake, nova string) pending {
			l := mustCreateLayout(t, f, "a", "")
			require.Equal(t, http.StatusNoContent, f.dev(http.MethodPost, "/v1/layouts/"+l+"/default", "").Status)
			return pending{"Layout/" + l: "", "DefaultLayout/" + nova: "", "DefaultLayout/" + l: "DefaultLayout/" + nova}
		}},
		{"set default twice: the second hangs from the first's root", func(t *testing.T, f *fake, nova string) pending {
			a, b := mustCreateLayout(t, f, "a", ""), mustCreateLayout(t, f, "b", "")
			applyAllChanges(t, f)
			require.Equal(t, http.StatusNoContent, f.dev(http.MethodPost, "/v1/layouts/"+a+"/default", "").Status)
			require.Equal(t, http.StatusNoContent, f.dev(http.MethodPost, "/v1/layouts/"+b+"/default", "").Status)
			return pending{"DefaultLayout/" + nova: "", "DefaultLayout/" + a: "DefaultLayout/" + nova,
				"DefaultLayout/" + b: "DefaultLayout/" + nova}
		}},
		{"layout delete", func(t *testing.T, f *fake, _ string) pending {
			l := mustCreateLayout(t, f, "a", "")
			applyAllChanges(t, f)
			require.Equal(t, http.StatusNoContent, f.dev(http.MethodDelete, "/v1/layouts/"+l, "").Status)
			return pending{"Layout/" + l: ""}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustNewServer(t)
			require.Empty(t, pendingChanges(t, f), "a new environment has no changes")
			var nova string
			for _, l := range f.dev(http.MethodGet, "/v1/layouts", "").Body["data"].([]any) {
				if l := l.(map[string]any); l["isDefault"] == true {
					nova = l["_id"].(string)
				}
			}
			want := tt.act(t, f, nova)

			roots := map[string]string{}
			res := f.dev(http.MethodGet, "/v1/changes?promoted=false&limit=100", "")
			for _, c := range res.Body["data"].([]any) {
				c := c.(map[string]any)
				roots[c["type"].(string)+"/"+c["_entityId"].(string)] = ""
			}
			wantRoots := map[string]string{}
			for key, parent := range want {
				if parent == "" {
					wantRoots[key] = ""
					continue
				}
				typ, entity, _ := strings.Cut(key, "/")
				_, gotParent, ok := f.srv.PendingChangeForTest(f.DevKey, typ, entity)
				require.True(t, ok, "no pending change for %s", key)
				ptyp, pentity, _ := strings.Cut(parent, "/")
				parentID, _, ok := f.srv.PendingChangeForTest(f.DevKey, ptyp, pentity)
				require.True(t, ok, "no pending change for %s", parent)
				assert.Equal(t, parentID, gotParent, "%s hangs from %s", key, parent)
			}
			assert.Equal(t, wantRoots, roots)
		})
	}
}

func mustCreateGroup(t *testing.T, f *fake, name string) string {
	t.Helper()
	res := f.dev(http.MethodPost, "/v1/notification-groups", fmt.Sprintf(`{"name":%q}`, name))
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	return res.Body["data"].(map[string]any)["_id"].(string)
}

func mustCreateFeed(t *testing.T, f *fake, name string) string {
	t.Helper()
	res := f.dev(http.MethodPost, "/v1/feeds", fmt.Sprintf(`{"name":%q}`, name))
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	return res.Body["data"].(map[string]any)["_id"].(string)
}

// applyAllChanges applies every pending change, so that what follows starts from none.
func applyAllChanges(t *testing.T, f *fake) {
	t.Helper()
	list := f.dev(http.MethodGet, "/v1/changes?promoted=false&limit=100", "")
	for _, c := range list.Body["data"].([]any) {
		res := f.dev(http.MethodPost, "/v1/changes/"+c.(map[string]any)["_id"].(string)+"/apply", `{}`)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	}
	require.Empty(t, pendingChanges(t, f))
}

// TestChanges_PromotesStepVariables: a step template's variables, defaults included, reach the
// Production copy (promote-changes.e2e.ts 'should promote step variables default values' at
// v2.0.0).
func TestChanges_PromotesStepVariables(t *testing.T) {
	f := mustNewServer(t)
	step := `,"steps":[{"template":{"type":"in_app","content":"{{variable}}","variables":[` +
		`{"name":"variable","type":"String","required":false,"defaultValue":"Test Default Value"}]}}]`
	body := fmt.Sprintf(`{"name":"Vars","notificationGroupId":%q%s}`, generalGroup(t, f.dev), step)
	require.Equal(t, http.StatusCreated, f.dev(http.MethodPost, "/v1/workflows", body).Status)
	res := f.dev(http.MethodPost, "/v1/changes/"+pendingChanges(t, f)["NotificationTemplate"]["_id"].(string)+"/apply", `{}`)
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	prod := f.prod(http.MethodGet, "/v1/workflows/vars", "")
	require.Equal(t, http.StatusOK, prod.Status, prod.Raw)
	tpl := prod.Body["data"].(map[string]any)["steps"].([]any)[0].(map[string]any)["template"].(map[string]any)
	assert.Equal(t, []any{map[string]any{"name": "variable", "type": "String", "required": false,
		"defaultValue": "Test Default Value"}}, tpl["variables"])
}

// TestChanges_PromotesLayouts: a new layout, its update and its deletion each reach Production
// when their change is applied (promote-layout-changes.e2e.ts at v2.0.0).
func TestChanges_PromotesLayouts(t *testing.T) {
	f := mustNewServer(t)
	id := mustCreateLayout(t, f, "promoted", "")
	applyLayout := func() {
		t.Helper()
		c := pendingChanges(t, f)["Layout"]
		require.NotNil(t, c, "a pending Layout change")
		res := f.dev(http.MethodPost, "/v1/changes/"+c["_id"].(string)+"/apply", `{}`)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	}
	prodLayout := func() map[string]any {
		for _, l := range f.prod(http.MethodGet, "/v1/layouts", "").Body["data"].([]any) {
			if l := l.(map[string]any); l["identifier"] == "promoted" {
				return l
			}
		}
		return nil
	}
	steps := []struct {
		name   string
		change func()
		check  func(t *testing.T, l map[string]any)
	}{
		{"create", func() {}, func(t *testing.T, l map[string]any) {
			require.NotNil(t, l)
			assert.Equal(t, "L promoted", l["name"])
			assert.Equal(t, id, l["_parentId"], "the Production copy points at the Development layout")
		}},
		{"update", func() {
			require.Equal(t, http.StatusOK, f.dev(http.MethodPatch, "/v1/layouts/"+id, `{"name":"Renamed"}`).Status)
		}, func(t *testing.T, l map[string]any) {
			require.NotNil(t, l)
			assert.Equal(t, "Renamed", l["name"])
		}},
		{"delete", func() {
			require.Equal(t, http.StatusNoContent, f.dev(http.MethodDelete, "/v1/layouts/"+id, "").Status)
		}, func(t *testing.T, l map[string]any) {
			assert.Nil(t, l, "deleted in Production too")
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change()
			applyLayout()
			st.check(t, prodLayout())
		})
	}
}
