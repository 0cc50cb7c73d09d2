package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMessages(t *testing.T) {
	k := newKit(t)
	k.integration("sendgrid", "email") // active, but Novu Email stays primary
	k.subscriber("user-1", obj{"email": "maria@example.com"})
	k.subscriber("user-2", obj{"email": "jonas@example.com"})
	name, _ := k.workflow("Both", nil, inAppTpl("in-app {{n}}"), emailTpl("Subject {{n}}", "Body {{n}}"))
	k.trigger(obj{"name": name, "to": "user-1", "payload": obj{"n": 1}, "transactionId": "t1"})
	k.trigger(obj{"name": name, "to": []any{"user-1", "user-2"}, "payload": obj{"n": 2}, "transactionId": "t2"})

	list := func(query string) obj {
		return k.must(http.StatusOK, http.MethodGet, "/v1/messages"+query, nil).Body
	}
	t.Run("list, newest first", func(t *testing.T) {
		page := list("")
		assert.Equal(t, float64(6), page["totalCount"])
		assert.Equal(t, float64(10), page["pageSize"])
		assert.Equal(t, false, page["hasMore"])
		first := page["data"].([]any)[0].(obj)
		assert.Equal(t, "t2", first["transactionId"])
	})
	t.Run("filters", func(t *testing.T) {
		assert.Equal(t, float64(3), list("?channel=email")["totalCount"])
		assert.Equal(t, float64(4), list("?subscriberId=user-1")["totalCount"])
		assert.Equal(t, float64(2), list("?transactionId=t1")["totalCount"])
		assert.Equal(t, float64(6), list("?transactionId=t1&transactionId=t2")["totalCount"])
		email := list("?channel=email&subscriberId=user-2")["data"].([]any)[0].(obj)
		assert.Equal(t, "Subject 2", email["subject"])
		assert.Equal(t, "Body 2", email["content"])
		assert.Equal(t, "jonas@example.com", email["email"])
		assert.Equal(t, "novu-email", email["providerId"])
	})
	t.Run("paging", func(t *testing.T) {
		page := list("?limit=4&page=0")
		assert.Len(t, page["data"], 4)
		assert.Equal(t, true, page["hasMore"])
		page = list("?limit=4&page=1")
		assert.Len(t, page["data"], 2)
		assert.Equal(t, false, page["hasMore"])
	})
	t.Run("errors", func(t *testing.T) {
		res := k.must(http.StatusBadRequest, http.MethodGet, "/v1/messages?limit=1001", nil)
		assert.Equal(t, "Limit can not be larger then 1000", res.Body["message"])
		res = k.must(http.StatusNotFound, http.MethodGet, "/v1/messages?subscriberId=ghost", nil)
		assert.Equal(t, "Subscriber not found for id ghost", res.Body["message"])
		k.must(http.StatusBadRequest, http.MethodGet, "/v1/messages?channel=pigeon", nil)
	})
	t.Run("delete by id", func(t *testing.T) {
		id := list("?transactionId=t1&channel=in_app")["data"].([]any)[0].(obj)["_id"].(string)
		res := k.must(http.StatusOK, http.MethodDelete, "/v1/messages/"+id, nil)
		assert.Equal(t, obj{"acknowledged": true, "status": "deleted"}, res.Body["data"])
		assert.Equal(t, float64(1), list("?transactionId=t1")["totalCount"])
		res = k.must(http.StatusNotFound, http.MethodDelete, "/v1/messages/"+id, nil)
		assert.Equal(t, "Message with id "+id+" not found", res.Body["message"])
		res = k.must(http.StatusBadRequest, http.MethodDelete, "/v1/messages/not-an-id", nil)
		assert.Equal(t, []any{"messageId must be a mongodb id"}, res.Body["message"])
		assert.Len(t, k.feed("user-1"), 1, "a deleted message leaves the feed")
	})
	t.Run("delete by transaction", func(t *testing.T) {
		k.must(http.StatusNoContent, http.MethodDelete, "/v1/messages/transaction/t2?channel=email", nil)
		assert.Equal(t, float64(2), list("?transactionId=t2")["totalCount"])
		res := k.must(http.StatusNotFound, http.MethodDelete, "/v1/messages/transaction/t2?channel=email", nil)
		assert.Equal(t, "Invalid transactionId or channel", res.Body["message"])
		k.must(http.StatusNoContent, http.MethodDelete, "/v1/messages/transaction/t2", nil)
		assert.Equal(t, float64(0), list("?transactionId=t2")["totalCount"])
		k.must(http.StatusNotFound, http.MethodDelete, "/v1/messages/transaction/none", nil)
	})
	t.Run("production sees none of it", func(t *testing.T) {
		res := k.prod().must(http.StatusOK, http.MethodGet, "/v1/messages", nil)
		assert.Equal(t, float64(0), res.Body["totalCount"])
		require.Empty(t, res.Body["data"])
	})
}

// TestMessages_UpperCaseIDs: Novu's IsMongoId takes either case, and MongoDB reads both as the
// same ObjectId, so an id in capitals finds the entity in a path or a query.
func TestMessages_UpperCaseIDs(t *testing.T) {
	k := newKit(t)
	k.subscriber("ada", nil)
	name, _ := k.workflow("Caps", nil, inAppTpl("caps"))
	k.trigger(obj{"name": name, "to": "ada", "transactionId": "caps-1"})
	msg := k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId=caps-1", nil).Body["data"].([]any)[0].(obj)
	id, notif := strings.ToUpper(msg["_id"].(string)), strings.ToUpper(msg["_notificationId"].(string))
	details := k.must(http.StatusOK, http.MethodGet, "/v1/execution-details?subscriberId=ada&notificationId="+notif, nil)
	assert.NotEmpty(t, details.Body["data"])
	k.must(http.StatusOK, http.MethodDelete, "/v1/messages/"+id, nil)
	assert.Empty(t, k.must(http.StatusOK, http.MethodGet, "/v1/messages?transactionId=caps-1", nil).Body["data"])
	res := k.send(http.MethodDelete, "/v1/messages/ZZZZZZZZZZZZZZZZZZZZZZZZ", nil)
	assert.Equal(t, []any{"messageId must be a mongodb id"}, res.Body["message"], "not hex at all")
}
