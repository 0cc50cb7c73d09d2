package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

func (s api) ListChanges(ctx context.Context, request gen.ListChangesRequestObject) (gen.ListChangesResponseObject, error) {
	p, l := deref(request.Params.Page), deref(request.Params.Limit)
	if l == 0 {
		l = s.queryDefault("GET /v1/changes", "limit") // Novu's controller reads a 0 limit as none
	}
	promoted := request.Params.Promoted == "true" // anything else lists the pending ones, as Novu compares
	items, total := s.store.listChanges(principalFrom(ctx), promoted, p, l)
	return gen.ListChanges200JSONResponse{ChangePageOKJSONResponse: gen.ChangePageOKJSONResponse{
		Body: gen.ChangePage{Data: items, Page: p, PageSize: l, TotalCount: total}}}, nil
}

func (s api) CountChanges(ctx context.Context, request gen.CountChangesRequestObject) (gen.CountChangesResponseObject, error) {
	return gen.CountChanges200JSONResponse{CountJSONResponse: gen.CountJSONResponse{
		Body: gen.CountEnvelope{Data: s.store.countChanges(principalFrom(ctx))}}}, nil
}

func (s api) ApplyChange(ctx context.Context, request gen.ApplyChangeRequestObject) (gen.ApplyChangeResponseObject, error) {
	items, err := s.store.applyChange(principalFrom(ctx), request.ChangeId)
	if err != nil {
		return nil, err
	}
	return gen.ApplyChange201JSONResponse{ChangeListOKJSONResponse: changeList(items)}, nil
}

func (s api) ApplyChanges(ctx context.Context, request gen.ApplyChangesRequestObject) (gen.ApplyChangesResponseObject, error) {
	items := s.store.applyChanges(principalFrom(ctx), request.Body.ChangeIds)
	return gen.ApplyChanges201JSONResponse{ChangeListOKJSONResponse: changeList(items)}, nil
}

func changeList(items []gen.Change) gen.ChangeListOKJSONResponse {
	return gen.ChangeListOKJSONResponse{Body: gen.ChangeListEnvelope{Data: items}}
}
