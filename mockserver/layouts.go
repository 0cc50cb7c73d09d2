package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

func (s api) ListLayouts(ctx context.Context, request gen.ListLayoutsRequestObject) (gen.ListLayoutsResponseObject, error) {
	p, size := deref(request.Params.Page), deref(request.Params.PageSize)
	// Novu's LayoutRepository.filterLayouts sorts on createdAt descending unless sortBy is sent;
	// orderBy only sets the direction of a sortBy.
	sortBy, ascending := "", false
	if request.Params.SortBy != nil && *request.Params.SortBy != "" {
		sortBy, ascending = *request.Params.SortBy, derefOr(request.Params.OrderBy, -1) == 1
	}
	items, total := s.store.listLayouts(principalFrom(ctx), p, size, sortBy, ascending)
	return gen.ListLayouts200JSONResponse{LayoutPageOKJSONResponse: gen.LayoutPageOKJSONResponse{
		Body: gen.LayoutPage{Data: items, Page: p, PageSize: size, TotalCount: total}}}, nil
}

func (s api) CreateLayout(ctx context.Context, request gen.CreateLayoutRequestObject) (gen.CreateLayoutResponseObject, error) {
	id, err := s.store.createLayout(principalFrom(ctx), *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.CreateLayout201JSONResponse{LayoutCreatedOKJSONResponse: gen.LayoutCreatedOKJSONResponse{
		Body: gen.LayoutIdEnvelope{Data: gen.LayoutIdResult{UnderscoreId: id}}}}, nil
}

func (s api) GetLayout(ctx context.Context, request gen.GetLayoutRequestObject) (gen.GetLayoutResponseObject, error) {
	l, err := s.store.getLayout(principalFrom(ctx), request.LayoutId)
	if err != nil {
		return nil, err
	}
	return gen.GetLayout200JSONResponse{LayoutOKJSONResponse: gen.LayoutOKJSONResponse{Body: gen.LayoutEnvelope{Data: l}}}, nil
}

func (s api) UpdateLayout(ctx context.Context, request gen.UpdateLayoutRequestObject) (gen.UpdateLayoutResponseObject, error) {
	// The controller's own check, before the use case (v2.0.0 layouts.controller.ts:223-225);
	// a request without a body reaches it as {} too.
	if b := request.Body; b.Name == nil && b.Identifier == nil && b.Description == nil && b.Content == nil &&
		b.Variables == nil && b.IsDefault == nil {
		return nil, errBadRequest("Payload can not be empty")
	}
	l, err := s.store.updateLayout(principalFrom(ctx), request.LayoutId, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateLayout200JSONResponse{LayoutOKJSONResponse: gen.LayoutOKJSONResponse{Body: gen.LayoutEnvelope{Data: l}}}, nil
}

func (s api) DeleteLayout(ctx context.Context, request gen.DeleteLayoutRequestObject) (gen.DeleteLayoutResponseObject, error) {
	if err := s.store.deleteLayout(principalFrom(ctx), request.LayoutId); err != nil {
		return nil, err
	}
	return gen.DeleteLayout204Response{}, nil
}

func (s api) SetDefaultLayout(ctx context.Context, request gen.SetDefaultLayoutRequestObject) (gen.SetDefaultLayoutResponseObject, error) {
	if err := s.store.setDefaultLayout(principalFrom(ctx), request.LayoutId); err != nil {
		return nil, err
	}
	return gen.SetDefaultLayout204Response{}, nil
}
