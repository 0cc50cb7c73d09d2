package mockserver_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen/controlapi"
)

// addFaults sends PUT /_novumock/faults and answers the rules listed afterwards.
func (f *fake) addFaults(rules string) []controlapi.FaultRule {
	f.t.Helper()
	res := f.do(http.MethodPut, "/_novumock/faults", "", rules)
	require.Equal(f.t, http.StatusOK, res.Status, res.Raw)
	var out []controlapi.FaultRule
	require.NoError(f.t, json.Unmarshal([]byte(res.Raw), &out))
	return out
}

func (f *fake) faultList() []controlapi.FaultRule {
	f.t.Helper()
	res := f.do(http.MethodGet, "/_novumock/faults", "", "")
	require.Equal(f.t, http.StatusOK, res.Status, res.Raw)
	var out []controlapi.FaultRule
	require.NoError(f.t, json.Unmarshal([]byte(res.Raw), &out))
	return out
}

func TestFaults_StatusForNextN(t *testing.T) {
	f := mustNewServer(t)
	rules := f.addFaults(`[{"id":"subs-down","operationId":"CreateSubscriber","status":503,"times":1}]`)
	require.Len(t, rules, 1)
	assert.Equal(t, 1, *rules[0].Remaining)

	res := f.dev(http.MethodPost, "/v1/subscribers", `{"subscriberId":"user-1"}`)
	expectAnswer(t, res, http.StatusServiceUnavailable, "Service Unavailable")
	assert.Equal(t, "Service Unavailable", res.Body["error"])
	assert.Equal(t, "/v1/subscribers", res.Body["path"])
	expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers/user-1", ""), http.StatusNotFound, "")

	expectAnswer(t, f.dev(http.MethodPost, "/v1/subscribers", `{"subscriberId":"user-1"}`), http.StatusCreated, "")
	got := f.faultList()[0]
	assert.Equal(t, 1, got.Hits)
	assert.Equal(t, 0, *got.Remaining)

	page := f.requests("operationId=CreateSubscriber")
	require.Equal(t, 2, page.TotalCount)
	assert.Equal(t, "subs-down", page.Data[1].Fault)
	assert.Equal(t, 503, page.Data[1].Status)
}

func TestFaults_Matching(t *testing.T) {
	f := mustNewServer(t)
	f.addFaults(`[{"method":"GET","path":"/v1/subscribers/*","status":500,"message":"boom"},
		{"operationId":"ListIntegrations","apiKey":"` + f.srv.ProdAPIKey() + `","status":429}]`)
	expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers/x", ""), 500, "boom")
	expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers", ""), 200, "")      // pattern is one segment deeper
	expectAnswer(t, f.dev(http.MethodDelete, "/v1/subscribers/x", ""), 404, "") // other method
	expectAnswer(t, f.dev(http.MethodGet, "/v1/integrations", ""), 200, "")     // other key
	res := f.do(http.MethodGet, "/v1/integrations", "ApiKey "+f.srv.ProdAPIKey(), "")
	expectAnswer(t, res, 429, "Too Many Requests")
	assert.Empty(t, res.Header.Get("RateLimit-Remaining"), "a fault comes before the rate limiter")
	expectAnswer(t, f.do(http.MethodGet, "/_novumock/keys", "", ""), 200, "") // never the control API

	orgID := f.requests("limit=1").Data[0].OrganizationId
	require.NotEmpty(t, orgID)
	f.do(http.MethodDelete, "/_novumock/faults", "", "")
	f.addFaults(`[{"path":"/v1/topics","organizationId":"` + orgID + `","status":502}]`)
	expectAnswer(t, f.dev(http.MethodGet, "/v1/topics", ""), 502, "")
	f.do(http.MethodDelete, "/_novumock/faults", "", "")
	f.addFaults(`[{"path":"/v1/topics","organizationId":"someone-else","status":502}]`)
	expectAnswer(t, f.dev(http.MethodGet, "/v1/topics", ""), 200, "")
}

func TestFaults_LatencyAndDrop(t *testing.T) {
	f := mustNewServer(t)
	f.addFaults(`[{"operationId":"ListTopics","latency":"60ms"},{"operationId":"ListTenants","drop":true}]`)
	start := time.Now()
	expectAnswer(t, f.dev(http.MethodGet, "/v1/topics", ""), 200, "")
	assert.GreaterOrEqual(t, time.Since(start), 60*time.Millisecond)

	req, _ := http.NewRequest(http.MethodGet, f.URL+"/v1/tenants", nil)
	req.Header.Set("Authorization", "ApiKey "+f.DevKey)
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		res.Body.Close()
	}
	require.Error(t, err, "the connection is closed without an answer")
	entry := f.requests("operationId=ListTenants").Data[0]
	assert.Equal(t, 0, entry.Status)
	assert.Nil(t, entry.ResponseBody)
}

