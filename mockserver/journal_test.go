package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen/controlapi"
	"github.com/novumock/novumock/mockserver"
)

// requests reads GET /_novumock/requests with the given query.
func (f *fake) requests(query string) controlapi.RequestPage {
	f.t.Helper()
	res := f.do(http.MethodGet, "/_novumock/requests?"+query, "", "")
	require.Equal(f.t, http.StatusOK, res.Status, res.Raw)
	var page controlapi.RequestPage
	require.NoError(f.t, json.Unmarshal([]byte(res.Raw), &page))
	return page
}

func TestJournal_Records(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", obj{"email": "ada@example.com"})
	name, _ := k.workflow("Order shipped", nil, inAppTpl("Order {{orderNumber}}"))
	k.trigger(obj{"name": name, "to": []any{"user-1", obj{"subscriberId": "user-2"}}, "payload": obj{"orderNumber": "A-1", "n": 2}})
	k.f.dev(http.MethodGet, "/v1/subscribers/nobody", "")
	k.f.do(http.MethodGet, "/v1/integrations", "ApiKey wrong-key-12345678", "")

	t.Run("newest first with what was sent and answered", func(t *testing.T) {
		page := k.f.requests("")
		require.GreaterOrEqual(t, page.TotalCount, 4)
		last := page.Data[0]
		assert.Equal(t, "ListIntegrations", last.OperationId)
		assert.Equal(t, 401, last.Status)
		assert.Empty(t, last.OrganizationId, "an unknown key belongs to no organization")
		assert.Equal(t, "ApiKey ****5678", last.Headers["Authorization"], "secrets are masked")
		get := page.Data[1]
		assert.Equal(t, "GetSubscriber", get.OperationId)
		assert.Equal(t, "/v1/subscribers/nobody", get.Path)
		assert.Equal(t, 404, get.Status)
		assert.Equal(t, "Development", get.Environment)
		assert.NotEmpty(t, get.OrganizationId)
		assert.Contains(t, fmt.Sprint(get.ResponseBody), "Subscriber not found")
		assert.Greater(t, get.Id, page.Data[2].Id)
	})
	t.Run("one call asserts a trigger's workflow, recipient and payload", func(t *testing.T) {
		q := url.Values{"workflow": {name}, "subscriberId": {"user-2"}, "body": {`{"payload":{"orderNumber":"A-1"}}`}}
		page := k.f.requests(q.Encode())
		require.Equal(t, 1, page.TotalCount)
		assert.Equal(t, "TriggerEvent", page.Data[0].OperationId)
		assert.Equal(t, 201, page.Data[0].Status)
		q.Set("body", `{"payload":{"orderNumber":"A-2"}}`)
		assert.Zero(t, k.f.requests(q.Encode()).TotalCount)
		q.Set("body", `{"payload":{"orderNumber":"A-1"}}`)
		q.Set("subscriberId", "user-3")
		assert.Zero(t, k.f.requests(q.Encode()).TotalCount)
	})
	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			query string
			want  int
		}{
			{"operationId=GetSubscriber", 1},
			{"status=4xx", 2},
			{"status=404", 1},
			{"path=/v1/subscribers/*&method=get", 1},
			{"subscriberId=nobody", 1},
			{"subscriberId=user-1", 2}, // created, then triggered
			{"since=2024-10-24T12:00:00Z", k.f.requests("").TotalCount},
			{"until=2024-10-24T12:00:00Z", 0},
		} {
			assert.Equal(t, tc.want, k.f.requests(tc.query).TotalCount, tc.query)
		}
	})
	t.Run("pages", func(t *testing.T) {
		all := k.f.requests("")
		p1 := k.f.requests("limit=2&page=1")
		require.Len(t, p1.Data, 2)
		assert.Equal(t, all.Data[2].Id, p1.Data[0].Id)
		assert.True(t, p1.HasMore)
	})
	t.Run("bad filters are refused", func(t *testing.T) {
		for _, q := range []string{"body={", "since=yesterday", "limit=0", "limit=1001", "page=-1"} {
			assert.Equal(t, http.StatusBadRequest, k.f.do(http.MethodGet, "/_novumock/requests?"+q, "", "").Status, q)
		}
	})
	t.Run("bulk triggers, broadcasts and bulk creates", func(t *testing.T) {
		k.must(http.StatusCreated, http.MethodPost, "/v1/events/trigger/bulk", obj{"events": []obj{
			{"name": name, "to": "bulk-1", "payload": obj{"orderNumber": "B"}}, {"name": name, "to": []string{"bulk-2"}, "payload": obj{"orderNumber": "C"}}}})
		k.must(http.StatusCreated, http.MethodPost, "/v1/events/trigger/broadcast", obj{"name": name, "payload": obj{"orderNumber": "D"}})
		k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/bulk", obj{"subscribers": []obj{{"subscriberId": "bulk-3"}}})
		assert.Equal(t, "BulkTriggerEvents", k.f.requests("subscriberId=bulk-2&workflow=" + name).Data[0].OperationId)
		assert.Equal(t, "BroadcastEvent", k.f.requests("operationId=BroadcastEvent&workflow=" + name).Data[0].OperationId)
		assert.Equal(t, "BulkCreateSubscribers", k.f.requests("subscriberId=bulk-3").Data[0].OperationId)
	})
	t.Run("clear", func(t *testing.T) {
		assert.Equal(t, http.StatusNoContent, k.f.do(http.MethodDelete, "/_novumock/requests", "", "").Status)
		assert.Zero(t, k.f.requests("").TotalCount, "control requests are not recorded")
	})
}

