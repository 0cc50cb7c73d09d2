// Package console is novumock's web console at /_novumock/ui/: server-rendered pages (html/template,
// which escapes everything that came from requests) over what the fake holds — the activity of
// triggers with each step's outcome, the outbox per channel with e-mails in a sandboxed iframe,
// subscribers with their feed, preferences and credentials, the workflows, integrations, topics
// and layouts — and forms for the control actions. Assets are embedded; the only script
// (static/live.js) refreshes the live part of a page on server-sent events, and every page works
// without it. The console reads state only through Backend, which the mockserver implements.
package console

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/novumock/novumock/mockserver/console/view"
)

// Prefix is where the console is served.
const Prefix = "/_novumock/ui"

// Backend is everything the console reads and does. envID names one environment; an unknown
// one gives empty results.
type Backend interface {
	Environments() []view.Environment
	Environment(envID string) (view.Environment, bool)
	Activity(envID string, limit int) ([]view.Notification, []view.RejectedTrigger)
	Outbox(envID string, q view.OutboxQuery) []view.Message // newest first
	Message(envID, messageID string) (view.Message, bool)
	Subscribers(envID string) []view.Subscriber
	Subscriber(envID, subscriberID string) (view.Subscriber, []view.Preference, []view.Message, bool)
	Workflows(envID string) []view.Workflow
	Integrations(envID string) []view.Integration
	Topics(envID string) []view.Topic
	Layouts(envID string) []view.Layout
	// Requests is the journal's newest requests of envID that match q (at most limit), and how
	// many match in all.
	Requests(envID string, q view.RequestQuery, limit int) ([]view.Request, int)
	// Settle runs the delayed and digested jobs that are due in the environment.
	Settle(envID string)
	Reset()
	// Advance moves the time of envID's organization forward (the control API's
	// clock/advance?organizationId=) and runs what fell due.
	Advance(envID string, d time.Duration)
	SetRateLimit(level string) error
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// minGap is the least time between two change events of one stream.
const minGap = 250 * time.Millisecond

// requestLimit bounds the requests page (the newest requests).
const requestLimit = 200

// activityLimit bounds the activity page (the newest notifications).
const activityLimit = 200

// Console serves the pages.
type Console struct {
	b     Backend
	hub   *Hub
	pages map[string]*template.Template
	mux   *http.ServeMux
	// settleEvery is how often a connected events stream checks for due delays (which a
	// running clock, not only an advance, makes due).
	settleEvery time.Duration
}

// New builds the console over b; hub carries the change events the live pages follow.
func New(b Backend, hub *Hub) *Console {
	c := &Console{b: b, hub: hub, pages: map[string]*template.Template{}, settleEvery: 2 * time.Second}
	funcs := template.FuncMap{
		"ago":   func(t time.Time) string { return t.UTC().Format(stampLayout) },
		"stamp": stamp,
		"trim":  strings.TrimSpace,
		"join":  strings.Join,
		"query": queryString,
		"seg":   url.PathEscape, // one path segment: an id may hold "/" or "?"
	}
	base := template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	for _, p := range []string{"activity", "outbox", "message", "subscribers", "subscriber", "state", "controls", "requests"} {
		c.pages[p] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+p+".html"))
	}
	static, _ := fs.Sub(staticFS, "static")
	m := http.NewServeMux()
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /{$}", c.activity)
	m.HandleFunc("GET /outbox", c.outbox)
	m.HandleFunc("GET /outbox/{id}", c.message)
	m.HandleFunc("GET /outbox/{id}/html", c.messageHTML)
	m.HandleFunc("GET /subscribers", c.subscribers)
	m.HandleFunc("GET /subscribers/{id}", c.subscriber)
	m.HandleFunc("GET /state", c.state)
	m.HandleFunc("GET /requests", c.requests)
	m.HandleFunc("GET /controls", c.controls)
	m.HandleFunc("POST /controls/reset", c.reset)
	m.HandleFunc("POST /controls/advance", c.advance)
	m.HandleFunc("POST /controls/rate-limit", c.rateLimit)
	m.HandleFunc("GET /events", c.events)
	c.mux = m
	return c
}

