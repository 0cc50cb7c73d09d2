// Package gcfloor keeps the garbage collector's heap goal from falling below a floor.
//
// With the default GOGC=100 the runtime collects each time the heap has doubled since the last
// collection. The fake's live heap is small (the spec and a little state, ~7 MB) and a page of
// subscribers allocates ~20 kB, so it collected every few hundred answers and marked the whole
// live heap each time: under load about a quarter of a page request's CPU went to the collector.
// The runtime offers a ceiling (GOMEMLIMIT) but no floor, so after every collection Keep sets the
// GOGC that lets the heap grow to the floor before the next one. Once the live heap is past the
// floor, GOGC is back to its base value and memory grows with the state as it always did.
package gcfloor

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// maxPercent bounds GOGC for a nearly empty heap, where floor/live would be huge.
const maxPercent = 10000

// Percent is the GOGC that puts the next heap goal, live × (1 + GOGC/100), at floor; never
// below base (the GOGC the process would otherwise run with).
func Percent(live, floor uint64, base int) int {
	if live == 0 || live*(maxPercent/100+1) < floor {
		return max(maxPercent, base)
	}
	return max(int(floor*100/live)-100, base)
}

var once sync.Once

// Keep holds the heap goal at floor bytes or more for the rest of the process, and past the
// floor collects each time the heap has grown by percent of the live heap (GOGC=percent; the
// runtime's own default is 100). It does nothing when the user chose GOGC (set in the
// environment, or collection turned off): their setting wins.
func Keep(floor uint64, percent int) {
	once.Do(func() {
		if os.Getenv("GOGC") != "" {
			return
		}
		if debug.SetGCPercent(percent) < 0 {
			debug.SetGCPercent(-1) // collection was turned off: it stays off
			return
		}
		base := percent
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var arm func()
		arm = func() {
			// The sentinel becomes garbage at once; its cleanup runs after the collection
			// that finds it, which is when the live heap has just been measured.
			runtime.AddCleanup(&sentinel{}, func(struct{}) {
				metrics.Read(live)
				if live[0].Value.Kind() == metrics.KindUint64 {
					debug.SetGCPercent(Percent(live[0].Value.Uint64(), floor, base))
				}
				arm()
			}, struct{}{})
		}
		arm()
	})
}

// sentinel holds a pointer so that it is not placed in the tiny allocator's shared blocks,
// where an object may outlive its last reference and its cleanup never run.
type sentinel struct{ _ *byte }
