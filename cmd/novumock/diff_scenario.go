package main

import (
	"net/http"
	"strings"
)

// diffStep is one request of the diff scenario, sent to both targets. Strings in path, query
// and body may name variables as {name}: {p} is the run prefix (the same on both sides, so
// names match), the rest are saved from each side's own earlier answers (ids differ per side).
type diffStep struct {
	name   string // what it shows, unique in the scenario
	op     string // the operationId of openapi.yaml
	method string
	path   string
	query  string
	body   any
	// auth: "" sends the key, "none" no Authorization header, "unknown" a key nobody has.
	auth string
	// save maps a variable to a dotted path in this side's answer ("data._id", "data.0._id").
	save map[string]string
	// until, when set, repeats the request (bounded) until it holds on each side: effects of
	// Novu's asynchronous worker.
	until func(body any) bool
	// mask names more members whose values legitimately differ (beyond diffMaskKeys).
	mask []string
	// unordered names the arrays (jsondiff paths) whose order means nothing.
	unordered []string
	// stateWide marks answers that list state outside the scenario (every integration of the
	// environment): only their status and shape are compared.
	stateWide bool
	// cleanup steps delete what the scenario created; they run even after an interruption.
	cleanup bool
	// note explains a step, in the reports.
	note string
}

// diffDrop and diffAliases remove what mongoose adds to every document Novu answers and the
// spec does not document (the version key, the id virtual repeating _id): novumock leaves them
// out on purpose, and comparing them would bury every real difference.
var (
	diffDrop    = []string{"__v"}
	diffAliases = map[string]string{"id": "_id"}
)

// diffMaskKeys are members whose values differ between any two deployments or runs.
var diffMaskKeys = []string{"_id", "id", "createdAt", "updatedAt", "__v", "timestamp", "errorId",
	"lastOnlineAt", "expireAt", "deletedAt", "transactionId", "hash"}

func nonEmptyData(body any) bool {
	m, _ := body.(map[string]any)
	d, _ := m["data"].([]any)
	return len(d) > 0
}

var diffInApp = map[string]any{"name": "In-app", "active": true,
	"template": map[string]any{"type": "in_app", "content": "Hello {{name}}, order {{orderId}}"}}