func TestFaults_Probability(t *testing.T) {
	f := mustNewServer(t)
	f.addFaults(`[{"operationId":"ListTopics","status":500,"probability":0.3}]`)
	failed := 0
	for range 200 {
		if f.dev(http.MethodGet, "/v1/topics", "").Status == 500 {
			failed++
		}
	}
	assert.InDelta(t, 60, failed, 30)
	assert.Equal(t, failed, f.faultList()[0].Hits)
}

func TestFaults_PreferHeader(t *testing.T) {
	f := mustNewServer(t)
	res := f.dev(http.MethodPost, "/v1/subscribers", `{"subscriberId":"p-1"}`, "Prefer", "code=503")
	expectAnswer(t, res, 503, "Service Unavailable")
	expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers/p-1", ""), 404, "")
	assert.Equal(t, "Prefer: code=503", f.requests("operationId=CreateSubscriber").Data[0].Fault)
	expectAnswer(t, f.dev(http.MethodGet, "/v1/topics", "", "Prefer", "code=200"), 400, "")
	expectAnswer(t, f.dev(http.MethodGet, "/v1/topics", "", "Prefer", "respond-async"), 200, "")
}

// Prefer: example= answers one of the operation's documented error responses with the spec's
// example message, alone or with a code that agrees.
func TestFaults_PreferExample(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		name, method, path, body, prefer string
		status                           int
		message                          any // string, []any, or nil for none
		reason                           string
	}{
		{"not found", http.MethodGet, "/v1/subscribers/ada", "", "example=NotFound", 404, "Subscriber not found for id user-4821", "Not Found"},
		{"any case, with the code", http.MethodGet, "/v1/subscribers/ada", "", `code=404, example="notfound"`, 404, "Subscriber not found for id user-4821", "Not Found"},
		{"workflow not found", http.MethodPost, "/v1/events/trigger", `{"name":"w","to":"ada"}`, "example=UnprocessableEntity", 422, "workflow_not_found", "Unprocessable Entity"},
		{"validation list", http.MethodPost, "/v1/topics", `{"key":"k","name":"n"}`, "example=BadRequest", 400,
			[]any{"key should not be null or undefined", "key must be a string"}, "Bad Request"},
		{"rate limited, without a reason as Novu", http.MethodPost, "/v1/subscribers", `{"subscriberId":"p-2"}`, "example=TooManyRequests", 429, "API rate limit exceeded", ""},
		{"not documented for the operation", http.MethodGet, "/v1/topics", "", "example=UnprocessableEntity", 400, nil, "Bad Request"},
		{"a success", http.MethodGet, "/v1/topics", "", "example=TopicPageOK", 400, nil, "Bad Request"},
		{"code and example disagree", http.MethodGet, "/v1/subscribers/ada", "", "code=503, example=NotFound", 400, nil, "Bad Request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev(tt.method, tt.path, tt.body, "Prefer", tt.prefer)
			require.Equal(t, tt.status, res.Status, res.Raw)
			if tt.message != nil {
				assert.Equal(t, tt.message, res.Body["message"])
			}
			if tt.reason == "" {
				assert.NotContains(t, res.Body, "error")
			} else {
				assert.Equal(t, tt.reason, res.Body["error"])
			}
			assert.Equal(t, tt.path, res.Body["path"], "the request's own path, not the example's")
		})
	}
	assert.Equal(t, "Prefer: example=NotFound", f.requests("operationId=GetSubscriber&status=404").Data[0].Fault)
	expectAnswer(t, f.dev(http.MethodGet, "/v1/subscribers/p-2", ""), 404, "") // the faulted create wrote nothing
}

func TestFaults_Refused(t *testing.T) {
	f := mustNewServer(t)
	for _, body := range []string{
		`{}`, `[{}]`, `[{"operationId":"NoSuchThing","status":500}]`, `[{"operationId":"ListTopics"}]`,
		`[{"operationId":"ListTopics","status":200}]`, `[{"operationId":"ListTopics","latency":"soon"}]`,
		`[{"operationId":"ListTopics","latency":"2h"}]`, `[{"operationId":"ListTopics","probability":1.5,"status":500}]`,
		`[{"path":"[","status":500}]`, `[{"operationId":"ListTopics","drop":true,"status":500}]`,
		`[{"id":"a","path":"/x","status":500},{"id":"a","path":"/y","status":500}]`,
	} {
		res := f.do(http.MethodPut, "/_novumock/faults", "", body)
		assert.Equal(t, http.StatusBadRequest, res.Status, body)
	}
	assert.Empty(t, f.faultList(), "a refused list adds nothing")
	f.addFaults(`[{"id":"a","path":"/x","status":500}]`)
	assert.Equal(t, 204, f.do(http.MethodDelete, "/_novumock/faults/a", "", "").Status)
	assert.Equal(t, 404, f.do(http.MethodDelete, "/_novumock/faults/a", "", "").Status)
}

