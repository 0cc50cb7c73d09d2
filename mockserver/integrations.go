package mockserver

import (
	"context"
	"net/http"

	"github.com/novumock/novumock/gen"
)

// Integrations section (/v1/integrations): delivery providers and the primary rules.

func integrationOK(i gen.Integration) gen.IntegrationOKJSONResponse {
	return gen.IntegrationOKJSONResponse{Body: gen.IntegrationEnvelope{Data: i}}
}

func integrationListOK(list []gen.Integration) gen.IntegrationListOKJSONResponse {
	return gen.IntegrationListOKJSONResponse{Body: gen.IntegrationListEnvelope{Data: list}}
}

func booleanOK(b bool) gen.BooleanJSONResponse {
	return gen.BooleanJSONResponse{Body: gen.BooleanEnvelope{Data: b}}
}

func (s api) ListIntegrations(ctx context.Context, _ gen.ListIntegrationsRequestObject) (gen.ListIntegrationsResponseObject, error) {
	return integrationList{s.Server, s.store.listIntegrations(principalFrom(ctx), false)}, nil
}

func (s api) ListActiveIntegrations(ctx context.Context, _ gen.ListActiveIntegrationsRequestObject) (gen.ListActiveIntegrationsResponseObject, error) {
	return integrationList{s.Server, s.store.listIntegrations(principalFrom(ctx), true)}, nil
}

// integrationList is the 200 answer of both lists, written from the cached encodings.
type integrationList struct {
	s    *Server
	list []*gen.Integration
}

func (l integrationList) VisitListIntegrationsResponse(w http.ResponseWriter) error {
	if ok, err := writeCachedList(w, &l.s.integrationJSON, gen.IntegrationListEnvelope{Data: []gen.Integration{}}, l.list); ok || err != nil {
		return err
	}
	return gen.ListIntegrations200JSONResponse{IntegrationListOKJSONResponse: integrationListOK(values(l.list))}.VisitListIntegrationsResponse(w)
}

func (l integrationList) VisitListActiveIntegrationsResponse(w http.ResponseWriter) error {
	return l.VisitListIntegrationsResponse(w) // the same answer
}

func (s api) CreateIntegration(ctx context.Context, req gen.CreateIntegrationRequestObject) (gen.CreateIntegrationResponseObject, error) {
	i, err := s.store.createIntegration(principalFrom(ctx), *req.Body)
	if err != nil {
		return nil, err
	}
	return gen.CreateIntegration201JSONResponse{IntegrationOKJSONResponse: integrationOK(sealCredentials(i))}, nil
}

func (s api) UpdateIntegration(ctx context.Context, req gen.UpdateIntegrationRequestObject) (gen.UpdateIntegrationResponseObject, error) {
	i, err := s.store.updateIntegration(principalFrom(ctx), req.IntegrationId, *req.Body, s.limiter.Level())
	if err != nil {
		return nil, err
	}
	return gen.UpdateIntegration200JSONResponse{IntegrationOKJSONResponse: integrationOK(sealCredentials(i))}, nil
}

func (s api) SetIntegrationAsPrimary(ctx context.Context, req gen.SetIntegrationAsPrimaryRequestObject) (gen.SetIntegrationAsPrimaryResponseObject, error) {
	i, err := s.store.setPrimaryIntegration(principalFrom(ctx), req.IntegrationId)
	if err != nil {
		return nil, err
	}
	return gen.SetIntegrationAsPrimary201JSONResponse{IntegrationOKJSONResponse: integrationOK(sealCredentials(i))}, nil
}

func (s api) DeleteIntegration(ctx context.Context, req gen.DeleteIntegrationRequestObject) (gen.DeleteIntegrationResponseObject, error) {
	remaining, err := s.store.deleteIntegration(principalFrom(ctx), req.IntegrationId)
	if err != nil {
		return nil, err
	}
	// The answer is the documents as stored (remove-integration.usecase.ts at v2.0.0): the
	// encrypted credentials, and none at all where none were ever set (mongoose leaves the empty
	// object out; seen on a real v2.0.0).
	for n := range remaining {
		remaining[n] = sealCredentials(remaining[n])
		if !hasCredentials(remaining[n].Credentials) {
			remaining[n].Credentials = nil
		}
	}
	return gen.DeleteIntegration200JSONResponse{IntegrationListOKJSONResponse: integrationListOK(remaining)}, nil
}

func (s api) GetWebhookSupportStatus(ctx context.Context, req gen.GetWebhookSupportStatusRequestObject) (gen.GetWebhookSupportStatusResponseObject, error) {
	ok, err := s.store.webhookSupport(principalFrom(ctx), req.ProviderOrIntegrationId)
	if err != nil {
		return nil, err
	}
	return gen.GetWebhookSupportStatus200JSONResponse{BooleanJSONResponse: booleanOK(ok)}, nil
}

// The two dashboard-only reads are refused by the pipeline before they get here; answering the
// same way keeps that true even if a route's policy were ever lost.

func (s api) GetInAppIntegrationStatus(context.Context, gen.GetInAppIntegrationStatusRequestObject) (gen.GetInAppIntegrationStatusResponseObject, error) {
	return nil, errEndpointNotAvailable()
}

func (s api) GetChannelLimit(context.Context, gen.GetChannelLimitRequestObject) (gen.GetChannelLimitResponseObject, error) {
	return nil, errEndpointNotAvailable()
}
