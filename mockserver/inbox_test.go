package mockserver_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

// ikit drives the in-app routes as the browser clients do: a session by application identifier,
// then the subscriber's bearer token.
type ikit struct {
	*dkit
}

func newInboxKit(t *testing.T) *ikit { return &ikit{newKit(t)} }

// identifier is the application identifier of the kit key's environment.
func (k *ikit) identifier() string {
	k.t.Helper()
	return k.must(http.StatusOK, http.MethodGet, "/v1/environments/me", nil).Body["data"].(obj)["identifier"].(string)
}

// session opens an Inbox session (subscriberHash only when hash is not empty) and returns the
// raw answer.
func (k *ikit) session(identifier, subscriberID, hash string) rawResponse {
	k.t.Helper()
	body := obj{"applicationIdentifier": identifier, "subscriber": obj{"subscriberId": subscriberID, "timezone": "UTC"}}
	if hash != "" {
		body["subscriberHash"] = hash
	}
	return (&dkit{t: k.t, f: k.f}).send(http.MethodPost, "/v1/inbox/session", body)
}

// token opens a session for subscriberID in the kit key's environment and returns its token.
func (k *ikit) token(subscriberID string) string {
	k.t.Helper()
	res := k.session(k.identifier(), subscriberID, "")
	require.Equal(k.t, http.StatusCreated, res.Status, res.Raw)
	return res.Body["data"].(obj)["token"].(string)
}

// as sends a request with a subscriber token.
func (k *ikit) as(token, method, path, body string) rawResponse {
	k.t.Helper()
	return k.f.do(method, path, "Bearer "+token, body)
}

func (k *ikit) list(token, query string) []any {
	k.t.Helper()
	res := k.as(token, http.MethodGet, "/v1/inbox/notifications?"+query, "")
	require.Equal(k.t, http.StatusOK, res.Status, res.Raw)
	return res.Body["data"].([]any)
}

func (k *ikit) count(token string, filters string) []float64 {
	k.t.Helper()
	res := k.as(token, http.MethodGet, "/v1/inbox/notifications/count?filters="+url.QueryEscape(filters), "")
	require.Equal(k.t, http.StatusOK, res.Status, res.Raw)
	var out []float64
	for _, c := range res.Body["data"].([]any) {
		out = append(out, c.(obj)["count"].(float64))
	}
	return out
}

// buttonsTpl is an in-app step with a redirect and the given buttons.
func buttonsTpl(content string, buttons ...string) obj {
	tpl := inAppTpl(content)
	var bs []obj
	for _, b := range buttons {
		bs = append(bs, obj{"type": b, "content": strings.ToUpper(b[:1]) + b[1:]})
	}
	if bs != nil {
		tpl["template"].(obj)["cta"].(obj)["action"] = obj{"buttons": bs}
	}
	return tpl
}

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
	in := k.integration("novu", "in_app")
	id := in["_id"].(string)
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
	other, err := mockserver.New(mockserver.Options{})
	require.NoError(t, err)
	foreignTS := newInboxKitOn(t, other)
	foreign := foreignTS.token("ada")

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

