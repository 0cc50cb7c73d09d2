package mockserver

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	"github.com/novumock/novumock/gen"
)

// detailKind is one of the fixed execution details a job records. A detail keeps only its
// kind; its text, status and whether it names the job's message come from detailKinds.
type detailKind uint8

const (
	detailNone detailKind = iota
	detailStepCreated
	detailQueued
	detailStepDigested
	detailStartSending
	detailIntegrationSelected
	detailTenantSelected
	detailDelayed
	detailDelayDone
	detailDigesting
	detailDigestMerged
	detailDigestTrigger
	detailMessageCreated
	detailMessageSent
	detailNoIntegration
	detailNoRecipient
	detailNoChannel
	detailFilteredBySteps
	detailContentNotGenerated
)

// detailKinds are the texts in Novu's words, with the status Novu gives each.
var detailKinds = [...]struct {
	text    string
	status  gen.ExecutionDetailStatus
	message bool // the detail carries _messageId
}{
	detailStepCreated:         {"Step created", gen.ExecutionDetailStatusPending, false},
	detailQueued:              {"Step queued", gen.ExecutionDetailStatusPending, false},
	detailStepDigested:        {"Step digested", gen.ExecutionDetailStatusPending, false},
	detailStartSending:        {"Start sending message", gen.ExecutionDetailStatusPending, false},
	detailIntegrationSelected: {"Integration instance selected", gen.ExecutionDetailStatusPending, false},
	detailTenantSelected:      {"Tenant context selected", gen.ExecutionDetailStatusPending, false},
	detailDelayed:             {"Step delayed", gen.ExecutionDetailStatusPending, false},
	detailDelayDone:           {"Delay is finished", gen.ExecutionDetailStatusSuccess, false},
	detailDigesting:           {"Start digesting", gen.ExecutionDetailStatusPending, false},
	detailDigestMerged:        {"Digest was merged with other digest", gen.ExecutionDetailStatusSuccess, false},
	detailDigestTrigger:       {"Digest triggered events", gen.ExecutionDetailStatusSuccess, false},
	detailMessageCreated:      {"Message created", gen.ExecutionDetailStatusPending, true},
	detailMessageSent:         {"Message sent", gen.ExecutionDetailStatusSuccess, true},
	detailNoIntegration:       {"Subscriber does not have an active integration", gen.ExecutionDetailStatusFailed, false},
	detailNoRecipient:         {"Subscriber missing recipient details", gen.ExecutionDetailStatusFailed, true},
	detailNoChannel:           {"Subscriber does not have a configured channel", gen.ExecutionDetailStatusFailed, false},
	detailFilteredBySteps:     {"Step was filtered based on steps filters", gen.ExecutionDetailStatusSuccess, false},
	detailContentNotGenerated: {"Message content could not be generated", gen.ExecutionDetailStatusFailed, false},
}

// runLocked runs a notification's jobs from n.next until one has to wait or all are done. The
// execution details follow Novu's v2.0.0 worker: AddJob records "Step delayed" / "Step
// digested" for a held job and then "Step queued" for every job (add-job.usecase.ts:91,449);
// SendMessage records "Start sending message" before any step but a delay or digest
// (send-message.usecase.ts:143).
func (st *store) runLocked(env *environment, n *notification) {
	for ; n.next < len(n.jobs); n.next++ {
		j := n.jobs[n.next]
		switch j.typ {
		case gen.StepTypeDelay:
			st.holdLocked(env, n, j, detailDelayed)
			st.detailLocked(env, j, detailQueued)
			return
		case gen.StepTypeDigest:
			if st.mergeDigestLocked(env, n, j) {
				st.detailLocked(env, j, detailQueued)
				return
			}
			st.holdLocked(env, n, j, detailStepDigested)
			st.detailLocked(env, j, detailQueued)
			n.digestKey = digestKey(n, j)
			env.delivery.digests[n.digestKey] = n.id
			return
		case gen.StepTypeInApp, gen.StepTypeEmail, gen.StepTypeSms, gen.StepTypeChat, gen.StepTypePush:
			st.detailLocked(env, j, detailQueued)
			st.tenantDetailLocked(env, n, j)
			st.sendLocked(env, n, j)
		default: // trigger and custom steps send nothing
			st.detailLocked(env, j, detailQueued)
			st.tenantDetailLocked(env, n, j)
			st.detailLocked(env, j, detailStartSending)
			j.status = jobCompleted
		}
	}
}

// tenantDetailLocked records "Tenant context selected" when a job of a tenant's trigger runs
// (SendMessage's buildCompileContext, send-message.usecase.ts:490 at v2.0.0).
func (st *store) tenantDetailLocked(env *environment, n *notification, j *job) {
	if n.tenant != nil {
		st.detailLocked(env, j, detailTenantSelected)
	}
}

// holdLocked parks a delay or digest job until its time has passed.
func (st *store) holdLocked(env *environment, n *notification, j *job, detail detailKind) {
	j.status = jobDelayed
	n.resumeAt = resumeTime(st.timeOf(env.org), j.step.Metadata, n.payload, n.overrides)
	st.detailLocked(env, j, detail)
	env.delivery.waiting[n.id] = true
}

