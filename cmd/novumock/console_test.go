package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The web console in a real browser: the test builds the binary, starts it on a free loopback
// port, sets up a workflow through the API and drives /_novumock/ui/ in headless Chromium. It
// fails rather than skips without Chromium (CI installs Debian's chromium in .ci/run).
//
// Every wait is for an element or a value, bounded by consoleStepTimeout, and the whole run by
// consoleRunTimeout: generous, for a machine under load, and never a sleep.

var consoleShots = flag.String("console-screenshots", "",
	"write the console test's screenshots (PNG) into this directory, as the README's images are made")

const (
	consoleRunTimeout  = 4 * time.Minute
	consoleStepTimeout = 90 * time.Second
)

// requireChromium finds a Chromium or Chrome binary, or fails the test with how to install one.
func requireChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("NOVUMOCK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium on PATH: install Debian's chromium (apt-get install chromium, as .ci/run does) or set NOVUMOCK_CHROMIUM")
	return ""
}

// novuClient calls the fake's API with the Development key.
type novuClient struct {
	t         *testing.T
	base, key string
}

func (c novuClient) call(method, path string, body any, want int) map[string]any {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if strings.HasPrefix(path, "/v1/") {
		req.Header.Set("Authorization", "ApiKey "+c.key)
	}
	res, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		c.t.Fatalf("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, raw)
	}
	var out map[string]any
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s: %v: %s", method, path, err, raw)
		}
	}
	return out
}

// prodEnvID is the Production environment's _id, from the control API.
func prodEnvID(t *testing.T, base string) string {
	t.Helper()
	res, err := http.Get(base + "/_novumock/keys")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var keys []struct{ Environment, EnvironmentID string }
	if err := json.NewDecoder(res.Body).Decode(&keys); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.Environment == "Production" {
			return k.EnvironmentID
		}
	}
	t.Fatalf("no Production environment in %+v", keys)
	return ""
}

// browser is one headless Chromium tab with the test's deadlines.
type browser struct {
	t   *testing.T
	ctx context.Context
}

// do runs the actions within consoleStepTimeout; on failure it says which step and shows the
// page's main part.
func (b browser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, consoleStepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v\npage:\n%s", step, err, b.mainHTML())
	}
}

func (b browser) text(step, sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, consoleStepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("%s: %v\npage:\n%s", step, err, b.mainHTML())
	}
	return strings.TrimSpace(s)
}

func (b browser) eval(step, js string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, consoleStepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
	return s
}

// poll evaluates js until it answers a non-empty string: a page that the live script reloads
// (or a form's redirect still landing) has no document to read for a moment, and js must
// answer "" rather than throw while its element is missing.
func (b browser) poll(step, js string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, consoleStepTimeout)
	defer cancel()
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err == nil && s != "" {
			return s
		}
		select {
		case <-ctx.Done():
			b.t.Fatalf("%s: no answer within %s (last error: %v)", step, consoleStepTimeout, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (b browser) mainHTML() string {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main') ? document.querySelector('main').outerHTML : document.documentElement.outerHTML`))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	if len(s) > 4000 {
		s = s[:4000] + "…"
	}
	return s
}

// shot writes a full-page screenshot when -console-screenshots names a directory.
func (b browser) shot(name string) {
	b.t.Helper()
	if *consoleShots == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, consoleStepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(*consoleShots, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*consoleShots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// frameText is the text of the sandboxed e-mail frame. Chromium may run a sandboxed frame (an
// opaque origin) in its own process, as a target of its own: then the test attaches to it;
// otherwise the frame's document is reached from the page.
func (b browser) frameText(step, urlPart string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, consoleStepTimeout)
	defer cancel()
	for ctx.Err() == nil {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			b.t.Fatalf("%s: targets: %v", step, err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.Contains(info.URL, urlPart) {
				fctx, fcancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID), chromedp.WithDetachOnCancel())
				s, err := chromedp.Run(fctx, chromedp.Text(chromedp.CSS("body")))
				fcancel()
				if err != nil {
					b.t.Fatalf("%s: %v", step, err)
				}
				return s
			}
		}
		nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("iframe#email-frame")))
		if err == nil && len(nodes) == 1 && nodes[0].ContentDocument != nil {
			s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body"), chromedp.FromNode(nodes[0].ContentDocument)))
			if err == nil && strings.TrimSpace(s) != "" {
				return s
			}
		}
		select { // the frame is still loading: look again shortly
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
	b.t.Fatalf("%s: no e-mail frame loaded %s within %s\npage:\n%s", step, urlPart, consoleStepTimeout, b.mainHTML())
	return ""
}

