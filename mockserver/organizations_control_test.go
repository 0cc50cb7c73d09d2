package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen/controlapi"
	"github.com/novumock/novumock/mockserver"
)

// newOrg makes an organization through the control API.
func (f *fake) newOrg(name string) controlapi.CreatedOrganization {
	f.t.Helper()
	res := f.do(http.MethodPost, "/_novumock/organizations", "", `{"name":"`+name+`"}`)
	require.Equal(f.t, http.StatusCreated, res.Status, res.Raw)
	var org controlapi.CreatedOrganization
	require.NoError(f.t, json.Unmarshal([]byte(res.Raw), &org))
	require.Len(f.t, org.Environments, 2)
	return org
}

func TestControlOrganizations_Isolated(t *testing.T) {
	f := mustNewServer(t)
	a, b := f.newOrg("worker-a"), f.newOrg("worker-b")
	keyA, keyB := "ApiKey "+a.Environments[0].ApiKey, "ApiKey "+b.Environments[0].ApiKey
	prodA := "ApiKey " + a.Environments[1].ApiKey

	t.Run("own environments and keys", func(t *testing.T) {
		assert.Equal(t, "worker-a", a.Name)
		assert.Equal(t, "Development", a.Environments[0].Environment)
		assert.Equal(t, "Production", a.Environments[1].Environment)
		assert.NotEqual(t, a.Environments[0].ApplicationIdentifier, b.Environments[0].ApplicationIdentifier)
		me := f.do(http.MethodGet, "/v1/environments/me", prodA, "").Body["data"].(map[string]any)
		assert.Equal(t, a.OrganizationId, me["_organizationId"])
		assert.Equal(t, a.Environments[0].EnvironmentId, me["_parentId"])
		orgs := f.do(http.MethodGet, "/v1/organizations/me", keyA, "").Body["data"].(map[string]any)
		assert.Equal(t, "worker-a", orgs["name"])
		var keys []controlapi.Key
		require.NoError(t, json.Unmarshal([]byte(f.do(http.MethodGet, "/_novumock/keys", "", "").Raw), &keys))
		assert.Len(t, keys, 6)
	})
	// providers lists the provider ids of an organization's integrations, as a key sees them.
	providers := func(key string) []string {
		var out []string
		for _, i := range f.do(http.MethodGet, "/v1/integrations", key, "").Body["data"].([]any) {
			out = append(out, i.(map[string]any)["providerId"].(string))
		}
		return out
	}
	starting := providers(keyB) // Novu's CreateNovuIntegrations, per environment
	require.NotEmpty(t, starting)
	t.Run("state does not cross", func(t *testing.T) {
		expectAnswer(t, f.do(http.MethodPost, "/v1/subscribers", keyA, `{"subscriberId":"user-1"}`), 201, "")
		expectAnswer(t, f.do(http.MethodGet, "/v1/subscribers/user-1", keyA, ""), 200, "")
		expectAnswer(t, f.do(http.MethodGet, "/v1/subscribers/user-1", keyB, ""), 404, "")
		expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers/user-1", ""), 404, "")
		expectAnswer(t, f.do(http.MethodPost, "/v1/integrations", keyA, `{"providerId":"sendgrid","channel":"email","check":false}`), 201, "")
		assert.Contains(t, providers(keyA), "sendgrid")
		assert.Equal(t, starting, providers(keyB), "B keeps its starting integrations alone")
		assert.Equal(t, 2, f.requests("organizationId="+a.OrganizationId+"&method=POST").TotalCount)
	})
	t.Run("reset one organization", func(t *testing.T) {
		expectAnswer(t, f.do(http.MethodPost, "/v1/subscribers", keyB, `{"subscriberId":"user-b"}`), 201, "")
		expectAnswer(t, f.do(http.MethodPost, "/_novumock/reset?organizationId="+a.OrganizationId, "", ""), 204, "")
		expectAnswer(t, f.do(http.MethodGet, "/v1/subscribers/user-1", keyA, ""), 404, "")
		assert.ElementsMatch(t, starting, providers(keyA), "the starting integrations again, without sendgrid")
		expectAnswer(t, f.do(http.MethodGet, "/v1/subscribers/user-b", keyB, ""), 200, "")
		expectAnswer(t, f.do(http.MethodGet, "/v1/notification-groups", keyA, ""), 200, "")
		expectAnswer(t, f.do(http.MethodPost, "/_novumock/reset?organizationId=nope", "", ""), 404, "")
	})
	t.Run("delete", func(t *testing.T) {
		expectAnswer(t, f.do(http.MethodDelete, "/_novumock/organizations/"+b.OrganizationId, "", ""), 204, "")
		expectAnswer(t, f.do(http.MethodGet, "/v1/subscribers/user-b", keyB, ""), 401, "API Key not found")
		expectAnswer(t, f.do(http.MethodDelete, "/_novumock/organizations/"+b.OrganizationId, "", ""), 404, "")
		expectAnswer(t, f.do(http.MethodGet, "/v1/subscribers", keyA, ""), 200, "")
	})
	t.Run("a full reset drops made organizations", func(t *testing.T) {
		expectAnswer(t, f.do(http.MethodPost, "/_novumock/reset", "", ""), 204, "")
		expectAnswer(t, f.do(http.MethodGet, "/v1/subscribers", keyA, ""), 401, "API Key not found")
		expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers", ""), 200, "")
	})
}

