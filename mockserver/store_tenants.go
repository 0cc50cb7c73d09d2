package mockserver

import "github.com/novumock/novumock/gen"

// tenantState holds an environment's tenants keyed by identifier, with an index from _id.
type tenantState struct {
	rows  *table[gen.Tenant]
	byOID map[string]string // _id -> identifier
}

func (st *Store) initTenants(env *environment) {
	env.tenants = tenantState{rows: newTable[gen.Tenant](), byOID: map[string]string{}}
}

// get is the tenant with that identifier, or nil (caller holds the lock; do not mutate).
func (t tenantState) get(identifier string) *gen.Tenant { return t.rows.get(identifier) }

// byID is the tenant with that _id, or nil.
func (t tenantState) byID(id string) *gen.Tenant {
	if ident, ok := t.byOID[id]; ok {
		return t.rows.get(ident)
	}
	return nil
}
