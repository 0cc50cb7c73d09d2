// TEMPORARY (deleted when the section is implemented): placeholders so the package builds.
package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

type topicState struct{}

func (st *Store) initTopics(env *environment) {}

type layoutState struct{}

func (st *Store) initLayouts(env *environment) {}

type feedState struct{}

func (st *Store) initFeeds(env *environment) {}

func (s *Server) ListFeeds(ctx context.Context, request gen.ListFeedsRequestObject) (gen.ListFeedsResponseObject, error) {
	return nil, errNotImplemented("ListFeeds")
}

func (s *Server) CreateFeed(ctx context.Context, request gen.CreateFeedRequestObject) (gen.CreateFeedResponseObject, error) {
	return nil, errNotImplemented("CreateFeed")
}

func (s *Server) DeleteFeed(ctx context.Context, request gen.DeleteFeedRequestObject) (gen.DeleteFeedResponseObject, error) {
	return nil, errNotImplemented("DeleteFeed")
}

func (s *Server) ListLayouts(ctx context.Context, request gen.ListLayoutsRequestObject) (gen.ListLayoutsResponseObject, error) {
	return nil, errNotImplemented("ListLayouts")
}

func (s *Server) CreateLayout(ctx context.Context, request gen.CreateLayoutRequestObject) (gen.CreateLayoutResponseObject, error) {
	return nil, errNotImplemented("CreateLayout")
}

func (s *Server) DeleteLayout(ctx context.Context, request gen.DeleteLayoutRequestObject) (gen.DeleteLayoutResponseObject, error) {
	return nil, errNotImplemented("DeleteLayout")
}

func (s *Server) GetLayout(ctx context.Context, request gen.GetLayoutRequestObject) (gen.GetLayoutResponseObject, error) {
	return nil, errNotImplemented("GetLayout")
}

func (s *Server) UpdateLayout(ctx context.Context, request gen.UpdateLayoutRequestObject) (gen.UpdateLayoutResponseObject, error) {
	return nil, errNotImplemented("UpdateLayout")
}

func (s *Server) SetDefaultLayout(ctx context.Context, request gen.SetDefaultLayoutRequestObject) (gen.SetDefaultLayoutResponseObject, error) {
	return nil, errNotImplemented("SetDefaultLayout")
}

func (s *Server) ListTopics(ctx context.Context, request gen.ListTopicsRequestObject) (gen.ListTopicsResponseObject, error) {
	return nil, errNotImplemented("ListTopics")
}

func (s *Server) CreateTopic(ctx context.Context, request gen.CreateTopicRequestObject) (gen.CreateTopicResponseObject, error) {
	return nil, errNotImplemented("CreateTopic")
}

func (s *Server) DeleteTopic(ctx context.Context, request gen.DeleteTopicRequestObject) (gen.DeleteTopicResponseObject, error) {
	return nil, errNotImplemented("DeleteTopic")
}

func (s *Server) GetTopic(ctx context.Context, request gen.GetTopicRequestObject) (gen.GetTopicResponseObject, error) {
	return nil, errNotImplemented("GetTopic")
}

func (s *Server) RenameTopic(ctx context.Context, request gen.RenameTopicRequestObject) (gen.RenameTopicResponseObject, error) {
	return nil, errNotImplemented("RenameTopic")
}

func (s *Server) AddTopicSubscribers(ctx context.Context, request gen.AddTopicSubscribersRequestObject) (gen.AddTopicSubscribersResponseObject, error) {
	return nil, errNotImplemented("AddTopicSubscribers")
}

func (s *Server) RemoveTopicSubscribers(ctx context.Context, request gen.RemoveTopicSubscribersRequestObject) (gen.RemoveTopicSubscribersResponseObject, error) {
	return nil, errNotImplemented("RemoveTopicSubscribers")
}

func (s *Server) GetTopicSubscriber(ctx context.Context, request gen.GetTopicSubscriberRequestObject) (gen.GetTopicSubscriberResponseObject, error) {
	return nil, errNotImplemented("GetTopicSubscriber")
}