// Workers on their own organizations share one fake and never see each other, under -race.
func TestControlOrganizations_ConcurrentWorkers(t *testing.T) {
	k := newKit(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			org := k.f.newOrg(fmt.Sprintf("worker-%d", w))
			wk := &dkit{t: t, f: k.f, auth: "ApiKey " + org.Environments[0].ApiKey}
			wk.integration("sendgrid", "email")
			wk.subscriber("user-1", obj{"email": fmt.Sprintf("w%d@example.com", w)})
			name, _ := wk.workflow("Welcome", nil, emailTpl("Hi", "<p>worker {{w}}</p>"))
			for i := range 5 {
				wk.trigger(obj{"name": name, "to": "user-1", "payload": obj{"w": w, "i": i}})
			}
			sent := wk.control("/_novumock/outbox?channel=email&organizationId=" + org.OrganizationId)
			assert.Len(t, sent, 5)
			for _, m := range sent {
				assert.Equal(t, fmt.Sprintf("w%d@example.com", w), m["to"])
			}
			page := k.f.requests("operationId=TriggerEvent&organizationId=" + org.OrganizationId)
			assert.Equal(t, 5, page.TotalCount)
			expectAnswer(t, k.f.do(http.MethodDelete, "/_novumock/organizations/"+org.OrganizationId, "", ""), 204, "")
		}()
	}
	wg.Wait()
	assert.Empty(t, k.control("/_novumock/outbox"), "the starting organization saw nothing")
}

// Each organization has its own lock, and what reads across them (state export, the key list,
// the organization list, the console's environments, the clock, a reset of one organization,
// organizations made and dropped) takes the registry's and then each organization's in turn.
// Run together under -race, nothing deadlocks and no worker loses a write.
func TestControlOrganizations_CrossOrganizationReadsDuringWork(t *testing.T) {
	f := mustNewServer(t)
	const workers, rounds = 3, 20
	orgs := make([]controlapi.CreatedOrganization, workers)
	for w := range orgs {
		orgs[w] = f.newOrg(fmt.Sprintf("worker-%d", w))
	}
	scratch := f.newOrg("scratch") // reset over and over meanwhile
	var wg sync.WaitGroup
	for w, org := range orgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := "ApiKey " + org.Environments[0].ApiKey
			for i := range rounds {
				res := f.do(http.MethodPost, "/v1/subscribers", key, fmt.Sprintf(`{"subscriberId":"w%d-%d"}`, w, i))
				assert.Equal(t, http.StatusCreated, res.Status, res.Raw)
				res = f.do(http.MethodGet, "/v1/subscribers?page=0&limit=100", key, "")
				assert.Equal(t, http.StatusOK, res.Status, res.Raw)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		starting := "ApiKey " + mockserver.DefaultDevAPIKey
		for i := range rounds {
			for _, req := range []struct{ method, path, auth, body string }{
				{http.MethodGet, "/_novumock/state", "", ""},
				{http.MethodGet, "/_novumock/state?organizationId=" + orgs[i%workers].OrganizationId, "", ""},
				{http.MethodGet, "/_novumock/keys", "", ""},
				{http.MethodGet, "/v1/organizations", starting, ""},
				{http.MethodGet, "/_novumock/ui/", "", ""},
				{http.MethodPost, "/_novumock/clock/advance?organizationId=" + scratch.OrganizationId, "", `{"duration":"1s"}`},
				{http.MethodPost, "/_novumock/reset?organizationId=" + scratch.OrganizationId, "", ""},
			} {
				res := f.do(req.method, req.path, req.auth, req.body)
				assert.Less(t, res.Status, 300, "%s %s: %s", req.method, req.path, res.Raw)
			}
			made := f.newOrg(fmt.Sprintf("made-%d", i))
			res := f.do(http.MethodDelete, "/_novumock/organizations/"+made.OrganizationId, "", "")
			assert.Equal(t, http.StatusNoContent, res.Status, res.Raw)
		}
	}()
	wg.Wait()
	for w, org := range orgs {
		page := f.do(http.MethodGet, "/v1/subscribers?page=0&limit=100", "ApiKey "+org.Environments[0].ApiKey, "")
		require.Equal(t, http.StatusOK, page.Status, page.Raw)
		assert.Len(t, page.Body["data"], rounds, "worker %d kept every subscriber", w)
	}
}

