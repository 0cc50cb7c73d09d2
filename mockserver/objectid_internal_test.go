package mockserver

import (
	"fmt"
	"testing"

	"github.com/brianvoe/gofakeit/v7"
	"github.com/stretchr/testify/assert"
)

// newID prints the faker's first two draws as fmt's %08x, then the counter; the third draw is
// still made, so the other seeded values stay the same.
func TestNewID_SameAsSprintf(t *testing.T) {
	// Not seed 0: gofakeit seeds that at random.
	for _, seed := range []uint64{1, 42, 1 << 40} {
		st := &store{faker: gofakeit.New(seed)}
		st.idSeq.Store(7)
		ref := gofakeit.New(seed)
		for i := range 1000 {
			a, b := ref.Uint32(), ref.Uint32()
			ref.Uint32()
			want := fmt.Sprintf("%08x%08x%08x", a, b, uint32(8+i))
			assert.Equal(t, want, st.newID())
		}
	}
	assert.Equal(t, "0000000100000000ff00abcd", objectID{0, 0, 0, 1, 0, 0, 0, 0, 0xff, 0, 0xab, 0xcd}.String())
}
