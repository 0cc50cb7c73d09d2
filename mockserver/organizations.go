package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Organizations section (/v1/organizations), with the self-hosted behaviour (create and list
// exist; Novu Cloud only has me, branding and rename).

func organizationOK(o gen.Organization) gen.OrganizationOKJSONResponse {
	return gen.OrganizationOKJSONResponse{Body: gen.OrganizationEnvelope{Data: o}}
}

func memberOK(m gen.Member) gen.MemberOKJSONResponse {
	return gen.MemberOKJSONResponse{Body: gen.MemberEnvelope{Data: m}}
}

func (s api) GetCurrentOrganization(ctx context.Context, _ gen.GetCurrentOrganizationRequestObject) (gen.GetCurrentOrganizationResponseObject, error) {
	org := s.store.organization(principalFrom(ctx), s.limiter.Level())
	return gen.GetCurrentOrganization200JSONResponse{OrganizationOKJSONResponse: organizationOK(org)}, nil
}

func (s api) ListOrganizations(ctx context.Context, _ gen.ListOrganizationsRequestObject) (gen.ListOrganizationsResponseObject, error) {
	orgs := s.store.organizations(s.limiter.Level())
	return gen.ListOrganizations200JSONResponse{OrganizationListOKJSONResponse: gen.OrganizationListOKJSONResponse{Body: gen.OrganizationListEnvelope{Data: orgs}}}, nil
}

func (s api) CreateOrganization(ctx context.Context, req gen.CreateOrganizationRequestObject) (gen.CreateOrganizationResponseObject, error) {
	org := s.store.createOrganization(*req.Body, s.limiter.Level())
	return gen.CreateOrganization201JSONResponse{OrganizationOKJSONResponse: organizationOK(org)}, nil
}

func (s api) RenameOrganization(ctx context.Context, req gen.RenameOrganizationRequestObject) (gen.RenameOrganizationResponseObject, error) {
	name := s.store.renameOrganization(principalFrom(ctx), req.Body.Name)
	body := gen.OrganizationNameEnvelope{Data: gen.OrganizationNameResult{Name: name}}
	return gen.RenameOrganization200JSONResponse{OrganizationNameOKJSONResponse: gen.OrganizationNameOKJSONResponse{Body: body}}, nil
}

func (s api) ListOrganizationMembers(ctx context.Context, _ gen.ListOrganizationMembersRequestObject) (gen.ListOrganizationMembersResponseObject, error) {
	members := s.store.members(principalFrom(ctx))
	return gen.ListOrganizationMembers200JSONResponse{MemberListOKJSONResponse: gen.MemberListOKJSONResponse{Body: gen.MemberListEnvelope{Data: members}}}, nil
}

func (s api) RemoveOrganizationMember(ctx context.Context, req gen.RemoveOrganizationMemberRequestObject) (gen.RemoveOrganizationMemberResponseObject, error) {
	m, err := s.store.removeMember(principalFrom(ctx), req.MemberId)
	if err != nil {
		return nil, err
	}
	return gen.RemoveOrganizationMember200JSONResponse{MemberOKJSONResponse: memberOK(m)}, nil
}

func (s api) UpdateMemberRole(ctx context.Context, req gen.UpdateMemberRoleRequestObject) (gen.UpdateMemberRoleResponseObject, error) {
	m, err := s.store.setMemberRole(principalFrom(ctx), req.MemberId, gen.MemberRoles(req.Body.Role))
	if err != nil {
		return nil, err
	}
	return gen.UpdateMemberRole200JSONResponse{MemberOKJSONResponse: memberOK(m)}, nil
}

func (s api) UpdateOrganizationBranding(ctx context.Context, req gen.UpdateOrganizationBrandingRequestObject) (gen.UpdateOrganizationBrandingResponseObject, error) {
	b := s.store.updateBranding(principalFrom(ctx), *req.Body)
	return gen.UpdateOrganizationBranding200JSONResponse{BrandingOKJSONResponse: gen.BrandingOKJSONResponse{Body: gen.BrandingEnvelope{Data: b}}}, nil
}
