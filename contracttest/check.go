package contracttest

import (
	"fmt"
	"time"
)

// Kind says when a check runs and what it looks at.
type Kind string

const (
	// KindExchange checks look at every recorded request and response of the run.
	KindExchange Kind = "exchange"
	// KindProbe checks send deliberately bad requests (credentials, input).
	KindProbe Kind = "probe"
	// KindScenario checks are self-contained stateful flows that create, use and delete
	// resources of their own.
	KindScenario Kind = "scenario"
	// KindRun checks look at the run as a whole (coverage).
	KindRun Kind = "run"
)

// Check is one named expectation. Names are snake_case and stable: JUnit, JSON and --only use
// them.
type Check struct {
	Name string
	Doc  string
	Kind Kind
	// Mutates is true when the check creates or changes resources (never run in read-only mode).
	Mutates bool
	// NeedsProd is true when the check needs the Production key.
	NeedsProd bool
	// OptIn checks run only when --only names them, because they spend the target's quota
	// (throttled_with_retry_after also when Suite.ExhaustRateLimit is on: by default against
	// loopback targets).
	OptIn bool
	// Disposable checks change state the suite does not own (the organization, its members,
	// promoted changes, every subscriber's feed); they run only in ModeDisposable.
	Disposable bool
	// Feature is the optional part of Novu the check is about: it is skipped, with the
	// evidence, on a target found to run without it, unless Suite.Require names it.
	Feature Feature `json:"-"`

	run      func(*T)            // probes, scenarios and run checks
	exchange func(*T, *Exchange) // exchange checks, once per recorded exchange
	// afterInterrupt checks still run once the run is interrupted (they send nothing).
	afterInterrupt bool
	// exhausts marks the opt-in check that spends a whole rate-limit bucket: it also runs when
	// Suite.ExhaustRateLimit is on (by default against loopback targets).
	exhausts bool
}

// Failure is one finding: what was expected, what came back, and how to see it again.
type Failure struct {
	Check     string `json:"check"`
	Operation string `json:"operation,omitempty"`
	Message   string `json:"message"`
	Expected  string `json:"expected,omitempty"`
	Actual    string `json:"actual,omitempty"`
	// Curl reproduces the request, with the key replaced by $NOVU_API_KEY.
	Curl string `json:"curl,omitempty"`
}

func (f Failure) String() string {
	s := f.Check
	if f.Operation != "" {
		s += " [" + f.Operation + "]"
	}
	s += ": " + f.Message
	if f.Expected != "" || f.Actual != "" {
		s += fmt.Sprintf(" (expected %s, got %s)", f.Expected, f.Actual)
	}
	return s
}

// Status is the outcome of one check.
type Status string

const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped"
)

// CheckResult is one check's outcome with its timing.
type CheckResult struct {
	Name       string        `json:"name"`
	Doc        string        `json:"doc"`
	Kind       Kind          `json:"kind"`
	Status     Status        `json:"status"`
	SkipReason string        `json:"skipReason,omitempty"`
	Duration   time.Duration `json:"durationNs"`
	Requests   int           `json:"requests"`
	Failures   []Failure     `json:"failures,omitempty"`
	// Interrupted is true when the run was interrupted (its context ended) before this check
	// completed: it did not run, or stopped part-way (Skipped unless it had already failed).
	Interrupted bool `json:"interrupted,omitempty"`
	notRun      bool // an interruption kept it from starting
}

// checks is the table of every check, in the order they run. Exchange checks run last, over
// everything the others sent.
func checks() []Check {
	var all []Check
	for _, group := range [][]Check{authChecks(), inputChecks(), scenarioChecks(), exchangeChecks(), runChecks()} {
		all = append(all, group...)
	}
	return all
}

// Checks lists every check in the order they run, opt-in and disposable-only checks included,
// for help texts: Name is what Suite.Only (--only) matches, Doc says what it expects, and the
// flags say when it runs.
func Checks() []Check {
	all := checks()
	for i := range all {
		all[i].run, all[i].exchange = nil, nil
	}
	return all
}

// maxFailuresPerCheck keeps one systematic fault from burying the report; the count of the
// rest is kept.
const maxFailuresPerCheck = 50
