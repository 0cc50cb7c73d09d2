package mockserver

import (
	"reflect"
	"slices"

	"github.com/novumock/novumock/gen"
)

// feedQuery narrows a subscriber's in-app messages. feedIDs nil means any feed; a non-nil
// empty list (identifiers that name no feed) matches nothing.
type feedQuery struct {
	feedIDs    []string
	seen, read *bool
	payload    map[string]any
}

func (q feedQuery) match(m *gen.Message) bool {
	if feed, _ := m.UnderscoreFeedId.Get(); q.feedIDs != nil && !slices.Contains(q.feedIDs, feed) {
		return false
	}
	if (q.seen != nil && *q.seen != m.Seen) || (q.read != nil && *q.read != m.Read) {
		return false
	}
	for k, v := range q.payload {
		if got, ok := m.Payload[k]; !ok || !reflect.DeepEqual(got, v) {
			return false
		}
	}
	return true
}

// feedIDsLocked maps feed identifiers (or _ids) to feed _ids; nil when none were given.
func feedIDsLocked(env *environment, identifiers []string) []string {
	if len(identifiers) == 0 {
		return nil
	}
	ids := []string{}
	for _, ident := range identifiers {
		if f := env.feeds.get(ident); f != nil {
			ids = append(ids, f.UnderscoreId)
		}
	}
	return ids
}

// inboxLocked is the subscriber's matching in-app messages, newest first.
func inboxLocked(env *environment, subOID string, q feedQuery) []*gen.Message {
	d := &env.delivery
	ids := d.inbox[subOID]
	var out []*gen.Message
	for i := len(ids) - 1; i >= 0; i-- {
		if m := d.messages.get(ids[i]); m != nil && q.match(m) {
			out = append(out, m)
		}
	}
	return out
}

// feed is one page of GET /subscribers/{id}/notifications/feed.
func (st *store) feed(env *environment, subscriberID string, page, limit int, feeds []string, q feedQuery) (gen.NotificationFeedPage, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return gen.NotificationFeedPage{}, errBadRequest("Subscriber not found for this environment with the id: %s. "+
			"Make sure to create a subscriber before fetching the feed.", subscriberID)
	}
	q.feedIDs = feedIDsLocked(env, feeds)
	all := inboxLocked(env, sub.UnderscoreId, q)
	skip := pageOffset(page, limit)
	rest := all[min(skip, len(all)):]
	data := values(rest[:min(limit, len(rest))])
	if data == nil {
		data = []gen.Message{}
	}
	for i := range data {
		populateMessageLocked(env, &data[i], true)
	}
	// Novu counts with the page's skip and limit, so totalCount never exceeds the limit.
	return gen.NotificationFeedPage{Page: page, PageSize: limit, Data: data, TotalCount: min(len(rest), limit),
		HasMore: skip+len(data) < len(all)}, nil
}

// unseenCount counts a subscriber's unseen (or seen) in-app messages, up to limit.
func (st *store) unseenCount(env *environment, subscriberID string, seen bool, feeds []string, limit int) (int, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return 0, errBadRequest("Subscriber %s is not exist in environment %s, please provide a valid subscriber identifier",
			subscriberID, env.id)
	}
	n := len(inboxLocked(env, sub.UnderscoreId, feedQuery{feedIDs: feedIDsLocked(env, feeds), seen: &seen}))
	return min(n, limit), nil
}

// markFlags is a change of seen/read; nil leaves a flag alone. legacy marks come from the
// markAs routes, whose use case announces each flag it was given.
type markFlags struct {
	seen, read *bool
	legacy     bool
}

// markFlagsFor maps mark-as values as Novu's message repository does: read and unread both
// also mark the message seen; seen and unseen leave read alone.
func markFlagsFor(v gen.MarkAsValue) markFlags {
	t, f := true, false
	switch v {
	case gen.MarkAsValueRead:
		return markFlags{seen: &t, read: &t}
	case gen.MarkAsValueUnread:
		return markFlags{seen: &t, read: &f}
	case gen.MarkAsValueSeen:
		return markFlags{seen: &t}
	}
	return markFlags{seen: &f}
}

// apply returns the message with the flags set. Novu stamps lastSeenDate and lastReadDate
// whenever it sets that flag, to either value.
func (mf markFlags) apply(m gen.Message, now string) gen.Message {
	if mf.seen != nil {
		m.Seen, m.LastSeenDate = *mf.seen, &now
	}
	if mf.read != nil {
		m.Read, m.LastReadDate = *mf.read, &now
	}
	m.UpdatedAt = now
	return m
}

