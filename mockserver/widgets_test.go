package mockserver_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// as is a kit that calls as a subscriber of the kit's environment, with a session token.
func (k *dkit) as(subscriberID string) *dkit {
	k.t.Helper()
	key := strings.TrimPrefix(k.auth, "ApiKey ")
	token, ok := k.f.srv.SubscriberTokenForTest(key, subscriberID)
	require.True(k.t, ok, "no subscriber %s", subscriberID)
	return &dkit{t: k.t, f: k.f, auth: "Bearer " + token}
}

func (k *dkit) count(path string) float64 {
	k.t.Helper()
	return k.must(http.StatusOK, http.MethodGet, path, nil).Body["data"].(obj)["count"].(float64)
}

// widgetSetup is a subscriber with three in-app messages (newest first in feed) and a second
// subscriber with one.
func widgetSetup(t *testing.T) (k, ada *dkit, ids []string) {
	k = newKit(t)
	k.subscriber("ada", obj{"firstName": "Ada"})
	k.subscriber("bob", nil)
	name, _ := k.workflow("Order shipped", nil, inAppTpl("Order {{orderNumber}} shipped"))
	for _, n := range []string{"A-1", "A-2", "A-3"} {
		k.trigger(obj{"name": name, "to": "ada", "payload": obj{"orderNumber": n}})
	}
	k.trigger(obj{"name": name, "to": "bob", "payload": obj{"orderNumber": "B-1"}})
	ada = k.as("ada")
	for _, m := range ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/notifications/feed", nil).Body["data"].([]any) {
		ids = append(ids, m.(obj)["_id"].(string))
	}
	require.Len(t, ids, 3)
	return k, ada, ids
}

func TestWidgets_Auth(t *testing.T) {
	k, _, _ := widgetSetup(t)
	for _, auth := range []string{"", "ApiKey " + k.f.DevKey, "Bearer " + k.f.DevKey, "Bearer not.a.token"} {
		res := k.f.do(http.MethodGet, "/v1/widgets/notifications/feed", auth, "")
		assert.Equal(t, http.StatusUnauthorized, res.Status, "auth %q", auth)
		assert.Equal(t, "Unauthorized", res.Body["message"])
	}
}

func TestWidgets_Feed(t *testing.T) {
	k, ada, ids := widgetSetup(t)
	res := ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/notifications/feed?limit=2", nil)
	data := res.Body["data"].([]any)
	require.Len(t, data, 2)
	first := data[0].(obj)
	assert.Equal(t, "Order A-3 shipped", first["content"], "newest first")
	assert.Equal(t, "ada", first["subscriber"].(obj)["subscriberId"], "each message carries its subscriber")
	assert.Equal(t, true, res.Body["hasMore"])
	assert.Equal(t, float64(2), res.Body["totalCount"])

	q := base64.StdEncoding.EncodeToString([]byte(`{"orderNumber":"A-2"}`))
	data = ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/notifications/feed?payload="+q, nil).Body["data"].([]any)
	require.Len(t, data, 1)
	assert.Equal(t, ids[1], data[0].(obj)["_id"])
	res = ada.must(http.StatusBadRequest, http.MethodGet, "/v1/widgets/notifications/feed?payload=%25", nil)
	assert.Equal(t, "Invalid payload, the JSON object should be encoded to base64 string.", res.Body["message"])

	bob := k.as("bob")
	data = bob.must(http.StatusOK, http.MethodGet, "/v1/widgets/notifications/feed", nil).Body["data"].([]any)
	require.Len(t, data, 1, "a subscriber sees only its own messages")
	assert.Equal(t, "Order B-1 shipped", data[0].(obj)["content"])
}

