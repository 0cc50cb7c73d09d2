package contracttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// exchangeChecks run over every request the other checks sent (Schemathesis' per-response
// checks): whatever a flow was testing, each answer must also be a well-formed Novu answer.
func exchangeChecks() []Check {
	return []Check{
		{Name: "status_documented", Kind: KindExchange, exchange: checkStatusDocumented,
			Doc: "every status code is one the spec documents for that operation"},
		{Name: "no_server_error", Kind: KindExchange, exchange: checkNoServerError,
			Doc: "no request, however bad, gets a 5xx"},
		{Name: "content_type_documented", Kind: KindExchange, exchange: checkContentType,
			Doc: "bodies carry a documented content type; bodiless statuses have no body"},
		{Name: "response_schema", Kind: KindExchange, exchange: checkResponseSchema,
			Doc: "the body and headers validate against the spec (openapi3filter.ValidateResponse)"},
		{Name: "success_wrapped_in_data", Kind: KindExchange, exchange: checkSuccessWrapped,
			Doc: "2xx JSON bodies are objects with a data member (Novu's envelope)"},
		{Name: "error_body_shape", Kind: KindExchange, exchange: checkErrorBodyShape,
			Doc: "errors are {statusCode, message, ...} with statusCode equal to the HTTP status, never wrapped in data"},
		{Name: "ratelimit_headers_present", Kind: KindExchange, Feature: FeatureRateLimiting, exchange: checkRateLimitHeaders,
			Doc: "every answer to an API-key call (except 401) carries RateLimit-Limit/Remaining/Reset/Policy; a 429 also Retry-After"},
		{Name: "ratelimit_policy_well_formed", Kind: KindExchange, Feature: FeatureRateLimiting, exchange: checkRateLimitPolicy,
			Doc: "RateLimit-Policy has Novu's seven parts and agrees with RateLimit-Limit, the operation's category and cost"},
		{Name: "unauthorized_has_no_ratelimit_headers", Kind: KindExchange, exchange: checkUnauthorizedNoRateLimit,
			Doc: "a 401 never carries RateLimit headers (auth runs before rate limiting)"},
	}
}

// opOf returns the operation an exchange was sent to, or nil when it failed on the wire or
// named no operation.
func opOf(t *T, ex *Exchange) *specOp {
	if ex.Err != "" && ex.Status == 0 || ex.Operation == "" {
		return nil
	}
	return t.r.spec.ops[ex.Operation]
}

func exFail(t *T, ex *Exchange, msg, expected, actual string) {
	t.fail(Failure{Operation: ex.Operation, Message: fmt.Sprintf("%s %s: %s", ex.Method, pathOf(ex), msg),
		Expected: expected, Actual: actual})
}

func pathOf(ex *Exchange) string {
	if i := strings.Index(ex.URL, "/v1/"); i >= 0 {
		return ex.URL[i:]
	}
	return ex.URL
}

func checkStatusDocumented(t *T, ex *Exchange) {
	op := opOf(t, ex)
	if op == nil || op.documents(ex.Status) {
		return
	}
	exFail(t, ex, "status not documented for this operation", "one of "+fmt.Sprint(op.Statuses),
		fmt.Sprintf("%d %s", ex.Status, snippet(ex.ResponseBody)))
}

func checkNoServerError(t *T, ex *Exchange) {
	if op := opOf(t, ex); op != nil && ex.Status >= 500 {
		exFail(t, ex, "server error", "a 2xx or documented 4xx", fmt.Sprintf("%d %s", ex.Status, snippet(ex.ResponseBody)))
	}
}

func mediaType(h http.Header) string {
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	return mt
}