// selects tells whether mark-all updates m. Novu selects by the flag the mark is about: read for
// read and unread (which also set seen), seen for seen and unseen.
func (mf markFlags) selects(m *gen.Message) bool {
	if mf.read != nil {
		return m.Read != *mf.read
	}
	return m.Seen != *mf.seen
}

// live is the socket event a mark calls for, as Novu's mapMarkMessageToWebSocketEvent maps it:
// read and unread change the unread count, seen and unseen the unseen count. The legacy
// MarkMessageAs use case sends one event per flag given (seen, read, or both).
func (mf markFlags) live() liveKinds {
	if mf.legacy {
		var k liveKinds
		if mf.seen != nil {
			k |= liveUnseen
		}
		if mf.read != nil {
			k |= liveUnread
		}
		return k
	}
	if mf.read != nil {
		return liveUnread
	}
	return liveUnseen
}

// markMessages applies flags to the listed messages of a subscriber and returns them; ids
// that are not the subscriber's messages are left out.
func (st *store) markMessages(env *environment, subscriberID string, ids []string, mf markFlags) ([]gen.Message, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return nil, errNotFound("Subscriber %s not found", subscriberID)
	}
	d := &env.delivery
	now := st.now(env.org)
	out := []gen.Message{}
	for _, id := range ids {
		m := d.messages.get(id)
		if m == nil || m.UnderscoreSubscriberId != sub.UnderscoreId {
			continue
		}
		updated := mf.apply(*m, now)
		d.messages.put(id, &updated)
		out = append(out, updated)
	}
	// Novu queues the count event whatever was changed.
	if k := mf.live(); k != 0 {
		st.announceLocked(env, sub.UnderscoreId, k, "")
	}
	return out, nil
}

// markAll applies flags to all of a subscriber's in-app messages (of some feeds) that it
// selects, and counts them.
func (st *store) markAll(env *environment, subscriberID string, mf markFlags, feeds []string) (int, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return 0, errNotFound("Subscriber %s does not exist in environment %s, please provide a valid subscriber identifier",
			subscriberID, env.id)
	}
	now := st.now(env.org)
	count := 0
	for _, m := range inboxLocked(env, sub.UnderscoreId, feedQuery{feedIDs: feedIDsLocked(env, feeds)}) {
		if mf.selects(m) {
			updated := mf.apply(*m, now)
			env.delivery.messages.put(m.UnderscoreId, &updated)
			count++
		}
	}
	// Novu queues the count event whatever was changed.
	st.announceLocked(env, sub.UnderscoreId, mf.live(), "")
	return count, nil
}

// findSubscriberMessage answers markAction's errors for a message that is not the subscriber's,
// without changing anything.
func (st *store) findSubscriberMessage(env *environment, subscriberID, messageID string) error {
	env.org.mu.Lock() // settling may deliver a held message, which is a write
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return errBadRequest("Subscriber %s not found", subscriberID)
	}
	if m := env.delivery.messages.get(messageID); m == nil || m.UnderscoreSubscriberId != sub.UnderscoreId {
		return errNotFound("Message %s not found", messageID)
	}
	return nil
}

// markAction records the use of a message's primary or secondary button.
func (st *store) markAction(env *environment, subscriberID, messageID string, typ gen.MessageCtaActionResultType,
	status gen.MessageCtaActionStatus, payload *map[string]any) (gen.Message, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	st.settleLocked(env)
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return gen.Message{}, errBadRequest("Subscriber %s not found", subscriberID)
	}
	m := env.delivery.messages.get(messageID)
	if m == nil || m.UnderscoreSubscriberId != sub.UnderscoreId {
		return gen.Message{}, errNotFound("Message %s not found", messageID)
	}
	updated := *m
	action := messageCtaAction{}
	if m.Cta.Action != nil {
		action = *m.Cta.Action
	}
	action.Status = &status
	action.Result = &struct {
		Payload *map[string]interface{}         `json:"payload,omitempty"`
		Type    *gen.MessageCtaActionResultType `json:"type,omitempty"`
	}{Payload: payload, Type: &typ}
	updated.Cta.Action = &action
	updated.UpdatedAt = st.now(env.org)
	env.delivery.messages.put(messageID, &updated)
	return updated, nil
}
