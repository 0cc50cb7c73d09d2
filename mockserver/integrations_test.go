package mockserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/mockserver"
)

// integration creates one through the generated client and returns it (as the create answer shows it).
func (f *fake) integration(c *gen.ClientWithResponses, provider string, ch gen.ChannelType, active bool) gen.Integration {
	f.t.Helper()
	res, err := c.CreateIntegrationWithResponse(context.Background(), nil, gen.CreateIntegrationRequest{
		ProviderId: provider, Channel: ch, Active: &active, Check: ptr(false),
		Credentials: &gen.IntegrationCredentials{ApiKey: ptr("secret-" + provider)},
	})
	require.NoError(f.t, err)
	require.Equal(f.t, http.StatusCreated, res.StatusCode(), string(res.Body))
	return res.JSON201.Data
}

// byID lists the caller's integrations (decrypted, org-wide) keyed by id.
func (f *fake) integrationsByID(c *gen.ClientWithResponses) map[string]gen.Integration {
	f.t.Helper()
	res, err := c.ListIntegrationsWithResponse(context.Background())
	require.NoError(f.t, err)
	require.Equal(f.t, http.StatusOK, res.StatusCode())
	out := map[string]gen.Integration{}
	for _, i := range res.JSON200.Data {
		out[i.UnderscoreId] = i
	}
	return out
}

type rank struct {
	primary, active bool
	priority        int
}

func ranks(list map[string]gen.Integration, ids ...string) []rank {
	var out []rank
	for _, id := range ids {
		i := list[id]
		out = append(out, rank{i.Primary, i.Active, i.Priority})
	}
	return out
}

// TestIntegrations_NewOrganizationStart: each environment of a new organization starts with
// what CreateNovuIntegrations gives it. On Novu Cloud (the default) that is Novu Email and Novu
// SMS, each active and primary, and the in-app integration; self-hosted, only the in-app one,
// and Novu's own e-mail and SMS providers cannot be created.
func TestIntegrations_NewOrganizationStart(t *testing.T) {
	type seeded struct {
		provider, name string
		channel        gen.ChannelType
		primary        bool
		priority       int
	}
	shape := func(f *fake) map[string][]seeded {
		out := map[string][]seeded{}
		for _, i := range f.integrationsByID(f.Dev) {
			assert.True(t, i.Active, i.Name)
			assert.Regexp(t, `^`+slugOf(i.Name)+`-[a-z0-9_-]{7,14}$`, i.Identifier)
			assert.Equal(t, gen.IntegrationCredentials{}, i.Credentials)
			out[i.UnderscoreEnvironmentId] = append(out[i.UnderscoreEnvironmentId],
				seeded{i.ProviderId, i.Name, i.Channel, i.Primary, i.Priority})
		}
		for _, list := range out {
			slices.SortFunc(list, func(a, b seeded) int { return strings.Compare(a.provider, b.provider) })
		}
		return out
	}
	t.Run("cloud", func(t *testing.T) {
		f := mustNewServer(t)
		got := shape(f)
		require.Len(t, got, 2, "both environments")
		for _, list := range got {
			assert.Equal(t, []seeded{
				{"novu", "Novu In-App", gen.ChannelTypeInApp, false, 0},
				{"novu-email", "Novu Email", gen.ChannelTypeEmail, true, 1},
				{"novu-sms", "Novu SMS", gen.ChannelTypeSms, true, 1},
			}, list)
		}
		// A later active e-mail integration slots in just below the primary Novu Email.
		sg := f.integration(f.Dev, "sendgrid", gen.ChannelTypeEmail, true)
		assert.False(t, sg.Primary)
		assert.Equal(t, 1, sg.Priority)
		res := f.dev("POST", "/v1/integrations", `{"providerId":"novu-email","channel":"email","check":false}`)
		assert.Equal(t, http.StatusConflict, res.Status)
		assert.Equal(t, "Integration with novu provider for email channel already exists", res.Body["message"])
	})
	t.Run("self-hosted", func(t *testing.T) {
		f := mustNewServer(t, selfHosted)
		for _, list := range shape(f) {
			assert.Equal(t, []seeded{{"novu", "Novu In-App", gen.ChannelTypeInApp, false, 0}}, list)
		}
		for _, provider := range []string{"novu-email", "novu-sms"} {
			res := f.dev("POST", "/v1/integrations", `{"providerId":"`+provider+`","channel":"email","check":false}`)
			assert.Equal(t, http.StatusBadRequest, res.Status)
			assert.Equal(t, "Creating Novu integration for "+provider+" provider is not allowed", res.Body["message"])
		}
	})
	t.Run("an organization created later starts the same way", func(t *testing.T) {
		f := mustNewServer(t)
		res := f.dev("POST", "/v1/organizations", `{"name":"Second"}`)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		org := res.Body["data"].(map[string]any)
		assert.Equal(t, "free", org["apiServiceLevel"], "create-organization stores the free level")
		var keys []struct{ ApiKey string }
		require.NoError(t, json.Unmarshal([]byte(f.do("GET", "/_novumock/keys", "", "").Raw), &keys))
		require.Len(t, keys, 4, "two environments per organization")
		listed := f.do("GET", "/v1/integrations", "ApiKey "+keys[2].ApiKey, "")
		require.Equal(t, http.StatusOK, listed.Status, listed.Raw)
		assert.Len(t, listed.Body["data"], 6)
	})
}

