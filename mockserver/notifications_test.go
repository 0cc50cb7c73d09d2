package mockserver_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotifications(t *testing.T) {
	k := newKit(t, selfHosted) // no Novu SMS: the sms job finds no integration
	k.subscriber("user-1", obj{"email": "maria@example.com", "firstName": "Maria"})
	k.subscriber("user-2", nil)
	inApp, inAppID := k.workflow("Only in-app", nil, inAppTpl("hi"))
	sms, _ := k.workflow("Only sms", nil, obj{"template": obj{"type": "sms", "content": "hi"}})
	for i := range 11 {
		k.trigger(obj{"name": inApp, "to": "user-1", "transactionId": fmt.Sprintf("a%d", i)})
	}
	k.f.advance(24 * time.Hour)
	k.trigger(obj{"name": sms, "to": "user-2", "transactionId": "s1"})

	list := func(query string) obj {
		return k.must(http.StatusOK, http.MethodGet, "/v1/notifications"+query, nil).Body
	}
	t.Run("fixed page size of 10, newest first", func(t *testing.T) {
		page := list("")
		assert.Equal(t, float64(10), page["pageSize"])
		assert.Equal(t, true, page["hasMore"])
		data := page["data"].([]any)
		require.Len(t, data, 10)
		a := data[0].(obj)
		assert.Equal(t, "s1", a["transactionId"])
		assert.Equal(t, []any{"sms"}, a["channels"])
		page = list("?page=1")
		assert.Len(t, page["data"], 2)
		assert.Equal(t, false, page["hasMore"])
	})
	t.Run("filters", func(t *testing.T) {
		assert.Len(t, list("?channels=sms")["data"], 1)
		assert.Len(t, list("?channels=sms&channels=in_app&page=1")["data"], 2)
		assert.Len(t, list("?templates=" + inAppID + "&page=1")["data"], 1)
		assert.Len(t, list("?emails=maria@example.com&page=1")["data"], 1)
		assert.Len(t, list("?subscriberIds=user-2")["data"], 1)
		assert.Len(t, list("?transactionId=a3")["data"], 1)
		// Novu checks no channel value: an unknown one is no error and matches nothing.
		assert.Empty(t, list("?channels=pigeon")["data"])
	})
	t.Run("get one, with jobs and details", func(t *testing.T) {
		a := list("?transactionId=a0")["data"].([]any)[0].(obj)
		got := k.must(http.StatusOK, http.MethodGet, "/v1/notifications/"+a["_id"].(string), nil).Body["data"].(obj)
		assert.Equal(t, a["_id"], got["_id"])
		// The notification document's own fields come with the populated ones.
		assert.Equal(t, inAppID, got["_templateId"])
		assert.Equal(t, got["subscriber"].(obj)["_id"], got["_subscriberId"])
		assert.NotContains(t, got, "payload", "Novu's notification keeps no payload")
		assert.Equal(t, []any{}, got["tags"])
		assert.Equal(t, obj{"subscriberId": "user-1"}, got["to"])
		assert.Equal(t, got["createdAt"], got["updatedAt"])
		assert.NotEmpty(t, got["expireAt"])
		assert.Equal(t, "Maria", got["subscriber"].(obj)["firstName"])
		assert.Equal(t, "Only in-app", got["template"].(obj)["name"])
		job := got["jobs"].([]any)[0].(obj)
		assert.Equal(t, "completed", job["status"])
		assert.Equal(t, "novu", job["providerId"])
		details := job["executionDetails"].([]any)
		assert.Equal(t, "Message sent", details[len(details)-1].(obj)["detail"])
		res := k.must(http.StatusOK, http.MethodGet, "/v1/notifications/6710a3c2f1e2d3c4b5a69788", nil)
		assert.Contains(t, res.Body, "data")
		assert.Nil(t, res.Body["data"])
	})
	t.Run("a job without an integration fails", func(t *testing.T) {
		a := list("?transactionId=s1")["data"].([]any)[0].(obj)
		job := a["jobs"].([]any)[0].(obj)
		assert.Equal(t, "failed", job["status"])
		details := job["executionDetails"].([]any)
		last := details[len(details)-1].(obj)
		assert.Equal(t, "Subscriber does not have an active integration", last["detail"])
		assert.Equal(t, "Failed", last["status"])
	})
	t.Run("stats", func(t *testing.T) {
		stats := k.must(http.StatusOK, http.MethodGet, "/v1/notifications/stats", nil).Body["data"].(obj)
		assert.Equal(t, obj{"weeklySent": float64(12), "monthlySent": float64(12)}, stats)
		k.f.advance(8 * 24 * time.Hour)
		stats = k.must(http.StatusOK, http.MethodGet, "/v1/notifications/stats", nil).Body["data"].(obj)
		assert.Equal(t, obj{"weeklySent": float64(0), "monthlySent": float64(12)}, stats)
	})
	t.Run("graph stats", func(t *testing.T) {
		points := k.must(http.StatusOK, http.MethodGet, "/v1/notifications/graph/stats", nil).Body["data"].([]any)
		require.Len(t, points, 2)
		assert.Equal(t, "2024-10-25", points[0].(obj)["_id"])
		assert.Equal(t, float64(1), points[0].(obj)["count"])
		assert.Equal(t, []any{"sms"}, points[0].(obj)["channels"])
		assert.Equal(t, float64(11), points[1].(obj)["count"])
		points = k.must(http.StatusOK, http.MethodGet, "/v1/notifications/graph/stats?days=2", nil).Body["data"].([]any)
		assert.Empty(t, points)
		k.must(http.StatusBadRequest, http.MethodGet, "/v1/notifications/graph/stats?days=x", nil)
	})
	t.Run("production sees none of it", func(t *testing.T) {
		assert.Empty(t, k.prod().must(http.StatusOK, http.MethodGet, "/v1/notifications", nil).Body["data"])
	})
}

