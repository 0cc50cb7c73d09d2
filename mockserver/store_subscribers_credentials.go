package mockserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"

	"github.com/novumock/novumock/gen"
)

// The chat OAuth flow (Slack's "Add to Slack" for incoming webhooks). Novu looks everything up
// by the environment id in the query, since the browser brings no API key.

// apiRootURL stands in for Novu's API_ROOT_URL in the redirect_uri it sends to Slack.
const apiRootURL = "https://api.novu.co"

// chatOAuthIntegrationLocked is the chat integration the flow uses: that provider's in the
// environment (env, nil when envID names none), the one with the identifier if given, else the
// most recently created. The caller holds env's organization lock.
func (st *store) chatOAuthIntegrationLocked(env *environment, envID, providerID string, identifier *string) (*gen.Integration, error) {
	var found *gen.Integration
	if env != nil {
		for _, in := range env.org.integrations.all() {
			if in.UnderscoreEnvironmentId != envID || in.Deleted || in.Channel != gen.ChannelTypeChat || in.ProviderId != providerID ||
				identifier != nil && in.Identifier != *identifier {
				continue
			}
			if found == nil || in.CreatedAt >= found.CreatedAt {
				found = in
			}
		}
	}
	if found == nil {
		return nil, errChatOAuthNoIntegration(envID, providerID)
	}
	return found, nil
}

// errChatOAuthNoIntegration is Novu's answer when the environment has no such chat integration
// (an unknown environment id included).
func errChatOAuthNoIntegration(envID, providerID string) *apiError {
	return errNotFound("Integration in environment %s was not found, channel: chat, providerId: %s", envID, providerID)
}

// checkOAuthHMACLocked applies the integration's HMAC rule: when enabled, hmacHash must be the
// hex HMAC-SHA256 of the subscriber id keyed with the environment's API key.
func (st *store) checkOAuthHMACLocked(in *gen.Integration, env *environment, subscriberID, hmacHash string) error {
	if in.Credentials.Hmac == nil || !*in.Credentials.Hmac {
		return nil
	}
	if hmacHash == "" {
		return errBadRequest("Hmac is enabled on the integration, please provide a HMAC hash on the request params")
	}
	if !hmac.Equal([]byte(subscriberHMAC(env.apiKey, subscriberID)), []byte(hmacHash)) {
		return errBadRequest("Hmac is enabled on the integration, please provide a valid HMAC hash")
	}
	return nil
}

func subscriberHMAC(key, subscriberID string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(subscriberID))
	return hex.EncodeToString(m.Sum(nil))
}

// chatOAuthURL is the provider authorization URL the start of the flow redirects to.
func (st *store) chatOAuthURL(p gen.HandleChatOAuthParams, subscriberID, providerID string) (string, error) {
	env := st.environmentByID(p.EnvironmentId)
	if env == nil {
		return "", errChatOAuthNoIntegration(p.EnvironmentId, providerID)
	}
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	in, err := st.chatOAuthIntegrationLocked(env, p.EnvironmentId, providerID, p.IntegrationIdentifier)
	if err != nil {
		return "", err
	}
	if in.Credentials.ClientId == nil || *in.Credentials.ClientId == "" {
		return "", errNotFound("Integration in environment %s missing clientId, channel: chat, providerId: %s", p.EnvironmentId, providerID)
	}
	if err := st.checkOAuthHMACLocked(in, env, subscriberID, deref(p.HmacHash)); err != nil {
		return "", err
	}
	callback := apiRootURL + "/v1/subscribers/" + url.PathEscape(subscriberID) + "/credentials/slack/oauth/callback?environmentId=" + p.EnvironmentId
	if p.IntegrationIdentifier != nil {
		callback += "&integrationIdentifier=" + *p.IntegrationIdentifier
	}
	return "https://slack.com/oauth/v2/authorize?client_id=" + *in.Credentials.ClientId +
		"&scope=incoming-webhook&user_scope=&redirect_uri=" + url.QueryEscape(callback), nil
}

// chatOAuthCallback "exchanges" the code for an incoming-webhook URL (derived from the code, so
// the same code gives the same URL), creates the subscriber when missing, stores the webhook
// on it, and returns the integration's redirect URL ("" for the closing page).
func (st *store) chatOAuthCallback(p gen.HandleChatOAuthCallbackParams, subscriberID, providerID string) (string, error) {
	env := st.environmentByID(p.EnvironmentId)
	if env == nil {
		return "", errChatOAuthNoIntegration(p.EnvironmentId, providerID)
	}
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	in, err := st.chatOAuthIntegrationLocked(env, p.EnvironmentId, providerID, p.IntegrationIdentifier)
	if err != nil {
		return "", err
	}
	if err := st.checkOAuthHMACLocked(in, env, subscriberID, deref(p.HmacHash)); err != nil {
		return "", err
	}
	if deref(p.Code) == "" {
		// What Slack answers for a missing code, as Novu reports it (chat-oauth-callback.usecase.ts
		// getWebhook at v2.0.0).
		return "", errBadRequest("Provider %s returned error invalid_code", providerID)
	}
	sum := sha256.Sum256([]byte(*p.Code))
	code := hex.EncodeToString(sum[:])
	webhook := "https://hooks.slack.com/services/T" + code[:8] + "/B" + code[8:16] + "/" + code[16:40]
	sub := gen.Subscriber{}
	if cur := env.subscribers.get(subscriberID); cur != nil {
		sub = *cur
	} else {
		sub = st.newSubscriberLocked(env, subscriberID)
	}
	channels, err := st.setChannelLocked(env, sub, gen.UpdateSubscriberCredentialsRequest{ProviderId: providerID,
		Credentials: gen.ChannelCredentials{WebhookUrl: &webhook, Channel: ptrTo(providerID)}}, false)
	if err != nil {
		return "", err
	}
	sub.Channels = &channels
	sub.UpdatedAt = st.now(env.org)
	st.putSubscriberLocked(env, sub)
	return deref(in.Credentials.RedirectUrl), nil
}
