package mockserver_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hmacHex is what a backend computes for subscriberHash / hmacHash.
func hmacHex(key, subscriberID string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(subscriberID))
	return hex.EncodeToString(m.Sum(nil))
}

func TestInbox_Session(t *testing.T) {
	k := newInboxKit(t)
	app := k.identifier()
	wf, _ := k.workflow("Orders", nil, inAppTpl("Order shipped"))
	k.subscriber("ada", nil)
	k.trigger(obj{"name": wf, "to": "ada"})
	k.trigger(obj{"name": wf, "to": "ada"})

	t.Run("OK", func(t *testing.T) {
		res := k.session(app, "ada", "")
		expectAnswer(t, res, http.StatusCreated, "")
		data := res.Body["data"].(obj)
		assert.NotEmpty(t, data["token"])
		assert.Equal(t, 2.0, data["totalUnreadCount"])
		assert.Equal(t, false, data["removeNovuBranding"])
	})
	t.Run("OKCreatesSubscriber", func(t *testing.T) {
		expectAnswer(t, k.session(app, "new-one", ""), http.StatusCreated, "")
		k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/new-one", nil)
	})
	t.Run("OKSubscriberIdAtTopLevel", func(t *testing.T) { // Novu v2.0.0's own body
		res := k.f.do(http.MethodPost, "/v1/inbox/session", "", `{"applicationIdentifier":"`+app+`","subscriberId":"ada"}`)
		expectAnswer(t, res, http.StatusCreated, "")
	})
	t.Run("ErrUnknownIdentifier", func(t *testing.T) {
		expectAnswer(t, k.session("some-not-existing-id", "ada", ""), http.StatusBadRequest, "Please provide a valid application identifier")
		res := k.f.do(http.MethodPost, "/v1/widgets/session/initialize", "", `{"applicationIdentifier":"nope","subscriberId":"ada"}`)
		expectAnswer(t, res, http.StatusBadRequest, "Please provide a valid app identifier")
	})
	t.Run("ErrNoSubscriber", func(t *testing.T) {
		res := k.f.do(http.MethodPost, "/v1/inbox/session", "", `{"applicationIdentifier":"`+app+`"}`)
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Equal(t, []any{"subscriberId should not be null or undefined", "subscriberId must be a string"}, res.Body["message"])
	})
	t.Run("ErrEmptySubscriberId", func(t *testing.T) { // and nobody is created
		for _, tc := range []struct{ path, body string }{
			{"/v1/inbox/session", `{"applicationIdentifier":"` + app + `","subscriberId":""}`},
			{"/v1/inbox/session", `{"applicationIdentifier":"` + app + `","subscriber":{"subscriberId":""}}`},
			{"/v1/widgets/session/initialize", `{"applicationIdentifier":"` + app + `","subscriberId":""}`},
		} {
			res := k.f.do(http.MethodPost, tc.path, "", tc.body)
			require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
			assert.Equal(t, []any{"subscriberId should not be empty"}, res.Body["message"], tc.body)
		}
		k.must(http.StatusNotFound, http.MethodGet, "/v1/subscribers/%20", nil)
	})
	t.Run("WidgetSession", func(t *testing.T) {
		res := k.f.do(http.MethodPost, "/v1/widgets/session/initialize", "",
			`{"applicationIdentifier":"`+app+`","subscriberId":"widget-1","firstName":"Test","lastName":"User","phone":"054777777","email":"test@example.com"}`)
		expectAnswer(t, res, http.StatusCreated, "")
		data := res.Body["data"].(obj)
		assert.NotEmpty(t, data["token"])
		profile := data["profile"].(obj)
		assert.Regexp(t, "^[0-9a-f]{24}$", profile["_id"])
		assert.Equal(t, obj{"_id": profile["_id"], "firstName": "Test", "lastName": "User", "phone": "054777777"}, profile)
		sub := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/widget-1", nil).Body["data"].(obj)
		assert.Equal(t, "test@example.com", sub["email"])
		// The widget token works on the Inbox routes too: it is the same subscriber token.
		tok := data["token"].(string)
		require.Equal(t, http.StatusOK, k.as(tok, http.MethodGet, "/v1/inbox/notifications", "").Status)
	})
}