// ServeHTTP serves a request whose path starts with Prefix.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	p := strings.TrimPrefix(r.URL.Path, Prefix)
	if p == "" {
		p = "/"
	}
	r2.URL.Path, r2.URL.RawPath = p, strings.TrimPrefix(r.URL.RawPath, Prefix) // a subscriberId may hold an escaped "/"
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	c.mux.ServeHTTP(w, r2)
}

// page is what every template gets.
type page struct {
	Title string
	Nav   string
	Base  string
	Env   view.Environment
	Envs  []view.Environment
	Live  bool
	// Journal: the page follows the request journal's events rather than the state's.
	Journal bool
	Flash   string
	Data    any
	// Here is the page's (escaped) path under Base, for the forms that come back to it;
	// Section is its list page's, where switching the environment goes.
	Here, Section string
}

// sections is the list page of each page, by template name.
var sections = map[string]string{"activity": "/", "outbox": "/outbox", "message": "/outbox",
	"subscribers": "/subscribers", "subscriber": "/subscribers", "state": "/state", "controls": "/controls",
	"requests": "/requests"}

// env resolves the env query parameter, defaulting to the first environment.
func (c *Console) env(r *http.Request) (view.Environment, bool) {
	if id := r.URL.Query().Get("env"); id != "" {
		return c.b.Environment(id)
	}
	envs := c.b.Environments()
	if len(envs) == 0 {
		return view.Environment{}, false
	}
	return c.b.Environment(envs[0].ID)
}

func (c *Console) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	env, ok := c.env(r)
	if !ok {
		http.Error(w, "unknown environment: pick one at "+Prefix+"/", http.StatusNotFound)
		return
	}
	p.Env, p.Envs, p.Base, p.Nav = env, c.b.Environments(), Prefix, name
	p.Here, p.Section = r.URL.EscapedPath(), sections[name]
	p.Flash = r.URL.Query().Get("done")
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'")
	h.Set("Cache-Control", "no-store")
	if err := c.pages[name].ExecuteTemplate(w, "layout", p); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// stampLayout is how the pages show a time (UTC, to the second).
const stampLayout = "2006-01-02 15:04:05"

// stamp shows an API timestamp (ISO 8601, as Novu writes them) as the pages show times; any
// other text stays as it is.
func stamp(s string) string {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Format(stampLayout)
	}
	return s
}

