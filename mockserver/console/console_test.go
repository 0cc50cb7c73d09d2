package console

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Publish must never block the store (it runs under the store's lock): a stream that reads
// nothing loses events beyond its buffer, and still has its buffered ones to read.
func TestHub_PublishNeverBlocks(t *testing.T) {
	h := NewHub()
	ch, cancel := h.Subscribe()
	done := make(chan struct{})
	go func() {
		for i := 0; i < 10*clientBuffer; i++ {
			h.Publish("env-1")
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Publish blocked on a stream that reads nothing")
	}
	if got := len(ch); got != clientBuffer {
		t.Fatalf("%d events buffered, want %d", got, clientBuffer)
	}
	if h.Clients() != 1 {
		t.Fatalf("%d clients, want 1", h.Clients())
	}
	cancel()
	h.Publish("env-1") // nobody left: nothing to do
	if h.Clients() != 0 {
		t.Fatalf("%d clients after cancel, want 0", h.Clients())
	}
	h.Close()
	h.Close() // twice is fine
	select {
	case <-h.Done():
	default:
		t.Fatal("Done is open after Close")
	}
	var nilHub *Hub
	nilHub.Publish("env-1") // a server without a console
}

func TestStampAndQuery(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2024-10-24T12:00:05.123Z", "2024-10-24 12:00:05"},
		{"2024-10-24T14:00:05+02:00", "2024-10-24 12:00:05"},
		{"yesterday", "yesterday"},
		{"", ""},
	} {
		if got := stamp(tt.in); got != tt.want {
			t.Errorf("stamp(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		kv   []string
		want string
	}{
		{nil, ""},
		{[]string{"env", "", "channel", ""}, ""},
		{[]string{"env", "e1", "channel", "", "recipient", "a&b c"}, "?env=e1&recipient=a%26b+c"},
	} {
		if got := queryString(tt.kv...); got != tt.want {
			t.Errorf("queryString(%q) = %q, want %q", tt.kv, got, tt.want)
		}
	}
}

// settleOnly is a Backend for the event stream, which only settles.
type settleOnly struct{ Backend }

func (settleOnly) Settle(string) {}

// A burst of changes reaches an open page as a few events, the last one after the burst
// (so the page ends up showing all of it), not one re-read per change.
func TestEvents_CoalesceBursts(t *testing.T) {
	hub := NewHub()
	srv := httptest.NewServer(New(settleOnly{}, hub))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+Prefix+"/events?env=e1", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- data
			}
		}
		close(events)
	}()
	if hub.Clients() != 1 { // the handler subscribes before it answers
		t.Fatalf("%d streams subscribed, want 1", hub.Clients())
	}
	const burst = 200
	for i := 0; i < burst; i++ {
		hub.Publish("e1")
		if i == burst/2 {
			hub.Publish("other-env") // not this page's: never sent
		}
	}
	got := 0
	quiet := time.After(3 * time.Second) // long after the last gap
	for done := false; !done; {
		select {
		case data := <-events:
			got++
			if data != `"e1"` {
				t.Errorf("event for %s, want e1", data)
			}
		case <-quiet:
			done = true
		}
	}
	if got < 2 || got > 10 {
		t.Fatalf("%d events for a burst of %d changes, want the first at once and one after the burst (2, a few under load)", got, burst)
	}
}
