package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

func feedList(items []gen.Feed) gen.FeedListOKJSONResponse {
	return gen.FeedListOKJSONResponse{Body: gen.FeedListEnvelope{Data: items}}
}

func (s api) ListFeeds(ctx context.Context, request gen.ListFeedsRequestObject) (gen.ListFeedsResponseObject, error) {
	return gen.ListFeeds200JSONResponse{FeedListOKJSONResponse: feedList(s.store.listFeeds(principalFrom(ctx)))}, nil
}

func (s api) CreateFeed(ctx context.Context, request gen.CreateFeedRequestObject) (gen.CreateFeedResponseObject, error) {
	f, err := s.store.createFeed(principalFrom(ctx), request.Body.Name)
	if err != nil {
		return nil, err
	}
	return gen.CreateFeed201JSONResponse{FeedOKJSONResponse: gen.FeedOKJSONResponse{Body: gen.FeedEnvelope{Data: f}}}, nil
}

func (s api) DeleteFeed(ctx context.Context, request gen.DeleteFeedRequestObject) (gen.DeleteFeedResponseObject, error) {
	feeds, err := s.store.deleteFeed(principalFrom(ctx), request.FeedId)
	if err != nil {
		return nil, err
	}
	return gen.DeleteFeed200JSONResponse{FeedListOKJSONResponse: feedList(feeds)}, nil
}