func checkContentType(t *T, ex *Exchange) {
	op := opOf(t, ex)
	if op == nil || !op.documents(ex.Status) {
		return
	}
	resp := op.Op.Responses.Status(ex.Status)
	if resp == nil || resp.Value == nil {
		return
	}
	content := resp.Value.Content
	if len(content) == 0 {
		if len(bytes.TrimSpace(ex.ResponseBody)) > 0 {
			exFail(t, ex, "documented without a body", "an empty body", snippet(ex.ResponseBody))
		}
		return
	}
	mt := mediaType(ex.ResponseHeader)
	if content.Get(mt) == nil {
		var docs []string
		for k := range content {
			docs = append(docs, k)
		}
		exFail(t, ex, "undocumented Content-Type", fmt.Sprint(docs), strconv.Quote(ex.ResponseHeader.Get("Content-Type")))
	}
}

var responseOptions = &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}

func checkResponseSchema(t *T, ex *Exchange) {
	op := opOf(t, ex)
	if op == nil || !op.documents(ex.Status) {
		return // status_documented reports it
	}
	req, err := http.NewRequest(ex.Method, ex.URL, nil)
	if err != nil {
		return
	}
	err = openapi3filter.ValidateResponse(t.ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: op.Route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: ex.Status, Header: ex.ResponseHeader,
		Body:    io.NopCloser(bytes.NewReader(ex.ResponseBody)),
		Options: responseOptions,
	})
	if err != nil {
		exFail(t, ex, fmt.Sprintf("response %d breaks the schema", ex.Status), "a body valid against the spec",
			schemaError(err))
	}
}

// schemaError condenses kin-openapi's multi-line errors to one line per violation.
func schemaError(err error) string {
	lines := strings.Split(err.Error(), "\n")
	var keep []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "Schema:") || strings.HasPrefix(l, "Value:") || strings.HasPrefix(l, "{") || strings.HasPrefix(l, "}") || strings.HasPrefix(l, "\"") {
			continue
		}
		keep = append(keep, l)
		if len(keep) == 6 {
			break
		}
	}
	return strings.Join(keep, " | ")
}

func decodeJSON(ex *Exchange) (any, bool) {
	if len(bytes.TrimSpace(ex.ResponseBody)) == 0 || !strings.Contains(mediaType(ex.ResponseHeader), "json") {
		return nil, false
	}
	var v any
	if json.Unmarshal(ex.ResponseBody, &v) != nil {
		return nil, false
	}
	return v, true
}

func checkSuccessWrapped(t *T, ex *Exchange) {
	op := opOf(t, ex)
	if op == nil || !op.Secured || ex.Status < 200 || ex.Status >= 300 {
		return
	}
	v, ok := decodeJSON(ex)
	if !ok {
		return
	}
	if m, isObj := v.(map[string]any); isObj {
		if _, has := m["data"]; has {
			return
		}
	}
	exFail(t, ex, "success body not wrapped in data", `{"data": ...}`, snippet(ex.ResponseBody))
}

func checkErrorBodyShape(t *T, ex *Exchange) {
	op := opOf(t, ex)
	if op == nil || ex.Status < 400 {
		return
	}
	v, ok := decodeJSON(ex)
	m, isObj := v.(map[string]any)
	if !ok || !isObj {
		exFail(t, ex, "error body is not a JSON object", `{"statusCode":..,"message":..}`, snippet(ex.ResponseBody))
		return
	}
	if n, _ := m["statusCode"].(float64); int(n) != ex.Status {
		exFail(t, ex, "statusCode does not repeat the HTTP status", strconv.Itoa(ex.Status), show(m["statusCode"]))
	}
	switch m["message"].(type) {
	case string, []any, map[string]any:
	default:
		exFail(t, ex, "message missing or of the wrong type", "a string, list of strings or object", show(m["message"]))
	}
	if _, has := m["data"]; has {
		exFail(t, ex, "error wrapped in data", "no data member on errors", snippet(ex.ResponseBody))
	}
}

var rateLimitHeaders = []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"}

// apiKeyAnswer is the operation of an answer the rate limiter saw (a secured operation, a
// configured key, an answer that is not a 401), or nil for any other answer.
func apiKeyAnswer(t *T, ex *Exchange) *specOp {
	op := opOf(t, ex)
	if op == nil || !op.Secured || !ex.validKey || ex.Status == http.StatusUnauthorized || ex.Status == 0 {
		return nil
	}
	return op
}

