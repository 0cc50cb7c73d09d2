package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

func (s api) ListWorkflowGroups(ctx context.Context, request gen.ListWorkflowGroupsRequestObject) (gen.ListWorkflowGroupsResponseObject, error) {
	return gen.ListWorkflowGroups200JSONResponse{WorkflowGroupListOKJSONResponse: gen.WorkflowGroupListOKJSONResponse{
		Body: gen.WorkflowGroupListEnvelope{Data: s.store.listWorkflowGroups(principalFrom(ctx))}}}, nil
}

// groupOK answers one group; it carries the virtual `id` beside `_id`, as Novu's findOne and
// create answers do (v2.0.0 base-repository.ts:67,257 map a document with virtuals; the list's
// lean find at :89 has none).
func groupOK(g gen.WorkflowGroup) gen.WorkflowGroupOKJSONResponse {
	g.Id = ptrTo(g.UnderscoreId)
	return gen.WorkflowGroupOKJSONResponse{Body: gen.WorkflowGroupEnvelope{Data: g}}
}

func (s api) CreateWorkflowGroup(ctx context.Context, request gen.CreateWorkflowGroupRequestObject) (gen.CreateWorkflowGroupResponseObject, error) {
	g := s.store.createWorkflowGroup(principalFrom(ctx), request.Body.Name)
	return gen.CreateWorkflowGroup201JSONResponse{WorkflowGroupOKJSONResponse: groupOK(g)}, nil
}

func (s api) GetWorkflowGroup(ctx context.Context, request gen.GetWorkflowGroupRequestObject) (gen.GetWorkflowGroupResponseObject, error) {
	g, err := s.store.getWorkflowGroup(principalFrom(ctx), request.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetWorkflowGroup200JSONResponse{WorkflowGroupOKJSONResponse: groupOK(g)}, nil
}

func (s api) UpdateWorkflowGroup(ctx context.Context, request gen.UpdateWorkflowGroupRequestObject) (gen.UpdateWorkflowGroupResponseObject, error) {
	g, err := s.store.renameWorkflowGroup(principalFrom(ctx), request.Id, request.Body.Name)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWorkflowGroup200JSONResponse{WorkflowGroupOKJSONResponse: groupOK(g)}, nil
}

func (s api) DeleteWorkflowGroup(ctx context.Context, request gen.DeleteWorkflowGroupRequestObject) (gen.DeleteWorkflowGroupResponseObject, error) {
	if err := s.store.deleteWorkflowGroup(principalFrom(ctx), request.Id); err != nil {
		return nil, err
	}
	return gen.DeleteWorkflowGroup200JSONResponse{DeletedJSONResponse: gen.DeletedJSONResponse{Body: gen.DeletedEnvelope{
		Data: gen.DeletedResult{Acknowledged: true, Status: gen.DeletedResultStatusDeleted}}}}, nil
}
