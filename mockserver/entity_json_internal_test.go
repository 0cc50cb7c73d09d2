package mockserver

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/segmentio/encoding/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
)

// The subscriber page written from cached encodings is byte for byte what the generated response
// writes for the same subscribers: every optional member set and unset, an e-mail absent, null,
// plain and in need of escaping, data maps with nested values, numbers and HTML characters,
// channels with credentials, online status; pages full, partial and past the end; and after
// updates, which must show at once (the cache is keyed by the stored value, never stale).
func TestSubscriberPage_SameBytes(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	h := s.Handler()
	serve := func(method, path, body string, status int) []byte { return serveWant(t, h, method, path, body, status) }
	serve("POST", "/v1/integrations", `{"providerId":"fcm","channel":"push","active":true,"check":false}`, http.StatusCreated)
	for _, body := range []string{
		`{"subscriberId":"bare"}`,
		`{"subscriberId":"null-email","email":null}`,
		`{"subscriberId":"plain","email":"ada@example.com","firstName":"Ada","lastName":"Lovelace"}`,
		`{"subscriberId":"every-field","email":"grace@example.com","firstName":"Grace","lastName":"Hopper",` +
			`"phone":"+46701234567","avatar":"https://example.com/a.png?x=1&y=<2>","locale":"sv-SE",` +
			`"data":{"plan":"pro","seats":12,"ratio":0.25,"big":12345678901234567890,"neg":-1e-7,"ok":true,"none":null,` +
			`"tags":["x","<y>","&z"],"nested":{"b":{"deep":[1,{"k":"v"}]},"a":"\u00e9\u2028\t"}}}`,
		`{"subscriberId":"escapes <&>","email":"o'neil+\"quoted\"@example.com","firstName":"Zoë \\ \u0001 \u2029"}`,
		`{"subscriberId":"with-channel","channels":[{"providerId":"fcm","credentials":{"deviceTokens":["t1","t2"]}}]}`,
		`{"subscriberId":"empty-data","data":{}}`,
	} {
		serve("POST", "/v1/subscribers", body, http.StatusCreated)
	}
	serve("PATCH", "/v1/subscribers/plain/online-status", `{"isOnline":false}`, http.StatusOK)
	serve("PATCH", "/v1/subscribers/bare/online-status", `{"isOnline":true}`, http.StatusOK)
	serve("PUT", "/v1/subscribers/null-email", `{"email":"","data":{"plan":"team"}}`, http.StatusOK)
	env := s.store.environmentByKey(DefaultDevAPIKey)

	check := func(t *testing.T, page, limit int) {
		t.Helper()
		got := serve("GET", fmt.Sprintf("/v1/subscribers?page=%d&limit=%d", page, limit), "", http.StatusOK)
		list := s.store.listSubscribers(env, page, limit)
		want := generatedBody(t, subscriberPage{list: list,
			page: gen.SubscriberPage{Page: page, PageSize: limit, HasMore: len(list) == limit}}.generated())
		assert.Equal(t, string(want), string(got))
	}
	for _, pl := range [][2]int{{0, 10}, {0, 100}, {0, 3}, {1, 3}, {2, 3}, {3, 3}, {7, 10}, {0, 1}} {
		t.Run(fmt.Sprintf("page=%d,limit=%d", pl[0], pl[1]), func(t *testing.T) {
			check(t, pl[0], pl[1])
			check(t, pl[0], pl[1]) // now from the cache
		})
	}
	t.Run("after updates", func(t *testing.T) {
		check(t, 0, 100)
		serve("PUT", "/v1/subscribers/every-field", `{"firstName":"Admiral","email":"","data":{"plan":"free"}}`, http.StatusOK)
		serve("PUT", "/v1/subscribers/with-channel/credentials", `{"providerId":"fcm","credentials":{"deviceTokens":["t3"]}}`, http.StatusOK)
		serve("DELETE", "/v1/subscribers/bare", "", http.StatusOK)
		got := serve("GET", "/v1/subscribers?page=0&limit=100", "", http.StatusOK)
		assert.Contains(t, string(got), `"firstName":"Admiral"`)
		assert.Contains(t, string(got), `"deviceTokens":["t3"]`)
		assert.NotContains(t, string(got), `"subscriberId":"bare"`)
		check(t, 0, 100)
	})
}

// generatedBody is what the generated response writes.
func generatedBody(t *testing.T, r gen.ListSubscribersResponseObject) []byte {
	t.Helper()
	rec := httptest.NewRecorder()
	require.NoError(t, r.VisitListSubscribersResponse(rec))
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	return rec.Body.Bytes()
}

// The cache is bounded: it is emptied when it reaches maxEncodedEntries or maxEncodedBytes, an
// encoding larger than a sixteenth of the byte bound is never kept, and what it answers is
// always the entity's own encoding.
func TestEncodedJSON_Bounded(t *testing.T) {
	var c encodedJSON[gen.Subscriber]
	subs := make([]*gen.Subscriber, maxEncodedEntries+10)
	for i := range subs {
		subs[i] = &gen.Subscriber{SubscriberId: fmt.Sprintf("s%d", i)}
	}
	for i, sub := range subs {
		got, err := c.encodings([]*gen.Subscriber{sub})
		require.NoError(t, err)
		want, err := json.Marshal(sub)
		require.NoError(t, err)
		require.Equal(t, []string{string(want)}, []string{string(got[0])})
		require.LessOrEqual(t, len(c.m), maxEncodedEntries, "after %d", i)
	}
	assert.Len(t, c.m, 10) // emptied once, at maxEncodedEntries

	huge := &gen.Subscriber{SubscriberId: "huge", Data: &map[string]any{"blob": strings.Repeat("x", maxEncodedBytes/8)}}
	got, err := c.encodings([]*gen.Subscriber{subs[0], huge})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.True(t, bytes.HasSuffix(got[1], []byte(`"subscriberId":"huge","updatedAt":""}`)))
	assert.NotContains(t, c.m, huge)
	assert.LessOrEqual(t, c.bytes, maxEncodedBytes)

	for i := range 40 { // 40 encodings of maxEncodedBytes/20 each pass the byte bound
		big := &gen.Subscriber{SubscriberId: fmt.Sprint(i), Data: &map[string]any{"blob": strings.Repeat("y", maxEncodedBytes/20)}}
		_, err := c.encodings([]*gen.Subscriber{big})
		require.NoError(t, err)
		require.LessOrEqual(t, c.bytes, maxEncodedBytes)
	}
}