func TestWidgets_Counts(t *testing.T) {
	_, ada, ids := widgetSetup(t)
	assert.Equal(t, 3.0, ada.count("/v1/widgets/notifications/unseen"))
	assert.Equal(t, 3.0, ada.count("/v1/widgets/notifications/unread"))
	assert.Equal(t, 3.0, ada.count("/v1/widgets/notifications/count"), "neither filter counts unseen")

	ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/mark-as", obj{"messageId": ids[0], "markAs": "seen"})
	assert.Equal(t, 2.0, ada.count("/v1/widgets/notifications/unseen"))
	assert.Equal(t, 1.0, ada.count("/v1/widgets/notifications/unseen?seen=true"))
	assert.Equal(t, 3.0, ada.count("/v1/widgets/notifications/unread"), "seen leaves read alone")

	ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/mark-as", obj{"messageId": []any{ids[1]}, "markAs": "read"})
	assert.Equal(t, 2.0, ada.count("/v1/widgets/notifications/unread"))
	assert.Equal(t, 1.0, ada.count("/v1/widgets/notifications/unread?read=true"))
	assert.Equal(t, 1.0, ada.count("/v1/widgets/notifications/unseen"), "read also marks seen")
	assert.Equal(t, 1.0, ada.count("/v1/widgets/notifications/count?seen=true&read=true"))
	assert.Equal(t, 1.0, ada.count("/v1/widgets/notifications/count?seen=true&read=false"))

	t.Run("Limit", func(t *testing.T) {
		tests := []struct {
			limit string
			want  float64
			err   string
		}{
			{"1", 1, ""}, {"2", 2, ""}, {"100", 2, ""}, {"what%20what", 2, ""},
			{"0", 0, "limit must not be less than 1"}, {"101", 0, "limit must not be greater than 100"},
		}
		for _, path := range []string{"/v1/widgets/notifications/unread", "/v1/widgets/notifications/count?read=false&"} {
			for _, tt := range tests {
				sep := "?"
				if strings.HasSuffix(path, "&") {
					sep = ""
				}
				target := path + sep + "limit=" + tt.limit
				if tt.err != "" {
					res := ada.must(http.StatusBadRequest, http.MethodGet, target, nil)
					assert.Equal(t, tt.err, res.Body["message"], target)
					continue
				}
				assert.Equal(t, tt.want, ada.count(target), target)
			}
		}
	})
}

