package mockserver_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsonnull"
)

// envID is the _id of the environment behind a client.
func (f *fake) envID(c *gen.ClientWithResponses) string {
	f.t.Helper()
	res, err := c.GetCurrentEnvironmentWithResponse(context.Background())
	require.NoError(f.t, err)
	require.Equal(f.t, http.StatusOK, res.StatusCode())
	return res.JSON200.Data.UnderscoreId
}

// subscriber upserts one through the generated client.
func (f *fake) subscriber(c *gen.ClientWithResponses, req gen.CreateSubscriberRequest) gen.Subscriber {
	f.t.Helper()
	res, err := c.CreateSubscriberWithResponse(context.Background(), nil, req)
	require.NoError(f.t, err)
	require.Equal(f.t, http.StatusCreated, res.StatusCode(), string(res.Body))
	return res.JSON201.Data
}

// devJSON sends a raw Development request with a body built from v.
func (f *fake) devJSON(method, path string, v any) rawResponse {
	f.t.Helper()
	b, err := json.Marshal(v)
	require.NoError(f.t, err)
	return f.dev(method, path, string(b))
}

// expectError checks an error answer's status and message.
func expectError(t *testing.T, r rawResponse, status int, message any) {
	t.Helper()
	require.Equal(t, status, r.Status, r.Raw)
	assert.Equal(t, message, r.Body["message"], r.Raw)
}

