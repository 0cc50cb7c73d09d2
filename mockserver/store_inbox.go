package mockserver

import (
	"cmp"
	"slices"
	"time"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsonnull"
)

// Inbox section (/v1/inbox/*): the session subscriber's in-app messages as @novu/js shows them.
// Read, seen and their dates live on the stored message (the v1 message and feed routes show
// them too); what only the Inbox knows (archived, snoozed, first seen, a read date cleared to
// null) lives in inboxState beside it, keyed by message _id.

// inboxState is an environment's Inbox-only message state.
type inboxState struct {
	marks map[string]*inboxMark // in-app message _id -> its Inbox state; absent = never touched
}

// inboxMark is what Novu's message document has beyond v1's fields. The jsonnull fields tell
// "never set" (absent in answers) from "cleared" (null), as Novu's mapper shows them.
type inboxMark struct {
	archived     bool
	archivedAt   jsonnull.String
	readAt       jsonnull.String // overrides lastReadDate once the Inbox cleared it
	firstSeenAt  string
	snoozedUntil jsonnull.String
}

func (st *store) initInbox(env *environment) {
	env.inbox = inboxState{marks: map[string]*inboxMark{}}
}

func (s inboxState) mark(id string) *inboxMark {
	if m := s.marks[id]; m != nil {
		return m
	}
	return &inboxMark{}
}

// inboxMaxCount is where Novu's Inbox counts stop (MAX_NOTIFICATIONS_COUNT).
const inboxMaxCount = 99

// inboxFilter selects notifications for a list, a count or a bulk change. Nil booleans select
// both states; snoozed nil leaves snoozed notifications out, as the Inbox shows them.
type inboxFilter struct {
	tags                          []string
	read, archived, seen, snoozed *bool
	severity                      []string
	data                          map[string]any
	createdGte, createdLte        *float64 // ms since the epoch
	allSnoozeStates               bool     // bulk changes take snoozed notifications too
}

// errUnreadArchived is Novu's refusal of a filter no notification can match.
func errUnreadArchived() *apiError {
	return errBadRequest("Filtering for unread and archived notifications is not supported.")
}

func (f inboxFilter) check() error {
	if f.read != nil && !*f.read && f.archived != nil && *f.archived {
		return errUnreadArchived()
	}
	return nil
}

// matchLocked tells whether message m (with its Inbox state and workflow tags) passes f at now.
func (f inboxFilter) matchLocked(env *environment, m *gen.Message, now time.Time) bool {
	mk := env.inbox.mark(m.UnderscoreId)
	switch {
	case f.read != nil && m.Read != *f.read,
		f.seen != nil && m.Seen != *f.seen,
		f.archived != nil && mk.archived != *f.archived:
		return false
	}
	snoozed := mk.snoozedAt(now)
	if f.snoozed != nil && snoozed != *f.snoozed || f.snoozed == nil && snoozed && !f.allSnoozeStates {
		return false
	}
	if len(f.tags) > 0 && !slices.ContainsFunc(messageTagsLocked(env, m), func(t string) bool { return slices.Contains(f.tags, t) }) {
		return false
	}
	if len(f.severity) > 0 && !slices.Contains(f.severity, "none") {
		return false // v2.0.0 workflows carry no severity: every notification's is "none"
	}
	if len(f.data) > 0 {
		return false // v1 in-app messages carry no data, so a data filter with fields matches none
	}
	if f.createdGte != nil || f.createdLte != nil {
		t, err := time.Parse(timeLayout, m.CreatedAt)
		if err != nil {
			return false
		}
		ms := float64(t.UnixMilli())
		if f.createdGte != nil && ms < *f.createdGte || f.createdLte != nil && ms > *f.createdLte {
			return false
		}
	}
	return true
}

func (mk *inboxMark) snoozedAt(now time.Time) bool {
	until, err := mk.snoozedUntil.Get()
	if err != nil {
		return false
	}
	t, err := time.Parse(timeLayout, until)
	return err == nil && t.After(now)
}

// messageTagsLocked are the tags of the workflow that sent m, as it was when triggered.
func messageTagsLocked(env *environment, m *gen.Message) []string {
	if n := env.delivery.notifications.get(m.UnderscoreNotificationId); n != nil {
		return n.workflow.Tags
	}
	return deref(m.Tags)
}

// inboxMessagesLocked are the subscriber's in-app messages matching f, newest first (createdAt,
// then _id, both descending, as Novu sorts the Inbox).
func inboxMessagesLocked(env *environment, subOID string, f inboxFilter, now time.Time) []*gen.Message {
	d := &env.delivery
	var out []*gen.Message
	for _, id := range d.inbox[subOID] {
		if m := d.messages.get(id); m != nil && m.Channel == gen.ChannelTypeInApp && f.matchLocked(env, m, now) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, newestFirst)
	return out
}

