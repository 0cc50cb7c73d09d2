package contracttest

import (
	"fmt"
	"net/http"
	"net/url"
)

// lifecycle describes one resource's create → get → update → get → list → delete → get 404
// flow. Resources without a get-by-id operation (feeds, integrations) are read through the list.
type lifecycle struct {
	check, resource string
	create          string
	createStatus    int
	createBody      func(t *T, name string) map[string]any
	idParam         string
	idFrom          func(res *response, name string) string
	get             string // "" when only the list can read it
	update          string
	updateField     string // a string field the update changes
	list            string
	listQuery       url.Values
	listKey         string // field that identifies the item in list answers
	del             string
	delStatus, gone int
	before          func(t *T) bool // precondition; false means skipped
	ops             []string        // reached only by this flow (for coverage reasons)
}

func dataID(res *response, _ string) string    { return str(res.JSON, "data", "_id") }
func sameName(_ *response, name string) string { return name }

func lifecycles() []lifecycle {
	return []lifecycle{
		{check: "subscriber_lifecycle", resource: "subscriber", create: "CreateSubscriber", createStatus: 201,
			createBody: func(t *T, n string) map[string]any { return map[string]any{"subscriberId": n, "firstName": "Ada"} },
			idParam:    "subscriberId", idFrom: sameName, get: "GetSubscriber", update: "UpdateSubscriber", updateField: "firstName",
			list: "ListSubscribers", listQuery: url.Values{"limit": {"100"}}, listKey: "subscriberId",
			del: "DeleteSubscriber", delStatus: 200, gone: 404},
		{check: "topic_lifecycle", resource: "topic", create: "CreateTopic", createStatus: 201,
			createBody: func(t *T, n string) map[string]any { return map[string]any{"key": n, "name": "Weekly"} },
			idParam:    "topicKey", idFrom: sameName, get: "GetTopic", update: "RenameTopic", updateField: "name",
			list: "ListTopics", listKey: "key", del: "DeleteTopic", delStatus: 204, gone: 404},
		{check: "tenant_lifecycle", resource: "tenant", create: "CreateTenant", createStatus: 201,
			createBody: func(t *T, n string) map[string]any { return map[string]any{"identifier": n, "name": "Acme"} },
			idParam:    "identifier", idFrom: sameName, get: "GetTenant", update: "UpdateTenant", updateField: "name",
			list: "ListTenants", listQuery: url.Values{"limit": {"100"}}, listKey: "identifier",
			del: "DeleteTenant", delStatus: 204, gone: 404},
		{check: "workflow_group_lifecycle", resource: "workflow group", create: "CreateWorkflowGroup", createStatus: 201,
			createBody: func(t *T, n string) map[string]any { return map[string]any{"name": n} },
			idParam:    "id", idFrom: dataID, get: "GetWorkflowGroup", update: "UpdateWorkflowGroup", updateField: "name",
			list: "ListWorkflowGroups", listKey: "_id", del: "DeleteWorkflowGroup", delStatus: 200, gone: 404},
		{check: "workflow_lifecycle", resource: "workflow", create: "CreateWorkflow", createStatus: 201,
			createBody: workflowBody, idParam: "workflowId", idFrom: dataID, get: "GetWorkflow",
			update: "UpdateWorkflow", updateField: "description", list: "ListWorkflows", listQuery: url.Values{"limit": {"100"}},
			listKey: "_id", del: "DeleteWorkflow", delStatus: 200, gone: 404},
		{check: "notification_template_lifecycle", resource: "notification template", create: "CreateNotificationTemplate",
			createStatus: 201, createBody: workflowBody, idParam: "templateId", idFrom: dataID, get: "GetNotificationTemplate",
			update: "UpdateNotificationTemplate", updateField: "description", list: "ListNotificationTemplates",
			listQuery: url.Values{"limit": {"100"}}, listKey: "_id", del: "DeleteNotificationTemplate", delStatus: 200, gone: 404},
		{check: "layout_lifecycle", resource: "layout", create: "CreateLayout", createStatus: 201,
			createBody: layoutBody, idParam: "layoutId", idFrom: dataID, get: "GetLayout", update: "UpdateLayout",
			updateField: "description", list: "ListLayouts", listQuery: url.Values{"pageSize": {"100"}}, listKey: "_id",
			del: "DeleteLayout", delStatus: 204, gone: 404, before: needDefaultLayout,
			ops: []string{"CreateLayout", "GetLayout", "UpdateLayout", "DeleteLayout"}},
		{check: "feed_lifecycle", resource: "feed", create: "CreateFeed", createStatus: 201,
			createBody: func(t *T, n string) map[string]any { return map[string]any{"name": n} },
			idParam:    "feedId", idFrom: dataID, list: "ListFeeds", listKey: "_id", del: "DeleteFeed", delStatus: 200},
		{check: "integration_lifecycle", resource: "integration", create: "CreateIntegration", createStatus: 201,
			createBody: func(t *T, n string) map[string]any {
				return map[string]any{"providerId": "slack", "channel": "chat", "name": n, "identifier": n, "active": false, "check": false}
			},
			idParam: "integrationId", idFrom: dataID, update: "UpdateIntegration", updateField: "name",
			list: "ListIntegrations", listKey: "_id", del: "DeleteIntegration", delStatus: 200, gone: 404},
	}
}

func lifecycleChecks() []Check {
	var out []Check
	for _, lc := range lifecycles() {
		out = append(out, Check{Name: lc.check, Kind: KindScenario, Mutates: true, run: lc.run,
			Doc: fmt.Sprintf("%s: create → get → update → get → list contains → delete → gone", lc.resource)})
	}
	return out
}

