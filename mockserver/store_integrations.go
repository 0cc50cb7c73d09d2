package mockserver

import (
	"cmp"
	"encoding/base64"
	"slices"

	"github.com/novumock/novumock/gen"
)

// Integrations are kept per organization (Novu reads and looks them up org-wide) and carry the
// environment they belong to. The primary/priority rules only exist for email and sms.
//
// A stored integration is never changed in place once another request may have read it: a
// change (priorities included) stores a new copy, so that the lists can reuse each stored
// value's encoding (entity_json.go) and answers being encoded never see a half-made change.

func supportsPrimary(ch gen.ChannelType) bool {
	return ch == gen.ChannelTypeEmail || ch == gen.ChannelTypeSms
}

// channelIntegrations are the integrations of one environment and channel, optionally only active ones.
func (org *organization) channelIntegrations(envID string, ch gen.ChannelType, activeOnly bool) []*gen.Integration {
	return org.integrations.filter(func(i *gen.Integration) bool {
		return i.UnderscoreEnvironmentId == envID && i.Channel == ch && (i.Active || !activeOnly)
	})
}

// highestPriority is Novu's "H": the active integration of the env and channel with the
// highest priority.
func (org *organization) highestPriority(envID string, ch gen.ChannelType, except string) *gen.Integration {
	var h *gen.Integration
	for _, i := range org.channelIntegrations(envID, ch, true) {
		if i.UnderscoreId != except && (h == nil || i.Priority > h.Priority) {
			h = i
		}
	}
	return h
}

// activate places a newly active integration by the create/update rule: it slots in just
// below a primary H (which moves up one), or on top when there is no primary.
func (org *organization) activate(i *gen.Integration) {
	h := org.highestPriority(i.UnderscoreEnvironmentId, i.Channel, i.UnderscoreId)
	switch {
	case h != nil && h.Primary:
		i.Priority = h.Priority
		raised := *h
		raised.Priority++
		org.integrations.put(raised.UnderscoreId, &raised)
	case h != nil:
		i.Priority = h.Priority + 1
	default:
		i.Priority = 1
	}
}

