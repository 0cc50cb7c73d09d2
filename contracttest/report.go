package contracttest

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Report is the outcome of a run.
type Report struct {
	Target string `json:"target"`
	Mode   Mode   `json:"mode"`
	// Profile is what the run learnt about the target: its version, the features it runs without.
	Profile  TargetProfile `json:"profile"`
	Prefix   string        `json:"prefix"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"durationNs"`
	Requests int           `json:"requests"`
	// Interrupted is true when the run's context ended (Ctrl-C) before every check completed:
	// the checks that did not complete are Skipped with Interrupted set, cleanup still ran,
	// and the run has not passed.
	Interrupted bool `json:"interrupted"`
	// Stopped, when set, is why the run stopped without completing its checks (StopReport):
	// Checks then holds one failed testcase saying the same.
	Stopped  string         `json:"stopped,omitempty"`
	Checks   []*CheckResult `json:"checks"`
	Coverage Coverage       `json:"coverage"`
	// Leftovers are resources the suite created and could not delete.
	Leftovers []Leftover `json:"leftovers,omitempty"`
}

// Leftover is a resource the suite created but could not delete.
type Leftover struct {
	Check  string `json:"check"`
	What   string `json:"what"`
	Detail string `json:"detail"`
	Curl   string `json:"curl"`
}

// Passed reports whether the run completed and every check that ran passed.
func (r *Report) Passed() bool { return !r.Interrupted && len(r.Failures()) == 0 }

// Failures lists every failure of every check, in check order.
func (r *Report) Failures() []Failure {
	var out []Failure
	for _, c := range r.Checks {
		out = append(out, c.Failures...)
	}
	return out
}

// Check returns the result of the named check, or nil when it did not run.
func (r *Report) Check(name string) *CheckResult {
	for _, c := range r.Checks {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Counts returns how many checks passed, failed and were skipped.
func (r *Report) Counts() (passed, failed, skipped int) {
	for _, c := range r.Checks {
		switch c.Status {
		case Passed:
			passed++
		case Failed:
			failed++
		default:
			skipped++
		}
	}
	return
}

func (r *runner) report(started time.Time) *Report {
	rep := &Report{
		Target: r.base, Mode: r.s.Mode, Prefix: r.prefix, Started: started,
		Duration: time.Since(started), Checks: r.results, Interrupted: r.interrupted,
		Requests: len(r.rec.all()), Coverage: r.coverage(), Profile: r.profile,
	}
	for _, l := range r.leftovers {
		rep.Leftovers = append(rep.Leftovers, Leftover(l))
	}
	return rep
}

// WriteSummary writes the one-screen human summary: counts, failed checks with their first
// failures (each with its curl), coverage and the slowest checks.
func (r *Report) WriteSummary(w io.Writer) {
	p, f, s := r.Counts()
	fmt.Fprintf(w, "novumock contract: %s (%s mode, prefix %s)\n", r.Target, r.Mode, r.Prefix)
	fmt.Fprintf(w, "%d checks: %d passed, %d failed, %d skipped; %d requests in %s\n",
		len(r.Checks), p, f, s, r.Requests, r.Duration.Round(time.Millisecond))
	r.Profile.write(w)
	if r.Interrupted {
		r.writeInterrupted(w)
	}
	const perCheck = 3
	for _, c := range r.Checks {
		if c.Interrupted && c.Status == Skipped {
			continue // summed up by writeInterrupted
		}
		switch c.Status {
		case Failed:
			fmt.Fprintf(w, "\nFAIL %s (%d failures, %s)\n", c.Name, len(c.Failures), c.Duration.Round(time.Millisecond))
			for i, fl := range c.Failures {
				if i == perCheck {
					fmt.Fprintf(w, "  … %d more (see --json / --junit)\n", len(c.Failures)-perCheck)
					break
				}
				fmt.Fprintf(w, "  - %s\n", strings.TrimPrefix(fl.String(), c.Name+" "))
				if fl.Curl != "" {
					fmt.Fprintf(w, "    %s\n", truncate(fl.Curl, 400))
				}
			}
		case Skipped:
			fmt.Fprintf(w, "skip %s: %s\n", c.Name, c.SkipReason)
		}
	}
	cv := r.Coverage
	fmt.Fprintf(w, "\ncoverage: %d/%d operations reached, %d/%d documented statuses observed\n",
		cv.OperationsReached, cv.Operations, cv.StatusesObserved, cv.StatusesDocumented)
	if n := len(cv.NotReached); n > 0 {
		fmt.Fprintf(w, "not reached (%d):", n)
		for i, nr := range cv.NotReached {
			if i == 8 {
				fmt.Fprintf(w, " …")
				break
			}
			fmt.Fprintf(w, " %s (%s);", nr.Operation, nr.Reason)
		}
		fmt.Fprintln(w)
	}
	for _, l := range r.Leftovers {
		fmt.Fprintf(w, "LEFTOVER %s: %s (%s)\n  %s\n", l.What, l.Detail, l.Check, l.Curl)
	}
	slow := append([]*CheckResult(nil), r.Checks...)
	sort.Slice(slow, func(i, j int) bool { return slow[i].Duration > slow[j].Duration })
	fmt.Fprint(w, "slowest:")
	for i := 0; i < len(slow) && i < 3; i++ {
		fmt.Fprintf(w, " %s %s;", slow[i].Name, slow[i].Duration.Round(time.Millisecond))
	}
	fmt.Fprintln(w)
	switch {
	case r.Interrupted:
		fmt.Fprintln(w, "INTERRUPTED")
	case r.Passed():
		fmt.Fprintln(w, "PASS")
	default:
		fmt.Fprintln(w, "FAIL")
	}
}

// writeInterrupted says which check the interruption cut short and how many never ran, in
// one line instead of a skip line each.
func (r *Report) writeInterrupted(w io.Writer) {
	var cut []string
	notRun := 0
	for _, c := range r.Checks {
		switch {
		case !c.Interrupted:
		case c.notRun:
			notRun++
		default:
			cut = append(cut, c.Name)
		}
	}
	fmt.Fprintf(w, "INTERRUPTED: the run was stopped before it completed")
	if len(cut) > 0 {
		fmt.Fprintf(w, "; %s did not complete", strings.Join(cut, ", "))
	}
	fmt.Fprintf(w, "; %d checks not run; cleanup ran (any leftovers are listed below)\n", notRun)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
