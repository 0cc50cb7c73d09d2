package mockserver

import (
	"reflect"
	"slices"
	"strings"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsonnull"
)

// subscriberState holds an environment's subscribers keyed by subscriberId (the caller's id),
// and each subscriber's preference settings.
type subscriberState struct {
	rows  *table[gen.Subscriber]
	prefs map[string]*subscriberPrefs
	// deleted keeps the last deleted subscriber of each subscriberId: Novu's deletes are soft
	// (mongoose-delete), and its bulk create upserts onto the deleted document, reviving it.
	deleted map[string]*gen.Subscriber
}

func (st *store) initSubscribers(env *environment) {
	env.subscribers = subscriberState{rows: newTable[gen.Subscriber](), prefs: map[string]*subscriberPrefs{},
		deleted: map[string]*gen.Subscriber{}}
}

// get is the subscriber with that subscriberId, or nil. The caller holds the organization's lock and
// must not mutate the result.
func (s subscriberState) get(subscriberID string) *gen.Subscriber { return s.rows.get(subscriberID) }

// current is the subscriber as stored now that was stored as was (a notification's recipient or
// actor), or nil once deleted: like Novu's populate by _id, a subscriber created again with the
// same subscriberId is another document.
func (s subscriberState) current(was *gen.Subscriber) *gen.Subscriber {
	if sub := s.get(was.SubscriberId); sub != nil && sub.UnderscoreId == was.UnderscoreId {
		return sub
	}
	return nil
}

// all is every subscriber in creation order (caller holds the lock; do not mutate).
func (s subscriberState) all() []*gen.Subscriber { return s.rows.all() }

// upsertSubscriberLocked is POST /subscribers (and a subscriber given inline to a trigger):
// Novu's CreateSubscriber creates the subscriber, or hands the existing one to UpdateSubscriber
// (see updateProfileLocked). Channels are validated before anything is written.
func (st *store) upsertSubscriberLocked(env *environment, req gen.CreateSubscriberRequest) (gen.Subscriber, bool, error) {
	return st.writeSubscriberLocked(env, req, false)
}

// writeSubscriberLocked is upsertSubscriberLocked; with set, an existing subscriber takes every
// field given whether or not one differs, as the $set of Novu's bulk create does.
func (st *store) writeSubscriberLocked(env *environment, req gen.CreateSubscriberRequest, set bool) (gen.Subscriber, bool, error) {
	p := profile{FirstName: req.FirstName, LastName: req.LastName, Phone: req.Phone,
		Avatar: req.Avatar, Locale: req.Locale, Data: req.Data}
	existing := env.subscribers.get(req.SubscriberId)
	if gone := env.subscribers.deleted[req.SubscriberId]; set && existing == nil && gone != nil {
		// Novu's bulk create is an upsert without the soft-delete filter: it finds the deleted
		// document, sets deleted: false with the fields given, and reports it updated
		// (subscriber.repository.ts:38 at v2.0.0).
		existing = gone
	}
	var sub gen.Subscriber
	if existing != nil {
		sub = st.updateProfileLocked(env, *existing, p, req.Email, set)
	} else {
		sub = st.newSubscriberLocked(env, req.SubscriberId)
		applyProfile(&sub, p)
		sub.Email = req.Email // null too: Novu creates the document with email: null (validation answers "" with 400)
	}
	if req.Channels != nil {
		for _, ch := range *req.Channels {
			channels, err := st.setChannelLocked(env, sub, gen.UpdateSubscriberCredentialsRequest(ch), false)
			if err != nil {
				return gen.Subscriber{}, false, err
			}
			sub.Channels = &channels
		}
		if existing != nil {
			sub.UpdatedAt = st.now(env.org)
		}
	}
	st.putSubscriberLocked(env, sub)
	delete(env.subscribers.deleted, sub.SubscriberId)
	return sub, existing == nil, nil
}

