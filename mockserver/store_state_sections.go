package mockserver

import (
	"fmt"
	"slices"

	"github.com/novumock/novumock/gen"
)

// Loading each section of a state document's environment (store_state.go). Ids and timestamps
// a hand-written fixture leaves out are filled in; references (a topic's members, a workflow's
// group) must name something in the same environment.

func (l *stateLoader) subscribers(path string, env *environment, se *stateEnvironment) error {
	for i, sub := range se.Subscribers {
		p := fmt.Sprintf("%s.subscribers[%d]", path, i)
		if err := uniqueKey(p, "subscriberId", sub.SubscriberId, env.subscribers.get(sub.SubscriberId) != nil); err != nil {
			return err
		}
		l.fillID(&sub.UnderscoreId)
		l.fillTime(&sub.CreatedAt, &sub.UpdatedAt)
		sub.UnderscoreEnvironmentId, sub.UnderscoreOrganizationId = env.id, env.org.id
		if sub.UnderscoreUnderscoreV == nil {
			sub.UnderscoreUnderscoreV = &revisionZero
		}
		if sub.Channels == nil {
			sub.Channels = &[]gen.SubscriberChannel{}
		}
		l.st.putSubscriberLocked(env, sub)
	}
	return nil
}

func (l *stateLoader) tenants(path string, env *environment, se *stateEnvironment) error {
	for i, t := range se.Tenants {
		p := fmt.Sprintf("%s.tenants[%d]", path, i)
		if err := uniqueKey(p, "identifier", t.Identifier, env.tenants.get(t.Identifier) != nil); err != nil {
			return err
		}
		l.fillID(&t.UnderscoreId)
		l.fillTime(&t.CreatedAt, &t.UpdatedAt)
		t.UnderscoreEnvironmentId, t.UnderscoreOrganizationId = env.id, &env.org.id
		env.tenants.rows.put(t.Identifier, &t)
		env.tenants.byOID[t.UnderscoreId] = t.Identifier
	}
	return nil
}

func (l *stateLoader) topics(path string, env *environment, se *stateEnvironment) error {
	for i, t := range se.Topics {
		p := fmt.Sprintf("%s.topics[%d]", path, i)
		if err := uniqueKey(p, "key", t.Key, env.topics.get(t.Key) != nil); err != nil {
			return err
		}
		l.fillID(&t.UnderscoreId)
		t.UnderscoreEnvironmentId, t.UnderscoreOrganizationId = env.id, env.org.id
		if t.Name == "" {
			t.Name = t.Key
		}
		members := map[string]membership{} // subscriberId -> the membership document
		for j, id := range t.Subscribers {
			if env.subscribers.get(id) == nil {
				return fmt.Errorf("%s.subscribers[%d]: %q is not a subscriber of this environment", p, j, id)
			}
			if _, dup := members[id]; dup {
				return fmt.Errorf("%s.subscribers[%d]: %q is listed twice", p, j, id)
			}
			members[id] = membership{id: l.st.newID(), createdAt: l.st.now(env.org)}
			l.st.indexMembershipLocked(env, id, t.Key, true)
		}
		if t.Subscribers == nil {
			t.Subscribers = []string{}
		}
		env.topics.rows.put(t.Key, &t)
		env.topics.byOID[t.UnderscoreId] = t.Key
		env.topics.memberSet[t.Key] = members
	}
	return nil
}

// groups replaces the default group when the document lists any.
func (l *stateLoader) groups(path string, env *environment, se *stateEnvironment) error {
	if len(se.WorkflowGroups) == 0 {
		return nil
	}
	env.workflows.groups = newTable[gen.WorkflowGroup]()
	for i, g := range se.WorkflowGroups {
		p := fmt.Sprintf("%s.workflowGroups[%d]", path, i)
		l.fillID(&g.UnderscoreId)
		if g.CreatedAt == nil {
			g.CreatedAt = ptrTo(l.st.now(env.org))
		}
		if g.UpdatedAt == nil {
			g.UpdatedAt = g.CreatedAt
		}
		g.UnderscoreEnvironmentId, g.UnderscoreOrganizationId = env.id, env.org.id
		switch {
		case g.Name == "":
			return fmt.Errorf("%s.name: must not be empty", p)
		case env.workflows.groups.get(g.UnderscoreId) != nil:
			return fmt.Errorf("%s._id: %q is used twice", p, g.UnderscoreId)
		}
		env.workflows.groups.put(g.UnderscoreId, &g)
	}
	return nil
}