func TestWidgets_Marks(t *testing.T) {
	k, ada, ids := widgetSetup(t)
	t.Run("MarkAsUnreadKeepsSeen", func(t *testing.T) {
		res := ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/mark-as", obj{"messageId": ids[0], "markAs": "read"})
		m := res.Body["data"].([]any)[0].(obj)
		assert.Equal(t, true, m["read"])
		assert.Equal(t, true, m["seen"])
		assert.NotEmpty(t, m["lastReadDate"])
		res = ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/mark-as", obj{"messageId": ids[0], "markAs": "unread"})
		m = res.Body["data"].([]any)[0].(obj)
		assert.Equal(t, false, m["read"])
		assert.Equal(t, true, m["seen"])
	})
	t.Run("ErrMessageIDRequired", func(t *testing.T) {
		for _, body := range []obj{{"markAs": "seen"}, {"messageId": []any{}, "markAs": "seen"}} {
			res := ada.must(http.StatusBadRequest, http.MethodPost, "/v1/widgets/messages/mark-as", body)
			assert.Equal(t, "messageId is required", res.Body["message"])
		}
		res := ada.must(http.StatusBadRequest, http.MethodPost, "/v1/widgets/messages/mark-as", obj{"messageId": ids[0]})
		assert.Contains(t, res.Body["message"], "markAs should not be null or undefined")
		// The legacy route's own check (the controller's toArray) refuses only a missing or empty
		// string; an empty list reaches the command, which wants mark.
		tests := []struct {
			name   string
			body   obj
			status int
			want   any
		}{
			{"NoMessageId", obj{"mark": obj{"seen": true}}, http.StatusBadRequest, "messageId is required"},
			{"EmptyString", obj{"messageId": "", "mark": obj{"seen": true}}, http.StatusBadRequest, "messageId is required"},
			{"NoMark", obj{"messageId": ids[0]}, http.StatusBadRequest, []any{"mark should not be null or undefined"}},
			{"EmptyListNoMark", obj{"messageId": []any{}}, http.StatusBadRequest, []any{"mark should not be null or undefined"}},
			{"EmptyList", obj{"messageId": []any{}, "mark": obj{"seen": true}}, http.StatusCreated, nil},
		}
		unseen := ada.count("/v1/widgets/notifications/unseen")
		for _, tc := range tests {
			t.Run("Legacy"+tc.name, func(t *testing.T) {
				res := ada.must(tc.status, http.MethodPost, "/v1/widgets/messages/markAs", tc.body)
				if tc.want == nil {
					assert.Equal(t, []any{}, res.Body["data"])
				} else {
					assert.Equal(t, tc.want, res.Body["message"])
				}
			})
		}
		assert.Equal(t, unseen, ada.count("/v1/widgets/notifications/unseen"), "nothing was marked")
	})
	t.Run("Legacy", func(t *testing.T) {
		res := ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/markAs",
			obj{"messageId": ids[2], "mark": obj{"seen": true}})
		m := res.Body["data"].([]any)[0].(obj)
		assert.Equal(t, true, m["seen"])
		assert.Equal(t, false, m["read"])
	})
	t.Run("AnotherSubscribersMessageIsUntouched", func(t *testing.T) {
		bob := k.as("bob")
		res := bob.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/mark-as", obj{"messageId": ids[1], "markAs": "read"})
		assert.Empty(t, res.Body["data"])
		bob.must(http.StatusNotFound, http.MethodPost, "/v1/widgets/messages/"+ids[1]+"/actions/primary", obj{"status": "done"})
		bob.must(http.StatusBadRequest, http.MethodDelete, "/v1/widgets/messages/"+ids[1], nil)
		assert.Equal(t, 3.0, ada.count("/v1/widgets/notifications/unread"))
	})
	t.Run("AllSeenThenAllRead", func(t *testing.T) {
		res := ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/seen", obj{})
		assert.Equal(t, 1.0, res.Body["data"], "the one still unseen changed")
		assert.Equal(t, 0.0, ada.count("/v1/widgets/notifications/unseen"))
		res = ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/read", nil)
		assert.Equal(t, 3.0, res.Body["data"])
		assert.Equal(t, 0.0, ada.count("/v1/widgets/notifications/unread"))
		assert.Equal(t, 1.0, k.as("bob").count("/v1/widgets/notifications/unread"), "bob's message stays unread")
	})
	t.Run("Action", func(t *testing.T) {
		res := ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/"+ids[0]+"/actions/primary",
			obj{"status": "done", "payload": obj{"answer": "yes"}})
		action := res.Body["data"].(obj)["cta"].(obj)["action"].(obj)
		assert.Equal(t, "done", action["status"])
		assert.Equal(t, "primary", action["result"].(obj)["type"])
		unknown := "666c0dfa0b55d0f06f4aaa6c"
		tests := []struct {
			name, id, typ string
			body          obj
			status        int
			want          any
		}{
			// Only status's presence is checked before the message is looked up (a real v2.0.0).
			{"ErrNoStatus", unknown, "primary", obj{}, http.StatusBadRequest, []any{"status should not be null or undefined"}},
			{"ErrUnknownMessageFirst", unknown, "tertiary", obj{"status": "later"}, http.StatusNotFound, "Message " + unknown + " not found"},
			{"ErrType", ids[0], "tertiary", obj{"status": "done"}, http.StatusBadRequest,
				[]any{"type must be one of the following values: primary, secondary"}},
			{"ErrStatus", ids[0], "secondary", obj{"status": 1}, http.StatusBadRequest,
				[]any{"status must be one of the following values: pending, done"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res := ada.must(tc.status, http.MethodPost, "/v1/widgets/messages/"+tc.id+"/actions/"+tc.typ, tc.body)
				assert.Equal(t, tc.want, res.Body["message"])
			})
		}
		res = ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/notifications/feed", nil)
		for _, m := range res.Body["data"].([]any) {
			if m.(obj)["_id"] == ids[0] {
				assert.Equal(t, "primary", m.(obj)["cta"].(obj)["action"].(obj)["result"].(obj)["type"], "a refused action changes nothing")
			}
		}
	})
}

