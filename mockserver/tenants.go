package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Tenants section (/v1/tenants): customers of the organization, addressed by identifier.

func tenantOK(t gen.Tenant) gen.TenantOKJSONResponse {
	return gen.TenantOKJSONResponse{Body: gen.TenantEnvelope{Data: t}}
}

func (s api) ListTenants(ctx context.Context, req gen.ListTenantsRequestObject) (gen.ListTenantsResponseObject, error) {
	page, limit := deref(req.Params.Page), deref(req.Params.Limit)
	list := s.store.listTenants(principalFrom(ctx), page, limit)
	return gen.ListTenants200JSONResponse{TenantPageOKJSONResponse: gen.TenantPageOKJSONResponse{
		Body: gen.TenantPage{Data: list, Page: page, PageSize: limit, HasMore: len(list) == limit}}}, nil
}

func (s api) CreateTenant(ctx context.Context, req gen.CreateTenantRequestObject) (gen.CreateTenantResponseObject, error) {
	t, err := s.store.createTenant(principalFrom(ctx), *req.Body)
	if err != nil {
		return nil, err
	}
	return gen.CreateTenant201JSONResponse{TenantOKJSONResponse: tenantOK(t)}, nil
}

func (s api) GetTenant(ctx context.Context, req gen.GetTenantRequestObject) (gen.GetTenantResponseObject, error) {
	t, err := s.store.getTenant(principalFrom(ctx), req.Identifier)
	if err != nil {
		return nil, err
	}
	return gen.GetTenant200JSONResponse{TenantOKJSONResponse: tenantOK(t)}, nil
}

func (s api) UpdateTenant(ctx context.Context, req gen.UpdateTenantRequestObject) (gen.UpdateTenantResponseObject, error) {
	t, err := s.store.updateTenant(principalFrom(ctx), req.Identifier, *req.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateTenant200JSONResponse{TenantOKJSONResponse: tenantOK(t)}, nil
}

func (s api) DeleteTenant(ctx context.Context, req gen.DeleteTenantRequestObject) (gen.DeleteTenantResponseObject, error) {
	if err := s.store.deleteTenant(principalFrom(ctx), req.Identifier); err != nil {
		return nil, err
	}
	return gen.DeleteTenant204Response{}, nil
}
