package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Notification (activity feed) handlers.

func (s api) ListNotifications(ctx context.Context, request gen.ListNotificationsRequestObject) (gen.ListNotificationsResponseObject, error) {
	p := request.Params
	f := activityFilter{templates: deref(p.Templates), emails: deref(p.Emails), subscriberIDs: deref(p.SubscriberIds),
		transactionID: deref(p.TransactionId), search: deref(p.Search)}
	for _, ch := range deref(p.Channels) {
		f.channels = append(f.channels, string(ch))
	}
	page := deref(p.Page)
	data := s.store.listActivity(principalFrom(ctx), page, f)
	return gen.ListNotifications200JSONResponse{ActivityPageOKJSONResponse: gen.ActivityPageOKJSONResponse{
		Body: gen.ActivityPage{Page: page, PageSize: activityPageSize, HasMore: len(data) == activityPageSize, Data: data}}}, nil
}

func (s api) GetNotificationStats(ctx context.Context, request gen.GetNotificationStatsRequestObject) (gen.GetNotificationStatsResponseObject, error) {
	return gen.GetNotificationStats200JSONResponse{ActivityStatsOKJSONResponse: gen.ActivityStatsOKJSONResponse{
		Body: gen.ActivityStatsEnvelope{Data: s.store.activityStats(principalFrom(ctx))}}}, nil
}

func (s api) GetNotificationGraphStats(ctx context.Context, request gen.GetNotificationGraphStatsRequestObject) (gen.GetNotificationGraphStatsResponseObject, error) {
	points := s.store.activityGraph(principalFrom(ctx), deref(request.Params.Days))
	return gen.GetNotificationGraphStats200JSONResponse{ActivityGraphStatsListOKJSONResponse: gen.ActivityGraphStatsListOKJSONResponse{
		Body: gen.ActivityGraphPointListEnvelope{Data: points}}}, nil
}

// GetNotification answers data: null for an unknown id, as Novu does.
func (s api) GetNotification(ctx context.Context, request gen.GetNotificationRequestObject) (gen.GetNotificationResponseObject, error) {
	var data *gen.Activity
	if a, ok := s.store.activity(principalFrom(ctx), request.NotificationId); ok {
		data = &a
	}
	return gen.GetNotification200JSONResponse{ActivityOKJSONResponse: gen.ActivityOKJSONResponse{
		Body: gen.ActivityEnvelope{Data: data}}}, nil
}
