package mockserver_test

// 64 clients at once create, update and delete subscribers, topics and integrations and set
// primaries, through the whole pipeline (in-process, so that -race sees every access). Nothing
// may be lost: afterwards the state is exactly what the clients' own writes add up to, and the
// invariants hold (one primary e-mail integration per environment, pages consistent with gets).

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/novumock/novumock/mockserver"
)

func TestConcurrentClients_NoLostWrites(t *testing.T) {
	const clients = 64
	x := newRBHarness(t, func(o *mockserver.Options) { o.RateLimit = "off" })
	x.dev("POST", "/v1/topics", `{"key":"shared","name":"Everyone"}`).mustOK(t, "create shared topic")

	var (
		mu       sync.Mutex
		primary  = map[string]bool{} // integrations some client made primary
		failures []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	// expect runs one request and records a failure unless it answers want.
	expect := func(want int, method, target, body string) map[string]any {
		r := x.dev(method, target, body)
		if r.Status != want {
			fail("%s %s: %d %s", method, target, r.Status, r.Raw)
			return nil
		}
		if len(r.Raw) == 0 {
			return nil
		}
		return r.json(t)
	}

	start := make(chan struct{})
	var wg sync.WaitGroup
	deadline := time.Now().Add(20 * time.Second)
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if time.Now().After(deadline) {
				return
			}
			// Subscribers: create six, rename all, delete the first two.
			for i := range 6 {
				expect(201, "POST", "/v1/subscribers", fmt.Sprintf(`{"subscriberId":"c%d-s%d","firstName":"new"}`, w, i))
			}
			for i := range 6 {
				expect(200, "PUT", fmt.Sprintf("/v1/subscribers/c%d-s%d", w, i), fmt.Sprintf(`{"firstName":"final-%d-%d"}`, w, i))
			}
			for i := range 2 {
				expect(200, "DELETE", fmt.Sprintf("/v1/subscribers/c%d-s%d", w, i), "")
			}
			// Topics: an own topic with s2..s5, then s3 removed; s2 joins the shared topic.
			expect(201, "POST", "/v1/topics", fmt.Sprintf(`{"key":"topic-%d","name":"Client %d"}`, w, w))
			expect(200, "POST", fmt.Sprintf("/v1/topics/topic-%d/subscribers", w),
				fmt.Sprintf(`{"subscribers":["c%d-s2","c%d-s3","c%d-s4","c%d-s5"]}`, w, w, w, w))
			expect(200, "POST", "/v1/topics/shared/subscribers", fmt.Sprintf(`{"subscribers":["c%d-s2"]}`, w))
			expect(204, "POST", fmt.Sprintf("/v1/topics/topic-%d/subscribers/removal", w), fmt.Sprintf(`{"subscribers":["c%d-s3"]}`, w))
			expect(200, "PATCH", fmt.Sprintf("/v1/topics/topic-%d", w), fmt.Sprintf(`{"name":"Client %d renamed"}`, w))

			// Integrations: three active e-mail ones; the first is made primary, the second
			// renamed, the third deleted (a deleted primary is never replaced, so the one made
			// primary is kept).
			var ids []string
			for _, p := range []string{"sendgrid", "mailgun", "postmark"} {
				res := expect(201, "POST", "/v1/integrations", fmt.Sprintf(
					`{"providerId":%q,"channel":"email","active":true,"check":false,"name":"c%d %s","credentials":{"apiKey":"k"}}`, p, w, p))
				if res == nil {
					return
				}
				ids = append(ids, fmt.Sprint(rbMap(res["data"])["_id"]))
			}
			if expect(201, "POST", "/v1/integrations/"+ids[0]+"/set-primary", "{}") != nil {
				mu.Lock()
				primary[ids[0]] = true
				mu.Unlock()
			}
			expect(200, "PUT", "/v1/integrations/"+ids[1], fmt.Sprintf(`{"name":"c%d renamed"}`, w))
			expect(200, "DELETE", "/v1/integrations/"+ids[2], "")
		}()
	}
	close(start)
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	if t.Failed() {
		return
	}

	// Subscribers: exactly c{w}-s2..s5 for every client, each with its last update.
	var want []string
	for w := range clients {
		for i := 2; i < 6; i++ {
			want = append(want, fmt.Sprintf("c%d-s%d", w, i))
		}
	}
	var got []string
	for page := 0; ; page++ {
		res := x.dev("GET", fmt.Sprintf("/v1/subscribers?page=%d&limit=100", page), "").mustOK(t, "list subscribers")
		for _, s := range rbList(res["data"]) {
			got = append(got, fmt.Sprint(s["subscriberId"]))
		}
		if res["hasMore"] != true {
			break
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if !slices.Equal(want, got) {
		t.Errorf("subscribers: want %d (c*-s2..s5), got %d: %v", len(want), len(got), got)
	}
	for w := range clients {
		for i := 2; i < 6; i++ {
			s := rbMap(x.dev("GET", fmt.Sprintf("/v1/subscribers/c%d-s%d", w, i), "").mustOK(t, "get subscriber")["data"])
			if s["firstName"] != fmt.Sprintf("final-%d-%d", w, i) {
				t.Errorf("c%d-s%d: firstName %v, the update was lost", w, i, s["firstName"])
			}
		}
	}

	// Topics: the shared one has every client's s2; each own topic has s2, s4, s5.
	shared := rbMap(x.dev("GET", "/v1/topics/shared", "").mustOK(t, "get shared topic")["data"])
	if n := len(shared["subscribers"].([]any)); n != clients {
		t.Errorf("shared topic: %d subscribers, want %d", n, clients)
	}
	for w := range clients {
		tp := rbMap(x.dev("GET", fmt.Sprintf("/v1/topics/topic-%d", w), "").mustOK(t, "get topic")["data"])
		var members []string
		for _, m := range tp["subscribers"].([]any) {
			members = append(members, fmt.Sprint(m))
		}
		sort.Strings(members)
		if wantM := []string{fmt.Sprintf("c%d-s2", w), fmt.Sprintf("c%d-s4", w), fmt.Sprintf("c%d-s5", w)}; !slices.Equal(members, wantM) {
			t.Errorf("topic-%d: members %v, want %v", w, members, wantM)
		}
		if tp["name"] != fmt.Sprintf("Client %d renamed", w) {
			t.Errorf("topic-%d: name %v, the rename was lost", w, tp["name"])
		}
	}

	// Integrations: 2 per client survive beside the 6 a new organization starts with (Novu
	// Email, Novu SMS and in-app in each environment), exactly one Development e-mail primary,
	// and it is one that some client made primary.
	list := rbList(x.dev("GET", "/v1/integrations", "").mustOK(t, "list integrations")["data"])
	devID := fmt.Sprint(rbMap(x.dev("GET", "/v1/environments/me", "").mustOK(t, "environment")["data"])["_id"])
	var primaries []string
	for _, it := range list {
		if it["_environmentId"] == devID && it["channel"] == "email" && it["primary"] == true {
			primaries = append(primaries, fmt.Sprint(it["_id"]))
		}
	}
	if len(list) != 2*clients+6 {
		t.Errorf("integrations: %d, want %d", len(list), 2*clients+6)
	}
	if len(primaries) != 1 {
		t.Errorf("Development e-mail primaries: %v, want exactly one", primaries)
	} else if !primary[primaries[0]] {
		t.Errorf("primary %s was never made primary by a client", primaries[0])
	}
	x.checkInvariants(t)
}

// TestConcurrentClients_PrimaryRace has 64 clients set different integrations primary at the
// same moment, repeatedly: after each round exactly one is primary and it is the highest priority.
func TestConcurrentClients_PrimaryRace(t *testing.T) {
	const clients = 64
	x := newRBHarness(t, func(o *mockserver.Options) { o.RateLimit = "off" })
	var ids []string
	var envID any
	for i := range clients {
		res := x.dev("POST", "/v1/integrations", fmt.Sprintf(
			`{"providerId":"sendgrid","channel":"email","active":%t,"check":false,"name":"i%d"}`, i%2 == 0, i)).mustOK(t, "create")
		ids = append(ids, fmt.Sprint(rbMap(res["data"])["_id"]))
		envID = rbMap(res["data"])["_environmentId"]
	}
	for round := range 3 {
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if r := x.dev("POST", "/v1/integrations/"+id+"/set-primary", "{}"); r.Status != http.StatusCreated {
					t.Errorf("round %d set-primary %s: %d %s", round, id, r.Status, r.Raw)
				}
			}()
		}
		wg.Wait()
		var primaries []string
		top, topPriority := "", -1.0
		for _, it := range rbList(x.dev("GET", "/v1/integrations", "").mustOK(t, "list")["data"]) {
			if it["channel"] != "email" || it["_environmentId"] != envID {
				continue // the list is org-wide; Novu Email and SMS are primary elsewhere
			}
			if it["primary"] == true {
				primaries = append(primaries, fmt.Sprint(it["_id"]))
			}
			if p, _ := it["priority"].(float64); it["active"] == true && p > topPriority {
				top, topPriority = fmt.Sprint(it["_id"]), p
			}
		}
		if len(primaries) != 1 {
			t.Fatalf("round %d: primaries %v, want exactly one", round, primaries)
		}
		if primaries[0] != top {
			t.Errorf("round %d: primary %s is not the highest-priority active integration %s", round, primaries[0], top)
		}
	}
	x.checkInvariants(t)
}
