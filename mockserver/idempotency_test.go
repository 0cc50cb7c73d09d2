package mockserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdempotency(t *testing.T) {
	f := mustNewServer(t)
	body := `{"name":"Ops","key":"ops"}`
	first := f.dev("POST", "/v1/topics", body, "Idempotency-Key", "k-1")
	require.Equal(t, http.StatusCreated, first.Status, first.Raw)
	assert.Equal(t, "k-1", first.Header.Get("Idempotency-Key"))
	assert.Empty(t, first.Header.Get("Idempotency-Replay"))

	t.Run("replay returns the first answer without running again", func(t *testing.T) {
		again := f.dev("POST", "/v1/topics", `{"name": "Ops", "key": "ops"}`, "Idempotency-Key", "k-1")
		assert.Equal(t, http.StatusCreated, again.Status, "not 409: the topic was not created twice")
		assert.Equal(t, first.Raw, again.Raw)
		assert.Equal(t, "true", again.Header.Get("Idempotency-Replay"))
		assert.NotEmpty(t, again.Header.Get("RateLimit-Remaining"))
	})
	t.Run("different body", func(t *testing.T) {
		res := f.dev("POST", "/v1/topics", `{"name":"Ops","key":"other"}`, "Idempotency-Key", "k-1")
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Equal(t, `Request with key "k-1" is being reused for a different body`, res.Body["message"])
		assert.Equal(t, "https://docs.novu.co/additional-resources/idempotency", res.Header.Get("Link"))
	})
	t.Run("errors are replayed too", func(t *testing.T) {
		bad := f.dev("POST", "/v1/topics", `{"name":"x"}`, "Idempotency-Key", "k-2")
		require.Equal(t, http.StatusBadRequest, bad.Status)
		again := f.dev("POST", "/v1/topics", `{"name":"x"}`, "Idempotency-Key", "k-2")
		assert.Equal(t, http.StatusBadRequest, again.Status)
		assert.Equal(t, "true", again.Header.Get("Idempotency-Replay"))
	})
	t.Run("key too long", func(t *testing.T) {
		key := strings.Repeat("k", 256)
		res := f.dev("POST", "/v1/topics", body, "Idempotency-Key", key)
		require.Equal(t, http.StatusBadRequest, res.Status)
		assert.Equal(t, `idempotencyKey "`+key+`" has exceeded the maximum allowed length of 255 characters`, res.Body["message"])
	})
	t.Run("scoped per organization, not environment", func(t *testing.T) {
		res := f.do("POST", "/v1/topics", "ApiKey "+f.srv.ProdAPIKey(), body, "Idempotency-Key", "k-1")
		assert.Equal(t, "true", res.Header.Get("Idempotency-Replay"))
	})
	t.Run("GET ignores the key", func(t *testing.T) {
		res := f.dev("GET", "/v1/topics", "", "Idempotency-Key", "k-1")
		assert.Equal(t, http.StatusOK, res.Status)
		assert.Empty(t, res.Header.Get("Idempotency-Key"))
	})
	t.Run("forgotten after 24 hours", func(t *testing.T) {
		f.advance(24*time.Hour + time.Second)
		res := f.dev("POST", "/v1/topics", `{"name":"Ops","key":"other"}`, "Idempotency-Key", "k-1")
		assert.Equal(t, http.StatusCreated, res.Status)
	})
}
