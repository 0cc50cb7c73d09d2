package subscribertoken

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	secret = []byte("0123456789abcdef0123456789abcdef")
	t0     = time.Date(2024, 10, 7, 12, 0, 0, 0, time.UTC)
	ada    = Claims{ID: "6710aaaaaaaaaaaaaaaaaaaa", FirstName: "Ada", OrganizationID: "org1",
		EnvironmentID: "env1", SubscriberID: "user-1"}
)

func TestSign_PayloadAsNovuSignsIt(t *testing.T) {
	tok, err := Sign(secret, ada, t0)
	require.NoError(t, err)
	parts := strings.Split(tok, ".")
	require.Len(t, parts, 3)
	head, err := base64.RawURLEncoding.DecodeString(parts[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"alg":"HS256","typ":"JWT"}`, string(head))
	body, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(body, &got))
	assert.Equal(t, map[string]any{"_id": ada.ID, "firstName": "Ada", "organizationId": "org1",
		"environmentId": "env1", "subscriberId": "user-1", "iat": float64(t0.Unix()),
		"exp": float64(t0.Add(15 * 24 * time.Hour).Unix()), "aud": "widget_user", "iss": "novu_api"}, got)
}

func TestVerify(t *testing.T) {
	good, err := Sign(secret, ada, t0)
	require.NoError(t, err)
	forge := func(c jwt.Claims, m jwt.SigningMethod, key any) string {
		s, err := jwt.NewWithClaims(m, c).SignedString(key)
		require.NoError(t, err)
		return s
	}
	arrayAud := jwt.MapClaims{"_id": "x", "environmentId": "env1", "subscriberId": "user-1",
		"aud": []string{"widget_user"}, "exp": t0.Add(time.Hour).Unix()}
	userAud := ada
	userAud.Audience, userAud.ExpiresAt = "", t0.Add(time.Hour).Unix() // a dashboard user token has no audience
	noSubscriber := jwt.MapClaims{"environmentId": "env1", "aud": "widget_user"}
	tests := []struct {
		name  string
		token string
		at    time.Time
		ok    bool
	}{
		{"OK", good, t0, true},
		{"OKJustBeforeExpiry", good, t0.Add(Lifetime - time.Second), true},
		{"ErrExpired", good, t0.Add(Lifetime + time.Second), false},
		{"ErrOtherSecret", forge(ada.withTimes(t0), jwt.SigningMethodHS256, []byte("another secret")), t0, false},
		{"ErrAlgNone", forge(ada.withTimes(t0), jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType), t0, false},
		{"ErrHS512", forge(ada.withTimes(t0), jwt.SigningMethodHS512, secret), t0, false},
		{"ErrNoAudience", forge(userAud, jwt.SigningMethodHS256, secret), t0, false},
		{"ErrAudienceArray", forge(arrayAud, jwt.SigningMethodHS256, secret), t0, false},
		{"ErrNoSubscriber", forge(noSubscriber, jwt.SigningMethodHS256, secret), t0, false},
		{"ErrTampered", good[:len(good)-2] + "xx", t0, false},
		{"ErrGarbage", "nvmk_dev_00000000000000000000000000000000", t0, false},
		{"ErrEmpty", "", t0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Verify(secret, tc.token, tc.at)
			if !tc.ok {
				require.Error(t, err)
				assert.True(t, errors.Is(err, ErrInvalid), "%v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "user-1", c.SubscriberID)
			assert.Equal(t, "env1", c.EnvironmentID)
			assert.Equal(t, ada.ID, c.ID)
		})
	}
}

func TestSign_EmptySecret(t *testing.T) {
	_, err := Sign(nil, ada, t0)
	assert.Error(t, err)
}

// withTimes is c as Sign would stamp it at now, for forging tokens by other means.
func (c Claims) withTimes(now time.Time) Claims {
	c.IssuedAt, c.ExpiresAt, c.Issuer, c.Audience = now.Unix(), now.Add(Lifetime).Unix(), Issuer, Audience
	return c
}

// FuzzVerify: whatever string arrives as a bearer token, Verify answers without a panic, and the
// only claims it ever accepts are the ones this secret signed (a token edited anywhere, or one
// with alg "none", never yields other claims).
func FuzzVerify(f *testing.F) {
	signed := ada.withTimes(t0)
	tok, err := Sign(secret, ada, t0)
	require.NoError(f, err)
	parts := strings.Split(tok, ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	for _, s := range []string{tok, tok + "x", parts[0] + "." + parts[1] + ".", none + "." + parts[1] + ".", "", "a.b.c", "Bearer " + tok, "null"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Verify(secret, s, t0.Add(time.Minute))
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("%q: an error that is not ErrInvalid: %v", s, err)
			}
			return
		}
		if c != signed {
			t.Fatalf("%q verified with claims %+v, never signed", s, c)
		}
	})
}
