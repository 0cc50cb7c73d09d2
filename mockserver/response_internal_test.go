package mockserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
)

// The integration lists written through writeJSON are byte for byte what the generated
// responses write: Novu's starting integrations, one with credentials, conditions and HTML
// characters, an inactive one and one of another environment; all and active only.
func TestIntegrationList_SameBytes(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	h := s.Handler()
	serve := func(method, path, body string, status int) []byte {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, benchRequest(method, path, body))
		require.Equal(t, status, rec.Code, "%s %s: %s", method, path, rec.Body.String())
		return rec.Body.Bytes()
	}
	serve("POST", "/v1/integrations", `{"providerId":"sendgrid","channel":"email","active":true,"check":false,`+
		`"name":"Mail <&> \"quoted\" é","credentials":{"apiKey":"k<1>","from":"a&b@example.com","senderName":"Zoë"},`+
		`"conditions":[{"isNegated":false,"type":"GROUP","value":"AND","children":[{"on":"tenant","field":"identifier","value":"acme","operator":"EQUAL"}]}]}`,
		http.StatusCreated)
	serve("POST", "/v1/integrations", `{"providerId":"fcm","channel":"push","active":false,"check":false}`, http.StatusCreated)
	env := s.store.environmentByKey(DefaultDevAPIKey)
	for _, tc := range []struct {
		path       string
		activeOnly bool
	}{
		{path: "/v1/integrations"},
		{path: "/v1/integrations/active", activeOnly: true},
	} {
		t.Run(tc.path, func(t *testing.T) {
			got := serve("GET", tc.path, "", http.StatusOK)
			rec := httptest.NewRecorder()
			list := s.store.listIntegrations(env, tc.activeOnly)
			require.NotEmpty(t, list)
			require.NoError(t, gen.ListIntegrations200JSONResponse{IntegrationListOKJSONResponse: integrationListOK(list)}.VisitListIntegrationsResponse(rec))
			assert.Equal(t, rec.Body.String(), string(got))
			assert.Contains(t, string(got), `\u003c\u0026\u003e`, "HTML characters escaped as the generated encoder does")

			own := httptest.NewRecorder()
			require.NoError(t, integrationList(list).VisitListActiveIntegrationsResponse(own))
			assert.Equal(t, rec.Header(), own.Header())
			assert.Equal(t, rec.Body.String(), own.Body.String())
		})
	}
}

// A created subscriber's answer written through writeJSON is byte for byte the generated
// response's: every member set and unset, an e-mail absent, null and in need of escaping, data.
func TestCreatedSubscriber_SameBytes(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	h := s.Handler()
	env := s.store.environmentByKey(DefaultDevAPIKey)
	for _, body := range []string{
		`{"subscriberId":"bare"}`,
		`{"subscriberId":"null-email","email":null}`,
		`{"subscriberId":"every-field","email":"grace@example.com","firstName":"Grace","lastName":"Hopper",` +
			`"phone":"+46701234567","avatar":"https://example.com/a.png?x=1&y=<2>","locale":"sv-SE",` +
			`"data":{"plan":"pro","seats":12,"ratio":0.25,"tags":["x","<y>"],"nested":{"b":{"deep":[1,{"k":"v"}]},"a":"\u00e9"}}}`,
		`{"subscriberId":"escapes <&>","email":"o'neil+\"q\"@example.com","firstName":"Zoë \\ \u2029"}`,
		`{"subscriberId":"every-field","firstName":"Admiral"}`, // an update answers 201 as well
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, benchRequest("POST", "/v1/subscribers", body))
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
		var id struct{ Data struct{ SubscriberId string } }
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &id))
		stored, err := s.store.getSubscriber(env, id.Data.SubscriberId)
		require.NoError(t, err)
		want := httptest.NewRecorder()
		require.NoError(t, gen.CreateSubscriber201JSONResponse{SubscriberOKJSONResponse: subscriberOK(stored)}.VisitCreateSubscriberResponse(want))
		assert.Equal(t, want.Body.String(), rec.Body.String(), body)
	}
}