func checkRateLimitHeaders(t *T, ex *Exchange) {
	if apiKeyAnswer(t, ex) == nil {
		return
	}
	for _, h := range rateLimitHeaders {
		v := ex.ResponseHeader.Get(h)
		if v == "" {
			exFail(t, ex, "missing "+h, "header present", "absent")
			continue
		}
		if h == "RateLimit-Policy" {
			continue
		}
		if n, err := strconv.Atoi(v); err != nil || n < 0 {
			exFail(t, ex, h+" is not a non-negative integer", "an integer ≥ 0", strconv.Quote(v))
		}
	}
	if ex.Status == http.StatusTooManyRequests {
		ra, reset := ex.ResponseHeader.Get("Retry-After"), ex.ResponseHeader.Get("RateLimit-Reset")
		if ra == "" || ra != reset {
			exFail(t, ex, "429 without a Retry-After equal to RateLimit-Reset", strconv.Quote(reset), strconv.Quote(ra))
		}
	}
}

// policyPattern is the shape of Novu's RateLimit-Policy (facts §4.5); its numbers and names
// are checked against the spec's x-novu-rate-limits.
var policyPattern = regexp.MustCompile(`^(\d+);w=(\d+);burst=(\d+);comment="token bucket";category="([a-z]+)";cost="([a-z]+)";serviceLevel="([a-z]+)"$`)

func checkRateLimitPolicy(t *T, ex *Exchange) {
	op := apiKeyAnswer(t, ex)
	if op == nil {
		return
	}
	p := ex.ResponseHeader.Get("RateLimit-Policy")
	if p == "" {
		return // ratelimit_headers_present reports it
	}
	m := policyPattern.FindStringSubmatch(p)
	if m == nil {
		exFail(t, ex, "malformed RateLimit-Policy", `<limit>;w=<s>;burst=<n>;comment="token bucket";category="..";cost="..";serviceLevel=".."`, strconv.Quote(p))
		return
	}
	if l := ex.ResponseHeader.Get("RateLimit-Limit"); l != "" && l != m[1] {
		exFail(t, ex, "RateLimit-Policy limit differs from RateLimit-Limit", l, m[1])
	}
	if m[4] != op.RateLimit.Category || m[5] != op.RateLimit.Cost {
		exFail(t, ex, "RateLimit-Policy names the wrong bucket", fmt.Sprintf("category=%q cost=%q", op.RateLimit.Category, op.RateLimit.Cost),
			fmt.Sprintf("category=%q cost=%q", m[4], m[5]))
	}
	// A level the spec lists must have the spec's numbers; Novu also sells custom levels, whose
	// numbers only the deployment knows.
	rates := t.r.spec.rates
	if limit, burst, ok := rates.Bucket(m[6], m[4]); ok {
		want := fmt.Sprintf("%d;w=%d;burst=%d", limit, rates.WindowSeconds, burst)
		if got := m[1] + ";w=" + m[2] + ";burst=" + m[3]; got != want {
			exFail(t, ex, "RateLimit-Policy numbers differ from the "+m[6]+" level in x-novu-rate-limits", want, got)
		}
	} else if _, known := rates.Levels[m[6]]; !known && m[6] != "custom" {
		exFail(t, ex, "RateLimit-Policy names an unknown service level", "a level of x-novu-rate-limits, or custom", m[6])
	}
	burst, _ := strconv.Atoi(m[3])
	if rem, err := strconv.Atoi(ex.ResponseHeader.Get("RateLimit-Remaining")); err == nil && rem > burst {
		exFail(t, ex, "RateLimit-Remaining above the burst", "≤ "+m[3], strconv.Itoa(rem))
	}
}

func checkUnauthorizedNoRateLimit(t *T, ex *Exchange) {
	if opOf(t, ex) == nil || ex.Status != http.StatusUnauthorized {
		return
	}
	for _, h := range rateLimitHeaders {
		if v := ex.ResponseHeader.Get(h); v != "" {
			exFail(t, ex, "401 carries "+h, "no rate-limit headers on 401", h+": "+v)
		}
	}
}
