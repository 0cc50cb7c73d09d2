package mockserver

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/novumock/novumock/gen"
)

// detailKind is one of the fixed execution details a job records. A detail keeps only its
// kind; its text, status and whether it names the job's message come from detailKinds.
type detailKind uint8

const (
	detailNone detailKind = iota
	detailQueued
	detailDelayed
	detailDelayDone
	detailDigesting
	detailDigestMerged
	detailDigestTrigger
	detailMessageCreated
	detailMessageSent
	detailNoIntegration
	detailNoEmail
	detailNoPhone
	detailNoChannel
	detailFilteredByPreference
	detailFilteredBySteps
	detailContentNotGenerated
)

// detailKinds are the texts in Novu's words, with the status Novu gives each.
var detailKinds = [...]struct {
	text    string
	status  gen.ExecutionDetailStatus
	message bool // the detail carries _messageId
}{
	detailQueued:               {"Step queued", gen.ExecutionDetailStatusPending, false},
	detailDelayed:              {"Step delayed", gen.ExecutionDetailStatusPending, false},
	detailDelayDone:            {"Delay is finished", gen.ExecutionDetailStatusSuccess, false},
	detailDigesting:            {"Start digesting", gen.ExecutionDetailStatusPending, false},
	detailDigestMerged:         {"Digest was merged with other digest", gen.ExecutionDetailStatusSuccess, false},
	detailDigestTrigger:        {"Digest triggered events", gen.ExecutionDetailStatusSuccess, false},
	detailMessageCreated:       {"Message created", gen.ExecutionDetailStatusPending, true},
	detailMessageSent:          {"Message sent", gen.ExecutionDetailStatusSuccess, true},
	detailNoIntegration:        {"Subscriber does not have an active integration", gen.ExecutionDetailStatusFailed, false},
	detailNoEmail:              {"Subscriber does not have an email address", gen.ExecutionDetailStatusFailed, false},
	detailNoPhone:              {"Subscriber does not have a phone", gen.ExecutionDetailStatusFailed, false},
	detailNoChannel:            {"Subscriber does not have a configured channel", gen.ExecutionDetailStatusFailed, false},
	detailFilteredByPreference: {"Step filtered by subscriber preferences", gen.ExecutionDetailStatusSuccess, false},
	detailFilteredBySteps:      {"Step was filtered based on steps filters", gen.ExecutionDetailStatusSuccess, false},
	detailContentNotGenerated:  {"Message content could not be generated", gen.ExecutionDetailStatusFailed, false},
}

// runLocked runs a notification's jobs from n.next until one has to wait or all are done.
func (st *store) runLocked(env *environment, n *notification) {
	for ; n.next < len(n.jobs); n.next++ {
		j := n.jobs[n.next]
		switch j.typ {
		case gen.StepTypeDelay:
			st.holdLocked(env, n, j, detailDelayed)
			return
		case gen.StepTypeDigest:
			if st.mergeDigestLocked(env, n, j) {
				return
			}
			st.holdLocked(env, n, j, detailDigesting)
			n.digestKey = digestKey(n, j)
			env.delivery.digests[n.digestKey] = n.id
			return
		case gen.StepTypeInApp, gen.StepTypeEmail, gen.StepTypeSms, gen.StepTypeChat, gen.StepTypePush:
			st.sendLocked(env, n, j)
		default: // trigger and custom steps send nothing here
			j.status = jobCompleted
		}
	}
}

// holdLocked parks a delay or digest job until its time has passed.
func (st *store) holdLocked(env *environment, n *notification, j *job, detail detailKind) {
	j.status = jobDelayed
	n.resumeAt = resumeTime(st.clock.Now(), j.step.Metadata, n.payload)
	j.digest = stepDigest(j.step.Metadata)
	st.detailLocked(j, detail)
	env.delivery.waiting[n.id] = true
}

// releaseLocked finishes the held job of a notification whose time has come and runs on.
func (st *store) releaseLocked(env *environment, n *notification) {
	j := n.jobs[n.next]
	j.status = jobCompleted
	if j.typ == gen.StepTypeDigest {
		st.finishDigestLocked(env, n, j)
	} else {
		st.detailLocked(j, detailDelayDone)
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

// mergeDigestLocked adds n to a digest already waiting for the same key, if there is one.
func (st *store) mergeDigestLocked(env *environment, n *notification, j *job) bool {
	d := &env.delivery
	leader := d.notifications.get(d.digests[digestKey(n, j)])
	if leader == nil || !d.waiting[leader.id] {
		return false
	}
	j.status = jobMerged
	j.digest = stepDigest(j.step.Metadata)
	leader.digested = append(leader.digested[:len(leader.digested):len(leader.digested)], n.id)
	st.detailLocked(j, detailDigestMerged)
	return true
}

// finishDigestLocked closes a digest: the leader carries every collected event on, the
// followers' remaining jobs are skipped.
func (st *store) finishDigestLocked(env *environment, n *notification, j *job) {
	d := &env.delivery
	events := []any{n.payload}
	for _, fid := range n.digested {
		f := d.notifications.get(fid)
		if f == nil || f.jobs[f.next].status != jobMerged {
			continue
		}
		events = append(events, f.payload)
		for _, fj := range f.jobs[f.next+1:] {
			fj.status = jobSkipped
		}
	}
	digest := map[string]any{"events": events}
	for k, v := range j.digest {
		digest[k] = v
	}
	j.digest = digest
	n.stepVars = map[string]any{"digest": true, "events": events, "total_count": len(events)}
	delete(d.digests, n.digestKey)
	n.digestKey, n.digested = "", nil
	st.detailLocked(j, detailDigestTrigger)
}

// resumeTime is when a delay or digest step ends: amount × unit from now, or for a scheduled
// delay the instant found in the payload under delayPath.
func resumeTime(now time.Time, md *gen.StepMetadata, payload map[string]any) time.Time {
	if md == nil {
		return now
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

// stepDigest is the digest/delay settings an activity job shows.
func stepDigest(md *gen.StepMetadata) map[string]any {
	if md == nil {
		return nil
	}
	out := map[string]any{}
	if md.Amount != nil {
		out["amount"] = *md.Amount
	}
	if md.Unit != nil {
		out["unit"] = *md.Unit
	}
	if md.DigestKey != nil {
		out["digestKey"] = *md.DigestKey
	}
	if md.Type != nil {
		out["type"] = *md.Type
	}
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
func (st *store) detailLocked(j *job, kind detailKind) {
	if j.details == nil {
		j.details = make([]execDetail, 0, detailsCap(j.typ))
	}
	j.details = append(j.details, execDetail{id: st.newObjectID(), at: st.clock.Now().UnixMilli(), kind: kind,
		provider: j.providerID != ""})
}

// detailsCap is how many details a job of the type records on its usual path (queued, message
// created, message sent; or held and released), so the slice is allocated once.
func detailsCap(t gen.StepType) int {
	if isChannel(t) {
		return 3
	}
	return 2
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
		Status: k.status, CreatedAt: at, UpdatedAt: &at}
	if k.message {
		ed.UnderscoreMessageId = ptrTo(j.messageID)
	}
	if d.provider {
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
func (st *store) failLocked(j *job, detail detailKind) {
	j.status = jobFailed
	st.detailLocked(j, detail)
}