// TestControlOrganizations_OwnClock moves one organization's time: its timestamps, delays and
// idempotency records follow it, while the starting organization and the shared clock stay.
func TestControlOrganizations_OwnClock(t *testing.T) {
	k := newKit(t)
	org := k.f.newOrg("time-traveller")
	wk := &dkit{t: t, f: k.f, auth: "ApiKey " + org.Environments[0].ApiKey}
	for _, kit := range []*dkit{k, wk} {
		kit.subscriber("user-1", nil)
	}
	later, _ := k.workflow("Later", nil, waitTpl("delay", 1, "hours"), inAppTpl("Reminder"))
	wLater, _ := wk.workflow("Later", nil, waitTpl("delay", 1, "hours"), inAppTpl("Reminder"))
	k.trigger(obj{"name": later, "to": "user-1"})
	wk.trigger(obj{"name": wLater, "to": "user-1"})
	first := k.f.do(http.MethodPost, "/v1/topics", wk.auth, `{"key":"t2","name":"T"}`, "Idempotency-Key", "once")
	require.Equal(t, 201, first.Status, first.Raw)

	clock := func(query string) string {
		res := k.f.do(http.MethodGet, "/_novumock/clock"+query, "", "")
		require.Equal(t, 200, res.Status, res.Raw)
		return res.Body["now"].(string)
	}
	res := k.f.do(http.MethodPost, "/_novumock/clock/advance?organizationId="+org.OrganizationId, "", `{"duration":"2h"}`)
	require.Equal(t, 200, res.Status, res.Raw)
	assert.Equal(t, "2024-10-24T14:00:00.000Z", res.Body["now"])
	assert.Equal(t, "2024-10-24T14:00:00.000Z", clock("?organizationId="+org.OrganizationId))
	assert.Equal(t, "2024-10-24T12:00:00.000Z", clock(""), "the shared clock stays")

	assert.Len(t, wk.feed("user-1"), 1, "the organization's delay has passed")
	assert.Empty(t, k.feed("user-1"), "the starting organization's has not")
	created := func(kit *dkit, id string) string {
		kit.subscriber(id, nil)
		return kit.must(200, http.MethodGet, "/v1/subscribers/"+id, nil).Body["data"].(obj)["createdAt"].(string)
	}
	assert.Equal(t, "2024-10-24T14:00:00.000Z", created(wk, "user-2"))
	assert.Equal(t, "2024-10-24T12:00:00.000Z", created(k, "user-2"))

	// Novu keeps an idempotency record 24 hours: past that on the organization's clock, the
	// same key runs the request again (and the topic now exists: 409).
	k.f.do(http.MethodPost, "/_novumock/clock/advance?organizationId="+org.OrganizationId, "", `{"duration":"23h"}`)
	again := k.f.do(http.MethodPost, "/v1/topics", wk.auth, `{"key":"t2","name":"T"}`, "Idempotency-Key", "once")
	assert.Equal(t, 409, again.Status, again.Raw)

	t.Run("the shared clock moves every organization", func(t *testing.T) {
		k.f.do(http.MethodPost, "/_novumock/clock/advance", "", `{"duration":"1h"}`)
		assert.Equal(t, "2024-10-25T14:00:00.000Z", clock("?organizationId="+org.OrganizationId))
		assert.Len(t, k.feed("user-1"), 1)
	})
	t.Run("unknown organization", func(t *testing.T) {
		expectAnswer(t, k.f.do(http.MethodGet, "/_novumock/clock?organizationId=nope", "", ""), 404, `no organization has the id "nope"`)
		expectAnswer(t, k.f.do(http.MethodPost, "/_novumock/clock/advance?organizationId=nope", "", `{"duration":"1h"}`), 404, "")
	})
}

