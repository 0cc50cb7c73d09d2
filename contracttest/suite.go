package contracttest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// DefaultRPS is the pace when none is given: 20 requests per second for a deployment elsewhere,
// which spares a shared server (and stays inside Novu's rate limits), and 2 000 for a target on
// this machine's loopback interface (the local fake, or a Novu in Docker), where pacing only
// makes the run slower: at 20 the suite takes about 30 s, at 2 000 it takes well under 10.
func DefaultRPS(target *url.URL) float64 {
	if isLoopback(target) {
		return 2000
	}
	return 20
}

// Mode decides how much the suite may do to the target.
type Mode string

const (
	// ModeSandbox (the default) creates resources of its own, named with the run prefix, uses
	// them and deletes them again; it never changes anything it did not create.
	ModeSandbox Mode = "sandbox"
	// ModeReadOnly sends only GET requests (auth probes included).
	ModeReadOnly Mode = "read-only"
	// ModeDisposable is for throwaway targets only (novumock, a scratch Novu): everything
	// sandbox does, plus the scenarios that change state the suite does not own (organization
	// name, branding and members, change promotion, broadcast), which sandbox never sends a
	// valid key to.
	ModeDisposable Mode = "disposable"
)

// Suite is one configured contract run against one deployment of the Novu v1 API.
type Suite struct {
	// Target is the deployment's base URL, without /v1 (for example https://api.novu.co).
	Target string
	// APIKey is a secret key of a Development environment.
	APIKey string
	// ProdAPIKey is the same organization's Production key; checks that need it are skipped
	// without it.
	ProdAPIKey string
	// Mode is ModeSandbox when empty.
	Mode Mode
	// Only, when set, runs only the checks whose name it matches. Opt-in checks
	// (throttled_with_retry_after) run when selected this way, or as ExhaustRateLimit says.
	Only *regexp.Regexp
	// Skip, when set, lists the checks whose name it matches as skipped instead of running them
	// (a deployment without rate limiting: "^ratelimit_"). It applies after Only.
	Skip *regexp.Regexp
	// Require lists the features whose checks must run, and fail, even on a target found to
	// run without them; by default such checks are skipped with the evidence (TargetProfile).
	Require []Feature
	// RPS paces the suite client-side (token bucket); 0 means DefaultRPS for the target.
	RPS float64
	// Timeout bounds each request on the wire (sending it and reading the whole answer); the
	// pacing before it and a Retry-After wait between attempts do not count. 0 means 30 seconds.
	Timeout time.Duration
	// Transport is the HTTP transport under the recorder; nil means http.DefaultTransport.
	Transport http.RoundTripper
	// Prefix names every resource the suite creates; empty means "nvmk-<random>-".
	Prefix string
	// Progress, when set, is called before each check starts.
	Progress func(done, total int, check string)
	// WaitForTarget, when positive, is how long the run waits for the target to answer at all
	// (a service still starting) before the pre-flight judges it.
	WaitForTarget time.Duration
	// ConfirmDestroysData lets ModeDisposable run against a target that is not on this
	// machine's loopback interface; without it such a run stops before its first request.
	ConfirmDestroysData bool
	// ExhaustRateLimit runs throttled_with_retry_after, which spends one whole rate-limit bucket
	// and waits for it to refill; nil means only against a loopback target.
	ExhaustRateLimit *bool
}

