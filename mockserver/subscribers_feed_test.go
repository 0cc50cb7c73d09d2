package mockserver_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
)

func (k *dkit) unseen(subscriberID, query string) float64 {
	k.t.Helper()
	res := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/"+subscriberID+"/notifications/unseen"+query, nil)
	return res.Body["data"].(obj)["count"].(float64)
}

func TestFeed_InApp(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", obj{"firstName": "Maria"})
	k.subscriber("user-2", nil)
	step := inAppTpl("Hi {{subscriber.firstName}}, order {{orderNumber}} <b>shipped</b>")
	step["template"].(obj)["cta"].(obj)["action"] = obj{"buttons": []obj{{"type": "primary", "content": "Track"}}}
	name, wfID := k.workflow("Order shipped", nil, step)
	for _, n := range []string{"A-1", "A-2", "A-3"} {
		k.trigger(obj{"name": name, "to": "user-1", "payload": obj{"orderNumber": n}})
	}

	var first obj
	t.Run("feed shows rendered messages newest first", func(t *testing.T) {
		res := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/user-1/notifications/feed", nil)
		data := res.Body["data"].([]any)
		require.Len(t, data, 3)
		first = data[0].(obj)
		assert.Equal(t, "Hi Maria, order A-3 <b>shipped</b>", first["content"])
		assert.Equal(t, "/orders/A-3", first["cta"].(obj)["data"].(obj)["url"])
		assert.Equal(t, wfID, first["_templateId"])
		assert.Equal(t, "in_app", first["channel"])
		assert.Equal(t, false, first["seen"])
		assert.Equal(t, float64(3), res.Body["totalCount"])
		assert.Equal(t, false, res.Body["hasMore"])
	})
	t.Run("pages cap totalCount at the limit", func(t *testing.T) {
		res := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/user-1/notifications/feed?limit=2", nil)
		assert.Len(t, res.Body["data"], 2)
		assert.Equal(t, float64(2), res.Body["totalCount"])
		assert.Equal(t, true, res.Body["hasMore"])
		res = k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/user-1/notifications/feed?limit=2&page=1", nil)
		assert.Len(t, res.Body["data"], 1)
		assert.Equal(t, false, res.Body["hasMore"])
		k.must(http.StatusBadRequest, http.MethodGet, "/v1/subscribers/user-1/notifications/feed?limit=101", nil)
	})
	t.Run("payload filter", func(t *testing.T) {
		q := base64.StdEncoding.EncodeToString([]byte(`{"orderNumber":"A-2"}`))
		res := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/user-1/notifications/feed?payload="+q, nil)
		require.Len(t, res.Body["data"], 1)
		res = k.must(http.StatusBadRequest, http.MethodGet, "/v1/subscribers/user-1/notifications/feed?payload=%25%25", nil)
		assert.Equal(t, "Invalid payload, the JSON object should be encoded to base64 string.", res.Body["message"])
	})
	t.Run("mark read lowers the unseen count", func(t *testing.T) {
		assert.Equal(t, float64(3), k.unseen("user-1", ""))
		res := k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-1/messages/mark-as",
			obj{"messageId": first["_id"], "markAs": "read"})
		msg := res.Body["data"].([]any)[0].(obj)
		assert.Equal(t, true, msg["seen"])
		assert.Equal(t, true, msg["read"])
		assert.NotEmpty(t, msg["lastReadDate"])
		assert.Equal(t, float64(2), k.unseen("user-1", ""))
		assert.Equal(t, float64(1), k.unseen("user-1", "?seen=true"))
		assert.Equal(t, float64(1), k.unseen("user-1", "?limit=1"))
		res = k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/user-1/notifications/feed?read=true", nil)
		assert.Len(t, res.Body["data"], 1)
	})
	t.Run("unseen leaves read alone; legacy markAs", func(t *testing.T) {
		res := k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-1/messages/mark-as",
			obj{"messageId": []any{first["_id"]}, "markAs": "unseen"})
		msg := res.Body["data"].([]any)[0].(obj)
		assert.Equal(t, false, msg["seen"])
		assert.Equal(t, true, msg["read"], "Novu's unseen sets only seen")
		assert.NotEmpty(t, msg["lastSeenDate"], "stamped also when set to false")
		res = k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-1/messages/markAs",
			obj{"messageId": first["_id"], "mark": obj{"seen": true}})
		assert.Equal(t, true, res.Body["data"].([]any)[0].(obj)["seen"])
		res = k.must(http.StatusBadRequest, http.MethodPost, "/v1/subscribers/user-1/messages/markAs", obj{"mark": obj{"seen": true}})
		assert.Equal(t, "messageId is required", res.Body["message"])
	})
	t.Run("another subscriber's message is not marked", func(t *testing.T) {
		res := k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-2/messages/mark-as",
			obj{"messageId": first["_id"], "markAs": "read"})
		assert.Empty(t, res.Body["data"])
	})
	t.Run("mark-all counts the changed messages", func(t *testing.T) {
		res := k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-1/messages/mark-all", obj{"markAs": "seen"})
		assert.Equal(t, float64(2), res.Body["data"])
		res = k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-1/messages/mark-all", obj{"markAs": "seen"})
		assert.Equal(t, float64(0), res.Body["data"])
		assert.Equal(t, float64(0), k.unseen("user-1", ""))
		res = k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-1/messages/mark-all",
			obj{"markAs": "unseen", "feedIdentifier": "no-such-feed"})
		assert.Equal(t, float64(0), res.Body["data"])
	})
	t.Run("message action", func(t *testing.T) {
		path := "/v1/subscribers/user-1/messages/" + first["_id"].(string) + "/actions/primary"
		res := k.must(http.StatusCreated, http.MethodPost, path, obj{"status": "done", "payload": obj{"rating": 5}})
		action := res.Body["data"].(obj)["cta"].(obj)["action"].(obj)
		assert.Equal(t, "done", action["status"])
		assert.Equal(t, obj{"type": "primary", "payload": obj{"rating": float64(5)}}, action["result"])
		assert.Equal(t, "Track", action["buttons"].([]any)[0].(obj)["content"])
		res = k.must(http.StatusNotFound, http.MethodPost, "/v1/subscribers/user-1/messages/6620a1b2c3d4e5f607182930/actions/primary", obj{"status": "done"})
		assert.Equal(t, "Message 6620a1b2c3d4e5f607182930 not found", res.Body["message"])
		k.must(http.StatusBadRequest, http.MethodPost, "/v1/subscribers/ghost/messages/"+first["_id"].(string)+"/actions/primary", obj{"status": "done"})
		k.must(http.StatusBadRequest, http.MethodPost, path, obj{"status": "maybe"})
	})
	t.Run("unknown subscriber", func(t *testing.T) {
		res := k.must(http.StatusBadRequest, http.MethodGet, "/v1/subscribers/ghost/notifications/feed", nil)
		assert.Equal(t, "Subscriber not found for this environment with the id: ghost. Make sure to create a subscriber before fetching the feed.", res.Body["message"])
		res = k.must(http.StatusBadRequest, http.MethodGet, "/v1/subscribers/ghost/notifications/unseen", nil)
		assert.Contains(t, res.Body["message"], "Subscriber ghost is not exist in environment ")
		res = k.must(http.StatusNotFound, http.MethodPost, "/v1/subscribers/ghost/messages/mark-as", obj{"messageId": "x", "markAs": "read"})
		assert.Equal(t, "Subscriber ghost not found", res.Body["message"])
		res = k.must(http.StatusNotFound, http.MethodPost, "/v1/subscribers/ghost/messages/mark-all", obj{"markAs": "read"})
		assert.Contains(t, res.Body["message"], "Subscriber ghost does not exist in environment ")
	})
	t.Run("production sees none of it", func(t *testing.T) {
		k.prod().must(http.StatusBadRequest, http.MethodGet, "/v1/subscribers/user-1/notifications/feed", nil)
	})
}

