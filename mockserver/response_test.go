package mockserver_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every answer is sent whole with a Content-Length and Novu's JSON Content-Type, as Express
// sends res.json, also when the body is far over net/http's 2 kB chunking threshold.
func TestAnswersCarryContentLength(t *testing.T) {
	f := mustNewServer(t)
	for i := range 20 {
		res := f.dev("POST", "/v1/subscribers", fmt.Sprintf(`{"subscriberId":"len-%d","firstName":"Ada","data":{"n":%d}}`, i, i))
		require.Equal(t, 201, res.Status, res.Raw)
	}
	const json = "application/json; charset=utf-8" // Express's res.json names the charset
	for _, tc := range []struct {
		name, method, path, auth string
		status                   int
		contentType              string
	}{
		{"page over 2 kB", "GET", "/v1/subscribers?limit=20", "ApiKey " + f.DevKey, 200, json},
		{"small entity", "GET", "/v1/subscribers/len-3", "ApiKey " + f.DevKey, 200, json},
		{"auth error", "GET", "/v1/subscribers", "", 401, json},
		{"unknown route", "GET", "/v1/nowhere", "ApiKey " + f.DevKey, 404, json},
		{"spec document", "GET", "/openapi.yaml", "", 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.do(tc.method, tc.path, tc.auth, "")
			require.Equal(t, tc.status, res.Status, res.Raw)
			assert.Equal(t, strconv.Itoa(len(res.Raw)), res.Header.Get("Content-Length"))
			if tc.contentType != "" {
				assert.Equal(t, tc.contentType, res.Header.Get("Content-Type"))
			}
		})
	}
}
