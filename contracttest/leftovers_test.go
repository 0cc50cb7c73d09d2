package contracttest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
)

// The collections a run can leave something in, by listing path.
var sweptPaths = []string{"/v1/subscribers?limit=100", "/v1/topics?pageSize=10", "/v1/tenants?limit=100",
	"/v1/workflows?limit=100", "/v1/notification-groups", "/v1/layouts?pageSize=100", "/v1/feeds", "/v1/integrations"}

// snapshot is every item id of every swept collection, in one environment.
func snapshot(t *testing.T, base, key string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, p := range sweptPaths {
		req, _ := http.NewRequest(http.MethodGet, base+p, nil)
		req.Header.Set("Authorization", "ApiKey "+key)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, "%s: %s", p, raw)
		var body struct{ Data []map[string]any }
		require.NoError(t, json.Unmarshal(raw, &body), p)
		for _, it := range body.Data {
			out[p] = append(out[p], it["_id"].(string))
		}
		sort.Strings(out[p])
	}
	return out
}

// blockDeletes is a run killed before its cleanups: every DELETE fails and deletes nothing.
func blockDeletes(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			replay(w, 503, http.Header{"Content-Type": {"application/json"}}, []byte(`{"statusCode":503,"message":"down"}`))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Everything a run creates carries its prefix: after a run that could delete nothing, sweeping
// the prefix brings every collection back to what it was before the run, and touches nothing
// else.
func TestLeftovers_SweepTheRunsPrefix(t *testing.T) {
	killed := newTarget(t, blockDeletes)
	plain := httptest.NewServer(killed.srv.Handler()) // the same fake, deletes allowed
	t.Cleanup(plain.Close)
	ctx := context.Background()
	do := func(method, path, body string) {
		req, _ := http.NewRequest(method, plain.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "ApiKey "+killed.Dev)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		require.Less(t, res.StatusCode, 300, "%s %s", method, path)
	}
	// The user's own data, which no sweep may touch.
	do("POST", "/v1/subscribers", `{"subscriberId":"user-1"}`)
	do("POST", "/v1/topics", `{"key":"weekly","name":"Weekly"}`)
	do("POST", "/v1/feeds", `{"name":"nvmk"}`)
	before := snapshot(t, plain.URL, killed.Dev)

	s := suiteFor(killed)
	s.Prefix = "nvmk-sweep1-"
	rep, err := s.Run(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, rep.Leftovers, "the blocked deletes left resources behind")
	left := snapshot(t, plain.URL, killed.Dev)
	require.NotEqual(t, before, left)

	sweep := contracttest.Leftovers{Target: plain.URL, APIKey: killed.Dev, ProdAPIKey: killed.Prod, RPS: 5000}
	sweep.Prefix = "nvmk-other-"
	found, err := sweep.Run(ctx)
	require.NoError(t, err)
	assert.Empty(t, found, "another run's prefix finds nothing")

	sweep.Prefix = s.Prefix
	found, err = sweep.Run(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, found)
	kinds := map[string]bool{}
	for _, f := range found {
		assert.False(t, f.Deleted, "a dry run deletes nothing")
		assert.True(t, strings.HasPrefix(f.Name, s.Prefix), f.Name)
		kinds[f.Kind] = true
	}
	assert.Equal(t, left, snapshot(t, plain.URL, killed.Dev), "the dry run changed nothing")
	for _, k := range []string{"subscriber", "topic", "tenant", "workflow", "workflow group", "layout", "feed", "integration"} {
		assert.True(t, kinds[k], "the run left no %s to find", k)
	}

	sweep.Apply = true
	found, err = sweep.Run(ctx)
	require.NoError(t, err)
	for _, f := range found {
		assert.True(t, f.Deleted, "%s %s: %s", f.Kind, f.Name, f.Error)
	}
	assert.Equal(t, before, snapshot(t, plain.URL, killed.Dev), "everything the run created carried its prefix, and is gone")
	assert.Equal(t, snapshot(t, plain.URL, killed.Prod), snapshot(t, plain.URL, killed.Prod))

	found, err = sweep.Run(ctx)
	require.NoError(t, err)
	assert.Empty(t, found, "nothing left for a second sweep")
}

func TestLeftovers_RefusesAShortPrefix(t *testing.T) {
	tg := newTarget(t, nil)
	for _, p := range []string{"", "n", "nvmk"} {
		_, err := contracttest.Leftovers{Target: tg.URL, APIKey: tg.Dev, Prefix: p, Apply: true}.Run(context.Background())
		assert.ErrorContains(t, err, "want a run's prefix", p)
	}
}
