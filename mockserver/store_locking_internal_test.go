package mockserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// While one organization's lock is held (a long request in it), requests of another
// organization go through, and requests of the held one wait for it: each organization has its
// own lock. Registry reads (keys, the environment list by key) never wait for an organization.
func TestStoreLocking_OrganizationsDoNotWaitForEachOther(t *testing.T) {
	s, err := New(Options{RateLimit: "off"})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	other := s.store.addOrganization("Other")
	otherKey := other.keys[0].apiKey
	held := s.store.environmentByKey(DefaultDevAPIKey).org

	serve := func(key, method, target, body string) <-chan int {
		done := make(chan int, 1)
		go func() {
			req := httptest.NewRequest(method, target, strings.NewReader(body))
			req.Header.Set("Authorization", "ApiKey "+key)
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			done <- rec.Code
		}()
		return done
	}

	held.mu.Lock()
	heldAnswers := []<-chan int{
		serve(DefaultDevAPIKey, "POST", "/v1/subscribers", `{"subscriberId":"waits"}`),
		serve(DefaultDevAPIKey, "GET", "/v1/subscribers", ""),
	}
	for _, tc := range []struct {
		name, method, target, body string
		want                       int
	}{
		{"create subscriber", "POST", "/v1/subscribers", `{"subscriberId":"free"}`, http.StatusCreated},
		{"list subscribers", "GET", "/v1/subscribers", "", http.StatusOK},
		{"trigger", "POST", "/v1/events/trigger", `{"name":"none","to":"free"}`, http.StatusUnprocessableEntity},
		{"integrations", "GET", "/v1/integrations", "", http.StatusOK},
	} {
		select {
		case got := <-serve(otherKey, tc.method, tc.target, tc.body):
			if got != tc.want {
				t.Errorf("%s in the other organization: %d, want %d", tc.name, got, tc.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s in the other organization waited for the held organization's lock", tc.name)
		}
	}
	if keys := s.store.environmentKeys(); len(keys) != 4 {
		t.Errorf("environment keys while an organization is held: %d, want 4", len(keys))
	}
	for i, ch := range heldAnswers {
		select {
		case got := <-ch:
			t.Fatalf("request %d of the held organization answered %d while its lock was held", i, got)
		case <-time.After(50 * time.Millisecond):
		}
	}
	held.mu.Unlock()
	for i, want := range []int{http.StatusCreated, http.StatusOK} {
		select {
		case got := <-heldAnswers[i]:
			if got != want {
				t.Errorf("request %d of the held organization: %d, want %d", i, got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("request %d of the held organization never finished after the lock was released", i)
		}
	}
}