func TestWidgets_Remove(t *testing.T) {
	k, ada, ids := widgetSetup(t)
	t.Run("One", func(t *testing.T) {
		res := ada.must(http.StatusOK, http.MethodDelete, "/v1/widgets/messages/"+ids[0], nil)
		assert.Equal(t, ids[0], res.Body["data"].(obj)["_id"])
		res = ada.must(http.StatusBadRequest, http.MethodDelete, "/v1/widgets/messages/"+ids[0], nil)
		assert.Equal(t, "Could not find a message with id "+ids[0], res.Body["message"])
		assert.Equal(t, 2.0, ada.count("/v1/widgets/notifications/unseen"))
	})
	t.Run("Bulk", func(t *testing.T) {
		res := ada.must(http.StatusBadRequest, http.MethodPost, "/v1/widgets/messages/bulk/delete", obj{"messageIds": []any{}})
		assert.Contains(t, res.Body["message"], "messageIds should not be empty")
		many := make([]any, 101)
		for i := range many {
			many[i] = ids[1]
		}
		res = ada.must(http.StatusBadRequest, http.MethodPost, "/v1/widgets/messages/bulk/delete", obj{"messageIds": many})
		assert.Contains(t, res.Body["message"], "messageIds must contain no more than 100 elements")
		res = ada.must(http.StatusBadRequest, http.MethodPost, "/v1/widgets/messages/bulk/delete", obj{"messageIds": []any{ids[1], "x"}})
		assert.Equal(t, []any{"each value in messageIds must be a mongodb id"}, res.Body["message"])
		res = ada.must(http.StatusOK, http.MethodPost, "/v1/widgets/messages/bulk/delete", obj{"messageIds": []any{ids[1]}})
		assert.Equal(t, "{}", strings.TrimSpace(res.Raw))
		data := ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/notifications/feed", nil).Body["data"].([]any)
		require.Len(t, data, 1)
		assert.Equal(t, ids[2], data[0].(obj)["_id"])
	})
	t.Run("AllOfAFeed", func(t *testing.T) {
		res := ada.must(http.StatusBadRequest, http.MethodDelete, "/v1/widgets/messages?feedId=nope", nil)
		assert.Equal(t, []any{"FeedId must be a valid MongoDB ObjectId"}, res.Body["message"])
		res = ada.must(http.StatusNotFound, http.MethodDelete, "/v1/widgets/messages?feedId=6650d1e2f3a4b5c6d7e8f903", nil)
		assert.Equal(t, "Feed with 6650d1e2f3a4b5c6d7e8f903 not found", res.Body["message"])
	})
	t.Run("All", func(t *testing.T) {
		res := ada.must(http.StatusNoContent, http.MethodDelete, "/v1/widgets/messages", nil)
		assert.Empty(t, res.Raw)
		assert.Empty(t, ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/notifications/feed", nil).Body["data"])
		assert.Len(t, k.feed("bob"), 1, "only the session subscriber's messages go")
	})
}

func TestWidgets_OrganizationPreferencesUsage(t *testing.T) {
	k, ada, _ := widgetSetup(t)
	org := k.must(http.StatusOK, http.MethodGet, "/v1/organizations/me", nil).Body["data"].(obj)
	res := ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/organization", nil)
	assert.Equal(t, org["_id"], res.Body["data"].(obj)["_id"])
	assert.Equal(t, org["name"], res.Body["data"].(obj)["name"])
	assert.NotContains(t, res.Body["data"], "branding", "a new organization has no branding")

	prefs := ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/preferences", nil).Body["data"].([]any)
	require.Len(t, prefs, 1)
	p := prefs[0].(obj)
	wfID := p["template"].(obj)["_id"].(string)
	assert.Equal(t, true, p["preference"].(obj)["channels"].(obj)["in_app"])

	res = ada.must(http.StatusOK, http.MethodPatch, "/v1/widgets/preferences/"+wfID,
		obj{"channel": obj{"type": "in_app", "enabled": false}})
	assert.Equal(t, false, res.Body["data"].(obj)["preference"].(obj)["channels"].(obj)["in_app"])
	res = ada.must(http.StatusBadRequest, http.MethodPatch, "/v1/widgets/preferences/"+wfID, obj{})
	assert.Equal(t, "In order to make an update you need to provider channel or enabled", res.Body["message"])

	res = ada.must(http.StatusOK, http.MethodPatch, "/v1/widgets/preferences", obj{"enabled": false})
	assert.Equal(t, false, res.Body["data"].(obj)["preference"].(obj)["enabled"])
	global := ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/preferences/global", nil).Body["data"].([]any)
	require.Len(t, global, 1)
	assert.Equal(t, false, global[0].(obj)["preference"].(obj)["enabled"])
	byTemplate := ada.must(http.StatusOK, http.MethodGet, "/v1/widgets/preferences/template", nil).Body["data"].([]any)
	require.Len(t, byTemplate, 1)
	assert.Equal(t, wfID, byTemplate[0].(obj)["template"].(obj)["_id"])
	ada.must(http.StatusBadRequest, http.MethodGet, "/v1/widgets/preferences/other", nil)
	res = ada.must(http.StatusBadRequest, http.MethodPatch, "/v1/widgets/preferences/not-an-id",
		obj{"channel": obj{"type": "in_app", "enabled": false}})
	assert.Equal(t, []any{"templateId must be a mongodb id"}, res.Body["message"])

	// Bob's preferences are his own.
	bob := k.as("bob")
	p = bob.must(http.StatusOK, http.MethodGet, "/v1/widgets/preferences", nil).Body["data"].([]any)[0].(obj)
	assert.Equal(t, true, p["preference"].(obj)["channels"].(obj)["in_app"])

	res = ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/usage/log", obj{"name": "[Widget] - Notification Click", "payload": obj{"hasCta": true}})
	assert.Equal(t, obj{"success": true}, res.Body["data"])
}
