package mockserver_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrors_BodyKeys: every error body has the keys v2.0.0's AllExceptionsFilter gives it
// (apps/api/src/exception-filter.ts): statusCode, timestamp, path and message, and the keys of
// the exception's own response object, which for Nest's HttpExceptions with a message is error,
// the reason phrase; an exception thrown without a message (NotFoundException(), passport's
// UnauthorizedException) has none. Each row was answered so by a real v2.0.0.
func TestErrors_BodyKeys(t *testing.T) {
	f := mustNewServer(t)
	base := []string{"message", "path", "statusCode", "timestamp"}
	withError := append(slices.Clone(base), "error")
	tests := []struct {
		name, method, path, auth, body string
		status                         int
		keys                           []string
	}{
		{"unknown key", "GET", "/v1/subscribers", "ApiKey nope", "", 401, withError},
		{"no header", "GET", "/v1/subscribers", "", "", 401, withError},
		{"bearer that is no JWT of ours", "GET", "/v1/subscribers", "Bearer xyz", "", 401, base},
		{"empty api key", "GET", "/v1/subscribers", "ApiKey ", "", 401, base},
		{"other scheme", "GET", "/v1/subscribers", "Foo x", "", 401, withError},
		{"no route", "GET", "/v1/nonexistent", "dev", "", 404, withError},
		{"not found with a message", "GET", "/v1/subscribers/nobody", "dev", "", 404, withError},
		{"bare not found", "GET", "/v1/notification-groups/000000000000000000000001", "dev", "", 404, base},
		{"validation", "POST", "/v1/topics", "dev", `{}`, 400, withError},
		{"unprocessable", "POST", "/v1/events/trigger", "dev", `{"name":"nope","to":"x"}`, 422, withError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			auth := tt.auth
			if auth == "dev" {
				auth = "ApiKey " + f.DevKey
			}
			res := f.do(tt.method, tt.path, auth, tt.body)
			require.Equal(t, tt.status, res.Status, res.Raw)
			var keys []string
			for k := range res.Body {
				keys = append(keys, k)
			}
			assert.ElementsMatch(t, tt.keys, keys, res.Raw)
			assert.Equal(t, tt.path, res.Body["path"])
		})
	}
}
