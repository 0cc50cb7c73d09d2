package mockserver

import (
	"slices"

	"github.com/novumock/novumock/gen"
)

// Inbox preferences: the global preference and one per active, non-critical workflow, over the
// same stored choices as /v1/subscribers/{id}/preferences (store_subscribers_preferences.go).

func inboxChannels(pc gen.PreferenceChannels) gen.InboxPreferenceChannels {
	return gen.InboxPreferenceChannels{Email: pc.Email, Sms: pc.Sms, InApp: pc.InApp, Chat: pc.Chat, Push: pc.Push}
}

// channelChoice is the channels a request sets (absent ones untouched).
func channelChoice(c gen.InboxPreferenceChannels) map[gen.ChannelType]bool {
	return channelMap(gen.PreferenceChannels{Email: c.Email, Sms: c.Sms, InApp: c.InApp, Chat: c.Chat, Push: c.Push})
}

// inboxGlobalLocked is the global preference as the Inbox shows it: every channel, on unless the
// subscriber switched it off (Novu v2.0.0 lists all five whatever integrations are active).
func (st *store) inboxGlobalLocked(env *environment, subscriberID string) gen.InboxPreference {
	g := st.globalPreferenceLocked(env, subscriberID)
	return gen.InboxPreference{Level: "global", Enabled: g.Enabled, Channels: inboxChannels(g.Channels)}
}

// inboxWorkflowLocked is a workflow's preference as the Inbox shows it: the channels its steps
// use, each from the subscriber's own choice for the workflow, else their global choice, else the
// workflow's default (Novu's GetSubscriberTemplatePreference order).
func (st *store) inboxWorkflowLocked(env *environment, subscriberID string, wf *gen.Workflow) gen.InboxPreference {
	p := st.workflowPreferenceLocked(env, subscriberID, wf, nil)
	channels := channelMap(p.Preference.Channels)
	if prefs := env.subscribers.prefs[subscriberID]; prefs != nil && prefs.global != nil {
		var own map[gen.ChannelType]bool
		if w := prefs.workflows[wf.UnderscoreId]; w != nil {
			own = w.channels
		}
		for ch := range channels {
			if on, set := prefs.global.channels[ch]; set {
				if _, mine := own[ch]; !mine {
					channels[ch] = on
				}
			}
		}
	}
	pref := gen.InboxPreference{Level: "template", Enabled: p.Preference.Enabled, Channels: inboxChannels(prefChannels(channels))}
	tags := slices.Clone(wf.Tags)
	if tags == nil {
		tags = []string{}
	}
	pref.Workflow = &struct {
		Critical   bool      `json:"critical"`
		Id         string    `json:"id"`
		Identifier string    `json:"identifier"`
		Name       string    `json:"name"`
		Tags       *[]string `json:"tags,omitempty"`
	}{Critical: wf.Critical, Id: wf.UnderscoreId, Identifier: triggerIdentifier(wf), Name: wf.Name, Tags: &tags}
	return pref
}

// listInboxPreferences is GET /v1/inbox/preferences: critical workflows are left out.
func (st *store) listInboxPreferences(p subscriberPrincipal, tags []string) ([]gen.InboxPreference, error) {
	p.env.org.mu.RLock()
	defer p.env.org.mu.RUnlock()
	if p.env.subscribers.get(p.subscriberID) == nil {
		return nil, errPreferenceSubscriberNotFound(p.subscriberID)
	}
	out := []gen.InboxPreference{st.inboxGlobalLocked(p.env, p.subscriberID)}
	for _, wf := range activeWorkflowsLocked(p.env) {
		if wf.Critical || len(tags) > 0 && !slices.ContainsFunc(wf.Tags, func(t string) bool { return slices.Contains(tags, t) }) {
			continue
		}
		out = append(out, st.inboxWorkflowLocked(p.env, p.subscriberID, wf))
	}
	return out, nil
}

func (st *store) inboxGlobalPreference(p subscriberPrincipal) (gen.InboxPreference, error) {
	p.env.org.mu.RLock()
	defer p.env.org.mu.RUnlock()
	if p.env.subscribers.get(p.subscriberID) == nil {
		return gen.InboxPreference{}, errPreferenceSubscriberNotFound(p.subscriberID)
	}
	return st.inboxGlobalLocked(p.env, p.subscriberID), nil
}

// inboxPreferenceChange is one preference write: the workflow (nil for the global preference)
// and the channels the request sets.
type inboxPreferenceChange struct {
	workflow *gen.Workflow
	channels map[gen.ChannelType]bool
}

// inboxPreferenceWorkflowLocked finds the workflow a preference change names: by _id, or (bulk) also by
// trigger identifier. Critical workflows cannot be changed.
func inboxPreferenceWorkflowLocked(env *environment, id string, byIdentifier bool) (*gen.Workflow, error) {
	wf := env.workflows.get(id)
	if wf != nil && !byIdentifier && wf.UnderscoreId != id || wf != nil && wf.Deleted {
		wf = nil
	}
	if wf == nil {
		return nil, errNotFound("Workflow with id: %s is not found", id)
	}
	if wf.Critical {
		return nil, errBadRequest("Critical workflow with id: %s can not be updated", id)
	}
	return wf, nil
}

// updateInboxPreferences writes the changes, all checked before any is written, and answers
// each preference after its change. A first write of a preference stores every channel the
// request leaves out as on (Novu's createUserPreference); later ones change only those given.
func (st *store) updateInboxPreferences(p subscriberPrincipal, workflowIDs []string, channels []map[gen.ChannelType]bool, byIdentifier bool) ([]gen.InboxPreference, error) {
	p.env.org.mu.Lock()
	defer p.env.org.mu.Unlock()
	env := p.env
	if env.subscribers.get(p.subscriberID) == nil {
		return nil, errNotFound("Subscriber with id: %s is not found", p.subscriberID)
	}
	changes := make([]inboxPreferenceChange, len(channels))
	for i := range channels {
		changes[i].channels = channels[i]
		if workflowIDs[i] == "" {
			continue
		}
		wf, err := inboxPreferenceWorkflowLocked(env, workflowIDs[i], byIdentifier)
		if err != nil {
			return nil, err
		}
		changes[i].workflow = wf
	}
	prefs := st.prefsOfLocked(env, p.subscriberID)
	out := make([]gen.InboxPreference, 0, len(changes))
	for _, c := range changes {
		cur := prefs.global
		if c.workflow != nil {
			cur = prefs.workflows[c.workflow.UnderscoreId]
		}
		next := &prefSetting{enabled: true, channels: map[gen.ChannelType]bool{}}
		if cur != nil {
			next.enabled, next.channels = cur.enabled, cloneChannels(cur.channels)
		} else {
			for _, ch := range allChannels {
				next.channels[ch] = true
			}
		}
		for ch, on := range c.channels {
			next.channels[ch] = on
		}
		if c.workflow != nil {
			prefs.workflows[c.workflow.UnderscoreId] = next
			out = append(out, st.inboxWorkflowLocked(env, p.subscriberID, c.workflow))
		} else {
			prefs.global = next
			out = append(out, st.inboxGlobalLocked(env, p.subscriberID))
		}
	}
	return out, nil
}
