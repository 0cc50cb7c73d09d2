package mockserver

import "github.com/novumock/novumock/gen"

// PendingChangeForTest answers the _id and _parentId of the pending change of an entity of the
// key's environment, children included, which the API never lists (Novu's list shows roots only).
func (s *Server) PendingChangeForTest(apiKey, typ, entityID string) (id, parentID string, ok bool) {
	env := s.store.environmentByKey(apiKey)
	if env == nil {
		return "", "", false
	}
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	id, ok = env.changes.open[typ+"/"+entityID]
	if !ok {
		return "", "", false
	}
	return id, deref(env.changes.items.get(id).UnderscoreParentId), true
}

// subscriberOfKey is the key's environment and one of its subscribers (nil when either is unknown).
func (s *Server) subscriberOfKey(apiKey, subscriberID string) (*environment, *gen.Subscriber) {
	env := s.store.environmentByKey(apiKey)
	if env == nil {
		return nil, nil
	}
	env.org.mu.RLock()
	defer env.org.mu.RUnlock()
	return env, env.subscribers.get(subscriberID)
}

// SubscriberTokenForTest signs a subscriber token, as a session route would answer it, for a
// subscriber of the key's environment.
func (s *Server) SubscriberTokenForTest(apiKey, subscriberID string) (string, bool) {
	_, sub := s.subscriberOfKey(apiKey, subscriberID)
	if sub == nil {
		return "", false
	}
	token, err := s.signSubscriberToken(*sub)
	return token, err == nil
}

// SocketsForTest is how many sockets are in the room of a subscriber of the key's environment.
func (s *Server) SocketsForTest(apiKey, subscriberID string) int {
	env, sub := s.subscriberOfKey(apiKey, subscriberID)
	if sub == nil {
		return 0
	}
	return s.sockets.RoomSize(liveRoom(env.id, sub.UnderscoreId))
}
