package mockserver

import (
	"encoding/json"
	"math"
	"time"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsvalue"
)

// Step conditions, evaluated as Novu's worker does before it runs a channel step. The step runs
// when it has no conditions or when any one of its condition groups passes. A group with no
// parts passes; a group with one part is that part; otherwise "AND" needs every part and "OR"
// one of them, and any other group value fails. isNegated is stored but, as in Novu, not read.

// stepFiltersPassLocked tells whether job j of notification n may run; its conditions read the
// notification's templateVars.
func (st *store) stepFiltersPassLocked(env *environment, n *notification, j *job) bool {
	if j.step.Filters == nil || len(*j.step.Filters) == 0 { // no groups pass (filtersPassLocked)
		return true
	}
	return st.filtersPassLocked(env, n, *j.step.Filters, n.templateVars())
}

// filtersPassLocked is Novu's ConditionsFilter over step filters or integration conditions: no
// groups pass, else any one group passing does.
func (st *store) filtersPassLocked(env *environment, n *notification, filters []gen.StepFilter, vars map[string]any) bool {
	if len(filters) == 0 {
		return true
	}
	for _, group := range filters {
		if st.groupPassesLocked(env, n, group, vars) {
			return true
		}
	}
	return false
}

func (st *store) groupPassesLocked(env *environment, n *notification, group gen.StepFilter, vars map[string]any) bool {
	if group.Children == nil || len(*group.Children) == 0 {
		return true
	}
	parts := *group.Children
	if len(parts) == 1 {
		return st.partPassesLocked(env, n, parts[0], vars)
	}
	switch deref(group.Value) {
	case gen.StepFilterValueAND:
		for _, p := range parts {
			if !st.partPassesLocked(env, n, p, vars) {
				return false
			}
		}
		return true
	case gen.StepFilterValueOR:
		for _, p := range parts {
			if st.partPassesLocked(env, n, p, vars) {
				return true
			}
		}
	}
	return false
}

func (st *store) partPassesLocked(env *environment, n *notification, p gen.FilterPart, vars map[string]any) bool {
	switch p.On {
	case gen.FilterPartOnPayload, gen.FilterPartOnSubscriber, gen.FilterPartOnTenant:
		actual, found := lookupPath(vars, string(p.On)+"."+deref(p.Field))
		want, _ := filterValue(p.Value)
		if s, ok := want.(string); ok { // Novu compiles a condition's value as a template first
			rendered, err := renderTemplate(s, vars)
			if err != nil {
				// Novu records "Processing step filter failed" and compares with undefined
				st.log.Warn("step condition value not rendered", "value", s, "error", err)
				want = nil
			} else {
				want = rendered
			}
		}
		return jsvalue.Compare(actual, found, jsvalue.Operator(deref(p.Operator)), want)
	case gen.FilterPartOnWebhook:
		// The fake calls no one (it only ever talks to loopback clients), so a webhook condition
		// passes, as it does in Novu's own test mode.
		return true
	case gen.FilterPartOnIsOnline, gen.FilterPartOnIsOnlineInLast:
		return onlinePasses(n.subscriber, p, st.timeOf(env.org))
	case gen.FilterPartOnPreviousStep:
		return st.previousStepPassesLocked(env, n, p)
	}
	return false
}

// filterValue is a condition's value as JSON gave it: a string, a bool or a float64.
func filterValue(v *gen.FilterPart_Value) (any, bool) {
	if v == nil {
		return nil, false
	}
	raw, err := v.MarshalJSON()
	if err != nil {
		return nil, false
	}
	var out any
	if json.Unmarshal(raw, &out) != nil {
		return nil, false
	}
	return out, true
}

// onlinePasses checks a subscriber's online status as Novu does: a subscriber that never
// reported one (no isOnline, no lastOnlineAt) fails both kinds of condition; isOnline must equal
// the value; isOnlineInLast passes for a subscriber online now, or last online no more than
// value whole minutes, hours or days ago.
func onlinePasses(sub *gen.Subscriber, p gen.FilterPart, now time.Time) bool {
	if sub.IsOnline == nil && sub.LastOnlineAt == nil {
		return false
	}
	want, _ := filterValue(p.Value)
	if p.On == gen.FilterPartOnIsOnline {
		return sub.IsOnline != nil && want == *sub.IsOnline
	}
	if deref(sub.IsOnline) {
		return true
	}
	last := now // Novu counts a missing lastOnlineAt as now
	if sub.LastOnlineAt != nil {
		t, err := time.Parse(time.RFC3339Nano, string(*sub.LastOnlineAt))
		if err != nil {
			return false
		}
		last = t
	}
	amount, ok := want.(float64)
	unit := gen.StepTimeUnit(deref(p.TimeOperator)) // minutes, hours or days (the spec's enum)
	if !ok || p.TimeOperator == nil {
		return false
	}
	// At most amount whole units ago (date-fns counts whole units): before amount+1 have passed.
	return now.Before(afterUnits(last, int(math.Floor(amount))+1, unit))
}

// previousStepPassesLocked checks the message an earlier step of the same notification sent
// (the part's step names that step by its uuid, or its _id) for read/unread or seen/unseen.
func (st *store) previousStepPassesLocked(env *environment, n *notification, p gen.FilterPart) bool {
	want := deref(p.Step)
	for _, j := range n.jobs {
		if want == "" || (deref(j.step.Uuid) != want && deref(j.step.UnderscoreId) != want) || j.messageID == "" {
			continue
		}
		msg := env.delivery.messages.get(j.messageID)
		if msg == nil {
			return false
		}
		switch deref(p.StepType) {
		case gen.FilterPartStepTypeRead:
			return msg.Read
		case gen.FilterPartStepTypeUnread:
			return !msg.Read
		case gen.FilterPartStepTypeSeen:
			return msg.Seen
		case gen.FilterPartStepTypeUnseen:
			return !msg.Seen
		}
	}
	return false
}
