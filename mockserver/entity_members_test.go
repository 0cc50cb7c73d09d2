package mockserver_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Members of Novu's documents that a real v2.0.0 answers and the fake once left out, found by
// `novumock diff` against it (docs/diff-v2.0.0.md): each comes from the entity's mongoose schema
// under libs/dal/src/repositories/ at v2.0.0 (timestamps: true, mongoose-delete's deleted flag,
// array and default members).

// Placeholders for values that differ per run.
const (
	anInstant = "<instant>"         // an ISO 8601 instant with milliseconds
	theOrgID  = "<organization id>" // the caller's organization
	absent    = "<absent>"          // the member is left out
	anID      = "<object id>"       // a new ObjectId
)

var (
	instantRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	objectRE  = regexp.MustCompile(`^[0-9a-f]{24}$`)
)

// member reads a dotted path ("data.channels", "data.0.deleted") out of a decoded answer.
func member(body any, path string) (any, bool) {
	cur := body
	for _, part := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[part]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// withoutIDs is v with every "_id" member of its objects left out, for comparing subdocuments
// whose ids are new each run.
func withoutIDs(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			if k != "_id" {
				out[k] = withoutIDs(x)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = withoutIDs(x)
		}
		return out
	default:
		return v
	}
}

func TestEntityMembers(t *testing.T) {
	f := mustNewServer(t)
	orgID := f.dev("GET", "/v1/environments/me", "").Body["data"].(map[string]any)["_organizationId"]
	layout := f.dev("POST", "/v1/layouts", `{"name":"wrapper","identifier":"wrapper","content":"<div>{{{body}}}</div>"}`)
	require.Equal(t, http.StatusCreated, layout.Status, layout.Raw)
	layoutID, _ := member(layout.Body, "data._id")
	wf := prefWorkflow(t, f, "Shipped", `,"active":true,"tags":["orders"]`)
	wfID := wf["_id"].(string)
	trigger, _ := member(wf, "triggers.0.identifier")

	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		want                     map[string]any // path -> value; a placeholder for run-dependent values
	}{
		{"a new subscriber has no channels yet", "POST", "/v1/subscribers", `{"subscriberId":"ada"}`, 201,
			map[string]any{"data.channels": []any{}}},
		{"read back", "GET", "/v1/subscribers/ada", "", 200, map[string]any{"data.channels": []any{}}},
		{"updated", "PUT", "/v1/subscribers/ada", `{"firstName":"Ada"}`, 200, map[string]any{"data.channels": []any{}}},
		{"listed", "GET", "/v1/subscribers", "", 200, map[string]any{"data.0.channels": []any{}}},
		{"the environment's widget settings", "GET", "/v1/environments/me", "", 200,
			map[string]any{"data.widget": map[string]any{"notificationCenterEncryption": false}}},
		{"every environment's widget settings", "GET", "/v1/environments", "", 200,
			map[string]any{"data.0.widget": map[string]any{"notificationCenterEncryption": false},
				"data.1.widget": map[string]any{"notificationCenterEncryption": false}}},
		{"a member's timestamps", "GET", "/v1/organizations/members", "", 200,
			map[string]any{"data.0.createdAt": anInstant, "data.0.updatedAt": anInstant}},
		{"an organization without branding, with the sign-up defaults", "GET", "/v1/organizations/me", "", 200,
			map[string]any{"data.branding": absent, "data.language": []any{},
				"data.productUseCases": map[string]any{"delay": false, "translation": false, "digest": false, "multi_channel": false, "in_app": false}}},
		{"listed", "GET", "/v1/organizations", "", 200, map[string]any{"data.0.branding": absent, "data.0.language": []any{}}},
		{"branding once set", "PUT", "/v1/organizations/branding", `{"color":"#ABCDEF"}`, 200, map[string]any{"data.color": "#ABCDEF"}},
		{"answered after", "GET", "/v1/organizations/me", "", 200, map[string]any{"data.branding.color": "#ABCDEF"}},
		{"a tenant's organization", "POST", "/v1/tenants", `{"identifier":"acme","name":"Acme"}`, 201,
			map[string]any{"data._organizationId": theOrgID}},
		{"a listed tenant's organization", "GET", "/v1/tenants", "", 200, map[string]any{"data.0._organizationId": theOrgID}},
		{"a layout's soft-delete flag", "GET", "/v1/layouts/" + layoutID.(string), "", 200,
			map[string]any{"data.deleted": false, "data.isDeleted": false}},
		{"the default layout's too", "GET", "/v1/layouts?page=0&pageSize=10", "", 200,
			map[string]any{"data.0.deleted": false, "data.1.deleted": false}},
		{"a feed's timestamps and soft-delete flag", "POST", "/v1/feeds", `{"name":"news"}`, 201,
			map[string]any{"data.deleted": false, "data.createdAt": anInstant, "data.updatedAt": anInstant}},
		{"listed feeds too", "GET", "/v1/feeds", "", 200,
			map[string]any{"data.0.deleted": false, "data.0.createdAt": anInstant}},
		{"a workflow's trigger is a subdocument with its own id", "GET", "/v1/workflows/" + wfID, "", 200,
			map[string]any{"data.triggers.0._id": anID, "data.triggers.0.subscriberVariables.0._id": anID,
				"data.triggers.0.subscriberVariables.0.name": "email"}},
		{"a workflow preference: whole triggers, tags and its type", "GET", "/v1/subscribers/ada/preferences", "", 200,
			map[string]any{"data.0.type": "SUBSCRIBER_WORKFLOW", "data.0.template.tags": []any{"orders"},
				"data.0.template.triggers.0.identifier": trigger, "data.0.template.triggers.0._id": anID,
				"data.0.template.triggers.0.type": "event"}},
		{"the same after an update", "PATCH", "/v1/subscribers/ada/preferences/" + wfID, `{"channel":{"type":"email","enabled":false}}`, 200,
			map[string]any{"data.type": "SUBSCRIBER_WORKFLOW", "data.template.tags": []any{"orders"},
				"data.template.triggers.0.identifier": trigger, "data.preference.channels.email": false}},
		{"and by level", "GET", "/v1/subscribers/ada/preferences/template", "", 200,
			map[string]any{"data.0.type": "SUBSCRIBER_WORKFLOW", "data.0.template.triggers.0.identifier": trigger}},
		{"the global level has no type, every channel", "GET", "/v1/subscribers/ada/preferences/global", "", 200,
			map[string]any{"data.0.type": absent, "data.0.preference.channels": map[string]any{
				"in_app": true, "email": true, "sms": true, "chat": true, "push": true}}},
		{"a topic", "POST", "/v1/topics", `{"key":"team","name":"Team"}`, 201, nil},
		{"with a member", "POST", "/v1/topics/team/subscribers", `{"subscribers":["ada"]}`, 200, nil},
		{"a topic membership's timestamps", "GET", "/v1/topics/team/subscribers/ada", "", 200,
			map[string]any{"data.createdAt": anInstant, "data.updatedAt": anInstant}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.dev(tc.method, tc.path, tc.body)
			require.Equal(t, tc.status, r.Status, r.Raw)
			for path, want := range tc.want {
				got, ok := member(r.Body, path)
				if want == absent {
					assert.False(t, ok, "%s present in %s", path, r.Raw)
					continue
				}
				require.True(t, ok, "%s missing in %s", path, r.Raw)
				switch want {
				case anInstant:
					assert.Regexp(t, instantRE, got, path)
				case anID:
					assert.Regexp(t, objectRE, got, path)
				case theOrgID:
					assert.Equal(t, orgID, got, path)
				default:
					assert.Equal(t, want, got, path)
				}
			}
		})
	}
}

