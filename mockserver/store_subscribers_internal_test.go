package mockserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
)

// TestSubscriberAliasing guards the copies the store leaves out: a stored subscriber keeps the
// pointers and data map of the request that set them, and every subscriber points at one __v.
// Whatever changes one subscriber afterwards must leave another subscriber, and every value
// handed out before (an upsert's result, a get, a list page), exactly as it was.
func TestSubscriberAliasing(t *testing.T) {
	const profile = `"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","phone":"+4670",` +
		`"avatar":"https://example.com/a.png","locale":"en-GB","data":{"plan":"pro","tags":["x","y"],"nested":{"k":"v"}}`
	for _, tc := range []struct {
		name                 string
		method, path, body   string
		status               int
		changeWithoutRequest func(st *store, env *environment) error
	}{
		{name: "upsert with new profile and data", method: "POST", path: "/v1/subscribers", status: http.StatusCreated,
			body: `{"subscriberId":"a","firstName":"Grace","email":"grace@example.com","data":{"plan":"free","tags":["z"],"nested":{"k":"w"}}}`},
		{name: "update profile and clear email", method: "PUT", path: "/v1/subscribers/a", status: http.StatusOK,
			body: `{"firstName":"Grace","lastName":"Hopper","email":"","locale":"sv-SE","data":{"plan":"team"}}`},
		{name: "bulk upsert", method: "POST", path: "/v1/subscribers/bulk", status: http.StatusCreated,
			body: `{"subscribers":[{"subscriberId":"a","phone":"+4671","data":{"nested":{"k":"bulk"}}}]}`},
		{name: "replace credentials", method: "PUT", path: "/v1/subscribers/a/credentials", status: http.StatusOK,
			body: `{"providerId":"fcm","credentials":{"deviceTokens":["t3"]}}`},
		{name: "add credentials", method: "PATCH", path: "/v1/subscribers/a/credentials", status: http.StatusOK,
			body: `{"providerId":"fcm","credentials":{"deviceTokens":["t3","t1"]}}`},
		{name: "delete credentials", method: "DELETE", path: "/v1/subscribers/a/credentials/fcm", status: http.StatusNoContent},
		{name: "go offline", method: "PATCH", path: "/v1/subscribers/a/online-status", status: http.StatusOK,
			body: `{"isOnline":false}`},
		{name: "store upsert from a Go value", changeWithoutRequest: func(st *store, env *environment) error {
			_, err := st.upsertSubscriber(env, gen.CreateSubscriberRequest{SubscriberId: "a", LastName: ptrTo("Byron"),
				Data: &map[string]any{"plan": "enterprise"}})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Options{})
			require.NoError(t, err)
			h := s.Handler()
			serve := func(method, path, body string, status int) {
				t.Helper()
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, benchRequest(method, path, body))
				require.Equal(t, status, rec.Code, "%s %s: %s", method, path, rec.Body.String())
			}
			serve("POST", "/v1/integrations", `{"providerId":"fcm","channel":"push","active":true,"check":false}`, http.StatusCreated)
			for _, id := range []string{"a", "b"} {
				serve("POST", "/v1/subscribers", `{"subscriberId":"`+id+`",`+profile+`}`, http.StatusCreated)
				serve("PUT", "/v1/subscribers/"+id+"/credentials", `{"providerId":"fcm","credentials":{"deviceTokens":["t1","t2"]}}`, http.StatusOK)
			}
			env := s.store.environmentByKey(DefaultDevAPIKey)

			// What callers were handed before the change, and b as stored.
			upserted, err := s.store.upsertSubscriber(env, gen.CreateSubscriberRequest{SubscriberId: "a"})
			require.NoError(t, err)
			got, err := s.store.getSubscriber(env, "a")
			require.NoError(t, err)
			page := s.store.listSubscribers(env, 0, 10)
			b, err := s.store.getSubscriber(env, "b")
			require.NoError(t, err)
			before := map[string]any{"upsert result": upserted, "get": got, "list page": page, "b": b}
			snapshot := map[string]string{}
			for name, v := range before {
				snapshot[name] = encodeJSON(t, v)
			}
			aBefore := encodeJSON(t, got)

			s.clock.Advance(1000 * 1e6) // so that even updatedAt would show an in-place change
			if tc.changeWithoutRequest != nil {
				require.NoError(t, tc.changeWithoutRequest(s.store, env))
			} else {
				serve(tc.method, tc.path, tc.body, tc.status)
			}

			aAfter, err := s.store.getSubscriber(env, "a")
			require.NoError(t, err)
			require.NotEqual(t, aBefore, encodeJSON(t, aAfter), "the change must have changed a")
			for name, v := range before {
				require.Equal(t, snapshot[name], encodeJSON(t, v), "%s changed with a", name)
			}
			bAfter, err := s.store.getSubscriber(env, "b")
			require.NoError(t, err)
			require.Equal(t, snapshot["b"], encodeJSON(t, bAfter), "b as stored changed with a")
		})
	}
}

func encodeJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
