package mockserver

import (
	"context"
	"math"
	"strings"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsvalue"
)

// The routes of the legacy in-app clients (@novu/headless, @novu/notification-center) under
// /v1/widgets, called as the session subscriber (the pipeline checked its bearer token). The
// session route itself is in inbox_session.go; the store side is store_widgets.go and the
// subscriber API's feed and preference code.

// widgetSubscriber is the session subscriber of a widget request.
func widgetSubscriber(ctx context.Context) subscriberPrincipal {
	p, _ := subscriberFrom(ctx)
	return p
}

func (s api) GetWidgetFeed(ctx context.Context, request gen.GetWidgetFeedRequestObject) (gen.GetWidgetFeedResponseObject, error) {
	p := request.Params
	q := feedQuery{seen: p.Seen, read: p.Read}
	if p.Payload != nil {
		payload, err := decodeFeedPayload(*p.Payload)
		if err != nil {
			return nil, err
		}
		q.payload = payload
	}
	sub := widgetSubscriber(ctx)
	page, err := s.store.feed(sub.env, sub.subscriberID, deref(p.Page), derefOr(p.Limit, 10), deref(p.FeedIdentifier), q)
	if err != nil {
		return nil, err
	}
	return gen.GetWidgetFeed200JSONResponse{NotificationFeedPageOKJSONResponse: gen.NotificationFeedPageOKJSONResponse{Body: page}}, nil
}

// widgetCountLimit reads a count's limit as Nest's DefaultValuePipe(100) and LimitPipe(1, 100)
// do: absent is 100; a number outside 1..100 is a 400 with a string message; a value that is
// not a number passes both pipes and counts as no limit, which Novu's count caps at 100 anyway.
func widgetCountLimit(raw *string) (int, error) {
	if raw == nil {
		return countCap, nil
	}
	n := jsvalue.Number(*raw)
	switch {
	case math.IsNaN(n): // every comparison with NaN is false, so the pipe lets it through
		return countCap, nil
	case n < 1:
		return 0, errBadRequest("limit must not be less than 1")
	case n > countCap:
		return 0, errBadRequest("limit must not be greater than 100")
	}
	return int(n), nil
}

// widgetFeeds is the controller's toArray: each identifier may list several, comma-separated.
func widgetFeeds(ids *[]string) []string {
	if ids == nil {
		return nil
	}
	var out []string
	for _, id := range *ids {
		out = append(out, strings.Split(id, ",")...)
	}
	return out
}

func (s api) widgetCount(ctx context.Context, feeds *[]string, q feedQuery, rawLimit *string) (gen.UnseenCountOKJSONResponse, error) {
	limit, err := widgetCountLimit(rawLimit)
	if err != nil {
		return gen.UnseenCountOKJSONResponse{}, err
	}
	sub := widgetSubscriber(ctx)
	n, err := s.store.countMessages(sub.env, sub.subscriberID, widgetFeeds(feeds), q, limit)
	if err != nil {
		return gen.UnseenCountOKJSONResponse{}, err
	}
	return gen.UnseenCountOKJSONResponse{Body: gen.UnseenCountEnvelope{Data: gen.UnseenCount{Count: n}}}, nil
}

func (s api) GetWidgetUnseenCount(ctx context.Context, request gen.GetWidgetUnseenCountRequestObject) (gen.GetWidgetUnseenCountResponseObject, error) {
	p := request.Params
	seen := derefOr(p.Seen, false)
	res, err := s.widgetCount(ctx, p.FeedIdentifier, feedQuery{seen: &seen}, p.Limit)
	if err != nil {
		return nil, err
	}
	return gen.GetWidgetUnseenCount200JSONResponse{UnseenCountOKJSONResponse: res}, nil
}

func (s api) GetWidgetUnreadCount(ctx context.Context, request gen.GetWidgetUnreadCountRequestObject) (gen.GetWidgetUnreadCountResponseObject, error) {
	p := request.Params
	read := derefOr(p.Read, false)
	res, err := s.widgetCount(ctx, p.FeedIdentifier, feedQuery{read: &read}, p.Limit)
	if err != nil {
		return nil, err
	}
	return gen.GetWidgetUnreadCount200JSONResponse{UnseenCountOKJSONResponse: res}, nil
}

func (s api) GetWidgetCount(ctx context.Context, request gen.GetWidgetCountRequestObject) (gen.GetWidgetCountResponseObject, error) {
	p := request.Params
	q := feedQuery{seen: p.Seen, read: p.Read}
	if q.seen == nil && q.read == nil {
		q.seen = ptrTo(false)
	}
	res, err := s.widgetCount(ctx, p.FeedIdentifier, q, p.Limit)
	if err != nil {
		return nil, err
	}
	return gen.GetWidgetCount200JSONResponse{UnseenCountOKJSONResponse: res}, nil
}

