// TEMPORARY (deleted when the section is implemented): placeholders so the package builds.
package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

func (s *Server) ListChanges(ctx context.Context, request gen.ListChangesRequestObject) (gen.ListChangesResponseObject, error) {
	return nil, errNotImplemented("ListChanges")
}

func (s *Server) ApplyChanges(ctx context.Context, request gen.ApplyChangesRequestObject) (gen.ApplyChangesResponseObject, error) {
	return nil, errNotImplemented("ApplyChanges")
}

func (s *Server) CountChanges(ctx context.Context, request gen.CountChangesRequestObject) (gen.CountChangesResponseObject, error) {
	return nil, errNotImplemented("CountChanges")
}

func (s *Server) ApplyChange(ctx context.Context, request gen.ApplyChangeRequestObject) (gen.ApplyChangeResponseObject, error) {
	return nil, errNotImplemented("ApplyChange")
}

func (s *Server) ListFeeds(ctx context.Context, request gen.ListFeedsRequestObject) (gen.ListFeedsResponseObject, error) {
	return nil, errNotImplemented("ListFeeds")
}

func (s *Server) CreateFeed(ctx context.Context, request gen.CreateFeedRequestObject) (gen.CreateFeedResponseObject, error) {
	return nil, errNotImplemented("CreateFeed")
}

func (s *Server) DeleteFeed(ctx context.Context, request gen.DeleteFeedRequestObject) (gen.DeleteFeedResponseObject, error) {
	return nil, errNotImplemented("DeleteFeed")
}

func (s *Server) ListLayouts(ctx context.Context, request gen.ListLayoutsRequestObject) (gen.ListLayoutsResponseObject, error) {
	return nil, errNotImplemented("ListLayouts")
}

func (s *Server) CreateLayout(ctx context.Context, request gen.CreateLayoutRequestObject) (gen.CreateLayoutResponseObject, error) {
	return nil, errNotImplemented("CreateLayout")
}

func (s *Server) DeleteLayout(ctx context.Context, request gen.DeleteLayoutRequestObject) (gen.DeleteLayoutResponseObject, error) {
	return nil, errNotImplemented("DeleteLayout")
}

func (s *Server) GetLayout(ctx context.Context, request gen.GetLayoutRequestObject) (gen.GetLayoutResponseObject, error) {
	return nil, errNotImplemented("GetLayout")
}

func (s *Server) UpdateLayout(ctx context.Context, request gen.UpdateLayoutRequestObject) (gen.UpdateLayoutResponseObject, error) {
	return nil, errNotImplemented("UpdateLayout")
}

func (s *Server) SetDefaultLayout(ctx context.Context, request gen.SetDefaultLayoutRequestObject) (gen.SetDefaultLayoutResponseObject, error) {
	return nil, errNotImplemented("SetDefaultLayout")
}

func (s *Server) ListWorkflowGroups(ctx context.Context, request gen.ListWorkflowGroupsRequestObject) (gen.ListWorkflowGroupsResponseObject, error) {
	return nil, errNotImplemented("ListWorkflowGroups")
}

func (s *Server) CreateWorkflowGroup(ctx context.Context, request gen.CreateWorkflowGroupRequestObject) (gen.CreateWorkflowGroupResponseObject, error) {
	return nil, errNotImplemented("CreateWorkflowGroup")
}

func (s *Server) DeleteWorkflowGroup(ctx context.Context, request gen.DeleteWorkflowGroupRequestObject) (gen.DeleteWorkflowGroupResponseObject, error) {
	return nil, errNotImplemented("DeleteWorkflowGroup")
}

func (s *Server) GetWorkflowGroup(ctx context.Context, request gen.GetWorkflowGroupRequestObject) (gen.GetWorkflowGroupResponseObject, error) {
	return nil, errNotImplemented("GetWorkflowGroup")
}

func (s *Server) UpdateWorkflowGroup(ctx context.Context, request gen.UpdateWorkflowGroupRequestObject) (gen.UpdateWorkflowGroupResponseObject, error) {
	return nil, errNotImplemented("UpdateWorkflowGroup")
}

func (s *Server) ListNotificationTemplates(ctx context.Context, request gen.ListNotificationTemplatesRequestObject) (gen.ListNotificationTemplatesResponseObject, error) {
	return nil, errNotImplemented("ListNotificationTemplates")
}

func (s *Server) CreateNotificationTemplate(ctx context.Context, request gen.CreateNotificationTemplateRequestObject) (gen.CreateNotificationTemplateResponseObject, error) {
	return nil, errNotImplemented("CreateNotificationTemplate")
}

