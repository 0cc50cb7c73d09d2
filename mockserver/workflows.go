package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Workflows under /v1/workflows. The legacy /v1/notification-templates routes
// (workflows_templates.go) adapt onto these same functions.

func (s api) ListWorkflows(ctx context.Context, request gen.ListWorkflowsRequestObject) (gen.ListWorkflowsResponseObject, error) {
	return gen.ListWorkflows200JSONResponse{WorkflowPageOKJSONResponse: s.workflowPage(ctx,
		request.Params.Page, request.Params.Limit, derefOr(request.Params.Query, ""))}, nil
}

func (s *Server) workflowPage(ctx context.Context, page, limit *int, query string) gen.WorkflowPageOKJSONResponse {
	p, l := deref(page), deref(limit)
	items, total := s.store.listWorkflows(principalFrom(ctx), p, l, query)
	return gen.WorkflowPageOKJSONResponse{Body: gen.WorkflowPage{Data: items, Page: p, PageSize: l, TotalCount: total}}
}

func (s api) CreateWorkflow(ctx context.Context, request gen.CreateWorkflowRequestObject) (gen.CreateWorkflowResponseObject, error) {
	res, err := s.createWorkflow(ctx, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.CreateWorkflow201JSONResponse{WorkflowOKJSONResponse: res}, nil
}

func (s *Server) createWorkflow(ctx context.Context, body gen.CreateWorkflowRequest) (gen.WorkflowOKJSONResponse, error) {
	return workflowOK(s.store.createWorkflow(principalFrom(ctx), body))
}

func workflowOK(wf gen.Workflow, err error) (gen.WorkflowOKJSONResponse, error) {
	if err != nil {
		return gen.WorkflowOKJSONResponse{}, err
	}
	return gen.WorkflowOKJSONResponse{Body: gen.WorkflowEnvelope{Data: wf}}, nil
}

// systemVariables are the variables every step template can use besides the payload
// (SystemVariablesWithTypes, message-template.interface.ts at v2.0.0): the actor has the
// subscriber's fields.
var systemVariables = map[string]any{
	"subscriber": map[string]any{"subscriberId": "string", "firstName": "string", "lastName": "string",
		"email": "string", "phone": "string", "avatar": "string", "locale": "string"},
	"actor": map[string]any{"subscriberId": "string", "firstName": "string", "lastName": "string",
		"email": "string", "phone": "string", "avatar": "string", "locale": "string"},
	"step":     map[string]any{"digest": "boolean", "events": "array", "total_count": "number"},
	"branding": map[string]any{"logo": "string", "color": "string"},
	"tenant":   map[string]any{"name": "string", "data": "object"},
}

func (s api) GetWorkflowVariables(ctx context.Context, request gen.GetWorkflowVariablesRequestObject) (gen.GetWorkflowVariablesResponseObject, error) {
	return gen.GetWorkflowVariables200JSONResponse{WorkflowVariablesOKJSONResponse: gen.WorkflowVariablesOKJSONResponse{
		Body: gen.WorkflowVariablesEnvelope{Data: gen.WorkflowVariables{System: systemVariables, Translations: map[string]any{}}}}}, nil
}

func (s api) GetWorkflow(ctx context.Context, request gen.GetWorkflowRequestObject) (gen.GetWorkflowResponseObject, error) {
	res, err := s.getWorkflow(ctx, request.WorkflowId)
	if err != nil {
		return nil, err
	}
	return gen.GetWorkflow200JSONResponse{WorkflowOKJSONResponse: res}, nil
}

func (s *Server) getWorkflow(ctx context.Context, id string) (gen.WorkflowOKJSONResponse, error) {
	return workflowOK(s.store.getWorkflow(principalFrom(ctx), id))
}

func (s api) UpdateWorkflow(ctx context.Context, request gen.UpdateWorkflowRequestObject) (gen.UpdateWorkflowResponseObject, error) {
	res, err := s.updateWorkflow(ctx, request.WorkflowId, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWorkflow200JSONResponse{WorkflowOKJSONResponse: res}, nil
}

func (s *Server) updateWorkflow(ctx context.Context, id string, body gen.UpdateWorkflowRequest) (gen.WorkflowOKJSONResponse, error) {
	return workflowOK(s.store.updateWorkflow(principalFrom(ctx), id, body))
}

func (s api) DeleteWorkflow(ctx context.Context, request gen.DeleteWorkflowRequestObject) (gen.DeleteWorkflowResponseObject, error) {
	res, err := s.deleteWorkflow(ctx, request.WorkflowId)
	if err != nil {
		return nil, err
	}
	return gen.DeleteWorkflow200JSONResponse{BooleanJSONResponse: res}, nil
}

func (s *Server) deleteWorkflow(ctx context.Context, id string) (gen.BooleanJSONResponse, error) {
	if err := s.store.deleteWorkflow(principalFrom(ctx), id); err != nil {
		return gen.BooleanJSONResponse{}, err
	}
	return gen.BooleanJSONResponse{Body: gen.BooleanEnvelope{Data: true}}, nil
}

func (s api) UpdateWorkflowStatus(ctx context.Context, request gen.UpdateWorkflowStatusRequestObject) (gen.UpdateWorkflowStatusResponseObject, error) {
	res, err := s.setWorkflowStatus(ctx, request.WorkflowId, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWorkflowStatus200JSONResponse{WorkflowOKJSONResponse: res}, nil
}

func (s *Server) setWorkflowStatus(ctx context.Context, id string, body gen.UpdateWorkflowStatusRequest) (gen.WorkflowOKJSONResponse, error) {
	return workflowOK(s.store.setWorkflowStatus(principalFrom(ctx), id, body.Active))
}
