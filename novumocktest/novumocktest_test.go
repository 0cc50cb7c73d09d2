package novumocktest_test

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen/controlapi"
	"github.com/novumock/novumock/novumocktest"
)

func send(t *testing.T, f *novumocktest.Fake, key, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, f.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "ApiKey "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw)
}

func TestNew(t *testing.T) {
	f := novumocktest.New(t)
	assert.True(t, strings.HasPrefix(f.URL, "http://127.0.0.1:"))
	status, _ := send(t, f, f.DevAPIKey, http.MethodPost, "/v1/subscribers", `{"subscriberId":"user-1"}`)
	require.Equal(t, http.StatusCreated, status)

	t.Run("journal", func(t *testing.T) {
		page, err := f.Control.Requests(t.Context(), map[string][]string{"subscriberId": {"user-1"}})
		require.NoError(t, err)
		require.Equal(t, 1, page.TotalCount)
		assert.Equal(t, "CreateSubscriber", page.Data[0].OperationId)
		require.NoError(t, f.Control.ClearRequests(t.Context()))
		n, err := f.Control.Triggered(t.Context(), "any", "user-1", nil)
		require.NoError(t, err)
		assert.Zero(t, n)
	})
	t.Run("faults", func(t *testing.T) {
		_, err := f.Control.AddFaults(t.Context(), controlapi.FaultRule{OperationId: "GetSubscriber", Status: 502, Times: 1})
		require.NoError(t, err)
		status, _ := send(t, f, f.DevAPIKey, http.MethodGet, "/v1/subscribers/user-1", "")
		assert.Equal(t, 502, status)
		rules, err := f.Control.Faults(t.Context())
		require.NoError(t, err)
		assert.Equal(t, 1, rules[0].Hits)
		require.NoError(t, f.Control.ClearFaults(t.Context()))
		_, err = f.Control.AddFaults(t.Context(), controlapi.FaultRule{OperationId: "Nope", Status: 500})
		assert.ErrorContains(t, err, "400")
	})
	t.Run("clock and reset", func(t *testing.T) {
		now, err := f.Control.Advance(t.Context(), "", time.Hour)
		require.NoError(t, err)
		assert.WithinDuration(t, time.Now().Add(time.Hour), now, time.Minute)
		require.NoError(t, f.Control.Reset(t.Context(), ""))
		status, _ := send(t, f, f.DevAPIKey, http.MethodGet, "/v1/subscribers/user-1", "")
		assert.Equal(t, http.StatusNotFound, status)
	})
}

func TestNew_StopsWithTheTest(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) { url = novumocktest.New(t).URL })
	_, err := http.Get(url + "/healthz")
	assert.Error(t, err, "the fake is stopped once its test ends")
}

// Workers share one fake, each in an organization of its own, under -race.
func TestShared_OrganizationPerWorker(t *testing.T) {
	f := novumocktest.New(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			org, err := f.Control.NewOrganization(t.Context(), "")
			if !assert.NoError(t, err) {
				return
			}
			key := org.Environments[0].ApiKey
			mine := f.Control.ForOrganization(org.OrganizationId)
			_, err = mine.AddFaults(t.Context(), controlapi.FaultRule{OperationId: "CreateSubscriber", Status: 503, Times: 1})
			assert.NoError(t, err)
			status, _ := send(t, f, key, http.MethodPost, "/v1/subscribers", `{"subscriberId":"same-id"}`)
			assert.Equal(t, http.StatusServiceUnavailable, status, "this worker's fault fires for this worker")
			status, _ = send(t, f, key, http.MethodPost, "/v1/subscribers", `{"subscriberId":"same-id"}`)
			assert.Equal(t, http.StatusCreated, status, "each organization has its own same-id")
			rules, err := mine.Faults(t.Context())
			if assert.NoError(t, err) && assert.Len(t, rules, 1, "only this worker's rule") {
				assert.Equal(t, 1, rules[0].Hits)
			}
			page, err := mine.Requests(t.Context(), url.Values{"operationId": {"CreateSubscriber"}})
			if assert.NoError(t, err) {
				assert.Equal(t, 2, page.TotalCount, "only this worker's requests")
			}
			assert.NoError(t, mine.ClearRequests(t.Context()))
			assert.NoError(t, mine.ClearFaults(t.Context()))
			page, err = mine.Requests(t.Context(), nil)
			if assert.NoError(t, err) {
				assert.Zero(t, page.TotalCount)
			}
			fixture, err := os.ReadFile("../examples/fixture.json")
			if assert.NoError(t, err) && assert.NoError(t, f.Control.LoadState(t.Context(), org.OrganizationId, fixture)) {
				status, _ := send(t, f, key, http.MethodGet, "/v1/subscribers/ada", "")
				assert.Equal(t, http.StatusOK, status, "the fixture is in this worker's organization")
			}
			now, err := mine.Advance(t.Context(), "", time.Duration(w+1)*time.Hour)
			if assert.NoError(t, err) {
				assert.WithinDuration(t, time.Now().Add(time.Duration(w+1)*time.Hour), now, time.Minute, "this worker's time alone moved")
			}
			assert.NoError(t, f.Control.Reset(t.Context(), org.OrganizationId))
			assert.NoError(t, f.Control.DeleteOrganization(t.Context(), org.OrganizationId))
		}()
	}
	wg.Wait()
}

// BenchmarkNew is the start-up of a fake in a test: build, listen, first answer, stop.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		f, stop, err := novumocktest.Start()
		if err != nil {
			b.Fatal(err)
		}
		res, err := http.Get(f.URL + "/healthz")
		if err != nil {
			b.Fatal(err)
		}
		res.Body.Close()
		stop()
	}
}
