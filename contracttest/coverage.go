package contracttest

import (
	"fmt"
	"net/http"
	"slices"
)

// Coverage says which operations and documented statuses the run observed.
type Coverage struct {
	Operations         int                 `json:"operations"`
	OperationsReached  int                 `json:"operationsReached"`
	StatusesDocumented int                 `json:"statusesDocumented"`
	StatusesObserved   int                 `json:"statusesObserved"`
	PerOperation       []OperationCoverage `json:"perOperation"`
	NotReached         []NotReached        `json:"notReached,omitempty"`
}

// OperationCoverage is one operation's documented statuses and which of them were seen.
type OperationCoverage struct {
	Operation  string `json:"operation"`
	Documented []int  `json:"documented"`
	Observed   []int  `json:"observed"`
	Missing    []int  `json:"missing,omitempty"`
}

// NotReached is an operation no request got past authentication on, and why.
type NotReached struct {
	Operation string `json:"operation"`
	Reason    string `json:"reason"`
	cause     gapCause
}

// gapCause sorts the reasons an operation was not reached: the check decides on it, never on
// the wording of Reason.
type gapCause int

const (
	gapUnexplained gapCause = iota // the suite has no excuse: a failure
	gapAnswers                     // the target answered, but only 401s: a failure
	gapConfigured                  // read-only mode or --only left it out
	gapExcused                     // never sent with a valid key, or the run was cut short
)

// reachedBy is true when some answer came from past the auth guard (for operations closed to the
// main key the guard's 401 is the documented behaviour).
func (r *runner) reachedBy(op *specOp, statuses []int) bool {
	for _, s := range statuses {
		if s != http.StatusUnauthorized || r.closedToMainKey(op) {
			return true
		}
	}
	return false
}

func (r *runner) coverage() Coverage {
	seen := map[string][]int{}
	for _, ex := range r.rec.all() {
		if ex.Operation != "" && ex.Status != 0 && !slices.Contains(seen[ex.Operation], ex.Status) {
			seen[ex.Operation] = append(seen[ex.Operation], ex.Status)
		}
	}
	var cv Coverage
	for _, id := range r.spec.order {
		op := r.spec.ops[id]
		obs := seen[id]
		slices.Sort(obs)
		oc := OperationCoverage{Operation: id, Documented: op.Statuses, Observed: obs}
		for _, s := range op.Statuses {
			if slices.Contains(obs, s) {
				cv.StatusesObserved++
			} else {
				oc.Missing = append(oc.Missing, s)
			}
		}
		cv.Operations++
		cv.StatusesDocumented += len(op.Statuses)
		if r.reachedBy(op, obs) {
			cv.OperationsReached++
		} else {
			reason, cause := r.whyNotReached(op, obs)
			cv.NotReached = append(cv.NotReached, NotReached{Operation: id, Reason: reason, cause: cause})
		}
		cv.PerOperation = append(cv.PerOperation, oc)
	}
	return cv
}

// whyNotReached explains a gap and sorts it; an empty reason means the suite has no excuse.
func (r *runner) whyNotReached(op *specOp, obs []int) (string, gapCause) {
	switch {
	case r.notReached[op.ID] != "":
		return r.notReached[op.ID], gapExcused
	case neverProbed[op.ID] != "" && (r.s.Mode != ModeDisposable || op.Access == accessDashboard):
		return "never sent with a valid key: it " + neverProbed[op.ID], gapExcused
	case r.s.Mode == ModeReadOnly && op.Method != http.MethodGet:
		return reasonReadOnly, gapConfigured
	case r.s.Mode == ModeReadOnly && op.Subscriber:
		return reasonReadOnlySession, gapConfigured
	case r.s.Only != nil || r.s.Skip != nil:
		return "not selected by " + selectionFlags(r.s), gapConfigured
	case r.interrupted:
		return "the run was interrupted first", gapExcused
	case len(obs) > 0:
		return fmt.Sprintf("every answer was %v", obs), gapAnswers
	}
	return "", gapUnexplained
}

func runChecks() []Check {
	return []Check{
		{Name: "every_operation_reached", Kind: KindRun, run: checkEveryOperationReached,
			Doc: "every documented operation answered at least one request past authentication, or the report says why not"},
		{Name: "sandbox_cleaned_up", Kind: KindRun, run: checkCleanedUp, afterInterrupt: true,
			Doc: "every resource the suite created was deleted again"},
	}
}

func checkEveryOperationReached(t *T) {
	cv := t.r.coverage()
	leftOut := 0
	for _, nr := range cv.NotReached {
		switch nr.cause {
		case gapUnexplained, gapAnswers:
			t.last = nil
			t.fail(Failure{Operation: nr.Operation, Message: "operation never reached past authentication",
				Expected: "at least one non-401 answer", Actual: orNone(nr.Reason)})
		case gapConfigured:
			leftOut++
		}
	}
	if leftOut > 0 {
		t.skip(fmt.Sprintf("%d of %d operations were left out (%s), so it cannot say every operation was reached;"+
			" the coverage lists them", leftOut, cv.Operations, leftOutBy(t.r.s)))
	}
}

// The reasons coverage gives for operations the configuration, not the target, left out.
const (
	reasonReadOnly = "read-only mode sends GETs only"
	// reasonReadOnlySession: the in-app routes need a subscriber session, which creates a subscriber.
	reasonReadOnlySession = "read-only mode opens no subscriber session"
)

func leftOutBy(s *Suite) string {
	switch {
	case s.Mode == ModeReadOnly && (s.Only != nil || s.Skip != nil):
		return "read-only mode, " + selectionFlags(s)
	case s.Mode == ModeReadOnly:
		return reasonReadOnly
	}
	return selectionFlags(s)
}

// selectionFlags names the flags that chose the checks: --only, --skip or both.
func selectionFlags(s *Suite) string {
	switch {
	case s.Only != nil && s.Skip != nil:
		return "--only and --skip"
	case s.Skip != nil:
		return "--skip"
	}
	return "--only"
}

func orNone(s string) string {
	if s == "" {
		return "no request"
	}
	return s
}

func checkCleanedUp(t *T) {
	if t.r.cleanupsRegistered == 0 && len(t.r.leftovers) == 0 {
		reason := "the run created no resources"
		if t.r.s.Mode == ModeReadOnly {
			reason = "read-only mode creates no resources"
		}
		t.skip(reason)
		return
	}
	for _, l := range t.r.leftovers {
		t.fail(Failure{Message: "created by " + l.Check + " and not deleted: " + l.What, Actual: l.Detail, Curl: l.Curl})
	}
}