func TestSubscribers_CreateUpsert(t *testing.T) {
	f := mustNewServer(t)
	first := f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "user-1", FirstName: ptr("Maya"),
		Email: jsonnull.Value("maya@example.com"), Data: &map[string]any{"plan": "pro"}})
	assert.Equal(t, "user-1", first.SubscriberId)
	assert.Equal(t, f.envID(f.Dev), first.UnderscoreEnvironmentId)
	assert.False(t, first.Deleted)
	assert.Equal(t, first.CreatedAt, first.UpdatedAt)

	f.advance(1000 * 1e6)
	second := f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "user-1", LastName: ptr("Lindqvist")})
	assert.Equal(t, first.UnderscoreId, second.UnderscoreId, "same subscriber, updated in place")
	assert.Equal(t, "Maya", *second.FirstName, "fields not sent are kept")
	assert.Equal(t, "Lindqvist", *second.LastName)
	assert.Equal(t, "maya@example.com", second.Email.MustGet())
	assert.NotEqual(t, first.UpdatedAt, second.UpdatedAt)
	assert.Equal(t, first.CreatedAt, second.CreatedAt)

	for _, tc := range []struct {
		name, body string
		message    []any
	}{
		{"missing subscriberId", `{"firstName":"x"}`, nil},
		{"bad email", `{"subscriberId":"u","email":"nope"}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.dev("POST", "/v1/subscribers", tc.body)
			assert.Equal(t, http.StatusBadRequest, r.Status, r.Raw)
		})
	}
	t.Run("channels need an active integration, nothing is written otherwise", func(t *testing.T) {
		r := f.devJSON("POST", "/v1/subscribers", map[string]any{"subscriberId": "user-2",
			"channels": []any{map[string]any{"providerId": "slack", "credentials": map[string]any{"webhookUrl": "https://hooks.example/a"}}}})
		expectError(t, r, http.StatusBadRequest, fmt.Sprintf("Subscribers environment (%s) do not have active slack integration.", f.envID(f.Dev)))
		assert.Equal(t, http.StatusNotFound, f.dev("GET", "/v1/subscribers/user-2", "").Status)
		f.integration(f.Dev, "slack", gen.ChannelTypeChat, true)
		sub := f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "user-2", Channels: &[]gen.SubscriberChannelRequest{
			{ProviderId: "slack", Credentials: gen.ChannelCredentials{WebhookUrl: ptr("https://hooks.example/a")}}}})
		require.Len(t, *sub.Channels, 1)
		assert.Equal(t, "https://hooks.example/a", *(*sub.Channels)[0].Credentials.WebhookUrl)
	})
}

func TestSubscribers_GetUpdateDelete(t *testing.T) {
	f := mustNewServer(t)
	f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "user-1", Email: jsonnull.Value("a@example.com"), Phone: ptr("+4670")})

	t.Run("get", func(t *testing.T) {
		r := f.dev("GET", "/v1/subscribers/user-1", "")
		require.Equal(t, http.StatusOK, r.Status)
		assert.Equal(t, "user-1", r.Body["data"].(map[string]any)["subscriberId"])
		expectError(t, f.dev("GET", "/v1/subscribers/nobody", ""), http.StatusNotFound, "Subscriber not found for id nobody")
	})
	t.Run("update keeps fields not sent and clears an empty email", func(t *testing.T) {
		r := f.dev("PUT", "/v1/subscribers/user-1", `{"email":"","firstName":"Ann","data":{"k":1}}`)
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		d := r.Body["data"].(map[string]any)
		assert.Contains(t, d, "email")
		assert.Nil(t, d["email"], "Novu stores and answers null")
		assert.Equal(t, "Ann", d["firstName"])
		assert.Equal(t, "+4670", d["phone"])
		assert.Equal(t, map[string]any{"k": float64(1)}, d["data"])
		expectError(t, f.dev("PUT", "/v1/subscribers/nobody", `{"firstName":"x"}`), http.StatusBadRequest, "SubscriberId: nobody not found")
		expectError(t, f.dev("PUT", "/v1/subscribers/user-1", `{"email":"nope"}`), http.StatusBadRequest, []any{"email must be an email"})
	})
	t.Run("update email: an address or the empty string (the spec's email-or-empty format)", func(t *testing.T) {
		for _, tc := range []struct {
			email  string
			status int
		}{
			{`""`, http.StatusOK},
			{`"ann@example.com"`, http.StatusOK},
			{`null`, http.StatusOK},
			{`"nope"`, http.StatusBadRequest},
			{`" "`, http.StatusBadRequest},
			{`"ann@exa mple.com"`, http.StatusBadRequest},
		} {
			r := f.dev("PUT", "/v1/subscribers/user-1", `{"email":`+tc.email+`}`)
			assert.Equal(t, tc.status, r.Status, "%s: %s", tc.email, r.Raw)
		}
	})
	t.Run("online status", func(t *testing.T) {
		r := f.dev("PATCH", "/v1/subscribers/user-1/online-status", `{"isOnline":true}`)
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		assert.Equal(t, true, r.Body["data"].(map[string]any)["isOnline"])
		assert.NotContains(t, r.Body["data"], "lastOnlineAt")
		f.advance(5e9)
		r = f.dev("PATCH", "/v1/subscribers/user-1/online-status", `{"isOnline":false}`)
		assert.Equal(t, false, r.Body["data"].(map[string]any)["isOnline"])
		assert.Equal(t, "2024-10-24T12:00:05.000Z", r.Body["data"].(map[string]any)["lastOnlineAt"])
		expectError(t, f.dev("PATCH", "/v1/subscribers/nobody/online-status", `{"isOnline":true}`), http.StatusNotFound, "Subscriber not found")
		r = f.dev("PATCH", "/v1/subscribers/user-1/online-status", `{"online":true}`) // what the legacy SDK sends
		assert.Equal(t, http.StatusBadRequest, r.Status)
	})
	t.Run("delete removes the subscriber and its topic memberships", func(t *testing.T) {
		require.Equal(t, http.StatusOK, f.dev("POST", "/v1/topics/news/subscribers", `{"subscribers":["user-1"]}`).Status)
		r := f.dev("DELETE", "/v1/subscribers/user-1", "")
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		assert.Equal(t, map[string]any{"acknowledged": true, "status": "deleted"}, r.Body["data"])
		expectError(t, f.dev("GET", "/v1/subscribers/user-1", ""), http.StatusNotFound, "Subscriber not found for id user-1")
		topic := f.dev("GET", "/v1/topics/news", "")
		assert.Equal(t, []any{}, topic.Body["data"].(map[string]any)["subscribers"])
		expectError(t, f.dev("DELETE", "/v1/subscribers/user-1", ""), http.StatusNotFound, "Subscriber not found for id user-1")
		assert.Equal(t, http.StatusNoContent, f.dev("DELETE", "/v1/topics/news", "").Status, "the topic is empty again")
	})
}

func TestSubscribers_ListPagination(t *testing.T) {
	f := mustNewServer(t)
	for i := range 25 {
		f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: fmt.Sprintf("user-%02d", i)})
	}
	more, last := ptr(true), ptr(false)
	for _, tc := range []struct {
		query string
		want  page
	}{
		{"", page{ids("user-", 0, 10), 0, 10, more, nil}},
		{"?page=2", page{ids("user-", 20, 5), 2, 10, last, nil}},
		{"?page=1&limit=12", page{ids("user-", 12, 12), 1, 12, more, nil}},
		{"?page=4&limit=5", page{ids("user-", 20, 5), 4, 5, more, nil}}, // a full last page still says hasMore
		{"?page=5&limit=5", page{nil, 5, 5, last, nil}},
		{"?limit=100", page{ids("user-", 0, 25), 0, 100, last, nil}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			assertPage(t, f.dev("GET", "/v1/subscribers"+tc.query, ""), "subscriberId", tc.want)
		})
	}
	for _, q := range []string{"?limit=101", "?limit=0", "?page=-1", "?page=x"} {
		t.Run("invalid "+q, func(t *testing.T) {
			assert.Equal(t, http.StatusBadRequest, f.dev("GET", "/v1/subscribers"+q, "").Status)
		})
	}
}

func TestSubscribers_Bulk(t *testing.T) {
	f := mustNewServer(t)
	f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "old", FirstName: ptr("Old")})
	r := f.devJSON("POST", "/v1/subscribers/bulk", map[string]any{"subscribers": []any{
		map[string]any{"subscriberId": "old", "lastName": "Timer"},
		map[string]any{"subscriberId": "new-1"},
		map[string]any{"subscriberId": "bad", "channels": []any{map[string]any{"providerId": "fcm", "credentials": map[string]any{"deviceTokens": []string{"t"}}}}},
	}})
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	assert.Equal(t, map[string]any{
		"created": []any{map[string]any{"subscriberId": "new-1"}},
		"updated": []any{map[string]any{"subscriberId": "old"}},
		"failed": []any{map[string]any{"subscriberId": "bad",
			"message": fmt.Sprintf("Subscribers environment (%s) do not have active fcm integration.", f.envID(f.Dev))}},
	}, r.Body["data"])
	got := f.dev("GET", "/v1/subscribers/old", "").Body["data"].(map[string]any)
	assert.Equal(t, "Old", got["firstName"])
	assert.Equal(t, "Timer", got["lastName"])

	t.Run("a subscriber named twice is created, then updated", func(t *testing.T) {
		r := f.devJSON("POST", "/v1/subscribers/bulk", map[string]any{"subscribers": []any{
			map[string]any{"subscriberId": "twice", "firstName": "One"},
			map[string]any{"subscriberId": "old", "firstName": "Again"},
			map[string]any{"subscriberId": "twice", "firstName": "Two"},
		}})
		require.Equal(t, http.StatusCreated, r.Status, r.Raw)
		data := r.Body["data"].(map[string]any)
		assert.Equal(t, []any{map[string]any{"subscriberId": "twice"}}, data["created"])
		assert.Equal(t, []any{map[string]any{"subscriberId": "old"}, map[string]any{"subscriberId": "twice"}}, data["updated"])
		assert.Equal(t, "Two", f.dev("GET", "/v1/subscribers/twice", "").Body["data"].(map[string]any)["firstName"])
	})
	t.Run("deleted subscribers come back as updated", func(t *testing.T) {
		// Novu's delete is soft and its bulk upsert finds the deleted document: it is revived
		// (same _id, fields not given kept) and reported as updated, not created.
		f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "gone", FirstName: ptr("Gone"), LastName: ptr("Kept")})
		before := f.dev("GET", "/v1/subscribers/gone", "").Body["data"].(map[string]any)
		require.Equal(t, http.StatusOK, f.dev("DELETE", "/v1/subscribers/gone", "").Status)
		require.Equal(t, http.StatusNotFound, f.dev("GET", "/v1/subscribers/gone", "").Status)
		r := f.devJSON("POST", "/v1/subscribers/bulk", map[string]any{"subscribers": []any{
			map[string]any{"subscriberId": "old"}, map[string]any{"subscriberId": "gone", "firstName": "Back"},
		}})
		require.Equal(t, http.StatusCreated, r.Status, r.Raw)
		data := r.Body["data"].(map[string]any)
		assert.Empty(t, data["created"])
		assert.Equal(t, []any{map[string]any{"subscriberId": "old"}, map[string]any{"subscriberId": "gone"}}, data["updated"])
		got := f.dev("GET", "/v1/subscribers/gone", "").Body["data"].(map[string]any)
		assert.Equal(t, before["_id"], got["_id"])
		assert.Equal(t, "Back", got["firstName"])
		assert.Equal(t, "Kept", got["lastName"])
		assert.Equal(t, false, got["deleted"])
	})
	t.Run("size limits", func(t *testing.T) {
		assert.Equal(t, http.StatusBadRequest, f.dev("POST", "/v1/subscribers/bulk", `{"subscribers":[]}`).Status)
		many := make([]any, 501)
		for i := range many {
			many[i] = map[string]any{"subscriberId": fmt.Sprint(i)}
		}
		r := f.devJSON("POST", "/v1/subscribers/bulk", map[string]any{"subscribers": many})
		assert.Equal(t, http.StatusBadRequest, r.Status)
		assert.Contains(t, r.Raw, "subscribers must contain no more than 500 elements")
		r = f.devJSON("POST", "/v1/subscribers/bulk", map[string]any{"subscribers": many[:500]})
		require.Equal(t, http.StatusCreated, r.Status)
		assert.Len(t, r.Body["data"].(map[string]any)["created"], 500)
	})
}

func TestSubscribers_EnvironmentIsolation(t *testing.T) {
	f := mustNewServer(t)
	f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "dev-only"})
	expectError(t, f.do("GET", "/v1/subscribers/dev-only", "ApiKey "+f.srv.ProdAPIKey(), ""), http.StatusNotFound, "Subscriber not found for id dev-only")
	res, err := f.Prod.ListSubscribersWithResponse(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, res.JSON200.Data)
	// The same subscriberId in Production is a different subscriber.
	p := f.subscriber(f.Prod, gen.CreateSubscriberRequest{SubscriberId: "dev-only"})
	d, err := f.Dev.GetSubscriberWithResponse(context.Background(), "dev-only")
	require.NoError(t, err)
	assert.NotEqual(t, d.JSON200.Data.UnderscoreId, p.UnderscoreId)
}

// slackIntegration creates a chat integration with the given identifier and extra credentials.
func (f *fake) chatIntegration(c *gen.ClientWithResponses, provider, identifier string, active bool, creds gen.IntegrationCredentials) gen.Integration {
	f.t.Helper()
	res, err := c.CreateIntegrationWithResponse(context.Background(), nil, gen.CreateIntegrationRequest{
		ProviderId: provider, Channel: gen.ChannelTypeChat, Active: &active, Check: ptr(false), Identifier: &identifier, Credentials: &creds})
	require.NoError(f.t, err)
	require.Equal(f.t, http.StatusCreated, res.StatusCode(), string(res.Body))
	return res.JSON201.Data
}

func channelsOf(t *testing.T, r rawResponse) []any {
	t.Helper()
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	ch, _ := r.Body["data"].(map[string]any)["channels"].([]any)
	return ch
}

func TestSubscribers_Credentials(t *testing.T) {
	f := mustNewServer(t)
	envID := f.envID(f.Dev)
	f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "user-1"})
	noIntegration := func(p string) string {
		return fmt.Sprintf("Subscribers environment (%s) do not have active %s integration.", envID, p)
	}
	f.integration(f.Dev, "apns", gen.ChannelTypePush, false)
	older := f.integration(f.Dev, "fcm", gen.ChannelTypePush, true)
	f.advance(1e9)
	newer := f.integration(f.Dev, "fcm", gen.ChannelTypePush, true)

	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		message                  string
	}{
		{"unknown subscriber (PUT)", "PUT", "/v1/subscribers/nobody/credentials", `{"providerId":"fcm","credentials":{}}`, 400, "SubscriberId: nobody not found"},
		{"unknown subscriber (PATCH)", "PATCH", "/v1/subscribers/nobody/credentials", `{"providerId":"fcm","credentials":{}}`, 400, "SubscriberId: nobody not found"},
		{"no integration of the provider", "PUT", "/v1/subscribers/user-1/credentials", `{"providerId":"expo","credentials":{}}`, 400, noIntegration("expo")},
		{"only an inactive integration", "PUT", "/v1/subscribers/user-1/credentials", `{"providerId":"apns","credentials":{}}`, 400, noIntegration("apns")},
		{"unknown integrationIdentifier", "PATCH", "/v1/subscribers/user-1/credentials", `{"providerId":"fcm","integrationIdentifier":"nope","credentials":{}}`, 400, noIntegration("fcm")},
		{"delete for an unknown subscriber", "DELETE", "/v1/subscribers/nobody/credentials/fcm", ``, 404, "Subscriber not found for id nobody"},
	} {
		t.Run(tc.name, func(t *testing.T) { expectError(t, f.dev(tc.method, tc.path, tc.body), tc.status, tc.message) })
	}

	t.Run("PUT attaches to the most recent active integration and replaces tokens", func(t *testing.T) {
		ch := channelsOf(t, f.dev("PUT", "/v1/subscribers/user-1/credentials", `{"providerId":"fcm","credentials":{"deviceTokens":["a","b"]}}`))
		require.Len(t, ch, 1)
		c := ch[0].(map[string]any)
		assert.Equal(t, newer.UnderscoreId, c["_integrationId"])
		assert.Equal(t, newer.Identifier, c["integrationIdentifier"])
		ch = channelsOf(t, f.dev("PUT", "/v1/subscribers/user-1/credentials", `{"providerId":"fcm","credentials":{"deviceTokens":["c"]}}`))
		assert.Equal(t, []any{"c"}, ch[0].(map[string]any)["credentials"].(map[string]any)["deviceTokens"])
	})
	t.Run("PATCH unions tokens without duplicates", func(t *testing.T) {
		ch := channelsOf(t, f.dev("PATCH", "/v1/subscribers/user-1/credentials", `{"providerId":"fcm","credentials":{"deviceTokens":["c","d","d"]}}`))
		assert.Equal(t, []any{"c", "d"}, ch[0].(map[string]any)["credentials"].(map[string]any)["deviceTokens"])
	})
	t.Run("integrationIdentifier picks the integration", func(t *testing.T) {
		body := fmt.Sprintf(`{"providerId":"fcm","integrationIdentifier":%q,"credentials":{"deviceTokens":["x"]}}`, older.Identifier)
		ch := channelsOf(t, f.dev("PATCH", "/v1/subscribers/user-1/credentials", body))
		require.Len(t, ch, 2)
		assert.Equal(t, older.UnderscoreId, ch[1].(map[string]any)["_integrationId"])
	})
	t.Run("PUT with an empty list clears the tokens", func(t *testing.T) {
		ch := channelsOf(t, f.dev("PUT", "/v1/subscribers/user-1/credentials", `{"providerId":"fcm","credentials":{"deviceTokens":[]}}`))
		assert.Equal(t, []any{}, ch[0].(map[string]any)["credentials"].(map[string]any)["deviceTokens"])
	})
	t.Run("delete drops every entry of the provider", func(t *testing.T) {
		r := f.dev("DELETE", "/v1/subscribers/user-1/credentials/fcm", "")
		require.Equal(t, http.StatusNoContent, r.Status, r.Raw)
		assert.Empty(t, r.Raw)
		assert.Empty(t, channelsOf(t, f.dev("GET", "/v1/subscribers/user-1", "")))
	})
	t.Run("Production cannot use Development's integration", func(t *testing.T) {
		f.subscriber(f.Prod, gen.CreateSubscriberRequest{SubscriberId: "user-1"})
		r := f.do("PUT", "/v1/subscribers/user-1/credentials", "ApiKey "+f.srv.ProdAPIKey(), `{"providerId":"fcm","credentials":{}}`)
		expectError(t, r, http.StatusBadRequest, fmt.Sprintf("Subscribers environment (%s) do not have active fcm integration.", f.envID(f.Prod)))
	})
}

// noRedirect sends an unauthenticated GET and reports a redirect instead of following it.
func (f *fake) noRedirect(path string) rawResponse {
	f.t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(f.URL + path)
	require.NoError(f.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(f.t, err)
	out := rawResponse{Status: res.StatusCode, Header: res.Header, Raw: string(raw)}
	_ = json.Unmarshal(raw, &out.Body)
	return out
}

func TestSubscribers_ChatOAuth(t *testing.T) {
	f := mustNewServer(t)
	envID := f.envID(f.Dev)
	oauth := func(path string) rawResponse { return f.noRedirect(path) }
	base := "/v1/subscribers/user-1/credentials/slack/oauth"
	q := "?environmentId=" + envID + "&hmacHash=h"

	expectError(t, oauth(base+q), http.StatusNotFound,
		fmt.Sprintf("Integration in environment %s was not found, channel: chat, providerId: slack", envID))
	assert.Equal(t, http.StatusBadRequest, oauth(base+"?hmacHash=h").Status, "environmentId is required")
	assert.Equal(t, http.StatusBadRequest, oauth(base+"?hmacHash=h&environmentId=xyz").Status, "environmentId must be an ObjectId")

	f.chatIntegration(f.Dev, "slack", "slack-main", true, gen.IntegrationCredentials{})
	expectError(t, oauth(base+q), http.StatusNotFound,
		fmt.Sprintf("Integration in environment %s missing clientId, channel: chat, providerId: slack", envID))

	f.advance(1e9)
	f.chatIntegration(f.Dev, "slack", "slack-hmac", true, gen.IntegrationCredentials{ClientId: ptr("cid"), Hmac: ptr(true),
		RedirectUrl: ptr("https://app.example.com/done")})
	mac := hmac.New(sha256.New, []byte(f.DevKey))
	mac.Write([]byte("user-1"))
	good := hex.EncodeToString(mac.Sum(nil))

	t.Run("start", func(t *testing.T) {
		expectError(t, oauth(base+q), http.StatusBadRequest, "Hmac is enabled on the integration, please provide a valid HMAC hash")
		r := oauth(base + "?environmentId=" + envID + "&hmacHash=" + good)
		require.Equal(t, http.StatusFound, r.Status, r.Raw)
		loc := r.Header.Get("Location")
		assert.Contains(t, loc, "https://slack.com/oauth/v2/authorize?client_id=cid&scope=incoming-webhook")
		assert.Contains(t, loc, "redirect_uri=")
	})
	t.Run("callback stores the webhook and redirects", func(t *testing.T) {
		expectError(t, oauth(base+"/callback"+q+"&code=abc"), http.StatusBadRequest, "Hmac is enabled on the integration, please provide a valid HMAC hash")
		expectError(t, oauth(base+"/callback?environmentId="+envID+"&hmacHash="+good), http.StatusBadRequest,
			"Provider slack returned error invalid_code") // Novu's DTO lets a missing code through to Slack
		r := oauth(base + "/callback?environmentId=" + envID + "&hmacHash=" + good + "&code=abc")
		require.Equal(t, http.StatusFound, r.Status, r.Raw)
		assert.Equal(t, "https://app.example.com/done", r.Header.Get("Location"))
		ch := channelsOf(t, f.dev("GET", "/v1/subscribers/user-1", "")) // created by the callback
		require.Len(t, ch, 1)
		creds := ch[0].(map[string]any)["credentials"].(map[string]any)
		assert.Regexp(t, `^https://hooks\.slack\.com/services/`, creds["webhookUrl"])
		assert.Equal(t, "slack", creds["channel"])
	})
	t.Run("no hmacHash is fine while the integration's hmac is off", func(t *testing.T) {
		// Novu's DTO does not validate hmacHash; only an integration with hmac on asks for it.
		r := oauth(base + "/callback?environmentId=" + envID + "&code=abc&integrationIdentifier=slack-main")
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		expectError(t, oauth(base+"?environmentId="+envID), http.StatusBadRequest,
			"Hmac is enabled on the integration, please provide a HMAC hash on the request params")
		expectError(t, oauth(base+"/callback?environmentId="+envID+"&code=abc"), http.StatusBadRequest,
			"Hmac is enabled on the integration, please provide a HMAC hash on the request params")
	})
	t.Run("callback without redirect URL answers the closing page", func(t *testing.T) {
		r := oauth(base + "/callback" + q + "&code=abc&integrationIdentifier=slack-main")
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		assert.Equal(t, "<script>window.close();</script>", r.Raw)
		assert.Contains(t, r.Header.Get("Content-Type"), "text/html")
	})
}

