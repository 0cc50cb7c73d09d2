package contracttest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
	"github.com/novumock/novumock/mockserver"
)

// target is one pristine fake on a loopback httptest server.
type target struct {
	URL, Dev, Prod string
	srv            *mockserver.Server
}

func newTarget(t testing.TB, wrap func(http.Handler) http.Handler) target {
	t.Helper()
	srv, err := mockserver.New(mockserver.Options{})
	require.NoError(t, err)
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return target{URL: ts.URL, Dev: srv.DevAPIKey(), Prod: srv.ProdAPIKey(), srv: srv}
}

// suiteFor is the configuration every test uses: both keys, fast pacing.
func suiteFor(tg target) contracttest.Suite {
	return contracttest.Suite{Target: tg.URL, APIKey: tg.Dev, ProdAPIKey: tg.Prod, RPS: 5000, Timeout: 10 * time.Second}
}

func TestSuite_PristineFake(t *testing.T) {
	tg := newTarget(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := time.Now()
	rep, err := suiteFor(tg).Run(ctx)
	require.NoError(t, err)
	var sb strings.Builder
	rep.WriteSummary(&sb)
	t.Log(sb.String())
	for _, f := range rep.Failures() {
		t.Errorf("%s\n    %s", f, f.Curl)
	}
	assert.Less(t, time.Since(start), 10*time.Second)
}