// A notification shows its workflow and subscriber as they are now, as Novu's activity feed
// populates them when it is read: a rename shows on every notification, and a deleted
// subscriber or workflow is null (its notifications stay, and filters no longer find them by
// that subscriber).
func TestNotifications_ShowEntitiesAsTheyAreNow(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", obj{"firstName": "Maria"})
	trigger, wfID := k.workflow("Before", nil, inAppTpl("hi"))
	k.trigger(obj{"name": trigger, "to": "user-1", "transactionId": "first"})
	k.must(http.StatusOK, http.MethodPut, "/v1/workflows/"+wfID, obj{"name": "After"})
	k.must(http.StatusOK, http.MethodPut, "/v1/subscribers/user-1", obj{"firstName": "Mia"})
	k.trigger(obj{"name": trigger, "to": "user-1", "transactionId": "second"})

	shown := func(txn string) obj {
		a := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId="+txn, nil).Body["data"].([]any)[0].(obj)
		return k.must(http.StatusOK, http.MethodGet, "/v1/notifications/"+a["_id"].(string), nil).Body["data"].(obj)
	}
	bySubscriber := func() int {
		return len(k.must(http.StatusOK, http.MethodGet, "/v1/notifications?subscriberIds=user-1", nil).Body["data"].([]any))
	}
	tests := []struct {
		name      string
		change    func()
		workflow  any // the template's name, nil when left out
		firstName any // the subscriber's, nil when left out
		found     int // notifications the subscriberIds filter finds
	}{
		{"renamed", func() {}, "After", "Mia", 2},
		{"subscriber deleted", func() { k.must(http.StatusOK, http.MethodDelete, "/v1/subscribers/user-1", nil) }, "After", nil, 0},
		{"same subscriberId again, another subscriber", func() { k.subscriber("user-1", obj{"firstName": "Other"}) }, "After", nil, 0},
		{"workflow deleted", func() { k.must(http.StatusOK, http.MethodDelete, "/v1/workflows/"+wfID, nil) }, nil, nil, 0},
	}
	for _, tt := range tests {
		tt.change()
		for _, txn := range []string{"first", "second"} {
			got := shown(txn)
			require.Contains(t, got, "template")
			require.Contains(t, got, "subscriber")
			if tmpl, ok := got["template"].(obj); ok {
				assert.Equal(t, tt.workflow, tmpl["name"], "%s: %s", tt.name, txn)
			} else {
				assert.Nil(t, tt.workflow, "%s: %s: template is null", tt.name, txn)
			}
			if sub, ok := got["subscriber"].(obj); ok {
				assert.Equal(t, tt.firstName, sub["firstName"], "%s: %s", tt.name, txn)
				assert.Equal(t, "user-1", sub["subscriberId"], "%s: %s", tt.name, txn)
			} else {
				assert.Nil(t, tt.firstName, "%s: %s: subscriber is null", tt.name, txn)
			}
		}
		assert.Equal(t, tt.found, bySubscriber(), tt.name)
	}
}

