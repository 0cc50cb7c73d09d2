package mockserver

import (
	"time"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsonnull"
)

// Inbox mutations. Every change to a subscriber's in-app messages made through /v1/inbox ends in
// inboxChangedLocked, once per request, so the live events have one place to hook.

// inboxStatus is one status change, as Novu's updateMessagesStatus takes it: archived wins over
// read, read over seen; nil leaves a flag alone.
type inboxStatus struct{ seen, read, archived *bool }

// applyInboxStatusLocked sets the status on a message and its Inbox state, with Novu's side
// effects: archive and unarchive also mark read and seen; read and unread mark seen, and unread
// un-archives; unseen also marks unread and un-archives. Dates of a flag turned off are null.
func (st *store) applyInboxStatusLocked(env *environment, m *gen.Message, s inboxStatus, now string) {
	next := *m
	mk := *env.inbox.mark(m.UnderscoreId)
	setSeen := func(on bool) {
		next.Seen = on
		next.LastSeenDate = nil
		if on {
			next.LastSeenDate = &now
			if mk.firstSeenAt == "" {
				mk.firstSeenAt = now
			}
		}
	}
	setRead := func(on bool) {
		next.Read = on
		next.LastReadDate, mk.readAt = nil, jsonnull.Null()
		if on {
			next.LastReadDate, mk.readAt = &now, jsonnull.Value(now)
		}
	}
	setArchived := func(on bool) {
		mk.archived, mk.archivedAt, next.Archived = on, jsonnull.Null(), ptrTo(on)
		if on {
			mk.archivedAt = jsonnull.Value(now)
		}
	}
	switch {
	case s.archived != nil:
		setSeen(true)
		setRead(true)
		setArchived(*s.archived)
	case s.read != nil:
		setSeen(true)
		setRead(*s.read)
		if !*s.read {
			setArchived(false)
		}
	case s.seen != nil:
		setSeen(*s.seen)
		if !*s.seen {
			setRead(false)
			setArchived(false)
		}
	}
	next.UpdatedAt = now
	env.delivery.messages.put(next.UnderscoreId, &next)
	env.inbox.marks[next.UnderscoreId] = &mk
}

// inboxChangedLocked is where every Inbox mutation of a subscriber's messages ends (the caller
// holds the organization's write lock): it announces unread_count_changed, the one event Novu's Inbox
// use cases send (mark-many-notifications-as, update-all-notifications).
func (st *store) inboxChangedLocked(env *environment, subscriberOID string) {
	st.announceLocked(env, subscriberOID, liveUnread, "")
}

// errNotificationNotFound is Novu's answer for a notification that is not the subscriber's.
func errNotificationNotFound(id string) *apiError {
	return errNotFound("Notification with id: %s is not found.", id)
}

// ownMessageLocked is the subscriber's in-app message id, or Novu's 404: another subscriber's
// message is as unknown as a missing one.
func ownMessageLocked(env *environment, sub *gen.Subscriber, id string) (*gen.Message, error) {
	m := env.delivery.messages.get(id)
	if m == nil || m.UnderscoreSubscriberId != sub.UnderscoreId || m.Channel != gen.ChannelTypeInApp {
		return nil, errNotificationNotFound(id)
	}
	return m, nil
}

// inboxMutation runs change on the session subscriber's message id under the write lock and
// answers the notification as stored after it.
func (st *store) inboxMutation(p subscriberPrincipal, id string, change func(env *environment, m *gen.Message, now string) error) (gen.InboxNotification, error) {
	var out gen.InboxNotification
	err := st.inboxDo(p, func(env *environment, sub *gen.Subscriber) error {
		m, err := ownMessageLocked(env, sub, id)
		if err != nil {
			return err
		}
		if err := change(env, m, st.now(env.org)); err != nil {
			return err
		}
		st.inboxChangedLocked(env, sub.UnderscoreId)
		out = st.inboxNotificationLocked(env, sub, env.delivery.messages.get(id), st.timeOf(env.org))
		return nil
	})
	return out, err
}

// markInbox is PATCH /v1/inbox/notifications/{id}/{read,unread,archive,unarchive}.
func (st *store) markInbox(p subscriberPrincipal, id string, s inboxStatus) (gen.InboxNotification, error) {
	return st.inboxMutation(p, id, func(env *environment, m *gen.Message, now string) error {
		st.applyInboxStatusLocked(env, m, s, now)
		return nil
	})
}

