package mockserver

import (
	"github.com/novumock/novumock/gen"
)

// The store side of the legacy notification center's routes (widgets.go). The session
// subscriber is known (its token was checked); its feed, marks and preferences are the
// subscriber API's (store_subscribers_feed.go, store_subscribers_preferences.go). What only the
// widget does lives here: counts by read state, and deleting messages.

// countMessages counts the subscriber's in-app messages that q matches, stopping at limit.
func (st *store) countMessages(env *environment, subscriberID string, feeds []string, q feedQuery, limit int) (int, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return 0, errNotFound("Subscriber %s not found", subscriberID)
	}
	q.feedIDs = feedIDsLocked(env, feeds)
	return min(len(inboxLocked(env, sub.UnderscoreId, q)), limit), nil
}

// removeSubscriberMessage deletes one in-app message of the subscriber and returns it.
func (st *store) removeSubscriberMessage(env *environment, subscriberID, messageID string) (gen.Message, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return gen.Message{}, errNotFound("Subscriber %s not found", subscriberID)
	}
	d := &env.delivery
	m := d.messages.get(messageID)
	if m == nil || m.UnderscoreSubscriberId != sub.UnderscoreId || m.Channel != gen.ChannelTypeInApp {
		// MessageRepository.delete's DalException, which the use case turns into a 400.
		return gen.Message{}, errBadRequest("Could not find a message with id %s", messageID)
	}
	out := *m
	d.messages.delete(messageID)
	// Novu recounts what the message counted in: unread and/or unseen.
	var kinds liveKinds
	if !out.Read {
		kinds |= liveUnread
	}
	if !out.Seen {
		kinds |= liveUnseen
	}
	if kinds != 0 {
		st.announceLocked(env, sub.UnderscoreId, kinds, "")
	}
	return out, nil
}

// removeSubscriberMessages deletes the listed in-app messages of the subscriber; others' ids
// and unknown ids are ignored.
func (st *store) removeSubscriberMessages(env *environment, subscriberID string, ids []string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return errNotFound("Subscriber %s not found", subscriberID)
	}
	d := &env.delivery
	for _, id := range ids {
		if m := d.messages.get(id); m != nil && m.UnderscoreSubscriberId == sub.UnderscoreId && m.Channel == gen.ChannelTypeInApp {
			d.messages.delete(id)
		}
	}
	st.announceLocked(env, sub.UnderscoreId, liveUnseen|liveUnread, "")
	return nil
}

// removeAllSubscriberMessages deletes all in-app messages of the subscriber, or those of the
// feed feedID (a feed _id) when given.
func (st *store) removeAllSubscriberMessages(env *environment, subscriberID, feedID string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return errNotFound("Subscriber %s not found", subscriberID)
	}
	q := feedQuery{}
	if feedID != "" {
		f := env.feeds.items.get(feedID)
		if f == nil {
			return errNotFound("Feed with %s not found", feedID)
		}
		q.feedIDs = []string{f.UnderscoreId}
	}
	for _, m := range inboxLocked(env, sub.UnderscoreId, q) {
		env.delivery.messages.delete(m.UnderscoreId)
	}
	st.announceLocked(env, sub.UnderscoreId, liveUnseen|liveUnread, "")
	return nil
}

// widgetOrganization is the organization as the notification center shows it.
func (st *store) widgetOrganization(env *environment) gen.WidgetOrganization {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	o := env.org.model
	out := gen.WidgetOrganization{UnderscoreId: o.UnderscoreId, Name: o.Name}
	if o.Branding != nil && *o.Branding != (gen.Branding{}) { // a new organization has none
		out.Branding = o.Branding
	}
	return out
}
