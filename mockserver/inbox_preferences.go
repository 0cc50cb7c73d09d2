package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Inbox preferences (/v1/inbox/preferences*), store side in store_inbox_preferences.go.

func (s api) ListInboxPreferences(ctx context.Context, req gen.ListInboxPreferencesRequestObject) (gen.ListInboxPreferencesResponseObject, error) {
	list, err := s.store.listInboxPreferences(sessionOf(ctx), deref(req.Params.Tags))
	if err != nil {
		return nil, err
	}
	return gen.ListInboxPreferences200JSONResponse{InboxPreferenceListOKJSONResponse: gen.InboxPreferenceListOKJSONResponse{Data: list}}, nil
}

func (s api) GetInboxGlobalPreference(ctx context.Context, _ gen.GetInboxGlobalPreferenceRequestObject) (gen.GetInboxGlobalPreferenceResponseObject, error) {
	p, err := s.store.inboxGlobalPreference(sessionOf(ctx))
	if err != nil {
		return nil, err
	}
	return gen.GetInboxGlobalPreference200JSONResponse{InboxPreferenceOKJSONResponse: gen.InboxPreferenceOKJSONResponse{Data: p}}, nil
}

func (s api) UpdateInboxGlobalPreference(ctx context.Context, req gen.UpdateInboxGlobalPreferenceRequestObject) (gen.UpdateInboxGlobalPreferenceResponseObject, error) {
	p, err := s.updateOnePreference(ctx, "", req.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateInboxGlobalPreference200JSONResponse{InboxPreferenceOKJSONResponse: gen.InboxPreferenceOKJSONResponse{Data: p}}, nil
}

func (s api) UpdateInboxWorkflowPreference(ctx context.Context, req gen.UpdateInboxWorkflowPreferenceRequestObject) (gen.UpdateInboxWorkflowPreferenceResponseObject, error) {
	p, err := s.updateOnePreference(ctx, req.WorkflowId, req.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateInboxWorkflowPreference200JSONResponse{InboxPreferenceOKJSONResponse: gen.InboxPreferenceOKJSONResponse{Data: p}}, nil
}

func (s api) updateOnePreference(ctx context.Context, workflowID string, body *gen.InboxPreferenceChannels) (gen.InboxPreference, error) {
	var channels gen.InboxPreferenceChannels
	if body != nil {
		channels = *body
	}
	out, err := s.store.updateInboxPreferences(sessionOf(ctx), []string{workflowID}, []map[gen.ChannelType]bool{channelChoice(channels)}, false)
	if err != nil {
		return gen.InboxPreference{}, err
	}
	return out[0], nil
}

func (s api) BulkUpdateInboxPreferences(ctx context.Context, req gen.BulkUpdateInboxPreferencesRequestObject) (gen.BulkUpdateInboxPreferencesResponseObject, error) {
	items := req.Body.Preferences
	ids := make([]string, len(items))
	channels := make([]map[gen.ChannelType]bool, len(items))
	for i, it := range items {
		if it.WorkflowId == "" {
			return nil, errValidation("preferences.0.workflowId should not be empty")
		}
		ids[i] = it.WorkflowId
		channels[i] = channelChoice(gen.InboxPreferenceChannels{Email: it.Email, Sms: it.Sms, InApp: it.InApp, Chat: it.Chat, Push: it.Push})
	}
	out, err := s.store.updateInboxPreferences(sessionOf(ctx), ids, channels, true)
	if err != nil {
		return nil, err
	}
	return gen.BulkUpdateInboxPreferences200JSONResponse{InboxPreferenceListOKJSONResponse: gen.InboxPreferenceListOKJSONResponse{Data: out}}, nil
}