// releaseLocked finishes the held job of a notification whose time has come and runs on.
func (st *store) releaseLocked(env *environment, n *notification) {
	j := n.jobs[n.next]
	j.status = jobCompleted
	st.tenantDetailLocked(env, n, j)
	if j.typ == gen.StepTypeDigest {
		st.detailLocked(env, j, detailDigesting)
		st.finishDigestLocked(env, n, j)
	} else {
		st.detailLocked(env, j, detailDelayDone)
	}
	n.next++
	st.runLocked(env, n)
}

// digestKey groups the events one digest collects: same workflow, subscriber and, when the
// step has a digestKey, the same payload value under it.
func digestKey(n *notification, j *job) string {
	key := n.workflow.UnderscoreId + "/" + n.subscriber.UnderscoreId + "/" + deref(j.step.UnderscoreId)
	if md := j.step.Metadata; md != nil && deref(md.DigestKey) != "" {
		v, _ := lookupPath(n.payload, *md.DigestKey)
		key += "/" + renderValue(v)
	}
	return key
}

// mergeDigestLocked adds n to a digest already waiting for the same key, if there is one. The
// digest job and every job after it become merged at once and stay so, as Novu's
// processMergedDigest sets them (apps/worker/src/app/workflow/usecases/add-job/
// merge-or-create-digest.usecase.ts:70, updateAllChildJobStatus, at v2.0.0).
func (st *store) mergeDigestLocked(env *environment, n *notification, j *job) bool {
	d := &env.delivery
	leader := d.notifications.get(d.digests[digestKey(n, j)])
	if leader == nil || !d.waiting[leader.id] {
		return false
	}
	for _, later := range n.jobs[n.next:] {
		later.status = jobMerged
	}
	leader.digested = append(leader.digested[:len(leader.digested):len(leader.digested)], n.id)
	st.detailLocked(env, j, detailDigestMerged)
	return true
}

// finishDigestLocked closes a digest: the leader carries every collected event on, in its
// digest job's and every later job's digest.events (digest.usecase.ts:78-88 at v2.0.0); the
// followers' jobs stay merged.
func (st *store) finishDigestLocked(env *environment, n *notification, j *job) {
	d := &env.delivery
	events := []any{n.payload}
	for _, fid := range n.digested {
		f := d.notifications.get(fid)
		if f == nil || f.jobs[f.next].status != jobMerged {
			continue
		}
		events = append(events, f.payload)
	}
	for _, later := range n.jobs[n.next:] {
		later.digestEvents = events
	}
	n.stepVars = map[string]any{"digest": true, "events": events, "total_count": len(events)}
	delete(d.digests, n.digestKey)
	n.digestKey, n.digested = "", nil
	st.detailLocked(env, j, detailDigestTrigger)
}

// resumeTime is when a delay or digest step ends: amount × unit from now, or for a scheduled
// delay the instant found in the payload under delayPath.
func resumeTime(now time.Time, md *gen.StepMetadata, payload, overrides map[string]any) time.Time {
	if md == nil {
		return now
	}
	regular := md.Type != nil && (*md.Type == gen.StepMetadataTypeRegular || *md.Type == gen.StepMetadataTypeBackoff)
	if regular || md.Type == nil && deref(md.Amount) != 0 && md.Unit != nil {
		if amount, unit, ok := delayOverride(overrides); ok {
			return afterAmount(now, amount, unit)
		}
	}
	if md.Type != nil && *md.Type == gen.StepMetadataTypeScheduled {
		v, _ := lookupPath(payload, deref(md.DelayPath))
		if s, ok := v.(string); ok {
			if t, err := time.Parse(time.RFC3339, s); err == nil {
				return t
			}
		}
		return now
	}
	return afterUnits(now, int(deref(md.Amount)), derefOr(md.Unit, gen.StepTimeUnitSeconds))
}

// delayOverride is the trigger's overrides.delay when ComputeJobWaitDuration takes it for a
// regular delay or digest: a number amount and a known unit (compute-job-wait-duration.service.ts
// isValidDelayOverride at v2.0.0).
func delayOverride(overrides map[string]any) (float64, gen.StepTimeUnit, bool) {
	d, _ := overrides["delay"].(map[string]any)
	amount, isNumber := d["amount"].(float64)
	unit, _ := d["unit"].(string)
	if !isNumber || !gen.StepTimeUnit(unit).Valid() {
		return 0, "", false
	}
	return amount, gen.StepTimeUnit(unit), true
}

// afterAmount is afterUnits for an amount that may have a fraction (an override's 0.5 hours),
// which counts days as 24 hours, weeks as 7 days and months as 30.
func afterAmount(t time.Time, amount float64, unit gen.StepTimeUnit) time.Time {
	if amount == math.Trunc(amount) {
		return afterUnits(t, int(amount), unit)
	}
	per := map[gen.StepTimeUnit]time.Duration{gen.StepTimeUnitMinutes: time.Minute, gen.StepTimeUnitHours: time.Hour,
		gen.StepTimeUnitDays: 24 * time.Hour, gen.StepTimeUnitWeeks: 7 * 24 * time.Hour, gen.StepTimeUnitMonths: 30 * 24 * time.Hour}[unit]
	if per == 0 {
		per = time.Second
	}
	return t.Add(time.Duration(amount * float64(per)))
}

