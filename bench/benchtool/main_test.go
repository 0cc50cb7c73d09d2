package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestAtFixedRateOffersTheRateAndCountsAnswers(t *testing.T) {
	var seen atomic.Int64
	var badBody atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := seen.Add(1)
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("Authorization") != "ApiKey k" || !strings.Contains(string(body), `"name":"bench-order"`) {
			badBody.Add(1)
		}
		if n%10 == 0 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()

	r := atFixedRate(&target{base: srv.URL, key: "k", method: "POST", path: "/v1/events/trigger", kind: "trigger", run: "t", conns: 4}, 200, time.Second)

	if r.requests < 190 || r.requests > 210 {
		t.Errorf("requests = %d, want about 200 (200/s for 1 s)", r.requests)
	}
	// The achieved rate is the answers over the run's wall time, which a loaded machine (tests
	// run with -race beside other packages) stretches; a generator that paced wrongly would be
	// off by far more than this.
	if r.achieved < 140 || r.achieved > 220 {
		t.Errorf("achieved = %.1f/s, want about 200", r.achieved)
	}
	if want := r.requests / 10; r.non2xx != want || r.errors != 0 {
		t.Errorf("non2xx = %d, errors = %d; want %d and 0", r.non2xx, r.errors, want)
	}
	if r.p50 <= 0 || r.p99 < r.p50 {
		t.Errorf("p50 = %.3f ms, p99 = %.3f ms", r.p50, r.p99)
	}
	if badBody.Load() != 0 {
		t.Errorf("%d requests without the key or the trigger body", badBody.Load())
	}
}

func TestReportJudgesP99AtTheFixedRate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A and B are writes (p99 and Prism ratio are their targets), R a read (bare-echo ratio and
	// Prism ratio).
	results := write("results.tsv", strings.Join([]string{
		"novumock\tPOST /a\t10000\t2.9\t12.8\t30000\t100000\t0\t0\t149",
		"bareecho\tPOST /a\t30000\t0.8\t6.0\t14000\t300000\t0\t0\t37",
		"prism\tPOST /a\t400\t30\t90\t160000\t4000\t0\t0\t900",
		"novumock\tPOST /b\t10000\t2.9\t12.8\t30000\t100000\t0\t0\t149",
		"prism\tPOST /b\t600\t30\t90\t160000\t6000\t0\t0\t900",
		"novumock\tPOST /c\t10000\t2.9\t12.8\t30000\t100000\t0\t0\t149",
		"novumock\tGET /r\t20000\t1.1\t5.0\t30000\t200000\t0\t0\t45",
		"bareecho\tGET /r\t30000\t0.8\t6.0\t14000\t300000\t0\t0\t11",
		"bareecho+headers\tGET /r\t25000\t0.9\t6.0\t14000\t250000\t0\t0\t13",
	}, "\n"))
	latency := write("latency.tsv", strings.Join([]string{
		"novumock\tPOST /a\t5000\t4999.8\t0.4\t4.2\t50000\t0\t0", // met
		"novumock\tPOST /b\t5000\t4999.8\t0.4\t7.5\t50000\t0\t0", // too slow
		"novumock\tPOST /c\t5000\t4200.0\t0.4\t1.0\t42000\t0\t3", // fast, but did not keep the rate
		"novumock\tGET /r\t5000\t5000.2\t0.3\t7.0\t50000\t0\t0",  // a read: no p99 target
		"bareecho\tPOST /a\t5000\t5000.1\t0.3\t2.5\t50000\t0\t0",
	}, "\n"))
	out := filepath.Join(dir, "latest.md")
	if err := report([]string{"-results", results, "-latency", latency, "-rate", "5000", "-conns", "32", "-out", out}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		"| `POST /a` | 25.0× ✅ | 33 % | n/a | 4.20 ms ✅ | 12.80 ms |",
		"| `POST /b` | 16.7× ❌ | n/a | n/a | 7.50 ms ❌ | 12.80 ms |",
		"| `POST /c` | n/a | n/a | n/a | 1.00 ms ❌ (4200/s achieved, 3 failed) | 12.80 ms |",
		"| `GET /r` | n/a | 67 % ✅ | 80 % | 7.00 ms | 5.00 ms |",
		"| `GET /r` | bareecho+headers | 25000 |",
		"5000 requests/s offered over 32 connections",
		"| `POST /a` | bareecho | 5000 | 0.30 | 2.50 | 50000 | 0 |",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}
