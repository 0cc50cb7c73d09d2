package novuext

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRatePolicyOf(t *testing.T) {
	costs := map[string]any{"single": 1, "bulk": 100}
	for name, tc := range map[string]struct {
		ext   map[string]any
		valid bool
	}{
		"complete": {map[string]any{"x-novu-rate-limits": map[string]any{"windowSeconds": 5, "burstAllowance": 0.1,
			"costs": costs, "levels": map[string]any{"free": map[string]any{"global": 30}}}}, true},
		"missing":     {map[string]any{}, false},
		"no window":   {map[string]any{"x-novu-rate-limits": map[string]any{"costs": costs, "levels": map[string]any{"free": map[string]any{"global": 1}}}}, false},
		"no levels":   {map[string]any{"x-novu-rate-limits": map[string]any{"windowSeconds": 5, "costs": costs}}, false},
		"wrong types": {map[string]any{"x-novu-rate-limits": map[string]any{"windowSeconds": "five"}}, false},
	} {
		p, err := RatePolicyOf(&openapi3.T{Extensions: tc.ext})
		if !tc.valid {
			assert.Error(t, err, name)
			continue
		}
		require.NoError(t, err, name)
		limit, burst, ok := p.Bucket("free", "global")
		assert.True(t, ok)
		assert.Equal(t, []int{150, 165}, []int{limit, burst}, "30/s over 5 s, 10 % burst")
		_, _, ok = p.Bucket("free", "trigger")
		assert.False(t, ok)
	}
}

func TestBodyLimits(t *testing.T) {
	_, err := BodyLimitsOf(&openapi3.T{Extensions: map[string]any{}})
	assert.ErrorContains(t, err, "x-novu-body-limits")
	b, err := BodyLimitsOf(&openapi3.T{Extensions: map[string]any{"x-novu-body-limits": map[string]any{
		"default": 100, "byPathPrefix": map[string]any{"/v1/events": 2000, "/v1/events/trigger/bulk": 3000}}}})
	require.NoError(t, err)
	for path, want := range map[string]int64{
		"/v1/subscribers": 100, "/v1/events/trigger": 2000, "/v1/events/trigger/bulk": 3000,
	} {
		assert.Equal(t, want, b.For(path), path)
	}
}

func TestOperationExtensions(t *testing.T) {
	rl, ok := OperationRateLimit(&openapi3.Operation{})
	assert.False(t, ok)
	assert.Equal(t, RateLimit{"global", "single"}, rl)
	op := &openapi3.Operation{Extensions: map[string]any{
		"x-novu-rate-limit": map[string]any{"category": "trigger", "cost": "bulk"}, "x-novu-access": "development-only"}}
	rl, ok = OperationRateLimit(op)
	assert.True(t, ok)
	assert.Equal(t, RateLimit{"trigger", "bulk"}, rl)
	assert.Equal(t, "development-only", Access(op))
}

func TestUnvalidated(t *testing.T) {
	for name, tc := range map[string]struct {
		exts   map[string]any
		reason string
		ok     bool
	}{
		"with a reason": {map[string]any{"x-novu-unvalidated": "DTO has no validator"}, "DTO has no validator", true},
		"bare":          {map[string]any{"x-novu-unvalidated": true}, "", true},
		"absent":        {map[string]any{"x-novu-access": "dashboard-only"}, "", false},
		"no extensions": {nil, "", false},
	} {
		reason, ok := Unvalidated(tc.exts)
		assert.Equal(t, tc.ok, ok, name)
		assert.Equal(t, tc.reason, reason, name)
	}
}
