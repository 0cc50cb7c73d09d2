package mockserver

import (
	"slices"

	"github.com/novumock/novumock/gen"
)

// Environments and organizations: read mostly, and org-wide where Novu reads org-wide.

// environmentView is an environment as the API shows it; keys only when withKeys.
func (env *environment) view(withKeys bool) gen.Environment {
	e := env.model
	if withKeys {
		e.ApiKeys = &[]gen.ApiKey{{Key: env.apiKey, UnderscoreUserId: env.userID()}}
	}
	return e
}

// userID is the user Novu records on an environment's key: the organization's first admin.
func (env *environment) userID() string {
	if m := env.org.members.page(0, 1); len(m) == 1 {
		return m[0].UnderscoreUserId
	}
	return ""
}

func (st *store) currentEnvironment(env *environment) gen.Environment {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return env.view(false)
}

// listEnvironments returns every environment of the caller's organization; only the caller's
// own carries its keys, the others an empty list (as Novu answers an API key).
func (st *store) listEnvironments(env *environment) []gen.Environment {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	out := make([]gen.Environment, 0, len(env.org.envs))
	for _, e := range env.org.envs {
		v := e.view(e == env)
		if e != env {
			v.ApiKeys = &[]gen.ApiKey{}
		}
		out = append(out, v)
	}
	return out
}

func (st *store) apiKeys(env *environment) []gen.ApiKey {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return *env.view(true).ApiKeys
}

func (st *store) organization(env *environment, level string) gen.Organization {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return env.org.viewAt(level)
}

// viewAt shows the organization with the service level the rate limiter runs at. An
// organization created through the API keeps the free level Novu stores for it.
func (org *organization) viewAt(level string) gen.Organization {
	o := org.model
	if level != "off" && !org.created {
		l := gen.OrganizationApiServiceLevel(level)
		o.ApiServiceLevel = &l
	}
	return o
}

// organizations lists every organization the key's user is a member of.
func (st *store) organizations(level string) []gen.Organization {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := make([]gen.Organization, 0, len(st.orgs))
	for _, org := range st.orgs {
		org.mu.RLock()
		out = append(out, org.viewAt(level))
		org.mu.RUnlock()
	}
	return out
}

// createOrganization is the self-hosted behaviour: a new organization with the caller's user
// as admin and fresh Development and Production environments (keys in the control API).
func (st *store) createOrganization(req gen.CreateOrganizationRequest, level string) gen.Organization {
	st.mu.Lock()
	defer st.mu.Unlock()
	org := st.newOrganization(req.Name, st.newAPIKey(), st.newAPIKey())
	// v2.0.0 create-organization.usecase.ts:42 stores ApiServiceLevelEnum.FREE.
	org.created = true
	free := gen.OrganizationApiServiceLevelFree
	org.model.ApiServiceLevel = &free
	org.model.Logo = req.Logo
	org.model.Domain = req.Domain
	if req.Language != nil { // create-organization.usecase.ts stores the sign-up's languages
		org.model.Language = ptrTo(slices.Clone(*req.Language))
	}
	return org.viewAt(level)
}

func (st *store) renameOrganization(env *environment, name string) string {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	env.org.model.Name = name
	env.org.model.UpdatedAt = st.now(env.org)
	return name
}

func (st *store) members(env *environment) []gen.Member {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return values(env.org.members.all())
}

// removeMember takes a member out of the organization, never the key's own user (Novu's
// session user for an API key is the key's _userId).
func (st *store) removeMember(env *environment, id string) (gen.Member, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	m := env.org.members.get(id)
	if m == nil {
		return gen.Member{}, errNotFound("Member not found")
	}
	if m.UnderscoreUserId != "" && m.UnderscoreUserId == env.userID() {
		return gen.Member{}, errBadRequest("Cannot remove self from members")
	}
	env.org.members.delete(id)
	return *m, nil
}

func (st *store) setMemberRole(env *environment, id string, role gen.MemberRoles) (gen.Member, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	m := env.org.members.get(id)
	if m == nil {
		return gen.Member{}, errNotFound("No member was found")
	}
	updated := *m
	updated.Roles = &[]gen.MemberRoles{role}
	env.org.members.put(id, &updated)
	return updated, nil
}

func (st *store) updateBranding(env *environment, req gen.UpdateBrandingRequest) gen.Branding {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	b := deref(env.org.model.Branding)
	b.Logo = orPtr(req.Logo, b.Logo)
	b.Color = orPtr(req.Color, b.Color)
	b.FontColor = orPtr(req.FontColor, b.FontColor)
	b.ContentBackground = orPtr(req.ContentBackground, b.ContentBackground)
	b.FontFamily = orPtr(req.FontFamily, b.FontFamily)
	env.org.model.Branding = &b
	env.org.model.UpdatedAt = st.now(env.org)
	return b
}

// orPtr keeps the old value when the request leaves a field out.
func orPtr[T any](p, old *T) *T {
	if p != nil {
		return p
	}
	return old
}