// maxSnooze is the longest snooze the fake allows (Novu's Inbox caps it by plan; 90 days is the
// largest of its caps).
const maxSnooze = 90 * 24 * time.Hour

// snoozeInbox is PATCH .../snooze (until is a time) and .../unsnooze (until is nil).
func (st *store) snoozeInbox(p subscriberPrincipal, id string, until *time.Time) (gen.InboxNotification, error) {
	if until != nil {
		now := st.timeOf(p.env.org)
		if !until.After(now) {
			return gen.InboxNotification{}, errBadRequest("Snooze time must be in the future")
		}
		if until.Sub(now) > maxSnooze {
			return gen.InboxNotification{}, errBadRequest("Snooze duration cannot exceed 90 days")
		}
	}
	return st.inboxMutation(p, id, func(env *environment, m *gen.Message, now string) error {
		mk := *env.inbox.mark(m.UnderscoreId)
		mk.snoozedUntil = jsonnull.Null()
		if until != nil {
			mk.snoozedUntil = jsonnull.Value(formatTime(*until))
		}
		env.inbox.marks[m.UnderscoreId] = &mk
		return nil
	})
}

// actionInbox is PATCH .../complete (done) and .../revert (pending): the button must exist; an
// unread message also becomes read and seen (Novu's updateActionStatus).
func (st *store) actionInbox(p subscriberPrincipal, id string, typ gen.MessageActionButtonType, status gen.MessageCtaActionStatus) (gen.InboxNotification, error) {
	return st.inboxMutation(p, id, func(env *environment, m *gen.Message, now string) error {
		if inboxAction(m.Cta, typ) == nil {
			return errBadRequest("Could not perform action on the %s button because it does not exist.", typ)
		}
		if !m.Read {
			t := true
			st.applyInboxStatusLocked(env, m, inboxStatus{read: &t}, now)
			m = env.delivery.messages.get(id)
		}
		next := *m
		action := *next.Cta.Action // exists: the button was found
		result := gen.MessageCtaActionResultType(typ)
		action.Result = &struct {
			Payload *map[string]interface{}         `json:"payload,omitempty"`
			Type    *gen.MessageCtaActionResultType `json:"type,omitempty"`
		}{Type: &result}
		if m.Cta.Action.Result != nil {
			action.Result.Payload = m.Cta.Action.Result.Payload
		}
		action.Status = &status
		next.Cta.Action = &action
		next.UpdatedAt = now
		env.delivery.messages.put(id, &next)
		return nil
	})
}

// deleteInbox is DELETE .../{id}/delete.
func (st *store) deleteInbox(p subscriberPrincipal, id string) error {
	return st.inboxDo(p, func(env *environment, sub *gen.Subscriber) error {
		if _, err := ownMessageLocked(env, sub, id); err != nil {
			return err
		}
		st.removeInboxMessagesLocked(env, []string{id})
		st.inboxChangedLocked(env, sub.UnderscoreId)
		return nil
	})
}

func (st *store) removeInboxMessagesLocked(env *environment, ids []string) {
	for _, id := range ids {
		env.delivery.messages.delete(id)
		delete(env.inbox.marks, id)
	}
}

// inboxBulk is the POST /v1/inbox/notifications/{read,archive,read-archive,delete,seen} family:
// change (or, with remove, delete) every message of the subscriber that f selects, then announce
// once.
func (st *store) inboxBulk(p subscriberPrincipal, f inboxFilter, ids []string, s inboxStatus, remove bool) error {
	return st.inboxDo(p, func(env *environment, sub *gen.Subscriber) error {
		f.allSnoozeStates = true
		var targets []*gen.Message
		if ids != nil {
			for _, id := range ids {
				if m, err := ownMessageLocked(env, sub, id); err == nil {
					targets = append(targets, m)
				}
			}
		} else {
			targets = inboxMessagesLocked(env, sub.UnderscoreId, f, st.timeOf(env.org))
		}
		now := st.now(env.org)
		var gone []string
		for _, m := range targets {
			if remove {
				gone = append(gone, m.UnderscoreId)
				continue
			}
			st.applyInboxStatusLocked(env, m, s, now)
		}
		st.removeInboxMessagesLocked(env, gone)
		st.inboxChangedLocked(env, sub.UnderscoreId)
		return nil
	})
}