// slugOf is what Novu's slugify gives a seeded integration's name.
func slugOf(name string) string { return strings.ToLower(strings.NewReplacer(" ", "-").Replace(name)) }

func TestIntegrations_CreatePrimaryRules(t *testing.T) {
	f := mustNewServer(t, selfHosted)
	a := f.integration(f.Dev, "sendgrid", gen.ChannelTypeEmail, true)
	assert.True(t, a.Primary, "the first active email integration becomes primary")
	assert.Equal(t, 1, a.Priority)
	b := f.integration(f.Dev, "mailgun", gen.ChannelTypeEmail, true)
	assert.False(t, b.Primary, "a second active one does not steal primary")
	c := f.integration(f.Dev, "ses", gen.ChannelTypeEmail, false)
	slack := f.integration(f.Dev, "slack", gen.ChannelTypeChat, true)
	assert.False(t, slack.Primary)
	assert.Equal(t, 0, slack.Priority, "chat has no priorities")

	got := ranks(f.integrationsByID(f.Dev), a.UnderscoreId, b.UnderscoreId, c.UnderscoreId)
	assert.Equal(t, []rank{{true, true, 2}, {false, true, 1}, {false, false, 0}}, got)

	// Production has its own channel: its first active sms integration is primary too.
	p := f.integration(f.Prod, "twilio", gen.ChannelTypeSms, true)
	assert.True(t, p.Primary)
}

// TestIntegrations_SetPrimary_FactsExample is the e2e example of facts §7.3.
func TestIntegrations_SetPrimary_FactsExample(t *testing.T) {
	f := mustNewServer(t, selfHosted)
	oldPrimary := f.integration(f.Dev, "sendgrid", gen.ChannelTypeEmail, true)
	other := f.integration(f.Dev, "mailgun", gen.ChannelTypeEmail, true)
	inactive := f.integration(f.Dev, "ses", gen.ChannelTypeEmail, false)
	target := f.integration(f.Dev, "postmark", gen.ChannelTypeEmail, false)

	res, err := f.Dev.SetIntegrationAsPrimaryWithResponse(context.Background(), target.UnderscoreId, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, res.StatusCode(), string(res.Body))
	got := res.JSON201.Data
	assert.True(t, got.Primary)
	assert.True(t, got.Active, "set-primary activates")
	assert.Equal(t, 3, got.Priority)
	assert.Equal(t, []gen.StepFilter{}, *got.Conditions)

	all := f.integrationsByID(f.Dev)
	assert.Equal(t, []rank{{true, true, 3}, {false, true, 2}, {false, true, 1}, {false, false, 0}},
		ranks(all, target.UnderscoreId, oldPrimary.UnderscoreId, other.UnderscoreId, inactive.UnderscoreId))

	t.Run("already primary is a no-op", func(t *testing.T) {
		again, err := f.Dev.SetIntegrationAsPrimaryWithResponse(context.Background(), target.UnderscoreId, nil)
		require.NoError(t, err)
		assert.Equal(t, got.UpdatedAt, again.JSON201.Data.UpdatedAt)
	})
}

