package contracttest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
)

// An interrupted run (Ctrl-C: the context ends) says so: the check cut short and those never
// started are skipped, not failed, cleanup still runs, and no report calls the run passed.
func TestSuite_Interrupted(t *testing.T) {
	tests := []struct {
		name     string
		cancelOn func(*http.Request) bool // the fake cancels the run when it sees this request
		inFlight string                   // the check the interruption cuts short
	}{
		{name: "DuringProbe", inFlight: "wrong_scheme_rejected",
			cancelOn: func(r *http.Request) bool { return strings.HasPrefix(r.Header.Get("Authorization"), "Token ") }},
		// After the topic is created, so its delete is registered and must still be sent.
		{name: "DuringScenario", inFlight: "topic_lifecycle",
			cancelOn: func(r *http.Request) bool {
				return r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/topics/nvmk-interrupted-topi")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var once sync.Once
			tg := newTarget(t, func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if tt.cancelOn(r) {
						once.Do(cancel)
					}
					h.ServeHTTP(w, r)
				})
			})
			s := suiteFor(tg)
			s.Prefix = "nvmk-interrupted-"
			rep, err := s.Run(ctx)
			require.NoError(t, err)

			assert.True(t, rep.Interrupted)
			assert.False(t, rep.Passed())
			assert.Empty(t, rep.Failures(), "failures caused by the interruption")
			cut := rep.Check(tt.inFlight)
			require.NotNil(t, cut)
			assert.Equal(t, contracttest.Skipped, cut.Status)
			assert.True(t, cut.Interrupted)
			assert.Contains(t, cut.SkipReason, "interrupted (context canceled) before it completed")
			last := rep.Checks[len(rep.Checks)-2] // every_operation_reached: never started
			assert.Equal(t, contracttest.Skipped, last.Status, last.Name)
			assert.Contains(t, last.SkipReason, "not run: the run was interrupted")
			cleaned := rep.Check("sandbox_cleaned_up")
			require.NotNil(t, cleaned)
			assert.False(t, cleaned.Interrupted, "sandbox_cleaned_up still runs after an interruption")
			assert.Empty(t, rep.Leftovers)
			for _, nr := range rep.Coverage.NotReached {
				assert.NotEmpty(t, nr.Reason, "%s not reached without a reason", nr.Operation)
			}
			assertNothingLeft(t, tg, s.Prefix, "/v1/topics")

			var summary strings.Builder
			rep.WriteSummary(&summary)
			assert.Contains(t, summary.String(), "INTERRUPTED: the run was stopped before it completed; "+tt.inFlight+" did not complete")
			assert.True(t, strings.HasSuffix(summary.String(), "\nINTERRUPTED\n"), summary.String())
			assert.NotContains(t, summary.String(), "context canceled\n")

			var js bytes.Buffer
			require.NoError(t, rep.WriteJSON(&js))
			var doc map[string]any
			require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
			assert.Equal(t, true, doc["interrupted"])

			var junit bytes.Buffer
			require.NoError(t, rep.WriteJUnit(&junit))
			assert.Contains(t, junit.String(), `<property name="interrupted" value="true"></property>`)
		})
	}
}

func TestSuite_InterruptedBeforeTheRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := suiteFor(newTarget(t, nil)).Run(ctx)
	require.Error(t, err)
	assert.Nil(t, rep)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

// assertNothingLeft lists a collection and fails if anything there carries the run prefix.
func assertNothingLeft(t *testing.T, tg target, prefix, path string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, tg.URL+path, nil)
	req.Header.Set("Authorization", "ApiKey "+tg.Dev)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.NotContains(t, string(body), prefix, "%s still lists the suite's resources", path)
}