// Run executes the selected checks and returns the report. The error is non-nil only when the
// suite could not run (bad configuration, an Only that matches no check, an unreachable
// target, a target that is not a Novu API, a rejected key) or its target stopped answering
// during the run; the report is then StopReport's single failed testcase (StopPreflight,
// StopTargetLost) saying why, or nil when ctx ended before the first check. Findings about the
// target are Failures in the report, never errors.
func (s Suite) Run(ctx context.Context) (*Report, error) {
	r, err := s.newRunner()
	if err != nil {
		return StopReport(s.Target, s.Mode, "", StopPreflight, err), err
	}
	chosen := s.selectChecks()
	if len(chosen) == 0 {
		err := fmt.Errorf("no check matches --only %s", s.Only)
		return r.stopReport(StopPreflight, err), err
	}
	if s.Skip != nil && !slices.ContainsFunc(chosen, func(c selected) bool { return c.skipReason == "" }) {
		err := fmt.Errorf("--skip %s leaves no check to run", s.Skip)
		return r.stopReport(StopPreflight, err), err
	}
	err = r.waitForTarget(ctx)
	if err == nil {
		err = r.preflight(ctx)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return r.stopReport(StopPreflight, err), err
	}
	started := time.Now()
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	r.stopRun = stop
	for i, c := range chosen {
		if s.Progress != nil {
			s.Progress(i, len(chosen), c.check.Name)
		}
		r.runCheck(runCtx, c)
		if r.lost != nil {
			err := r.lostError(c.check.Name, i)
			return r.stopReport(StopTargetLost, err), err
		}
	}
	if s.Progress != nil {
		s.Progress(len(chosen), len(chosen), "")
	}
	return r.report(started), nil
}

func (r *runner) stopReport(name string, err error) *Report {
	return StopReport(r.base, r.s.Mode, r.prefix, name, err)
}

// notRunInterrupted starts the skip reason of the checks an interruption kept from starting.
const notRunInterrupted = "not run: the run was interrupted"

func (s *Suite) newRunner() (*runner, error) {
	if s.Mode == "" {
		s.Mode = ModeSandbox
	}
	if s.Mode != ModeSandbox && s.Mode != ModeReadOnly && s.Mode != ModeDisposable {
		return nil, fmt.Errorf("mode %q: want sandbox, read-only or disposable", s.Mode)
	}
	u, err := url.Parse(s.Target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("target %q: want an http or https URL", s.Target)
	}
	if s.APIKey == "" {
		return nil, errors.New("an API key is required")
	}
	if s.Mode == ModeDisposable && !isLoopback(u) && !s.ConfirmDestroysData {
		return nil, fmt.Errorf("--mode disposable against %s, which is not on this machine's loopback interface: it renames the organization,"+
			" removes members, promotes every pending change and broadcasts to every subscriber; if this is a throwaway deployment,"+
			" say so with --i-understand-this-destroys-data", u.Redacted())
	}
	if s.RPS <= 0 {
		s.RPS = DefaultRPS(u)
	}
	if s.Timeout <= 0 {
		s.Timeout = 30 * time.Second
	}
	if s.Prefix == "" {
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		s.Prefix = "nvmk-" + hex.EncodeToString(b) + "-"
	}
	next := s.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	sp, err := loadSpec()
	if err != nil {
		return nil, err
	}
	rec := &recorder{
		next: next, limiter: rate.NewLimiter(rate.Limit(s.RPS), max(1, int(s.RPS))),
		readOnly: s.Mode == ModeReadOnly, keys: []string{s.APIKey, s.ProdAPIKey},
		maxRetries: 3, maxWait: 30 * time.Second, timeout: s.Timeout,
	}
	return &runner{
		s: s, spec: sp, rec: rec, prefix: s.Prefix,
		base:   strings.TrimSuffix(strings.TrimSuffix(s.Target, "/"), "/v1"),
		client: &http.Client{Transport: rec, CheckRedirect: noRedirects}, // rec times each attempt
	}, nil
}

// noRedirects keeps 302s (chat OAuth) as answers to check, not hops to follow.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

type selected struct {
	check      Check
	skipReason string
}

// exhaustRateLimit is Suite.ExhaustRateLimit with its default: on for a loopback target only.
func (s Suite) exhaustRateLimit() bool {
	if s.ExhaustRateLimit != nil {
		return *s.ExhaustRateLimit
	}
	u, err := url.Parse(s.Target)
	return err == nil && isLoopback(u)
}