func TestFeed_FeedIdentifier(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	feed := k.must(http.StatusCreated, http.MethodPost, "/v1/feeds", obj{"name": "orders"}).Body["data"].(obj)
	inFeed := inAppTpl("in feed")
	inFeed["template"].(obj)["_feedId"] = feed["_id"]
	a, _ := k.workflow("Feed A", nil, inFeed)
	b, _ := k.workflow("Feed B", nil, inAppTpl("no feed"))
	k.trigger(obj{"name": a, "to": "user-1"})
	k.trigger(obj{"name": b, "to": "user-1"})
	res := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/user-1/notifications/feed?feedIdentifier=orders", nil)
	data := res.Body["data"].([]any)
	if assert.Len(t, data, 1) {
		assert.Equal(t, "in feed", data[0].(obj)["content"])
	}
	assert.Equal(t, float64(1), k.unseen("user-1", "?feedIdentifier=orders"))
	res = k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-1/messages/mark-all",
		obj{"markAs": "read", "feedIdentifier": []string{"orders"}})
	assert.Equal(t, float64(1), res.Body["data"])
	assert.Equal(t, float64(1), k.unseen("user-1", ""))
}

// TestFeed_SubscriberPreferences: a channel the subscriber switched off gets no message, unless
// the workflow is critical.
func TestFeed_SubscriberPreferences(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	name, wfID := k.workflow("Digest", nil, inAppTpl("hello"))
	critical, _ := k.workflow("Security alert", obj{"critical": true}, inAppTpl("alert"))
	k.must(http.StatusOK, http.MethodPatch, "/v1/subscribers/user-1/preferences/"+wfID,
		obj{"channel": obj{"type": "in_app", "enabled": false}})
	k.trigger(obj{"name": name, "to": "user-1"})
	assert.Empty(t, k.feed("user-1"), "the workflow preference turns in-app off")
	k.trigger(obj{"name": critical, "to": "user-1"})
	assert.Len(t, k.feed("user-1"), 1, "critical workflows ignore preferences")

	k.must(http.StatusOK, http.MethodPatch, "/v1/subscribers/user-1/preferences/"+wfID,
		obj{"channel": obj{"type": "in_app", "enabled": true}})
	k.must(http.StatusOK, http.MethodPatch, "/v1/subscribers/user-1/preferences", obj{"enabled": false})
	k.trigger(obj{"name": name, "to": "user-1"})
	assert.Len(t, k.feed("user-1"), 1, "the global switch turns everything off")
}

