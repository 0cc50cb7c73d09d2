package mockserver

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/gen/controlapi"
)

// The journal records every API request the fake answers (WireMock's request journal) in a
// bounded ring, so a test can assert what its app sent. Recording costs a copy of the two bodies
// per request; everything a filter derives from them (recipients, workflow) is worked out only
// when the journal is read.

// DefaultJournalSize is how many requests the journal keeps when Options.JournalSize is 0.
const DefaultJournalSize = 1000

// journalBodyLimit caps each recorded body, so that a 20 MB workflow import does not pin 20 MB
// per entry and the default journal holds at most ~32 MB of bodies; a cut body is recorded as a
// string ending in "…".
const journalBodyLimit = 16 << 10

type journal struct {
	mu   sync.Mutex
	ring []*journalEntry // a circular buffer: next is the oldest slot once full
	next int
	n    int
	seq  int64
	subs map[chan controlapi.RecordedRequest]struct{}
}

// journalEntry is one request as recorded; the wire view is built when read.
type journalEntry struct {
	id                    int64
	at                    time.Time
	orgID, envID, envName string
	opID, method, path    string
	rawQuery              string
	pathSubscriber        string
	headers               map[string]string
	reqBody, respBody     []byte
	status                int
	latency               time.Duration
	fault                 string
	dropped               bool // a fault closed the connection: no status, no answer

	derived     bool // subscribers and workflow worked out from the body
	subscribers []string
	workflows   []string
	body        any
}

func newJournal(size int) *journal {
	if size == 0 {
		size = DefaultJournalSize
	}
	return &journal{ring: make([]*journalEntry, max(size, 0)), subs: map[chan controlapi.RecordedRequest]struct{}{}}
}

func (j *journal) enabled() bool { return len(j.ring) > 0 }

func (j *journal) add(e *journalEntry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.id = j.seq
	j.ring[j.next] = e
	j.next = (j.next + 1) % len(j.ring)
	j.n = min(j.n+1, len(j.ring))
	for ch := range j.subs {
		select {
		case ch <- e.view():
		default: // a slow subscriber misses entries rather than slowing the fake
		}
	}
}

func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.next, j.n = 0, 0
}

// newestFirst calls f for each entry, newest first, until f returns false. Callers hold mu.
func (j *journal) newestFirst(f func(*journalEntry) bool) {
	for i := 1; i <= j.n; i++ {
		if !f(j.ring[(j.next-i+len(j.ring))%len(j.ring)]) {
			return
		}
	}
}

func (j *journal) subscribe(buffer int) (<-chan controlapi.RecordedRequest, func()) {
	ch := make(chan controlapi.RecordedRequest, max(buffer, 1))
	j.mu.Lock()
	j.subs[ch] = struct{}{}
	j.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			j.mu.Lock()
			delete(j.subs, ch)
			close(ch)
			j.mu.Unlock()
		})
	}
}

// JournalQuery selects recorded requests. Zero fields match everything; Limit 0 means 50.
type JournalQuery struct {
	OperationID, Method, Path string
	// Status is a status ("201") or a class ("4xx").
	Status         string
	SubscriberID   string
	Workflow       string
	OrganizationID string
	// Body is a JSON value the request body must contain (see containsJSON); nil matches any.
	Body         any
	Since, Until time.Time
	Page, Limit  int
}

// Requests answers one page of the journal's matching requests, newest first.
func (s *Server) Requests(q JournalQuery) controlapi.RequestPage {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	page := controlapi.RequestPage{Data: []controlapi.RecordedRequest{}, Page: q.Page, PageSize: q.Limit}
	offset := pageOffset(q.Page, q.Limit)
	j := s.journal
	j.mu.Lock()
	defer j.mu.Unlock()
	j.newestFirst(func(e *journalEntry) bool {
		if !e.matches(q) {
			return true
		}
		if page.TotalCount >= offset && len(page.Data) < q.Limit {
			page.Data = append(page.Data, e.view())
		}
		page.TotalCount++
		return true
	})
	page.HasMore = offset+len(page.Data) < page.TotalCount
	return page
}

