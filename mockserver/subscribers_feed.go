package mockserver

import (
	"context"
	"encoding/base64"
	"encoding/json"

	"github.com/novumock/novumock/gen"
)

// The subscriber's in-app feed and the mark endpoints. They sit under /subscribers in the API
// but read and write the messages triggers produce (store_subscribers_feed.go).

func (s api) GetSubscriberNotificationFeed(ctx context.Context, request gen.GetSubscriberNotificationFeedRequestObject) (gen.GetSubscriberNotificationFeedResponseObject, error) {
	p := request.Params
	q := feedQuery{seen: p.Seen, read: p.Read}
	if p.Payload != nil {
		payload, err := decodeFeedPayload(*p.Payload)
		if err != nil {
			return nil, err
		}
		q.payload = payload
	}
	page, err := s.store.feed(principalFrom(ctx), request.SubscriberId, deref(p.Page), derefOr(p.Limit, 10),
		deref(p.FeedIdentifier), q)
	if err != nil {
		return nil, err
	}
	return gen.GetSubscriberNotificationFeed200JSONResponse{NotificationFeedPageOKJSONResponse: gen.NotificationFeedPageOKJSONResponse{
		Body: page}}, nil
}

// decodeFeedPayload reads the feed's payload filter: a JSON object, base64-encoded.
func decodeFeedPayload(s string) (map[string]any, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(s)
	}
	var out map[string]any
	if err != nil || json.Unmarshal(raw, &out) != nil || out == nil {
		return nil, errBadRequest("Invalid payload, the JSON object should be encoded to base64 string.")
	}
	return out, nil
}

func (s api) GetSubscriberUnseenCount(ctx context.Context, request gen.GetSubscriberUnseenCountRequestObject) (gen.GetSubscriberUnseenCountResponseObject, error) {
	p := request.Params
	n, err := s.store.unseenCount(principalFrom(ctx), request.SubscriberId, deref(p.Seen), deref(p.FeedIdentifier),
		derefOr(p.Limit, 100))
	if err != nil {
		return nil, err
	}
	return gen.GetSubscriberUnseenCount200JSONResponse{UnseenCountOKJSONResponse: gen.UnseenCountOKJSONResponse{
		Body: gen.UnseenCountEnvelope{Data: gen.UnseenCount{Count: n}}}}, nil
}

// stringOrList decodes a "one string or a list of strings" union.
func stringOrList(u json.Marshaler) []string {
	switch v := decodeUnion(u).(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, item := range v {
			if s, ok := item.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func messageListResponse(data []gen.Message) gen.MessageListOKJSONResponse {
	return gen.MessageListOKJSONResponse{Body: gen.MessageListEnvelope{Data: data}}
}

func (s api) MarkSubscriberMessagesAs(ctx context.Context, request gen.MarkSubscriberMessagesAsRequestObject) (gen.MarkSubscriberMessagesAsResponseObject, error) {
	b := request.Body
	data, err := s.store.markMessages(principalFrom(ctx), request.SubscriberId, stringOrList(b.MessageId), markFlagsFor(b.MarkAs))
	if err != nil {
		return nil, err
	}
	return gen.MarkSubscriberMessagesAs201JSONResponse{MessageListOKJSONResponse: messageListResponse(data)}, nil
}

func (s api) MarkSubscriberMessagesLegacy(ctx context.Context, request gen.MarkSubscriberMessagesLegacyRequestObject) (gen.MarkSubscriberMessagesLegacyResponseObject, error) {
	b := request.Body
	var mf markFlags
	if b.Mark != nil {
		mf = markFlags{seen: b.Mark.Seen, read: b.Mark.Read, legacy: true}
	}
	data, err := s.store.markMessages(principalFrom(ctx), request.SubscriberId, stringOrList(b.MessageId), mf)
	if err != nil {
		return nil, err
	}
	return gen.MarkSubscriberMessagesLegacy201JSONResponse{MessageListOKJSONResponse: messageListResponse(data)}, nil
}

func (s api) MarkAllSubscriberMessages(ctx context.Context, request gen.MarkAllSubscriberMessagesRequestObject) (gen.MarkAllSubscriberMessagesResponseObject, error) {
	b := request.Body
	var feeds []string
	if b.FeedIdentifier != nil {
		feeds = stringOrList(b.FeedIdentifier)
	}
	n, err := s.store.markAll(principalFrom(ctx), request.SubscriberId, markFlagsFor(b.MarkAs), feeds)
	if err != nil {
		return nil, err
	}
	return gen.MarkAllSubscriberMessages201JSONResponse{CountJSONResponse: gen.CountJSONResponse{
		Body: gen.CountEnvelope{Data: n}}}, nil
}

func (s api) MarkMessageAction(ctx context.Context, request gen.MarkMessageActionRequestObject) (gen.MarkMessageActionResponseObject, error) {
	b := request.Body
	msg, err := s.store.markAction(principalFrom(ctx), request.SubscriberId, request.MessageId,
		gen.MessageCtaActionResultType(request.Type), gen.MessageCtaActionStatus(b.Status), b.Payload)
	if err != nil {
		return nil, err
	}
	return gen.MarkMessageAction201JSONResponse{MessageOKJSONResponse: gen.MessageOKJSONResponse{
		Body: gen.MessageEnvelope{Data: msg}}}, nil
}