// layouts replaces the default layout when the document lists any.
func (l *stateLoader) layouts(path string, env *environment, se *stateEnvironment) error {
	if len(se.Layouts) == 0 {
		return nil
	}
	env.layouts = layoutState{items: newTable[gen.Layout](), byIdent: map[string]string{}}
	for i, lay := range se.Layouts {
		p := fmt.Sprintf("%s.layouts[%d]", path, i)
		l.fillID(&lay.UnderscoreId)
		l.fillTime(&lay.CreatedAt, &lay.UpdatedAt)
		lay.UnderscoreEnvironmentId, lay.UnderscoreOrganizationId = env.id, env.org.id
		if lay.UnderscoreCreatorId == "" {
			lay.UnderscoreCreatorId = env.userID()
		}
		if lay.Channel == "" {
			lay.Channel = gen.ChannelTypeEmail
		}
		if lay.ContentType == "" {
			lay.ContentType = gen.LayoutContentTypeCustomHtml
		}
		if lay.Deleted == nil {
			lay.Deleted = ptrTo(false)
		}
		if lay.Name == "" {
			return fmt.Errorf("%s.name: must not be empty", p)
		}
		if err := uniqueKey(p, "identifier", lay.Identifier, env.layouts.byIdent[lay.Identifier] != ""); err != nil {
			return err
		}
		switch {
		case lay.IsDefault && env.layouts.defaultID != "":
			return fmt.Errorf("%s.isDefault: only one layout can be the default", p)
		}
		l.st.putLayoutLocked(env, &lay)
		if lay.IsDefault {
			env.layouts.defaultID = lay.UnderscoreId
		}
	}
	return nil
}

func (l *stateLoader) feeds(path string, env *environment, se *stateEnvironment) error {
	for i, f := range se.Feeds {
		p := fmt.Sprintf("%s.feeds[%d]", path, i)
		l.fillID(&f.UnderscoreId)
		f.UnderscoreEnvironmentId, f.UnderscoreOrganizationId = env.id, env.org.id
		f.CreatedAt, f.UpdatedAt = l.fillTimePtr(f.CreatedAt), l.fillTimePtr(f.UpdatedAt)
		if f.Deleted == nil {
			f.Deleted = ptrTo(false)
		}
		if f.Identifier == "" {
			f.Identifier = slug(f.Name)
		}
		switch {
		case f.Name == "":
			return fmt.Errorf("%s.name: must not be empty", p)
		case env.feeds.byIdent[f.Identifier] != "":
			return fmt.Errorf("%s.identifier: %q is used twice", p, f.Identifier)
		}
		l.st.putFeedLocked(env, &f)
	}
	return nil
}

// workflows come last: a workflow names its group, and its steps may name feeds and layouts.
// Steps without ids (a hand-written fixture) get them as a created workflow's would, and a
// workflow without triggers the one Novu derives from its name and steps.
func (l *stateLoader) workflows(path string, env *environment, se *stateEnvironment) error {
	for i, wf := range se.Workflows {
		p := fmt.Sprintf("%s.workflows[%d]", path, i)
		if wf.Name == "" {
			return fmt.Errorf("%s.name: must not be empty", p)
		}
		l.fillID(&wf.UnderscoreId)
		l.fillTime(&wf.CreatedAt, &wf.UpdatedAt)
		wf.UnderscoreEnvironmentId, wf.UnderscoreOrganizationId = env.id, env.org.id
		if wf.UnderscoreCreatorId == "" {
			wf.UnderscoreCreatorId = env.userID()
		}
		if wf.UnderscoreNotificationGroupId == "" {
			if groups := env.workflows.groups.page(0, 1); len(groups) == 1 {
				wf.UnderscoreNotificationGroupId = groups[0].UnderscoreId
			}
		}
		if env.workflows.groups.get(wf.UnderscoreNotificationGroupId) == nil {
			return fmt.Errorf("%s._notificationGroupId: %q is not a workflow group of this environment", p, wf.UnderscoreNotificationGroupId)
		}
		if slices.ContainsFunc(wf.Steps, func(s gen.NotificationStep) bool { return s.UnderscoreId == nil }) {
			steps, err := l.st.newSteps(env, wf.Steps, false)
			if err != nil {
				return fmt.Errorf("%s.steps: %v", p, err)
			}
			wf.Steps = steps
		}
		if wf.Steps == nil {
			wf.Steps = []gen.NotificationStep{}
		}
		if wf.Tags == nil {
			wf.Tags = []string{}
		}
		if wf.PreferenceSettings == (gen.PreferenceChannels{}) {
			wf.PreferenceSettings = withPreferences(gen.PreferenceChannels{}, nil)
		}
		if len(wf.Triggers) == 0 {
			wf.Triggers = []gen.WorkflowTrigger{newTrigger(slug(wf.Name), wf.Steps, l.st.newID)}
		}
		trigger := triggerOf(&wf)
		if err := uniqueKey(p, "triggers[0].identifier", trigger, env.workflows.byTrigger(trigger) != nil); err != nil {
			return err
		}
		switch {
		case env.workflows.items.get(wf.UnderscoreId) != nil:
			return fmt.Errorf("%s._id: %q is used twice", p, wf.UnderscoreId)
		}
		l.st.putWorkflowLocked(env, &wf)
	}
	return nil
}

// uniqueKey checks a fixture entity's key field: it must be set and not used by an entity
// loaded before it (taken). The error names the field's path.
func uniqueKey(path, field, key string, taken bool) error {
	switch {
	case key == "":
		return fmt.Errorf("%s.%s: must not be empty", path, field)
	case taken:
		return fmt.Errorf("%s.%s: %q is used twice", path, field, key)
	}
	return nil
}
