package mockserver

import (
	"net/http"
	"sync/atomic"
	"time"
)

// clock is the fake's only source of time. Rate-limit buckets, idempotency retention, delays
// and timestamps all read it, so tests (and the control API) move time for all of them at once
// instead of sleeping.
type clock struct {
	now    func() time.Time
	offset atomic.Int64 // what Advance added, in nanoseconds: read on every request, so no lock
}

func newClock(now func() time.Time) *clock {
	if now == nil {
		now = time.Now
	}
	return &clock{now: now}
}

// Now is the base clock plus whatever the fake has been advanced by.
func (c *clock) Now() time.Time {
	return c.now().Add(time.Duration(c.offset.Load())).UTC()
}

// Advance moves the fake's time forward; negative durations are ignored.
func (c *clock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.offset.Add(int64(d))
}

// timeLayout is how Novu (Mongoose dates through JSON.stringify) prints instants.
const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// requestTime is the fake's time for a request: its organization's once its key is known (see
// store.timeOf), the shared clock before.
func (s *Server) requestTime(req *http.Request) time.Time {
	if env := principalFrom(req.Context()); env != nil {
		return s.store.timeOf(env.org)
	}
	return s.clock.Now()
}
