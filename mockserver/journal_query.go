package mockserver

import (
	"bytes"
	"encoding/json"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/novumock/novumock/gen/controlapi"
	"github.com/novumock/novumock/mockserver/console/view"
)

// Reading the journal (journal.go): the filters of GET /_novumock/requests and of
// Server.Requests, and what they derive from a recorded body.

// JournalQuery selects recorded requests. Zero fields match everything; Limit 0 means 50.
type JournalQuery struct {
	OperationID, Method, Path string
	// Status is a status ("201") or a class ("4xx").
	Status         string
	SubscriberID   string
	Workflow       string
	OrganizationID string
	// EnvironmentID narrows to one environment (the web console's requests page).
	EnvironmentID string
	// Body is a JSON value the request body must contain (see containsJSON); nil matches any.
	Body         any
	Since, Until time.Time
	Page, Limit  int
}

// Requests answers one page of the journal's matching requests, newest first, as GET
// /_novumock/requests does: the same filters and paging (Limit 0 is 50), and the total count.
// The entries are copies; the journal keeps the last Options.JournalSize requests.
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

// matches is true when e passes every filter of q. Callers hold the journal's lock.
func (e *journalEntry) matches(q JournalQuery) bool {
	switch {
	case q.OperationID != "" && e.opID != q.OperationID,
		q.Method != "" && !strings.EqualFold(e.method, q.Method),
		q.Path != "" && !pathMatches(q.Path, e.path),
		q.Status != "" && !statusMatches(q.Status, e.status),
		q.OrganizationID != "" && e.orgID != q.OrganizationID,
		q.EnvironmentID != "" && e.envID != q.EnvironmentID,
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
	if list, ok := body["subscribers"].([]any); ok { // bulk create, topic members
		e.subscribers = append(e.subscribers, recipients(list)...)
	}
	if !triggerOperations[e.opID] {
		return
	}
	events := []any{e.body}
	if list, ok := body["events"].([]any); ok { // bulk trigger
		events = list
	}
	for _, ev := range events {
		ev, _ := ev.(map[string]any)
		if name, ok := ev["name"].(string); ok {
			e.workflows = append(e.workflows, name)
		}
		e.subscribers = append(e.subscribers, recipients(ev["to"])...)
	}
}

// triggerOperations are the operations whose body names a workflow (and recipients in `to`).
var triggerOperations = map[string]bool{"TriggerEvent": true, "BulkTriggerEvents": true, "BroadcastEvent": true}

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

// consoleRequests is the journal's newest entries matching q (at most limit) as the web
// console's requests page shows them, bodies as text, and how many match in all.
func (s *Server) consoleRequests(q JournalQuery, limit int) ([]view.Request, int) {
	var out []view.Request
	total := 0
	j := s.journal
	j.mu.Lock()
	defer j.mu.Unlock()
	j.newestFirst(func(e *journalEntry) bool {
		if !e.matches(q) {
			return true
		}
		if total++; len(out) < limit {
			out = append(out, view.Request{ID: e.id, Time: formatTime(e.at), Method: e.method, Path: e.path,
				Query: readableQuery(e.rawQuery), OperationID: e.opID, Status: e.status, Fault: e.fault,
				LatencyMs:   float64(e.latency.Microseconds()) / 1000,
				RequestBody: bodyText(e.reqBody), Response: bodyText(e.respBody)})
		}
		return true
	})
	return out, total
}

// bodyText is a recorded body as text: JSON indented in its own key order, anything else as it
// came.
func bodyText(b []byte) string {
	var buf bytes.Buffer
	if json.Indent(&buf, b, "", "  ") == nil {
		return buf.String()
	}
	return string(b)
}

// readableQuery is a raw query string with its escapes undone, as it is shown; the raw string
// when it does not decode.
func readableQuery(raw string) string {
	if q, err := url.QueryUnescape(raw); err == nil {
		return q
	}
	return raw
}
