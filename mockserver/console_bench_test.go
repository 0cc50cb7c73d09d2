package mockserver

import (
	"net/http"
	"testing"
)

// BenchmarkConsolePages renders the console's live pages over 200 notifications (the activity
// page's bound), which an open page re-reads at most four times a second while triggers arrive.
func BenchmarkConsolePages(b *testing.B) {
	s := benchServer(b)
	benchSeedSubscribers(b, s, 100)
	h := s.Handler()
	benchTriggerSetup(b, h)
	for i := range 200 {
		benchServe(b, h, "POST", "/v1/events/trigger", benchTriggerBody(i))
	}
	for _, page := range []string{"/_novumock/ui/", "/_novumock/ui/outbox", "/_novumock/ui/subscribers/sub-1"} {
		b.Run(page, func(b *testing.B) {
			for b.Loop() {
				benchServe(b, h, http.MethodGet, page, "")
			}
		})
	}
}