// Rules are added, fired and listed from several goroutines at once, for the race detector.
func TestFaults_Concurrent(t *testing.T) {
	f := mustNewServer(t)
	f.addFaults(`[{"operationId":"ListTopics","status":500,"times":20}]`)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if f.dev(http.MethodGet, "/v1/topics", "").Status == 500 {
					mu.Lock()
					failed++
					mu.Unlock()
				}
				f.faultList()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 20, failed, "exactly times requests fail")
	assert.True(t, strings.HasPrefix(f.faultList()[0].Id, "fault-"))
}

// TestFaults_FaultedWriteChangesNothing sends each kind of write under each kind of fault and
// compares everything the fake keeps (the state document, the trigger log, the outbox) before
// and after; then the same write, with the same Idempotency-Key, goes through once the fault
// is gone, so the faulted attempt was not recorded as that key's answer either.
func TestFaults_FaultedWriteChangesNothing(t *testing.T) {
	writes := []struct {
		name, method, path, opID, body string
		status                         int
	}{
		{"create subscriber", http.MethodPost, "/v1/subscribers", "CreateSubscriber", `{"subscriberId":"new-one"}`, 201},
		{"update subscriber", http.MethodPut, "/v1/subscribers/ada", "UpdateSubscriber", `{"firstName":"Augusta"}`, 200},
		{"delete subscriber", http.MethodDelete, "/v1/subscribers/ada", "DeleteSubscriber", "", 200},
		{"rename topic", http.MethodPatch, "/v1/topics/beta", "RenameTopic", `{"name":"Renamed"}`, 200},
		{"trigger", http.MethodPost, "/v1/events/trigger", "TriggerEvent", `{"name":"WORKFLOW","to":"ada","payload":{"orderNumber":"A-1"}}`, 201},
	}
	faults := []struct {
		name, rule string // rule: a fault rule with OPID for the operation, or "" for the Prefer header
		status     int    // 0: the connection is dropped
	}{
		{"status", `{"operationId":"OPID","status":503}`, 503},
		{"latency then status", `{"operationId":"OPID","status":500,"latency":"20ms"}`, 500},
		{"drop", `{"operationId":"OPID","drop":true}`, 0},
		{"Prefer: code=", "", 429},
	}
	for _, w := range writes {
		for _, fl := range faults {
			t.Run(w.name+"/"+fl.name, func(t *testing.T) {
				k := newKit(t)
				k.subscriber("ada", obj{"email": "ada@example.com"})
				k.must(201, http.MethodPost, "/v1/topics", obj{"key": "beta", "name": "Beta"})
				k.must(200, http.MethodPost, "/v1/topics/beta/subscribers", obj{"subscribers": []string{"ada"}})
				name, _ := k.workflow("Order shipped", nil, inAppTpl("Order {{orderNumber}}"))
				body := strings.ReplaceAll(w.body, "WORKFLOW", name)
				snapshot := func() string {
					return k.f.exportState("") + "\n" + k.f.do(http.MethodGet, "/_novumock/triggers", "", "").Raw +
						"\n" + k.f.do(http.MethodGet, "/_novumock/outbox", "", "").Raw
				}
				before := snapshot()

				headers := []string{"Idempotency-Key", "write-1"}
				if fl.rule == "" {
					headers = append(headers, "Prefer", "code="+strconv.Itoa(fl.status))
				} else {
					k.f.addFaults("[" + strings.ReplaceAll(fl.rule, "OPID", w.opID) + "]")
				}
				status, err := rawStatus(k.f.URL+w.path, w.method, k.auth, body, headers...)
				if fl.status == 0 {
					require.Error(t, err, "the connection is dropped")
				} else {
					require.NoError(t, err)
					assert.Equal(t, fl.status, status)
				}
				assert.Equal(t, before, snapshot(), "a faulted write changes nothing")

				k.f.do(http.MethodDelete, "/_novumock/faults", "", "")
				res := k.f.do(w.method, w.path, k.auth, body, "Idempotency-Key", "write-1")
				require.Equal(t, w.status, res.Status, res.Raw)
				assert.Empty(t, res.Header.Get("Idempotency-Replay"), "the faulted attempt was not kept for its key")
				assert.NotEqual(t, before, snapshot(), "the same write applies once the fault is gone")
			})
		}
	}
}

// rawStatus sends one request and answers its status, or the error of a connection closed
// without an answer.
func rawStatus(url, method, auth, body string, headers ...string) (int, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", auth)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}
