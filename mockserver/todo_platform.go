// TEMPORARY (deleted when the section is implemented): placeholders so the package builds.
package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

func (s *Server) ListEnvironments(ctx context.Context, request gen.ListEnvironmentsRequestObject) (gen.ListEnvironmentsResponseObject, error) {
	return nil, errNotImplemented("ListEnvironments")
}

func (s *Server) CreateEnvironment(ctx context.Context, request gen.CreateEnvironmentRequestObject) (gen.CreateEnvironmentResponseObject, error) {
	return nil, errNotImplemented("CreateEnvironment")
}

func (s *Server) ListApiKeys(ctx context.Context, request gen.ListApiKeysRequestObject) (gen.ListApiKeysResponseObject, error) {
	return nil, errNotImplemented("ListApiKeys")
}

func (s *Server) RegenerateApiKeys(ctx context.Context, request gen.RegenerateApiKeysRequestObject) (gen.RegenerateApiKeysResponseObject, error) {
	return nil, errNotImplemented("RegenerateApiKeys")
}

func (s *Server) GetCurrentEnvironment(ctx context.Context, request gen.GetCurrentEnvironmentRequestObject) (gen.GetCurrentEnvironmentResponseObject, error) {
	return nil, errNotImplemented("GetCurrentEnvironment")
}

func (s *Server) UpdateEnvironment(ctx context.Context, request gen.UpdateEnvironmentRequestObject) (gen.UpdateEnvironmentResponseObject, error) {
	return nil, errNotImplemented("UpdateEnvironment")
}

func (s *Server) GetMxRecordStatus(ctx context.Context, request gen.GetMxRecordStatusRequestObject) (gen.GetMxRecordStatusResponseObject, error) {
	return nil, errNotImplemented("GetMxRecordStatus")
}

func (s *Server) ListIntegrations(ctx context.Context, request gen.ListIntegrationsRequestObject) (gen.ListIntegrationsResponseObject, error) {
	return nil, errNotImplemented("ListIntegrations")
}

func (s *Server) CreateIntegration(ctx context.Context, request gen.CreateIntegrationRequestObject) (gen.CreateIntegrationResponseObject, error) {
	return nil, errNotImplemented("CreateIntegration")
}

func (s *Server) ListActiveIntegrations(ctx context.Context, request gen.ListActiveIntegrationsRequestObject) (gen.ListActiveIntegrationsResponseObject, error) {
	return nil, errNotImplemented("ListActiveIntegrations")
}

func (s *Server) GetInAppIntegrationStatus(ctx context.Context, request gen.GetInAppIntegrationStatusRequestObject) (gen.GetInAppIntegrationStatusResponseObject, error) {
	return nil, errNotImplemented("GetInAppIntegrationStatus")
}

func (s *Server) GetWebhookSupportStatus(ctx context.Context, request gen.GetWebhookSupportStatusRequestObject) (gen.GetWebhookSupportStatusResponseObject, error) {
	return nil, errNotImplemented("GetWebhookSupportStatus")
}

func (s *Server) GetChannelLimit(ctx context.Context, request gen.GetChannelLimitRequestObject) (gen.GetChannelLimitResponseObject, error) {
	return nil, errNotImplemented("GetChannelLimit")
}

func (s *Server) DeleteIntegration(ctx context.Context, request gen.DeleteIntegrationRequestObject) (gen.DeleteIntegrationResponseObject, error) {
	return nil, errNotImplemented("DeleteIntegration")
}

func (s *Server) UpdateIntegration(ctx context.Context, request gen.UpdateIntegrationRequestObject) (gen.UpdateIntegrationResponseObject, error) {
	return nil, errNotImplemented("UpdateIntegration")
}

func (s *Server) SetIntegrationAsPrimary(ctx context.Context, request gen.SetIntegrationAsPrimaryRequestObject) (gen.SetIntegrationAsPrimaryResponseObject, error) {
	return nil, errNotImplemented("SetIntegrationAsPrimary")
}

func (s *Server) ListOrganizations(ctx context.Context, request gen.ListOrganizationsRequestObject) (gen.ListOrganizationsResponseObject, error) {
	return nil, errNotImplemented("ListOrganizations")
}

func (s *Server) RenameOrganization(ctx context.Context, request gen.RenameOrganizationRequestObject) (gen.RenameOrganizationResponseObject, error) {
	return nil, errNotImplemented("RenameOrganization")
}

func (s *Server) CreateOrganization(ctx context.Context, request gen.CreateOrganizationRequestObject) (gen.CreateOrganizationResponseObject, error) {
	return nil, errNotImplemented("CreateOrganization")
}

func (s *Server) UpdateOrganizationBranding(ctx context.Context, request gen.UpdateOrganizationBrandingRequestObject) (gen.UpdateOrganizationBrandingResponseObject, error) {
	return nil, errNotImplemented("UpdateOrganizationBranding")
}

func (s *Server) GetCurrentOrganization(ctx context.Context, request gen.GetCurrentOrganizationRequestObject) (gen.GetCurrentOrganizationResponseObject, error) {
	return nil, errNotImplemented("GetCurrentOrganization")
}

func (s *Server) ListOrganizationMembers(ctx context.Context, request gen.ListOrganizationMembersRequestObject) (gen.ListOrganizationMembersResponseObject, error) {
	return nil, errNotImplemented("ListOrganizationMembers")
}

func (s *Server) RemoveOrganizationMember(ctx context.Context, request gen.RemoveOrganizationMemberRequestObject) (gen.RemoveOrganizationMemberResponseObject, error) {
	return nil, errNotImplemented("RemoveOrganizationMember")
}

func (s *Server) UpdateMemberRole(ctx context.Context, request gen.UpdateMemberRoleRequestObject) (gen.UpdateMemberRoleResponseObject, error) {
	return nil, errNotImplemented("UpdateMemberRole")
}
