package contracttest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
)

type jsonReport struct {
	FormatVersion int                       `json:"formatVersion"`
	Passed        *bool                     `json:"passed"`
	Interrupted   *bool                     `json:"interrupted"`
	Counts        *contracttest.CheckCounts `json:"counts"`
	Target        string                    `json:"target"`
	Mode          string                    `json:"mode"`
	Requests      int                       `json:"requests"`
	Checks        []struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	} `json:"checks"`
	Coverage map[string]any `json:"coverage"`
}

type junitReport struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Cases    []struct {
			Name    string    `xml:"name,attr"`
			Failure *struct{} `xml:"failure"`
			Skipped *struct{} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// The JSON report opens with a summary (formatVersion, passed, counts) whose numbers agree
// with the checks it lists and with the JUnit report of the same run.
func TestReport_SummaryAgrees(t *testing.T) {
	tests := []struct {
		name        string
		mode        contracttest.Mode
		wrap        func(http.Handler) http.Handler
		interrupt   bool
		wantPassed  bool
		wantFailed  bool
		wantSkipped bool
	}{
		{name: "Passing", wantPassed: true},
		{name: "ReadOnly", mode: contracttest.ModeReadOnly, wantPassed: true, wantSkipped: true},
		{name: "Failing", wrap: faults()["ratelimit_headers_present"].wrap, wantFailed: true},
		{name: "Interrupted", interrupt: true, wantSkipped: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			wrap := tt.wrap
			if tt.interrupt {
				var once sync.Once
				wrap = func(h http.Handler) http.Handler {
					return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						if r.Header.Get("Authorization") == "" {
							once.Do(cancel) // the first auth probe
						}
						h.ServeHTTP(w, r)
					})
				}
			}
			s := suiteFor(newTarget(t, wrap))
			s.Mode = tt.mode
			rep, err := s.Run(ctx)
			require.NoError(t, err)

			var js bytes.Buffer
			require.NoError(t, rep.WriteJSON(&js))
			var doc jsonReport
			require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
			var ju bytes.Buffer
			require.NoError(t, rep.WriteJUnit(&ju))
			var junit junitReport
			require.NoError(t, xml.Unmarshal(ju.Bytes(), &junit))
			require.Len(t, junit.Suites, 1)

			assert.Equal(t, contracttest.JSONFormatVersion, doc.FormatVersion)
			assert.Equal(t, 1, doc.FormatVersion)
			require.NotNil(t, doc.Passed)
			assert.Equal(t, tt.wantPassed, *doc.Passed)
			assert.Equal(t, rep.Passed(), *doc.Passed)
			require.NotNil(t, doc.Interrupted)
			assert.Equal(t, tt.interrupt, *doc.Interrupted)
			assert.NotEmpty(t, doc.Target)
			assert.NotZero(t, doc.Requests)
			assert.NotEmpty(t, doc.Coverage)
			require.NotNil(t, doc.Counts)

			counts := map[string]int{}
			for _, c := range doc.Checks {
				counts[c.Status]++
			}
			var failures, skips int
			for _, c := range junit.Suites[0].Cases {
				if c.Failure != nil {
					failures++
				}
				if c.Skipped != nil {
					skips++
				}
			}
			n := doc.Counts
			assert.Equal(t, len(doc.Checks), n.Checks)
			assert.Equal(t, n.Checks, n.Passed+n.Failed+n.Skipped)
			assert.Equal(t, counts["passed"], n.Passed)
			assert.Equal(t, counts["failed"], n.Failed)
			assert.Equal(t, counts["skipped"], n.Skipped)
			assert.Equal(t, tt.wantFailed, n.Failed > 0)
			assert.Equal(t, tt.wantSkipped, n.Skipped > 0)
			for _, got := range [][3]int{
				{junit.Tests, junit.Failures, junit.Skipped},
				{junit.Suites[0].Tests, junit.Suites[0].Failures, junit.Suites[0].Skipped},
				{len(junit.Suites[0].Cases), failures, skips},
			} {
				assert.Equal(t, [3]int{n.Checks, n.Failed, n.Skipped}, got, "JUnit tests, failures, skipped")
			}
		})
	}
}
