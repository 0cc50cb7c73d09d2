package contracttest

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// cleanup is one resource to delete when its check ends.
type cleanup struct {
	what string
	call call
}

// cleanupFailure is a resource the suite created and could not delete.
type cleanupFailure struct {
	Check, What, Detail, Curl string
}

// deferDelete registers a delete call that runs when the check ends, whatever happened (LIFO,
// like defer). 404 counts as done: the flow itself may have deleted it.
func (t *T) deferDelete(what string, c call) {
	t.r.cleanupsRegistered++
	t.cleanups = append(t.cleanups, cleanup{what: what, call: c})
}

// forget drops a registered cleanup once the flow deleted the resource itself.
func (t *T) forget(what string) {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		if t.cleanups[i].what == what {
			t.cleanups = append(t.cleanups[:i], t.cleanups[i+1:]...)
			return
		}
	}
}

// runCleanups deletes what the check created. It runs on a context that survives the run's
// cancellation (Ctrl-C still cleans up), bounded by its own timeout.
func (t *T) runCleanups() {
	if len(t.cleanups) == 0 || t.r.lost != nil {
		return // a lost target cannot delete anything; the stop message names the cleanup command
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(t.ctx), 60*time.Second)
	defer cancel()
	saved, savedFailures := t.ctx, len(t.res.Failures)
	t.ctx = ctx
	defer func() { t.ctx = saved }()
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		c := t.cleanups[i]
		res := t.do(c.call)
		if res.err == nil && (res.Status < 300 || res.Status == http.StatusNotFound) {
			continue
		}
		f := cleanupFailure{Check: t.check, What: c.what, Detail: fmt.Sprintf("status %d %s", res.Status, snippet(res.Body))}
		if res.err != nil {
			f.Detail = res.err.Error()
		}
		if t.last != nil {
			f.Curl = curlFor(t.last, t.r.s.APIKey, t.r.s.ProdAPIKey)
		}
		t.r.leftovers = append(t.r.leftovers, f)
	}
	// A failed delete is the cleanup check's finding, not this check's.
	if len(t.res.Failures) > savedFailures {
		t.res.Failures = t.res.Failures[:savedFailures]
	}
	t.cleanups = nil
}