// SubscribeRequests delivers each request recorded from now on, until cancel is called. A
// subscriber that falls more than buffer entries behind misses entries; the fake never waits.
func (s *Server) SubscribeRequests(buffer int) (entries <-chan controlapi.RecordedRequest, cancel func()) {
	return s.journal.subscribe(buffer)
}

// ClearRequests empties the journal (ids keep counting).
func (s *Server) ClearRequests() { s.journal.clear() }

// matches is true when e passes every filter of q. Callers hold the journal's lock.
func (e *journalEntry) matches(q JournalQuery) bool {
	switch {
	case q.OperationID != "" && e.opID != q.OperationID,
		q.Method != "" && !strings.EqualFold(e.method, q.Method),
		q.Path != "" && !pathMatches(q.Path, e.path),
		q.Status != "" && !statusMatches(q.Status, e.status),
		q.OrganizationID != "" && e.orgID != q.OrganizationID,
		!q.Since.IsZero() && e.at.Before(q.Since),
		!q.Until.IsZero() && !e.at.Before(q.Until):
		return false
	}
	if q.SubscriberID == "" && q.Workflow == "" && q.Body == nil {
		return true
	}
	e.derive()
	return (q.SubscriberID == "" || contains(e.subscribers, q.SubscriberID)) &&
		(q.Workflow == "" || contains(e.workflows, q.Workflow)) &&
		(q.Body == nil || containsJSON(e.body, q.Body))
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// pathMatches compares a path exactly, or by prefix when the pattern ends in *.
func pathMatches(pattern, path string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return pattern == path
}

// statusMatches reads "201" as that status and "4xx" as a class.
func statusMatches(pattern string, status int) bool {
	if len(pattern) == 3 && strings.HasSuffix(strings.ToLower(pattern), "xx") {
		return strconv.Itoa(status/100) == pattern[:1]
	}
	return pattern == strconv.Itoa(status)
}

// containsJSON is true when got holds everything want holds: each field of an object (at any
// depth) must be present and match; arrays and scalars must be equal.
func containsJSON(got, want any) bool {
	if w, ok := want.(map[string]any); ok {
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !containsJSON(gv, wv) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}

// derive works out, once, the recipients and workflows a request names. Callers hold the lock.
func (e *journalEntry) derive() {
	if e.derived {
		return
	}
	e.derived = true
	if e.pathSubscriber != "" {
		e.subscribers = append(e.subscribers, e.pathSubscriber)
	}
	if q, err := parseQuery(e.rawQuery); err == nil {
		e.subscribers = append(e.subscribers, q["subscriberId"]...)
	}
	if len(e.reqBody) == 0 || json.Unmarshal(e.reqBody, &e.body) != nil {
		return
	}
	body, _ := e.body.(map[string]any)
	if id, ok := body["subscriberId"].(string); ok {
		e.subscribers = append(e.subscribers, id)
	}
	events := []any{e.body}
	if list, ok := body["events"].([]any); ok { // bulk trigger
		events = append(events, list...)
	}
	for _, ev := range events {
		ev, _ := ev.(map[string]any)
		if name, ok := ev["name"].(string); ok && strings.Contains(e.opID, "Trigger") {
			e.workflows = append(e.workflows, name)
		}
		e.subscribers = append(e.subscribers, recipients(ev["to"])...)
	}
}

// recipients are the subscriberIds a trigger's `to` names: a string, a subscriber object, or a
// list of either (topics name no subscriber).
func recipients(to any) []string {
	switch v := to.(type) {
	case string:
		return []string{v}
	case map[string]any:
		if id, ok := v["subscriberId"].(string); ok {
			return []string{id}
		}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, recipients(x)...)
		}
		return out
	}
	return nil
}

