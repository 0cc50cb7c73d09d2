package contracttest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
)

// assertStopReport checks that a stopped run's report is one failed testcase, named name,
// saying why, in both report formats.
func assertStopReport(t *testing.T, rep *contracttest.Report, err error, name, why string) {
	t.Helper()
	require.Error(t, err)
	require.NotNil(t, rep, "a stopped run still has a report")
	require.Len(t, rep.Checks, 1, "one testcase, not a cascade")
	c := rep.Checks[0]
	assert.Equal(t, name, c.Name)
	assert.Equal(t, contracttest.Failed, c.Status)
	require.Len(t, c.Failures, 1)
	assert.Contains(t, c.Failures[0].Message, why)
	assert.Equal(t, err.Error(), c.Failures[0].Message)
	assert.False(t, rep.Passed())
	assert.Zero(t, rep.Coverage.OperationsReached, "no coverage claimed for a run that stopped")

	var js bytes.Buffer
	require.NoError(t, rep.WriteJSON(&js))
	var doc struct {
		Passed  bool
		Stopped string
		Counts  struct{ Checks, Passed, Failed, Skipped int }
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	assert.False(t, doc.Passed)
	assert.Contains(t, doc.Stopped, why)
	assert.Equal(t, 1, doc.Counts.Checks)
	assert.Equal(t, 1, doc.Counts.Failed)
	var junit bytes.Buffer
	require.NoError(t, rep.WriteJUnit(&junit))
	assert.Equal(t, 1, strings.Count(junit.String(), "<testcase "))
	assert.Contains(t, junit.String(), `<testcase name="`+name+`"`)
	assert.Contains(t, junit.String(), `failures="1"`)
}

func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestStop_ReportsWhyBeforeTheRun(t *testing.T) {
	tg := newTarget(t, nil)
	tests := []struct {
		name  string
		setup func(*contracttest.Suite)
		why   string
	}{
		{"Unreachable", func(s *contracttest.Suite) { s.Target = "http://" + closedPort(t) }, "unreachable"},
		{"RejectedKey", func(s *contracttest.Suite) { s.APIKey = "nvmk_dev_wrong" }, "rejected the API key: 401"},
		{"NotNovu", func(s *contracttest.Suite) { s.Target = tg.URL + "/api" }, "is this a Novu API base URL?"},
		{"BadMode", func(s *contracttest.Suite) { s.Mode = "yolo" }, `mode "yolo"`},
		{"OnlyMatchesNothing", func(s *contracttest.Suite) { s.Only = regexp.MustCompile("^nothing$") }, "no check matches --only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := suiteFor(tg)
			tt.setup(&s)
			rep, err := s.Run(context.Background())
			assertStopReport(t, rep, err, contracttest.StopPreflight, tt.why)
		})
	}
}

// dropAfter answers the first n requests, then closes every connection without an answer, as
// a target that crashed would; once only drops the (n+1)th request and answers the rest.
func dropAfter(n int64, once bool) func(http.Handler) http.Handler {
	var seen atomic.Int64
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			i := seen.Add(1)
			if i <= n || (once && i > n+1) {
				h.ServeHTTP(w, r)
				return
			}
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		})
	}
}

func TestStop_TargetLostMidRun(t *testing.T) {
	tg := newTarget(t, dropAfter(150, false))
	start := time.Now()
	rep, err := suiteFor(tg).Run(context.Background())
	assertStopReport(t, rep, err, contracttest.StopTargetLost, "stopped answering during")
	assert.Contains(t, err.Error(), "novumock contract cleanup --target "+tg.URL+" --prefix nvmk-")
	assert.Less(t, time.Since(start), 20*time.Second, "no request after the loss waits out a timeout")
}

// One dropped connection is that check's failure; the run goes on and completes.
func TestStop_OneDroppedConnectionIsNotALoss(t *testing.T) {
	tg := newTarget(t, dropAfter(150, true))
	rep, err := suiteFor(tg).Run(context.Background())
	require.NoError(t, err)
	assert.Greater(t, len(rep.Checks), 10)
	var failed []string
	for _, c := range rep.Checks {
		if c.Status == contracttest.Failed {
			failed = append(failed, c.Name)
		}
	}
	assert.NotEmpty(t, failed, "the dropped request is reported by the check that sent it")
	assert.LessOrEqual(t, len(failed), 3, "%v", failed)
}

