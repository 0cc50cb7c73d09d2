package mockserver

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestJournal_ClearOrganization drops one organization's entries from a ring that has wrapped,
// keeping the others oldest to newest, and the ring goes on filling and wrapping after it.
func TestJournal_ClearOrganization(t *testing.T) {
	tests := []struct {
		name  string
		size  int
		orgs  string // one letter per recorded request, oldest first
		clear string
		after string // recorded after the clear
		want  string // the journal's organizations, oldest first
	}{
		{"wrapped ring", 4, "abababa", "a", "", "bb"},
		{"then refilled past the size", 4, "abababa", "a", "ccc", "bccc"},
		{"nothing to drop", 3, "bbbb", "a", "c", "bbc"},
		{"everything dropped", 3, "aaaa", "a", "b", "b"},
		{"empty", 2, "", "a", "", ""},
		{"journal off", 0, "", "a", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := newJournal(tt.size)
			if tt.size == 0 {
				j = newJournal(-1)
			}
			record := func(orgs string) {
				for _, o := range orgs {
					j.add(&journalEntry{orgID: string(o)}, nil)
				}
			}
			record(tt.orgs)
			j.clearOrganization(tt.clear)
			record(tt.after)
			got := ""
			var ids []int64
			j.newestFirst(func(e *journalEntry) bool {
				got = e.orgID + got
				ids = append([]int64{e.id}, ids...)
				return true
			})
			assert.Equal(t, tt.want, got)
			assert.IsIncreasing(t, ids)
		})
	}
}