// updateProfileLocked is Novu's UpdateSubscriber on a copy of cur: the profile fields given are
// set, and an e-mail given (null included) replaces the stored one. Unless always, nothing
// changes, updatedAt included, when subscriberNeedUpdate finds nothing to change.
func (st *store) updateProfileLocked(env *environment, cur gen.Subscriber, p profile, email jsonnull.String, always bool) gen.Subscriber {
	if !always && !needsUpdate(&cur, p, email) {
		return cur
	}
	applyProfile(&cur, p)
	if email.IsSpecified() {
		cur.Email = email
	}
	cur.UpdatedAt = st.now(env.org)
	return cur
}

// revisionZero is the __v of every subscriber. Stored subscribers are never changed in place
// (a change stores a new copy with new pointers), so they can all point at the one value.
var revisionZero = 0

// A new subscriber answers channels: [] from the start: the schema declares channels as an array
// (subscriber.schema.ts at v2.0.0), which mongoose defaults to empty.
func (st *store) newSubscriberLocked(env *environment, subscriberID string) gen.Subscriber {
	now := st.now(env.org)
	return gen.Subscriber{UnderscoreId: st.newID(), SubscriberId: subscriberID, UnderscoreEnvironmentId: env.id,
		UnderscoreOrganizationId: env.org.id, CreatedAt: now, UpdatedAt: now, UnderscoreUnderscoreV: &revisionZero,
		Channels: &noChannels}
}

// noChannels is the channels: [] of every subscriber without credentials (shared, as revisionZero).
var noChannels = []gen.SubscriberChannel{}

// putSubscriberLocked stores a (new copy of a) subscriber, compacted (storedSubscriber).
func (st *store) putSubscriberLocked(env *environment, sub gen.Subscriber) {
	env.subscribers.rows.put(sub.SubscriberId, compactSubscriber(sub))
}

// storedSubscriber is a subscriber as the store keeps it (compactSubscriber): the value with its
// data map, the targets of its string pointers, and the bytes of its own strings, in three
// allocations instead of a dozen. Every subscriber stays in memory for the life of its
// environment and the collector visits each of its objects on every cycle, so fewer objects per
// subscriber is less of the collector's time per request under load.
type storedSubscriber struct {
	gen.Subscriber
	data map[string]any
}

// compactSubscriber copies sub into one storedSubscriber whose own strings (ids, times, profile)
// are slices of one string. Strings shared with the environment (its and its organization's
// ids) are left as they are.
func compactSubscriber(sub gen.Subscriber) *gen.Subscriber {
	s := &storedSubscriber{Subscriber: sub}
	profile := [...]**string{&s.FirstName, &s.LastName, &s.Phone, &s.Avatar, &s.Locale}
	n, set := len(sub.UnderscoreId)+len(sub.SubscriberId)+len(sub.CreatedAt)+len(sub.UpdatedAt), 0
	for _, f := range profile {
		if *f != nil {
			n += len(**f)
			set++
		}
	}
	var b strings.Builder
	b.Grow(n)
	type span struct {
		dst      *string
		from, to int
	}
	spans := make([]span, 0, 4+len(profile))
	add := func(dst *string, v string) {
		spans = append(spans, span{dst, b.Len(), b.Len() + len(v)})
		b.WriteString(v)
	}
	add(&s.UnderscoreId, sub.UnderscoreId)
	add(&s.SubscriberId, sub.SubscriberId)
	add(&s.CreatedAt, sub.CreatedAt)
	if sub.UpdatedAt != sub.CreatedAt {
		add(&s.UpdatedAt, sub.UpdatedAt)
	}
	var targets []string // what the profile pointers point at, one array for all of them
	if set > 0 {
		targets = make([]string, 0, set)
	}
	for _, f := range profile {
		if *f != nil {
			targets = append(targets, "")
			add(&targets[len(targets)-1], **f)
			*f = &targets[len(targets)-1]
		}
	}
	all := b.String()
	for _, sp := range spans {
		*sp.dst = all[sp.from:sp.to]
	}
	if sub.UpdatedAt == sub.CreatedAt {
		s.UpdatedAt = s.CreatedAt
	}
	if sub.Data != nil {
		s.data = *sub.Data
		s.Data = &s.data
	}
	return &s.Subscriber
}

