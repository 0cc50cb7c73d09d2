package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

func (s api) ListExecutionDetails(ctx context.Context, request gen.ListExecutionDetailsRequestObject) (gen.ListExecutionDetailsResponseObject, error) {
	p := request.Params
	data, err := s.store.executionDetails(principalFrom(ctx), p.NotificationId, p.SubscriberId)
	if err != nil {
		return nil, err
	}
	return gen.ListExecutionDetails200JSONResponse{ExecutionDetailListOKJSONResponse: gen.ExecutionDetailListOKJSONResponse{
		Body: gen.ExecutionDetailListEnvelope{Data: data}}}, nil
}
