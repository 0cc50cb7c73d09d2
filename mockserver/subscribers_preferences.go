package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Subscriber preferences: the global preference and one preference per active workflow.

func (s api) ListSubscriberPreferences(ctx context.Context, req gen.ListSubscriberPreferencesRequestObject) (gen.ListSubscriberPreferencesResponseObject, error) {
	list, err := s.store.listPreferences(principalFrom(ctx), req.SubscriberId)
	if err != nil {
		return nil, err
	}
	return gen.ListSubscriberPreferences200JSONResponse{SubscriberPreferenceListOKJSONResponse: gen.SubscriberPreferenceListOKJSONResponse{
		Body: gen.SubscriberPreferenceListEnvelope{Data: list}}}, nil
}

func (s api) GetSubscriberPreferencesByLevel(ctx context.Context, req gen.GetSubscriberPreferencesByLevelRequestObject) (gen.GetSubscriberPreferencesByLevelResponseObject, error) {
	env := principalFrom(ctx)
	out := []gen.SubscriberLevelPreference{}
	if req.Parameter == gen.GetSubscriberPreferencesByLevelParamsParameterGlobal {
		g, err := s.store.globalPreference(env, req.SubscriberId)
		if err != nil {
			return nil, err
		}
		out = append(out, gen.SubscriberLevelPreference{Preference: g})
	} else {
		list, err := s.store.listPreferences(env, req.SubscriberId)
		if err != nil {
			return nil, err
		}
		for _, p := range list {
			out = append(out, gen.SubscriberLevelPreference{Template: ptrTo(p.Template), Preference: p.Preference, Type: p.Type})
		}
	}
	return gen.GetSubscriberPreferencesByLevel200JSONResponse{SubscriberLevelPreferenceListOKJSONResponse: gen.SubscriberLevelPreferenceListOKJSONResponse{
		Body: gen.SubscriberLevelPreferenceListEnvelope{Data: out}}}, nil
}

func (s api) UpdateSubscriberGlobalPreferences(ctx context.Context, req gen.UpdateSubscriberGlobalPreferencesRequestObject) (gen.UpdateSubscriberGlobalPreferencesResponseObject, error) {
	g, err := s.store.updateGlobalPreference(principalFrom(ctx), req.SubscriberId, *req.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateSubscriberGlobalPreferences200JSONResponse{SubscriberGlobalPreferenceOKJSONResponse: gen.SubscriberGlobalPreferenceOKJSONResponse{
		Body: gen.SubscriberGlobalPreferenceEnvelope{Data: gen.SubscriberGlobalPreference{Preference: g}}}}, nil
}

func (s api) UpdateSubscriberPreference(ctx context.Context, req gen.UpdateSubscriberPreferenceRequestObject) (gen.UpdateSubscriberPreferenceResponseObject, error) {
	p, err := s.store.updateWorkflowPreference(principalFrom(ctx), req.SubscriberId, req.Parameter, *req.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateSubscriberPreference200JSONResponse{SubscriberPreferenceOKJSONResponse: gen.SubscriberPreferenceOKJSONResponse{
		Body: gen.SubscriberPreferenceEnvelope{Data: p}}}, nil
}
