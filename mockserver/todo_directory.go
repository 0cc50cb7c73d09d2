// TEMPORARY (deleted when the section is implemented): placeholders so the package builds.
package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

func (s *Server) ListSubscribers(ctx context.Context, request gen.ListSubscribersRequestObject) (gen.ListSubscribersResponseObject, error) {
	return nil, errNotImplemented("ListSubscribers")
}

func (s *Server) CreateSubscriber(ctx context.Context, request gen.CreateSubscriberRequestObject) (gen.CreateSubscriberResponseObject, error) {
	return nil, errNotImplemented("CreateSubscriber")
}

func (s *Server) BulkCreateSubscribers(ctx context.Context, request gen.BulkCreateSubscribersRequestObject) (gen.BulkCreateSubscribersResponseObject, error) {
	return nil, errNotImplemented("BulkCreateSubscribers")
}

func (s *Server) DeleteSubscriber(ctx context.Context, request gen.DeleteSubscriberRequestObject) (gen.DeleteSubscriberResponseObject, error) {
	return nil, errNotImplemented("DeleteSubscriber")
}

func (s *Server) GetSubscriber(ctx context.Context, request gen.GetSubscriberRequestObject) (gen.GetSubscriberResponseObject, error) {
	return nil, errNotImplemented("GetSubscriber")
}

func (s *Server) UpdateSubscriber(ctx context.Context, request gen.UpdateSubscriberRequestObject) (gen.UpdateSubscriberResponseObject, error) {
	return nil, errNotImplemented("UpdateSubscriber")
}

func (s *Server) ModifySubscriberCredentials(ctx context.Context, request gen.ModifySubscriberCredentialsRequestObject) (gen.ModifySubscriberCredentialsResponseObject, error) {
	return nil, errNotImplemented("ModifySubscriberCredentials")
}

func (s *Server) UpdateSubscriberCredentials(ctx context.Context, request gen.UpdateSubscriberCredentialsRequestObject) (gen.UpdateSubscriberCredentialsResponseObject, error) {
	return nil, errNotImplemented("UpdateSubscriberCredentials")
}

func (s *Server) DeleteSubscriberCredentials(ctx context.Context, request gen.DeleteSubscriberCredentialsRequestObject) (gen.DeleteSubscriberCredentialsResponseObject, error) {
	return nil, errNotImplemented("DeleteSubscriberCredentials")
}

func (s *Server) HandleChatOAuth(ctx context.Context, request gen.HandleChatOAuthRequestObject) (gen.HandleChatOAuthResponseObject, error) {
	return nil, errNotImplemented("HandleChatOAuth")
}

func (s *Server) HandleChatOAuthCallback(ctx context.Context, request gen.HandleChatOAuthCallbackRequestObject) (gen.HandleChatOAuthCallbackResponseObject, error) {
	return nil, errNotImplemented("HandleChatOAuthCallback")
}

func (s *Server) UpdateSubscriberOnlineStatus(ctx context.Context, request gen.UpdateSubscriberOnlineStatusRequestObject) (gen.UpdateSubscriberOnlineStatusResponseObject, error) {
	return nil, errNotImplemented("UpdateSubscriberOnlineStatus")
}

func (s *Server) ListSubscriberPreferences(ctx context.Context, request gen.ListSubscriberPreferencesRequestObject) (gen.ListSubscriberPreferencesResponseObject, error) {
	return nil, errNotImplemented("ListSubscriberPreferences")
}

func (s *Server) UpdateSubscriberGlobalPreferences(ctx context.Context, request gen.UpdateSubscriberGlobalPreferencesRequestObject) (gen.UpdateSubscriberGlobalPreferencesResponseObject, error) {
	return nil, errNotImplemented("UpdateSubscriberGlobalPreferences")
}

func (s *Server) GetSubscriberPreferencesByLevel(ctx context.Context, request gen.GetSubscriberPreferencesByLevelRequestObject) (gen.GetSubscriberPreferencesByLevelResponseObject, error) {
	return nil, errNotImplemented("GetSubscriberPreferencesByLevel")
}

func (s *Server) UpdateSubscriberPreference(ctx context.Context, request gen.UpdateSubscriberPreferenceRequestObject) (gen.UpdateSubscriberPreferenceResponseObject, error) {
	return nil, errNotImplemented("UpdateSubscriberPreference")
}

func (s *Server) ListTenants(ctx context.Context, request gen.ListTenantsRequestObject) (gen.ListTenantsResponseObject, error) {
	return nil, errNotImplemented("ListTenants")
}

func (s *Server) CreateTenant(ctx context.Context, request gen.CreateTenantRequestObject) (gen.CreateTenantResponseObject, error) {
	return nil, errNotImplemented("CreateTenant")
}

func (s *Server) DeleteTenant(ctx context.Context, request gen.DeleteTenantRequestObject) (gen.DeleteTenantResponseObject, error) {
	return nil, errNotImplemented("DeleteTenant")
}

func (s *Server) GetTenant(ctx context.Context, request gen.GetTenantRequestObject) (gen.GetTenantResponseObject, error) {
	return nil, errNotImplemented("GetTenant")
}

func (s *Server) UpdateTenant(ctx context.Context, request gen.UpdateTenantRequestObject) (gen.UpdateTenantResponseObject, error) {
	return nil, errNotImplemented("UpdateTenant")
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
