package mockserver

import (
	"crypto/hmac"

	"github.com/novumock/novumock/gen"
)

// Sessions: POST /v1/inbox/session and POST /v1/widgets/session/initialize open a subscriber
// session from an application identifier. Both follow Novu's use cases step by step and differ
// only in wording and in how the subscriber is written, so one function serves both.

// sessionWords are a session route's own messages.
type sessionWords struct {
	badIdentifier, noIntegration, badHash string
}

var (
	inboxSessionWords  = sessionWords{"Please provide a valid application identifier", "The active in-app integration could not be found", "Please provide a valid HMAC hash"}
	widgetSessionWords = sessionWords{"Please provide a valid app identifier", "In app integration could not be found", "Please provide a valid HMAC hash"}
)

// sessionRequest is what a session route asks for. With update, an existing subscriber takes
// the profile (the widget route's CreateSubscriber); otherwise the profile only fills a
// subscriber created now.
type sessionRequest struct {
	identifier string
	hash       string
	profile    gen.CreateSubscriberRequest
	update     bool
}

// sessionResult is what both routes answer from.
type sessionResult struct {
	subscriber     gen.Subscriber
	unread         int
	removeBranding bool
}

// openSession resolves the environment by its application identifier, finds its active Novu
// in-app integration, checks the HMAC when the integration asks for one, then creates (or
// updates) the subscriber. Nothing is written unless every check passed.
func (st *store) openSession(req sessionRequest, words sessionWords) (sessionResult, error) {
	env := st.environmentByIdentifier(req.identifier)
	if env == nil || req.identifier == "" {
		return sessionResult{}, errBadRequest("%s", words.badIdentifier)
	}
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	in, ok := inAppIntegrationLocked(env)
	if !ok {
		return sessionResult{}, errNotFound("%s", words.noIntegration)
	}
	if in != nil && in.Credentials != nil && in.Credentials.Hmac != nil && *in.Credentials.Hmac &&
		!hmac.Equal([]byte(subscriberHMAC(env.apiKey, req.profile.SubscriberId)), []byte(req.hash)) {
		return sessionResult{}, errBadRequest("%s", words.badHash)
	}
	sub := env.subscribers.get(req.profile.SubscriberId)
	if sub == nil || req.update {
		created, _, err := st.upsertSubscriberLocked(env, req.profile)
		if err != nil {
			return sessionResult{}, err
		}
		sub = &created
	}
	read := false
	unread := min(len(inboxMessagesLocked(env, sub.UnderscoreId, inboxFilter{read: &read}, st.timeOf(env.org))), inboxMaxCount)
	res := sessionResult{subscriber: *sub, unread: unread}
	if in != nil && in.RemoveNovuBranding != nil {
		res.removeBranding = *in.RemoveNovuBranding
	}
	return res, nil
}

// inAppIntegrationLocked is the environment's active Novu in-app integration (Novu's
// SelectIntegration with providerId novu). ok is false when the environment has Novu in-app
// integrations but none is active. Novu creates one, active, with every organization; the fake
// starts without integrations, so an environment that never had one is served as if it had
// Novu's default (in is nil: active, no HMAC, branding kept), as triggers already deliver in-app
// messages without one.
func inAppIntegrationLocked(env *environment) (in *gen.Integration, ok bool) {
	seen := false
	for _, i := range env.org.integrations.all() {
		if i.UnderscoreEnvironmentId != env.id || i.Channel != gen.ChannelTypeInApp || i.ProviderId != "novu" || i.Deleted {
			continue
		}
		seen = true
		if i.Active {
			return i, true
		}
	}
	return nil, !seen
}
