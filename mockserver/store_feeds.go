package mockserver

import "github.com/novumock/novumock/gen"

// feedState holds an environment's in-app feeds; a feed's identifier is its name.
type feedState struct {
	items   *table[gen.Feed]  // by _id
	byIdent map[string]string // identifier -> _id
}

func (st *store) initFeeds(env *environment) {
	env.feeds = feedState{items: newTable[gen.Feed](), byIdent: map[string]string{}}
}

// get finds a feed by _id or identifier, or nil. Caller holds the lock.
func (f feedState) get(idOrIdentifier string) *gen.Feed {
	if fd := f.items.get(idOrIdentifier); fd != nil {
		return fd
	}
	if id, ok := f.byIdent[idOrIdentifier]; ok {
		return f.items.get(id)
	}
	return nil
}

func (st *store) listFeeds(env *environment) []gen.Feed {
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return values(env.feeds.items.all())
}

func (st *store) createFeed(env *environment, name string) (gen.Feed, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	if _, taken := env.feeds.byIdent[name]; taken {
		return gen.Feed{}, errConflict("Feed with identifier: %s already exists", name)
	}
	// The feed document's timestamps and mongoose-delete's flag (feed.schema.ts at v2.0.0).
	now := st.now(env.org)
	f := gen.Feed{UnderscoreId: st.newID(), Name: name, Identifier: name,
		UnderscoreEnvironmentId: env.id, UnderscoreOrganizationId: env.org.id,
		Deleted: ptrTo(false), CreatedAt: &now, UpdatedAt: &now}
	st.putFeedLocked(env, &f)
	st.recordChangeLocked(env, gen.ChangeTypeFeed, f.UnderscoreId, f)
	return f, nil
}

// deleteFeed removes the feed and answers the remaining feeds. As Novu's FeedRepository.delete
// (v2.0.0 libs/dal feed.repository.ts:19-28), whose DalException the use case answers as 400:
// an unknown feed is refused, and so is one that a step's message template still names.
func (st *store) deleteFeed(env *environment, id string) ([]gen.Feed, error) {
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	f := env.feeds.items.get(id)
	if f == nil {
		return nil, errBadRequest("Could not find feed with id %s", id)
	}
	if env.workflows.usesFeed(id) {
		return nil, errBadRequest("Can not delete feed that has existing message")
	}
	st.deleteFeedLocked(env, id)
	st.recordChangeLocked(env, gen.ChangeTypeFeed, id, *f)
	return values(env.feeds.items.all()), nil
}

func (st *store) putFeedLocked(env *environment, f *gen.Feed) {
	if old := env.feeds.items.get(f.UnderscoreId); old != nil {
		delete(env.feeds.byIdent, old.Identifier)
	}
	env.feeds.items.put(f.UnderscoreId, f)
	env.feeds.byIdent[f.Identifier] = f.UnderscoreId
}

func (st *store) deleteFeedLocked(env *environment, id string) {
	if f := env.feeds.items.get(id); f != nil {
		delete(env.feeds.byIdent, f.Identifier)
		env.feeds.items.delete(id)
	}
}