// renumber gives the active integrations of an env and channel priorities n..1 in their
// current order, highest first; inactive ones keep 0. top, when set, goes first.
func (org *organization) renumber(envID string, ch gen.ChannelType, top *gen.Integration) {
	active := org.channelIntegrations(envID, ch, true)
	slices.SortStableFunc(active, func(a, b *gen.Integration) int {
		if top != nil && (a == top) != (b == top) {
			if a == top {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Priority, a.Priority)
	})
	for n, i := range active {
		if p := len(active) - n; i.Priority != p {
			moved := *i
			moved.Priority = p
			org.integrations.put(moved.UnderscoreId, &moved)
		}
	}
}

func (st *store) createIntegration(env *environment, req gen.CreateIntegrationRequest) (gen.Integration, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	envID := env.id
	if req.UnderscoreEnvironmentId != nil {
		envID = *req.UnderscoreEnvironmentId
	}
	i, err := st.createIntegrationLocked(env.org, envID, req)
	if err != nil {
		return gen.Integration{}, err
	}
	return *i, nil
}

// createIntegrationLocked is Novu's CreateIntegration use case (v2.0.0
// create-integration.usecase.ts): validate, then store with a priority and, where the channel
// has one, primary. The caller holds the lock.
func (st *store) createIntegrationLocked(org *organization, envID string, req gen.CreateIntegrationRequest) (*gen.Integration, error) {
	existing := org.channelIntegrations(envID, req.Channel, false)
	if req.ProviderId == "novu" && req.Channel == gen.ChannelTypeInApp &&
		slices.ContainsFunc(existing, func(i *gen.Integration) bool { return i.ProviderId == "novu" }) {
		return nil, errBadRequest("One environment can only have one In app provider")
	}
	if (req.ProviderId == "novu-email" || req.ProviderId == "novu-sms") && st.selfHosted {
		return nil, errBadRequest("Creating Novu integration for %s provider is not allowed", req.ProviderId)
	}
	if (req.ProviderId == "novu-email" || req.ProviderId == "novu-sms") &&
		slices.ContainsFunc(existing, func(i *gen.Integration) bool { return i.ProviderId == req.ProviderId }) {
		return nil, errConflict("Integration with novu provider for %s channel already exists", req.Channel)
	}
	if req.Identifier != nil && org.integrationByIdentifier(*req.Identifier) != nil {
		return nil, errConflict("Integration with identifier already exists")
	}
	now := st.now(org)
	i := &gen.Integration{
		UnderscoreId: st.newID(), UnderscoreEnvironmentId: envID, UnderscoreOrganizationId: org.id,
		ProviderId: req.ProviderId, Channel: req.Channel, Active: deref(req.Active),
		Name: providerDisplayName(req.ProviderId), Credentials: &gen.IntegrationCredentials{},
		Conditions: st.storedConditions(req.Conditions), CreatedAt: now, UpdatedAt: now,
	}
	if req.Name != nil {
		i.Name = *req.Name
	}
	if req.Credentials != nil {
		i.Credentials = ptrTo(*req.Credentials)
	}
	if req.Identifier != nil {
		i.Identifier = *req.Identifier
	} else {
		i.Identifier = slug(i.Name) + "-" + st.shortID()
	}
	if i.Active && supportsPrimary(i.Channel) {
		h := org.highestPriority(envID, i.Channel, "")
		org.activate(i)
		// calculatePriorityAndPrimary: primary unless the highest-priority active integration
		// already is; a later one never steals it.
		i.Primary = h == nil || !h.Primary
	}
	org.integrations.put(i.UnderscoreId, i)
	return i, nil
}

// createNovuIntegrations is what Novu's CreateNovuIntegrations (v2.0.0
// create-novu-integrations.usecase.ts) gives each environment of a new organization: where
// Novu's demo e-mail and SMS credentials are set (Novu Cloud; not self-hosted), an active Novu
// Email and Novu SMS integration, each made primary; always the in-app `novu` integration,
// named "Novu In-App" (its "Novu Inbox" name needs the IS_V2_ENABLED flag, off by default).
func (st *store) createNovuIntegrations(org *organization, env *environment) {
	seed := []gen.CreateIntegrationRequest{
		{ProviderId: "novu-email", Channel: gen.ChannelTypeEmail, Name: ptrTo("Novu Email"), Active: ptrTo(true)},
		{ProviderId: "novu-sms", Channel: gen.ChannelTypeSms, Name: ptrTo("Novu SMS"), Active: ptrTo(true)},
		{ProviderId: "novu", Channel: gen.ChannelTypeInApp, Name: ptrTo("Novu In-App"), Active: ptrTo(true)},
	}
	if st.selfHosted {
		seed = seed[2:]
	}
	for _, req := range seed {
		i, err := st.createIntegrationLocked(org, env.id, req)
		if err != nil {
			continue // only an existing one refuses, and a fresh environment has none
		}
		if supportsPrimary(i.Channel) {
			st.makePrimaryLocked(org, i)
		}
	}
}

// storedConditions is what Novu's integration schema keeps of conditions: a group's
// isNegated, type, value and children, and a child's field, value, operator and on. Mongoose
// drops every other key (webhookUrl, timeOperator, step, stepType), gives each group an _id
// and makes absent arrays empty. (It gives each child an _id too; the spec's FilterPart has
// none, so the fake leaves it out.)
func (st *store) storedConditions(in *[]gen.StepFilter) *[]gen.StepFilter {
	out := []gen.StepFilter{}
	if in == nil {
		return &out
	}
	for _, g := range *in {
		kept := gen.StepFilter{UnderscoreId: g.UnderscoreId, IsNegated: g.IsNegated, Type: g.Type, Value: g.Value,
			Children: &[]gen.FilterPart{}}
		if kept.UnderscoreId == nil {
			kept.UnderscoreId = ptrTo(st.newID())
		}
		for _, c := range deref(g.Children) {
			*kept.Children = append(*kept.Children, gen.FilterPart{Field: c.Field, Value: c.Value, Operator: c.Operator, On: c.On})
		}
		out = append(out, kept)
	}
	return &out
}

func (org *organization) integrationByIdentifier(identifier string) *gen.Integration {
	for _, i := range org.integrations.all() {
		if i.Identifier == identifier {
			return i
		}
	}
	return nil
}

// updateIntegration is Novu's UpdateIntegration (update-integration.usecase.ts at v2.0.0): a name
// only when not empty, an identifier only when it changes, removeNovuBranding only when it
// changes and the organization does not pay the free level (level is the service level the
// fake runs at, as organizations show it); nothing to update is 400.
func (st *store) updateIntegration(env *environment, id string, req gen.UpdateIntegrationRequest, level string) (gen.Integration, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	org := env.org
	cur := org.integrations.get(id)
	if cur == nil {
		return gen.Integration{}, errNotFound("Entity with id %s not found", id)
	}
	if req.Identifier != nil && *req.Identifier != cur.Identifier && org.integrationByIdentifier(*req.Identifier) != nil {
		return gen.Integration{}, errConflict("Integration with identifier already exists")
	}
	branding := req.RemoveNovuBranding != nil && *req.RemoveNovuBranding != deref(cur.RemoveNovuBranding) &&
		deref(org.viewAt(level).ApiServiceLevel) != gen.OrganizationApiServiceLevelFree
	if deref(req.Name) == "" && (deref(req.Identifier) == "" || *req.Identifier == cur.Identifier) &&
		deref(req.UnderscoreEnvironmentId) == "" && req.Active == nil && req.Credentials == nil && !branding && req.Conditions == nil {
		return gen.Integration{}, errBadRequest("No properties found for update")
	}
	i := *cur // copy-on-write: earlier answers may still be encoding the old value
	if deref(req.Name) != "" {
		i.Name = *req.Name
	}
	if deref(req.Identifier) != "" {
		i.Identifier = *req.Identifier
	}
	if deref(req.UnderscoreEnvironmentId) != "" {
		i.UnderscoreEnvironmentId = *req.UnderscoreEnvironmentId
	}
	if req.Credentials != nil {
		i.Credentials = ptrTo(*req.Credentials)
	}
	if branding {
		i.RemoveNovuBranding = req.RemoveNovuBranding
	}
	if req.Conditions != nil {
		i.Conditions = st.storedConditions(req.Conditions)
		// Conditions and primary exclude each other.
		if len(*req.Conditions) > 0 {
			i.Primary = false
		}
	}
	i.UpdatedAt = st.now(env.org)
	wasActive := cur.Active
	i.Active = derefOr(req.Active, cur.Active)
	org.integrations.put(id, &i)
	if i.Active != wasActive && supportsPrimary(i.Channel) {
		if i.Active {
			org.activate(&i) // priority only: an update never promotes to primary
		} else {
			i.Primary, i.Priority = false, 0
			org.renumber(i.UnderscoreEnvironmentId, i.Channel, nil)
		}
	}
	return i, nil
}

func (st *store) setPrimaryIntegration(env *environment, id string) (gen.Integration, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	org := env.org
	cur := org.integrations.get(id)
	if cur == nil {
		return gen.Integration{}, errNotFound("Integration with id %s not found", id)
	}
	if !supportsPrimary(cur.Channel) {
		return gen.Integration{}, errBadRequest("Channel %s does not support primary", cur.Channel)
	}
	if cur.Primary {
		return *cur, nil
	}
	return *st.makePrimaryLocked(org, cur), nil
}

// makePrimaryLocked is SetIntegrationAsPrimary once the checks have passed: the channel's
// other primary is demoted, this one becomes active and primary without conditions, on top.
func (st *store) makePrimaryLocked(org *organization, cur *gen.Integration) *gen.Integration {
	for _, other := range org.channelIntegrations(cur.UnderscoreEnvironmentId, cur.Channel, true) {
		if other.Primary {
			demoted := *other
			demoted.Primary = false
			org.integrations.put(other.UnderscoreId, &demoted)
		}
	}
	i := *cur
	i.Active, i.Primary, i.Conditions, i.UpdatedAt = true, true, &[]gen.StepFilter{}, st.now(org)
	org.integrations.put(i.UnderscoreId, &i)
	org.renumber(i.UnderscoreEnvironmentId, i.Channel, &i)
	return org.integrations.get(i.UnderscoreId) // renumber may have stored a copy with its priority
}

// deleteIntegration removes the integration and answers with what remains in the caller's
// environment. Deleting the primary leaves the channel without one: Novu never promotes.
func (st *store) deleteIntegration(env *environment, id string) ([]gen.Integration, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	org := env.org
	cur := org.integrations.get(id)
	if cur == nil {
		return nil, errNotFound("Entity with id %s not found", id)
	}
	org.integrations.delete(id)
	if supportsPrimary(cur.Channel) {
		org.renumber(cur.UnderscoreEnvironmentId, cur.Channel, nil)
	}
	return values(org.integrations.filter(func(i *gen.Integration) bool { return i.UnderscoreEnvironmentId == env.id })), nil
}

// listIntegrations reads org-wide, as Novu does.
// The integrations are the stored values, which callers must not change.
func (st *store) listIntegrations(env *environment, activeOnly bool) []*gen.Integration {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return env.org.integrations.filter(func(i *gen.Integration) bool { return i.Active || !activeOnly })
}

// deliveryIntegrationLocked picks the integration a channel's messages go out through: the
// primary, else the highest-priority active one, else the most recent active one.
func (st *store) deliveryIntegrationLocked(env *environment, ch gen.ChannelType) *gen.Integration {
	var best *gen.Integration
	for _, i := range env.org.channelIntegrations(env.id, ch, true) {
		switch {
		case i.Primary:
			return i
		case best == nil || i.Priority >= best.Priority:
			best = i
		}
	}
	return best
}

// webhookProviders are the providers whose delivery webhooks Novu can parse.
var webhookProviders = map[string]bool{
	"sendgrid": true, "mailgun": true, "mailjet": true, "mandrill": true, "postmark": true,
	"sendinblue": true, "ses": true, "resend": true, "twilio": true, "plivo": true, "nexmo": true,
	"telnyx": true, "sms77": true,
}

// webhookSupport answers GET .../webhook/provider/{providerOrIntegrationId}/status.
func (st *store) webhookSupport(env *environment, providerOrID string) (bool, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	var found *gen.Integration
	if knownProvider(providerOrID) {
		for _, i := range env.org.integrations.all() {
			if i.UnderscoreEnvironmentId == env.id && i.ProviderId == providerOrID && hasCredentials(i.Credentials) {
				found = i
				break
			}
		}
	}
	if found == nil {
		found = env.org.integrations.get(providerOrID)
	}
	if found == nil {
		return false, errNotFound("Integration for %s was not found", providerOrID)
	}
	if !hasCredentials(found.Credentials) {
		return false, errBadRequest("Integration %s doesn't have credentials set up", found.UnderscoreId)
	}
	if !supportsPrimary(found.Channel) {
		return false, errBadRequest("Webhook for %s-%s is not supported yet", found.ProviderId, found.Channel)
	}
	return webhookProviders[found.ProviderId], nil
}

func hasCredentials(c *gen.IntegrationCredentials) bool {
	return c != nil && *c != (gen.IntegrationCredentials{})
}

// sealCredentials is how Novu's create/update/set-primary/delete answers show secrets: the
// stored, encrypted form (prefix nvsk.). Lists decrypt them again.
func sealCredentials(i gen.Integration) gen.Integration {
	c := deref(i.Credentials) // a copy: the stored integration is never changed in place
	for _, secret := range []**string{&c.ApiKey, &c.ApiToken, &c.SecretKey, &c.Token, &c.Password, &c.ServiceAccount} {
		if *secret != nil {
			sealed := "nvsk." + base64.RawURLEncoding.EncodeToString([]byte(**secret))
			*secret = &sealed
		}
	}
	i.Credentials = &c
	return i
}