// TestSubscribers_UpdateClearsEmail: Novu's DTO turns an empty e-mail into null and its update
// stores and answers that null, but only when subscriberNeedUpdate finds a change: clearing an
// e-mail the subscriber never had changes nothing unless another field changes too.
func TestSubscribers_UpdateClearsEmail(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		name, create, update string
		want                 any // the e-mail answered, by PUT and by GET; absent when "absent"
	}{
		{"empty clears an address", `,"email":"a@example.com"`, `{"email":""}`, nil},
		{"null clears an address", `,"email":"a@example.com"`, `{"email":null}`, nil},
		{"never had one", "", `{"email":""}`, "absent"},
		{"never had one, other change", "", `{"email":"","lastName":"L"}`, nil},
		{"never had one, no other change", `,"lastName":"L"`, `{"email":"","lastName":"L"}`, "absent"},
		{"left out", `,"email":"a@example.com"`, `{"lastName":"L"}`, "a@example.com"},
		{"new address", "", `{"email":"b@example.com"}`, "b@example.com"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprintf("clear-%d", i)
			res := f.dev(http.MethodPost, "/v1/subscribers", fmt.Sprintf(`{"subscriberId":%q%s}`, id, tt.create))
			require.Equal(t, http.StatusCreated, res.Status, res.Raw)
			put := f.dev(http.MethodPut, "/v1/subscribers/"+id, tt.update)
			require.Equal(t, http.StatusOK, put.Status, put.Raw)
			get := f.dev(http.MethodGet, "/v1/subscribers/"+id, "")
			for _, r := range []rawResponse{put, get} {
				assertEmail(t, r, tt.want)
			}
		})
	}
	t.Run("a cleared e-mail cleared again stays null", func(t *testing.T) {
		put := f.dev(http.MethodPut, "/v1/subscribers/clear-0", `{"email":""}`)
		require.Equal(t, http.StatusOK, put.Status, put.Raw)
		assert.Contains(t, put.Body["data"], "email")
		assert.Nil(t, put.Body["data"].(map[string]any)["email"])
	})
}

