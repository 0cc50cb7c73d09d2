package mockserver

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestStamp_SameAsFormatTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var d deliveryState
	base := time.Date(2024, 10, 24, 12, 0, 0, 0, time.UTC)
	times := []time.Time{base, time.Unix(0, 0), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1e6-1, time.UTC), base.In(time.FixedZone("X", -5*3600))}
	for range 5000 {
		// Steps below and above a millisecond, so the cache both hits and misses.
		base = base.Add(time.Duration(rng.Int64N(int64(3 * time.Millisecond))))
		times = append(times, base)
	}
	for range 1000 {
		times = append(times, time.Unix(rng.Int64N(1<<36)-1<<35, rng.Int64N(1e9)))
	}
	for _, tm := range times {
		assert.Equal(t, formatTime(tm), d.stamp(tm), tm.String())
	}
}
