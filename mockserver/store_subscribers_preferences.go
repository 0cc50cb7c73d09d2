package mockserver

import (
	"slices"

	"github.com/novumock/novumock/gen"
)

// subscriberPrefs is what a subscriber chose: the global switch and channels, and per workflow
// (by workflow _id) the workflow switch and channels. A channel absent from a map inherits.
type subscriberPrefs struct {
	global    *prefSetting
	workflows map[string]*prefSetting
}

type prefSetting struct {
	enabled  bool
	channels map[gen.ChannelType]bool
}

// subscriberWorkflowPreference is the type a v1 workflow preference answers
// (PreferencesTypeEnum.SUBSCRIBER_WORKFLOW, get-subscriber-template-preference.usecase.ts at v2.0.0).
const subscriberWorkflowPreference gen.SubscriberPreferenceType = "SUBSCRIBER_WORKFLOW"

var allChannels = []gen.ChannelType{gen.ChannelTypeInApp, gen.ChannelTypeEmail, gen.ChannelTypeSms,
	gen.ChannelTypeChat, gen.ChannelTypePush}

// channelCount is len(allChannels), for arrays indexed as it is.
const channelCount = 5

// prefChannels turns a channel map into the response shape (absent channels stay absent).
func prefChannels(m map[gen.ChannelType]bool) gen.PreferenceChannels {
	var pc gen.PreferenceChannels
	for ch, on := range m {
		if p := channelField(&pc, ch); p != nil {
			*p = ptrTo(on)
		}
	}
	return pc
}

func channelField(pc *gen.PreferenceChannels, ch gen.ChannelType) **bool {
	switch ch {
	case gen.ChannelTypeInApp:
		return &pc.InApp
	case gen.ChannelTypeEmail:
		return &pc.Email
	case gen.ChannelTypeSms:
		return &pc.Sms
	case gen.ChannelTypeChat:
		return &pc.Chat
	case gen.ChannelTypePush:
		return &pc.Push
	}
	return nil
}

// channelMap reads the channels set in a PreferenceChannels.
func channelMap(pc gen.PreferenceChannels) map[gen.ChannelType]bool {
	m := map[gen.ChannelType]bool{}
	for _, ch := range allChannels {
		if p := *channelField(&pc, ch); p != nil {
			m[ch] = *p
		}
	}
	return m
}

// workflowChannels are the channels of the workflow's active steps, in step order.
func workflowChannels(wf *gen.Workflow) []gen.ChannelType {
	var out []gen.ChannelType
	for _, s := range wf.Steps {
		if s.Active != nil && !*s.Active || s.Template == nil {
			continue
		}
		ch := gen.ChannelType(s.Template.Type)
		if slices.Contains(allChannels, ch) && !slices.Contains(out, ch) {
			out = append(out, ch)
		}
	}
	return out
}

// workflowChoice is a subscriber's effective choice for one workflow, per channel in
// allChannels order: used (a channel of the workflow's active steps), on, and the last source that
// set it ("" when none did).
type workflowChoice struct {
	enabled bool
	used    [channelCount]bool
	on      [channelCount]bool
	source  [channelCount]gen.SubscriberPreferenceOverrideSource
}

// workflowChoiceLocked works out a subscriber's choice for one workflow: every channel of the
// workflow's active steps starts on, then the workflow's defaults, the tenant's workflow override
// (when given) and the subscriber's own choices apply in that order, and each channel remembers
// the last source that set it. Channels no active step uses stay out.
func (st *store) workflowChoiceLocked(env *environment, subscriberID string, wf *gen.Workflow, override *gen.WorkflowOverride) workflowChoice {
	c := workflowChoice{enabled: true}
	for _, ch := range workflowChannels(wf) {
		i := slices.Index(allChannels, ch)
		c.used[i], c.on[i] = true, true
	}
	apply := func(get func(ch gen.ChannelType) (on, set bool), src gen.SubscriberPreferenceOverrideSource) {
		for i, ch := range allChannels {
			if on, set := get(ch); set && c.used[i] {
				c.on[i], c.source[i] = on, src
			}
		}
	}
	fromSettings := func(pc gen.PreferenceChannels) func(gen.ChannelType) (bool, bool) {
		return func(ch gen.ChannelType) (bool, bool) {
			if p := *channelField(&pc, ch); p != nil {
				return *p, true
			}
			return false, false
		}
	}
	apply(fromSettings(wf.PreferenceSettings), gen.SubscriberPreferenceOverrideSourceTemplate)
	if override != nil {
		apply(fromSettings(override.PreferenceSettings), gen.SubscriberPreferenceOverrideSourceWorkflowOverride)
	}
	if p := env.subscribers.prefs[subscriberID]; p != nil && p.workflows[wf.UnderscoreId] != nil {
		mine := p.workflows[wf.UnderscoreId]
		c.enabled = mine.enabled
		apply(func(ch gen.ChannelType) (bool, bool) { on, set := mine.channels[ch]; return on, set },
			gen.SubscriberPreferenceOverrideSourceSubscriber)
	}
	return c
}