// A message as Novu's message schema stores it (message.schema.ts at v2.0.0): not archived, no
// device tokens, the in-app step's _feedId (null without a feed), no cta.data without a call to
// action; lists populate actorSubscriber, null when the trigger named no actor.
func TestEntityMembers_Messages(t *testing.T) {
	k := newKit(t)
	k.subscriber("ana", obj{"firstName": "Ana"})
	plain, _ := k.workflow("Plain", nil, obj{"template": obj{"type": "in_app", "content": "Hi"}})
	linked, _ := k.workflow("Linked", nil, inAppTpl("Order {{orderNumber}}"))
	k.trigger(obj{"name": plain, "to": "ana", "transactionId": "txn-plain"})
	k.trigger(obj{"name": linked, "to": "ana", "payload": obj{"orderNumber": "A-1"}, "transactionId": "txn-linked"})

	feed := k.feed("ana")
	require.Len(t, feed, 2)
	byTxn := map[string]obj{}
	for _, m := range feed {
		byTxn[m.(obj)["transactionId"].(string)] = m.(obj)
	}
	list := k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId=txn-plain", nil).Body["data"].([]any)
	require.Len(t, list, 1)
	id := byTxn["txn-plain"]["_id"].(string)
	marked := k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/ana/messages/mark-as",
		obj{"messageId": id, "markAs": "seen"}).Body["data"].([]any)
	require.Len(t, marked, 1)

	for _, tc := range []struct {
		name string
		msg  obj
		want map[string]any
	}{
		{"a feed item", byTxn["txn-plain"], map[string]any{"_feedId": nil, "actorSubscriber": nil, "archived": false,
			"deviceTokens": []any{}, "cta.data": absent, "cta.action.buttons": []any{}}},
		{"a feed item with a call to action", byTxn["txn-linked"], map[string]any{"cta.data": obj{"url": "/orders/A-1"}}},
		{"a listed message", list[0].(obj), map[string]any{"_feedId": nil, "actorSubscriber": nil, "archived": false,
			"deviceTokens": []any{}, "cta.data": absent}},
		{"a marked message is not populated", marked[0].(obj), map[string]any{"_feedId": nil, "actorSubscriber": absent,
			"archived": false, "deviceTokens": []any{}, "seen": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for path, want := range tc.want {
				got, ok := member(tc.msg, path)
				if want == absent {
					assert.False(t, ok, "%s present in %v", path, tc.msg)
					continue
				}
				require.True(t, ok, "%s missing in %v", path, tc.msg)
				assert.Equal(t, want, got, path)
			}
		})
	}
}

