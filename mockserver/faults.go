package mockserver

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/gen/controlapi"
)

// Faults let a test see how its app copes when Novu fails (WireMock's fault rules, Prism's
// Prefer header). A fault is decided right after routing, before auth: the request never reaches
// its handler, so a faulted write changes no state.

// maxFaultLatency bounds a rule's delay, so a typo cannot hang a test run.
const maxFaultLatency = time.Minute

type faults struct {
	mu    sync.RWMutex // read by every request (empty), written by the control API and matches
	rules []*faultRule
	rand  *rand.Rand
	seq   int
}

type faultRule struct {
	controlapi.FaultRule
	latency time.Duration
}

// faultAction is what a fired rule (or a Prefer header) does to one request.
type faultAction struct {
	name    string
	status  int
	message string
	latency time.Duration
	drop    bool
	// answer, when set, is the whole error to answer (a spec example chosen by Prefer).
	answer *apiError
}

func newFaults(seed uint64) *faults {
	return &faults{rand: rand.New(rand.NewPCG(seed, seed^0x5eed))}
}

// add validates every rule before keeping any, so a bad list changes nothing.
func (f *faults) add(rules []controlapi.FaultRule, knownOp func(string) bool) ([]controlapi.FaultRule, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := map[string]bool{}
	for _, r := range f.rules {
		ids[r.Id] = true
	}
	parsed := make([]*faultRule, 0, len(rules))
	for i, r := range rules {
		fr, err := parseFaultRule(r, knownOp)
		if err != nil {
			return nil, errBadRequest("rule %d: %s", i, err)
		}
		if fr.Id == "" {
			f.seq++
			fr.Id = "fault-" + strconv.Itoa(f.seq)
		}
		if ids[fr.Id] {
			return nil, errBadRequest("rule %d: id %q is taken", i, fr.Id)
		}
		ids[fr.Id] = true
		parsed = append(parsed, fr)
	}
	f.rules = append(f.rules, parsed...)
	return f.listLocked(), nil
}

func parseFaultRule(r controlapi.FaultRule, knownOp func(string) bool) (*faultRule, error) {
	fr := &faultRule{FaultRule: r}
	fr.Hits, fr.Remaining = 0, nil
	switch {
	case r.OperationId == "" && r.Path == "" && r.Method == "":
		return nil, fmt.Errorf("give an operationId, or a method and/or path")
	case r.OperationId != "" && !knownOp(r.OperationId):
		return nil, fmt.Errorf("operationId %q is not an operation of the API", r.OperationId)
	case r.Status == 0 && r.Latency == "" && !r.Drop:
		return nil, fmt.Errorf("give a status, a latency or drop")
	case r.Status != 0 && (r.Status < 400 || r.Status > 599):
		return nil, fmt.Errorf("status must be from 400 to 599")
	case r.Drop && r.Status != 0:
		return nil, fmt.Errorf("drop and status exclude each other")
	case r.Times < 0:
		return nil, fmt.Errorf("times must not be negative")
	case r.Probability != nil && (*r.Probability < 0 || *r.Probability > 1):
		return nil, fmt.Errorf("probability must be from 0 to 1")
	}
	if r.Path != "" {
		if _, err := path.Match(r.Path, "/"); err != nil {
			return nil, fmt.Errorf("path %q is not a valid pattern", r.Path)
		}
	}
	if r.Latency != "" {
		d, err := time.ParseDuration(r.Latency)
		if err != nil || d < 0 || d > maxFaultLatency {
			return nil, fmt.Errorf("latency must be a Go duration from 0 to %s, such as 250ms", maxFaultLatency)
		}
		fr.latency = d
	}
	if r.Times > 0 {
		fr.Remaining = ptrTo(r.Times)
	}
	return fr, nil
}

// list answers every rule, or with an orgID only the rules narrowed to that organization.
func (f *faults) list(orgID string) []controlapi.FaultRule {
	f.mu.Lock()
	defer f.mu.Unlock()
	all := f.listLocked()
	if orgID == "" {
		return all
	}
	return slices.DeleteFunc(all, func(r controlapi.FaultRule) bool { return r.OrganizationId != orgID })
}

func (f *faults) listLocked() []controlapi.FaultRule {
	out := make([]controlapi.FaultRule, 0, len(f.rules))
	for _, r := range f.rules {
		v := r.FaultRule
		if r.Remaining != nil {
			v.Remaining = ptrTo(*r.Remaining)
		}
		out = append(out, v)
	}
	return out
}

