package mockserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIdempotency_InProgress holds the first request inside its handler, so the second one
// with the same key arrives while it is still being processed and must get Novu's 409.
func TestIdempotency_InProgress(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	call := func(next echo.HandlerFunc) (*httptest.ResponseRecorder, error) {
		req := httptest.NewRequest(http.MethodPost, "/v1/topics", strings.NewReader(`{"key":"k","name":"n"}`))
		req.Header.Set("Idempotency-Key", "slow-1")
		rec := httptest.NewRecorder()
		return rec, s.idempotent(s.echo.NewContext(req, rec), "org-1", []byte(`{"key":"k","name":"n"}`), next)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := call(func(c echo.Context) error {
			close(entered)
			<-release
			return c.JSON(http.StatusCreated, map[string]string{"ok": "yes"})
		})
		done <- err
	}()
	<-entered

	_, err = call(func(echo.Context) error { t.Error("the duplicate must not run"); return nil })
	var apiErr *apiError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusConflict, apiErr.Status)
	assert.Equal(t, `Request with key "slow-1" is currently being processed. Please retry after 1 second`, apiErr.Message)
	assert.Equal(t, "1", apiErr.Header.Get("Retry-After"))

	close(release)
	require.NoError(t, <-done)
	rec, err := call(func(echo.Context) error { t.Error("a replay must not run"); return nil })
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, rec.Code)
	assert.Equal(t, "true", rec.Header().Get("Idempotency-Replay"))
}