func (s api) MarkWidgetMessagesLegacy(ctx context.Context, request gen.MarkWidgetMessagesLegacyRequestObject) (gen.MarkWidgetMessagesLegacyResponseObject, error) {
	b := request.Body
	// The controller's toArray: a missing or empty-string messageId is refused, an empty list
	// goes on to the command, which requires mark.
	ids := stringOrList(b.MessageId)
	if s, isString := decodeUnion(b.MessageId).(string); ids == nil || isString && s == "" {
		return nil, errBadRequest("messageId is required")
	}
	if b.Mark == nil {
		return nil, errValidation("mark should not be null or undefined")
	}
	mf := markFlags{seen: b.Mark.Seen, read: b.Mark.Read, legacy: true}
	sub := widgetSubscriber(ctx)
	data, err := s.store.markMessages(sub.env, sub.subscriberID, ids, mf)
	if err != nil {
		return nil, err
	}
	return gen.MarkWidgetMessagesLegacy201JSONResponse{MessageListOKJSONResponse: messageListResponse(data)}, nil
}

func (s api) MarkWidgetMessagesAs(ctx context.Context, request gen.MarkWidgetMessagesAsRequestObject) (gen.MarkWidgetMessagesAsResponseObject, error) {
	b := request.Body
	var ids []string
	if b.MessageId != nil {
		ids = stringOrList(b.MessageId)
	}
	if len(ids) == 0 {
		return nil, errBadRequest("messageId is required")
	}
	sub := widgetSubscriber(ctx)
	data, err := s.store.markMessages(sub.env, sub.subscriberID, ids, markFlagsFor(b.MarkAs))
	if err != nil {
		return nil, err
	}
	return gen.MarkWidgetMessagesAs201JSONResponse{MessageListOKJSONResponse: messageListResponse(data)}, nil
}

func (s api) widgetMarkAll(ctx context.Context, body *gen.WidgetMarkAllRequest, v gen.MarkAsValue) (gen.CountJSONResponse, error) {
	var feeds []string
	if body != nil && body.FeedId != nil {
		feeds = widgetFeeds(ptrTo(stringOrList(body.FeedId)))
	}
	sub := widgetSubscriber(ctx)
	n, err := s.store.markAll(sub.env, sub.subscriberID, markFlagsFor(v), feeds)
	if err != nil {
		return gen.CountJSONResponse{}, err
	}
	return gen.CountJSONResponse{Body: gen.CountEnvelope{Data: n}}, nil
}

func (s api) MarkAllWidgetMessagesRead(ctx context.Context, request gen.MarkAllWidgetMessagesReadRequestObject) (gen.MarkAllWidgetMessagesReadResponseObject, error) {
	res, err := s.widgetMarkAll(ctx, request.Body, gen.MarkAsValueRead)
	if err != nil {
		return nil, err
	}
	return gen.MarkAllWidgetMessagesRead201JSONResponse{CountJSONResponse: res}, nil
}

func (s api) MarkAllWidgetMessagesSeen(ctx context.Context, request gen.MarkAllWidgetMessagesSeenRequestObject) (gen.MarkAllWidgetMessagesSeenResponseObject, error) {
	res, err := s.widgetMarkAll(ctx, request.Body, gen.MarkAsValueSeen)
	if err != nil {
		return nil, err
	}
	return gen.MarkAllWidgetMessagesSeen201JSONResponse{CountJSONResponse: res}, nil
}

func (s api) RemoveWidgetMessagesBulk(ctx context.Context, request gen.RemoveWidgetMessagesBulkRequestObject) (gen.RemoveWidgetMessagesBulkResponseObject, error) {
	sub := widgetSubscriber(ctx)
	if err := s.store.removeSubscriberMessages(sub.env, sub.subscriberID, request.Body.MessageIds); err != nil {
		return nil, err
	}
	return gen.RemoveWidgetMessagesBulk200JSONResponse{WidgetEmptyOKJSONResponse: gen.WidgetEmptyOKJSONResponse{}}, nil
}

func (s api) RemoveAllWidgetMessages(ctx context.Context, request gen.RemoveAllWidgetMessagesRequestObject) (gen.RemoveAllWidgetMessagesResponseObject, error) {
	feedID := deref(request.Params.FeedId)
	if feedID != "" && !objectIDPattern.MatchString(feedID) {
		return nil, errValidation("FeedId must be a valid MongoDB ObjectId")
	}
	sub := widgetSubscriber(ctx)
	if err := s.store.removeAllSubscriberMessages(sub.env, sub.subscriberID, feedID); err != nil {
		return nil, err
	}
	return gen.RemoveAllWidgetMessages204Response{}, nil
}

func (s api) RemoveWidgetMessage(ctx context.Context, request gen.RemoveWidgetMessageRequestObject) (gen.RemoveWidgetMessageResponseObject, error) {
	sub := widgetSubscriber(ctx)
	msg, err := s.store.removeSubscriberMessage(sub.env, sub.subscriberID, request.MessageId)
	if err != nil {
		return nil, err
	}
	return gen.RemoveWidgetMessage200JSONResponse{MessageOKJSONResponse: gen.MessageOKJSONResponse{Body: gen.MessageEnvelope{Data: msg}}}, nil
}

