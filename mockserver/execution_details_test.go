package mockserver_test

import (
	"net/http"
	"testing"
	"time"

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
		// v2.0.0's worker: a trigger job ahead of the steps, "Step created" for every job when
		// the jobs are stored, then each job's details as it runs, in the order written.
		require.Len(t, data, 8)
		var details []string
		for _, d := range data {
			d := d.(obj)
			details = append(details, d["channel"].(string)+": "+d["detail"].(string))
			assert.Equal(t, id, d["_notificationId"])
			assert.Equal(t, wfID, d["_notificationTemplateId"])
			assert.Equal(t, "t1", d["transactionId"])
		}
		assert.Equal(t, []string{"trigger: Step created", "in_app: Step created", "trigger: Step queued",
			"trigger: Start sending message", "in_app: Step queued", "in_app: Start sending message",
			"in_app: Message created", "in_app: Message sent"}, details)
		last := data[7].(obj)
		assert.Equal(t, "Success", last["status"])
		assert.NotEmpty(t, last["_messageId"])
		job := a["jobs"].([]any)
		require.Len(t, job, 1, "the activity feed leaves the trigger job out")
		assert.Equal(t, "in_app", job[0].(obj)["type"])
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

// TestExecutionDetails_Sequences: each job type's details in v2.0.0's order (add-job,
// send-message, digest and delay use cases), as the activity feed lists them per job.
func TestExecutionDetails_Sequences(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", obj{"email": "u1@example.com"})
	k.integration("sendgrid", "email")
	delayed, _ := k.workflow("Later", nil, waitTpl("delay", 1, "hours"), emailTpl("S", "C"))
	digested, _ := k.workflow("Grouped", nil, waitTpl("digest", 10, "minutes"), inAppTpl("{{step.total_count}}"))
	k.trigger(obj{"name": delayed, "to": "user-1", "transactionId": "q1"})
	k.trigger(obj{"name": digested, "to": "user-1", "transactionId": "q2"})
	k.trigger(obj{"name": digested, "to": "user-1", "transactionId": "q3"})
	k.f.advance(time.Hour)
	perJob := func(txn string) [][]string {
		a := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId="+txn, nil).Body["data"].([]any)[0].(obj)
		var out [][]string
		for _, j := range a["jobs"].([]any) {
			var ds []string
			for _, d := range j.(obj)["executionDetails"].([]any) {
				ds = append(ds, d.(obj)["detail"].(string))
			}
			out = append(out, ds)
		}
		return out
	}
	assert.Equal(t, [][]string{
		{"Step created", "Step delayed", "Step queued", "Delay is finished"},
		{"Step created", "Step queued", "Start sending message", "Integration instance selected", "Message created", "Message sent"},
	}, perJob("q1"))
	assert.Equal(t, [][]string{
		{"Step created", "Step digested", "Step queued", "Start digesting", "Digest triggered events"},
		{"Step created", "Step queued", "Start sending message", "Message created", "Message sent"},
	}, perJob("q2"))
	assert.Equal(t, [][]string{
		{"Step created", "Digest was merged with other digest", "Step queued"},
		{"Step created"},
	}, perJob("q3"))
}