func (s *Server) DeleteNotificationTemplate(ctx context.Context, request gen.DeleteNotificationTemplateRequestObject) (gen.DeleteNotificationTemplateResponseObject, error) {
	return nil, errNotImplemented("DeleteNotificationTemplate")
}

func (s *Server) GetNotificationTemplate(ctx context.Context, request gen.GetNotificationTemplateRequestObject) (gen.GetNotificationTemplateResponseObject, error) {
	return nil, errNotImplemented("GetNotificationTemplate")
}

func (s *Server) UpdateNotificationTemplate(ctx context.Context, request gen.UpdateNotificationTemplateRequestObject) (gen.UpdateNotificationTemplateResponseObject, error) {
	return nil, errNotImplemented("UpdateNotificationTemplate")
}

func (s *Server) UpdateNotificationTemplateStatus(ctx context.Context, request gen.UpdateNotificationTemplateStatusRequestObject) (gen.UpdateNotificationTemplateStatusResponseObject, error) {
	return nil, errNotImplemented("UpdateNotificationTemplateStatus")
}

func (s *Server) ListWorkflowOverrides(ctx context.Context, request gen.ListWorkflowOverridesRequestObject) (gen.ListWorkflowOverridesResponseObject, error) {
	return nil, errNotImplemented("ListWorkflowOverrides")
}

func (s *Server) CreateWorkflowOverride(ctx context.Context, request gen.CreateWorkflowOverrideRequestObject) (gen.CreateWorkflowOverrideResponseObject, error) {
	return nil, errNotImplemented("CreateWorkflowOverride")
}

func (s *Server) GetWorkflowOverrideByTenant(ctx context.Context, request gen.GetWorkflowOverrideByTenantRequestObject) (gen.GetWorkflowOverrideByTenantResponseObject, error) {
	return nil, errNotImplemented("GetWorkflowOverrideByTenant")
}

func (s *Server) UpdateWorkflowOverrideByTenant(ctx context.Context, request gen.UpdateWorkflowOverrideByTenantRequestObject) (gen.UpdateWorkflowOverrideByTenantResponseObject, error) {
	return nil, errNotImplemented("UpdateWorkflowOverrideByTenant")
}

func (s *Server) DeleteWorkflowOverride(ctx context.Context, request gen.DeleteWorkflowOverrideRequestObject) (gen.DeleteWorkflowOverrideResponseObject, error) {
	return nil, errNotImplemented("DeleteWorkflowOverride")
}

func (s *Server) GetWorkflowOverride(ctx context.Context, request gen.GetWorkflowOverrideRequestObject) (gen.GetWorkflowOverrideResponseObject, error) {
	return nil, errNotImplemented("GetWorkflowOverride")
}

func (s *Server) UpdateWorkflowOverride(ctx context.Context, request gen.UpdateWorkflowOverrideRequestObject) (gen.UpdateWorkflowOverrideResponseObject, error) {
	return nil, errNotImplemented("UpdateWorkflowOverride")
}

func (s *Server) ListWorkflows(ctx context.Context, request gen.ListWorkflowsRequestObject) (gen.ListWorkflowsResponseObject, error) {
	return nil, errNotImplemented("ListWorkflows")
}

func (s *Server) CreateWorkflow(ctx context.Context, request gen.CreateWorkflowRequestObject) (gen.CreateWorkflowResponseObject, error) {
	return nil, errNotImplemented("CreateWorkflow")
}

func (s *Server) GetWorkflowVariables(ctx context.Context, request gen.GetWorkflowVariablesRequestObject) (gen.GetWorkflowVariablesResponseObject, error) {
	return nil, errNotImplemented("GetWorkflowVariables")
}

func (s *Server) DeleteWorkflow(ctx context.Context, request gen.DeleteWorkflowRequestObject) (gen.DeleteWorkflowResponseObject, error) {
	return nil, errNotImplemented("DeleteWorkflow")
}

func (s *Server) GetWorkflow(ctx context.Context, request gen.GetWorkflowRequestObject) (gen.GetWorkflowResponseObject, error) {
	return nil, errNotImplemented("GetWorkflow")
}

func (s *Server) UpdateWorkflow(ctx context.Context, request gen.UpdateWorkflowRequestObject) (gen.UpdateWorkflowResponseObject, error) {
	return nil, errNotImplemented("UpdateWorkflow")
}

func (s *Server) UpdateWorkflowStatus(ctx context.Context, request gen.UpdateWorkflowStatusRequestObject) (gen.UpdateWorkflowStatusResponseObject, error) {
	return nil, errNotImplemented("UpdateWorkflowStatus")
}
