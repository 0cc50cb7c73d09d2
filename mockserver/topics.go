package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Topics section (/v1/topics): named groups of subscribers, addressed by key.

func topicOK(t gen.Topic) gen.TopicOKJSONResponse {
	return gen.TopicOKJSONResponse{Body: gen.TopicEnvelope{Data: t}}
}

func (s api) CreateTopic(ctx context.Context, req gen.CreateTopicRequestObject) (gen.CreateTopicResponseObject, error) {
	t, err := s.store.createTopic(principalFrom(ctx), *req.Body)
	if err != nil {
		return nil, err
	}
	return gen.CreateTopic201JSONResponse{CreatedTopicOKJSONResponse: gen.CreatedTopicOKJSONResponse{
		Body: gen.CreatedTopicEnvelope{Data: gen.CreatedTopic{UnderscoreId: t.UnderscoreId, Key: t.Key}}}}, nil
}

func (s api) ListTopics(ctx context.Context, req gen.ListTopicsRequestObject) (gen.ListTopicsResponseObject, error) {
	page, size := deref(req.Params.Page), deref(req.Params.PageSize)
	list, total := s.store.listTopics(principalFrom(ctx), page, size, req.Params.Key)
	return gen.ListTopics200JSONResponse{TopicPageOKJSONResponse: gen.TopicPageOKJSONResponse{
		Body: gen.TopicPage{Data: list, Page: page, PageSize: size, TotalCount: total}}}, nil
}

func (s api) GetTopic(ctx context.Context, req gen.GetTopicRequestObject) (gen.GetTopicResponseObject, error) {
	t, err := s.store.getTopic(principalFrom(ctx), req.TopicKey)
	if err != nil {
		return nil, err
	}
	return gen.GetTopic200JSONResponse{TopicOKJSONResponse: topicOK(t)}, nil
}

func (s api) RenameTopic(ctx context.Context, req gen.RenameTopicRequestObject) (gen.RenameTopicResponseObject, error) {
	t, err := s.store.renameTopic(principalFrom(ctx), req.TopicKey, req.Body.Name)
	if err != nil {
		return nil, err
	}
	return gen.RenameTopic200JSONResponse{TopicOKJSONResponse: topicOK(t)}, nil
}

func (s api) DeleteTopic(ctx context.Context, req gen.DeleteTopicRequestObject) (gen.DeleteTopicResponseObject, error) {
	if err := s.store.deleteTopic(principalFrom(ctx), req.TopicKey); err != nil {
		return nil, err
	}
	return gen.DeleteTopic204Response{}, nil
}

// AddTopicSubscribers answers 200 (not 201) and leaves `failed` out when every id was found.
func (s api) AddTopicSubscribers(ctx context.Context, req gen.AddTopicSubscribersRequestObject) (gen.AddTopicSubscribersResponseObject, error) {
	ok, missing := s.store.addTopicSubscribers(principalFrom(ctx), req.TopicKey, req.Body.Subscribers)
	res := gen.TopicSubscribersAddResult{Succeeded: ok}
	if len(missing) > 0 {
		res.Failed = &struct {
			NotFound []string `json:"notFound"`
		}{NotFound: missing}
	}
	return gen.AddTopicSubscribers200JSONResponse{TopicSubscribersAddedOKJSONResponse: gen.TopicSubscribersAddedOKJSONResponse{
		Body: gen.TopicSubscribersAddResultEnvelope{Data: res}}}, nil
}

func (s api) RemoveTopicSubscribers(ctx context.Context, req gen.RemoveTopicSubscribersRequestObject) (gen.RemoveTopicSubscribersResponseObject, error) {
	s.store.removeTopicSubscribers(principalFrom(ctx), req.TopicKey, req.Body.Subscribers)
	return gen.RemoveTopicSubscribers204Response{}, nil
}

func (s api) GetTopicSubscriber(ctx context.Context, req gen.GetTopicSubscriberRequestObject) (gen.GetTopicSubscriberResponseObject, error) {
	m, err := s.store.topicSubscriber(principalFrom(ctx), req.TopicKey, req.ExternalSubscriberId)
	if err != nil {
		return nil, err
	}
	return gen.GetTopicSubscriber200JSONResponse{TopicSubscriberOKJSONResponse: gen.TopicSubscriberOKJSONResponse{
		Body: gen.TopicSubscriberEnvelope{Data: m}}}, nil
}
