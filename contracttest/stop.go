package contracttest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// The testcase names of a run that stopped without completing its checks. A CI job reading the
// JUnit or JSON report then sees one failed testcase that says why, instead of no report.
const (
	// StopPreflight: the run stopped before its first check (a configuration the suite refuses,
	// an unreachable target, a server that is not a Novu API, a rejected key).
	StopPreflight = "preflight"
	// StopTargetLost: the target stopped answering during the run.
	StopTargetLost = "target_reachable"
)

// StopReport is the report of a run that stopped before or while running its checks: one
// failed testcase named name (StopPreflight, StopTargetLost) whose failure is err. Suite.Run
// returns it with its error; the CLI also uses it for flag errors found before a run.
func StopReport(target string, mode Mode, prefix, name string, err error) *Report {
	if mode == "" {
		mode = ModeSandbox
	}
	doc := "the suite could start: the target is a Novu API that takes the keys, and the configuration is valid"
	if name == StopTargetLost {
		doc = "the target kept answering until the run completed"
	}
	return &Report{
		Target: target, Mode: mode, Prefix: prefix, Started: time.Now(), Stopped: err.Error(),
		Checks: []*CheckResult{{Name: name, Doc: doc, Kind: KindRun, Status: Failed,
			Failures: []Failure{{Check: name, Message: err.Error()}}}},
	}
}

// isLoopback tells whether a target runs on this machine's loopback interface.
func isLoopback(u *url.URL) bool {
	host := u.Hostname()
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// waitForTarget polls GET /v1/environments/me (without counting or recording it) until the
// target answers anything but a connection error or a gateway's 502/503/504, for at most
// Suite.WaitForTarget. The pre-flight then judges the answer.
func (r *runner) waitForTarget(ctx context.Context) error {
	if r.s.WaitForTarget <= 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, r.s.WaitForTarget)
	defer cancel()
	var last error
	for {
		if last = r.ping(ctx); last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("target %s did not answer within --wait-for-target %s: %w", r.base, r.s.WaitForTarget, last)
			}
			return fmt.Errorf("interrupted while waiting for the target: %w", ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// ping sends one unrecorded GET /v1/environments/me with the API key; nil means the target
// answered (whatever the status, except a gateway's).
func (r *runner) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, min(r.s.Timeout, 5*time.Second))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base+"/v1/environments/me", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "ApiKey "+r.s.APIKey)
	res, err := r.rec.next.RoundTrip(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	switch res.StatusCode {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return fmt.Errorf("answered %d", res.StatusCode)
	}
	return nil
}

// targetLost is called when a request failed on the wire. The target is lost when three pings
// over about a second fail as well; the run then stops (lose) instead of failing every check
// that follows. A single dropped connection stays that check's failure.
func (r *runner) targetLost(ctx context.Context, cause error) bool {
	if r.lost != nil {
		return true
	}
	if r.stopRun == nil || ctx.Err() != nil || errors.Is(cause, errReadOnly) {
		return false
	}
	for i := 0; i < 3; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return false
			case <-time.After(500 * time.Millisecond):
			}
		}
		if r.ping(ctx) == nil {
			return false
		}
	}
	r.lost = cause
	r.stopRun()
	return true
}

// lostError is the one message of a run whose target went away.
func (r *runner) lostError(check string, done int) error {
	return fmt.Errorf("target %s stopped answering during %s (%d checks had completed): %v; the run stopped there,"+
		" and what it created could not be deleted: `novumock contract cleanup --target %s --prefix %s --api-key $NOVU_API_KEY` lists it",
		r.base, check, done, r.lost, r.base, r.prefix)
}