func TestIntegrations_SetPrimary_Errors(t *testing.T) {
	f := mustNewServer(t)
	chat := f.integration(f.Dev, "slack", gen.ChannelTypeChat, true)
	tests := []struct {
		name, id string
		status   int
		message  any
	}{
		{"not an ObjectId", "abc", 400, []any{"integrationId must be a mongodb id"}},
		{"unknown", "64a2f0c1e4b0a1b2c3d4e5f6", 404, "Integration with id 64a2f0c1e4b0a1b2c3d4e5f6 not found"},
		{"channel without primary", chat.UnderscoreId, 400, "Channel chat does not support primary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev("POST", "/v1/integrations/"+tt.id+"/set-primary", "{}")
			assert.Equal(t, tt.status, res.Status)
			assert.Equal(t, tt.message, res.Body["message"])
		})
	}
}

func TestIntegrations_DeactivateAndDeleteNeverPromote(t *testing.T) {
	f := mustNewServer(t, selfHosted)
	a := f.integration(f.Dev, "sendgrid", gen.ChannelTypeEmail, true) // primary, ends at p3
	b := f.integration(f.Dev, "mailgun", gen.ChannelTypeEmail, true)
	c := f.integration(f.Dev, "ses", gen.ChannelTypeEmail, true)

	res, err := f.Dev.UpdateIntegrationWithResponse(context.Background(), b.UnderscoreId, gen.UpdateIntegrationRequest{Active: ptr(false)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode(), string(res.Body))
	assert.Equal(t, rank{false, false, 0}, rank{res.JSON200.Data.Primary, res.JSON200.Data.Active, res.JSON200.Data.Priority})
	assert.Equal(t, []rank{{true, true, 2}, {false, true, 1}}, ranks(f.integrationsByID(f.Dev), a.UnderscoreId, c.UnderscoreId))

	del, err := f.Dev.DeleteIntegrationWithResponse(context.Background(), a.UnderscoreId)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, del.StatusCode())
	assert.Len(t, del.JSON200.Data, 3, "the remaining integrations of the environment (with in-app)")
	all := f.integrationsByID(f.Dev)
	assert.NotContains(t, all, a.UnderscoreId)
	assert.Equal(t, []rank{{false, true, 1}}, ranks(all, c.UnderscoreId), "no one is promoted")

	t.Run("reactivating does not promote either", func(t *testing.T) {
		res, err := f.Dev.UpdateIntegrationWithResponse(context.Background(), b.UnderscoreId, gen.UpdateIntegrationRequest{Active: ptr(true)})
		require.NoError(t, err)
		assert.False(t, res.JSON200.Data.Primary)
		assert.Equal(t, 2, res.JSON200.Data.Priority)
	})
	t.Run("conditions on the primary clear it", func(t *testing.T) {
		p, err := f.Dev.SetIntegrationAsPrimaryWithResponse(context.Background(), c.UnderscoreId, nil)
		require.NoError(t, err)
		require.True(t, p.JSON201.Data.Primary)
		conds := []gen.StepFilter{{Children: &[]gen.FilterPart{{On: gen.FilterPartOnTenant}}}}
		res, err := f.Dev.UpdateIntegrationWithResponse(context.Background(), c.UnderscoreId, gen.UpdateIntegrationRequest{Conditions: &conds})
		require.NoError(t, err)
		assert.False(t, res.JSON200.Data.Primary)
	})
}

func TestIntegrations_CreateAndUpdateErrors(t *testing.T) {
	f := mustNewServer(t)
	named := f.integration(f.Dev, "sendgrid", gen.ChannelTypeEmail, false)
	tests := []struct {
		name, method, path, body string
		status                   int
		message                  any
	}{
		{"identifier unique per organization", "POST", "/v1/integrations",
			`{"providerId":"mailgun","channel":"email","identifier":"` + named.Identifier + `"}`, 409, "Integration with identifier already exists"},
		{"one in-app provider", "POST", "/v1/integrations", `{"providerId":"novu","channel":"in_app"}`, 400, "One environment can only have one In app provider"},
		{"update unknown", "PUT", "/v1/integrations/64a2f0c1e4b0a1b2c3d4e5f6", `{"name":"x"}`, 404, "Entity with id 64a2f0c1e4b0a1b2c3d4e5f6 not found"},
		{"update nothing", "PUT", "/v1/integrations/" + named.UnderscoreId, `{}`, 400, "No properties found for update"},
		{"delete unknown", "DELETE", "/v1/integrations/64a2f0c1e4b0a1b2c3d4e5f6", "", 404, "Entity with id 64a2f0c1e4b0a1b2c3d4e5f6 not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev(tt.method, tt.path, tt.body)
			assert.Equal(t, tt.status, res.Status, res.Raw)
			assert.Equal(t, tt.message, res.Body["message"])
		})
	}
	// The same identifier is taken org-wide, so Production cannot reuse it either.
	res := f.do("POST", "/v1/integrations", "ApiKey "+f.srv.ProdAPIKey(), `{"providerId":"mailgun","channel":"email","identifier":"`+named.Identifier+`"}`)
	assert.Equal(t, http.StatusConflict, res.Status)
}