func TestConsole_InChromium(t *testing.T) {
	chrome := requireChromium(t)
	srv := startServer(t, buildBinary(t))
	api := novuClient{t: t, base: srv.base, key: srv.devKey}

	// A workflow whose run shows every kind of outcome: an e-mail that goes out in a layout, a
	// push step without an integration, a chat step its condition rules out, and an in-app message
	// held by a two-hour delay.
	sendgrid := api.call("POST", "/v1/integrations", map[string]any{"providerId": "sendgrid", "channel": "email", "active": true,
		"check": false, "credentials": map[string]any{"from": "orders@acme.test", "senderName": "Acme"}}, 201)["data"].(map[string]any)
	// A new organization has Novu's own e-mail integration as primary; SendGrid takes over.
	api.call("POST", "/v1/integrations/"+sendgrid["_id"].(string)+"/set-primary", map[string]any{}, 201)
	api.call("POST", "/v1/subscribers", map[string]any{"subscriberId": "ada", "email": "ada@example.com",
		"firstName": "Ada", "lastName": "Lovelace"}, 201)
	api.call("POST", "/v1/layouts", map[string]any{"name": "Acme", "identifier": "acme",
		"content": `<div style="font-family:sans-serif"><h2 style="color:#3a5bd9">Acme</h2>{{{body}}}<p class="footer">Sent to {{subscriber.email}}</p></div>`}, 201)
	groups := api.call("GET", "/v1/notification-groups", nil, 200)["data"].([]any)
	groupID := groups[0].(map[string]any)["_id"]
	api.call("POST", "/v1/workflows", map[string]any{"name": "Order shipped", "notificationGroupId": groupID, "active": true,
		"steps": []any{
			map[string]any{"template": map[string]any{"type": "email", "subject": "Your order {{order}} shipped",
				"content": "<p>Hello {{subscriber.firstName}}, order <b>{{order}}</b> is on its way.</p>"}},
			map[string]any{"template": map[string]any{"type": "push", "title": "Shipped", "content": "Order {{order}} shipped"}},
			map[string]any{"template": map[string]any{"type": "chat", "content": "VIP order {{order}}"},
				"filters": []any{map[string]any{"type": "GROUP", "value": "AND", "children": []any{
					map[string]any{"on": "payload", "field": "plan", "value": "enterprise", "operator": "EQUAL"}}}}},
			map[string]any{"template": map[string]any{"type": "delay"}, "metadata": map[string]any{"amount": 2, "unit": "hours", "type": "regular"}},
			map[string]any{"template": map[string]any{"type": "in_app", "content": "Order {{order}} delivered"}},
		}}, 201)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.WindowSize(1280, 900))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	runCtx, cancelRun := context.WithTimeout(context.Background(), consoleRunTimeout)
	defer cancelRun()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(runCtx, opts...)
	defer cancelAlloc()
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()
	// The first run starts the browser and binds its life to the context it gets: the tab's own,
	// so that the per-step deadlines below end a step, not the browser.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("start %s: %v", chrome, err)
	}
	b := browser{t: t, ctx: tabCtx}
	ui := srv.base + "/_novumock/ui"
	const txn = "console-txn-1"
	row := `tr[data-transaction="` + txn + `"]`

	// Activity: the page is open and follows the event stream before the trigger is sent.
	b.do("open the activity page",
		chromedp.Navigate(ui+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#no-activity`)),
		chromedp.WaitReady(chromedp.CSS(`body[data-live="on"]`)),
		chromedp.Evaluate[chromedp.Void](`window.__sameDocument = 'yes'`))
	api.call("POST", "/v1/events/trigger", map[string]any{"name": "order-shipped", "to": "ada", "transactionId": txn,
		"payload":   map[string]any{"order": "A-17", "plan": "free", "note": "<script>window.__pwned = 1</script>"},
		"overrides": map[string]any{"layoutIdentifier": "acme"}}, 201)
	b.do("the activity row appears without a reload", chromedp.WaitVisible(chromedp.CSS(row)))
	if got := b.eval("still the same document", `String(window.__sameDocument)`); got != "yes" {
		t.Fatalf("the page reloaded to show the row (marker %q): the live update must swap it in", got)
	}
	for _, tc := range []struct{ step, status, reason string }{
		{"email", "completed", ""},
		{"push", "failed", "Subscriber does not have an active integration"},
		{"chat", "canceled", "Step was filtered based on steps filters"},
		{"delay", "delayed", "pending until"},
		{"in_app", "pending", "waits for the step before it"},
	} {
		sel := row + ` li[data-type="` + tc.step + `"]`
		b.do(tc.step+" step is shown", chromedp.WaitVisible(chromedp.CSS(sel+`[data-status="`+tc.status+`"]`)))
		if tc.reason != "" {
			if got := b.text(tc.step+" reason", sel+" .reason"); !strings.Contains(got, tc.reason) {
				t.Errorf("%s step's reason is %q, want it to say %q", tc.step, got, tc.reason)
			}
		}
	}
	b.do("the new row's highlight fades", chromedp.WaitNotPresent(chromedp.CSS(`tr.fresh`)))
	b.do("open the trigger's payload", chromedp.Click(chromedp.CSS(row+` details.payload summary`)),
		chromedp.WaitVisible(chromedp.CSS(row+` details.payload pre`)))
	if got := b.text("payload in the activity", row+` details.payload pre`); !strings.Contains(got, `"order": "A-17"`) {
		t.Errorf("the activity row's payload reads %q", got)
	}
	b.shot("activity")

	// The e-mail: subject and addresses on the page, the rendered body with its layout in a
	// frame sandboxed without scripts, the payload's markup as text.
	b.do("open the e-mail", chromedp.Click(chromedp.CSS(row+` li[data-type="email"] a.open`)),
		chromedp.WaitVisible(chromedp.CSS(`#email-frame`)))
	if got := b.text("subject", "#subject"); got != "Your order A-17 shipped" {
		t.Errorf("subject %q", got)
	}
	if got := b.text("from", "#from"); got != "Acme <orders@acme.test>" {
		t.Errorf("from %q", got)
	}
	if got := b.eval("sandbox", `document.getElementById('email-frame').getAttribute('sandbox')`); got != "" {
		t.Errorf("the e-mail frame's sandbox is %q, want an empty sandbox attribute (no scripts, opaque origin)", got)
	}
	body := b.frameText("the rendered e-mail", "/html?env=")
	for _, want := range []string{"Hello Ada, order A-17 is on its way.", "Acme", "Sent to ada@example.com"} {
		if !strings.Contains(body, want) {
			t.Errorf("the e-mail frame shows %q, want it to contain %q", body, want)
		}
	}
	if got := b.text("payload", "#payload"); !strings.Contains(got, "<script>window.__pwned = 1</script>") {
		t.Errorf("payload shown as %q, want the markup as text", got)
	}
	if got := b.eval("no injected script", `String(window.__pwned) + ' ' + document.querySelectorAll('main script').length`); got != "undefined 0" {
		t.Errorf("the payload's <script> ran or became an element: %s", got)
	}
	b.shot("email")

	// Advance the clock from the page: the delay ends and the in-app step goes out.
	b.do("advance the clock by 3h from the activity page",
		chromedp.Navigate(ui+"/"),
		chromedp.WaitVisible(chromedp.CSS(row+` li[data-type="delay"][data-status="delayed"]`)),
		chromedp.SetValue(chromedp.ID("advance-duration"), "3h"),
		chromedp.Click(chromedp.ID("advance")),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		chromedp.WaitVisible(chromedp.CSS(row+` li[data-type="delay"][data-status="completed"]`)),
		chromedp.WaitVisible(chromedp.CSS(row+` li[data-type="in_app"][data-status="completed"] a.open`)))
	if got := b.text("flash", ".flash"); got != "Clock advanced by 3h0m0s" {
		t.Errorf("flash %q", got)
	}

	// The outbox, searched by recipient through its form.
	b.do("search the outbox",
		chromedp.Navigate(ui+"/outbox"),
		chromedp.WaitVisible(chromedp.CSS(`tr.message.ch-in_app`)),
		chromedp.SetValue(chromedp.CSS(`form.search input[name="recipient"]`), "ada@example"),
		chromedp.Click(chromedp.CSS(`form.search button`)),
		chromedp.WaitVisible(chromedp.CSS(`tr.message.ch-email`)),
		chromedp.WaitNotPresent(chromedp.CSS(`tr.message.ch-in_app`)))
	b.shot("outbox")

	// The subscriber: the in-app message in the feed, unseen.
	b.do("open the subscriber", chromedp.Navigate(ui+"/subscribers/ada"),
		chromedp.WaitVisible(chromedp.CSS(`#live td`)))
	if got := b.text("feed", "#live tbody"); !strings.Contains(got, "Order A-17 delivered") || !strings.Contains(got, "unseen") {
		t.Errorf("feed shows %q", got)
	}
	if got := b.text("feed counts", "#feed-counts"); got != "1 in the feed · 1 unseen · 1 unread" {
		t.Errorf("feed counts %q", got)
	}
	b.shot("subscriber")

	b.do("open the state", chromedp.Navigate(ui+"/state"), chromedp.WaitVisible(chromedp.CSS(`main table`)))
	if got := b.text("state", "main"); !strings.Contains(got, "order-shipped") || !strings.Contains(got, "sendgrid") {
		t.Errorf("state page lacks the workflow or the integration: %q", got)
	}
	b.shot("state")
	// The requests page follows the journal: a request made through the API appears without a
	// reload, its bodies as text.
	b.do("open the requests page", chromedp.Navigate(ui+"/requests"),
		chromedp.WaitVisible(chromedp.CSS(`tr.request[data-operation="TriggerEvent"]`)),
		chromedp.WaitReady(chromedp.CSS(`body[data-live="on"]`)))
	api.call("GET", "/v1/subscribers/ada", nil, 200)
	fetched := `tr.request[data-operation="GetSubscriber"][data-status="200"]`
	b.do("the API request appears without a reload", chromedp.WaitVisible(chromedp.CSS(fetched)),
		chromedp.Click(chromedp.CSS(fetched+` details.bodies summary`)),
		chromedp.WaitVisible(chromedp.CSS(fetched+` pre.response-body`)))
	if got := b.text("the request's response", fetched+` pre.response-body`); !strings.Contains(got, `"lastName": "Lovelace"`) {
		t.Errorf("the requests page shows the response as %q", got)
	}
	b.shot("requests")
	b.do("open the controls", chromedp.Navigate(ui+"/controls"), chromedp.WaitVisible(chromedp.CSS(`.cards`)))
	b.shot("controls")

	// Without JavaScript (another tab, scripts off) every page is complete, only not live.
	noJS, cancelNoJS := chromedp.NewContext(tabCtx)
	defer cancelNoJS()
	if err := chromedp.Do(noJS); err != nil {
		t.Fatalf("open a second tab: %v", err)
	}
	if _, err := chromedp.Call(noJS, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("turn scripts off: %v", err)
	}
	nb := browser{t: t, ctx: noJS}
	nb.do("the activity page without JavaScript", chromedp.Navigate(ui+"/"),
		chromedp.WaitVisible(chromedp.CSS(row+` li[data-type="in_app"][data-status="completed"]`)))
	if got := nb.eval("live.js did not run", `String(document.body.getAttribute('data-live'))`); got != "null" {
		t.Errorf("the live script ran with scripts off (data-live=%q): the check proves nothing", got)
	}
	nb.do("an e-mail without JavaScript", chromedp.Navigate(ui+"/outbox?channel=email"),
		chromedp.Click(chromedp.CSS(`tr.message.ch-email a`)),
		chromedp.WaitVisible(chromedp.CSS(`#email-frame`)), chromedp.WaitVisible(chromedp.CSS(`#subject`)))
	if got := nb.text("subject without JavaScript", "#subject"); got != "Your order A-17 shipped" {
		t.Errorf("subject without JavaScript: %q", got)
	}

	// The rate-limit level from the page, then Production: its own, empty activity.
	b.do("set the rate-limit level",
		chromedp.SetValue(chromedp.ID("level"), "free"),
		chromedp.Click(chromedp.CSS(`form[action$="/controls/rate-limit"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := b.text("status bar", ".status"); !strings.Contains(got, "Rate limit free") {
		t.Errorf("status bar after setting the level: %q", got)
	}
	b.do("switch to Production from the header",
		chromedp.Navigate(ui+"/"),
		chromedp.WaitVisible(chromedp.CSS(row)),
		chromedp.SetValue(chromedp.ID("env"), prodEnvID(t, srv.base)),
		chromedp.Click(chromedp.CSS(`form.envpick button`)),
		chromedp.WaitVisible(chromedp.CSS(`#no-activity`)))
	if got := b.poll("selected environment", `(() => { const e = document.getElementById('env'); return e && e.selectedOptions[0] ? e.selectedOptions[0].textContent : '' })()`); !strings.HasSuffix(got, "/ Production") {
		t.Errorf("the environment picker shows %q after switching", got)
	}
}
