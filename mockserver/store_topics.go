package mockserver

import "github.com/novumock/novumock/gen"

// topicState holds an environment's topics keyed by key. Membership is kept twice so that both
// "is s in t" and "which topics is s in" (subscriber deletion) are map lookups.
type topicState struct {
	rows      *table[gen.Topic]
	byOID     map[string]string              // _id -> key
	memberSet map[string]map[string]struct{} // key -> subscriberIds
	topicsOf  map[string]map[string]struct{} // subscriberId -> keys
}

func (st *Store) initTopics(env *environment) {
	env.topics = topicState{rows: newTable[gen.Topic](), byOID: map[string]string{},
		memberSet: map[string]map[string]struct{}{}, topicsOf: map[string]map[string]struct{}{}}
}

// get is the topic with that key, or nil (caller holds the lock; do not mutate).
func (t topicState) get(key string) *gen.Topic { return t.rows.get(key) }

// members are the subscriberIds of the topic, in the order they were added, and whether the
// topic exists (caller holds the lock; the slice is a copy).
func (t topicState) members(topicKey string) ([]string, bool) {
	tp := t.rows.get(topicKey)
	if tp == nil {
		return nil, false
	}
	return append([]string(nil), tp.Subscribers...), true
}