// diffScenario is the documented operations in dependency order, the SDK's typical flows
// (identify, topics, trigger, feed, mark seen) and error cases; it deletes what it created at
// the end, and those deletes are compared too.
func diffScenario() []diffStep {
	sub, topic, tenant := "{p}sub", "{p}topic", "{p}tenant"
	steps := []diffStep{
		{name: "environment of the key", op: "GetCurrentEnvironment", method: http.MethodGet, path: "/v1/environments/me",
			mask: []string{"identifier", "apiKeys", "name", "widget", "dns"}},
		// Subscribers
		{name: "identify a subscriber", op: "CreateSubscriber", method: http.MethodPost, path: "/v1/subscribers",
			body: map[string]any{"subscriberId": sub, "firstName": "Ada", "email": "ada@example.com", "data": map[string]any{"plan": "pro"}}},
		{name: "get the subscriber", op: "GetSubscriber", method: http.MethodGet, path: "/v1/subscribers/" + sub},
		{name: "update the subscriber", op: "UpdateSubscriber", method: http.MethodPut, path: "/v1/subscribers/" + sub,
			body: map[string]any{"lastName": "Lovelace", "locale": "en"}},
		{name: "identify again (upsert)", op: "CreateSubscriber", method: http.MethodPost, path: "/v1/subscribers",
			body: map[string]any{"subscriberId": sub, "firstName": "Ada"}},
		{name: "bulk create subscribers", op: "BulkCreateSubscribers", method: http.MethodPost, path: "/v1/subscribers/bulk",
			body: map[string]any{"subscribers": []any{map[string]any{"subscriberId": "{p}bulk"}, map[string]any{"subscriberId": sub}}}},
		{name: "chat credentials without a slack integration", op: "UpdateSubscriberCredentials", method: http.MethodPut, path: "/v1/subscribers/" + sub + "/credentials",
			body: map[string]any{"providerId": "slack", "credentials": map[string]any{"webhookUrl": "https://hooks.example.com/T1"}}},
		{name: "set online", op: "UpdateSubscriberOnlineStatus", method: http.MethodPatch, path: "/v1/subscribers/" + sub + "/online-status",
			body: map[string]any{"isOnline": true}},
		{name: "subscriber preferences", op: "ListSubscriberPreferences", method: http.MethodGet, path: "/v1/subscribers/" + sub + "/preferences",
			stateWide: true, note: "one entry per workflow of the environment: only the shape is compared"},
		{name: "unknown subscriber", op: "GetSubscriber", method: http.MethodGet, path: "/v1/subscribers/{p}nobody"},
		{name: "subscriber without subscriberId", op: "CreateSubscriber", method: http.MethodPost, path: "/v1/subscribers",
			body: map[string]any{"firstName": "Nobody"}},
		{name: "preferences of an unknown subscriber", op: "ListSubscriberPreferences", method: http.MethodGet, path: "/v1/subscribers/{p}nobody/preferences"},
		{name: "subscriber data that is not an object", op: "CreateSubscriber", method: http.MethodPost, path: "/v1/subscribers",
			body: map[string]any{"subscriberId": "{p}strdata", "data": "not an object"}},
		// Topics
		{name: "create a topic", op: "CreateTopic", method: http.MethodPost, path: "/v1/topics", body: map[string]any{"key": topic, "name": "Members"}},
		{name: "add subscribers to the topic", op: "AddTopicSubscribers", method: http.MethodPost, path: "/v1/topics/" + topic + "/subscribers",
			body: map[string]any{"subscribers": []any{sub, "{p}nobody"}}},
		{name: "get the topic", op: "GetTopic", method: http.MethodGet, path: "/v1/topics/" + topic},
		{name: "get a topic member", op: "GetTopicSubscriber", method: http.MethodGet, path: "/v1/topics/" + topic + "/subscribers/" + sub},
		{name: "list topics by key", op: "ListTopics", method: http.MethodGet, path: "/v1/topics", query: "key=" + topic},
		{name: "rename the topic", op: "RenameTopic", method: http.MethodPatch, path: "/v1/topics/" + topic, body: map[string]any{"name": "Renamed"}},
		{name: "create the topic again", op: "CreateTopic", method: http.MethodPost, path: "/v1/topics", body: map[string]any{"key": topic, "name": "Again"}},
		{name: "delete a topic with members", op: "DeleteTopic", method: http.MethodDelete, path: "/v1/topics/" + topic},
		{name: "unknown topic", op: "GetTopic", method: http.MethodGet, path: "/v1/topics/{p}notopic"},
		// Tenants
		{name: "create a tenant", op: "CreateTenant", method: http.MethodPost, path: "/v1/tenants",
			body: map[string]any{"identifier": tenant, "name": "Acme", "data": map[string]any{"region": "eu"}}, save: map[string]string{"tenantId": "data._id"}},
		{name: "get the tenant", op: "GetTenant", method: http.MethodGet, path: "/v1/tenants/" + tenant},
		{name: "update the tenant", op: "UpdateTenant", method: http.MethodPatch, path: "/v1/tenants/" + tenant, body: map[string]any{"name": "Acme 2"}},
		{name: "create the tenant again", op: "CreateTenant", method: http.MethodPost, path: "/v1/tenants",
			body: map[string]any{"identifier": tenant, "name": "Acme"}},
		{name: "unknown tenant", op: "GetTenant", method: http.MethodGet, path: "/v1/tenants/{p}notenant"},
		{name: "list tenants", op: "ListTenants", method: http.MethodGet, path: "/v1/tenants", stateWide: true, note: "every tenant of the environment: shape only"},
		// Workflow groups and workflows
		{name: "create a workflow group", op: "CreateWorkflowGroup", method: http.MethodPost, path: "/v1/notification-groups",
			body: map[string]any{"name": "{p}group"}, save: map[string]string{"group": "data._id"}},
		{name: "get the workflow group", op: "GetWorkflowGroup", method: http.MethodGet, path: "/v1/notification-groups/{group}"},
		{name: "rename the workflow group", op: "UpdateWorkflowGroup", method: http.MethodPatch, path: "/v1/notification-groups/{group}", body: map[string]any{"name": "{p}group2"}},
		{name: "list workflow groups", op: "ListWorkflowGroups", method: http.MethodGet, path: "/v1/notification-groups", stateWide: true, note: "every group of the environment: shape only"},
		{name: "create a workflow", op: "CreateWorkflow", method: http.MethodPost, path: "/v1/workflows",
			body: map[string]any{"name": "{p}wf", "notificationGroupId": "{group}", "active": true, "steps": []any{diffInApp}},
			save: map[string]string{"wf": "data._id", "trigger": "data.triggers.0.identifier"}},
		{name: "get the workflow", op: "GetWorkflow", method: http.MethodGet, path: "/v1/workflows/{wf}"},
		{name: "get the workflow (legacy path)", op: "GetNotificationTemplate", method: http.MethodGet, path: "/v1/notification-templates/{wf}"},
		{name: "update the workflow", op: "UpdateWorkflow", method: http.MethodPut, path: "/v1/workflows/{wf}", body: map[string]any{"description": "Order updates"}},
		{name: "workflow variables", op: "GetWorkflowVariables", method: http.MethodGet, path: "/v1/workflows/variables"},
		{name: "deactivate the workflow", op: "UpdateWorkflowStatus", method: http.MethodPut, path: "/v1/workflows/{wf}/status", body: map[string]any{"active": false}},
		{name: "activate the workflow", op: "UpdateWorkflowStatus", method: http.MethodPut, path: "/v1/workflows/{wf}/status", body: map[string]any{"active": true}},
		{name: "activate it again", op: "UpdateWorkflowStatus", method: http.MethodPut, path: "/v1/workflows/{wf}/status", body: map[string]any{"active": true}},
		{name: "search workflows", op: "ListWorkflows", method: http.MethodGet, path: "/v1/workflows", query: "query={p}wf", unordered: []string{"data"}},
		{name: "workflow without a name", op: "CreateWorkflow", method: http.MethodPost, path: "/v1/workflows",
			body: map[string]any{"notificationGroupId": "{group}", "steps": []any{}}},
		// Workflow overrides (a workflow for one tenant)
		{name: "create a workflow override", op: "CreateWorkflowOverride", method: http.MethodPost, path: "/v1/workflow-overrides",
			body: map[string]any{"workflowId": "{wf}", "tenantId": "{tenantId}", "active": true}, save: map[string]string{"override": "data._id"}},
		{name: "get the override", op: "GetWorkflowOverride", method: http.MethodGet, path: "/v1/workflow-overrides/{override}"},
		{name: "get the override by tenant", op: "GetWorkflowOverrideByTenant", method: http.MethodGet, path: "/v1/workflow-overrides/workflows/{wf}/tenants/{tenantId}"},
		{name: "update the override", op: "UpdateWorkflowOverride", method: http.MethodPut, path: "/v1/workflow-overrides/{override}", body: map[string]any{"active": false}},
		{name: "list overrides", op: "ListWorkflowOverrides", method: http.MethodGet, path: "/v1/workflow-overrides", stateWide: true, note: "every override of the environment: shape only"},
		{name: "delete the override", op: "DeleteWorkflowOverride", method: http.MethodDelete, path: "/v1/workflow-overrides/{override}"},
		// Integrations
		{name: "create an email integration", op: "CreateIntegration", method: http.MethodPost, path: "/v1/integrations",
			body: map[string]any{"providerId": "sendgrid", "channel": "email", "name": "{p}mail", "active": false, "check": false,
				"credentials": map[string]any{"apiKey": "SG.x", "from": "no-reply@example.com"}},
			save: map[string]string{"integration": "data._id"}, mask: []string{"identifier"}},
		{name: "update the integration", op: "UpdateIntegration", method: http.MethodPut, path: "/v1/integrations/{integration}",
			body: map[string]any{"name": "{p}mail2", "check": false}, mask: []string{"identifier"}},
		{name: "delete an unknown integration", op: "DeleteIntegration", method: http.MethodDelete, path: "/v1/integrations/00000000000000000000dead"},
		{name: "list integrations", op: "ListIntegrations", method: http.MethodGet, path: "/v1/integrations", stateWide: true, mask: []string{"identifier"},
			note: "every integration of the organization: shape only"},
		{name: "list active integrations", op: "ListActiveIntegrations", method: http.MethodGet, path: "/v1/integrations/active", stateWide: true, mask: []string{"identifier"}},
		{name: "webhook support of a provider", op: "GetWebhookSupportStatus", method: http.MethodGet, path: "/v1/integrations/webhook/provider/sendgrid/status"},
		{name: "email channel limit (dashboard only)", op: "GetChannelLimit", method: http.MethodGet, path: "/v1/integrations/email/limit"},
		{name: "in-app status (dashboard only)", op: "GetInAppIntegrationStatus", method: http.MethodGet, path: "/v1/integrations/in-app/status"},
		// Layouts and feeds
		{name: "create a layout", op: "CreateLayout", method: http.MethodPost, path: "/v1/layouts",
			body: map[string]any{"name": "{p}layout", "identifier": "{p}layout", "content": "<div>{{{body}}}</div>"}, save: map[string]string{"layout": "data._id"}},
		{name: "get the layout", op: "GetLayout", method: http.MethodGet, path: "/v1/layouts/{layout}"},
		{name: "update the layout", op: "UpdateLayout", method: http.MethodPatch, path: "/v1/layouts/{layout}", body: map[string]any{"description": "Plain"}},
		{name: "list layouts", op: "ListLayouts", method: http.MethodGet, path: "/v1/layouts", stateWide: true, note: "every layout of the environment: shape only"},
		{name: "create a feed", op: "CreateFeed", method: http.MethodPost, path: "/v1/feeds", body: map[string]any{"name": "{p}feed"},
			save: map[string]string{"feed": "data._id"}, mask: []string{"identifier"}},
		{name: "list feeds", op: "ListFeeds", method: http.MethodGet, path: "/v1/feeds", stateWide: true, mask: []string{"identifier"}},
		// Events: the SDK's trigger-to-feed flow
		{name: "trigger the workflow", op: "TriggerEvent", method: http.MethodPost, path: "/v1/events/trigger",
			body: map[string]any{"name": "{trigger}", "to": map[string]any{"subscriberId": sub}, "payload": map[string]any{"name": "Ada", "orderId": "A-1"}},
			save: map[string]string{"tx": "data.transactionId"}},
		{name: "the in-app feed", op: "GetSubscriberNotificationFeed", method: http.MethodGet, path: "/v1/subscribers/" + sub + "/notifications/feed",
			until: nonEmptyData, save: map[string]string{"message": "data.0._id"}, note: "polled until the worker has delivered"},
		{name: "messages of the transaction", op: "ListMessages", method: http.MethodGet, path: "/v1/messages", query: "subscriberId=" + sub + "&transactionId={tx}",
			until: nonEmptyData},
		{name: "notifications of the transaction", op: "ListNotifications", method: http.MethodGet, path: "/v1/notifications", query: "transactionId={tx}",
			until: nonEmptyData, save: map[string]string{"notification": "data.0._id"}},
		{name: "one notification", op: "GetNotification", method: http.MethodGet, path: "/v1/notifications/{notification}"},
		{name: "execution details", op: "ListExecutionDetails", method: http.MethodGet, path: "/v1/execution-details", query: "notificationId={notification}&subscriberId=" + sub,
			unordered: []string{"data"}},
		{name: "notification stats", op: "GetNotificationStats", method: http.MethodGet, path: "/v1/notifications/stats", stateWide: true},
		{name: "notification graph stats", op: "GetNotificationGraphStats", method: http.MethodGet, path: "/v1/notifications/graph/stats", stateWide: true},
		{name: "mark the message seen", op: "MarkSubscriberMessagesAs", method: http.MethodPost, path: "/v1/subscribers/" + sub + "/messages/mark-as",
			body: map[string]any{"messageId": "{message}", "markAs": "seen"}},
		{name: "unseen count after mark", op: "GetSubscriberUnseenCount", method: http.MethodGet, path: "/v1/subscribers/" + sub + "/notifications/unseen"},
		{name: "mark it read (legacy markAs)", op: "MarkSubscriberMessagesLegacy", method: http.MethodPost, path: "/v1/subscribers/" + sub + "/messages/markAs",
			body: map[string]any{"messageId": "{message}", "mark": map[string]any{"read": true}}},
		{name: "act on the message", op: "MarkMessageAction", method: http.MethodPost, path: "/v1/subscribers/" + sub + "/messages/{message}/actions/primary",
			body: map[string]any{"status": "done"}},
		{name: "mark all unread", op: "MarkAllSubscriberMessages", method: http.MethodPost, path: "/v1/subscribers/" + sub + "/messages/mark-all",
			body: map[string]any{"markAs": "unread"}},
		// Preferences, now that the subscriber has a workflow
		{name: "global preferences", op: "GetSubscriberPreferencesByLevel", method: http.MethodGet, path: "/v1/subscribers/" + sub + "/preferences/global"},
		{name: "update global preferences", op: "UpdateSubscriberGlobalPreferences", method: http.MethodPatch, path: "/v1/subscribers/" + sub + "/preferences",
			body: map[string]any{"preferences": []any{map[string]any{"type": "email", "enabled": false}}}},
		{name: "update a workflow preference", op: "UpdateSubscriberPreference", method: http.MethodPatch, path: "/v1/subscribers/" + sub + "/preferences/{wf}",
			body: map[string]any{"channel": map[string]any{"type": "in_app", "enabled": true}}},
		{name: "trigger an unknown workflow", op: "TriggerEvent", method: http.MethodPost, path: "/v1/events/trigger",
			body: map[string]any{"name": "{p}no-such-workflow", "to": sub, "payload": map[string]any{}}},
		{name: "bulk trigger", op: "BulkTriggerEvents", method: http.MethodPost, path: "/v1/events/trigger/bulk",
			body: map[string]any{"events": []any{map[string]any{"name": "{trigger}", "to": sub, "payload": map[string]any{"name": "Ada", "orderId": "A-2"}}}},
			save: map[string]string{"bulkTx": "data.0.transactionId"}},
		{name: "messages of the bulk trigger", op: "ListMessages", method: http.MethodGet, path: "/v1/messages", query: "transactionId={bulkTx}",
			until: nonEmptyData, note: "polled until the worker has delivered"},
		{name: "cancel an unknown transaction", op: "CancelTriggeredEvent", method: http.MethodDelete, path: "/v1/events/trigger/{p}notx"},
		{name: "delete the message", op: "DeleteMessage", method: http.MethodDelete, path: "/v1/messages/{message}"},
		{name: "delete the transaction's messages", op: "DeleteMessagesByTransactionId", method: http.MethodDelete, path: "/v1/messages/transaction/{bulkTx}"},
		{name: "remove chat credentials", op: "DeleteSubscriberCredentials", method: http.MethodDelete, path: "/v1/subscribers/" + sub + "/credentials/slack"},
		// Environment and organization, read only
		{name: "list environments", op: "ListEnvironments", method: http.MethodGet, path: "/v1/environments", stateWide: true,
			mask: []string{"identifier", "name", "widget", "dns"}},
		{name: "API keys", op: "ListApiKeys", method: http.MethodGet, path: "/v1/environments/api-keys", stateWide: true},
		{name: "current organization", op: "GetCurrentOrganization", method: http.MethodGet, path: "/v1/organizations/me", stateWide: true},
		{name: "organizations", op: "ListOrganizations", method: http.MethodGet, path: "/v1/organizations", stateWide: true},
		{name: "members", op: "ListOrganizationMembers", method: http.MethodGet, path: "/v1/organizations/members", stateWide: true},
		{name: "pending changes", op: "ListChanges", method: http.MethodGet, path: "/v1/changes", query: "promoted=false&limit=1", stateWide: true},
		{name: "count of pending changes", op: "CountChanges", method: http.MethodGet, path: "/v1/changes/count", stateWide: true},
		// Auth
		{name: "no Authorization header", op: "ListSubscribers", method: http.MethodGet, path: "/v1/subscribers", auth: "none"},
		{name: "unknown API key", op: "ListSubscribers", method: http.MethodGet, path: "/v1/subscribers", auth: "unknown"},
	}
	// Clean-up, compared as well; run even after an interruption.
	cleanup := []diffStep{
		{name: "delete the feed", op: "DeleteFeed", method: http.MethodDelete, path: "/v1/feeds/{feed}", stateWide: true, mask: []string{"identifier"},
			note: "answers every remaining feed of the environment: only the shape is compared"},
		{name: "delete the layout", op: "DeleteLayout", method: http.MethodDelete, path: "/v1/layouts/{layout}"},
		{name: "delete the integration", op: "DeleteIntegration", method: http.MethodDelete, path: "/v1/integrations/{integration}",
			stateWide: true, mask: []string{"identifier"}, note: "answers every remaining integration of the environment: only the shape is compared"},
		{name: "delete the workflow", op: "DeleteWorkflow", method: http.MethodDelete, path: "/v1/workflows/{wf}"},
		{name: "delete the workflow group", op: "DeleteWorkflowGroup", method: http.MethodDelete, path: "/v1/notification-groups/{group}"},
		{name: "delete the tenant", op: "DeleteTenant", method: http.MethodDelete, path: "/v1/tenants/" + tenant},
		{name: "remove the topic's member", op: "RemoveTopicSubscribers", method: http.MethodPost, path: "/v1/topics/" + topic + "/subscribers/removal",
			body: map[string]any{"subscribers": []any{sub}}},
		{name: "delete the topic", op: "DeleteTopic", method: http.MethodDelete, path: "/v1/topics/" + topic},
		{name: "delete the subscriber", op: "DeleteSubscriber", method: http.MethodDelete, path: "/v1/subscribers/" + sub},
		{name: "delete the bulk subscriber", op: "DeleteSubscriber", method: http.MethodDelete, path: "/v1/subscribers/{p}bulk"},
		{name: "delete the string-data subscriber", op: "DeleteSubscriber", method: http.MethodDelete, path: "/v1/subscribers/{p}strdata"},
	}
	for i := range cleanup {
		cleanup[i].cleanup = true
	}
	return append(steps, cleanup...)
}

// expand replaces {name} with vars[name]; missing names the first variable vars lacks.
func expand(s string, vars map[string]string) (out, missing string) {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String(), missing
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String(), missing
		}
		name := s[i+1 : i+j]
		v, ok := vars[name]
		if !ok || strings.ContainsAny(name, " {\"") {
			if !ok && missing == "" && name != "" && !strings.ContainsAny(name, " {\"") {
				missing = name
			}
			b.WriteString(s[:i+j+1])
			s = s[i+j+1:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+1:]
	}
}

// expandBody expands every string inside a request body.
func expandBody(v any, vars map[string]string, missing *string) any {
	switch x := v.(type) {
	case string:
		s, m := expand(x, vars)
		if m != "" && *missing == "" {
			*missing = m
		}
		return s
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = expandBody(e, vars, missing)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = expandBody(e, vars, missing)
		}
		return out
	}
	return v
}
