package ring

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBuffer(t *testing.T) {
	tests := []struct {
		name   string
		max    int
		pushed int
		want   []int
	}{
		{"empty", 3, 0, []int{}},
		{"under the bound", 3, 2, []int{1, 2}},
		{"exactly full", 3, 3, []int{1, 2, 3}},
		{"oldest dropped", 3, 5, []int{3, 4, 5}},
		{"wrapped more than once", 3, 10, []int{8, 9, 10}},
		{"bound of one", 1, 4, []int{4}},
		{"unbounded", 0, 5, []int{1, 2, 3, 4, 5}},
		{"negative is unbounded", -1, 4, []int{1, 2, 3, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := New[int](tc.max)
			for i := 1; i <= tc.pushed; i++ {
				b.Push(i)
			}
			assert.Equal(t, tc.want, b.All())
			assert.Equal(t, len(tc.want), b.Len())
			for i, v := range tc.want {
				assert.Equal(t, v, b.At(i), "At(%d)", i)
			}
		})
	}
}

// Once full, pushing allocates nothing: the point of the ring.
func TestBuffer_SteadyStateAllocatesNothing(t *testing.T) {
	b := New[string](100)
	for range 100 {
		b.Push("x")
	}
	assert.Zero(t, testing.AllocsPerRun(1000, func() { b.Push("y") }))
}

func TestBuffer_ZeroValueKeepsEverything(t *testing.T) {
	var b Buffer[int]
	for i := range 3 {
		b.Push(i)
	}
	assert.Equal(t, []int{0, 1, 2}, b.All())
}