// profile is the set of profile fields create, upsert and update accept, but the e-mail (a
// jsonnull.String, handled by each of them).
type profile struct {
	FirstName, LastName, Phone, Avatar, Locale *string
	Data                                       *map[string]any
}

// applyProfile sets the fields given; Novu leaves the others untouched.
// The subscriber takes over p's pointers and data map instead of copying them: every caller
// passes a request decoded for this call alone, which nothing reads or writes afterwards, and a
// stored subscriber is never changed in place, so sharing them with the answer is safe too.
func applyProfile(sub *gen.Subscriber, p profile) {
	set := func(dst **string, v *string) {
		if v != nil {
			*dst = v
		}
	}
	set(&sub.FirstName, p.FirstName)
	set(&sub.LastName, p.LastName)
	set(&sub.Phone, p.Phone)
	set(&sub.Avatar, p.Avatar)
	set(&sub.Locale, p.Locale)
	if p.Data != nil {
		sub.Data = p.Data
	}
}

// activeIntegrationLocked is the integration subscriber credentials attach to: the active one of
// that provider in the environment with the given identifier, else the most recently created.
func (st *store) activeIntegrationLocked(env *environment, providerID string, identifier *string) *gen.Integration {
	var found *gen.Integration
	for _, in := range env.org.integrations.all() {
		if in.UnderscoreEnvironmentId != env.id || !in.Active || in.Deleted || in.ProviderId != providerID {
			continue
		}
		if identifier != nil && in.Identifier != *identifier {
			continue
		}
		if found == nil || in.CreatedAt >= found.CreatedAt {
			found = in
		}
	}
	return found
}

// setChannelLocked returns sub's channels with the credentials of req applied to the channel of
// that provider and integration (added when missing). PUT replaces deviceTokens, PATCH (union)
// adds to them; other credential fields given overwrite the stored ones.
func (st *store) setChannelLocked(env *environment, sub gen.Subscriber, req gen.UpdateSubscriberCredentialsRequest, union bool) ([]gen.SubscriberChannel, error) {
	in := st.activeIntegrationLocked(env, req.ProviderId, req.IntegrationIdentifier)
	if in == nil {
		return nil, errBadRequest("Subscribers environment (%s) do not have active %s integration.", env.id, req.ProviderId)
	}
	var channels []gen.SubscriberChannel
	if sub.Channels != nil {
		channels = slices.Clone(*sub.Channels)
	}
	i := slices.IndexFunc(channels, func(c gen.SubscriberChannel) bool {
		return c.ProviderId == req.ProviderId && c.UnderscoreIntegrationId == in.UnderscoreId
	})
	if i < 0 {
		channels = append(channels, gen.SubscriberChannel{ProviderId: req.ProviderId, UnderscoreIntegrationId: in.UnderscoreId,
			IntegrationIdentifier: ptrTo(in.Identifier)})
		i = len(channels) - 1
	}
	channels[i].Credentials = mergeCredentials(channels[i].Credentials, req.Credentials, union)
	return channels, nil
}

func mergeCredentials(old, given gen.ChannelCredentials, union bool) gen.ChannelCredentials {
	out := old
	if given.WebhookUrl != nil {
		out.WebhookUrl = ptrTo(*given.WebhookUrl)
	}
	if given.Channel != nil {
		out.Channel = ptrTo(*given.Channel)
	}
	if given.DeviceTokens != nil {
		tokens := slices.Clone(*given.DeviceTokens)
		if union && old.DeviceTokens != nil {
			tokens = append(slices.Clone(*old.DeviceTokens), tokens...)
		}
		tokens = dedupe(tokens)
		out.DeviceTokens = &tokens
	}
	return out
}

