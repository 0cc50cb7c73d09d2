package mockserver_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The web console's pages over HTTP (the browser test in cmd/novumock drives them in Chromium).

// consolePage GETs a console page and returns its status and body.
func consolePage(t *testing.T, k *dkit, path string) (int, string) {
	t.Helper()
	res := k.f.do(http.MethodGet, "/_novumock/ui"+path, "", "")
	if res.Status == http.StatusOK {
		assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"), path)
	}
	return res.Status, res.Raw
}

// consolePost submits a console form and returns the answer without following its redirect.
func consolePost(t *testing.T, k *dkit, path string, form url.Values) *http.Response {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(k.f.URL+"/_novumock/ui"+path, form)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// consoleScenario is one subscriber with an e-mail and an in-app step, triggered once with
// markup in every field a request can fill.
func consoleScenario(t *testing.T) (*dkit, string) {
	k := newKit(t)
	k.integration("sendgrid", "email")
	k.subscriber("sub-<i>1</i>", obj{"email": "ada@example.com", "firstName": "<img src=x onerror=alert(1)>",
		"data": obj{"note": "<script>alert('data')</script>"}})
	name, _ := k.workflow("<script>alert('wf')</script> Orders", nil,
		emailTpl("Order {{{order}}}", "<p>Order {{order}}</p><script>alert('mail')</script>"),
		inAppTpl("Order {{order}} shipped"))
	k.trigger(obj{"name": name, "to": "sub-<i>1</i>", "transactionId": "txn-<em>1</em>",
		"payload": obj{"order": "<script>alert('payload')</script>"}})
	return k, name
}

func TestConsole_Pages(t *testing.T) {
	k, name := consoleScenario(t)
	sent := k.control("/_novumock/outbox?channel=email")
	require.Len(t, sent, 1)
	emailID := sent[0]["messageId"].(string)
	subscriber := url.PathEscape("sub-<i>1</i>")
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/", http.StatusOK, []string{`data-transaction="txn-&lt;em&gt;1&lt;/em&gt;"`, `data-type="email" data-status="completed"`, `data-type="in_app" data-status="completed"`}},
		{"/outbox", http.StatusOK, []string{`class="message ch-email"`, `class="message ch-in_app"`}},
		{"/outbox?channel=email", http.StatusOK, []string{`class="message ch-email"`}},
		{"/outbox?recipient=ADA@EXAMPLE", http.StatusOK, []string{`class="message ch-email"`}},
		{"/outbox?workflow=" + name, http.StatusOK, []string{`class="message ch-email"`, `class="message ch-in_app"`}},
		{"/outbox?transactionId=nothing-like-it", http.StatusOK, []string{`Nothing sent that matches.`}},
		{"/outbox/" + emailID, http.StatusOK, []string{`id="subject"`, `id="email-frame"`, `id="email-source"`}},
		{"/outbox/" + emailID + "/html", http.StatusOK, []string{"<p>Order &lt;script&gt;"}},
		{"/outbox/000000000000000000000000", http.StatusNotFound, nil},
		{"/subscribers", http.StatusOK, []string{`/subscribers/sub-%3Ci%3E1%3C%2Fi%3E?env=`}},
		{"/subscribers/" + subscriber, http.StatusOK, []string{"Order &amp;lt;script&amp;gt;", "unseen"}},
		{"/subscribers/nobody", http.StatusNotFound, nil},
		{"/state", http.StatusOK, []string{"sendgrid", "<code>" + name + "</code>", "novu-default-layout"}},
		{"/controls", http.StatusOK, []string{`action="/_novumock/ui/controls/reset"`, k.f.DevKey}},
		{"/?env=000000000000000000000000", http.StatusNotFound, nil},
		{"/static/console.css", http.StatusOK, nil},
		{"/no-such-page", http.StatusNotFound, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := k.f.do(http.MethodGet, "/_novumock/ui"+tt.path, "", "")
			require.Equal(t, tt.status, res.Status, res.Raw)
			for _, w := range tt.want {
				assert.Contains(t, res.Raw, w)
			}
		})
	}
}

