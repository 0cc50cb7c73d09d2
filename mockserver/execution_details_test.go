package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExecutionDetails(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	k.subscriber("user-2", nil)
	name, wfID := k.workflow("Traced", nil, inAppTpl("hi"))
	k.trigger(obj{"name": name, "to": "user-1", "transactionId": "t1"})
	a := k.must(http.StatusOK, http.MethodGet, "/v1/notifications", nil).Body["data"].([]any)[0].(obj)
	id := a["_id"].(string)

	t.Run("every detail of the notification's jobs", func(t *testing.T) {
		data := k.must(http.StatusOK, http.MethodGet, "/v1/execution-details?notificationId="+id+"&subscriberId=user-1", nil).Body["data"].([]any)
		require.Len(t, data, 3)
		var details []string
		for _, d := range data {
			d := d.(obj)
			details = append(details, d["detail"].(string))
			assert.Equal(t, id, d["_notificationId"])
			assert.Equal(t, wfID, d["_notificationTemplateId"])
			assert.Equal(t, "t1", d["transactionId"])
			assert.Equal(t, "in_app", d["channel"])
		}
		assert.Equal(t, []string{"Step queued", "Message created", "Message sent"}, details)
		assert.Equal(t, "Success", data[2].(obj)["status"])
		assert.NotEmpty(t, data[2].(obj)["_messageId"])
	})
	t.Run("another subscriber's view is empty", func(t *testing.T) {
		data := k.must(http.StatusOK, http.MethodGet, "/v1/execution-details?notificationId="+id+"&subscriberId=user-2", nil).Body["data"]
		assert.Empty(t, data)
	})
	t.Run("errors", func(t *testing.T) {
		res := k.must(http.StatusNotFound, http.MethodGet, "/v1/execution-details?notificationId="+id+"&subscriberId=ghost", nil)
		assert.Equal(t, "Subscriber not found for id ghost", res.Body["message"])
		res = k.must(http.StatusBadRequest, http.MethodGet, "/v1/execution-details?notificationId=abc&subscriberId=user-1", nil)
		assert.Equal(t, []any{"notificationId must be a mongodb id"}, res.Body["message"])
		k.must(http.StatusBadRequest, http.MethodGet, "/v1/execution-details?notificationId="+id, nil)
	})
	t.Run("production sees none of it", func(t *testing.T) {
		k.prod().must(http.StatusNotFound, http.MethodGet, "/v1/execution-details?notificationId="+id+"&subscriberId=user-1", nil)
	})
}
