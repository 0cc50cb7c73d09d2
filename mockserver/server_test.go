package mockserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/mockserver"
)

// testClock is the injected clock every test fake runs on: it only moves when told to.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// fake is one fake per test, with its URL, keys and clients.
type fake struct {
	t      testing.TB
	srv    *mockserver.Server
	URL    string
	clock  *testClock
	Dev    *gen.ClientWithResponses // authenticated with the Development key
	Prod   *gen.ClientWithResponses // authenticated with the Production key
	DevKey string
}

// mustNewServer starts a fake on an httptest server with an injected clock and the response
// self-check on: any answer that breaks openapi.yaml fails the test.
// selfHosted starts the fake as a self-hosted Novu: a new organization has only its in-app
// integration, so the first active e-mail or SMS integration a test creates becomes primary.
func selfHosted(o *mockserver.Options) { o.SelfHosted = true }

func mustNewServer(t testing.TB, opts ...func(*mockserver.Options)) *fake {
	t.Helper()
	clk := &testClock{now: time.Date(2024, 10, 24, 12, 0, 0, 0, time.UTC)}
	o := mockserver.Options{
		Now:               clk.Now,
		ValidateResponses: true,
		OnResponseViolation: func(method, path string, status int, err error) {
			t.Errorf("response breaks the spec: %s %s -> %d: %v", method, path, status, err)
		},
	}
	for _, f := range opts {
		f(&o)
	}
	srv, err := mockserver.New(o)
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	f := &fake{t: t, srv: srv, URL: ts.URL, clock: clk, DevKey: srv.DevAPIKey()}
	f.Dev = f.client(srv.DevAPIKey())
	f.Prod = f.client(srv.ProdAPIKey())
	return f
}

// client is a generated client that sends "Authorization: ApiKey <key>".
func (f *fake) client(key string) *gen.ClientWithResponses {
	c, err := gen.NewClientWithResponses(f.URL, gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "ApiKey "+key)
		return nil
	}))
	require.NoError(f.t, err)
	return c
}

// advance moves the fake's clock (rate-limit refills, delays, idempotency expiry).
func (f *fake) advance(d time.Duration) { f.srv.Advance(d) }

// rawResponse is a decoded answer to a raw request.
type rawResponse struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// do sends a raw request, for input the generated client cannot produce. auth is the whole
// Authorization header ("" for none).
func (f *fake) do(method, path, auth, body string, headers ...string) rawResponse {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.URL+path, rd)
	require.NoError(f.t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(f.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(f.t, err)
	out := rawResponse{Status: res.StatusCode, Header: res.Header, Raw: string(raw)}
	_ = json.Unmarshal(raw, &out.Body)
	return out
}

// dev sends a raw request with the Development key.
func (f *fake) dev(method, path, body string, headers ...string) rawResponse {
	f.t.Helper()
	return f.do(method, path, "ApiKey "+f.DevKey, body, headers...)
}

// expectAnswer asserts a raw answer's status and, when message is not empty, Novu's message.
func expectAnswer(t *testing.T, res rawResponse, status int, message string) {
	t.Helper()
	require.Equal(t, status, res.Status, res.Raw)
	if message != "" {
		assert.Equal(t, message, res.Body["message"])
	}
}

// ptr returns a pointer to v, for the generated request types' optional fields.
func ptr[T any](v T) *T { return &v }

// page is what one list answer should hold: the ids (by idField) of its items, in order, and its
// envelope. Novu has two paging styles: hasMore (subscribers, tenants) or totalCount (topics,
// layouts); the other field must be absent.
type page struct {
	ids            []string
	page, pageSize float64
	hasMore        *bool
	totalCount     *float64
}

func assertPage(t *testing.T, r rawResponse, idField string, want page) {
	t.Helper()
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	var ids []string
	for _, d := range r.Body["data"].([]any) {
		ids = append(ids, d.(map[string]any)[idField].(string))
	}
	assert.Equal(t, want.ids, ids)
	assert.Equal(t, want.page, r.Body["page"])
	assert.Equal(t, want.pageSize, r.Body["pageSize"])
	if want.hasMore != nil {
		assert.Equal(t, *want.hasMore, r.Body["hasMore"])
		assert.NotContains(t, r.Body, "totalCount")
	}
	if want.totalCount != nil {
		assert.Equal(t, *want.totalCount, r.Body["totalCount"])
		assert.NotContains(t, r.Body, "hasMore")
	}
}

// ids is prefix00, prefix01, ... from start, n of them (the names the pagination tests create).
func ids(prefix string, start, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%02d", prefix, start+i)
	}
	return out
}