// Everything that came from a request is text on every page: no element, attribute or script
// of its own survives.
func TestConsole_EscapesRequestData(t *testing.T) {
	k, _ := consoleScenario(t)
	sent := k.control("/_novumock/outbox")
	require.Len(t, sent, 2)
	pages := []string{"/", "/outbox", "/subscribers", "/subscribers/" + url.PathEscape("sub-<i>1</i>"), "/state", "/requests"}
	for _, m := range sent {
		pages = append(pages, "/outbox/"+m["messageId"].(string))
	}
	injected := regexp.MustCompile(`<script>alert|<img src=x|<i>1</i>|<em>1</em>`)
	for _, p := range pages {
		status, body := consolePage(t, k, p)
		require.Equal(t, http.StatusOK, status, p)
		assert.Empty(t, injected.FindAllString(body, -1), "%s shows request data as markup", p)
		assert.Equal(t, strings.Count(body, "<script"), strings.Count(body, `<script src="/_novumock/ui/static/live.js" defer></script>`),
			"%s: its only script is the console's own", p)
	}
	_, body := consolePage(t, k, "/")
	assert.Contains(t, body, "&lt;script&gt;alert(&#39;wf&#39;)&lt;/script&gt; Orders", "the workflow's name as text")
}

// The e-mail is shown in a frame sandboxed without scripts, and its HTML, opened alone, is
// sandboxed by its Content-Security-Policy.
func TestConsole_EmailIsSandboxed(t *testing.T) {
	k, _ := consoleScenario(t)
	id := k.control("/_novumock/outbox?channel=email")[0]["messageId"].(string)
	_, page := consolePage(t, k, "/outbox/"+id)
	frame := regexp.MustCompile(`<iframe[^>]*id="email-frame"[^>]*>`).FindString(page)
	require.NotEmpty(t, frame, page)
	assert.Contains(t, frame, ` sandbox `)
	assert.NotContains(t, frame, "allow-")
	res := k.f.do(http.MethodGet, "/_novumock/ui/outbox/"+id+"/html", "", "")
	require.Equal(t, http.StatusOK, res.Status)
	csp := res.Header.Get("Content-Security-Policy")
	assert.True(t, strings.HasPrefix(csp, "sandbox;"), csp)
	assert.Contains(t, csp, "default-src 'none'")
	assert.Contains(t, res.Raw, "<script>alert('mail')</script>", "the e-mail is shown as sent; the sandbox keeps it inert")
	page404 := k.f.do(http.MethodGet, "/_novumock/ui/outbox/"+k.control("/_novumock/outbox?channel=in_app")[0]["messageId"].(string)+"/html", "", "")
	assert.Equal(t, http.StatusNotFound, page404.Status, "only e-mails have an HTML view")
	for _, p := range []string{"/", "/outbox/" + id} {
		res := k.f.do(http.MethodGet, "/_novumock/ui"+p, "", "")
		assert.Contains(t, res.Header.Get("Content-Security-Policy"), "script-src 'self'", p)
	}
}