// dedupe keeps the first occurrence of each string, in order.
func dedupe(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// listSubscribers is one page (pagination style A, openapi.yaml): the subscribers as stored,
// which callers must not change (a stored subscriber is never changed in place, so reading one
// after the lock is released is safe, and the handler can reuse its encoding; subscriber_json.go).
// It is never nil: an empty page is "data": [].
func (st *store) listSubscribers(env *environment, page, limit int) []*gen.Subscriber {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	rows := env.subscribers.rows
	offset := pageOffset(page, limit)
	if offset >= len(rows.order) || limit <= 0 {
		return []*gen.Subscriber{}
	}
	keys := rows.order[offset:min(len(rows.order), offset+limit)]
	out := make([]*gen.Subscriber, len(keys))
	for i, k := range keys {
		out[i] = rows.items[k]
	}
	return out
}

func (st *store) getSubscriber(env *environment, subscriberID string) (gen.Subscriber, error) {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return gen.Subscriber{}, errSubscriberNotFound(subscriberID)
	}
	return *sub, nil
}

func errSubscriberNotFound(subscriberID string) *apiError {
	return errNotFound("Subscriber not found for id %s", subscriberID)
}

// errSubscriberIDNotFound is the 400 the write use cases (update, credentials) answer instead of 404.
func errSubscriberIDNotFound(subscriberID string) *apiError {
	return errBadRequest("SubscriberId: %s not found", subscriberID)
}

func (st *store) upsertSubscriber(env *environment, req gen.CreateSubscriberRequest) (gen.Subscriber, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	sub, _, err := st.upsertSubscriberLocked(env, req)
	return sub, err
}

// bulkUpsertSubscribers upserts item by item; an item that fails is reported and the others
// still go through, as with Novu's unordered bulk write.
func (st *store) bulkUpsertSubscribers(env *environment, items []gen.CreateSubscriberRequest) gen.BulkCreateSubscribersResult {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	res := gen.BulkCreateSubscribersResult{Created: []gen.BulkSubscriberRef{}, Updated: []gen.BulkSubscriberRef{},
		Failed: []gen.BulkSubscriberFailure{}}
	for _, item := range items {
		_, created, err := st.writeSubscriberLocked(env, item, true)
		switch {
		case err != nil:
			res.Failed = append(res.Failed, gen.BulkSubscriberFailure{SubscriberId: item.SubscriberId, Message: errMessage(err)})
		case created:
			res.Created = append(res.Created, gen.BulkSubscriberRef{SubscriberId: item.SubscriberId})
		default:
			res.Updated = append(res.Updated, gen.BulkSubscriberRef{SubscriberId: item.SubscriberId})
		}
	}
	return res
}

func errMessage(err error) string {
	if e, ok := err.(*apiError); ok {
		if s, ok := e.Message.(string); ok {
			return s
		}
	}
	return err.Error()
}

// updateSubscriber is PUT /subscribers/{id}: profile fields only (validation already checked
// the e-mail, see the spec's email-or-empty format). An e-mail sent as "" or null clears it:
// Novu stores null and answers it. As Novu's update, it writes nothing (and answers the
// subscriber as stored) when subscriberNeedUpdate finds nothing to change.
func (st *store) updateSubscriber(env *environment, subscriberID string, req gen.UpdateSubscriberRequest) (gen.Subscriber, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	cur := env.subscribers.get(subscriberID)
	if cur == nil {
		return gen.Subscriber{}, errSubscriberIDNotFound(subscriberID)
	}
	p := profile{FirstName: req.FirstName, LastName: req.LastName, Phone: req.Phone,
		Avatar: req.Avatar, Locale: req.Locale, Data: req.Data}
	email := req.Email // unspecified, null, or a value ("" is null, as Novu's DTO transforms it)
	if v, err := email.Get(); err == nil && v == "" {
		email.SetNull()
	}
	sub := st.updateProfileLocked(env, *cur, p, email, false)
	st.putSubscriberLocked(env, sub)
	return sub, nil
}