func TestIntegrations_GeneratedIdentifierAndCredentials(t *testing.T) {
	f := mustNewServer(t)
	created := f.integration(f.Dev, "sendgrid", gen.ChannelTypeEmail, true)
	assert.Equal(t, "SendGrid", created.Name)
	assert.Regexp(t, `^sendgrid-[a-z0-9_-]{7,14}$`, created.Identifier)
	assert.Regexp(t, `^nvsk\.`, *created.Credentials.ApiKey, "mutations echo the stored, encrypted form")
	listed := f.integrationsByID(f.Dev)[created.UnderscoreId]
	assert.Equal(t, "secret-sendgrid", *listed.Credentials.ApiKey, "lists decrypt")
}

// TestIntegrations_DefaultName: an integration created without a name is named after the
// provider's display name in Novu's catalogue, and its identifier is that name's slug.
func TestIntegrations_DefaultName(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		provider   string
		channel    gen.ChannelType
		name, slug string
	}{
		{"sendgrid", gen.ChannelTypeEmail, "SendGrid", "sendgrid"},
		{"ses", gen.ChannelTypeEmail, "SES", "ses"},
		{"nodemailer", gen.ChannelTypeEmail, "Custom SMTP", "custom-smtp"},
		{"outlook365", gen.ChannelTypeEmail, "Microsoft Outlook365", "microsoft-outlook365"},
		{"forty-six-elks", gen.ChannelTypeSms, "46elks", "46elks"},
		{"fcm", gen.ChannelTypePush, "Firebase Cloud Messaging", "firebase-cloud-messaging"},
		{"msteams", gen.ChannelTypeChat, "MSTeams", "msteams"},
		{"novu", gen.ChannelTypeInApp, "Novu Inbox", "novu-inbox"}, // in Production, whose seeded one is deleted
		// slugify drops the characters it does not keep rather than turning them into dashes.
		{"africas-talking", gen.ChannelTypeSms, "Africa's Talking", "africas-talking"},
		{"rocket-chat", gen.ChannelTypeChat, "Rocket.Chat", "rocketchat"},
		// Not in the catalogue: the capitalised id.
		{"emailjs", gen.ChannelTypeEmail, "Emailjs", "emailjs"},
		{"acme-mailer", gen.ChannelTypeEmail, "Acme-mailer", "acme-mailer"},
	}
	for _, i := range f.integrationsByID(f.Prod) {
		if i.ProviderId == "novu" && i.UnderscoreEnvironmentId == f.envID(f.Prod) {
			require.Equal(t, http.StatusOK, f.do("DELETE", "/v1/integrations/"+i.UnderscoreId, "ApiKey "+f.srv.ProdAPIKey(), "").Status)
		}
	}
	for _, tt := range tests {
		t.Run(tt.provider, func(t *testing.T) {
			i := f.integration(f.Prod, tt.provider, tt.channel, false)
			assert.Equal(t, tt.name, i.Name)
			assert.Regexp(t, `^`+tt.slug+`-[a-z0-9_-]{7,14}$`, i.Identifier)
		})
	}
}