func TestConsole_Controls(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	name, _ := k.workflow("Later", nil, waitTpl("delay", 2, "hours"), inAppTpl("later"))
	k.trigger(obj{"name": name, "to": "user-1", "transactionId": "later-1"})
	envID := k.control("/_novumock/keys")[0]["environmentId"].(string)

	t.Run("bad durations are refused and change nothing", func(t *testing.T) {
		for _, d := range []string{"", "soon", "-1h", "0s", "100000h"} {
			res := consolePost(t, k, "/controls/advance", url.Values{"duration": {d}, "env": {envID}})
			assert.Equal(t, http.StatusBadRequest, res.StatusCode, d)
		}
		assert.Empty(t, k.feed("user-1"))
	})
	t.Run("advance sends the delayed step and goes back where the form came from", func(t *testing.T) {
		res := consolePost(t, k, "/controls/advance", url.Values{"duration": {"2h"}, "env": {envID}, "back": {"/_novumock/ui/outbox"}})
		require.Equal(t, http.StatusSeeOther, res.StatusCode)
		loc, err := url.Parse(res.Header.Get("Location"))
		require.NoError(t, err)
		assert.Equal(t, "/_novumock/ui/outbox", loc.Path)
		assert.Equal(t, envID, loc.Query().Get("env"))
		assert.Equal(t, "Clock advanced by 2h0m0s", loc.Query().Get("done"))
		assert.Len(t, k.feed("user-1"), 1)
	})
	t.Run("the way back stays on the console", func(t *testing.T) {
		for _, back := range []string{"https://evil.example/", "//evil.example/x", "/v1/subscribers", "/_novumock/reset"} {
			res := consolePost(t, k, "/controls/advance", url.Values{"duration": {"1s"}, "back": {back}})
			require.Equal(t, http.StatusSeeOther, res.StatusCode)
			assert.True(t, strings.HasPrefix(res.Header.Get("Location"), "/_novumock/ui/controls?"), "%s -> %s", back, res.Header.Get("Location"))
		}
	})
	t.Run("rate-limit level", func(t *testing.T) {
		assert.Equal(t, http.StatusBadRequest, consolePost(t, k, "/controls/rate-limit", url.Values{"level": {"gold"}}).StatusCode)
		require.Equal(t, http.StatusSeeOther, consolePost(t, k, "/controls/rate-limit", url.Values{"level": {"free"}}).StatusCode)
		assert.Equal(t, "free", k.f.do(http.MethodGet, "/_novumock/rate-limit", "", "").Body["level"])
	})
	t.Run("reset", func(t *testing.T) {
		require.Equal(t, http.StatusSeeOther, consolePost(t, k, "/controls/reset", url.Values{"env": {envID}}).StatusCode)
		assert.Equal(t, http.StatusNotFound, k.send(http.MethodGet, "/v1/subscribers/user-1", nil).Status)
		status, _ := consolePage(t, k, "/")
		assert.Equal(t, http.StatusOK, status, "the console picks the new Development environment")
	})
	t.Run("no GET changes anything", func(t *testing.T) {
		res := k.f.do(http.MethodGet, "/_novumock/ui/controls/reset", "", "")
		assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	})
}

// The event stream tells an open page that the environment changed: a trigger arrived, or a
// held job ran when the clock moved.
func TestConsole_Events(t *testing.T) {
	k := newKit(t)
	k.subscriber("user-1", nil)
	name, _ := k.workflow("Later", nil, waitTpl("delay", 1, "hours"), inAppTpl("later"))
	envID, prodID := k.control("/_novumock/keys")[0]["environmentId"].(string), k.control("/_novumock/keys")[1]["environmentId"].(string)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	open := func(env string) (*bufio.Reader, func()) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.f.URL+"/_novumock/ui/events?env="+env, nil)
		require.NoError(t, err)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		require.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
		r := bufio.NewReader(res.Body)
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		require.Equal(t, "retry: 2000\n", line, "the stream starts at once")
		return r, func() { res.Body.Close() }
	}
	// next is the environment id the next event names ("" for all of them).
	next := func(r *bufio.Reader) string {
		event := ""
		for {
			line, err := r.ReadString('\n')
			require.NoError(t, err)
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimSpace(strings.TrimPrefix(line, "event: "))
			case strings.HasPrefix(line, "data: "):
				require.Equal(t, "change", event)
				id, err := strconv.Unquote(strings.TrimSpace(strings.TrimPrefix(line, "data: ")))
				require.NoError(t, err)
				return id
			}
		}
	}
	dev, closeDev := open(envID)
	defer closeDev()
	prod, closeProd := open(prodID)
	defer closeProd()

	k.trigger(obj{"name": name, "to": "user-1"})
	assert.Equal(t, envID, next(dev))
	k.f.advance(time.Hour)
	k.f.do(http.MethodGet, "/_novumock/ui/?env="+envID, "", "") // a read runs what fell due
	assert.Equal(t, envID, next(dev))
	require.Len(t, k.feed("user-1"), 1)

	// A change the Inbox makes (reading a message) reaches the page too.
	msgID := k.control("/_novumock/outbox?channel=in_app")[0]["messageId"].(string)
	k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/user-1/messages/mark-as", obj{"messageId": msgID, "markAs": "read"})
	assert.Equal(t, envID, next(dev))

	// The Production stream heard nothing of Development: the next thing it reads is the
	// Production trigger's event (a 422 for a workflow Production does not have still arrives).
	k.prod().send(http.MethodPost, "/v1/events/trigger", obj{"name": name, "to": "user-1"})
	assert.Equal(t, prodID, next(prod))
}