// view is the entry as the control API answers it.
func (e *journalEntry) view() controlapi.RecordedRequest {
	r := controlapi.RecordedRequest{Id: e.id, Time: formatTime(e.at), OrganizationId: e.orgID,
		EnvironmentId: e.envID, Environment: e.envName, OperationId: e.opID, Method: e.method, Path: e.path,
		Headers: e.headers, Status: e.status, Fault: e.fault,
		LatencyMs:    float64(e.latency.Microseconds()) / 1000,
		RequestBody:  jsonOrString(e.reqBody),
		ResponseBody: jsonOrString(e.respBody)}
	if q, err := parseQuery(e.rawQuery); err == nil && len(q) > 0 {
		r.Query = q
	}
	return r
}

func parseQuery(raw string) (url.Values, error) {
	if raw == "" {
		return nil, nil
	}
	return url.ParseQuery(raw)
}

func jsonOrString(b []byte) any {
	switch {
	case len(b) == 0:
		return nil
	case json.Valid(b):
		return json.RawMessage(b)
	}
	return string(b)
}

// recordRequests is the journal's middleware. It sits inside bufferResponses, so when the rest
// of the chain returns the answer is complete in the buffer.
func (s *Server) recordRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !s.journal.enabled() || isServiceRoute(c.Path()) {
			return next(c)
		}
		start, at := time.Now(), s.clock.Now()
		req := c.Request()
		e := &journalEntry{at: at, method: originalMethod(req), path: req.URL.Path, rawQuery: req.URL.RawQuery,
			headers: maskedHeaders(req.Header)}
		c.Set(journalKey, e)
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		e.latency = time.Since(start)
		if !e.dropped {
			e.status = c.Response().Status
			e.respBody = clip(answerBody(c))
		}
		if op := s.ops[req.Method+" "+c.Path()]; op != nil {
			e.opID = op.id
			e.pathSubscriber = c.Param("subscriberId")
		}
		env := principalFrom(c.Request().Context())
		if env == nil { // refused before or by auth: still the key's organization, if it has one
			env = s.environmentOfHeader(req)
		}
		if env != nil {
			e.orgID, e.envID, e.envName = env.org.id, env.id, env.model.Name
		}
		s.journal.add(e)
		return nil
	}
}

const journalKey = "novumock.journal"

// journalNote gives the pipeline the entry being recorded, nil when the journal is off.
func journalNote(c echo.Context) *journalEntry {
	e, _ := c.Get(journalKey).(*journalEntry)
	return e
}

// noteRequestBody keeps the body as the client sent it, before any rewriting.
func noteRequestBody(c echo.Context, body []byte) {
	if e := journalNote(c); e != nil {
		e.reqBody = clip(body)
	}
}

func clip(b []byte) []byte {
	if len(b) > journalBodyLimit {
		return append(append([]byte(nil), b[:journalBodyLimit]...), "…"...)
	}
	return append([]byte(nil), b...)
}

// maskedHeaders keeps the first value of each header, hiding secrets: the scheme and the last
// four characters stay, so a test can still tell which key was sent.
func maskedHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, vals := range h {
		if len(vals) == 0 {
			continue
		}
		v := vals[0]
		if secretHeader(name) {
			v = maskSecret(v)
		}
		out[name] = v
	}
	return out
}

func secretHeader(name string) bool {
	n := strings.ToLower(name)
	if n == "idempotency-key" {
		return false // a test asserts on it, and it grants nothing
	}
	for _, w := range []string{"authorization", "cookie", "key", "token", "secret", "password"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func maskSecret(v string) string {
	scheme, secret, ok := strings.Cut(v, " ")
	if !ok {
		scheme, secret = "", v
	} else {
		scheme += " "
	}
	if len(secret) <= 8 {
		return scheme + "****"
	}
	return scheme + "****" + secret[len(secret)-4:]
}