func (s api) MarkWidgetMessageAction(ctx context.Context, request gen.MarkWidgetMessageActionRequestObject) (gen.MarkWidgetMessageActionResponseObject, error) {
	b := request.Body
	sub := widgetSubscriber(ctx)
	// Novu finds the message before it looks at the type or the status (it stores whatever they
	// are); the fake checks them next, as its messages hold only the documented values.
	if err := s.store.findSubscriberMessage(sub.env, sub.subscriberID, request.MessageId); err != nil {
		return nil, err
	}
	typ := gen.MessageCtaActionResultType(request.Type)
	status, _ := b.Status.(string)
	var bad []string
	if !typ.Valid() {
		bad = append(bad, "type must be one of the following values: primary, secondary")
	}
	if st := gen.MessageCtaActionStatus(status); !st.Valid() {
		bad = append(bad, "status must be one of the following values: pending, done")
	}
	if len(bad) > 0 {
		return nil, errValidation(bad...)
	}
	msg, err := s.store.markAction(sub.env, sub.subscriberID, request.MessageId, typ, gen.MessageCtaActionStatus(status), b.Payload)
	if err != nil {
		return nil, err
	}
	return gen.MarkWidgetMessageAction201JSONResponse{MessageOKJSONResponse: gen.MessageOKJSONResponse{Body: gen.MessageEnvelope{Data: msg}}}, nil
}

func (s api) GetWidgetOrganization(ctx context.Context, _ gen.GetWidgetOrganizationRequestObject) (gen.GetWidgetOrganizationResponseObject, error) {
	org := s.store.widgetOrganization(widgetSubscriber(ctx).env)
	return gen.GetWidgetOrganization200JSONResponse{WidgetOrganizationOKJSONResponse: gen.WidgetOrganizationOKJSONResponse{
		Data: org}}, nil
}

func (s api) ListWidgetPreferences(ctx context.Context, _ gen.ListWidgetPreferencesRequestObject) (gen.ListWidgetPreferencesResponseObject, error) {
	sub := widgetSubscriber(ctx)
	list, err := s.store.listPreferences(sub.env, sub.subscriberID)
	if err != nil {
		return nil, err
	}
	return gen.ListWidgetPreferences200JSONResponse{SubscriberPreferenceListOKJSONResponse: gen.SubscriberPreferenceListOKJSONResponse{
		Body: gen.SubscriberPreferenceListEnvelope{Data: list}}}, nil
}

func (s api) GetWidgetPreferencesByLevel(ctx context.Context, request gen.GetWidgetPreferencesByLevelRequestObject) (gen.GetWidgetPreferencesByLevelResponseObject, error) {
	sub := widgetSubscriber(ctx)
	out := []gen.SubscriberLevelPreference{}
	if request.Level == "global" {
		g, err := s.store.globalPreference(sub.env, sub.subscriberID)
		if err != nil {
			return nil, err
		}
		out = append(out, gen.SubscriberLevelPreference{Preference: g})
	} else {
		list, err := s.store.listPreferences(sub.env, sub.subscriberID)
		if err != nil {
			return nil, err
		}
		for _, p := range list {
			out = append(out, gen.SubscriberLevelPreference{Template: ptrTo(p.Template), Preference: p.Preference})
		}
	}
	return gen.GetWidgetPreferencesByLevel200JSONResponse{SubscriberLevelPreferenceListOKJSONResponse: gen.SubscriberLevelPreferenceListOKJSONResponse{
		Body: gen.SubscriberLevelPreferenceListEnvelope{Data: out}}}, nil
}

func (s api) UpdateWidgetGlobalPreferences(ctx context.Context, request gen.UpdateWidgetGlobalPreferencesRequestObject) (gen.UpdateWidgetGlobalPreferencesResponseObject, error) {
	sub := widgetSubscriber(ctx)
	g, err := s.store.updateGlobalPreference(sub.env, sub.subscriberID, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWidgetGlobalPreferences200JSONResponse{SubscriberGlobalPreferenceOKJSONResponse: gen.SubscriberGlobalPreferenceOKJSONResponse{
		Body: gen.SubscriberGlobalPreferenceEnvelope{Data: gen.SubscriberGlobalPreference{Preference: g}}}}, nil
}

func (s api) UpdateWidgetPreference(ctx context.Context, request gen.UpdateWidgetPreferenceRequestObject) (gen.UpdateWidgetPreferenceResponseObject, error) {
	if !objectIDPattern.MatchString(request.Level) { // the use case's command: IsMongoId templateId
		return nil, errValidation("templateId must be a mongodb id")
	}
	sub := widgetSubscriber(ctx)
	p, err := s.store.updateWorkflowPreference(sub.env, sub.subscriberID, request.Level, *request.Body)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWidgetPreference200JSONResponse{SubscriberPreferenceOKJSONResponse: gen.SubscriberPreferenceOKJSONResponse{
		Body: gen.SubscriberPreferenceEnvelope{Data: p}}}, nil
}

func (s api) LogWidgetUsage(ctx context.Context, _ gen.LogWidgetUsageRequestObject) (gen.LogWidgetUsageResponseObject, error) {
	body := gen.WidgetUsageLogOKJSONResponse{}
	body.Data.Success = true
	return gen.LogWidgetUsage201JSONResponse{WidgetUsageLogOKJSONResponse: body}, nil
}