// The subscriber page shows the feed as the Inbox has it: an archived message says so, after
// the Inbox archived it (which also reads it), and the counters follow.
func TestConsole_FeedAsTheInboxHasIt(t *testing.T) {
	k := newInboxKit(t)
	wf, _ := k.workflow("Orders", nil, inAppTpl("first"))
	k.subscriber("ada", nil)
	k.trigger(obj{"name": wf, "to": "ada"})
	k.trigger(obj{"name": wf, "to": "ada"})
	tok := k.token("ada")
	id := k.list(tok, "")[0].(obj)["id"].(string)
	_, before := consolePage(t, k.dkit, "/subscribers/ada")
	assert.Contains(t, before, "2 in the feed · <b>2</b> unseen · <b>2</b> unread")
	assert.NotContains(t, before, `class="feed archived"`)

	res := k.as(tok, http.MethodPatch, "/v1/inbox/notifications/"+id+"/archive", "")
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	_, after := consolePage(t, k.dkit, "/subscribers/ada")
	row := regexp.MustCompile(`<tr class="feed archived" data-message="` + id + `">.*?</tr>`).FindString(after)
	require.NotEmpty(t, row, after)
	assert.Contains(t, row, "<td>archived</td>")
	assert.Contains(t, row, "<td>read</td>")
	assert.Contains(t, after, "2 in the feed · <b>1</b> unseen · <b>1</b> unread")
}

// The requests page is the journal of the viewed environment, newest first, filtered as GET
// /_novumock/requests filters, with both bodies as text.
func TestConsole_Requests(t *testing.T) {
	k, name := consoleScenario(t)
	k.send(http.MethodGet, "/v1/subscribers/nobody", nil) // a 404
	keys := k.control("/_novumock/keys")
	devID, prodID := keys[0]["environmentId"].(string), keys[1]["environmentId"].(string)
	k.prod().send(http.MethodGet, "/v1/subscribers", nil)

	rows := regexp.MustCompile(`<tr class="request" id="r-(\d+)" data-operation="([^"]*)" data-status="(\d+)"`)
	list := func(query string) (ids []int, ops, statuses []string, body string) {
		t.Helper()
		status, body := consolePage(t, k, "/requests?env="+query)
		require.Equal(t, http.StatusOK, status, body)
		for _, m := range rows.FindAllStringSubmatch(body, -1) {
			id, _ := strconv.Atoi(m[1])
			ids, ops, statuses = append(ids, id), append(ops, m[2]), append(statuses, m[3])
		}
		return ids, ops, statuses, body
	}

	t.Run("newest first, this environment's only", func(t *testing.T) {
		ids, ops, statuses, _ := list(devID)
		assert.Equal(t, []string{"GetSubscriber", "TriggerEvent", "CreateWorkflow", "ListWorkflowGroups",
			"CreateSubscriber", "CreateIntegration"}, ops)
		for i := 1; i < len(ids); i++ {
			assert.Greater(t, ids[i-1], ids[i], "newest first")
		}
		assert.Equal(t, "404", statuses[0])
		assert.Equal(t, "201", statuses[1])
		assert.NotContains(t, ops, "ListSubscribers", "the Production request is not here")
		ids, ops, _, _ = list(prodID)
		assert.Len(t, ids, 1)
		assert.Equal(t, []string{"ListSubscribers"}, ops)
	})
	t.Run("filters", func(t *testing.T) {
		tests := []struct{ query, wantOp string }{
			{"&operationId=TriggerEvent", "TriggerEvent"},
			{"&status=4xx", "GetSubscriber"},
			{"&workflow=" + url.QueryEscape(name), "TriggerEvent"},
			{"&subscriberId=" + url.QueryEscape("sub-<i>1</i>") + "&operationId=TriggerEvent", "TriggerEvent"},
		}
		for _, tt := range tests {
			_, ops, _, _ := list(devID + tt.query)
			assert.Equal(t, []string{tt.wantOp}, ops, tt.query)
		}
		_, ops, _, body := list(devID + "&status=500")
		assert.Empty(t, ops)
		assert.Contains(t, body, "No requests that match.")
	})
	t.Run("bodies as text", func(t *testing.T) {
		_, _, _, body := list(devID + "&operationId=TriggerEvent")
		assert.Contains(t, body, `&#34;order&#34;: &#34;\u003cscript\u003ealert(&#39;payload&#39;)\u003c/script\u003e&#34;`, "the request body, indented, as text")
		assert.Contains(t, body, `&#34;acknowledged&#34;: true`, "the response body")
		assert.NotContains(t, body, "<script>alert")
		assert.Equal(t, 1, strings.Count(body, "<script"), "its only script is the console's own")
	})
	t.Run("the page follows the journal", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.f.URL+"/_novumock/ui/events?follow=requests&env="+devID, nil)
		require.NoError(t, err)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		r := bufio.NewReader(res.Body)
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		require.Equal(t, "retry: 2000\n", line)
		k.prod().send(http.MethodGet, "/v1/subscribers", nil) // another environment's: not told
		k.send(http.MethodGet, "/v1/subscribers", nil)
		for {
			line, err := r.ReadString('\n')
			require.NoError(t, err)
			if data, ok := strings.CutPrefix(line, "data: "); ok {
				assert.Equal(t, strconv.Quote(devID), strings.TrimSpace(data))
				break
			}
		}
		_, ops, _, _ := list(devID)
		assert.Equal(t, "ListSubscribers", ops[0])
	})
}

