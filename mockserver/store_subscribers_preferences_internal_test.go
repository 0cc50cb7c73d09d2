package mockserver

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
)

// channelAllowedLocked reads one channel without building the workflow preference; over every
// combination of workflow default, tenant override and subscriber choice (on, off, unset), a
// disabled workflow preference and a channel no step uses, it answers what the built preference
// (workflowPreferenceLocked, which the preference routes answer) says.
func TestChannelAllowed_AsTheWorkflowPreference(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	st := s.store
	env := st.environmentByKey(DefaultDevAPIKey)
	on, off := true, false
	settings := []*bool{nil, &on, &off}
	inApp, email := gen.StepTypeInApp, gen.StepTypeEmail
	wf := &gen.Workflow{UnderscoreId: "wf", Steps: []gen.NotificationStep{
		{Template: &gen.MessageTemplate{Type: inApp}},
		{Template: &gen.MessageTemplate{Type: email}, Active: &off}, // an inactive step's channel is not the workflow's
	}}
	fromPreference := func(ch gen.ChannelType, override *gen.WorkflowOverride) bool {
		pref := st.workflowPreferenceLocked(env, "sub", wf, override)
		if !pref.Preference.Enabled {
			return false
		}
		if p := *channelField(&pref.Preference.Channels, ch); p != nil {
			return *p
		}
		return true
	}
	cases := 0
	for _, ch := range []gen.ChannelType{gen.ChannelTypeInApp, gen.ChannelTypeEmail, gen.ChannelTypeSms} {
		for _, def := range settings {
			for _, ov := range append(settings, nil) {
				for _, mine := range settings {
					for _, enabled := range []bool{true, false} {
						wf.PreferenceSettings = gen.PreferenceChannels{}
						*channelField(&wf.PreferenceSettings, ch) = def
						var override *gen.WorkflowOverride
						if ov != nil {
							override = &gen.WorkflowOverride{}
							*channelField(&override.PreferenceSettings, ch) = ov
						}
						choice := &prefSetting{enabled: enabled, channels: map[gen.ChannelType]bool{}}
						if mine != nil {
							choice.channels[ch] = *mine
						}
						env.subscribers.prefs["sub"] = &subscriberPrefs{workflows: map[string]*prefSetting{"wf": choice}}
						name := fmt.Sprintf("%s default=%v override=%v subscriber=%v enabled=%v", ch, show(def), show(ov), show(mine), enabled)
						assert.Equal(t, fromPreference(ch, override), st.channelAllowedLocked(env, "sub", wf, override, ch), name)
						cases++
					}
				}
			}
		}
	}
	assert.Equal(t, 3*3*4*3*2, cases)
}

func show(b *bool) string {
	if b == nil {
		return "unset"
	}
	return fmt.Sprint(*b)
}

func TestChannelCount(t *testing.T) { assert.Len(t, allChannels, channelCount) }
