package mockserver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/subscribertoken"
)

// The subscriber principal is what the in-app routes and the socket handshake act as; every way
// of not being that subscriber must end in the same bare 401.
func TestSubscriberFromAuthorization(t *testing.T) {
	now := time.Date(2024, 10, 7, 12, 0, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return now }})
	require.NoError(t, err)
	dev, prod := s.store.environmentByKey(s.DevAPIKey()), s.store.environmentByKey(s.ProdAPIKey())
	ada, err := s.store.upsertSubscriber(dev, gen.CreateSubscriberRequest{SubscriberId: "ada"})
	require.NoError(t, err)
	gone, err := s.store.upsertSubscriber(dev, gen.CreateSubscriberRequest{SubscriberId: "gone"})
	require.NoError(t, err)
	token, err := s.signSubscriberToken(ada)
	require.NoError(t, err)
	goneToken, err := s.signSubscriberToken(gone)
	require.NoError(t, err)
	require.NoError(t, s.store.deleteSubscriber(dev, "gone"))

	// The same subscriberId in Production: a token must name its environment, not only the id.
	prodAda := ada
	prodAda.UnderscoreEnvironmentId = prod.id
	otherEnvToken, err := s.signSubscriberToken(prodAda)
	require.NoError(t, err)
	other, err := New(Options{Now: func() time.Time { return now }})
	require.NoError(t, err)
	foreignToken, err := other.signSubscriberToken(ada) // another instance's secret
	require.NoError(t, err)

	tests := []struct {
		name, header string
		ok           bool
	}{
		{"OK", "Bearer " + token, true},
		{"OKSchemeAnyCase", "bearer  " + token, true},
		{"ErrNoHeader", "", false},
		{"ErrApiKeyScheme", "ApiKey " + s.DevAPIKey(), false},
		{"ErrApiKeyAsBearer", "Bearer " + s.DevAPIKey(), false},
		{"ErrNoToken", "Bearer", false},
		{"ErrTrailingWord", "Bearer " + token + " x", false},
		{"ErrForeignSecret", "Bearer " + foreignToken, false},
		{"ErrDeletedSubscriber", "Bearer " + goneToken, false},
		{"ErrUnknownInOtherEnvironment", "Bearer " + otherEnvToken, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := s.subscriberFromAuthorization(tc.header)
			if !tc.ok {
				assert.Equal(t, errSubscriberUnauthorized(), err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, dev, p.env)
			assert.Equal(t, "ada", p.subscriberID)
			assert.Equal(t, ada.UnderscoreId, p.id)
		})
	}

	t.Run("ErrExpired", func(t *testing.T) {
		s.Advance(subscribertoken.Lifetime + time.Second)
		_, err := s.subscriberFromToken(token)
		assert.Equal(t, errSubscriberUnauthorized(), err)
	})
}

func TestEnvironmentByIdentifier(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	dev, prod := s.store.environmentByKey(s.DevAPIKey()), s.store.environmentByKey(s.ProdAPIKey())
	require.NotEqual(t, dev.model.Identifier, prod.model.Identifier)
	assert.Equal(t, dev, s.store.environmentByIdentifier(dev.model.Identifier))
	assert.Equal(t, prod, s.store.environmentByIdentifier(prod.model.Identifier))
	assert.Nil(t, s.store.environmentByIdentifier("nope"))
	assert.Nil(t, s.store.environmentByIdentifier(""))
}
