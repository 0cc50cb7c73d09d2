package mockserver

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/novumock/novumock/gen"
)

// The state document: the fake's configuration as versioned JSON, for fixtures written by hand
// and for persistence across restarts (serve --state). It holds what a test sets up:
// organizations with their members and integrations, environments with their keys, and each
// environment's subscribers, tenants, topics (with members), workflow groups, workflows, layouts
// and feeds. It leaves out what requests produce: notifications, messages, jobs and execution
// details, pending changes, workflow overrides and subscriber preferences.

// stateVersion is the document's format; a document of another version is refused.
const stateVersion = 1

type stateDocument struct {
	Version       int                 `json:"novumockState"`
	Organizations []stateOrganization `json:"organizations"`
}

type stateOrganization struct {
	Organization gen.Organization   `json:"organization"`
	Members      []gen.Member       `json:"members,omitempty"`
	Integrations []gen.Integration  `json:"integrations"`
	Environments []stateEnvironment `json:"environments"`
}

type stateEnvironment struct {
	Environment    gen.Environment     `json:"environment"`
	APIKey         string              `json:"apiKey"`
	Subscribers    []gen.Subscriber    `json:"subscribers"`
	Tenants        []gen.Tenant        `json:"tenants"`
	Topics         []gen.Topic         `json:"topics"`
	WorkflowGroups []gen.WorkflowGroup `json:"workflowGroups,omitempty"`
	Workflows      []gen.Workflow      `json:"workflows"`
	Layouts        []gen.Layout        `json:"layouts,omitempty"`
	Feeds          []gen.Feed          `json:"feeds"`
}

// exportState is the whole state, or one organization's (ok is false for an unknown id).
func (st *store) exportState(orgID string) (doc stateDocument, ok bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	doc = stateDocument{Version: stateVersion, Organizations: []stateOrganization{}}
	for _, org := range st.orgs {
		if orgID != "" && org.id != orgID {
			continue
		}
		org.mu.RLock()
		so := stateOrganization{Organization: org.model, Members: values(org.members.all()),
			Integrations: values(org.integrations.all())}
		for _, env := range org.envs {
			so.Environments = append(so.Environments, stateEnvironment{
				Environment: env.model, APIKey: env.apiKey,
				Subscribers: values(env.subscribers.rows.all()), Tenants: values(env.tenants.rows.all()),
				Topics: values(env.topics.rows.all()), WorkflowGroups: values(env.workflows.groups.all()),
				Workflows: values(env.workflows.items.all()), Layouts: values(env.layouts.items.all()),
				Feeds: values(env.feeds.items.all())})
		}
		org.mu.RUnlock()
		doc.Organizations = append(doc.Organizations, so)
	}
	return doc, orgID == "" || len(doc.Organizations) == 1
}

