package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// The legacy /v1/notification-templates routes: thin adapters onto the workflow handlers.

func (s api) ListNotificationTemplates(ctx context.Context, request gen.ListNotificationTemplatesRequestObject) (gen.ListNotificationTemplatesResponseObject, error) {
	return gen.ListNotificationTemplates200JSONResponse{WorkflowPageOKJSONResponse: s.workflowPage(ctx,
		request.Params.Page, request.Params.Limit, "")}, nil
}

func (s api) CreateNotificationTemplate(ctx context.Context, request gen.CreateNotificationTemplateRequestObject) (gen.CreateNotificationTemplateResponseObject, error) {
	res, err := s.createWorkflow(ctx, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.CreateNotificationTemplate201JSONResponse{WorkflowOKJSONResponse: res}, nil
}

func (s api) GetNotificationTemplate(ctx context.Context, request gen.GetNotificationTemplateRequestObject) (gen.GetNotificationTemplateResponseObject, error) {
	res, err := s.getWorkflow(ctx, request.TemplateId)
	if err != nil {
		return nil, err
	}
	return gen.GetNotificationTemplate200JSONResponse{WorkflowOKJSONResponse: res}, nil
}

func (s api) UpdateNotificationTemplate(ctx context.Context, request gen.UpdateNotificationTemplateRequestObject) (gen.UpdateNotificationTemplateResponseObject, error) {
	res, err := s.updateWorkflow(ctx, request.TemplateId, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateNotificationTemplate200JSONResponse{WorkflowOKJSONResponse: res}, nil
}

func (s api) DeleteNotificationTemplate(ctx context.Context, request gen.DeleteNotificationTemplateRequestObject) (gen.DeleteNotificationTemplateResponseObject, error) {
	res, err := s.deleteWorkflow(ctx, request.TemplateId)
	if err != nil {
		return nil, err
	}
	return gen.DeleteNotificationTemplate200JSONResponse{BooleanJSONResponse: res}, nil
}

func (s api) UpdateNotificationTemplateStatus(ctx context.Context, request gen.UpdateNotificationTemplateStatusRequestObject) (gen.UpdateNotificationTemplateStatusResponseObject, error) {
	res, err := s.setWorkflowStatus(ctx, request.TemplateId, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateNotificationTemplateStatus200JSONResponse{WorkflowOKJSONResponse: res}, nil
}