func TestInbox_SessionIntegrationAndHMAC(t *testing.T) {
	k := newInboxKit(t)
	app := k.identifier()
	// Every environment starts with Novu's in-app integration (CreateNovuIntegrations).
	env := k.must(http.StatusOK, http.MethodGet, "/v1/environments/me", nil).Body["data"].(obj)["_id"]
	var id string
	for _, i := range k.must(http.StatusOK, http.MethodGet, "/v1/integrations", nil).Body["data"].([]any) {
		if i := i.(obj); i["providerId"] == "novu" && i["channel"] == "in_app" && i["_environmentId"] == env {
			id = i["_id"].(string)
		}
	}
	require.NotEmpty(t, id)
	setHMAC := func(on bool) {
		k.must(http.StatusOK, http.MethodPut, "/v1/integrations/"+id, obj{"credentials": obj{"hmac": on}})
	}
	widget := func(subscriberID, hash string) rawResponse {
		body := `{"applicationIdentifier":"` + app + `","subscriberId":"` + subscriberID + `"`
		if hash != "" {
			body += `,"hmacHash":"` + hash + `"`
		}
		return k.f.do(http.MethodPost, "/v1/widgets/session/initialize", "", body+"}")
	}
	good := hmacHex(k.f.DevKey, "ada")

	t.Run("HMACOffNeedsNoHash", func(t *testing.T) {
		setHMAC(false)
		expectAnswer(t, k.session(app, "ada", ""), http.StatusCreated, "")
		expectAnswer(t, k.session(app, "ada", "anything"), http.StatusCreated, "")
		expectAnswer(t, widget("ada", ""), http.StatusCreated, "")
	})
	t.Run("HMACOn", func(t *testing.T) {
		setHMAC(true)
		for name, hash := range map[string]string{
			"missing":              "",
			"other key":            hmacHex("invalid-secret-key", "ada"),
			"other subscriber":     hmacHex(k.f.DevKey, "bob"),
			"production key":       hmacHex(k.f.srv.ProdAPIKey(), "ada"),
			"upper-case hex":       strings.ToUpper(good),
			"right hash, appended": good + "0",
		} {
			expectAnswer(t, k.session(app, "ada", hash), http.StatusBadRequest, "Please provide a valid HMAC hash")
			expectAnswer(t, widget("ada", hash), http.StatusBadRequest, "Please provide a valid HMAC hash")
			_ = name
		}
		// A refused session creates no subscriber.
		expectAnswer(t, k.session(app, "mallory", hmacHex("x", "mallory")), http.StatusBadRequest, "Please provide a valid HMAC hash")
		expectAnswer(t, k.send(http.MethodGet, "/v1/subscribers/mallory", nil), http.StatusNotFound, "")
		expectAnswer(t, k.session(app, "ada", good), http.StatusCreated, "")
		expectAnswer(t, widget("ada", good), http.StatusCreated, "")
	})
	t.Run("ErrNoActiveIntegration", func(t *testing.T) {
		k.must(http.StatusOK, http.MethodPut, "/v1/integrations/"+id, obj{"active": false})
		expectAnswer(t, k.session(app, "ada", good), http.StatusNotFound, "The active in-app integration could not be found")
		expectAnswer(t, widget("ada", good), http.StatusNotFound, "In app integration could not be found")
	})
}

