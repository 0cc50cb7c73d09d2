package mockserver

import "github.com/novumock/novumock/gen"

// layoutState holds an environment's e-mail layouts; at most one is the default.
type layoutState struct {
	items     *table[gen.Layout] // by _id
	byIdent   map[string]string  // identifier -> _id
	defaultID string
}

func (st *Store) initLayouts(env *environment) {
	env.layouts = layoutState{items: newTable[gen.Layout](), byIdent: map[string]string{}}
}

// defaultLayout is the environment's default layout, or nil. Caller holds the lock.
func (l layoutState) defaultLayout() *gen.Layout {
	if l.defaultID == "" {
		return nil
	}
	return l.items.get(l.defaultID)
}