// TestFeed_UnseenCountLimitRange: Novu's GetFeedCountCommand holds limit to Min(1) and
// Max(1000) and is built before the subscriber is looked up, so an out-of-range limit is a 400
// validation error even for an unknown subscriber, never a negative count.
func TestFeed_UnseenCountLimitRange(t *testing.T) {
	f := mustNewServer(t)
	f.subscriber(f.Dev, gen.CreateSubscriberRequest{SubscriberId: "user-1"})
	tests := []struct {
		name, subscriber, limit string
		status                  int
		message                 any
	}{
		{"negative", "user-1", "-1", 400, []any{"limit must not be less than 1"}},
		{"zero", "user-1", "0", 400, []any{"limit must not be less than 1"}},
		{"too large", "user-1", "1001", 400, []any{"limit must not be greater than 1000"}},
		{"checked before the subscriber", "nobody", "-5", 400, []any{"limit must not be less than 1"}},
		{"lowest", "user-1", "1", 200, nil},
		{"highest", "user-1", "1000", 200, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev("GET", "/v1/subscribers/"+tt.subscriber+"/notifications/unseen?limit="+tt.limit, "")
			require.Equal(t, tt.status, res.Status, res.Raw)
			if tt.message != nil {
				assert.Equal(t, tt.message, res.Body["message"])
				assert.Equal(t, "Bad Request", res.Body["error"])
				return
			}
			assert.Equal(t, map[string]any{"count": float64(0)}, res.Body["data"])
		})
	}
}