func (s Suite) selectChecks() []selected {
	var out []selected
	for _, c := range checks() {
		if s.Only != nil && !s.Only.MatchString(c.Name) {
			continue
		}
		sel := selected{check: c}
		switch {
		case c.OptIn && s.Only == nil && !(c.exhausts && s.exhaustRateLimit()):
			continue
		case c.exhausts && s.Mode == ModeReadOnly && s.Only == nil && s.ExhaustRateLimit == nil:
			continue // the loopback default does not list it where it cannot run
		case c.exhausts && s.Mode == ModeReadOnly:
			sel.skipReason = "spends the bucket with bulk POSTs; not run in read-only mode"
		case c.Disposable && s.Mode != ModeDisposable && s.Only == nil:
			continue // not even listed: sandbox and read-only reports stay as they were
		case c.Disposable && s.Mode != ModeDisposable:
			sel.skipReason = "changes state the suite does not own; runs only in disposable mode"
		case c.Mutates && s.Mode == ModeReadOnly:
			sel.skipReason = "creates resources; not run in read-only mode"
		case c.NeedsProd && s.ProdAPIKey == "":
			sel.skipReason = "needs --prod-api-key"
		case s.Skip != nil && s.Skip.MatchString(c.Name):
			sel.skipReason = "skipped by --skip"
		}
		out = append(out, sel)
	}
	return out
}

func (r *runner) newT(ctx context.Context, res *CheckResult) *T {
	return &T{r: r, ctx: ctx, run: ctx, check: res.Name, res: res}
}

// runCheck runs one check with its timing; a panic in a flow (a bug in the suite, never the
// target's fault) is reported as that check's failure and the run goes on.
func (r *runner) runCheck(ctx context.Context, sel selected) {
	c := sel.check
	res := &CheckResult{Name: c.Name, Doc: c.Doc, Kind: c.Kind}
	r.results = append(r.results, res)
	if sel.skipReason == "" {
		sel.skipReason = r.featureSkip(c.Feature)
	}
	if sel.skipReason != "" {
		res.Status, res.SkipReason = Skipped, sel.skipReason
		return
	}
	if ctx.Err() != nil {
		if !c.afterInterrupt {
			r.interrupted = true
			res.Status, res.Interrupted, res.notRun = Skipped, true, true
			res.SkipReason = fmt.Sprintf("%s (%v)", notRunInterrupted, ctx.Err())
			return
		}
		ctx = context.WithoutCancel(ctx) // it only reads what the run recorded
	}
	t := r.newT(ctx, res)
	start := time.Now()
	func() {
		defer t.runCleanups()
		defer func() {
			if p := recover(); p != nil {
				t.failf("", "the check itself broke (a suite bug): %v", p)
			}
		}()
		switch {
		case c.exchange != nil:
			all := r.rec.all()
			if len(all) == 0 {
				t.skipped = "no request was recorded for it to examine; --only selected no check that sends any"
			}
			for _, ex := range all {
				t.last = ex
				c.exchange(t, ex)
			}
		case c.run != nil:
			c.run(t)
		}
	}()
	res.Duration = time.Since(start)
	if t.dropped > 0 {
		res.Failures = append(res.Failures, Failure{Check: c.Name,
			Message: fmt.Sprintf("%d more failures of this check were left out", t.dropped)})
	}
	if ctx.Err() != nil {
		// Failures found before the interruption stand; the rest of the check never ran.
		r.interrupted, res.Interrupted = true, true
	}
	res.Status = Passed
	switch {
	case len(res.Failures) > 0:
		res.Status = Failed
	case res.Interrupted:
		res.Status = Skipped
		res.SkipReason = fmt.Sprintf("interrupted (%v) before it completed; its cleanups ran", ctx.Err())
	case t.skipped != "":
		res.Status, res.SkipReason = Skipped, t.skipped
	case c.run != nil && c.Kind != KindRun && res.Requests == 0:
		// Passing without a request would claim something nobody looked at.
		res.Status, res.SkipReason = Skipped, r.whyNothingSent()
	}
}

// whyNothingSent explains a probe or scenario that found nothing it may send.
func (r *runner) whyNothingSent() string {
	if r.s.Mode == ModeReadOnly {
		return "read-only mode: none of the operations it covers is a GET, so it sent no request"
	}
	return "it sent no request: nothing in the spec for it to check"
}
