package mockserver

// Benchmarks of the request hot path (make bench runs them before bench/run.sh). They live in
// the package itself because auth, the rate limiter and validation are unexported. Run:
//
//	go test ./mockserver -run '^$' -bench . -benchmem
//
// BenchmarkSubscribersScale is the proof that state scales: listing a page and getting one
// subscriber by id cost the same with 100 and with 100 000 subscribers.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsonnull"
)

func benchServer(b *testing.B) *Server {
	b.Helper()
	// The clock moves 1 ms per reading, so that the unlimited level's buckets (3 000 requests/s)
	// refill as they would at that pace and b.N requests are never refused.
	var ticks atomic.Int64
	start := time.Date(2024, 10, 24, 12, 0, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return start.Add(time.Duration(ticks.Add(1)) * time.Millisecond) }})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func benchRequest(method, target, body string) *http.Request {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	req.RemoteAddr = "127.0.0.1:40000"
	req.Header.Set("Authorization", "ApiKey "+DefaultDevAPIKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// benchServe runs one request through the whole pipeline in-process and fails on a non-2xx.
func benchServe(b *testing.B, h http.Handler, method, target, body string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, benchRequest(method, target, body))
	if rec.Code >= 300 {
		b.Fatalf("%s %s: %d %s", method, target, rec.Code, rec.Body.String())
	}
}

// benchSeedSubscribers adds n subscribers to the Development environment straight into the store.
func benchSeedSubscribers(b *testing.B, s *Server, n int) *environment {
	b.Helper()
	env := s.store.environmentByKey(DefaultDevAPIKey)
	env.org.mu.Lock()
	defer env.org.mu.Unlock()
	for i := range n {
		email := fmt.Sprintf("user%d@example.com", i)
		_, _, err := s.store.upsertSubscriberLocked(env, gen.CreateSubscriberRequest{
			SubscriberId: fmt.Sprintf("sub-%d", i), FirstName: benchPtr("Ada"), LastName: benchPtr("Lovelace"),
			Email: jsonnull.Value(email), Data: &map[string]any{"plan": "pro", "seats": i},
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return env
}

func benchPtr[T any](v T) *T { return &v }

func BenchmarkAuthLookup(b *testing.B) {
	s := benchServer(b)
	op := s.ops["GET /v1/subscribers"]
	c := s.echo.NewContext(benchRequest("GET", "/v1/subscribers", ""), httptest.NewRecorder())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.authenticate(c, op); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRateLimitDecision(b *testing.B) {
	s := benchServer(b)
	env := s.store.environmentByKey(DefaultDevAPIKey)
	h := http.Header{}
	b.ReportAllocs()
	for b.Loop() {
		d, on := s.limiter.take(env.id, "global", "single", s.clock.Now())
		if !on || !d.allowed {
			b.Fatal("unlimited level refused a request")
		}
		d.setHeaders(h)
	}
}

func BenchmarkRequestValidation(b *testing.B) {
	s := benchServer(b)
	cases := []struct{ name, method, route, target, body string }{
		{"list-subscribers-query", "GET", "GET /v1/subscribers", "/v1/subscribers?page=0&limit=10", ""},
		{"create-subscriber-body", "POST", "POST /v1/subscribers", "/v1/subscribers",
			`{"subscriberId":"load-1","email":"load1@example.com","firstName":"Grace","lastName":"Hopper","locale":"en-US","data":{"plan":"pro"}}`},
		{"trigger-body", "POST", "POST /v1/events/trigger", "/v1/events/trigger",
			`{"name":"bench-order","to":"bench-sub-2","payload":{"orderId":"A-1"}}`},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			op := s.ops[tc.route]
			if op == nil {
				b.Fatalf("no operation %s", tc.route)
			}
			b.ReportAllocs()
			for b.Loop() {
				req := benchRequest(tc.method, tc.target, tc.body)
				if err := validateRequest(req.Context(), req, op, nil, []byte(tc.body)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJSONEncodePage is what the strict handler does with a page of 10 subscribers.
func BenchmarkJSONEncodePage(b *testing.B) {
	s := benchServer(b)
	env := benchSeedSubscribers(b, s, 10)
	var data []gen.Subscriber
	for _, sub := range s.store.listSubscribers(env, 0, 10) {
		data = append(data, *sub)
	}
	page := gen.SubscriberPage{Data: data, Page: 0, PageSize: 10}
	b.ReportAllocs()
	for b.Loop() {
		if err := json.NewEncoder(io.Discard).Encode(page); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubscribersScale runs the whole pipeline for a page and a get at both sizes; the
// ns/op of n=100 and n=100000 must match (both are a slice of the order and a map lookup).
func BenchmarkSubscribersScale(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		s := benchServer(b)
		benchSeedSubscribers(b, s, n)
		h := s.Handler()
		b.Run(fmt.Sprintf("n=%d/list-page", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchServe(b, h, "GET", "/v1/subscribers?page=5&limit=10", "")
			}
		})
		b.Run(fmt.Sprintf("n=%d/get-by-id", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchServe(b, h, "GET", "/v1/subscribers/sub-42", "")
			}
		})
	}
}

// BenchmarkEndpoints is the in-process cost of the endpoints bench/run.sh loads, for profiling:
//
//	go test ./mockserver -run '^$' -bench Endpoints -cpuprofile cpu.out && go tool pprof -top cpu.out
func BenchmarkEndpoints(b *testing.B) {
	s := benchServer(b)
	benchSeedSubscribers(b, s, 100)
	h := s.Handler()
	benchTriggerSetup(b, h)

	for _, ep := range []struct {
		method, target string
		body           func(i int) string // the i-th request's body; nil for none
	}{
		{"GET", "/v1/subscribers?page=0&limit=10", nil},
		{"GET", "/v1/integrations", nil},
		{"POST", "/v1/events/trigger", benchTriggerBody},
		{"POST", "/v1/subscribers", benchSubscriberBody},
	} {
		name, _, _ := strings.Cut(ep.target, "?")
		b.Run(ep.method+" "+name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				body := ""
				if ep.body != nil {
					body = ep.body(i)
				}
				benchServe(b, h, ep.method, ep.target, body)
			}
		})
	}
}

// benchTriggerBody is the i-th bench trigger: the bench workflow to one of the 100 seeded
// subscribers.
func benchTriggerBody(i int) string {
	return fmt.Sprintf(`{"name":"bench-order","to":"sub-%d","payload":{"orderId":"A-%d"}}`, i%100, i)
}

// benchSubscriberBody creates the i-th new subscriber, with profile fields and data.
func benchSubscriberBody(i int) string {
	return fmt.Sprintf(`{"subscriberId":"load-%d","email":"load%d@example.com","firstName":"Grace","lastName":"Hopper",`+
		`"locale":"en-US","data":{"plan":"pro"}}`, i, i)
}

// BenchmarkTriggerRetained reports the heap a trigger leaves behind (notification, jobs,
// execution details, message, outbox and trigger log entries).
func BenchmarkTriggerRetained(b *testing.B) {
	benchRetained(b, 5000, "trigger", func(h http.Handler) { benchTriggerSetup(b, h) }, func(h http.Handler, i int) {
		benchServe(b, h, "POST", "/v1/events/trigger", benchTriggerBody(i))
	})
}

// benchRetained reports the heap each of n operations keeps: HeapAlloc after a full GC before
// and after them, on a fresh server seeded with 100 subscribers and set up by setup, so the
// B/<unit> metric does not depend on b.N. One operation runs before the first reading, so
// first-use allocations (caches, pools) are not counted per operation.
func benchRetained(b *testing.B, n int, unit string, setup func(http.Handler), op func(h http.Handler, i int)) {
	var retained float64
	for b.Loop() {
		b.StopTimer()
		s := benchServer(b)
		benchSeedSubscribers(b, s, 100)
		h := s.Handler()
		setup(h)
		op(h, 0)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		for i := range n {
			op(h, i+1)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(s)
		retained = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
		b.StartTimer()
	}
	b.ReportMetric(retained, "B/"+unit)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/"+unit)
}

// benchTriggerSetup adds what the bench trigger needs: the "bench-order" workflow with one
// in-app step (the environment starts with Novu's active in-app integration).
func benchTriggerSetup(b *testing.B, h http.Handler) {
	benchServe(b, h, "POST", "/v1/workflows", `{"name":"Bench order","notificationGroupId":"`+benchGroupID(b, h)+`","active":true,`+
		`"steps":[{"name":"In-app","active":true,"template":{"type":"in_app","content":"Hi {{subscriber.firstName}}"}}]}`)
}

// benchGroupID is the id of the environment's first workflow group.
func benchGroupID(b *testing.B, h http.Handler) string {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, benchRequest("GET", "/v1/notification-groups", ""))
	var out struct {
		Data []struct {
			ID string `json:"_id"`
		} `json:"data"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	if len(out.Data) == 0 {
		b.Fatalf("no workflow group: %s", rec.Body.String())
	}
	return out.Data[0].ID
}

// BenchmarkSubscriberRetained reports the heap one created subscriber keeps (the stored
// gen.Subscriber, its strings and data map, its table slot).
func BenchmarkSubscriberRetained(b *testing.B) {
	benchRetained(b, 20_000, "subscriber", func(http.Handler) {}, func(h http.Handler, i int) {
		benchServe(b, h, "POST", "/v1/subscribers", benchSubscriberBody(i))
	})
}

// BenchmarkOrganizationsParallel asks whether the store's one lock costs throughput when test
// workers use separate organizations: triggers run serially, then from GOMAXPROCS goroutines on
// one shared organization, then each goroutine on its own organization, then each on a server of
// its own (nothing shared: the ceiling of finer locking). If the lock were the bottleneck the
// parallel runs would be no faster per trigger than the serial one.
func BenchmarkOrganizationsParallel(b *testing.B) {
	setup := func(b *testing.B) (*Server, http.Handler) {
		s := benchServer(b)
		benchSeedSubscribers(b, s, 100)
		h := s.Handler()
		benchTriggerSetup(b, h)
		return s, h
	}
	b.Run("serial", func(b *testing.B) {
		_, h := setup(b)
		i := 0
		for b.Loop() {
			i++
			benchServe(b, h, "POST", "/v1/events/trigger", benchTriggerBody(i))
		}
	})
	b.Run("parallel/one-org", func(b *testing.B) {
		_, h := setup(b)
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				benchServe(b, h, "POST", "/v1/events/trigger", benchTriggerBody(int(n.Add(1))))
			}
		})
	})
	b.Run("parallel/org-per-worker", func(b *testing.B) {
		s, h := setup(b)
		var workers atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			key := DefaultDevAPIKey
			if workers.Add(1) > 1 { // the first worker keeps the starting organization
				org := s.store.addOrganization("")
				key = org.keys[0].apiKey
				env := s.store.environmentByKey(key)
				env.org.mu.Lock()
				for i := range 100 {
					if _, _, err := s.store.upsertSubscriberLocked(env, gen.CreateSubscriberRequest{SubscriberId: fmt.Sprintf("sub-%d", i)}); err != nil {
						b.Error(err)
					}
				}
				env.org.mu.Unlock()
				benchTriggerSetupKey(b, h, key)
			}
			i := 0
			for pb.Next() {
				i++
				req := benchRequest("POST", "/v1/events/trigger", benchTriggerBody(i))
				req.Header.Set("Authorization", "ApiKey "+key)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code >= 300 {
					b.Errorf("trigger: %d %s", rec.Code, rec.Body.String())
					return
				}
			}
		})
	})
	b.Run("parallel/server-per-worker", benchServerPerWorker)
}

// benchServerPerWorker is the ceiling any finer locking could reach: each goroutine triggers on
// a server of its own, so nothing at all is shared. Compared with parallel/org-per-worker it
// shows what the store's one lock costs workers on separate organizations.
func benchServerPerWorker(b *testing.B) {
	handlers := make([]http.Handler, runtime.GOMAXPROCS(0))
	for i := range handlers {
		s := benchServer(b)
		benchSeedSubscribers(b, s, 100)
		handlers[i] = s.Handler()
		benchTriggerSetup(b, handlers[i])
	}
	var workers atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		h := handlers[int(workers.Add(1)-1)%len(handlers)]
		i := 0
		for pb.Next() {
			i++
			benchServe(b, h, "POST", "/v1/events/trigger", benchTriggerBody(i))
		}
	})
}

// benchTriggerSetupKey is benchTriggerSetup in the environment of another key.
func benchTriggerSetupKey(b *testing.B, h http.Handler, key string) {
	send := func(method, target, body string) *httptest.ResponseRecorder {
		req := benchRequest(method, target, body)
		req.Header.Set("Authorization", "ApiKey "+key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	var groups struct {
		Data []struct {
			ID string `json:"_id"`
		} `json:"data"`
	}
	_ = json.Unmarshal(send("GET", "/v1/notification-groups", "").Body.Bytes(), &groups)
	if len(groups.Data) == 0 {
		b.Fatal("no workflow group")
	}
	rec := send("POST", "/v1/workflows", `{"name":"Bench order","notificationGroupId":"`+groups.Data[0].ID+`","active":true,`+
		`"steps":[{"name":"In-app","active":true,"template":{"type":"in_app","content":"Hi {{subscriber.firstName}}"}}]}`)
	if rec.Code != http.StatusCreated {
		b.Fatalf("workflow: %d %s", rec.Code, rec.Body.String())
	}
}

// BenchmarkTriggerAtCap is a trigger once the environment holds --retain notifications, so that
// every trigger also pays its share of dropping the oldest (store_delivery_retention.go), next
// to a trigger on a fresh environment.
func BenchmarkTriggerAtCap(b *testing.B) {
	for _, prefill := range []int{0, DefaultRetain} {
		b.Run(fmt.Sprintf("held=%d", prefill), func(b *testing.B) {
			s := benchServer(b)
			benchSeedSubscribers(b, s, 100)
			h := s.Handler()
			benchTriggerSetup(b, h)
			for i := range prefill {
				benchServe(b, h, "POST", "/v1/events/trigger", benchTriggerBody(i))
			}
			i := prefill
			for b.Loop() {
				i++
				benchServe(b, h, "POST", "/v1/events/trigger", benchTriggerBody(i))
			}
		})
	}
}
