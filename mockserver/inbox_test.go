package mockserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		res = k.as(tok, http.MethodPost, "/v1/inbox/notifications/archive", `{"tags":["a",1]}`)
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Equal(t, []any{"each value in tags must be a string"}, res.Body["message"])
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
			`null`: {"filters should not be null or undefined", "filters must contain no more than 30 elements",
				"filters must be an array", "each value in nested property filters must be either object or array"},
			`{"read":false}`: {"filters must contain no more than 30 elements", "filters must be an array"},
			`5`: {"filters must contain no more than 30 elements", "filters must be an array",
				"each value in nested property filters must be either object or array"},
			`[1]`:                          {"filters.each value in nested property filters must be either object or array"},
			`[{},{"read":"yes"}]`:          {"filters.1.read must be a boolean value"},
			`[{"tags":"x"}]`:               {"filters.0.tags must be an array"},
			`[{"severity":[1]}]`:           {"filters.0.each value in severity must be a string"},
			`[{"archived":0,"seen":"no"}]`: {"filters.0.archived must be a boolean value", "filters.0.seen must be a boolean value"},
		} {
			res := k.as(tok, http.MethodGet, "/v1/inbox/notifications/count?filters="+url.QueryEscape(filters), "")
			require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
			assert.Equal(t, msgs, res.Body["message"], filters)
		}
		res := k.as(tok, http.MethodGet, "/v1/inbox/notifications/count", "")
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Equal(t, []any{"filters should not be null or undefined", "filters must contain no more than 30 elements",
			"filters must be an array"}, res.Body["message"], "no filters")
		many := "[" + strings.Repeat("{},", 30) + "{}]"
		res = k.as(tok, http.MethodGet, "/v1/inbox/notifications/count?filters="+url.QueryEscape(many), "")
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