// TestControlOrganizations_OwnJournalAndFaults: a worker lists and clears its own fault rules
// and journal entries, and leaves the other workers' alone.
func TestControlOrganizations_OwnJournalAndFaults(t *testing.T) {
	f := mustNewServer(t)
	a, b := f.newOrg("worker-a"), f.newOrg("worker-b")
	keyA, keyB := "ApiKey "+a.Environments[0].ApiKey, "ApiKey "+b.Environments[0].ApiKey
	f.addFaults(`[{"id":"a-down","operationId":"ListTopics","status":503,"organizationId":"` + a.OrganizationId + `"},
		{"id":"b-down","operationId":"ListTopics","status":500,"organizationId":"` + b.OrganizationId + `"},
		{"id":"everyone-slow","operationId":"ListTenants","latency":"1ms"}]`)
	expectAnswer(t, f.do(http.MethodGet, "/v1/topics", keyA, ""), 503, "")
	expectAnswer(t, f.do(http.MethodGet, "/v1/topics", keyB, ""), 500, "")
	expectAnswer(t, f.dev(http.MethodGet, "/v1/topics", ""), 200, "")

	ids := func(query string) []string {
		res := f.do(http.MethodGet, "/_novumock/faults"+query, "", "")
		require.Equal(t, 200, res.Status, res.Raw)
		var rules []controlapi.FaultRule
		require.NoError(t, json.Unmarshal([]byte(res.Raw), &rules))
		var out []string
		for _, r := range rules {
			out = append(out, r.Id)
		}
		return out
	}
	assert.Equal(t, []string{"a-down"}, ids("?organizationId="+a.OrganizationId))
	expectAnswer(t, f.do(http.MethodDelete, "/_novumock/faults?organizationId="+a.OrganizationId, "", ""), 204, "")
	assert.Equal(t, []string{"b-down", "everyone-slow"}, ids(""))
	expectAnswer(t, f.do(http.MethodGet, "/v1/topics", keyA, ""), 200, "")

	require.Equal(t, 2, f.requests("organizationId="+a.OrganizationId).TotalCount)
	before := f.requests("").TotalCount
	expectAnswer(t, f.do(http.MethodDelete, "/_novumock/requests?organizationId="+a.OrganizationId, "", ""), 204, "")
	assert.Equal(t, 0, f.requests("organizationId="+a.OrganizationId).TotalCount)
	assert.Equal(t, before-2, f.requests("").TotalCount, "the others' entries stay")
	page := f.requests("organizationId=" + b.OrganizationId)
	require.Equal(t, 1, page.TotalCount)
	assert.Equal(t, "b-down", page.Data[0].Fault)
	expectAnswer(t, f.dev(http.MethodGet, "/v1/topics", ""), 200, "")
	assert.Greater(t, f.requests("").Data[0].Id, page.Data[0].Id, "ids keep counting after a partial clear")

	expectAnswer(t, f.do(http.MethodDelete, "/_novumock/organizations/"+b.OrganizationId, "", ""), 204, "")
	assert.Equal(t, []string{"everyone-slow"}, ids(""), "a dropped organization's rules go with it")
}

// The in-app routes authenticate with a subscriber's token, not an API key: the journal still
// files their requests under the token's organization, with the token masked.
func TestControlOrganizations_InboxRequestsInTheJournal(t *testing.T) {
	f := mustNewServer(t)
	org := f.newOrg("browser-worker")
	ik := &ikit{&dkit{t: t, f: f, auth: "ApiKey " + org.Environments[0].ApiKey}}
	token := ik.token("ada")
	assert.Empty(t, ik.list(token, "limit=10"))

	page := f.requests("path=/v1/inbox/notifications&organizationId=" + org.OrganizationId)
	require.Equal(t, 1, page.TotalCount)
	entry := page.Data[0]
	assert.Equal(t, org.Environments[0].EnvironmentId, entry.EnvironmentId)
	assert.Equal(t, "Bearer ****"+token[len(token)-4:], entry.Headers["Authorization"])
	assert.Zero(t, f.requests("path=/v1/inbox/notifications&organizationId="+f.newOrg("other").OrganizationId).TotalCount)

	t.Run("a fault narrowed to the organization fires for its subscribers alone", func(t *testing.T) {
		f.addFaults(`[{"method":"GET","path":"/v1/inbox/notifications","status":503,"organizationId":"` + org.OrganizationId + `"}]`)
		expectAnswer(t, ik.as(token, http.MethodGet, "/v1/inbox/notifications", ""), 503, "")
		starting := newInboxKitOn(t, f)
		expectAnswer(t, starting.as(starting.token("grace"), http.MethodGet, "/v1/inbox/notifications", ""), 200, "")
	})
}

// newInboxKitOn is an inbox kit on an existing fake, with its Development key.
func newInboxKitOn(t *testing.T, f *fake) *ikit {
	return &ikit{&dkit{t: t, f: f, auth: "ApiKey " + f.DevKey}}
}
