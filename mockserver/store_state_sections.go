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
		switch {
		case sub.SubscriberId == "":
			return fmt.Errorf("%s.subscriberId: must not be empty", p)
		case env.subscribers.get(sub.SubscriberId) != nil:
			return fmt.Errorf("%s.subscriberId: %q is used twice", p, sub.SubscriberId)
		}
		l.fillID(&sub.UnderscoreId)
		l.fillTime(&sub.CreatedAt, &sub.UpdatedAt)
		sub.UnderscoreEnvironmentId, sub.UnderscoreOrganizationId = env.id, env.org.id
		if sub.UnderscoreUnderscoreV == nil {
			sub.UnderscoreUnderscoreV = &revisionZero
		}
		l.st.putSubscriberLocked(env, sub)
	}
	return nil
}

func (l *stateLoader) tenants(path string, env *environment, se *stateEnvironment) error {
	for i, t := range se.Tenants {
		p := fmt.Sprintf("%s.tenants[%d]", path, i)
		switch {
		case t.Identifier == "":
			return fmt.Errorf("%s.identifier: must not be empty", p)
		case env.tenants.get(t.Identifier) != nil:
			return fmt.Errorf("%s.identifier: %q is used twice", p, t.Identifier)
		}
		l.fillID(&t.UnderscoreId)
		l.fillTime(&t.CreatedAt, &t.UpdatedAt)
		t.UnderscoreEnvironmentId = env.id
		env.tenants.rows.put(t.Identifier, &t)
		env.tenants.byOID[t.UnderscoreId] = t.Identifier
	}
	return nil
}

func (l *stateLoader) topics(path string, env *environment, se *stateEnvironment) error {
	for i, t := range se.Topics {
		p := fmt.Sprintf("%s.topics[%d]", path, i)
		switch {
		case t.Key == "":
			return fmt.Errorf("%s.key: must not be empty", p)
		case env.topics.get(t.Key) != nil:
			return fmt.Errorf("%s.key: %q is used twice", p, t.Key)
		}
		l.fillID(&t.UnderscoreId)
		t.UnderscoreEnvironmentId, t.UnderscoreOrganizationId = env.id, env.org.id
		if t.Name == "" {
			t.Name = t.Key
		}
		members := map[string]string{} // subscriberId -> the membership's _id
		for j, id := range t.Subscribers {
			if env.subscribers.get(id) == nil {
				return fmt.Errorf("%s.subscribers[%d]: %q is not a subscriber of this environment", p, j, id)
			}
			if _, dup := members[id]; dup {
				return fmt.Errorf("%s.subscribers[%d]: %q is listed twice", p, j, id)
			}
			members[id] = l.st.newID()
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
		switch {
		case lay.Name == "":
			return fmt.Errorf("%s.name: must not be empty", p)
		case lay.Identifier == "":
			return fmt.Errorf("%s.identifier: must not be empty", p)
		case env.layouts.byIdent[lay.Identifier] != "":
			return fmt.Errorf("%s.identifier: %q is used twice", p, lay.Identifier)
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
			wf.Triggers = []gen.WorkflowTrigger{newTrigger(slug(wf.Name), wf.Steps)}
		}
		switch {
		case triggerOf(&wf) == "":
			return fmt.Errorf("%s.triggers[0].identifier: must not be empty", p)
		case env.workflows.byTrigger(triggerOf(&wf)) != nil:
			return fmt.Errorf("%s.triggers[0].identifier: %q is used twice", p, triggerOf(&wf))
		case env.workflows.items.get(wf.UnderscoreId) != nil:
			return fmt.Errorf("%s._id: %q is used twice", p, wf.UnderscoreId)
		}
		l.st.putWorkflowLocked(env, &wf)
	}
	return nil
}