// TestActivity_GraphStepTypes: graph stats collect the notifications' step types, digest and
// delay included, as the activity entries list them.
func TestActivity_GraphStepTypes(t *testing.T) {
	k := newKit(t)
	k.subscriber("u", nil)
	name, _ := k.workflow("Later", nil, waitTpl("delay", 1, "hours"), inAppTpl("later"))
	k.trigger(obj{"name": name, "to": "u"})
	points := k.must(http.StatusOK, http.MethodGet, "/v1/notifications/graph/stats", nil).Body["data"].([]any)
	require.Len(t, points, 1)
	assert.Equal(t, []any{"delay", "in_app"}, points[0].(obj)["channels"])
	// Novu unwinds channels before grouping by day: one notification of two step types counts 2.
	assert.Equal(t, float64(2), points[0].(obj)["count"])
	entry := k.must(http.StatusOK, http.MethodGet, "/v1/notifications", nil).Body["data"].([]any)[0].(obj)
	assert.Equal(t, []any{"delay", "in_app"}, entry["channels"])
	assert.Len(t, k.must(http.StatusOK, http.MethodGet, "/v1/notifications?channels=delay", nil).Body["data"], 1)
}

// TestNotifications_ActivitySubscriberEmail: Novu's activity populates the subscriber document
// and selects its email as stored: absent when it never had one, null once it was cleared.
func TestNotifications_ActivitySubscriberEmail(t *testing.T) {
	k := newKit(t)
	trigger, _ := k.workflow("Mail check", nil, inAppTpl("hi"))
	tests := []struct {
		name    string
		profile obj
		clear   bool // PUT email "" before the trigger
		want    any  // "absent" when the key must be missing
	}{
		{"an address", obj{"email": "a@example.com"}, false, "a@example.com"},
		{"never had one", obj{"firstName": "N"}, false, "absent"},
		{"cleared by an update", obj{"email": "a@example.com"}, true, nil},
		{"created with null", obj{"email": nil}, false, nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, txn := fmt.Sprintf("mail-%d", i), fmt.Sprintf("mail-txn-%d", i)
			k.subscriber(id, tt.profile)
			if tt.clear {
				k.must(http.StatusOK, http.MethodPut, "/v1/subscribers/"+id, obj{"email": ""})
			}
			k.trigger(obj{"name": trigger, "to": id, "transactionId": txn})
			a := k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId="+txn, nil).Body["data"].([]any)[0].(obj)
			one := k.must(http.StatusOK, http.MethodGet, "/v1/notifications/"+a["_id"].(string), nil).Body["data"].(obj)
			for _, got := range []obj{a, one} {
				sub := got["subscriber"].(obj)
				if tt.want == "absent" {
					assert.NotContains(t, sub, "email")
				} else {
					assert.Contains(t, sub, "email")
					assert.Equal(t, tt.want, sub["email"])
				}
			}
		})
	}
}

// TestActivity_JobDigest: every job carries digest as Novu's job schema stores it: the step's
// metadata with events [] and timed {weekDays: [], monthDays: []}, even an in-app job (seen on a
// real v2.0.0); once a digest ran, its job and the jobs after it hold the events it collected
// (digest.usecase.ts sets digest.events on them), the jobs before it do not.
func TestActivity_JobDigest(t *testing.T) {
	k := newKit(t)
	k.subscriber("u", nil)
	noEvents := func(extra obj) obj {
		out := obj{"events": []any{}, "timed": obj{"weekDays": []any{}, "monthDays": []any{}}}
		for key, v := range extra {
			out[key] = v
		}
		return out
	}
	name, _ := k.workflow("Digested", nil, inAppTpl("first"), waitTpl("digest", 10, "minutes"), inAppTpl("after"))
	k.trigger(obj{"name": name, "to": "u", "payload": obj{"n": 1}})
	k.trigger(obj{"name": name, "to": "u", "payload": obj{"n": 2}})
	jobsOf := func() map[float64][]any { // payload n -> the digest of each job
		out := map[float64][]any{}
		for _, e := range k.must(http.StatusOK, http.MethodGet, "/v1/notifications", nil).Body["data"].([]any) {
			var digests []any
			var n float64
			for _, j := range e.(obj)["jobs"].([]any) {
				digests = append(digests, j.(obj)["digest"])
				n = j.(obj)["payload"].(obj)["n"].(float64)
			}
			out[n] = digests
		}
		return out
	}
	settings := obj{"amount": float64(10), "unit": "minutes", "type": "regular"}
	before := jobsOf()
	assert.Equal(t, []any{noEvents(nil), noEvents(settings), noEvents(nil)}, before[1], "while the digest waits")

	k.f.advance(10 * time.Minute)
	after := jobsOf()
	events := []any{obj{"n": float64(1)}, obj{"n": float64(2)}}
	withEvents := func(extra obj) obj {
		out := noEvents(extra)
		out["events"] = events
		return out
	}
	tests := []struct {
		name string
		n    float64
		want []any
	}{
		{"the leader: its digest job and the later job hold the events", 1, []any{noEvents(nil), withEvents(settings), withEvents(nil)}},
		{"the merged follower: no events", 2, []any{noEvents(nil), noEvents(settings), noEvents(nil)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, after[tt.n])
		})
	}
}
