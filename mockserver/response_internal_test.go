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

// serveWant runs one request through h and fails the test unless it answers status; the body.
func serveWant(t *testing.T, h http.Handler, method, path, body string, status int) []byte {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, benchRequest(method, path, body))
	require.Equal(t, status, rec.Code, "%s %s: %s", method, path, rec.Body.String())
	return rec.Body.Bytes()
}

// The integration lists written from cached encodings are byte for byte what the generated
// responses write: Novu's starting integrations, one with credentials, conditions and HTML
// characters, an inactive one and one of another environment; all and active only; and again
// after every change that moves priorities or primaries (each stores new copies, so no cached
// encoding goes stale).
func TestIntegrationList_SameBytes(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	h := s.Handler()
	serve := func(method, path, body string, status int) []byte { return serveWant(t, h, method, path, body, status) }
	idOf := func(answer []byte) string {
		var out struct {
			Data struct {
				ID string `json:"_id"`
			}
		}
		require.NoError(t, json.Unmarshal(answer, &out))
		return out.Data.ID
	}
	env := s.store.environmentByKey(DefaultDevAPIKey)
	check := func(t *testing.T) {
		t.Helper()
		for _, tc := range []struct {
			path       string
			activeOnly bool
		}{{"/v1/integrations", false}, {"/v1/integrations/active", true}} {
			got := serve("GET", tc.path, "", http.StatusOK)
			list := s.store.listIntegrations(env, tc.activeOnly)
			require.NotEmpty(t, list)
			want := httptest.NewRecorder()
			require.NoError(t, gen.ListIntegrations200JSONResponse{IntegrationListOKJSONResponse: integrationListOK(values(list))}.VisitListIntegrationsResponse(want))
			assert.Equal(t, want.Body.String(), string(got), tc.path)
			assert.Equal(t, "application/json", want.Header().Get("Content-Type"))
		}
	}
	mail := idOf(serve("POST", "/v1/integrations", `{"providerId":"sendgrid","channel":"email","active":true,"check":false,`+
		`"name":"Mail <&> \"quoted\" é","credentials":{"apiKey":"k<1>","from":"a&b@example.com","senderName":"Zoë"},`+
		`"conditions":[{"isNegated":false,"type":"GROUP","value":"AND","children":[{"on":"tenant","field":"identifier","value":"acme","operator":"EQUAL"}]}]}`,
		http.StatusCreated))
	serve("POST", "/v1/integrations", `{"providerId":"fcm","channel":"push","active":false,"check":false}`, http.StatusCreated)
	check(t)
	assert.Contains(t, string(serve("GET", "/v1/integrations", "", http.StatusOK)), `\u003c\u0026\u003e`, "HTML characters escaped as the generated encoder does")

	steps := []struct{ name, method, path, body string }{
		{"a second active e-mail integration (the primary moves up)", "POST", "/v1/integrations", `{"providerId":"mailgun","channel":"email","active":true,"check":false}`},
		{"make the first one primary", "POST", "/v1/integrations/" + mail + "/set-primary", ""},
		{"deactivate it (the others are renumbered)", "PUT", "/v1/integrations/" + mail, `{"active":false}`},
		{"activate it again", "PUT", "/v1/integrations/" + mail, `{"active":true}`},
		{"rename it", "PUT", "/v1/integrations/" + mail, `{"name":"Renamed"}`},
		{"delete it", "DELETE", "/v1/integrations/" + mail, ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, benchRequest(st.method, st.path, st.body))
			require.Less(t, rec.Code, 300, rec.Body.String())
			check(t)
		})
	}
}

// Stored integrations are never changed in place: every value a list handed out before a change
// encodes as it did, whatever the change did to priorities and primaries.
func TestIntegrationsNeverChangedInPlace(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	h := s.Handler()
	env := s.store.environmentByKey(DefaultDevAPIKey)
	var ids []string
	for _, p := range []string{"sendgrid", "mailgun", "postmark"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, benchRequest("POST", "/v1/integrations", `{"providerId":"`+p+`","channel":"email","active":true,"check":false}`))
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
		var out struct {
			Data struct {
				ID string `json:"_id"`
			}
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
		ids = append(ids, out.Data.ID)
	}
	for _, st := range []struct{ method, path, body string }{
		{"POST", "/v1/integrations", `{"providerId":"mailjet","channel":"email","active":true,"check":false}`},
		{"POST", "/v1/integrations/" + ids[1] + "/set-primary", ""},
		{"PUT", "/v1/integrations/" + ids[0], `{"active":false}`},
		{"PUT", "/v1/integrations/" + ids[0], `{"active":true}`},
		{"PUT", "/v1/integrations/" + ids[2], `{"conditions":[{"isNegated":false,"type":"GROUP","value":"AND","children":[]}]}`},
		{"DELETE", "/v1/integrations/" + ids[1], ""},
	} {
		before := s.store.listIntegrations(env, false)
		encoded := make([]string, len(before))
		for i, in := range before {
			encoded[i] = encodeJSON(t, in)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, benchRequest(st.method, st.path, st.body))
		require.Less(t, rec.Code, 300, "%s %s: %s", st.method, st.path, rec.Body.String())
		for i, in := range before {
			assert.Equal(t, encoded[i], encodeJSON(t, in), "%s %s changed a stored integration in place", st.method, st.path)
		}
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

// A trigger's 201 written through writeJSON is byte for byte the generated response's, for each
// kind of result a trigger answers.
func TestTriggerAccepted_SameBytes(t *testing.T) {
	txn := "txn-<1>&"
	msg := []string{"to should not be null or undefined"}
	for _, res := range []gen.TriggerEventResult{
		{Acknowledged: true, Status: gen.TriggerStatusProcessed, TransactionId: &txn},
		{Acknowledged: true, Status: gen.TriggerStatusNoWorkflowStepsDefined},
		{Acknowledged: true, Status: gen.TriggerStatusError, Error: &msg},
	} {
		got, want := httptest.NewRecorder(), httptest.NewRecorder()
		require.NoError(t, triggerAccepted(res).VisitTriggerEventResponse(got))
		require.NoError(t, gen.TriggerEvent201JSONResponse{TriggerEventResultOKJSONResponse: gen.TriggerEventResultOKJSONResponse{
			Body: gen.TriggerEventResultEnvelope{Data: res}}}.VisitTriggerEventResponse(want))
		assert.Equal(t, want.Code, got.Code)
		assert.Equal(t, want.Header(), got.Header())
		assert.Equal(t, want.Body.String(), got.Body.String())
	}
}
