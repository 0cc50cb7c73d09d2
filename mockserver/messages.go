package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Messages handlers (GET /messages and the two deletes).

func (s api) ListMessages(ctx context.Context, request gen.ListMessagesRequestObject) (gen.ListMessagesResponseObject, error) {
	p := request.Params
	page, limit := deref(p.Page), deref(p.Limit) // validation filled in the spec's default
	if limit == 0 {
		limit = s.queryDefault("GET /v1/messages", "limit") // Novu's controller reads a 0 limit as none
	}
	f := messageFilter{subscriberID: deref(p.SubscriberId), transactions: deref(p.TransactionId)}
	if p.Channel != nil {
		f.channel = string(*p.Channel)
	}
	data, total, err := s.store.listMessages(principalFrom(ctx), page, limit, f)
	if err != nil {
		return nil, err
	}
	return gen.ListMessages200JSONResponse{MessagePageOKJSONResponse: gen.MessagePageOKJSONResponse{
		Body: gen.MessagePage{Page: page, PageSize: limit, TotalCount: total, Data: data,
			HasMore: page*limit+len(data) < total}}}, nil
}

func (s api) DeleteMessage(ctx context.Context, request gen.DeleteMessageRequestObject) (gen.DeleteMessageResponseObject, error) {
	if err := s.store.deleteMessage(principalFrom(ctx), request.MessageId); err != nil {
		return nil, err
	}
	return gen.DeleteMessage200JSONResponse{DeletedJSONResponse: gen.DeletedJSONResponse{
		Body: gen.DeletedEnvelope{Data: gen.DeletedResult{Acknowledged: true, Status: gen.DeletedResultStatusDeleted}}}}, nil
}

func (s api) DeleteMessagesByTransactionId(ctx context.Context, request gen.DeleteMessagesByTransactionIdRequestObject) (gen.DeleteMessagesByTransactionIdResponseObject, error) {
	channel := ""
	if request.Params.Channel != nil {
		channel = string(*request.Params.Channel)
	}
	if err := s.store.deleteTransactionMessages(principalFrom(ctx), request.TransactionId, channel); err != nil {
		return nil, err
	}
	return gen.DeleteMessagesByTransactionId204Response{}, nil
}