func TestStop_WaitForTarget(t *testing.T) {
	addr := closedPort(t)
	tg := newTarget(t, nil) // for its keys and handler
	late := httptest.NewUnstartedServer(nil)
	srvTarget := tg
	srvTarget.URL = "http://" + addr
	s := suiteFor(srvTarget)
	s.Only = regexp.MustCompile(`^missing_auth_rejected$`)

	// Without waiting, the target that is not up yet stops the run.
	rep, err := s.Run(context.Background())
	assertStopReport(t, rep, err, contracttest.StopPreflight, "unreachable")

	// Waiting too briefly says so.
	s.WaitForTarget = 300 * time.Millisecond
	rep, err = s.Run(context.Background())
	assertStopReport(t, rep, err, contracttest.StopPreflight, "did not answer within --wait-for-target 300ms")

	// The target comes up while the suite waits.
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	ln.Close()
	go func() {
		time.Sleep(700 * time.Millisecond)
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return
		}
		late.Listener = l
		late.Config.Handler = tg.srv.Handler()
		late.Start()
	}()
	t.Cleanup(late.Close)
	s.WaitForTarget = 20 * time.Second
	rep, err = s.Run(context.Background())
	require.NoError(t, err)
	assert.True(t, rep.Passed(), "%v", rep.Failures())
}

// redirect sends every request to the fake whatever host it names, so a test can point the
// suite at a non-loopback URL without leaving the machine; it counts what it sends.
type redirect struct {
	to *url.URL
	n  atomic.Int64
}

func (r *redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	r.n.Add(1)
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host = r.to.Scheme, r.to.Host
	return http.DefaultTransport.RoundTrip(out)
}

func remoteSuite(t *testing.T, tg target) (contracttest.Suite, *redirect) {
	u, err := url.Parse(tg.URL)
	require.NoError(t, err)
	rd := &redirect{to: u}
	s := suiteFor(tg)
	s.Target, s.Transport = "https://novu.example.test", rd
	return s, rd
}

func TestDisposable_NeedsConfirmationAwayFromLoopback(t *testing.T) {
	tg := newTarget(t, nil)
	s, rd := remoteSuite(t, tg)
	s.Mode = contracttest.ModeDisposable
	s.Only = regexp.MustCompile(`^organization_settings$`)
	rep, err := s.Run(context.Background())
	assertStopReport(t, rep, err, contracttest.StopPreflight, "--i-understand-this-destroys-data")
	assert.Zero(t, rd.n.Load(), "refused before the first request")

	s.ConfirmDestroysData = true
	rep, err = s.Run(context.Background())
	require.NoError(t, err)
	assert.True(t, rep.Passed(), "%v", rep.Failures())
	assert.NotZero(t, rd.n.Load())

	// On loopback no confirmation is asked (TestSuite_Disposable* run that way).
	s = suiteFor(tg)
	s.Mode, s.Only = contracttest.ModeDisposable, regexp.MustCompile(`^organization_settings$`)
	_, err = s.Run(context.Background())
	require.NoError(t, err)
}

func TestRateLimit_ExhaustionDefaults(t *testing.T) {
	tg := newTarget(t, nil)
	only := regexp.MustCompile(`^(throttled_with_retry_after|missing_auth_rejected)$`)
	exhaust := func(b bool) *bool { return &b }
	tests := []struct {
		name    string
		remote  bool
		exhaust *bool
		mode    contracttest.Mode
		want    contracttest.Status // "" means not listed
	}{
		{"loopback default", false, nil, "", contracttest.Passed},
		{"loopback turned off", false, exhaust(false), "", ""},
		{"remote default", true, nil, "", ""},
		{"remote turned on", true, exhaust(true), "", contracttest.Passed},
		{"loopback read-only default", false, nil, contracttest.ModeReadOnly, ""},
		{"read-only turned on", false, exhaust(true), contracttest.ModeReadOnly, contracttest.Skipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := suiteFor(tg)
			if tt.remote {
				s, _ = remoteSuite(t, tg)
			}
			s.ExhaustRateLimit, s.Mode = tt.exhaust, tt.mode
			if tt.mode == contracttest.ModeReadOnly {
				s.APIKey, s.ProdAPIKey = tg.Prod, ""
			}
			// Only would select the opt-in check by name, so Skip keeps the rest of the run short.
			s.Skip = regexp.MustCompile(`^(?:` + strings.Join(otherChecks(only), "|") + `)$`)
			rep, err := s.Run(context.Background())
			require.NoError(t, err)
			c := rep.Check("throttled_with_retry_after")
			if tt.want == "" {
				assert.Nil(t, c)
				return
			}
			require.NotNil(t, c)
			assert.Equal(t, tt.want, c.Status, "%v %s", c.Failures, c.SkipReason)
		})
	}
}

// otherChecks names every check only does not match.
func otherChecks(only *regexp.Regexp) []string {
	var out []string
	for _, c := range contracttest.Checks() {
		if !only.MatchString(c.Name) {
			out = append(out, regexp.QuoteMeta(c.Name))
		}
	}
	return out
}
