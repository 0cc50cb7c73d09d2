package contracttest

import "time"

// scenarioChecks are the stateful business-rule flows. Each is self-contained: it creates what
// it needs under the run prefix, registers the deletes first, and leaves nothing behind.
func scenarioChecks() []Check {
	out := lifecycleChecks()
	out = append(out, []Check{
		{Name: "subscriber_upsert", Kind: KindScenario, Mutates: true, run: scenarioSubscriberUpsert,
			Doc: "creating an existing subscriberId updates it (201, same _id)"},
		{Name: "topic_membership", Kind: KindScenario, Mutates: true, run: scenarioTopicMembership,
			Doc: "add (unknown ids reported as notFound), check, remove; a topic with subscribers cannot be deleted"},
		{Name: "integration_primary_rules", Kind: KindScenario, Mutates: true, run: scenarioIntegrationPrimary,
			Doc: "first active email integration is primary (below an existing primary otherwise); set-primary demotes and renumbers; one primary per channel; chat has no primary; delete never promotes"},
		{Name: "layout_default", Kind: KindScenario, Mutates: true, run: scenarioLayoutDefault,
			Doc: "setting a default layout unsets the previous one; the default cannot be deleted"},
		{Name: "trigger_delivers_to_feed", Kind: KindScenario, Mutates: true, run: scenarioTriggerFeed,
			Doc: "trigger → notification, messages, in-app feed, unseen count, mark read; unknown workflow → 422"},
		{Name: "inbox_session_flow", Kind: KindScenario, Mutates: true, run: scenarioInboxFlow,
			Doc: "an Inbox session by application identifier (no API key), then with its bearer token: list with cursor, counts, read/unread/archive/unarchive/snooze/unsnooze/complete/revert/delete and their side effects, bulk marks, preferences; an API key is refused with 401 `Unauthorized`"},
		{Name: "widget_session_flow", Kind: KindScenario, Mutates: true, run: scenarioWidgetFlow,
			Doc: "a widget session by application identifier (no API key), then the notification center's routes with its bearer token: feed, unseen/unread/count and the limit pipe, mark-as, legacy markAs, action, seen and read all, organization, preferences, usage log, removals"},
		{Name: "trigger_cancel", Kind: KindScenario, Mutates: true, run: scenarioCancel,
			Doc: "cancelling a delayed trigger answers true once, then false"},
		{Name: "pagination_consistent", Kind: KindScenario, Mutates: true, run: scenarioPagination,
			Doc: "walking pages finds every item once; hasMore and totalCount agree with what came back"},
		{Name: "idempotent_replay", Kind: KindScenario, Feature: FeatureIdempotency, Mutates: true, run: scenarioIdempotentReplay,
			Doc: "same Idempotency-Key and body → the first answer again with Idempotency-Replay: true"},
		{Name: "idempotency_body_mismatch", Kind: KindScenario, Feature: FeatureIdempotency, Mutates: true, run: scenarioIdempotencyMismatch,
			Doc: "same Idempotency-Key, different body → 422; a key over 255 characters → 400"},
		{Name: "environment_isolation", Kind: KindScenario, Mutates: true, NeedsProd: true, run: scenarioIsolation,
			Doc: "what the Development key creates is invisible to the Production key"},
		{Name: "ratelimit_remaining_decreases", Kind: KindScenario, Feature: FeatureRateLimiting, run: scenarioRemainingDecreases,
			Doc: "consecutive calls in one bucket report a decreasing RateLimit-Remaining"},
	}...)
	// Disposable mode only; the organization check removes a member, so these come last.
	out = append(out, disposableChecks()...)
	// After everything that writes: it leaves a bucket just refilled.
	return append(out, Check{Name: "throttled_with_retry_after", Kind: KindScenario, Feature: FeatureRateLimiting, OptIn: true, exhausts: true, run: scenarioThrottled,
		Doc: "spending the cheapest category's bucket gives 429 `API rate limit exceeded` with Retry-After and RateLimit-*," +
			" and the bucket refills after Retry-After (spends real quota: by default only against loopback targets)"})
}

// skip ends a scenario that cannot run safely against this target, naming the operations it
// would have reached so the coverage report can say why they were not.
func (t *T) skip(reason string, ops ...string) {
	t.skipped = reason
	for _, op := range ops {
		t.r.markNotReached(op, t.check+" skipped: "+reason)
	}
}

// markNotReached records why op was not reached, for the coverage report.
func (r *runner) markNotReached(op, why string) {
	if r.notReached == nil {
		r.notReached = map[string]string{}
	}
	r.notReached[op] = why
}

// eventually polls fn (bounded attempts) for targets that deliver asynchronously.
func (t *T) eventually(fn func() bool) bool {
	for i := 0; i < 40; i++ {
		if fn() {
			return true
		}
		select {
		case <-t.ctx.Done():
			return false
		case <-time.After(time.Duration(50*(i+1)) * time.Millisecond):
		}
	}
	return false
}

// create sends a create call, expects want, and registers the delete before anything else
// can fail.
func (t *T) create(c call, want int, what string, del func(res *response) call) *response {
	res := t.do(c)
	if t.expect(c.op, res, want) && del != nil {
		t.deferDelete(what, del(res))
	}
	return res
}
