// Package subscribertoken signs and verifies the subscriber session token of Novu's in-app API:
// the JWT that POST /v1/inbox/session and POST /v1/widgets/session/initialize hand out and that
// the Inbox, widget and socket endpoints accept as `Authorization: Bearer <token>` (or as the
// socket handshake's token).
//
// The token is what Novu's AuthService.getSubscriberWidgetToken signs (v2.0.0,
// libs/application-generic/src/services/auth/community.auth.service.ts): HS256 over the
// subscriber's _id, firstName, lastName, email, organizationId, environmentId and subscriberId,
// issuer "novu_api", audience "widget_user", valid for 15 days. Verification is what Novu's
// subscriber JWT strategy does (passport-jwt, then `aud === 'widget_user'`): a valid HS256
// signature, an unexpired exp, and exactly that audience.
package subscribertoken

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Issuer, Audience and Lifetime are the values Novu signs subscriber tokens with.
const (
	Issuer   = "novu_api"
	Audience = "widget_user"
	Lifetime = 15 * 24 * time.Hour
)

// ErrInvalid is every reason a token is refused (bad signature, expiry, audience, shape): Novu
// answers all of them with the same bare 401, so callers need no finer distinction.
var ErrInvalid = errors.New("invalid subscriber token")

// Claims is the token's payload. Novu signs a JavaScript object, so a profile field the
// subscriber lacks is absent rather than empty; omitempty keeps that shape.
type Claims struct {
	ID             string `json:"_id"`
	FirstName      string `json:"firstName,omitempty"`
	LastName       string `json:"lastName,omitempty"`
	Email          string `json:"email,omitempty"`
	OrganizationID string `json:"organizationId"`
	EnvironmentID  string `json:"environmentId"`
	SubscriberID   string `json:"subscriberId"`
	IssuedAt       int64  `json:"iat"`
	ExpiresAt      int64  `json:"exp"`
	// Audience is a single string, as jsonwebtoken writes `audience: 'widget_user'`; an array
	// would fail Novu's `payload.aud !== 'widget_user'` check, and fails to decode here.
	Audience string `json:"aud"`
	Issuer   string `json:"iss"`
}

// jwt.Claims, so the library checks exp (and nbf, iat) against the verifier's clock.
func (c Claims) GetExpirationTime() (*jwt.NumericDate, error) { return numericDate(c.ExpiresAt), nil }
func (c Claims) GetIssuedAt() (*jwt.NumericDate, error)       { return numericDate(c.IssuedAt), nil }
func (c Claims) GetNotBefore() (*jwt.NumericDate, error)      { return nil, nil }
func (c Claims) GetIssuer() (string, error)                   { return c.Issuer, nil }
func (c Claims) GetSubject() (string, error)                  { return "", nil }
func (c Claims) GetAudience() (jwt.ClaimStrings, error)       { return jwt.ClaimStrings{c.Audience}, nil }

func numericDate(sec int64) *jwt.NumericDate {
	if sec == 0 {
		return nil
	}
	return jwt.NewNumericDate(time.Unix(sec, 0))
}

// Sign issues a token for the subscriber in c, stamped at now: iat, exp (now + Lifetime),
// issuer and audience are set here, whatever c carries.
func Sign(secret []byte, c Claims, now time.Time) (string, error) {
	if len(secret) == 0 {
		return "", fmt.Errorf("subscribertoken: empty secret")
	}
	c.IssuedAt = now.Unix()
	c.ExpiresAt = now.Add(Lifetime).Unix()
	c.Issuer, c.Audience = Issuer, Audience
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
}

// Verify checks a token at now and returns its claims. It returns ErrInvalid (wrapped with the
// reason) for anything Novu's strategy would refuse: another algorithm or secret, a token
// expired at now, an audience other than "widget_user", or claims that do not decode. Identity
// checks (does the subscriber still exist) are the caller's.
func Verify(secret []byte, token string, now time.Time) (Claims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	if err != nil {
		return Claims{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if c.Audience != Audience {
		return Claims{}, fmt.Errorf("%w: audience %q", ErrInvalid, c.Audience)
	}
	if c.EnvironmentID == "" || c.SubscriberID == "" {
		return Claims{}, fmt.Errorf("%w: no environmentId or subscriberId", ErrInvalid)
	}
	return c, nil
}