// TestSubscribers_UpsertEmailNull: POST /v1/subscribers for an existing subscriberId goes
// through Novu's update use case, so email null clears an address the subscriber has (and,
// like PUT, changes nothing when nothing differs); a new subscriber is created with email: null;
// "" is no e-mail for the create DTO (400). Bulk create $sets what it is given, null included.
func TestSubscribers_UpsertEmailNull(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		name, create string // create is "" for a subscriber that does not exist yet
		path, body   string // %s is the subscriberId
		status       int
		want         any // the e-mail GET answers; absent when "absent"
	}{
		{"upsert null clears an address", `,"email":"a@example.com"`, "/v1/subscribers", `{"subscriberId":%q,"email":null}`, 201, nil},
		{"upsert null, never had one", `,"lastName":"L"`, "/v1/subscribers", `{"subscriberId":%q,"email":null}`, 201, "absent"},
		{"upsert null, never had one, other change", `,"lastName":"L"`, "/v1/subscribers", `{"subscriberId":%q,"email":null,"lastName":"M"}`, 201, nil},
		{"upsert without email keeps it", `,"email":"a@example.com"`, "/v1/subscribers", `{"subscriberId":%q,"lastName":"L"}`, 201, "a@example.com"},
		{"upsert empty is not an e-mail", `,"email":"a@example.com"`, "/v1/subscribers", `{"subscriberId":%q,"email":""}`, 400, "a@example.com"},
		{"create with null", "", "/v1/subscribers", `{"subscriberId":%q,"email":null}`, 201, nil},
		{"bulk null clears an address", `,"email":"a@example.com"`, "/v1/subscribers/bulk", `{"subscribers":[{"subscriberId":%q,"email":null}]}`, 201, nil},
		{"bulk null, never had one", `,"lastName":"L"`, "/v1/subscribers/bulk", `{"subscribers":[{"subscriberId":%q,"email":null}]}`, 201, nil},
		{"bulk create with null", "", "/v1/subscribers/bulk", `{"subscribers":[{"subscriberId":%q,"email":null}]}`, 201, nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprintf("upsert-%d", i)
			if tt.create != "" {
				res := f.dev(http.MethodPost, "/v1/subscribers", fmt.Sprintf(`{"subscriberId":%q%s}`, id, tt.create))
				require.Equal(t, http.StatusCreated, res.Status, res.Raw)
			}
			res := f.dev(http.MethodPost, tt.path, fmt.Sprintf(tt.body, id))
			require.Equal(t, tt.status, res.Status, res.Raw)
			if tt.status == http.StatusBadRequest {
				assert.Equal(t, []any{"email must be an email"}, res.Body["message"])
			}
			answers := []rawResponse{f.dev(http.MethodGet, "/v1/subscribers/"+id, "")}
			if tt.path == "/v1/subscribers" && tt.status == http.StatusCreated {
				answers = append(answers, res)
			}
			for _, r := range answers {
				assertEmail(t, r, tt.want)
			}
		})
	}
	t.Run("an upsert that changes nothing writes nothing", func(t *testing.T) {
		before := f.dev(http.MethodGet, "/v1/subscribers/upsert-0", "").Body["data"].(map[string]any)["updatedAt"]
		f.clock.mu.Lock()
		f.clock.now = f.clock.now.Add(time.Hour)
		f.clock.mu.Unlock()
		res := f.dev(http.MethodPost, "/v1/subscribers", `{"subscriberId":"upsert-0","email":null}`)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		assert.Equal(t, before, res.Body["data"].(map[string]any)["updatedAt"])
		res = f.dev(http.MethodPost, "/v1/subscribers", `{"subscriberId":"upsert-0","firstName":"New"}`)
		assert.NotEqual(t, before, res.Body["data"].(map[string]any)["updatedAt"])
	})
}

// assertEmail checks the e-mail of a subscriber answer: want is its value, nil for null, or
// "absent" when the answer must not carry the field at all.
func assertEmail(t *testing.T, r rawResponse, want any) {
	t.Helper()
	d := r.Body["data"].(map[string]any)
	if want == "absent" {
		assert.NotContains(t, d, "email", r.Raw)
		return
	}
	assert.Contains(t, d, "email", r.Raw)
	assert.Equal(t, want, d["email"])
}
