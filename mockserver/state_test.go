package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

func (f *fake) exportState(query string) string {
	f.t.Helper()
	res := f.do(http.MethodGet, "/_novumock/state"+query, "", "")
	require.Equal(f.t, http.StatusOK, res.Status, res.Raw)
	return res.Raw
}

func TestState_RoundTrip(t *testing.T) {
	k := newKit(t)
	k.integration("sendgrid", "email")
	k.subscriber("ada", obj{"email": "ada@example.com", "firstName": "Ada", "data": obj{"plan": "pro", "seats": 3}})
	k.subscriber("grace", nil)
	k.must(201, http.MethodPost, "/v1/topics", obj{"key": "beta", "name": "Beta"})
	k.must(200, http.MethodPost, "/v1/topics/beta/subscribers", obj{"subscribers": []string{"ada", "grace"}})
	k.must(201, http.MethodPost, "/v1/tenants", obj{"identifier": "eu", "name": "EU", "data": obj{"vat": true}})
	k.must(201, http.MethodPost, "/v1/feeds", obj{"name": "Orders"})
	k.must(201, http.MethodPost, "/v1/layouts", obj{"name": "Plain", "identifier": "plain", "content": "<div>{{{body}}}</div>", "isDefault": true})
	name, _ := k.workflow("Order shipped", nil, inAppTpl("Order {{orderNumber}}"), emailTpl("Shipped", "<p>{{orderNumber}}</p>"))
	org := k.f.newOrg("second")
	expectAnswer(t, k.f.do(http.MethodPost, "/v1/subscribers", "ApiKey "+org.Environments[0].ApiKey, `{"subscriberId":"other"}`), 201, "")

	first := k.f.exportState("")
	fresh := mustNewServer(t)
	expectAnswer(t, fresh.do(http.MethodPut, "/_novumock/state", "", first), http.StatusNoContent, "")
	assert.JSONEq(t, first, fresh.exportState(""), "export, load, export is identical")
	assert.Equal(t, first, fresh.exportState(""))

	t.Run("the loaded state works", func(t *testing.T) {
		lk := &dkit{t: t, f: fresh, auth: "ApiKey " + fresh.DevKey}
		res := lk.must(201, http.MethodPost, "/v1/events/trigger", obj{"name": name, "to": obj{"type": "Topic", "topicKey": "beta"},
			"payload": obj{"orderNumber": "A-1"}})
		assert.Equal(t, true, res.Body["data"].(obj)["acknowledged"])
		assert.Len(t, lk.feed("ada"), 1)
		assert.Len(t, lk.control("/_novumock/outbox?channel=email&to=ada@example.com"), 1)
		expectAnswer(t, fresh.do(http.MethodGet, "/v1/subscribers/other", "ApiKey "+org.Environments[0].ApiKey, ""), 200, "")
		lk.must(201, http.MethodPost, "/v1/subscribers", obj{"subscriberId": "new-one"})
		lk.must(409, http.MethodPost, "/v1/topics", obj{"key": "beta", "name": "again"})
	})
	t.Run("one organization", func(t *testing.T) {
		var doc struct {
			Organizations []json.RawMessage `json:"organizations"`
		}
		require.NoError(t, json.Unmarshal([]byte(k.f.exportState("?organizationId="+org.OrganizationId)), &doc))
		assert.Len(t, doc.Organizations, 1)
		assert.Equal(t, 404, k.f.do(http.MethodGet, "/_novumock/state?organizationId=nope", "", "").Status)
	})
}