// A step's message template carries its creator, timestamps, deleted flag, variables and a null
// _feedId and _layoutId when it has none; an update keeps the template's createdAt and creator and moves its updatedAt.
func TestEntityMembers_StepTemplate(t *testing.T) {
	k := newKit(t)
	_, id := k.workflow("Templated", nil, inAppTpl("Hi"))
	read := func() obj {
		wf := k.must(http.StatusOK, http.MethodGet, "/v1/workflows/"+id, nil).Body["data"].(obj)
		return wf["steps"].([]any)[0].(obj)
	}
	step := read()
	tpl := step["template"].(obj)
	for path, want := range map[string]any{"_creatorId": anID, "createdAt": anInstant, "updatedAt": anInstant,
		"deleted": false, "variables": []any{}, "_feedId": nil, "_layoutId": nil} {
		got, ok := member(tpl, path)
		require.True(t, ok, "%s missing in %v", path, tpl)
		switch want {
		case anID:
			assert.Regexp(t, objectRE, got, path)
		case anInstant:
			assert.Regexp(t, instantRE, got, path)
		default:
			assert.Equal(t, want, got, path)
		}
	}
	k.f.advance(5 * time.Second)
	k.must(http.StatusOK, http.MethodPut, "/v1/workflows/"+id, obj{"steps": []any{obj{"_templateId": step["_templateId"],
		"template": obj{"type": "in_app", "content": "Hello", "createdAt": "2001-01-01T00:00:00.000Z"}}}})
	after := read()["template"].(obj)
	assert.Equal(t, tpl["_id"], after["_id"], "the same template, edited")
	assert.Equal(t, tpl["createdAt"], after["createdAt"], "createdAt is kept, whatever the request says")
	assert.Equal(t, tpl["_creatorId"], after["_creatorId"])
	assert.NotEqual(t, tpl["updatedAt"], after["updatedAt"])
}
