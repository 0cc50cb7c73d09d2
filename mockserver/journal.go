package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/gen/controlapi"
	"github.com/novumock/novumock/mockserver/console"
)

// The journal records every API request the fake answers (WireMock's request journal) in a
// bounded ring, so a test can assert what its app sent. Recording costs a copy of the answer
// per request, into the buffer of the entry it evicts (so a full journal allocates none), and
// little else: the request body as read is kept as it is (nothing rewrites it in place: a
// rewritten body is a new slice), the headers' first values are kept unmasked and masked when
// read, and everything a filter derives (recipients, workflow) is worked out only when the
// journal is read.

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
	headers               []string // name, first value, name, first value, ...: as sent (masked in view)
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

// add records e with answer (the body sent, clipped; nil for none), which is copied: it is only
// valid until the answer is sent. The copy goes into the buffer of the entry e evicts, which
// nothing reads any more (readers copy a body before they let go of mu).
func (j *journal) add(e *journalEntry, answer []byte) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var buf []byte
	if old := j.ring[j.next]; old != nil && j.n == len(j.ring) {
		buf, old.respBody = old.respBody[:0], nil
	}
	if answer != nil {
		if cap(buf) > 2*len(answer)+512 {
			buf = nil // far larger than this answer: let it go, so each entry holds about its own size
		}
		e.respBody = clipInto(buf, answer)
	}
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

// clearOrganization drops one organization's entries and keeps the others, in their order, so
// that a test worker can empty its own part of a shared journal.
func (j *journal) clearOrganization(orgID string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	kept := make([]*journalEntry, 0, j.n)
	for i := j.n; i >= 1; i-- { // oldest first
		if e := j.ring[(j.next-i+len(j.ring))%len(j.ring)]; e.orgID != orgID {
			kept = append(kept, e)
		}
	}
	clear(j.ring)
	copy(j.ring, kept)
	j.n = len(kept)
	j.next = 0
	if len(j.ring) > 0 {
		j.next = j.n % len(j.ring)
	}
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

// SubscribeRequests delivers each request recorded from now on, once answered, until cancel is
// called (which closes entries). A subscriber that falls more than buffer entries behind misses
// entries; the fake never waits. Entries' ids increase by one per recorded request, so a gap
// shows what was missed, and a reader that first pages through Requests and then follows this
// channel can drop what it already has by id.
func (s *Server) SubscribeRequests(buffer int) (entries <-chan controlapi.RecordedRequest, cancel func()) {
	return s.journal.subscribe(buffer)
}

// ClearRequests empties the journal (ids keep counting).
func (s *Server) ClearRequests() { s.journal.clear() }

// view is the entry as the control API answers it.
func (e *journalEntry) view() controlapi.RecordedRequest {
	r := controlapi.RecordedRequest{Id: e.id, Time: formatTime(e.at), OrganizationId: e.orgID,
		EnvironmentId: e.envID, Environment: e.envName, OperationId: e.opID, Method: e.method, Path: e.path,
		Headers: maskedHeaders(e.headers), Status: e.status, Fault: e.fault,
		LatencyMs:    float64(e.latency.Microseconds()) / 1000,
		RequestBody:  jsonOrString(e.reqBody),
		ResponseBody: jsonOrString(bytes.Clone(e.respBody))} // the buffer is reused once e is evicted
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
		rec := &recording{Context: c, entry: journalEntry{at: at, method: originalMethod(req), path: req.URL.Path,
			rawQuery: req.URL.RawQuery, headers: firstValues(req.Header)}}
		e := &rec.entry
		err := next(rec)
		rec.Context = nil // the entry outlives the request; echo reuses its context
		if err != nil {
			c.Error(err)
		}
		e.latency = time.Since(start)
		var answer []byte
		if !e.dropped {
			e.status = c.Response().Status
			answer = answerBody(c)
		}
		if op := s.ops[req.Method+" "+c.Path()]; op != nil {
			e.opID = op.id
			e.pathSubscriber = c.Param("subscriberId")
		}
		env := principalFrom(c.Request().Context())
		if p, ok := subscriberFrom(c.Request().Context()); ok && env == nil { // the in-app routes
			env = p.env
		}
		if env == nil { // refused before or by auth: still the key's organization, if it has one
			env = s.environmentOfHeader(req)
		}
		if env != nil {
			e.orgID, e.envID, e.envName = env.org.id, env.id, env.model.Name
		}
		s.journal.add(e, answer)
		if e.envID != "" && s.consoleHub.Watched() {
			s.consoleHub.Publish(console.RequestEvent(e.envID)) // the requests page follows the journal
		}
		return nil
	}
}

// recording is the echo context the rest of the chain sees while a request is recorded: it
// carries the entry, in the same allocation, where c.Set would make echo a map per request.
type recording struct {
	echo.Context
	entry journalEntry
}

// journalNote gives the pipeline the entry being recorded, nil when the journal is off.
func journalNote(c echo.Context) *journalEntry {
	if r, ok := c.(*recording); ok {
		return &r.entry
	}
	return nil
}

// noteRequestBody keeps the body as the client sent it, before any rewriting. body is the
// slice readBody made for this request, which nothing changes in place (a rewrite makes a new
// one), so it is kept without a copy unless it is cut or has much spare room (a body of unknown
// length, read by growing a buffer).
func noteRequestBody(c echo.Context, body []byte) {
	if e := journalNote(c); e != nil {
		if len(body) > journalBodyLimit || cap(body) > 2*len(body)+64 {
			e.reqBody = clip(body)
		} else {
			e.reqBody = body
		}
	}
}

func clip(b []byte) []byte { return clipInto(nil, b) }

// clipInto appends b, cut at journalBodyLimit, to dst.
func clipInto(dst, b []byte) []byte {
	if len(b) > journalBodyLimit {
		return append(append(dst, b[:journalBodyLimit]...), "…"...)
	}
	return append(dst, b...)
}

// firstValues is the first value of each header, as name-value pairs.
func firstValues(h http.Header) []string {
	out := make([]string, 0, 2*len(h))
	for name, vals := range h {
		if len(vals) > 0 {
			out = append(out, name, vals[0])
		}
	}
	return out
}

// maskedHeaders is the recorded headers with secrets hidden: the scheme and the last four
// characters stay, so a test can still tell which key was sent.
func maskedHeaders(pairs []string) map[string]string {
	out := make(map[string]string, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		name, v := pairs[i], pairs[i+1]
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
