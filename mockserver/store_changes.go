package mockserver

import "github.com/novumock/novumock/gen"

// changeState holds the Development environment's record of changes waiting to be promoted.
type changeState struct {
	items *table[gen.Change] // by _id
}

func (st *Store) initChanges(env *environment) {
	env.changes = changeState{items: newTable[gen.Change]()}
}
