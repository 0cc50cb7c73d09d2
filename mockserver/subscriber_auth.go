package mockserver

import (
	"context"
	"crypto/rand"
	"strings"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/subscribertoken"
)

// Subscriber authentication: the in-app routes (/v1/inbox/*, /v1/widgets/* and the socket) are
// called from the browser with the subscriber token a session route signed, never with an API
// key. This file is the one place that turns such a token into a subscriberPrincipal.

// subscriberPrincipal is who a subscriber token speaks for: a subscriber of one environment.
type subscriberPrincipal struct {
	env *environment
	// subscriberID is the caller's subscriberId, the key the store's subscriber state uses.
	subscriberID string
	// id is the subscriber document's _id when the request was authenticated.
	id string
}

type subscriberPrincipalKey struct{}

// subscriberFrom returns the subscriber a request's bearer token authenticated. The pipeline only
// calls handlers of subscriber-secured operations after that succeeded, so ok is true there.
func subscriberFrom(ctx context.Context) (subscriberPrincipal, bool) {
	p, ok := ctx.Value(subscriberPrincipalKey{}).(subscriberPrincipal)
	return p, ok
}

// newTokenSecret is the HS256 secret of one Server (Novu's JWT_SECRET). It is random per
// process: a token from another novumock instance (or from before a restart) is refused.
func newTokenSecret() ([]byte, error) {
	secret := make([]byte, 32)
	_, err := rand.Read(secret)
	return secret, err
}

// signSubscriberToken is Novu's getSubscriberWidgetToken: the session routes answer with it.
func (s *Server) signSubscriberToken(sub gen.Subscriber) (string, error) {
	c := subscribertoken.Claims{ID: sub.UnderscoreId, OrganizationID: sub.UnderscoreOrganizationId,
		EnvironmentID: sub.UnderscoreEnvironmentId, SubscriberID: sub.SubscriberId}
	c.FirstName = deref(sub.FirstName)
	c.LastName = deref(sub.LastName)
	c.Email = deref(emailOf(sub))
	return subscribertoken.Sign(s.tokenSecret, c, s.clock.Now())
}

// subscriberFromAuthorization authenticates an `Authorization` header value as Novu's
// subscriberJwt strategy does (passport-jwt's fromAuthHeaderAsBearerToken): the scheme word is
// "Bearer" in any case, followed by the token. Every failure (no header, another scheme such as
// ApiKey, an API key sent as the bearer token, a bad, expired or foreign token, a subscriber
// since deleted) is the same bare 401 {"statusCode":401,"message":"Unauthorized"}.
func (s *Server) subscriberFromAuthorization(header string) (subscriberPrincipal, error) {
	fields := strings.Fields(header)
	if len(fields) != 2 || !strings.EqualFold(fields[0], "Bearer") {
		return subscriberPrincipal{}, errSubscriberUnauthorized()
	}
	return s.subscriberFromToken(fields[1])
}

// subscriberFromToken authenticates a raw subscriber token: the socket handshake's token (query
// `token` or `auth.token`) goes here directly. It checks the signature with this Server's secret
// and expiry against the fake's clock, the audience "widget_user", then that the environment and
// the subscriberId the token names still exist (Novu's validateSubscriber looks the subscriber up
// by environment and subscriberId, so a subscriber deleted and created again keeps its session).
// Errors are errSubscriberUnauthorized.
func (s *Server) subscriberFromToken(token string) (subscriberPrincipal, error) {
	c, err := subscribertoken.Verify(s.tokenSecret, token, s.clock.Now())
	if err != nil {
		return subscriberPrincipal{}, errSubscriberUnauthorized()
	}
	p, ok := s.store.subscriberPrincipal(c.EnvironmentID, c.SubscriberID)
	if !ok {
		return subscriberPrincipal{}, errSubscriberUnauthorized()
	}
	return p, nil
}

// errSubscriberUnauthorized is Nest's UnauthorizedException from the passport guard: no reason
// phrase, message "Unauthorized".
func errSubscriberUnauthorized() *apiError {
	return &apiError{Status: 401, Message: "Unauthorized", NoReason: true}
}

// subscriberPrincipal looks up the subscriber a verified token names.
func (st *store) subscriberPrincipal(envID, subscriberID string) (subscriberPrincipal, bool) {
	env := st.environmentByID(envID)
	if env == nil {
		return subscriberPrincipal{}, false
	}
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return subscriberPrincipal{}, false
	}
	return subscriberPrincipal{env: env, subscriberID: sub.SubscriberId, id: sub.UnderscoreId}, true
}

// ApplicationIdentifiers are the application identifiers of the Development and Production
// environments: what the in-app clients are configured with (`applicationIdentifier`).
func (s *Server) ApplicationIdentifiers() (dev, prod string) {
	if env := s.store.environmentByKey(s.opts.DevAPIKey); env != nil {
		dev = env.model.Identifier // never changes (environment)
	}
	if env := s.store.environmentByKey(s.opts.ProdAPIKey); env != nil {
		prod = env.model.Identifier
	}
	return dev, prod
}

// environmentByIdentifier is the environment whose application identifier (the public
// `identifier` of GET /v1/environments/me, which the in-app clients are configured with) is id.
func (st *store) environmentByIdentifier(id string) *environment {
	st.mu.RLock()
	defer st.mu.RUnlock()
	for _, org := range st.orgs {
		for _, env := range org.envs {
			if env.model.Identifier == id {
				return env
			}
		}
	}
	return nil
}
