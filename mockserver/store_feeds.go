package mockserver

import "github.com/novumock/novumock/gen"

// feedState holds an environment's in-app feeds; a feed's identifier is its name.
type feedState struct {
	items   *table[gen.Feed]  // by _id
	byIdent map[string]string // identifier -> _id
}

func (st *Store) initFeeds(env *environment) {
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