// clear removes every rule, or with an orgID the rules narrowed to that organization (a test
// worker's own, which leaves the other workers' alone).
func (f *faults) clear(orgID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if orgID == "" {
		f.rules = nil
		return
	}
	f.rules = slices.DeleteFunc(f.rules, func(r *faultRule) bool { return r.OrganizationId == orgID })
}

func (f *faults) delete(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, r := range f.rules {
		if r.Id == id {
			f.rules = append(f.rules[:i:i], f.rules[i+1:]...)
			return true
		}
	}
	return false
}

// faultRequest is what a rule can match on.
type faultRequest struct {
	opID, method, path, apiKey, orgID string
}

// fire picks the first rule that matches and fires, counting the hit; nil when none does.
func (f *faults) fire(req faultRequest) *faultAction {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.rules {
		if !r.matches(req) || (r.Remaining != nil && *r.Remaining == 0) {
			continue
		}
		if r.Probability != nil && f.rand.Float64() >= *r.Probability {
			continue
		}
		r.Hits++
		if r.Remaining != nil {
			*r.Remaining--
		}
		return &faultAction{name: r.Id, status: r.Status, message: r.Message, latency: r.latency, drop: r.Drop}
	}
	return nil
}

func (r *faultRule) matches(req faultRequest) bool {
	if r.OperationId != "" && r.OperationId != req.opID ||
		r.Method != "" && !strings.EqualFold(r.Method, req.method) ||
		r.ApiKey != "" && r.ApiKey != req.apiKey ||
		r.OrganizationId != "" && r.OrganizationId != req.orgID {
		return false
	}
	if r.Path != "" {
		ok, _ := path.Match(r.Path, req.path)
		return ok
	}
	return true
}

// empty is true when no rule is kept, so the pipeline skips the lookup.
func (f *faults) empty() bool {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return len(f.rules) == 0
}

// applyFault decides the request's fault, if any: it returns handled=true when the fault
// answered (or dropped) the request, and false when the request goes on, perhaps delayed.
func (s *Server) applyFault(c echo.Context, op *operation) (handled bool, err error) {
	req := c.Request()
	action, err := preferFault(req.Header, op)
	if err != nil {
		return true, err
	}
	if action == nil && !s.faults.empty() {
		fr := faultRequest{opID: op.id, method: originalMethod(req), path: req.URL.Path, apiKey: apiKeyOf(req)}
		if env := s.environmentOfHeader(req); env != nil {
			fr.orgID = env.org.id
		} else if p, err := s.subscriberFromAuthorization(req.Header.Get(echo.HeaderAuthorization)); err == nil {
			fr.orgID = p.env.org.id // an in-app request: the subscriber token's organization
		}
		action = s.faults.fire(fr)
	}
	if action == nil {
		return false, nil
	}
	if e := journalNote(c); e != nil {
		e.fault = action.name
	}
	if err := sleepCtx(req.Context(), action.latency); err != nil {
		noteDropped(c) // the client left while we waited: nothing is answered
		return true, nil
	}
	switch {
	case action.drop:
		noteDropped(c)
		return true, dropConnection(c)
	case action.answer != nil:
		return true, action.answer
	case action.status != 0:
		msg := action.message
		if msg == "" {
			msg = http.StatusText(action.status)
		}
		return true, newError(action.status, "%s", msg)
	}
	return false, nil
}

// apiKeyOf is the key of an "ApiKey <key>" Authorization header, "" for anything else.
func apiKeyOf(req *http.Request) string {
	if scheme, key, ok := strings.Cut(req.Header.Get(echo.HeaderAuthorization), " "); ok && scheme == "ApiKey" {
		return key
	}
	return ""
}

// environmentOfHeader is the environment the request's API key names, whether or not the
// request passed auth; nil when it names none.
func (s *Server) environmentOfHeader(req *http.Request) *environment {
	if key := apiKeyOf(req); key != "" {
		return s.store.environmentByKey(key)
	}
	return nil
}

// noteDropped tells the journal the request got no answer.
func noteDropped(c echo.Context) {
	if e := journalNote(c); e != nil {
		e.dropped = true
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// dropConnection closes the client's connection without an answer, as a crashed upstream
// would. Nothing has been written yet (answers are buffered), so no partial answer leaks out.
func dropConnection(c echo.Context) error {
	conn, _, err := http.NewResponseController(c.Response()).Hijack()
	if err != nil {
		return newError(http.StatusBadGateway, "the connection could not be dropped: %v", err)
	}
	return conn.Close()
}