// queryString builds ?k=v&… from pairs, leaving out empty values.
func queryString(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

func (c *Console) activity(w http.ResponseWriter, r *http.Request) {
	env, _ := c.env(r)
	rows, rejected := c.b.Activity(env.ID, activityLimit)
	c.render(w, r, "activity", page{Title: "Activity", Live: true, Data: struct {
		Rows     []view.Notification
		Rejected []view.RejectedTrigger
	}{rows, rejected}})
}

var channels = []string{"email", "in_app", "sms", "chat", "push"}

// channelLabels name a message of each channel in a title.
var channelLabels = map[string]string{"email": "E-mail", "in_app": "In-app message", "sms": "SMS",
	"chat": "Chat message", "push": "Push notification"}

// channelTab is one channel of the outbox with how many messages match the search there.
type channelTab struct {
	Channel string // "" for all
	Count   int
}

func (c *Console) outbox(w http.ResponseWriter, r *http.Request) {
	env, _ := c.env(r)
	q := r.URL.Query()
	oq := view.OutboxQuery{Recipient: strings.TrimSpace(q.Get("recipient")),
		Workflow: strings.TrimSpace(q.Get("workflow")), TransactionID: strings.TrimSpace(q.Get("transactionId"))}
	all := c.b.Outbox(env.ID, oq) // every channel, to count each
	tabs := []channelTab{{Count: len(all)}}
	for _, ch := range channels {
		tabs = append(tabs, channelTab{Channel: ch})
	}
	oq.Channel = q.Get("channel")
	var shown []view.Message
	for _, m := range all {
		if i := slices.Index(channels, m.Channel); i >= 0 {
			tabs[1+i].Count++
		}
		if oq.Channel == "" || m.Channel == oq.Channel {
			shown = append(shown, m)
		}
	}
	c.render(w, r, "outbox", page{Title: "Outbox", Live: true, Data: struct {
		Query    view.OutboxQuery
		Tabs     []channelTab
		Messages []view.Message
	}{oq, tabs, shown}})
}

func (c *Console) message(w http.ResponseWriter, r *http.Request) {
	env, _ := c.env(r)
	m, ok := c.b.Message(env.ID, r.PathValue("id"))
	if !ok {
		http.Error(w, "no such message in this environment", http.StatusNotFound)
		return
	}
	title := m.Subject
	if title == "" {
		title = m.Title
	}
	if title == "" {
		to := m.To
		if to == "" {
			to = m.SubscriberID
		}
		title = channelLabels[m.Channel] + " to " + to
	}
	c.render(w, r, "message", page{Title: title, Data: m})
}

// messageHTML is an e-mail's HTML on its own, for opening in a tab: the CSP's sandbox (no
// scripts, an opaque origin) and default-src 'none' keep it from running or loading anything
// but inline styles and images.
func (c *Console) messageHTML(w http.ResponseWriter, r *http.Request) {
	env, _ := c.env(r)
	m, ok := c.b.Message(env.ID, r.PathValue("id"))
	if !ok || m.Channel != "email" {
		http.Error(w, "no such e-mail in this environment", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:")
	_, _ = w.Write([]byte(m.HTML))
}

func (c *Console) requests(w http.ResponseWriter, r *http.Request) {
	env, _ := c.env(r)
	q := r.URL.Query()
	rq := view.RequestQuery{OperationID: strings.TrimSpace(q.Get("operationId")), Status: strings.TrimSpace(q.Get("status")),
		SubscriberID: strings.TrimSpace(q.Get("subscriberId")), Workflow: strings.TrimSpace(q.Get("workflow"))}
	rows, total := c.b.Requests(env.ID, rq, requestLimit)
	c.render(w, r, "requests", page{Title: "Requests", Live: true, Journal: true, Data: struct {
		Query view.RequestQuery
		Rows  []view.Request
		Total int
	}{rq, rows, total}})
}

func (c *Console) subscribers(w http.ResponseWriter, r *http.Request) {
	env, _ := c.env(r)
	c.render(w, r, "subscribers", page{Title: "Subscribers", Data: c.b.Subscribers(env.ID)})
}

func (c *Console) subscriber(w http.ResponseWriter, r *http.Request) {
	env, _ := c.env(r)
	sub, prefs, feed, ok := c.b.Subscriber(env.ID, r.PathValue("id"))
	if !ok {
		http.Error(w, "no such subscriber in this environment", http.StatusNotFound)
		return
	}
	unseen, unread := 0, 0
	for _, m := range feed {
		if !m.Seen {
			unseen++
		}
		if !m.Read {
			unread++
		}
	}
	c.render(w, r, "subscriber", page{Title: "Subscriber " + sub.SubscriberID, Live: true, Data: struct {
		Subscriber     view.Subscriber
		Preferences    []view.Preference
		Feed           []view.Message
		Unseen, Unread int
	}{sub, prefs, feed, unseen, unread}})
}

func (c *Console) state(w http.ResponseWriter, r *http.Request) {
	env, _ := c.env(r)
	c.render(w, r, "state", page{Title: "State", Data: struct {
		Workflows    []view.Workflow
		Integrations []view.Integration
		Topics       []view.Topic
		Layouts      []view.Layout
	}{c.b.Workflows(env.ID), c.b.Integrations(env.ID), c.b.Topics(env.ID), c.b.Layouts(env.ID)}})
}

func (c *Console) controls(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, "controls", page{Title: "Controls"})
}

// done redirects after a control action (POST, then GET), back to where the form said.
func (c *Console) done(w http.ResponseWriter, r *http.Request, what string) {
	back := r.PostFormValue("back")
	if back == "" || !strings.HasPrefix(back, Prefix+"/") || strings.HasPrefix(back, "//") {
		back = Prefix + "/controls"
	}
	if i := strings.IndexByte(back, '?'); i >= 0 {
		back = back[:i]
	}
	q := url.Values{"done": {what}}
	if env := r.PostFormValue("env"); env != "" {
		if _, ok := c.b.Environment(env); ok {
			q.Set("env", env)
		}
	}
	http.Redirect(w, r, back+"?"+q.Encode(), http.StatusSeeOther)
}

func (c *Console) reset(w http.ResponseWriter, r *http.Request) {
	c.b.Reset() // which tells every open page
	r.Form = nil
	_ = r.ParseForm()
	r.PostForm.Del("env") // environment ids change with a reset
	c.done(w, r, "State reset")
}

// maxAdvance bounds one advance (a typo of 1000000h would otherwise move past every expiry).
const maxAdvance = 10 * 365 * 24 * time.Hour

func (c *Console) advance(w http.ResponseWriter, r *http.Request) {
	d, err := time.ParseDuration(strings.TrimSpace(r.PostFormValue("duration")))
	if err != nil || d <= 0 || d > maxAdvance {
		http.Error(w, "duration must be a positive Go duration such as 90s, 15m or 2h (at most 87600h)", http.StatusBadRequest)
		return
	}
	env := r.PostFormValue("env")
	if env == "" {
		if envs := c.b.Environments(); len(envs) > 0 {
			env = envs[0].ID
		}
	}
	if _, ok := c.b.Environment(env); !ok {
		http.Error(w, "unknown environment: pick one at "+Prefix+"/", http.StatusNotFound)
		return
	}
	c.b.Advance(env, d)
	c.done(w, r, "Clock advanced by "+d.String())
}

func (c *Console) rateLimit(w http.ResponseWriter, r *http.Request) {
	level := r.PostFormValue("level")
	if err := c.b.SetRateLimit(level); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c.done(w, r, "Rate-limit level is "+level)
}

// events is the server-sent event stream of an environment: `change` whenever a trigger was
// received or a held job ran there, so live pages re-read their list; with follow=requests
// (the requests page), whenever the journal recorded a request of the environment instead.
func (c *Console) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	env := r.URL.Query().Get("env")
	journal := r.URL.Query().Get("follow") == "requests"
	// Subscribe before the first byte: a client that saw the stream open misses no change.
	ch, cancel := c.hub.Subscribe()
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write([]byte("retry: 2000\n\n")); err != nil {
		return
	}
	if err := rc.Flush(); err != nil {
		return
	}
	settle := time.NewTicker(c.settleEvery)
	defer settle.Stop()
	ping := 0
	// Changes are sent at most once per minGap: a burst of triggers (a load test with the page
	// open) makes one re-read, not one per trigger. held is the change waiting for the gap
	// to end; gap fires then (nil while nothing waits).
	var (
		held   *string
		gap    <-chan time.Time
		nextAt time.Time
		send   = func(id string) error {
			nextAt = time.Now().Add(minGap)
			_, err := w.Write([]byte("event: change\ndata: " + strconv.Quote(id) + "\n\n"))
			return err
		}
	)
	for {
		select {
		case <-r.Context().Done():
			return
		case <-c.hub.Done():
			return
		case ev := <-ch:
			id, request := requestEnv(ev)
			if request != journal && id != "" { // a reset ("") concerns every page
				continue
			}
			if id != "" && env != "" && id != env {
				continue
			}
			if wait := time.Until(nextAt); wait > 0 {
				if held == nil {
					gap = time.After(wait)
				} else if *held != id {
					id = "" // two environments changed: say all
				}
				held = &id
				continue
			}
			if err := send(id); err != nil {
				return
			}
		case <-gap:
			id := *held
			held, gap = nil, nil
			if err := send(id); err != nil {
				return
			}
		case <-settle.C:
			if env != "" {
				c.b.Settle(env) // publishes a change when a held job ran
			}
			if ping++; ping%8 != 0 {
				continue
			}
			if _, err := w.Write([]byte(": ping\n\n")); err != nil {
				return
			}
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
