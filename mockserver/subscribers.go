package mockserver

import (
	"context"
	"net/http"

	"github.com/novumock/novumock/gen"
)

// Subscribers section (/v1/subscribers): profiles, bulk upsert, online status. Credentials,
// the chat OAuth flow and preferences live in subscribers_credentials.go and
// subscribers_preferences.go; the feed and mark endpoints belong to delivery.

func subscriberOK(sub gen.Subscriber) gen.SubscriberOKJSONResponse {
	return gen.SubscriberOKJSONResponse{Body: gen.SubscriberEnvelope{Data: sub}}
}

func (s api) ListSubscribers(ctx context.Context, req gen.ListSubscribersRequestObject) (gen.ListSubscribersResponseObject, error) {
	page, limit := deref(req.Params.Page), deref(req.Params.Limit)
	list := s.store.listSubscribers(principalFrom(ctx), page, limit)
	return subscriberPage{s: s.Server, list: list,
		page: gen.SubscriberPage{Page: page, PageSize: limit, HasMore: len(list) == limit}}, nil
}

func (s api) CreateSubscriber(ctx context.Context, req gen.CreateSubscriberRequestObject) (gen.CreateSubscriberResponseObject, error) {
	sub, err := s.store.upsertSubscriber(principalFrom(ctx), *req.Body)
	if err != nil {
		return nil, err
	}
	return createdSubscriber(sub), nil
}

// createdSubscriber is CreateSubscriber's 201, the generated response's bytes written through
// writeJSON (every request of the bench's subscriber load answers one).
type createdSubscriber gen.Subscriber

func (sub createdSubscriber) VisitCreateSubscriberResponse(w http.ResponseWriter) error {
	return writeJSON(w, http.StatusCreated, &gen.SubscriberEnvelope{Data: gen.Subscriber(sub)})
}

func (s api) BulkCreateSubscribers(ctx context.Context, req gen.BulkCreateSubscribersRequestObject) (gen.BulkCreateSubscribersResponseObject, error) {
	res := s.store.bulkUpsertSubscribers(principalFrom(ctx), req.Body.Subscribers)
	return gen.BulkCreateSubscribers201JSONResponse{BulkCreateSubscribersResultOKJSONResponse: gen.BulkCreateSubscribersResultOKJSONResponse{
		Body: gen.BulkCreateSubscribersResultEnvelope{Data: res}}}, nil
}

func (s api) GetSubscriber(ctx context.Context, req gen.GetSubscriberRequestObject) (gen.GetSubscriberResponseObject, error) {
	sub, err := s.store.getSubscriber(principalFrom(ctx), req.SubscriberId)
	if err != nil {
		return nil, err
	}
	return gen.GetSubscriber200JSONResponse{SubscriberOKJSONResponse: subscriberOK(sub)}, nil
}

func (s api) UpdateSubscriber(ctx context.Context, req gen.UpdateSubscriberRequestObject) (gen.UpdateSubscriberResponseObject, error) {
	sub, err := s.store.updateSubscriber(principalFrom(ctx), req.SubscriberId, *req.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateSubscriber200JSONResponse{SubscriberOKJSONResponse: subscriberOK(sub)}, nil
}

func (s api) DeleteSubscriber(ctx context.Context, req gen.DeleteSubscriberRequestObject) (gen.DeleteSubscriberResponseObject, error) {
	if err := s.store.deleteSubscriber(principalFrom(ctx), req.SubscriberId); err != nil {
		return nil, err
	}
	return gen.DeleteSubscriber200JSONResponse{DeletedJSONResponse: gen.DeletedJSONResponse{
		Body: gen.DeletedEnvelope{Data: gen.DeletedResult{Acknowledged: true, Status: gen.DeletedResultStatusDeleted}}}}, nil
}

func (s api) UpdateSubscriberOnlineStatus(ctx context.Context, req gen.UpdateSubscriberOnlineStatusRequestObject) (gen.UpdateSubscriberOnlineStatusResponseObject, error) {
	sub, err := s.store.setOnlineStatus(principalFrom(ctx), req.SubscriberId, req.Body.IsOnline)
	if err != nil {
		return nil, err
	}
	return gen.UpdateSubscriberOnlineStatus200JSONResponse{SubscriberOKJSONResponse: subscriberOK(sub)}, nil
}