// workflowPreferenceLocked is a subscriber's effective preference for one workflow, as the
// preference routes answer it (workflowChoiceLocked).
func (st *store) workflowPreferenceLocked(env *environment, subscriberID string, wf *gen.Workflow, override *gen.WorkflowOverride) gen.SubscriberPreference {
	c := st.workflowChoiceLocked(env, subscriberID, wf, override)
	channels := map[gen.ChannelType]bool{}
	overrides := []gen.SubscriberPreferenceOverride{}
	for i, ch := range allChannels {
		if c.used[i] {
			channels[ch] = c.on[i]
		}
		if c.source[i] != "" {
			overrides = append(overrides, gen.SubscriberPreferenceOverride{Channel: ch, Source: c.source[i]})
		}
	}
	return gen.SubscriberPreference{Template: preferenceTemplate(wf), Type: ptrTo(subscriberWorkflowPreference),
		Preference: gen.SubscriberPreferenceSettings{Enabled: c.enabled, Channels: prefChannels(channels), Overrides: &overrides}}
}

// preferenceTemplate is Novu's mapTemplateConfiguration: the workflow's id, name, tags ([] when
// none), critical flag, whole triggers and data when it has any
// (get-subscriber-template-preference.usecase.ts at v2.0.0). The stored workflow is never
// changed in place, so the answer may share its triggers.
func preferenceTemplate(wf *gen.Workflow) gen.SubscriberPreferenceTemplate {
	tags := slices.Clone(wf.Tags)
	if tags == nil {
		tags = []string{}
	}
	return gen.SubscriberPreferenceTemplate{UnderscoreId: wf.UnderscoreId, Name: wf.Name, Critical: wf.Critical,
		Tags: &tags, Triggers: ptrTo(slices.Clone(wf.Triggers)), Data: wf.Data}
}

// globalPreferenceLocked is the subscriber's global preference: every channel on by default, with
// the subscriber's own choices applied over them (GetSubscriberGlobalPreference's
// updatePreferenceStateWithDefault, get-subscriber-global-preference.usecase.ts at v2.0.0).
func (st *store) globalPreferenceLocked(env *environment, subscriberID string) gen.SubscriberPreferenceSettings {
	channels := map[gen.ChannelType]bool{}
	for _, ch := range allChannels {
		channels[ch] = true
	}
	enabled := true
	if p := env.subscribers.prefs[subscriberID]; p != nil && p.global != nil {
		enabled = p.global.enabled
		for ch, on := range p.global.channels {
			channels[ch] = on
		}
	}
	return gen.SubscriberPreferenceSettings{Enabled: enabled, Channels: prefChannels(channels)}
}

// channelAllowedLocked tells delivery whether a step of workflow wf on channel ch may reach the
// subscriber: critical workflows always may; otherwise the global and the workflow preference
// (with the tenant's override, if any) must both leave it on.
func (st *store) channelAllowedLocked(env *environment, subscriberID string, wf *gen.Workflow, override *gen.WorkflowOverride, ch gen.ChannelType) bool {
	if wf.Critical {
		return true
	}
	if p := env.subscribers.prefs[subscriberID]; p != nil && p.global != nil {
		if on, set := p.global.channels[ch]; !p.global.enabled || set && !on {
			return false
		}
	}
	// The channel's value in the workflow preference, read without building the answer (every
	// send asks): a channel no active step uses is not in it, so it is on.
	c := st.workflowChoiceLocked(env, subscriberID, wf, override)
	i := slices.Index(allChannels, ch)
	return c.enabled && (i < 0 || !c.used[i] || c.on[i])
}

// activeWorkflowsLocked are the workflows a preference list shows.
func activeWorkflowsLocked(env *environment) []*gen.Workflow {
	var out []*gen.Workflow
	for _, wf := range env.workflows.all() {
		if wf.Active && !wf.Deleted {
			out = append(out, wf)
		}
	}
	return out
}

func errPreferenceSubscriberNotFound(subscriberID string) *apiError {
	return errNotFound("Subscriber with id: %s not found", subscriberID)
}