// newInboxKitOn serves another, independent fake (its own token secret).
func newInboxKitOn(t *testing.T, srv *mockserver.Server) *ikit {
	f := mustNewServer(t)
	_ = srv
	return &ikit{&dkit{t: t, f: f, auth: "ApiKey " + f.DevKey}}
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

func TestInbox_Marks(t *testing.T) {
	k := newInboxKit(t)
	wf, _ := k.workflow("Orders", nil, buttonsTpl("Order shipped", "primary"))
	k.subscriber("ada", nil)
	k.trigger(obj{"name": wf, "to": "ada"})
	tok := k.token("ada")
	id := k.list(tok, "")[0].(obj)["id"].(string)
	mark := func(route string) obj {
		t.Helper()
		res := k.as(tok, http.MethodPatch, "/v1/inbox/notifications/"+id+"/"+route, "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		return res.Body["data"].(obj)
	}

	n := mark("read")
	assert.Equal(t, true, n["isRead"])
	assert.Equal(t, true, n["isSeen"]) // reading also sees
	assert.NotEmpty(t, n["readAt"])
	assert.Equal(t, false, n["isArchived"])
	assert.NotContains(t, n, "archivedAt") // never archived: absent, not null

	k.f.advance(time.Second)
	n = mark("archive")
	assert.Equal(t, true, n["isArchived"])
	assert.Equal(t, true, n["isRead"])
	assert.NotEmpty(t, n["archivedAt"])

	n = mark("unread") // unread also un-archives
	assert.Equal(t, false, n["isRead"])
	assert.Equal(t, true, n["isSeen"])
	assert.Equal(t, false, n["isArchived"])
	assert.Nil(t, n["readAt"])
	assert.Contains(t, n, "readAt")
	assert.Nil(t, n["archivedAt"])
	assert.Contains(t, n, "archivedAt")

	n = mark("archive") // archive marks an unread message read and seen
	assert.Equal(t, true, n["isRead"])
	n = mark("unarchive")
	assert.Equal(t, false, n["isArchived"])
	assert.Equal(t, true, n["isRead"])
	assert.Nil(t, n["archivedAt"])

	t.Run("ErrNotAnObjectId", func(t *testing.T) {
		res := k.as(tok, http.MethodPatch, "/v1/inbox/notifications/fake/read", "")
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Equal(t, "notificationId must be a mongodb id", res.Body["message"].([]any)[0])
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		expectAnswer(t, k.as(tok, http.MethodPatch, "/v1/inbox/notifications/666c0dfa0b55d0f06f4aaa6c/read", ""),
			http.StatusNotFound, "Notification with id: 666c0dfa0b55d0f06f4aaa6c is not found.")
	})
	t.Run("Actions", func(t *testing.T) {
		k.trigger(obj{"name": wf, "to": "ada"})
		fresh := k.list(tok, "")[0].(obj)
		require.Equal(t, false, fresh["isRead"])
		fid := fresh["id"].(string)
		res := k.as(tok, http.MethodPatch, "/v1/inbox/notifications/"+fid+"/complete", `{"actionType":"primary"}`)
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		n := res.Body["data"].(obj)
		assert.Equal(t, true, n["primaryAction"].(obj)["isCompleted"])
		assert.Equal(t, true, n["isRead"]) // completing an action reads the notification
		res = k.as(tok, http.MethodPatch, "/v1/inbox/notifications/"+fid+"/revert", `{"actionType":"primary"}`)
		assert.Equal(t, false, res.Body["data"].(obj)["primaryAction"].(obj)["isCompleted"])
		expectAnswer(t, k.as(tok, http.MethodPatch, "/v1/inbox/notifications/"+fid+"/complete", `{"actionType":"secondary"}`),
			http.StatusBadRequest, "Could not perform action on the secondary button because it does not exist.")
		res = k.as(tok, http.MethodPatch, "/v1/inbox/notifications/"+fid+"/complete", `{"actionType":"tertiary"}`)
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
	})
	t.Run("Snooze", func(t *testing.T) {
		until := "2024-10-24T13:00:00.000Z" // the test clock starts at 12:00 and moved a second
		res := k.as(tok, http.MethodPatch, "/v1/inbox/notifications/"+id+"/snooze", `{"snoozeUntil":"`+until+`"}`)
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		assert.Equal(t, true, res.Body["data"].(obj)["isSnoozed"])
		assert.Equal(t, until, res.Body["data"].(obj)["snoozedUntil"])
		assert.NotContains(t, ids2(k.list(tok, "")), id)
		assert.Equal(t, []string{id}, ids2(k.list(tok, "snoozed=true")))
		k.f.advance(time.Hour) // the snooze ends by itself
		assert.Contains(t, ids2(k.list(tok, "")), id)
		for body, msg := range map[string]string{
			`{"snoozeUntil":"2024-10-24T12:00:00.000Z"}`: "Snooze time must be in the future",
			`{"snoozeUntil":"2025-10-24T12:00:00.000Z"}`: "Snooze duration cannot exceed 90 days",
		} {
			expectAnswer(t, k.as(tok, http.MethodPatch, "/v1/inbox/notifications/"+id+"/snooze", body), http.StatusBadRequest, msg)
		}
		res = k.as(tok, http.MethodPatch, "/v1/inbox/notifications/"+id+"/snooze", `{"snoozeUntil":"tomorrow"}`)
		require.Equal(t, http.StatusBadRequest, res.Status)
	})
	t.Run("Delete", func(t *testing.T) {
		expectAnswer(t, k.as(tok, http.MethodDelete, "/v1/inbox/notifications/"+id+"/delete", ""), http.StatusNoContent, "")
		assert.NotContains(t, ids2(k.list(tok, "")), id)
		expectAnswer(t, k.as(tok, http.MethodDelete, "/v1/inbox/notifications/"+id+"/delete", ""), http.StatusNotFound, "")
	})
}

func ids2(list []any) []string {
	out := []string{}
	for _, n := range list {
		out = append(out, n.(obj)["id"].(string))
	}
	return out
}

func TestInbox_ListAndCount(t *testing.T) {
	k := newInboxKit(t)
	plain, _ := k.workflow("Plain", nil, inAppTpl("plain"))
	tagged, _ := k.workflow("News", obj{"tags": []string{"hello"}}, inAppTpl("news"))
	k.subscriber("ada", nil)
	for range 2 {
		k.trigger(obj{"name": plain, "to": "ada"})
		k.f.advance(time.Millisecond)
	}
	for range 4 {
		k.trigger(obj{"name": tagged, "to": "ada"})
		k.f.advance(time.Millisecond)
	}
	tok := k.token("ada")

	t.Run("Pages", func(t *testing.T) {
		res := k.as(tok, http.MethodGet, "/v1/inbox/notifications?limit=4", "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		first := ids2(res.Body["data"].([]any))
		assert.Len(t, first, 4)
		assert.Equal(t, true, res.Body["hasMore"])
		assert.Equal(t, obj{}, res.Body["filter"])
		res = k.as(tok, http.MethodGet, "/v1/inbox/notifications?limit=4&after="+first[3], "")
		assert.Len(t, res.Body["data"], 2)
		assert.Equal(t, false, res.Body["hasMore"])
		byOffset := k.list(tok, "limit=4&offset=4")
		assert.Equal(t, ids2(res.Body["data"].([]any)), ids2(byOffset))
		all := k.list(tok, "limit=100")
		for i := 1; i < len(all); i++ {
			assert.GreaterOrEqual(t, all[i-1].(obj)["createdAt"], all[i].(obj)["createdAt"])
		}
	})
	t.Run("Filters", func(t *testing.T) {
		assert.Len(t, k.list(tok, "tags[]=hello"), 4)
		assert.Len(t, k.list(tok, "read=true"), 0)
		assert.Len(t, k.list(tok, "read=nonsense"), 6) // Novu's transform: anything but "true" is false
		assert.Len(t, k.list(tok, "severity[]=high"), 0)
		assert.Len(t, k.list(tok, "severity[]=none"), 6)
	})
	t.Run("ErrValidation", func(t *testing.T) {
		res := k.as(tok, http.MethodGet, "/v1/inbox/notifications?limit=1&offset=-1", "")
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Equal(t, "offset must not be less than 0", res.Body["message"].([]any)[0])
		res = k.as(tok, http.MethodGet, "/v1/inbox/notifications?limit=1&after=after", "")
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Equal(t, "The after cursor must be a valid MongoDB ObjectId", res.Body["message"].([]any)[0])
		expectAnswer(t, k.as(tok, http.MethodGet, "/v1/inbox/notifications?read=false&archived=true", ""),
			http.StatusBadRequest, "Filtering for unread and archived notifications is not supported.")
	})
	t.Run("Counts", func(t *testing.T) {
		assert.Equal(t, []float64{6}, k.count(tok, `[{}]`))
		assert.Equal(t, []float64{4, 6}, k.count(tok, `[{"tags":["hello"]},{"read":false}]`))
		k.as(tok, http.MethodPost, "/v1/inbox/notifications/read", `{"tags":["hello"]}`)
		assert.Equal(t, []float64{4, 2, 0}, k.count(tok, `[{"tags":["hello"],"read":true},{"read":false},{"archived":true}]`))
		k.as(tok, http.MethodPost, "/v1/inbox/notifications/read-archive", `{}`)
		assert.Equal(t, []float64{4, 4}, k.count(tok, `[{"read":true,"archived":true},{"archived":true}]`))
		res := k.as(tok, http.MethodGet, "/v1/inbox/notifications/count?filters="+url.QueryEscape(`[{"read":false}]`), "")
		assert.Equal(t, obj{"read": false}, res.Body["data"].([]any)[0].(obj)["filter"])
	})
	t.Run("ErrCounts", func(t *testing.T) {
		for filters, msg := range map[string]string{
			`not json`:                         "Invalid filters, the JSON object should be provided.",
			`[{"read":false,"archived":true}]`: "Filtering for unread and archived notifications is not supported.",
		} {
			expectAnswer(t, k.as(tok, http.MethodGet, "/v1/inbox/notifications/count?filters="+url.QueryEscape(filters), ""),
				http.StatusBadRequest, msg)
		}
		for filters, msgs := range map[string][]any{
			`null`:                         {"filters should not be null or undefined", "filters must be an array"},
			`{"read":false}`:               {"filters must be an array"},
			`[1]`:                          {"each value in nested property filters must be either object or array"},
			`[{},{"read":"yes"}]`:          {"filters.1.read must be a boolean value"},
			`[{"tags":"x"}]`:               {"filters.0.tags must be an array"},
			`[{"severity":[1]}]`:           {"each value in filters.0.severity must be a string"},
			`[{"archived":0,"seen":"no"}]`: {"filters.0.archived must be a boolean value", "filters.0.seen must be a boolean value"},
		} {
			res := k.as(tok, http.MethodGet, "/v1/inbox/notifications/count?filters="+url.QueryEscape(filters), "")
			require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
			assert.Equal(t, msgs, res.Body["message"], filters)
		}
		many := "[" + strings.Repeat("{},", 30) + "{}]"
		res := k.as(tok, http.MethodGet, "/v1/inbox/notifications/count?filters="+url.QueryEscape(many), "")
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Equal(t, []any{"filters must contain no more than 30 elements"}, res.Body["message"])
	})
}

// Novu counts at most 99 per filter, and the session's unread count is one of those counts.
func TestInbox_CountsStopAt99(t *testing.T) {
	k := newInboxKit(t)
	wf, _ := k.workflow("Bulk", nil, inAppTpl("hi"))
	k.subscriber("ada", nil)
	for range 105 {
		k.trigger(obj{"name": wf, "to": "ada"})
	}
	tok := k.token("ada")
	assert.Equal(t, []float64{99, 99}, k.count(tok, `[{},{"read":false}]`))
	res := k.session(k.identifier(), "ada", "")
	assert.Equal(t, 99.0, res.Body["data"].(obj)["totalUnreadCount"])
}

func TestInbox_Preferences(t *testing.T) {
	k := newInboxKit(t)
	k.integration("novu", "in_app")
	k.integration("sendgrid", "email")
	_, orders := k.workflow("Orders", obj{"tags": []string{"newsletter"}}, inAppTpl("o"), emailTpl("s", "c"))
	_, security := k.workflow("Security", obj{"critical": true}, inAppTpl("s"))
	_, other := k.workflow("Other", obj{"tags": []string{"security"}}, inAppTpl("x"))
	tok := k.token("ada")
	prefs := func(query string) []any {
		res := k.as(tok, http.MethodGet, "/v1/inbox/preferences"+query, "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		return res.Body["data"].([]any)
	}

	list := prefs("")
	require.Len(t, list, 3) // global, Orders, Other; never the critical workflow
	assert.Equal(t, obj{"level": "global", "enabled": true, "channels": obj{"email": true, "in_app": true}}, list[0])
	wf := list[1].(obj)
	assert.Equal(t, "template", wf["level"])
	assert.Equal(t, obj{"email": true, "in_app": true}, wf["channels"]) // only the channels its steps use
	assert.Equal(t, orders, wf["workflow"].(obj)["id"])
	assert.Equal(t, false, wf["workflow"].(obj)["critical"])
	assert.Len(t, prefs("?tags[]=security"), 2)

	patch := func(path, body string) rawResponse { return k.as(tok, http.MethodPatch, path, body) }
	res := patch("/v1/inbox/preferences/"+orders, `{"in_app":false}`)
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	assert.Equal(t, obj{"email": true, "in_app": false}, res.Body["data"].(obj)["channels"])
	res = patch("/v1/inbox/preferences/"+orders, `{"email":false}`) // later writes change only what is given
	assert.Equal(t, obj{"email": false, "in_app": false}, res.Body["data"].(obj)["channels"])

	res = patch("/v1/inbox/preferences", `{"email":false}`)
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	assert.Equal(t, obj{"level": "global", "enabled": true, "channels": obj{"email": false, "in_app": true}}, res.Body["data"])
	res = k.as(tok, http.MethodGet, "/v1/inbox/preferences/global", "")
	assert.Equal(t, obj{"email": false, "in_app": true}, res.Body["data"].(obj)["channels"])

	t.Run("Bulk", func(t *testing.T) {
		res := patch("/v1/inbox/preferences/bulk", `{"preferences":[{"workflowId":"`+other+`","in_app":false},{"workflowId":"orders","in_app":true}]}`)
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		data := res.Body["data"].([]any)
		assert.Equal(t, obj{"in_app": false}, data[0].(obj)["channels"])
		assert.Equal(t, obj{"email": false, "in_app": true}, data[1].(obj)["channels"])
		// One bad item refuses the whole request, writing nothing.
		res = patch("/v1/inbox/preferences/bulk", `{"preferences":[{"workflowId":"`+other+`","in_app":true},{"workflowId":"`+security+`","in_app":false}]}`)
		expectAnswer(t, res, http.StatusBadRequest, "Critical workflow with id: "+security+" can not be updated")
		assert.Equal(t, obj{"in_app": false}, prefs("?tags[]=security")[1].(obj)["channels"])
	})
	t.Run("Errors", func(t *testing.T) {
		expectAnswer(t, patch("/v1/inbox/preferences/"+security, `{"in_app":false}`), http.StatusBadRequest,
			"Critical workflow with id: "+security+" can not be updated")
		expectAnswer(t, patch("/v1/inbox/preferences/666c0dfa0b55d0f06f4aaa6c", `{}`), http.StatusNotFound,
			"Workflow with id: 666c0dfa0b55d0f06f4aaa6c is not found")
		res := patch("/v1/inbox/preferences/not-an-id", `{}`)
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Equal(t, "workflowId must be a mongodb id", res.Body["message"].([]any)[0])
		res = patch("/v1/inbox/preferences", `{"email":"yes"}`)
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
	})
}

func TestInbox_CORS(t *testing.T) {
	k := newInboxKit(t)
	pre := k.f.do(http.MethodOptions, "/v1/inbox/notifications", "", "", "Origin", "http://localhost:3000",
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization,novu-client-version")
	require.Equal(t, http.StatusNoContent, pre.Status, pre.Raw)
	assert.Equal(t, "*", pre.Header.Get("Access-Control-Allow-Origin"))
	assert.Contains(t, pre.Header.Get("Access-Control-Allow-Methods"), "PATCH")
	for _, h := range []string{"Authorization", "Content-Type", "Novu-API-Version", "Novu-Client-Version"} {
		assert.Contains(t, pre.Header.Get("Access-Control-Allow-Headers"), h)
	}
	assert.Equal(t, "86400", pre.Header.Get("Access-Control-Max-Age"))
	for _, path := range []string{"/v1/widgets/session/initialize", "/socket.io/"} {
		res := k.f.do(http.MethodOptions, path, "", "", "Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST")
		assert.Equal(t, http.StatusNoContent, res.Status, path)
	}
	// Answers, errors included, are readable from any origin.
	res := k.f.do(http.MethodGet, "/v1/inbox/notifications", "", "", "Origin", "http://localhost:3000")
	assert.Equal(t, http.StatusUnauthorized, res.Status)
	assert.Equal(t, "*", res.Header.Get("Access-Control-Allow-Origin"))
	// The secret-key API is for servers: no CORS there.
	res = k.f.do(http.MethodGet, "/v1/subscribers", "ApiKey "+k.f.DevKey, "", "Origin", "http://localhost:3000")
	assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))
}

// Sessions mark, list and count while triggers deliver to them: no race, no error, and every
// subscriber ends with exactly its own notifications (bounded: 4 subscribers, 20 triggers).
func TestInbox_Concurrent(t *testing.T) {
	k := newInboxKit(t)
	wf, _ := k.workflow("Busy", nil, buttonsTpl("hi", "primary"))
	subs := []string{"c1", "c2", "c3", "c4"}
	tokens := map[string]string{}
	for _, s := range subs {
		k.subscriber(s, nil)
		tokens[s] = k.token(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 1000)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 20 {
			res := k.f.do(http.MethodPost, "/v1/events/trigger", "ApiKey "+k.f.DevKey, `{"name":"`+wf+`","to":["c1","c2","c3","c4"]}`)
			if res.Status != http.StatusCreated {
				errs <- "trigger: " + res.Raw
			}
		}
	}()
	for _, s := range subs {
		wg.Add(1)
		go func(tok string) {
			defer wg.Done()
			for i := range 25 {
				list := k.f.do(http.MethodGet, "/v1/inbox/notifications?limit=5", "Bearer "+tok, "")
				if list.Status != http.StatusOK {
					errs <- "list: " + list.Raw
					continue
				}
				for _, n := range list.Body["data"].([]any) {
					route := []string{"read", "unread", "archive", "unarchive"}[i%4]
					res := k.f.do(http.MethodPatch, "/v1/inbox/notifications/"+n.(obj)["id"].(string)+"/"+route, "Bearer "+tok, "")
					if res.Status != http.StatusOK {
						errs <- route + ": " + res.Raw
					}
				}
				if res := k.f.do(http.MethodPost, "/v1/inbox/notifications/seen", "Bearer "+tok, `{}`); res.Status != http.StatusNoContent {
					errs <- "seen: " + res.Raw
				}
			}
		}(tokens[s])
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	for _, s := range subs {
		assert.Equal(t, []float64{20}, k.count(tokens[s], `[{}]`), s)
		for _, n := range k.list(tokens[s], "limit=100") {
			assert.Equal(t, s, n.(obj)["to"].(obj)["subscriberId"])
		}
	}
}