func TestState_HandWrittenFixture(t *testing.T) {
	data, err := os.ReadFile("../examples/fixture.json")
	require.NoError(t, err)
	f := mustNewServer(t)
	expectAnswer(t, f.do(http.MethodPut, "/_novumock/state", "", string(data)), http.StatusNoContent, "")
	k := &dkit{t: t, f: f, auth: "ApiKey fixture-dev-key-00000000000000000"}
	ada := k.must(200, http.MethodGet, "/v1/subscribers/ada", nil).Body["data"].(obj)
	assert.Equal(t, "ada@acme.test", ada["email"])
	k.must(201, http.MethodPost, "/v1/events/trigger", obj{"name": "order-shipped", "to": "ada", "payload": obj{"orderId": "A-7"}})
	mail := k.control("/_novumock/outbox?channel=email&to=ada@acme.test")
	require.Len(t, mail, 1)
	assert.Equal(t, "Order A-7 shipped", mail[0]["subject"])
	assert.Equal(t, "sendgrid", mail[0]["providerId"])
	assert.Len(t, k.feed("ada"), 1)
	me := f.do(http.MethodGet, "/v1/environments/me", "ApiKey fixture-prod-key-0000000000000000", "").Body["data"].(obj)
	assert.Equal(t, "66f0a1b2c3d4e5f6a7b8c901", me["_parentId"])
	expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers", ""), 401, "API Key not found")
	// A hand-written document gets the schema members a created entity has.
	for _, tc := range []struct {
		path string
		want map[string]any
	}{
		{"/v1/subscribers/ada", map[string]any{"data.channels": []any{}}},
		{"/v1/tenants/eu-shop", map[string]any{"data._organizationId": ada["_organizationId"]}},
		{"/v1/environments/me", map[string]any{"data.widget": obj{"notificationCenterEncryption": false}}},
		{"/v1/organizations/me", map[string]any{"data.branding": absent, "data.language": []any{}}},
		{"/v1/organizations/members", map[string]any{"data.0.createdAt": anInstant}},
		{"/v1/topics/beta-testers/subscribers/ada", map[string]any{"data.createdAt": anInstant}},
	} {
		body := k.must(200, http.MethodGet, tc.path, nil).Body
		for path, want := range tc.want {
			got, ok := member(body, path)
			switch want {
			case absent:
				assert.False(t, ok, "%s%s", tc.path, path)
			case anInstant:
				assert.Regexp(t, instantRE, got, tc.path+" "+path)
			default:
				assert.Equal(t, want, got, tc.path+" "+path)
			}
		}
	}

	again := mustNewServer(t)
	first := f.exportState("")
	expectAnswer(t, again.do(http.MethodPut, "/_novumock/state", "", first), http.StatusNoContent, "")
	assert.Equal(t, first, again.exportState(""), "a loaded fixture round-trips too")
}

func TestState_Invalid(t *testing.T) {
	f := mustNewServer(t)
	f.dev(http.MethodPost, "/v1/subscribers", `{"subscriberId":"kept"}`)
	before := f.exportState("")
	env := func(inner string) string {
		return `{"novumockState":1,"organizations":[{"organization":{"name":"x"},"integrations":[],"environments":[` + inner + `]}]}`
	}
	for _, tc := range []struct{ doc, want string }{
		{`{"novumockState":2,"organizations":[]}`, "novumockState"},
		{`{"novumockState":1,"organizations":[]}`, "organizations"},
		{`{"novumockState":1,"organisations":[]}`, `unknown field "organisations"`},
		{env(`{"environment":{"name":"D"},"apiKey":"k","subscribers":[{"subscriberId":"a","email":5}]}`), "email"},
		{env(`{"environment":{"name":"D"},"apiKey":"k","subscribers":[{"subscriber_id":"a"}]}`), `unknown field "subscriber_id"`},
		{env(`{"environment":{"name":"D"},"apiKey":"k","subscribers":[{"subscriberId":""}]}`), "organizations[0].environments[0].subscribers[0].subscriberId"},
		{env(`{"environment":{"name":"D"},"apiKey":"k","subscribers":[{"subscriberId":"a"},{"subscriberId":"a"}]}`), "subscribers[1].subscriberId"},
		{env(`{"environment":{"name":"D"},"apiKey":"k","tenants":[{"name":"T"}]}`), "tenants[0].identifier: must not be empty"},
		{env(`{"environment":{"name":"D"},"apiKey":"k","topics":[{"key":"t"},{"key":"t"}]}`), `topics[1].key: "t" is used twice`},
		{env(`{"environment":{"name":"D"},"apiKey":"k","layouts":[{"name":"a","identifier":"a"},{"name":"b","identifier":"a"}]}`), `layouts[1].identifier: "a" is used twice`},
		{env(`{"environment":{"name":"D"},"apiKey":""}`), "environments[0].apiKey"},
		{env(`{"environment":{"name":"D"},"apiKey":"k"},{"environment":{"name":"P"},"apiKey":"k"}`), "environments[1].apiKey"},
		{env(`{"environment":{"name":"P","_parentId":"nope"},"apiKey":"k"}`), "environments[0].environment._parentId"},
		{env(`{"environment":{"name":"D"},"apiKey":"k","topics":[{"key":"t","subscribers":["ghost"]}]}`), "topics[0].subscribers[0]"},
		{env(`{"environment":{"name":"D"},"apiKey":"k","workflows":[{"name":"W","_notificationGroupId":"nope"}]}`), "workflows[0]._notificationGroupId"},
		{env(`{"environment":{"name":"D"},"apiKey":"k","workflows":[{"name":"W"},{"name":"W"}]}`), "workflows[1].triggers[0].identifier"},
		{env(`{"environment":{"name":"D"},"apiKey":"k","layouts":[{"name":"a","identifier":"a","isDefault":true},{"name":"b","identifier":"b","isDefault":true}]}`), "layouts[1].isDefault"},
		{`{"novumockState":1,"organizations":[{"organization":{"name":"x"},"integrations":[{"providerId":"sendgrid","channel":"fax"}],"environments":[{"environment":{"name":"D"},"apiKey":"k"}]}]}`, "integrations[0].channel"},
		{`{"novumockState":1} {}`, "more than one"},
	} {
		res := f.do(http.MethodPut, "/_novumock/state", "", tc.doc)
		require.Equal(t, http.StatusBadRequest, res.Status, tc.doc)
		assert.Contains(t, res.Body["message"], tc.want, tc.doc)
	}
	assert.Equal(t, before, f.exportState(""), "a refused document changes nothing")
	expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers/kept", ""), 200, "")
}