// errPreferenceReadSubscriberNotFound is the ApiException (400) v2.0.0's preference use cases
// throw for an unknown subscriber (GetSubscriberGlobalPreference,
// GetSubscriberTemplatePreference at v2.0.0; seen on a real v2.0.0).
func errPreferenceReadSubscriberNotFound(subscriberID string) *apiError {
	return errBadRequest("Subscriber %s not found", subscriberID)
}

// listPreferences is GetSubscriberPreference: one preference per active workflow, each of which
// looks the subscriber up, so an unknown subscriber is refused only when there is a workflow to
// show (an environment without active workflows answers [] for anyone).
func (st *store) listPreferences(env *environment, subscriberID string) ([]gen.SubscriberPreference, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	active := activeWorkflowsLocked(env)
	if env.subscribers.get(subscriberID) == nil && len(active) > 0 {
		return nil, errPreferenceReadSubscriberNotFound(subscriberID)
	}
	out := []gen.SubscriberPreference{}
	for _, wf := range active {
		out = append(out, st.workflowPreferenceLocked(env, subscriberID, wf, nil))
	}
	return out, nil
}

func (st *store) globalPreference(env *environment, subscriberID string) (gen.SubscriberPreferenceSettings, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	if env.subscribers.get(subscriberID) == nil {
		return gen.SubscriberPreferenceSettings{}, errPreferenceReadSubscriberNotFound(subscriberID)
	}
	return st.globalPreferenceLocked(env, subscriberID), nil
}

func (st *store) prefsOfLocked(env *environment, subscriberID string) *subscriberPrefs {
	p := env.subscribers.prefs[subscriberID]
	if p == nil {
		p = &subscriberPrefs{workflows: map[string]*prefSetting{}}
		env.subscribers.prefs[subscriberID] = p
	}
	return p
}

// updateGlobalPreference sets the global switch and channels given; a first update starts from
// "enabled" unless it says otherwise.
func (st *store) updateGlobalPreference(env *environment, subscriberID string, req gen.UpdateSubscriberGlobalPreferencesRequest) (gen.SubscriberPreferenceSettings, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	if env.subscribers.get(subscriberID) == nil {
		return gen.SubscriberPreferenceSettings{}, errNotFound("Subscriber not found")
	}
	p := st.prefsOfLocked(env, subscriberID)
	g := &prefSetting{enabled: true, channels: map[gen.ChannelType]bool{}}
	if p.global != nil {
		g.enabled, g.channels = p.global.enabled, cloneChannels(p.global.channels)
	}
	if req.Enabled != nil {
		g.enabled = *req.Enabled
	}
	if req.Preferences != nil {
		for _, cp := range *req.Preferences {
			g.channels[cp.Type] = cp.Enabled
		}
	}
	p.global = g
	return st.globalPreferenceLocked(env, subscriberID), nil
}

func cloneChannels(m map[gen.ChannelType]bool) map[gen.ChannelType]bool {
	out := make(map[gen.ChannelType]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// updateWorkflowPreference is PATCH /subscribers/{id}/preferences/{workflowId}. A first update
// creates the preference (enabled unless told otherwise) even from an empty body; later ones
// must change something. Errors come in Novu's order, but nothing is written unless all pass.
func (st *store) updateWorkflowPreference(env *environment, subscriberID, workflowID string, req gen.UpdateSubscriberPreferenceRequest) (gen.SubscriberPreference, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	if env.subscribers.get(subscriberID) == nil {
		return gen.SubscriberPreference{}, errNotFound("Subscriber not found")
	}
	var existing *prefSetting
	if p := env.subscribers.prefs[subscriberID]; p != nil {
		existing = p.workflows[workflowID]
	}
	if existing != nil && req.Enabled == nil && req.Channel == nil {
		return gen.SubscriberPreference{}, errBadRequest("In order to make an update you need to provider channel or enabled")
	}
	wf := env.workflows.get(workflowID)
	if wf == nil || wf.UnderscoreId != workflowID || wf.Deleted {
		return gen.SubscriberPreference{}, errNotFound("Template with id %s is not found", workflowID)
	}
	next := &prefSetting{enabled: true, channels: map[gen.ChannelType]bool{}}
	if existing != nil {
		next.enabled, next.channels = existing.enabled, cloneChannels(existing.channels)
	}
	if req.Enabled != nil {
		next.enabled = *req.Enabled
	}
	if req.Channel != nil {
		next.channels[req.Channel.Type] = req.Channel.Enabled
	}
	st.prefsOfLocked(env, subscriberID).workflows[workflowID] = next
	return st.workflowPreferenceLocked(env, subscriberID, wf, nil), nil
}