// loadState replaces all state with the document's. Nothing changes unless the whole document
// is valid; the error names the first bad field by its path in the document.
func (st *store) loadState(doc stateDocument) error {
	if doc.Version != stateVersion {
		return fmt.Errorf("novumockState: want %d, the version this novumock writes (got %d)", stateVersion, doc.Version)
	}
	if len(doc.Organizations) == 0 {
		return fmt.Errorf("organizations: give at least one")
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	l := stateLoader{st: st, envByKey: map[string]*environment{}, envByID: map[string]*environment{}, orgIDs: map[string]bool{}}
	for i := range doc.Organizations {
		if err := l.organization(fmt.Sprintf("organizations[%d]", i), &doc.Organizations[i]); err != nil {
			return err
		}
	}
	st.orgs, st.envByKey, st.envByID = l.orgs, l.envByKey, l.envByID
	return nil
}

// errNoOrganization is loadOrganization's answer for an unknown organization id.
var errNoOrganization = errors.New("no organization has that id")

// loadOrganization replaces one organization's content with the document's only organization,
// for test workers that each load the same fixture: the organization keeps its id, and each
// environment (matched by name) its id, key, application identifier and parent. The document's
// environment ids are only used to resolve its own references (an integration's
// _environmentId). It answers the environments' ids so the server can forget their buckets.
func (st *store) loadOrganization(orgID string, doc stateDocument) ([]string, error) {
	if doc.Version != stateVersion {
		return nil, fmt.Errorf("novumockState: want %d, the version this novumock writes (got %d)", stateVersion, doc.Version)
	}
	if len(doc.Organizations) != 1 {
		return nil, fmt.Errorf("organizations: give exactly one to load into an organization (got %d)", len(doc.Organizations))
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	target := st.organizationByID(orgID)
	if target == nil {
		return nil, errNoOrganization
	}
	// The organization is replaced, not changed: a request that holds it finishes on the old one.
	target.mu.RLock()
	defer target.mu.RUnlock()
	so := doc.Organizations[0]
	so.Organization.UnderscoreId = target.id
	if so.Organization.Name == "" {
		so.Organization.Name = target.model.Name
	}
	envIDs := map[string]string{} // the document's environment id -> the target's
	used := make([]bool, len(so.Environments))
	envs := make([]stateEnvironment, 0, len(target.envs)) // the target's, in its order
	for _, tenv := range target.envs {
		se := stateEnvironment{Environment: gen.Environment{Name: tenv.model.Name}} // not in the document: emptied
		if i := slices.IndexFunc(so.Environments, func(d stateEnvironment) bool {
			return strings.EqualFold(d.Environment.Name, tenv.model.Name)
		}); i >= 0 {
			se, used[i] = so.Environments[i], true
		}
		if se.Environment.UnderscoreId != "" {
			envIDs[se.Environment.UnderscoreId] = tenv.id
		}
		se.Environment.UnderscoreId, se.APIKey, se.Environment.Identifier = tenv.id, tenv.apiKey, tenv.model.Identifier
		se.Environment.Name, se.Environment.CreatedAt = tenv.model.Name, tenv.model.CreatedAt
		se.Environment.UnderscoreParentId = nil
		if tenv.parent != nil {
			se.Environment.UnderscoreParentId = &tenv.parent.id
		}
		envs = append(envs, se)
	}
	if i := slices.Index(used, false); i >= 0 {
		return nil, fmt.Errorf("organizations[0].environments[%d].environment.name: the organization has no environment named %q", i, so.Environments[i].Environment.Name)
	}
	so.Environments = envs
	so.Integrations = slices.Clone(so.Integrations)
	for i, in := range so.Integrations {
		if id, ok := envIDs[in.UnderscoreEnvironmentId]; ok {
			so.Integrations[i].UnderscoreEnvironmentId = id
		}
	}
	l := stateLoader{st: st, envByKey: map[string]*environment{}, envByID: map[string]*environment{}, orgIDs: map[string]bool{},
		clockOffset: target.clockOffset.Load()}
	if err := l.organization("organizations[0]", &so); err != nil {
		return nil, err
	}
	org := l.orgs[0]
	var ids []string
	for _, env := range target.envs {
		delete(st.envByKey, env.apiKey)
		delete(st.envByID, env.id)
		ids = append(ids, env.id)
	}
	for key, env := range l.envByKey {
		st.envByKey[key], st.envByID[env.id] = env, env
	}
	st.orgs[slices.Index(st.orgs, target)] = org
	return ids, nil
}

// stateLoader builds the new state beside the old one, which stays in place until the end.
type stateLoader struct {
	st       *store
	orgs     []*organization
	envByKey map[string]*environment
	envByID  map[string]*environment
	orgIDs   map[string]bool
	// clockOffset is the organization's own clock offset when loading into one (it keeps it).
	clockOffset int64
}

// fill gives an empty id a new ObjectId and an empty timestamp the fake's time.
func (l *stateLoader) fillID(id *string) {
	if *id == "" {
		*id = l.st.newID()
	}
}

// fillTimePtr is t, or now when t is nil or empty.
func (l *stateLoader) fillTimePtr(t *string) *string {
	var v string
	if t != nil {
		v = *t
	}
	l.fillTime(&v)
	return &v
}

func (l *stateLoader) fillTime(ts ...*string) {
	for _, t := range ts {
		if *t == "" {
			*t = formatTime(l.st.clock.Now().Add(time.Duration(l.clockOffset)))
		}
	}
}

func (l *stateLoader) organization(path string, so *stateOrganization) error {
	m := &so.Organization
	l.fillID(&m.UnderscoreId)
	l.fillTime(&m.CreatedAt, &m.UpdatedAt)
	switch {
	case l.orgIDs[m.UnderscoreId]:
		return fmt.Errorf("%s.organization._id: %q is used twice", path, m.UnderscoreId)
	case m.Name == "":
		return fmt.Errorf("%s.organization.name: must not be empty", path)
	case len(so.Environments) == 0:
		return fmt.Errorf("%s.environments: give at least one", path)
	}
	l.orgIDs[m.UnderscoreId] = true
	// Branding stays absent until set; language and productUseCases take the schema's defaults.
	if m.Language == nil {
		m.Language = &[]string{}
	}
	if m.ProductUseCases == nil {
		m.ProductUseCases = &gen.ProductUseCases{}
	}
	org := &organization{id: m.UnderscoreId, model: *m, members: newTable[gen.Member](), integrations: newTable[gen.Integration]()}
	org.clockOffset.Store(l.clockOffset)
	if len(so.Members) == 0 {
		l.st.addAdmin(org)
	}
	for i, mem := range so.Members {
		l.fillID(&mem.UnderscoreId)
		mem.UnderscoreOrganizationId = org.id
		mem.CreatedAt, mem.UpdatedAt = l.fillTimePtr(mem.CreatedAt), l.fillTimePtr(mem.UpdatedAt)
		if org.members.get(mem.UnderscoreId) != nil {
			return fmt.Errorf("%s.members[%d]._id: %q is used twice", path, i, mem.UnderscoreId)
		}
		org.members.put(mem.UnderscoreId, &mem)
	}
	for i := range so.Environments {
		if err := l.environment(fmt.Sprintf("%s.environments[%d]", path, i), org, &so.Environments[i]); err != nil {
			return err
		}
	}
	for i, in := range so.Integrations {
		if err := l.integration(fmt.Sprintf("%s.integrations[%d]", path, i), org, in); err != nil {
			return err
		}
	}
	l.orgs = append(l.orgs, org)
	return nil
}

func (l *stateLoader) integration(path string, org *organization, in gen.Integration) error {
	l.fillID(&in.UnderscoreId)
	l.fillTime(&in.CreatedAt, &in.UpdatedAt)
	if in.UnderscoreEnvironmentId == "" {
		in.UnderscoreEnvironmentId = org.envs[0].id
	}
	in.UnderscoreOrganizationId = org.id
	if in.Credentials == nil {
		in.Credentials = &gen.IntegrationCredentials{}
	}
	switch {
	case in.ProviderId == "":
		return fmt.Errorf("%s.providerId: must not be empty", path)
	case !in.Channel.Valid():
		return fmt.Errorf("%s.channel: must be one of in_app, email, sms, chat, push", path)
	case !slices.ContainsFunc(org.envs, func(e *environment) bool { return e.id == in.UnderscoreEnvironmentId }):
		return fmt.Errorf("%s._environmentId: %q is not an environment of this organization", path, in.UnderscoreEnvironmentId)
	case org.integrations.get(in.UnderscoreId) != nil:
		return fmt.Errorf("%s._id: %q is used twice", path, in.UnderscoreId)
	}
	if in.Identifier == "" {
		in.Identifier = slug(in.ProviderId) + "-" + l.st.shortID()
	}
	if in.Name == "" {
		in.Name = in.ProviderId
	}
	org.integrations.put(in.UnderscoreId, &in)
	return nil
}

func (l *stateLoader) environment(path string, org *organization, se *stateEnvironment) error {
	m := &se.Environment
	l.fillID(&m.UnderscoreId)
	l.fillTime(&m.CreatedAt, &m.UpdatedAt)
	m.UnderscoreOrganizationId, m.ApiKeys = org.id, nil
	if m.Widget == nil {
		m.Widget = &map[string]any{"notificationCenterEncryption": false}
	}
	if m.Identifier == "" {
		m.Identifier = l.st.letters(12)
	}
	var parent *environment
	switch {
	case m.Name == "":
		return fmt.Errorf("%s.environment.name: must not be empty", path)
	case se.APIKey == "":
		return fmt.Errorf("%s.apiKey: must not be empty", path)
	case l.envByKey[se.APIKey] != nil:
		return fmt.Errorf("%s.apiKey: used by another environment", path)
	case l.envByID[m.UnderscoreId] != nil:
		return fmt.Errorf("%s.environment._id: %q is used twice", path, m.UnderscoreId)
	case m.UnderscoreParentId != nil:
		i := slices.IndexFunc(org.envs, func(e *environment) bool { return e.id == *m.UnderscoreParentId })
		if i < 0 {
			return fmt.Errorf("%s.environment._parentId: %q is not an earlier environment of this organization", path, *m.UnderscoreParentId)
		}
		parent = org.envs[i]
	}
	env := &environment{id: m.UnderscoreId, apiKey: se.APIKey, model: *m, org: org, parent: parent}
	l.st.initSections(env) // the indexes, and the default group and layout a document may replace
	org.envs = append(org.envs, env)
	l.envByKey[env.apiKey], l.envByID[env.id] = env, env
	for _, step := range []func(string, *environment, *stateEnvironment) error{
		l.subscribers, l.tenants, l.topics, l.groups, l.layouts, l.feeds, l.workflows,
	} {
		if err := step(path, env, se); err != nil {
			return err
		}
	}
	return nil
}