func TestState_SaveFile(t *testing.T) {
	f := mustNewServer(t)
	expectAnswer(t, f.do(http.MethodPost, "/_novumock/state/save", "", ""), 400, "the fake was started without a state file (serve --state FILE)")

	path := filepath.Join(t.TempDir(), "state.json")
	g := mustNewServer(t, func(o *mockserver.Options) { o.StateFile = path })
	g.dev(http.MethodPost, "/v1/subscribers", `{"subscriberId":"saved"}`)
	expectAnswer(t, g.do(http.MethodPost, "/_novumock/state/save", "", ""), 200, "")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"subscriberId": "saved"`)
	assert.Equal(t, strings.TrimSpace(string(data)), g.exportState(""))
}

// Workers each load the same fixture into their own organization, under -race.
func TestState_LoadIntoOrganizations(t *testing.T) {
	data, err := os.ReadFile("../examples/fixture.json")
	require.NoError(t, err)
	f := mustNewServer(t)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			org := f.newOrg(fmt.Sprintf("worker-%d", w))
			res := f.do(http.MethodPut, "/_novumock/state?organizationId="+org.OrganizationId, "", string(data))
			if !assert.Equal(t, http.StatusNoContent, res.Status, res.Raw) {
				return
			}
			dev, prod := "ApiKey "+org.Environments[0].ApiKey, "ApiKey "+org.Environments[1].ApiKey
			assert.Equal(t, 200, f.do(http.MethodGet, "/v1/subscribers/ada", dev, "").Status)
			trig := f.do(http.MethodPost, "/v1/events/trigger", dev, `{"name":"order-shipped","to":"ada","payload":{"orderId":"W"}}`)
			assert.Equal(t, 201, trig.Status, trig.Raw)
			me := f.do(http.MethodGet, "/v1/environments/me", prod, "").Body["data"].(map[string]any)
			assert.Equal(t, org.Environments[0].EnvironmentId, me["_parentId"], "keys, ids and parents stay the organization's")
			assert.Equal(t, org.Environments[1].ApplicationIdentifier, me["identifier"])
			integrations := f.do(http.MethodGet, "/v1/integrations", dev, "").Body["data"].([]any)
			assert.Len(t, integrations, 2)
			for _, in := range integrations {
				assert.Equal(t, org.Environments[0].EnvironmentId, in.(map[string]any)["_environmentId"])
			}
		}()
	}
	wg.Wait()
	expectAnswer(t, f.do(http.MethodGet, "/v1/subscribers/ada", "ApiKey fixture-dev-key-00000000000000000", ""), 401, "API Key not found")
	expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers/ada", ""), 404, "")

	org := f.newOrg("checks")
	expectAnswer(t, f.do(http.MethodPut, "/_novumock/state?organizationId=nope", "", string(data)), 404, "")
	two := `{"novumockState":1,"organizations":[{"organization":{"name":"a"},"environments":[{"environment":{"name":"Development"},"apiKey":"x"}]},` +
		`{"organization":{"name":"b"},"environments":[{"environment":{"name":"Development"},"apiKey":"y"}]}]}`
	expectAnswer(t, f.do(http.MethodPut, "/_novumock/state?organizationId="+org.OrganizationId, "", two), 400, "organizations: give exactly one to load into an organization (got 2)")
	staging := `{"novumockState":1,"organizations":[{"organization":{"name":"a"},"environments":[{"environment":{"name":"Staging"},"apiKey":"x"}]}]}`
	res := f.do(http.MethodPut, "/_novumock/state?organizationId="+org.OrganizationId, "", staging)
	expectAnswer(t, res, 400, `organizations[0].environments[0].environment.name: the organization has no environment named "Staging"`)
}
