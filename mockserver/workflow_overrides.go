package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

func overrideOK(o gen.WorkflowOverride) gen.WorkflowOverrideOKJSONResponse {
	return gen.WorkflowOverrideOKJSONResponse{Body: gen.WorkflowOverrideEnvelope{Data: o}}
}

func (s api) ListWorkflowOverrides(ctx context.Context, request gen.ListWorkflowOverridesRequestObject) (gen.ListWorkflowOverridesResponseObject, error) {
	p, l := deref(request.Params.Page), deref(request.Params.Limit)
	items, more := s.store.listWorkflowOverrides(principalFrom(ctx), p, l)
	return gen.ListWorkflowOverrides200JSONResponse{WorkflowOverridePageOKJSONResponse: gen.WorkflowOverridePageOKJSONResponse{
		Body: gen.WorkflowOverridePage{Data: items, Page: p, PageSize: l, HasMore: more}}}, nil
}

func (s api) CreateWorkflowOverride(ctx context.Context, request gen.CreateWorkflowOverrideRequestObject) (gen.CreateWorkflowOverrideResponseObject, error) {
	o, err := s.store.createWorkflowOverride(principalFrom(ctx), *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.CreateWorkflowOverride201JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}

func (s api) GetWorkflowOverride(ctx context.Context, request gen.GetWorkflowOverrideRequestObject) (gen.GetWorkflowOverrideResponseObject, error) {
	o, err := s.store.getWorkflowOverride(principalFrom(ctx), request.OverrideId)
	if err != nil {
		return nil, err
	}
	return gen.GetWorkflowOverride200JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}

func (s api) UpdateWorkflowOverride(ctx context.Context, request gen.UpdateWorkflowOverrideRequestObject) (gen.UpdateWorkflowOverrideResponseObject, error) {
	o, err := s.store.updateWorkflowOverride(principalFrom(ctx), request.OverrideId, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWorkflowOverride200JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}

func (s api) DeleteWorkflowOverride(ctx context.Context, request gen.DeleteWorkflowOverrideRequestObject) (gen.DeleteWorkflowOverrideResponseObject, error) {
	if err := s.store.deleteWorkflowOverride(principalFrom(ctx), request.OverrideId); err != nil {
		return nil, err
	}
	return gen.DeleteWorkflowOverride200JSONResponse{BooleanJSONResponse: gen.BooleanJSONResponse{Body: gen.BooleanEnvelope{Data: true}}}, nil
}

func (s api) GetWorkflowOverrideByTenant(ctx context.Context, request gen.GetWorkflowOverrideByTenantRequestObject) (gen.GetWorkflowOverrideByTenantResponseObject, error) {
	o, err := s.store.getWorkflowOverrideByTenant(principalFrom(ctx), request.WorkflowId, request.TenantId)
	if err != nil {
		return nil, err
	}
	return gen.GetWorkflowOverrideByTenant200JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}

func (s api) UpdateWorkflowOverrideByTenant(ctx context.Context, request gen.UpdateWorkflowOverrideByTenantRequestObject) (gen.UpdateWorkflowOverrideByTenantResponseObject, error) {
	o, err := s.store.updateWorkflowOverrideByTenant(principalFrom(ctx), request.WorkflowId, request.TenantId, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWorkflowOverrideByTenant200JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}