func TestIntegrations_ListsAreOrganizationWide(t *testing.T) {
	f := mustNewServer(t)
	dev := f.integration(f.Dev, "sendgrid", gen.ChannelTypeEmail, true)
	prod := f.integration(f.Prod, "twilio", gen.ChannelTypeSms, false)
	for _, c := range []*gen.ClientWithResponses{f.Dev, f.Prod} {
		all := f.integrationsByID(c)
		assert.Contains(t, all, dev.UnderscoreId)
		assert.Contains(t, all, prod.UnderscoreId)
		active, err := c.ListActiveIntegrationsWithResponse(context.Background())
		require.NoError(t, err)
		ids := map[string]bool{}
		for _, i := range active.JSON200.Data {
			assert.True(t, i.Active)
			ids[i.UnderscoreId] = true
		}
		assert.Len(t, ids, 7, "the 6 a new organization starts with, and sendgrid")
		assert.True(t, ids[dev.UnderscoreId])
		assert.False(t, ids[prod.UnderscoreId], "inactive")
	}
}

func TestIntegrations_WebhookSupport(t *testing.T) {
	f := mustNewServer(t)
	sg := f.integration(f.Dev, "sendgrid", gen.ChannelTypeEmail, true)
	slack := f.integration(f.Dev, "slack", gen.ChannelTypeChat, true)
	tests := []struct {
		name, id string
		status   int
		want     any
	}{
		{"by provider", "sendgrid", 200, true},
		{"by id", sg.UnderscoreId, 200, true},
		{"unknown", "mailjet", 404, "Integration for mailjet was not found"},
		{"channel without webhooks", slack.UnderscoreId, 400, "Webhook for slack-chat is not supported yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev("GET", "/v1/integrations/webhook/provider/"+tt.id+"/status", "")
			require.Equal(t, tt.status, res.Status, res.Raw)
			if tt.status == 200 {
				assert.Equal(t, tt.want, res.Body["data"])
			} else {
				assert.Equal(t, tt.want, res.Body["message"])
			}
		})
	}
}

// TestIntegrations_CredentialBooleanStrings: Novu turns the strings "true" and "false" of
// secure, requireTls and ignoreTls into booleans before validating, and stores booleans.
func TestIntegrations_CredentialBooleanStrings(t *testing.T) {
	f := mustNewServer(t)
	existing := f.integration(f.Dev, "nodemailer", gen.ChannelTypeEmail, false)
	tests := []struct {
		name, method, path, credentials string
		status                          int
		want                            map[string]any // credentials as answered and listed
		message                         any
	}{
		{"create with strings", "POST", "/v1/integrations", `{"secure":"true","requireTls":"false","ignoreTls":"true","port":"465"}`,
			201, map[string]any{"secure": true, "requireTls": false, "ignoreTls": true, "port": "465"}, nil},
		{"create with booleans", "POST", "/v1/integrations", `{"secure":false,"requireTls":true}`,
			201, map[string]any{"secure": false, "requireTls": true}, nil},
		{"update with strings", "PUT", "/v1/integrations/" + existing.UnderscoreId, `{"secure":"false","ignoreTls":"false"}`,
			200, map[string]any{"secure": false, "ignoreTls": false}, nil},
		{"other strings are refused", "POST", "/v1/integrations", `{"secure":"yes"}`,
			400, nil, []any{"credentials.secure must be a boolean value"}},
		{"only lower case", "PUT", "/v1/integrations/" + existing.UnderscoreId, `{"requireTls":"TRUE"}`,
			400, nil, []any{"credentials.requireTls must be a boolean value"}},
		{"other fields stay strings", "POST", "/v1/integrations", `{"host":"true"}`,
			201, map[string]any{"host": "true"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"providerId":"nodemailer","channel":"email","check":false,"credentials":` + tt.credentials + `}`
			res := f.dev(tt.method, tt.path, body)
			require.Equal(t, tt.status, res.Status, res.Raw)
			if tt.message != nil {
				assert.Equal(t, tt.message, res.Body["message"])
				return
			}
			data := res.Body["data"].(map[string]any)
			assert.Equal(t, tt.want, data["credentials"])
			listed := f.dev("GET", "/v1/integrations", "")
			for _, i := range listed.Body["data"].([]any) {
				if i := i.(map[string]any); i["_id"] == data["_id"] {
					assert.Equal(t, tt.want, i["credentials"])
				}
			}
		})
	}
}

// TestIntegrations_ConditionsStoredShape: Novu's integration schema keeps isNegated, type,
// value and children of a group, and field, value, operator and on of a child; every other key
// is dropped on create and update alike.
func TestIntegrations_ConditionsStoredShape(t *testing.T) {
	f := mustNewServer(t)
	existing := f.integration(f.Dev, "mailgun", gen.ChannelTypeEmail, false)
	const sent = `[{"isNegated":false,"type":"GROUP","value":"AND","children":[
		{"on":"previousStep","step":"welcome","stepType":"read","field":"","value":"x","operator":"EQUAL"},
		{"on":"webhook","field":"plan","value":"pro","operator":"EQUAL","webhookUrl":"https://hooks.example.com/f"},
		{"on":"isOnlineInLast","timeOperator":"hours","value":2},
		{"on":"tenant","field":"identifier","value":"acme","operator":"EQUAL"}]}]`
	want := []any{
		map[string]any{"on": "previousStep", "field": "", "value": "x", "operator": "EQUAL"},
		map[string]any{"on": "webhook", "field": "plan", "value": "pro", "operator": "EQUAL"},
		map[string]any{"on": "isOnlineInLast", "value": float64(2)},
		map[string]any{"on": "tenant", "field": "identifier", "value": "acme", "operator": "EQUAL"},
	}
	tests := []struct{ name, method, path, body string }{
		{"create", "POST", "/v1/integrations", `{"providerId":"sendgrid","channel":"email","check":false,"conditions":` + sent + `}`},
		{"update", "PUT", "/v1/integrations/" + existing.UnderscoreId, `{"conditions":` + sent + `}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev(tt.method, tt.path, tt.body)
			require.Contains(t, []int{200, 201}, res.Status, res.Raw)
			id := res.Body["data"].(map[string]any)["_id"]
			var stored []any
			for _, i := range f.dev("GET", "/v1/integrations", "").Body["data"].([]any) {
				if i := i.(map[string]any); i["_id"] == id {
					stored, _ = i["conditions"].([]any)
				}
			}
			require.Len(t, stored, 1)
			group := stored[0].(map[string]any)
			assert.Regexp(t, `^[0-9a-f]{24}$`, group["_id"], "each group gets an _id")
			delete(group, "_id")
			assert.Equal(t, map[string]any{"isNegated": false, "type": "GROUP", "value": "AND", "children": want}, group)
		})
	}
	t.Run("absent conditions are an empty list", func(t *testing.T) {
		assert.Equal(t, []gen.StepFilter{}, *existing.Conditions)
	})
}

