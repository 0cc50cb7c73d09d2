package mockserver_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

func newKitWith(t *testing.T, opts ...func(*mockserver.Options)) *dkit {
	f := mustNewServer(t, opts...)
	return &dkit{t: t, f: f, auth: "ApiKey " + f.DevKey}
}

// activity counts the activity-feed entries of a transaction.
func (k *dkit) activity(txn string) int {
	k.t.Helper()
	return len(k.must(http.StatusOK, http.MethodGet, "/v1/notifications?transactionId="+txn, nil).Body["data"].([]any))
}

func (k *dkit) messageCount(query string) int {
	k.t.Helper()
	return int(k.must(http.StatusOK, http.MethodGet, "/v1/messages?limit=100&"+query, nil).Body["totalCount"].(float64))
}

func TestRetention_Cap(t *testing.T) {
	k := newKitWith(t, func(o *mockserver.Options) { o.Retain = 10 })
	k.integration("sendgrid", "email")
	k.subscriber("user-1", obj{"email": "ada@example.com"})
	name, _ := k.workflow("Both", nil, inAppTpl("hi {{i}}"), emailTpl("s", "b"))
	for i := range 25 {
		k.trigger(obj{"name": name, "to": "user-1", "payload": obj{"i": i}, "transactionId": fmt.Sprintf("t%d", i)})
	}
	assert.Equal(t, 1, k.activity("t24"), "the newest stay")
	assert.Zero(t, k.activity("t0"), "the oldest go")
	kept := 0
	for i := range 25 {
		kept += k.activity(fmt.Sprintf("t%d", i))
	}
	assert.LessOrEqual(t, kept, 10)
	assert.Positive(t, kept)
	assert.Len(t, k.feed("user-1"), min(kept, 10))
	assert.Equal(t, 2*kept, k.messageCount(""), "their messages go with them")
	assert.Len(t, k.control("/_novumock/outbox?channel=email"), kept)
	triggers := k.control("/_novumock/triggers") // the last ten, oldest first
	require.Len(t, triggers, 10)
	assert.Equal(t, "t15", triggers[0]["transactionId"])
	assert.Equal(t, "t24", triggers[9]["transactionId"])
	k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/user-1", nil) // configuration is never dropped
	k.trigger(obj{"name": name, "to": "user-1", "transactionId": "after"})
	assert.Equal(t, 1, k.activity("after"))
}

func TestRetention_NovuTTLs(t *testing.T) {
	k := newKit(t)
	k.integration("sendgrid", "email")
	k.subscriber("user-1", obj{"email": "ada@example.com"})
	name, _ := k.workflow("Both", nil, inAppTpl("hi"), emailTpl("s", "b"))
	delayed, _ := k.workflow("Later", nil, waitTpl("delay", 40, "days"), emailTpl("late", "b"))
	k.trigger(obj{"name": name, "to": "user-1", "transactionId": "now"})
	k.trigger(obj{"name": delayed, "to": "user-1", "transactionId": "held"})

	msgs := k.must(http.StatusOK, http.MethodGet, "/v1/messages?limit=100", nil).Body["data"].([]any)
	require.Len(t, msgs, 2)
	for _, m := range msgs {
		m := m.(obj)
		created, _ := time.Parse(time.RFC3339, m["createdAt"].(string))
		expire, _ := time.Parse(time.RFC3339, m["expireAt"].(string))
		days := map[string]int{"in_app": 365, "email": 30}[m["channel"].(string)]
		assert.Equal(t, time.Duration(days)*24*time.Hour, expire.Sub(created), m["channel"])
	}

	k.f.advance(30*24*time.Hour + 48*time.Hour - time.Minute)
	assert.Equal(t, 1, k.activity("now"), "kept until 48 h past expireAt")
	k.f.advance(2 * time.Minute)
	assert.Zero(t, k.activity("now"), "the notification, its jobs and details expired")
	assert.Zero(t, k.messageCount("channel=email"), "the e-mail expired with it (30 days)")
	assert.Equal(t, 1, k.messageCount("channel=in_app"), "in-app messages live 365 days")
	assert.Len(t, k.feed("user-1"), 1)
	assert.Equal(t, 1, k.activity("held"), "a notification with held jobs is kept")

	k.f.advance(365 * 24 * time.Hour)
	assert.Zero(t, k.messageCount("channel=in_app"))
	assert.Empty(t, k.feed("user-1"))
	assert.Zero(t, k.activity("held"), "once its delay ran, it expired too")
	k.must(http.StatusOK, http.MethodGet, "/v1/subscribers/user-1", nil)
}
