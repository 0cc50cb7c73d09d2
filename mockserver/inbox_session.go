package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsonnull"
)

// The two session routes take no credentials: the application identifier names the environment.

// errEmptySubscriberID is both routes' answer to `"subscriberId": ""`: the DTO only asks for a
// string, and the subscriber's own command (IsNotEmpty) refuses it, as a real v2.0.0 answers.
var errEmptySubscriberID = errValidation("subscriberId should not be empty")

func (s api) CreateInboxSession(_ context.Context, req gen.CreateInboxSessionRequestObject) (gen.CreateInboxSessionResponseObject, error) {
	b := req.Body
	// @novu/js 3.x sends the subscriber as an object; v2.0.0's body has subscriberId.
	profile := gen.CreateSubscriberRequest{SubscriberId: deref(b.SubscriberId)}
	if sub := b.Subscriber; sub != nil {
		profile = gen.CreateSubscriberRequest{SubscriberId: sub.SubscriberId, FirstName: sub.FirstName,
			LastName: sub.LastName, Phone: sub.Phone, Avatar: sub.Avatar, Locale: sub.Locale, Data: sub.Data}
		if sub.Email != nil && *sub.Email != "" {
			profile.Email = jsonnull.Value(*sub.Email)
		}
	}
	switch {
	case b.Subscriber == nil && b.SubscriberId == nil:
		return nil, errValidation("subscriberId should not be null or undefined", "subscriberId must be a string")
	case profile.SubscriberId == "":
		return nil, errEmptySubscriberID
	}
	res, err := s.store.openSession(sessionRequest{identifier: b.ApplicationIdentifier, hash: deref(b.SubscriberHash), profile: profile},
		inboxSessionWords)
	if err != nil {
		return nil, err
	}
	token, err := s.signSubscriberToken(res.subscriber)
	if err != nil {
		return nil, err
	}
	var out gen.InboxSessionEnvelope
	out.Data.Token, out.Data.TotalUnreadCount, out.Data.RemoveNovuBranding = token, res.unread, res.removeBranding
	return gen.CreateInboxSession201JSONResponse{InboxSessionOKJSONResponse: gen.InboxSessionOKJSONResponse(out)}, nil
}

func (s api) InitializeWidgetSession(_ context.Context, req gen.InitializeWidgetSessionRequestObject) (gen.InitializeWidgetSessionResponseObject, error) {
	b := req.Body
	if b.SubscriberId == "" {
		return nil, errEmptySubscriberID
	}
	profile := gen.CreateSubscriberRequest{SubscriberId: b.SubscriberId, FirstName: b.FirstName, LastName: b.LastName, Phone: b.Phone}
	if b.Email != nil {
		profile.Email = jsonnull.Value(string(*b.Email))
	}
	res, err := s.store.openSession(sessionRequest{identifier: b.ApplicationIdentifier, hash: deref(b.HmacHash), profile: profile, update: true},
		widgetSessionWords)
	if err != nil {
		return nil, err
	}
	token, err := s.signSubscriberToken(res.subscriber)
	if err != nil {
		return nil, err
	}
	var out gen.WidgetSessionEnvelope
	out.Data.Token = token
	p := &out.Data.Profile
	p.UnderscoreId, p.FirstName, p.LastName, p.Phone = res.subscriber.UnderscoreId, res.subscriber.FirstName, res.subscriber.LastName, res.subscriber.Phone
	return gen.InitializeWidgetSession201JSONResponse{WidgetSessionOKJSONResponse: gen.WidgetSessionOKJSONResponse(out)}, nil
}
