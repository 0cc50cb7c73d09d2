package mockserver

// sections is the per-environment state of every API section. Each state type and its init
// function live in that section's store file; newEnvironment calls initSections for every new
// environment.
type sections struct {
	subscribers subscriberState // store_subscribers.go: subscribers, credentials, preferences
	tenants     tenantState     // store_tenants.go
	topics      topicState      // store_topics.go
	workflows   workflowState   // store_workflows_state.go: workflows, groups, overrides
	layouts     layoutState     // store_layouts.go
	feeds       feedState       // store_feeds.go
	changes     changeState     // store_changes.go
	delivery    deliveryState   // store_delivery.go: notifications, jobs, messages, execution details
	inbox       inboxState      // store_inbox.go: what only the Inbox keeps of in-app messages
}

func (st *store) initSections(env *environment) {
	st.initSubscribers(env)
	st.initTenants(env)
	st.initTopics(env)
	st.initWorkflows(env)
	st.initLayouts(env)
	st.initFeeds(env)
	st.initChanges(env)
	st.initDelivery(env)
	st.initInbox(env)
}
