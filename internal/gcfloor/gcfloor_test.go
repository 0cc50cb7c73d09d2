package gcfloor

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name        string
		live, floor uint64
		base, want  int
	}{
		{"small heap grows to the floor", 10 * mb, 48 * mb, 100, 380},
		{"heap at half the floor: the default doubling reaches it", 24 * mb, 48 * mb, 100, 100},
		{"heap past the floor keeps the base", 300 * mb, 48 * mb, 100, 100},
		{"heap past the floor keeps serve's base", 40 * mb, 24 * mb, 150, 150},
		{"small heap under serve's base grows to the floor", 8 * mb, 24 * mb, 150, 200},
		{"a higher base is never lowered", 10 * mb, 48 * mb, 500, 500},
		{"empty heap is capped", 0, 48 * mb, 100, maxPercent},
		{"nearly empty heap is capped", 1024, 48 * mb, 100, maxPercent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percent(tt.live, tt.floor, tt.base); got != tt.want {
				t.Errorf("Percent(%d, %d, %d) = %d, want %d", tt.live, tt.floor, tt.base, got, tt.want)
			}
		})
	}
}

// After Keep, every collection sets GOGC from the live heap: a test binary's few MB of live
// heap against a 1 GB floor must give far more than the default 100.
func TestKeepRaisesGOGCAfterACollection(t *testing.T) {
	t.Setenv("GOGC", "") // the variable must be unset for Keep to act; t.Setenv restores it
	base := debug.SetGCPercent(100)
	defer debug.SetGCPercent(base)
	Keep(1<<30, 100)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // cleanups run on their own goroutine after the cycle
		p := debug.SetGCPercent(-1)       // reading GOGC means setting it; put it back at once
		debug.SetGCPercent(p)
		if p > 100 {
			return
		}
	}
	t.Fatal("GOGC is still 100 five seconds after Keep")
}
