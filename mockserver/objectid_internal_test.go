package mockserver

import (
	"fmt"
	"testing"

	"github.com/brianvoe/gofakeit/v7"
	"github.com/stretchr/testify/assert"
)

// newID must print the faker's draws as fmt's %08x of each draw, so seeded ids stay the same.
func TestNewID_SameAsSprintf(t *testing.T) {
	// Not seed 0: gofakeit seeds that at random.
	for _, seed := range []uint64{1, 42, 1 << 40} {
		st := &store{faker: gofakeit.New(seed)}
		ref := gofakeit.New(seed)
		for range 1000 {
			want := fmt.Sprintf("%08x%08x%08x", ref.Uint32(), ref.Uint32(), ref.Uint32())
			assert.Equal(t, want, st.newID())
		}
	}
	assert.Equal(t, "0000000100000000ff00abcd", objectID{0, 0, 0, 1, 0, 0, 0, 0, 0xff, 0, 0xab, 0xcd}.String())
}