// TestIntegrations_UpdateOnlyWhatChanges: an update counts a name only when not empty, an
// identifier only when it changes and removeNovuBranding only when it changes for an
// organization above the free level; with nothing left it is 400 (update-integration.usecase.ts
// at v2.0.0; update-integration.e2e.ts's removeNovuBranding cases).
func TestIntegrations_UpdateOnlyWhatChanges(t *testing.T) {
	free := func(o *mockserver.Options) { o.RateLimit = "free" }
	tests := []struct {
		name    string
		opts    []func(*mockserver.Options)
		body    string
		status  int
		removed any // removeNovuBranding afterwards
	}{
		{"branding on a paying level", nil, `{"removeNovuBranding":true}`, 200, true},
		{"branding unchanged", nil, `{"removeNovuBranding":false}`, 400, nil},
		{"branding on the free level", []func(*mockserver.Options){free}, `{"removeNovuBranding":true}`, 400, nil},
		{"an empty name", nil, `{"name":""}`, 400, nil},
		{"the same identifier", nil, `{"identifier":"same-one"}`, 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustNewServer(t, tt.opts...)
			created := f.dev("POST", "/v1/integrations", `{"providerId":"sendgrid","channel":"email","identifier":"same-one","removeNovuBranding":false,"check":false}`)
			require.Equal(t, http.StatusCreated, created.Status, created.Raw)
			id := created.Body["data"].(map[string]any)["_id"].(string)
			res := f.dev("PUT", "/v1/integrations/"+id, tt.body)
			require.Equal(t, tt.status, res.Status, res.Raw)
			if tt.status != http.StatusOK {
				assert.Equal(t, "No properties found for update", res.Body["message"])
				return
			}
			assert.Equal(t, tt.removed, res.Body["data"].(map[string]any)["removeNovuBranding"])
		})
	}
}
