package mockserver_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

func withRateLimit(level string) func(*mockserver.Options) {
	return func(o *mockserver.Options) { o.RateLimit = level }
}

func TestRateLimit_Headers(t *testing.T) {
	tests := []struct {
		level, method, path, body string
		limit, burst              int
		category, cost            string
	}{
		{"free", "GET", "/v1/integrations", "", 150, 165, "global", "single"},
		{"free", "GET", "/v1/subscribers", "", 100, 110, "configuration", "single"},
		{"business", "GET", "/v1/tenants", "", 1000, 1100, "configuration", "single"},
		{"pro", "DELETE", "/v1/events/trigger/tx-1", "", 1200, 1320, "trigger", "single"},
		{"enterprise", "GET", "/v1/environments/me", "", 15000, 16500, "global", "single"},
		{"unlimited", "POST", "/v1/subscribers/bulk", `{"subscribers":[{"subscriberId":"a"}]}`, 10000, 11000, "configuration", "bulk"},
	}
	for _, tt := range tests {
		t.Run(tt.level+" "+tt.path, func(t *testing.T) {
			f := mustNewServer(t, withRateLimit(tt.level))
			res := f.dev(tt.method, tt.path, tt.body)
			cost := 1
			if tt.cost == "bulk" {
				cost = 100
			}
			assert.Equal(t, strconv.Itoa(tt.limit), res.Header.Get("RateLimit-Limit"))
			assert.Equal(t, strconv.Itoa(tt.burst-cost), res.Header.Get("RateLimit-Remaining"))
			assert.Equal(t, "0", res.Header.Get("RateLimit-Reset"))
			assert.Equal(t, fmt.Sprintf(`%d;w=5;burst=%d;comment="token bucket";category="%s";cost="%s";serviceLevel="%s"`,
				tt.limit, tt.burst, tt.category, tt.cost, tt.level), res.Header.Get("RateLimit-Policy"))
		})
	}
}

func TestRateLimit_SpendRejectRefill(t *testing.T) {
	f := mustNewServer(t, withRateLimit("free"))
	// free configuration: 20 rps * 5 s = 100 per window, burst 110.
	for i := 1; i <= 110; i++ {
		res := f.dev("GET", "/v1/subscribers", "")
		require.Equal(t, http.StatusOK, res.Status, "request %d", i)
		require.Equal(t, strconv.Itoa(110-i), res.Header.Get("RateLimit-Remaining"))
	}
	res := f.dev("GET", "/v1/subscribers", "")
	require.Equal(t, http.StatusTooManyRequests, res.Status)
	assert.Equal(t, "API rate limit exceeded", res.Body["message"])
	assert.NotContains(t, res.Body, "error")
	assert.Equal(t, "0", res.Header.Get("RateLimit-Remaining"))
	assert.Equal(t, "1", res.Header.Get("Retry-After"), "one token comes back every 50 ms")
	assert.Equal(t, res.Header.Get("Retry-After"), res.Header.Get("RateLimit-Reset"))

	// Another category and the other environment have their own buckets.
	assert.Equal(t, http.StatusOK, f.dev("GET", "/v1/integrations", "").Status)
	assert.Equal(t, http.StatusOK, f.do("GET", "/v1/subscribers", "ApiKey "+f.srv.ProdAPIKey(), "").Status)

	// Refill: 100 ms brings back two tokens (lazily, on the next request that cannot pay).
	f.advance(100 * time.Millisecond)
	res = f.dev("GET", "/v1/subscribers", "")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "1", res.Header.Get("RateLimit-Remaining"))
}

func TestRateLimit_BulkCostsHundred(t *testing.T) {
	f := mustNewServer(t, withRateLimit("free"))
	body := `{"subscribers":[{"subscriberId":"u1"}]}`
	res := f.dev("POST", "/v1/subscribers/bulk", body)
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	assert.Equal(t, "10", res.Header.Get("RateLimit-Remaining"))
	res = f.dev("POST", "/v1/subscribers/bulk", body)
	require.Equal(t, http.StatusTooManyRequests, res.Status)
	// 90 missing tokens at one per 50 ms: 4.5 s, rounded up.
	assert.Equal(t, "5", res.Header.Get("Retry-After"))
	f.advance(5 * time.Second)
	assert.Equal(t, http.StatusCreated, f.dev("POST", "/v1/subscribers/bulk", body).Status)
}

func TestRateLimit_Off(t *testing.T) {
	f := mustNewServer(t, withRateLimit("off"))
	res := f.dev("GET", "/v1/integrations", "")
	require.Equal(t, http.StatusOK, res.Status)
	for _, h := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"} {
		assert.Empty(t, res.Header.Get(h))
	}
}

func TestRateLimit_UnknownLevelRejected(t *testing.T) {
	_, err := mockserver.New(mockserver.Options{RateLimit: "gold"})
	assert.ErrorContains(t, err, "gold")
}