func newestFirst(a, b *gen.Message) int {
	if c := cmp.Compare(b.CreatedAt, a.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(b.UnderscoreId, a.UnderscoreId)
}

// inboxPage is GET /v1/inbox/notifications: limit+1 are read to tell hasMore, from offset or
// after the cursor notification (Novu's cursorPagination).
type inboxPage struct {
	limit, offset int
	after         string
}

func (st *store) listInbox(p subscriberPrincipal, f inboxFilter, pg inboxPage) ([]gen.InboxNotification, bool, error) {
	if err := f.check(); err != nil {
		return nil, false, err
	}
	var out []gen.InboxNotification
	var more bool
	err := st.inboxDo(p, func(env *environment, sub *gen.Subscriber) error {
		now := st.timeOf(env.org)
		all := inboxMessagesLocked(env, sub.UnderscoreId, f, now)
		rest := all[min(pg.offset, len(all)):]
		if pg.after != "" {
			cursor := env.delivery.messages.get(pg.after)
			if cursor == nil {
				return errBadRequest("Invalid after id")
			}
			i := 0
			for i < len(all) && newestFirst(all[i], cursor) <= 0 {
				i++ // newer than the cursor, or the cursor itself
			}
			rest = all[i:]
		}
		page := rest[:min(pg.limit, len(rest))]
		out = make([]gen.InboxNotification, 0, len(page))
		for _, m := range page {
			out = append(out, st.inboxNotificationLocked(env, sub, m, now))
		}
		more = len(rest) > pg.limit
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return out, more, nil
}

// countInbox is GET /v1/inbox/notifications/count: one count per filter, each stopping at 99.
func (st *store) countInbox(p subscriberPrincipal, filters []inboxFilter) ([]int, error) {
	for _, f := range filters {
		if err := f.check(); err != nil {
			return nil, err
		}
	}
	counts := make([]int, len(filters))
	err := st.inboxDo(p, func(env *environment, sub *gen.Subscriber) error {
		now := st.timeOf(env.org)
		for i, f := range filters {
			counts[i] = min(len(inboxMessagesLocked(env, sub.UnderscoreId, f, now)), inboxMaxCount)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// inboxDo runs f for an Inbox request under its organization's write lock (settling due deliveries
// writes), with due deliveries settled and the session's subscriber as stored now. The token was
// checked a moment ago, but the subscriber may have been deleted since: Novu answers that with
// its GetSubscriber message.
func (st *store) inboxDo(p subscriberPrincipal, f func(env *environment, sub *gen.Subscriber) error) error {
	p.env.org.mu.Lock()
	defer p.env.org.mu.Unlock()
	st.settleLocked(p.env)
	sub := p.env.subscribers.get(p.subscriberID)
	if sub == nil {
		return errBadRequest("Subscriber with id: %s is not found.", p.subscriberID)
	}
	return f(p.env, sub)
}

// inboxNotificationLocked maps a message as Novu's notification mapper does (plus the fields
// @novu/js 3.x reads).
func (st *store) inboxNotificationLocked(env *environment, sub *gen.Subscriber, m *gen.Message, now time.Time) gen.InboxNotification {
	mk := env.inbox.mark(m.UnderscoreId)
	body, _ := m.Content.AsMessageContent0()
	tags := messageTagsLocked(env, m)
	if tags == nil {
		tags = []string{}
	}
	n := gen.InboxNotification{Id: m.UnderscoreId, TransactionId: m.TransactionId, Subject: m.Subject, Body: body,
		IsRead: m.Read, IsSeen: m.Seen, IsArchived: mk.archived, IsSnoozed: mk.snoozedAt(now),
		CreatedAt: m.CreatedAt, DeliveredAt: &[]string{m.CreatedAt}, ChannelType: m.Channel, Tags: tags,
		Severity: "none", ArchivedAt: mk.archivedAt, SnoozedUntil: mk.snoozedUntil}
	n.To.Id, n.To.SubscriberId = sub.UnderscoreId, sub.SubscriberId
	n.To.FirstName, n.To.LastName, n.To.Avatar = sub.FirstName, sub.LastName, sub.Avatar
	n.ReadAt = mk.readAt
	if !n.ReadAt.IsSpecified() && m.LastReadDate != nil {
		n.ReadAt = jsonnull.Value(*m.LastReadDate)
	}
	switch {
	case mk.firstSeenAt != "":
		n.FirstSeenAt = jsonnull.Value(mk.firstSeenAt)
	case m.Seen && m.LastSeenDate != nil:
		n.FirstSeenAt = jsonnull.Value(*m.LastSeenDate)
	}
	n.PrimaryAction = inboxAction(m.Cta, gen.MessageActionButtonTypePrimary)
	n.SecondaryAction = inboxAction(m.Cta, gen.MessageActionButtonTypeSecondary)
	if url := ctaURL(m.Cta); url != "" {
		n.Redirect = &gen.InboxRedirect{Url: url}
	}
	if nt := env.delivery.notifications.get(m.UnderscoreNotificationId); nt != nil {
		wf := nt.workflow
		wfTags := wf.Tags
		if wfTags == nil {
			wfTags = []string{}
		}
		n.Workflow = &struct {
			Critical   bool     `json:"critical"`
			Id         string   `json:"id"`
			Identifier string   `json:"identifier"`
			Name       string   `json:"name"`
			Severity   string   `json:"severity"`
			Tags       []string `json:"tags"`
		}{Critical: wf.Critical, Id: wf.UnderscoreId, Identifier: triggerIdentifier(wf), Name: wf.Name, Severity: "none", Tags: wfTags}
	}
	return n
}

// inboxAction is the button of that type, completed when the message's action result is that
// button and done.
func inboxAction(cta gen.MessageCta, typ gen.MessageActionButtonType) *gen.InboxAction {
	if cta.Action == nil || cta.Action.Buttons == nil {
		return nil
	}
	i := slices.IndexFunc(*cta.Action.Buttons, func(b gen.MessageActionButton) bool { return b.Type == typ })
	if i < 0 {
		return nil
	}
	done := cta.Action.Result != nil && cta.Action.Result.Type != nil && string(*cta.Action.Result.Type) == string(typ) &&
		cta.Action.Status != nil && *cta.Action.Status == gen.MessageCtaActionStatusDone
	return &gen.InboxAction{Label: (*cta.Action.Buttons)[i].Content, IsCompleted: done}
}

// ctaURL is where a message's call to action leads, "" without one.
func ctaURL(c gen.MessageCta) string {
	if c.Data == nil {
		return ""
	}
	return deref(c.Data.Url)
}
