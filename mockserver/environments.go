package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Environments section (/v1/environments). Creating, renaming and re-keying environments is
// dashboard-only: the pipeline answers an API key with 401 before these handlers run, and the
// handlers answer the same way should a route's policy ever be lost.

func environmentOK(e gen.Environment) gen.EnvironmentOKJSONResponse {
	return gen.EnvironmentOKJSONResponse{Body: gen.EnvironmentEnvelope{Data: e}}
}

func (s api) GetCurrentEnvironment(ctx context.Context, _ gen.GetCurrentEnvironmentRequestObject) (gen.GetCurrentEnvironmentResponseObject, error) {
	return gen.GetCurrentEnvironment200JSONResponse{EnvironmentOKJSONResponse: environmentOK(s.store.currentEnvironment(principalFrom(ctx)))}, nil
}

func (s api) ListEnvironments(ctx context.Context, _ gen.ListEnvironmentsRequestObject) (gen.ListEnvironmentsResponseObject, error) {
	envs := s.store.listEnvironments(principalFrom(ctx))
	return gen.ListEnvironments200JSONResponse{EnvironmentListOKJSONResponse: gen.EnvironmentListOKJSONResponse{Body: gen.EnvironmentListEnvelope{Data: envs}}}, nil
}

func (s api) ListApiKeys(ctx context.Context, _ gen.ListApiKeysRequestObject) (gen.ListApiKeysResponseObject, error) {
	keys := s.store.apiKeys(principalFrom(ctx))
	return gen.ListApiKeys200JSONResponse{ApiKeyListOKJSONResponse: gen.ApiKeyListOKJSONResponse{Body: gen.ApiKeyListEnvelope{Data: keys}}}, nil
}

func (s api) CreateEnvironment(context.Context, gen.CreateEnvironmentRequestObject) (gen.CreateEnvironmentResponseObject, error) {
	return nil, errEndpointNotAvailable()
}

func (s api) UpdateEnvironment(context.Context, gen.UpdateEnvironmentRequestObject) (gen.UpdateEnvironmentResponseObject, error) {
	return nil, errEndpointNotAvailable()
}

func (s api) RegenerateApiKeys(context.Context, gen.RegenerateApiKeysRequestObject) (gen.RegenerateApiKeysResponseObject, error) {
	return nil, errEndpointNotAvailable()
}