func workflowBody(t *T, n string) map[string]any {
	return map[string]any{"name": n, "notificationGroupId": t.generalGroup(), "active": true,
		"steps": []any{map[string]any{"name": "In-app", "active": true,
			"template": map[string]any{"type": "in_app", "content": "Hello {{name}}"}}}}
}

func layoutBody(t *T, n string) map[string]any {
	return map[string]any{"name": n, "identifier": n, "content": "<div>{{{body}}}</div>"}
}

func (lc lifecycle) run(t *T) {
	if lc.before != nil && !lc.before(t) {
		return
	}
	name := t.name(lc.resource[:4])
	res := t.do(call{op: lc.create, body: lc.createBody(t, name)})
	if !t.expect(lc.create, res, lc.createStatus) {
		return
	}
	id := lc.idFrom(res, name)
	if id == "" {
		t.failf(lc.create, "the create answer names no id: %s", snippet(res.Body))
		return
	}
	params := map[string]string{lc.idParam: id}
	t.deferDelete(lc.resource+" "+id, call{op: lc.del, params: params})
	t.readBack(lc, params, id, "", "after create")
	if lc.update != "" {
		value := name + "-updated"
		res = t.do(call{op: lc.update, params: params, body: map[string]any{lc.updateField: value}})
		if t.expect(lc.update, res, http.StatusOK) {
			if got := str(res.JSON, "data", lc.updateField); got != value {
				t.fail(Failure{Operation: lc.update, Message: "update answer does not show the change", Expected: value, Actual: got})
			}
			t.readBack(lc, params, id, value, "after update")
		}
	}
	res = t.do(call{op: lc.del, params: params})
	if !t.expect(lc.del, res, lc.delStatus) {
		return
	}
	t.forget(lc.resource + " " + id)
	if lc.get != "" {
		t.expect(lc.get, t.do(call{op: lc.get, params: params}), lc.gone)
	} else if lc.list != "" && t.findInList(lc, id) != nil {
		t.fail(Failure{Operation: lc.list, Message: lc.resource + " still listed after delete", Expected: "absent", Actual: "present"})
	}
	if lc.get == "" && lc.update != "" && lc.gone != 0 {
		t.expect(lc.update, t.do(call{op: lc.update, params: params, body: map[string]any{lc.updateField: "x"}}), lc.gone)
	}
}

// readBack reads the resource (get, then list) and checks the updated field when want is set.
func (t *T) readBack(lc lifecycle, params map[string]string, id, want, when string) {
	var item any
	if lc.get != "" {
		res := t.do(call{op: lc.get, params: params})
		if !t.expect(lc.get, res, http.StatusOK) {
			return
		}
		item = get(res.JSON, "data")
	}
	if lc.list != "" {
		listed := t.findInList(lc, id)
		if listed == nil {
			t.fail(Failure{Operation: lc.list, Message: lc.resource + " missing from the list " + when, Expected: id, Actual: "absent"})
			return
		}
		if item == nil {
			item = listed
		}
	}
	if want != "" {
		if got := str(item, lc.updateField); got != want {
			t.fail(Failure{Operation: lc.get + lc.list, Message: "update not persisted: " + lc.updateField + " " + when,
				Expected: want, Actual: got})
		}
	}
}

// findInList walks the list (at most 50 pages) for the item whose listKey is id.
func (t *T) findInList(lc lifecycle, id string) map[string]any {
	q := url.Values{}
	for k, v := range lc.listQuery {
		q[k] = v
	}
	if lc.list == "ListTopics" {
		q.Set("key", id)
	}
	for page := 0; page < 50; page++ {
		q.Set("page", fmt.Sprint(page))
		res := t.do(call{op: lc.list, query: q})
		if !t.expect(lc.list, res, http.StatusOK) {
			return nil
		}
		items := list(res.JSON, "data")
		if m := findBy(items, lc.listKey, id); m != nil {
			return m
		}
		if len(items) == 0 || get(res.JSON, "page") == nil {
			return nil
		}
		if more, ok := get(res.JSON, "hasMore").(bool); ok && !more {
			return nil
		}
	}
	return nil
}

// generalGroup is the _id of the environment's first workflow group (Novu creates `General`).
func (t *T) generalGroup() string {
	res := t.do(call{op: "ListWorkflowGroups"})
	t.expect("ListWorkflowGroups", res, http.StatusOK)
	return str(res.JSON, "data", 0, "_id")
}

// needDefaultLayout skips layout flows in an environment without a default layout: the
// suite's first layout would become the default, which Novu never lets anyone delete.
func needDefaultLayout(t *T) bool {
	if t.defaultLayout() != "" {
		return true
	}
	t.skip("the environment has no default layout; the suite's layout would become it and could never be deleted",
		"CreateLayout", "GetLayout", "UpdateLayout", "DeleteLayout", "SetDefaultLayout")
	return false
}

func (t *T) defaultLayout() string {
	lc := lifecycle{list: "ListLayouts", listQuery: url.Values{"pageSize": {"100"}}, listKey: "isDefault"}
	for page := 0; page < 20; page++ {
		res := t.do(call{op: lc.list, query: url.Values{"pageSize": {"100"}, "page": {fmt.Sprint(page)}}})
		if !t.expect(lc.list, res, http.StatusOK) {
			return ""
		}
		items := list(res.JSON, "data")
		for _, it := range items {
			if get(it, "isDefault") == true {
				return str(it, "_id")
			}
		}
		if len(items) < 100 {
			return ""
		}
	}
	return ""
}