// afterUnits is t plus n units; days, weeks and months are calendar ones.
func afterUnits(t time.Time, n int, unit gen.StepTimeUnit) time.Time {
	switch unit {
	case gen.StepTimeUnitMinutes:
		return t.Add(time.Duration(n) * time.Minute)
	case gen.StepTimeUnitHours:
		return t.Add(time.Duration(n) * time.Hour)
	case gen.StepTimeUnitDays:
		return t.AddDate(0, 0, n)
	case gen.StepTimeUnitWeeks:
		return t.AddDate(0, 0, 7*n)
	case gen.StepTimeUnitMonths:
		return t.AddDate(0, n, 0)
	}
	return t.Add(time.Duration(n) * time.Second)
}

// stepDigest is a job's digest as Novu stores it for every job (create-notification-jobs
// copies step.metadata, create-notification-jobs.usecase.ts:108 at v2.0.0): the step's
// metadata within the job schema's digest paths, with the schema's array defaults (events,
// timed.weekDays, timed.monthDays: [] unless set), as a real v2.0.0 shows even an in-app job.
func stepDigest(md *gen.StepMetadata, events []any) map[string]any {
	out := map[string]any{}
	if md != nil {
		if b, err := json.Marshal(md); err == nil {
			_ = json.Unmarshal(b, &out)
		}
		delete(out, "delayPath") // not a path of the job schema's digest
	}
	timed, _ := out["timed"].(map[string]any)
	if timed == nil {
		timed = map[string]any{}
	}
	for _, k := range []string{"weekDays", "monthDays"} {
		if _, ok := timed[k]; !ok {
			timed[k] = []any{}
		}
	}
	out["timed"] = timed
	if events == nil {
		events = []any{}
	}
	out["events"] = events
	return out
}

// execDetail is one execution detail as a job keeps it. Everything else an answer shows (the
// job, notification, environment, subscriber and workflow ids, the transaction, the channel)
// is the parent's and is filled in on read by model, so each detail costs a few bytes instead of
// a generated struct with its own copies and formatted times.
type execDetail struct {
	at       int64 // createdAt (and updatedAt) in Unix milliseconds, the precision it prints with
	id       objectID
	kind     detailKind
	provider bool // the job had its provider when the detail was recorded
}

// detailLocked records one execution detail of a job.
func (st *store) detailLocked(env *environment, j *job, kind detailKind) {
	if j.details == nil {
		j.details = j.detailsBuf[:0]
	}
	j.details = append(j.details, execDetail{id: st.newObjectID(), at: st.timeOf(env.org).UnixMilli(), kind: kind,
		provider: j.providerID != ""})
}

// model is the detail as the API shows it.
func (d execDetail) model(env *environment, n *notification, j *job) gen.ExecutionDetail {
	k := detailKinds[d.kind]
	at := formatTime(time.UnixMilli(d.at))
	typ := j.typ
	ed := gen.ExecutionDetail{UnderscoreId: d.id.String(), UnderscoreJobId: j.id, UnderscoreEnvironmentId: env.id,
		UnderscoreOrganizationId: env.org.id, UnderscoreNotificationId: n.id,
		UnderscoreNotificationTemplateId: n.workflow.UnderscoreId, UnderscoreSubscriberId: n.subscriber.UnderscoreId,
		TransactionId: n.txn, Channel: &typ, Detail: k.text, Source: gen.ExecutionDetailSourceInternal,
		Status: k.status, CreatedAt: at, UpdatedAt: &at,
		ExpireAt: ptrTo(formatTime(n.createdAt.AddDate(0, 0, 30)))} // the job's, i.e. the notification's
	if k.message {
		ed.UnderscoreMessageId = ptrTo(j.messageID)
	}
	// A channel job carries its provider from creation (create-notification-jobs.usecase.ts and
	// getProviderIdsForTemplate, subscriber-job-bound.usecase.ts at v2.0.0), so every one of its
	// details shows it, "Step created" included; the fake knows it once the job has run.
	if d.provider || isChannel(j.typ) && j.providerID != "" {
		ed.ProviderId = ptrTo(j.providerID)
	}
	if d.kind == detailContentNotGenerated {
		ed.Raw = ptrTo(jsonStringifyError(j.contentErr))
	}
	return ed
}

// jsonStringifyError is JSON.stringify({ error }) as Novu keeps a template's error in the
// detail's raw (no HTML escaping, unlike encoding/json's default).
func jsonStringifyError(msg string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]string{"error": msg})
	return strings.TrimSuffix(b.String(), "\n")
}

// failLocked ends a channel job that could not send.
func (st *store) failLocked(env *environment, j *job, detail detailKind) {
	j.status = jobFailed
	st.detailLocked(env, j, detail)
}