// Every way of not being the session's subscriber ends in Nest's bare 401 on every in-app route.
func TestInbox_AuthIsTheSubscriberToken(t *testing.T) {
	k := newInboxKit(t)
	tok := k.token("ada")
	expired := k.token("old")
	foreign := newInboxKit(t).token("ada") // another fake: another token secret

	k.f.advance(15*24*time.Hour - time.Minute)
	tok = k.token("ada") // fresh, while "old" is about to expire
	k.f.advance(2 * time.Minute)

	for name, auth := range map[string]string{
		"NoHeader":         "",
		"ApiKeyScheme":     "ApiKey " + k.f.DevKey,
		"ApiKeyAsBearer":   "Bearer " + k.f.DevKey,
		"Garbage":          "Bearer not-a-jwt",
		"Tampered":         "Bearer " + tok[:len(tok)-3] + "abc",
		"Expired":          "Bearer " + expired,
		"OtherServer":      "Bearer " + foreign,
		"BearerNoToken":    "Bearer",
		"TokenWithoutWord": tok,
	} {
		t.Run("Err"+name, func(t *testing.T) {
			for _, route := range []string{"GET /v1/inbox/notifications", "GET /v1/inbox/preferences",
				"GET /v1/inbox/notifications/count?filters=[{}]", "POST /v1/inbox/notifications/read"} {
				method, path, _ := strings.Cut(route, " ")
				res := k.f.do(method, path, auth, "")
				require.Equal(t, http.StatusUnauthorized, res.Status, "%s: %s", route, res.Raw)
				assert.Equal(t, "Unauthorized", res.Body["message"])
				assert.NotContains(t, res.Body, "error")
				assert.Empty(t, res.Header.Get("RateLimit-Remaining"))
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		require.Equal(t, http.StatusOK, k.as(tok, http.MethodGet, "/v1/inbox/notifications", "").Status)
	})
	t.Run("ErrSubscriberDeleted", func(t *testing.T) {
		k.must(http.StatusOK, http.MethodDelete, "/v1/subscribers/ada", nil)
		expectAnswer(t, k.as(tok, http.MethodGet, "/v1/inbox/notifications", ""), http.StatusUnauthorized, "Unauthorized")
	})
}

// A token speaks for one subscriber of one environment: it never reads or changes another
// subscriber's messages, nor another environment's, and a refused change leaves state alone.
func TestInbox_SubscribersAreIsolated(t *testing.T) {
	k := newInboxKit(t)
	p := &ikit{k.prod()}
	wf, _ := k.workflow("Orders", nil, buttonsTpl("Order shipped", "primary"))
	k.subscriber("ada", nil)
	k.subscriber("bob", nil)
	k.trigger(obj{"name": wf, "to": []any{"ada", "bob"}})
	ada, bob := k.token("ada"), k.token("bob")
	adaMsg := k.list(ada, "")[0].(obj)["id"].(string)
	require.Len(t, k.list(bob, ""), 1)

	// The same subscriberId in Production is another subscriber, with its own (empty) inbox.
	prodAda := p.token("ada")
	assert.Empty(t, p.list(prodAda, ""))

	for _, tc := range []struct{ who, token string }{{"OtherSubscriber", bob}, {"OtherEnvironment", prodAda}} {
		t.Run("Err"+tc.who, func(t *testing.T) {
			for _, route := range []string{"read", "unread", "archive", "unarchive", "unsnooze"} {
				expectAnswer(t, k.as(tc.token, http.MethodPatch, "/v1/inbox/notifications/"+adaMsg+"/"+route, ""),
					http.StatusNotFound, "Notification with id: "+adaMsg+" is not found.")
			}
			expectAnswer(t, k.as(tc.token, http.MethodPatch, "/v1/inbox/notifications/"+adaMsg+"/complete", `{"actionType":"primary"}`),
				http.StatusNotFound, "Notification with id: "+adaMsg+" is not found.")
			expectAnswer(t, k.as(tc.token, http.MethodPatch, "/v1/inbox/notifications/"+adaMsg+"/snooze",
				`{"snoozeUntil":"2024-10-25T12:00:00.000Z"}`), http.StatusNotFound, "")
			expectAnswer(t, k.as(tc.token, http.MethodDelete, "/v1/inbox/notifications/"+adaMsg+"/delete", ""), http.StatusNotFound, "")
			// Bulk seen by id skips ids that are not the caller's.
			expectAnswer(t, k.as(tc.token, http.MethodPost, "/v1/inbox/notifications/seen", `{"notificationIds":["`+adaMsg+`"]}`),
				http.StatusNoContent, "")
			// Ada's message is exactly as it was.
			got := k.list(ada, "")
			require.Len(t, got, 1)
			n := got[0].(obj)
			for _, field := range []string{"isRead", "isSeen", "isArchived", "isSnoozed"} {
				assert.Equal(t, false, n[field], field)
			}
			assert.Equal(t, false, n["primaryAction"].(obj)["isCompleted"])
		})
	}
	t.Run("BulkChangesOnlyTheCaller", func(t *testing.T) {
		expectAnswer(t, k.as(bob, http.MethodPost, "/v1/inbox/notifications/archive", `{}`), http.StatusNoContent, "")
		expectAnswer(t, k.as(bob, http.MethodPost, "/v1/inbox/notifications/delete", `{}`), http.StatusNoContent, "")
		assert.Empty(t, k.list(bob, ""))
		assert.Equal(t, []float64{1, 1}, k.count(ada, `[{"read":false},{"archived":false}]`))
	})
}
