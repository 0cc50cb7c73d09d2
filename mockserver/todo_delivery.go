// TEMPORARY (deleted when the section is implemented): placeholders so the package builds.
package mockserver

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/novumock/novumock/gen"
)

type deliveryState struct{}

func (st *Store) initDelivery(env *environment) {}

func (s *Server) registerOutboxRoutes(g *echo.Group) {}

func (s *Server) TriggerEvent(ctx context.Context, request gen.TriggerEventRequestObject) (gen.TriggerEventResponseObject, error) {
	return nil, errNotImplemented("TriggerEvent")
}

func (s *Server) BroadcastEvent(ctx context.Context, request gen.BroadcastEventRequestObject) (gen.BroadcastEventResponseObject, error) {
	return nil, errNotImplemented("BroadcastEvent")
}

func (s *Server) BulkTriggerEvents(ctx context.Context, request gen.BulkTriggerEventsRequestObject) (gen.BulkTriggerEventsResponseObject, error) {
	return nil, errNotImplemented("BulkTriggerEvents")
}

func (s *Server) CancelTriggeredEvent(ctx context.Context, request gen.CancelTriggeredEventRequestObject) (gen.CancelTriggeredEventResponseObject, error) {
	return nil, errNotImplemented("CancelTriggeredEvent")
}

func (s *Server) ListExecutionDetails(ctx context.Context, request gen.ListExecutionDetailsRequestObject) (gen.ListExecutionDetailsResponseObject, error) {
	return nil, errNotImplemented("ListExecutionDetails")
}

func (s *Server) ListMessages(ctx context.Context, request gen.ListMessagesRequestObject) (gen.ListMessagesResponseObject, error) {
	return nil, errNotImplemented("ListMessages")
}

func (s *Server) DeleteMessagesByTransactionId(ctx context.Context, request gen.DeleteMessagesByTransactionIdRequestObject) (gen.DeleteMessagesByTransactionIdResponseObject, error) {
	return nil, errNotImplemented("DeleteMessagesByTransactionId")
}

func (s *Server) DeleteMessage(ctx context.Context, request gen.DeleteMessageRequestObject) (gen.DeleteMessageResponseObject, error) {
	return nil, errNotImplemented("DeleteMessage")
}

func (s *Server) ListNotifications(ctx context.Context, request gen.ListNotificationsRequestObject) (gen.ListNotificationsResponseObject, error) {
	return nil, errNotImplemented("ListNotifications")
}

func (s *Server) GetNotificationGraphStats(ctx context.Context, request gen.GetNotificationGraphStatsRequestObject) (gen.GetNotificationGraphStatsResponseObject, error) {
	return nil, errNotImplemented("GetNotificationGraphStats")
}

func (s *Server) GetNotificationStats(ctx context.Context, request gen.GetNotificationStatsRequestObject) (gen.GetNotificationStatsResponseObject, error) {
	return nil, errNotImplemented("GetNotificationStats")
}

func (s *Server) GetNotification(ctx context.Context, request gen.GetNotificationRequestObject) (gen.GetNotificationResponseObject, error) {
	return nil, errNotImplemented("GetNotification")
}

func (s *Server) MarkAllSubscriberMessages(ctx context.Context, request gen.MarkAllSubscriberMessagesRequestObject) (gen.MarkAllSubscriberMessagesResponseObject, error) {
	return nil, errNotImplemented("MarkAllSubscriberMessages")
}

func (s *Server) MarkSubscriberMessagesAs(ctx context.Context, request gen.MarkSubscriberMessagesAsRequestObject) (gen.MarkSubscriberMessagesAsResponseObject, error) {
	return nil, errNotImplemented("MarkSubscriberMessagesAs")
}

func (s *Server) MarkSubscriberMessagesLegacy(ctx context.Context, request gen.MarkSubscriberMessagesLegacyRequestObject) (gen.MarkSubscriberMessagesLegacyResponseObject, error) {
	return nil, errNotImplemented("MarkSubscriberMessagesLegacy")
}

func (s *Server) MarkMessageAction(ctx context.Context, request gen.MarkMessageActionRequestObject) (gen.MarkMessageActionResponseObject, error) {
	return nil, errNotImplemented("MarkMessageAction")
}

func (s *Server) GetSubscriberNotificationFeed(ctx context.Context, request gen.GetSubscriberNotificationFeedRequestObject) (gen.GetSubscriberNotificationFeedResponseObject, error) {
	return nil, errNotImplemented("GetSubscriberNotificationFeed")
}

func (s *Server) GetSubscriberUnseenCount(ctx context.Context, request gen.GetSubscriberUnseenCountRequestObject) (gen.GetSubscriberUnseenCountResponseObject, error) {
	return nil, errNotImplemented("GetSubscriberUnseenCount")
}