func TestJournal_Bounded(t *testing.T) {
	f := mustNewServer(t, func(o *mockserver.Options) { o.JournalSize = 3 })
	for i := range 5 {
		f.dev(http.MethodGet, fmt.Sprintf("/v1/subscribers/s-%d", i), "")
	}
	page := f.requests("")
	require.Equal(t, 3, page.TotalCount)
	assert.Equal(t, "/v1/subscribers/s-4", page.Data[0].Path)
	assert.Equal(t, "/v1/subscribers/s-2", page.Data[2].Path)

	off := mustNewServer(t, func(o *mockserver.Options) { o.JournalSize = -1 })
	off.dev(http.MethodGet, "/v1/subscribers/s", "")
	assert.Zero(t, off.requests("").TotalCount)
}

func TestJournal_Subscribe(t *testing.T) {
	f := mustNewServer(t)
	entries, cancel := f.srv.SubscribeRequests(10)
	f.dev(http.MethodGet, "/v1/subscribers/s-1", "")
	select {
	case e := <-entries:
		assert.Equal(t, "/v1/subscribers/s-1", e.Path)
	case <-time.After(5 * time.Second):
		t.Fatal("no entry delivered")
	}
	cancel()
	cancel() // twice is harmless
	_, open := <-entries
	assert.False(t, open)
}

// Concurrent writers and readers of the journal, for the race detector.
func TestJournal_Concurrent(t *testing.T) {
	f := mustNewServer(t, func(o *mockserver.Options) { o.JournalSize = 50 })
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				f.dev(http.MethodGet, fmt.Sprintf("/v1/subscribers/w%d-%d", w, i), "")
				f.srv.Requests(mockserver.JournalQuery{SubscriberID: fmt.Sprintf("w%d-%d", w, i)})
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 50, f.requests("limit=1").TotalCount)
}

func TestJournal_LongBodiesAreCut(t *testing.T) {
	f := mustNewServer(t)
	long := `{"subscriberId":"big","data":{"blob":"` + strings.Repeat("x", 20<<10) + `"}}`
	f.dev(http.MethodPost, "/v1/subscribers", long)
	body, ok := f.requests("operationId=CreateSubscriber").Data[0].RequestBody.(string)
	require.True(t, ok, "a cut body is no longer JSON, so it is kept as a string")
	assert.Less(t, len(body), 17<<10)
	assert.True(t, strings.HasSuffix(body, "…"))
}

