package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// commandIDs is the IsMongoId check of a workflow-override command (v2.0.0
// workflow-overrides/usecases/*/*.command.ts), which runs after the DTO's and names the
// command's own fields: a body's tenantId is reported as _tenantId, a deleted override's id as
// _id. Each pair is the command field and its value, in the command's declaration order.
func commandIDs(pairs ...[2]string) error {
	var bad []string
	for _, p := range pairs {
		if !isMongoID(p[1]) {
			bad = append(bad, p[0]+" must be a mongodb id")
		}
	}
	if bad != nil {
		return errValidation(bad...)
	}
	return nil
}

// isMongoID is validator.js's isMongoId: 24 hexadecimal characters, either case.
func isMongoID(s string) bool {
	if len(s) != 24 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F') {
			return false
		}
	}
	return true
}

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
	if err := commandIDs([2]string{"_workflowId", request.Body.WorkflowId}, [2]string{"_tenantId", request.Body.TenantId}); err != nil {
		return nil, err
	}
	o, err := s.store.createWorkflowOverride(principalFrom(ctx), *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.CreateWorkflowOverride201JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}

func (s api) GetWorkflowOverride(ctx context.Context, request gen.GetWorkflowOverrideRequestObject) (gen.GetWorkflowOverrideResponseObject, error) {
	if err := commandIDs([2]string{"overrideId", request.OverrideId}); err != nil {
		return nil, err
	}
	o, err := s.store.getWorkflowOverride(principalFrom(ctx), request.OverrideId)
	if err != nil {
		return nil, err
	}
	return gen.GetWorkflowOverride200JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}

func (s api) UpdateWorkflowOverride(ctx context.Context, request gen.UpdateWorkflowOverrideRequestObject) (gen.UpdateWorkflowOverrideResponseObject, error) {
	if err := commandIDs([2]string{"overrideId", request.OverrideId}); err != nil {
		return nil, err
	}
	o, err := s.store.updateWorkflowOverride(principalFrom(ctx), request.OverrideId, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWorkflowOverride200JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}

func (s api) DeleteWorkflowOverride(ctx context.Context, request gen.DeleteWorkflowOverrideRequestObject) (gen.DeleteWorkflowOverrideResponseObject, error) {
	if err := commandIDs([2]string{"_id", request.OverrideId}); err != nil {
		return nil, err
	}
	if err := s.store.deleteWorkflowOverride(principalFrom(ctx), request.OverrideId); err != nil {
		return nil, err
	}
	return gen.DeleteWorkflowOverride200JSONResponse{BooleanJSONResponse: gen.BooleanJSONResponse{Body: gen.BooleanEnvelope{Data: true}}}, nil
}

func (s api) GetWorkflowOverrideByTenant(ctx context.Context, request gen.GetWorkflowOverrideByTenantRequestObject) (gen.GetWorkflowOverrideByTenantResponseObject, error) {
	if err := commandIDs([2]string{"_workflowId", request.WorkflowId}, [2]string{"_tenantId", request.TenantId}); err != nil {
		return nil, err
	}
	o, err := s.store.getWorkflowOverrideByTenant(principalFrom(ctx), request.WorkflowId, request.TenantId)
	if err != nil {
		return nil, err
	}
	return gen.GetWorkflowOverrideByTenant200JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}

func (s api) UpdateWorkflowOverrideByTenant(ctx context.Context, request gen.UpdateWorkflowOverrideByTenantRequestObject) (gen.UpdateWorkflowOverrideByTenantResponseObject, error) {
	if err := commandIDs([2]string{"_workflowId", request.WorkflowId}, [2]string{"_tenantId", request.TenantId}); err != nil {
		return nil, err
	}
	o, err := s.store.updateWorkflowOverrideByTenant(principalFrom(ctx), request.WorkflowId, request.TenantId, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWorkflowOverrideByTenant200JSONResponse{WorkflowOverrideOKJSONResponse: overrideOK(o)}, nil
}