// Organizations made through POST /_novumock/organizations are in the environment switch, and
// each one's pages show only its own triggers, requests and clock.
func TestConsole_Organizations(t *testing.T) {
	k, _ := consoleScenario(t)
	devID := k.control("/_novumock/keys")[0]["environmentId"].(string)
	org := k.f.newOrg("worker-<b>b</b>")
	other := &dkit{t: t, f: k.f, auth: "ApiKey " + org.Environments[0].ApiKey}
	otherID := org.Environments[0].EnvironmentId
	other.subscriber("b-user", nil)
	name, _ := other.workflow("B only", nil, inAppTpl("for b"))
	other.trigger(obj{"name": name, "to": "b-user", "transactionId": "txn-of-b"})

	_, page := consolePage(t, k, "/?env="+devID)
	assert.Contains(t, page, `<option value="`+otherID+`">worker-&lt;b&gt;b&lt;/b&gt; / Development</option>`, "the switch lists the new organization")
	for _, p := range []string{"/", "/outbox", "/subscribers", "/state", "/requests"} {
		_, mine := consolePage(t, k, p+"?env="+devID)
		assert.NotContains(t, mine, "txn-of-b", p)
		assert.NotContains(t, mine, "b-user", p)
		_, theirs := consolePage(t, k, p+"?env="+otherID)
		assert.NotContains(t, theirs, "txn-&lt;em&gt;1", p)
		assert.Contains(t, theirs, map[string]string{"/": "txn-of-b", "/outbox": "txn-of-b", "/subscribers": "b-user",
			"/state": name, "/requests": "TriggerEvent"}[p], p)
	}

	// Advancing the clock from the other organization's page moves its time alone.
	clock := regexp.MustCompile(`<time id="clock">([^<]*) UTC</time>`)
	shown := func(env string) time.Time {
		_, page := consolePage(t, k, "/?env="+env)
		m := clock.FindStringSubmatch(page)
		require.Len(t, m, 2, page)
		at, err := time.Parse("2006-01-02 15:04:05", m[1])
		require.NoError(t, err)
		return at
	}
	before := shown(devID)
	require.Equal(t, http.StatusSeeOther, consolePost(t, k, "/controls/advance", url.Values{"duration": {"48h"}, "env": {otherID}}).StatusCode)
	assert.WithinDuration(t, before.Add(48*time.Hour), shown(otherID), time.Minute, "the other organization's clock moved")
	assert.WithinDuration(t, before, shown(devID), time.Minute, "this one's did not")
	moved := k.f.do(http.MethodGet, "/_novumock/clock?organizationId="+org.OrganizationId, "", "").Body["now"].(string)
	at, err := time.Parse(time.RFC3339Nano, moved)
	require.NoError(t, err)
	assert.WithinDuration(t, before.Add(48*time.Hour), at, time.Minute, "as clock/advance?organizationId= would")
}