// needsUpdate is Novu's subscriberNeedUpdate: a non-empty field that differs, data that is not
// deeply equal, or an e-mail that differs from one the subscriber has (or had: null counts),
// including an e-mail left out of the update.
func needsUpdate(cur *gen.Subscriber, p profile, email jsonnull.String) bool {
	differs := func(have, want *string) bool { return deref(want) != "" && (have == nil || *have != *want) }
	if v, err := email.Get(); err == nil && differs(emailOf(*cur), &v) {
		return true
	}
	if cur.Email.IsSpecified() && !cur.Email.Equal(email) { // JavaScript's === on undefined, null or a string
		return true
	}
	return differs(cur.FirstName, p.FirstName) || differs(cur.LastName, p.LastName) ||
		differs(cur.Phone, p.Phone) || differs(cur.Avatar, p.Avatar) || differs(cur.Locale, p.Locale) ||
		(p.Data != nil && (cur.Data == nil || !reflect.DeepEqual(*cur.Data, *p.Data)))
}

// emailOf is the subscriber's e-mail, or nil when it has none (never set, or cleared).
func emailOf(sub gen.Subscriber) *string {
	if v, err := sub.Email.Get(); err == nil && v != "" {
		return &v
	}
	return nil
}

// modifySubscriber applies change to a copy of the subscriber and stores it (with a new
// updatedAt) only when change succeeds; notFound builds the error for an unknown id.
func (st *store) modifySubscriber(env *environment, subscriberID string, notFound func(string) *apiError,
	change func(*gen.Subscriber) error) (gen.Subscriber, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	cur := env.subscribers.get(subscriberID)
	if cur == nil {
		return gen.Subscriber{}, notFound(subscriberID)
	}
	sub := *cur
	if err := change(&sub); err != nil {
		return gen.Subscriber{}, err
	}
	sub.UpdatedAt = st.now(env.org)
	st.putSubscriberLocked(env, sub)
	return sub, nil
}

// setCredentials is PUT (union=false) and PATCH (union=true) /subscribers/{id}/credentials.
func (st *store) setCredentials(env *environment, subscriberID string, req gen.UpdateSubscriberCredentialsRequest, union bool) (gen.Subscriber, error) {
	return st.modifySubscriber(env, subscriberID, errSubscriberIDNotFound, func(sub *gen.Subscriber) error {
		channels, err := st.setChannelLocked(env, *sub, req, union)
		if err != nil {
			return err
		}
		sub.Channels = &channels
		return nil
	})
}

// deleteCredentials drops every channel entry of that provider.
func (st *store) deleteCredentials(env *environment, subscriberID, providerID string) error {
	_, err := st.modifySubscriber(env, subscriberID, errSubscriberNotFound, func(sub *gen.Subscriber) error {
		if sub.Channels == nil {
			return nil
		}
		kept := slices.DeleteFunc(slices.Clone(*sub.Channels), func(c gen.SubscriberChannel) bool { return c.ProviderId == providerID })
		sub.Channels = &kept
		return nil
	})
	return err
}

func (st *store) setOnlineStatus(env *environment, subscriberID string, online bool) (gen.Subscriber, error) {
	notFound := func(string) *apiError { return errNotFound("Subscriber not found") }
	return st.modifySubscriber(env, subscriberID, notFound, func(sub *gen.Subscriber) error {
		sub.IsOnline = ptrTo(online)
		if !online {
			sub.LastOnlineAt = ptrTo(st.now(env.org))
		}
		return nil
	})
}

// deleteSubscriber removes the subscriber, its preferences and its topic memberships.
// Messages keep their history (they carry the subscriber's ids, not a pointer).
func (st *store) deleteSubscriber(env *environment, subscriberID string) error {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	sub := env.subscribers.get(subscriberID)
	if sub == nil {
		return errSubscriberNotFound(subscriberID)
	}
	for key := range env.topics.topicsOf[subscriberID] {
		st.removeTopicMembersLocked(env, key, []string{subscriberID})
	}
	delete(env.subscribers.prefs, subscriberID)
	env.subscribers.rows.delete(subscriberID)
	env.subscribers.deleted[subscriberID] = sub
	return nil
}
