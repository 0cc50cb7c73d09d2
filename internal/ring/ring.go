// Package ring is a bounded log: it keeps the last Max items pushed, oldest first, in one array
// that stops growing once full, so a log that drops its oldest entries costs no allocation and
// no copying per entry in its steady state.
package ring

// Buffer keeps the last max items pushed; with max <= 0 it keeps every item. The zero Buffer
// keeps everything. It is not safe for concurrent use.
type Buffer[T any] struct {
	items []T
	start int // index of the oldest item once the buffer is full
	max   int
}

// New is a Buffer keeping the last max items (all of them when max <= 0).
func New[T any](max int) Buffer[T] { return Buffer[T]{max: max} }

// Push adds v as the newest item, dropping the oldest when the buffer is full.
func (b *Buffer[T]) Push(v T) {
	if b.max <= 0 || len(b.items) < b.max {
		b.items = append(b.items, v)
		return
	}
	b.items[b.start] = v
	b.start = (b.start + 1) % len(b.items)
}

// Len is how many items are kept.
func (b *Buffer[T]) Len() int { return len(b.items) }

// At is the i-th item kept, oldest first (0 <= i < Len).
func (b *Buffer[T]) At(i int) T { return b.items[(b.start+i)%len(b.items)] }

// All is a copy of the items kept, oldest first.
func (b *Buffer[T]) All() []T {
	out := make([]T, 0, len(b.items))
	out = append(out, b.items[b.start:]...)
	return append(out, b.items[:b.start]...)
}