// TestFeed_Populated: feed pages and message lists join in the recipient and the actor as they
// are now (who they are, not their contact details), and feed pages the workflow's id and tags.
func TestFeed_Populated(t *testing.T) {
	k := newKit(t)
	k.subscriber("ana", obj{"firstName": "Ana", "lastName": "Lima", "email": "ana@example.com"})
	k.subscriber("bo", obj{"firstName": "Bo", "avatar": "https://cdn.example.com/bo.png"})
	step := inAppTpl("{{actor.firstName}} mentioned you")
	step["template"].(obj)["actor"] = obj{"type": "user", "data": nil}
	name, wfID := k.workflow("Mention", obj{"tags": []string{"social"}}, step)
	k.trigger(obj{"name": name, "to": "ana", "actor": obj{"subscriberId": "bo"}, "transactionId": "pop-1"})
	k.must(http.StatusOK, http.MethodPut, "/v1/subscribers/ana", obj{"firstName": "Anna"})

	feed := k.feed("ana")
	require.Len(t, feed, 1)
	item := feed[0].(obj)
	sub := item["subscriber"].(obj)
	assert.Equal(t, "ana", sub["subscriberId"])
	assert.Equal(t, "Anna", sub["firstName"], "the subscriber as it is now")
	assert.Equal(t, "Lima", sub["lastName"])
	assert.NotContains(t, sub, "email", "only who it is")
	bo := k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/bo", nil).Body["data"].(obj)
	assert.Equal(t, obj{"_id": bo["_id"], "subscriberId": "bo", "firstName": "Bo", "avatar": "https://cdn.example.com/bo.png"}, item["actorSubscriber"])
	assert.Equal(t, obj{"_id": wfID, "tags": []any{"social"}}, item["template"])
	assert.Equal(t, obj{"type": "user", "data": nil}, item["actor"], "the step's actor as stored: data null, not absent")
	// The rest of an in-app message as a real v2.0.0 answers it.
	assert.NotContains(t, item, "overrides")
	assert.Equal(t, []any{}, item["tags"])
	assert.Equal(t, "2025-10-24T12:00:00.000Z", item["expireAt"], "kept a year")
	assert.Equal(t, []any{}, item["cta"].(obj)["action"].(obj)["buttons"])

	// A step without an actor (or with type none) gives the message neither actor nor _actorId,
	// whoever triggered it.
	for i, tpl := range []obj{inAppTpl("plain"), {"template": obj{"type": "in_app", "content": "none",
		"actor": obj{"type": "none", "data": nil}}}} {
		plain, _ := k.workflow(fmt.Sprintf("No actor %d", i), nil, tpl)
		txn := fmt.Sprintf("pop-plain-%d", i)
		k.trigger(obj{"name": plain, "to": "ana", "actor": obj{"subscriberId": "bo"}, "transactionId": txn})
		m := k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId="+txn, nil).Body["data"].([]any)[0].(obj)
		assert.NotContains(t, m, "actor")
		assert.NotContains(t, m, "_actorId")
		assert.NotContains(t, m, "actorSubscriber")
	}

	msgs := k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId=pop-1", nil).Body["data"].([]any)
	require.Len(t, msgs, 1)
	msg := msgs[0].(obj)
	assert.Equal(t, "Anna", msg["subscriber"].(obj)["firstName"])
	assert.Equal(t, "bo", msg["actorSubscriber"].(obj)["subscriberId"])
	assert.NotContains(t, msg, "template", "the message list joins no workflow")

	// The join is by _id: a subscriber deleted and created again under the same subscriberId is
	// another document, so the message no longer shows an actor.
	k.must(http.StatusOK, http.MethodDelete, "/v1/subscribers/bo", nil)
	k.subscriber("bo", obj{"firstName": "Another Bo"})
	msg = k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId=pop-1", nil).Body["data"].([]any)[0].(obj)
	assert.NotContains(t, msg, "actorSubscriber")
	assert.Equal(t, "Anna", msg["subscriber"].(obj)["firstName"])
}

// TestFeed_MarkAs follows Novu's message repository: read and unread both mark seen, seen and
// unseen leave read alone, and mark-all updates (and counts) only the messages whose flag changes.
func TestFeed_MarkAs(t *testing.T) {
	k := newKit(t)
	k.subscriber("mia", nil)
	name, _ := k.workflow("Ping", nil, inAppTpl("ping"))
	k.trigger(obj{"name": name, "to": "mia"})
	k.trigger(obj{"name": name, "to": "mia"})
	steps := []struct {
		markAs     string
		count      float64
		seen, read bool // both messages afterwards
	}{
		{"read", 2, true, true},
		{"read", 0, true, true},
		{"unseen", 2, false, true},
		{"unread", 2, true, false},
		{"unread", 0, true, false},
		{"seen", 0, true, false},
		{"unseen", 2, false, false},
		{"seen", 2, true, false},
	}
	for i, st := range steps {
		res := k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/mia/messages/mark-all", obj{"markAs": st.markAs})
		assert.Equal(t, st.count, res.Body["data"], "step %d: mark-all %s", i, st.markAs)
		for _, m := range k.feed("mia") {
			assert.Equal(t, st.seen, m.(obj)["seen"], "step %d: seen", i)
			assert.Equal(t, st.read, m.(obj)["read"], "step %d: read", i)
		}
	}
}

// TestFeed_SystemAvatars: an in-app step's system avatar (an icon, or a custom image URL) is
// copied onto its message as the step stores it (trigger-event.e2e.ts 'in-app avatar' at v2.0.0;
// send-message-in-app.usecase.ts:230); the user avatar case is TestFeed_Populated's.
func TestFeed_SystemAvatars(t *testing.T) {
	url := "https://gravatar.com/avatar/5246ec47a6a90ef2bcd29f0ef7d2faa6?s=400&d=robohash&r=x"
	tests := []struct {
		name  string
		actor obj
	}{
		{"system icon", obj{"type": "system_icon", "data": "warning"}},
		{"custom system avatar url", obj{"type": "system_custom", "data": url}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			step := inAppTpl("Hello world!")
			step["template"].(obj)["actor"] = tt.actor
			name, _ := k.workflow(fmt.Sprintf("Avatar %d", i), nil, step)
			k.trigger(obj{"name": name, "to": "ava", "payload": obj{}})
			feed := k.feed("ava")
			require.Len(t, feed, 1)
			assert.Equal(t, tt.actor, feed[0].(obj)["actor"])
			assert.NotContains(t, feed[0].(obj), "_actorId", "no trigger actor")
		})
	}
}
