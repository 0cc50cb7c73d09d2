package mockserver

import (
	"context"
	"strings"

	"github.com/novumock/novumock/gen"
)

// The OAuth callback's closing page is the only text/html answer of the API; the response
// self-check needs a decoder for it (kin-openapi registers none for HTML).
// Subscriber credentials for chat and push providers, and the chat OAuth flow.

func (s api) UpdateSubscriberCredentials(ctx context.Context, req gen.UpdateSubscriberCredentialsRequestObject) (gen.UpdateSubscriberCredentialsResponseObject, error) {
	sub, err := s.store.setCredentials(principalFrom(ctx), req.SubscriberId, *req.Body, false)
	if err != nil {
		return nil, err
	}
	return gen.UpdateSubscriberCredentials200JSONResponse{SubscriberOKJSONResponse: subscriberOK(sub)}, nil
}

func (s api) ModifySubscriberCredentials(ctx context.Context, req gen.ModifySubscriberCredentialsRequestObject) (gen.ModifySubscriberCredentialsResponseObject, error) {
	sub, err := s.store.setCredentials(principalFrom(ctx), req.SubscriberId, *req.Body, true)
	if err != nil {
		return nil, err
	}
	return gen.ModifySubscriberCredentials200JSONResponse{SubscriberOKJSONResponse: subscriberOK(sub)}, nil
}

func (s api) DeleteSubscriberCredentials(ctx context.Context, req gen.DeleteSubscriberCredentialsRequestObject) (gen.DeleteSubscriberCredentialsResponseObject, error) {
	if err := s.store.deleteCredentials(principalFrom(ctx), req.SubscriberId, req.ProviderId); err != nil {
		return nil, err
	}
	return gen.DeleteSubscriberCredentials204Response{}, nil
}

func (s api) HandleChatOAuth(_ context.Context, req gen.HandleChatOAuthRequestObject) (gen.HandleChatOAuthResponseObject, error) {
	to, err := s.store.chatOAuthURL(req.Params, req.SubscriberId, req.ProviderId)
	if err != nil {
		return nil, err
	}
	return gen.HandleChatOAuth302Response{Headers: gen.HandleChatOAuth302ResponseHeaders{Location: to}}, nil
}

// closeWindowPage is what Novu answers when the integration has no redirect URL.
const closeWindowPage = "<script>window.close();</script>"

func (s api) HandleChatOAuthCallback(_ context.Context, req gen.HandleChatOAuthCallbackRequestObject) (gen.HandleChatOAuthCallbackResponseObject, error) {
	redirect, err := s.store.chatOAuthCallback(req.Params, req.SubscriberId, req.ProviderId)
	if err != nil {
		return nil, err
	}
	if redirect != "" {
		return gen.HandleChatOAuthCallback302Response{Headers: gen.HandleChatOAuthCallback302ResponseHeaders{Location: redirect}}, nil
	}
	return gen.HandleChatOAuthCallback200TexthtmlResponse{ChatOAuthPageOKTexthtmlResponse: gen.ChatOAuthPageOKTexthtmlResponse{
		Body: strings.NewReader(closeWindowPage), ContentLength: int64(len(closeWindowPage))}}, nil
}