// The journal keeps the request as the client sent it although the pipeline rewrites it on the
// way in (#16: the body read is kept without a copy, the headers masked only when read): a form
// body becomes JSON and its Content-Type application/json, a string boolean a boolean, an
// ObjectId in capitals lower case, an empty body {}; none of that shows in the journal.
func TestJournal_RecordsWhatWasSentBeforeRewrites(t *testing.T) {
	f := mustNewServer(t)
	integration := f.dev(http.MethodPost, "/v1/integrations", `{"providerId":"sendgrid","channel":"email","check":false}`)
	require.Equal(t, http.StatusCreated, integration.Status, integration.Raw)
	id := integration.Body["data"].(map[string]any)["_id"].(string)
	upper := strings.ToUpper(id)
	tests := []struct {
		name, method, path, body, contentType string
		wantBody                              any
	}{
		{name: "form body", method: http.MethodPost, path: "/v1/subscribers", body: "subscriberId=form-1&firstName=Ada",
			contentType: "application/x-www-form-urlencoded", wantBody: "subscriberId=form-1&firstName=Ada"},
		{name: "string boolean", method: http.MethodPut, path: "/v1/integrations/" + id,
			body: `{"credentials":{"secure":"true","apiKey":"key-1"}}`, contentType: "application/json",
			wantBody: map[string]any{"credentials": map[string]any{"secure": "true", "apiKey": "key-1"}}},
		{name: "ObjectId in capitals", method: http.MethodPost, path: "/v1/subscribers/bulk",
			body: `{"subscribers":[{"subscriberId":"` + upper + `"}]}`, contentType: "application/json",
			wantBody: map[string]any{"subscribers": []any{map[string]any{"subscriberId": upper}}}},
		{name: "empty body", method: http.MethodPost, path: "/v1/subscribers/empty/online-status", contentType: "text/plain"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := f.do(tc.method, tc.path, "ApiKey "+mockserver.DefaultDevAPIKey, tc.body, "Content-Type", tc.contentType,
				"X-Novumock-Test", tc.name)
			require.Less(t, res.Status, 500, res.Raw)
			got := f.requests("limit=1").Data[0]
			require.Equal(t, tc.path, got.Path)
			assert.Equal(t, tc.wantBody, got.RequestBody)
			assert.Equal(t, tc.contentType, got.Headers["Content-Type"], "the Content-Type sent, not the one the pipeline set")
			assert.Equal(t, tc.name, got.Headers["X-Novumock-Test"])
			assert.Equal(t, "ApiKey ****"+mockserver.DefaultDevAPIKey[len(mockserver.DefaultDevAPIKey)-4:], got.Headers["Authorization"])
		})
	}
}

// A full journal copies each answer into the buffer of the entry it evicts (#16). Every entry
// still shows the answer its client received, whether it is read through the control API or
// was delivered to a subscriber before its buffer went to a later entry.
func TestJournal_AnswersKeptWhenBuffersAreReused(t *testing.T) {
	f := mustNewServer(t, func(o *mockserver.Options) { o.JournalSize = 3 })
	for i := range 12 {
		f.dev(http.MethodPost, "/v1/subscribers", fmt.Sprintf(`{"subscriberId":"s-%d","data":{"pad":"%s"}}`, i, strings.Repeat("x", 50*i)))
	}
	delivered, cancel := f.srv.SubscribeRequests(20)
	defer cancel()
	var sent []any
	for i, path := range []string{"/v1/subscribers?page=0&limit=10", "/v1/subscribers/s-1", "/v1/integrations",
		"/v1/subscribers/nobody", "/v1/subscribers?page=1&limit=2", "/v1/subscribers/s-11"} {
		res := f.dev(http.MethodGet, path, "")
		var body any
		require.NoError(t, json.Unmarshal([]byte(res.Raw), &body), "%d %s", i, path)
		sent = append(sent, body)
	}
	page := f.requests("")
	require.Len(t, page.Data, 3)
	for i, e := range page.Data { // newest first
		assert.Equal(t, sent[len(sent)-1-i], e.ResponseBody, e.Path)
	}
	for i := range sent {
		select {
		case e := <-delivered:
			var got any
			raw, err := json.Marshal(e.ResponseBody)
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(raw, &got))
			assert.Equal(t, sent[i], got, e.Path)
		case <-time.After(5 * time.Second):
			t.Fatal("entry not delivered")
		}
	}
}
