package main

// The HTTP server's limits, tested on `novumock serve` run in-process (startServe): a client that
// sends its headers too slowly is cut off (ReadHeaderTimeout), oversized headers are refused
// (MaxHeaderBytes), bodies over 100 kB get Novu's 413, and cancelling the context finishes the
// requests in flight before run returns. Only loopback addresses are used.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/mockserver"
)

func hostOf(base string) string { return strings.TrimPrefix(base, "http://") }

func TestServe_SlowHeaderClientIsCutOff(t *testing.T) {
	t.Parallel()
	base, _ := startServe(t)
	conn, err := net.Dial("tcp", hostOf(base))
	require.NoError(t, err)
	defer conn.Close()

	// Trickle one header line every 300 ms and never finish the header block.
	start := time.Now()
	stopTrickle := make(chan struct{})
	go func() {
		_, _ = io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
		for i := 0; ; i++ {
			select {
			case <-stopTrickle:
				return
			case <-time.After(300 * time.Millisecond):
			}
			if _, err := fmt.Fprintf(conn, "X-Slow-%d: a\r\n", i); err != nil {
				return
			}
		}
	}()
	defer close(stopTrickle)

	// Meanwhile other clients are served normally.
	code, _ := get(t, base+"/healthz")
	assert.Equal(t, http.StatusOK, code)

	require.NoError(t, conn.SetReadDeadline(time.Now().Add(12*time.Second)))
	rest, err := io.ReadAll(conn) // returns when the server closes the connection
	elapsed := time.Since(start)
	var nerr net.Error
	require.False(t, errors.As(err, &nerr) && nerr.Timeout(), "the server never cut the slow client off")
	assert.GreaterOrEqual(t, elapsed, 4*time.Second, "cut off before ReadHeaderTimeout")
	assert.Less(t, elapsed, 9*time.Second)
	assert.NotContains(t, string(rest), "200 OK", "the incomplete request must not be served")
}

func TestServe_OversizedHeadersRefused(t *testing.T) {
	t.Parallel()
	base, _ := startServe(t)
	req, err := http.NewRequest("GET", base+"/v1/integrations", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "ApiKey "+mockserver.DefaultDevAPIKey)
	req.Header.Set("X-Big", strings.Repeat("a", 100<<10))
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.StatusCode)
}

// novuError decodes Novu's error shape and checks its fields.
func novuError(t *testing.T, res *http.Response, status int) map[string]any {
	t.Helper()
	var body map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	assert.Equal(t, status, res.StatusCode)
	assert.EqualValues(t, status, body["statusCode"])
	assert.IsType(t, "", body["message"])
	assert.NotEmpty(t, body["timestamp"])
	assert.NotEmpty(t, body["path"])
	return body
}

func TestServe_BodiesOver100kBGet413(t *testing.T) {
	t.Parallel()
	base, _ := startServe(t)
	big := `{"subscriberId":"big","data":{"blob":"` + strings.Repeat("x", 101<<10) + `"}}`
	post := func(path string, body io.Reader, length int64) *http.Response {
		req, err := http.NewRequest("POST", base+path, body)
		require.NoError(t, err)
		req.ContentLength = length // -1: chunked, no Content-Length to go by
		req.Header.Set("Authorization", "ApiKey "+mockserver.DefaultDevAPIKey)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	t.Run("with Content-Length", func(t *testing.T) {
		res := post("/v1/subscribers", strings.NewReader(big), int64(len(big)))
		body := novuError(t, res, http.StatusRequestEntityTooLarge)
		assert.Equal(t, "Payload Too Large", body["error"])
	})
	t.Run("chunked", func(t *testing.T) {
		res := post("/v1/subscribers", io.MultiReader(strings.NewReader(big)), -1)
		novuError(t, res, http.StatusRequestEntityTooLarge)
	})
	t.Run("just under the limit is read", func(t *testing.T) {
		ok := `{"subscriberId":"fits","data":{"blob":"` + strings.Repeat("x", 90<<10) + `"}}`
		res := post("/v1/subscribers", strings.NewReader(ok), int64(len(ok)))
		assert.Equal(t, http.StatusCreated, res.StatusCode)
	})
	t.Run("events take 20 MB", func(t *testing.T) {
		ev := `{"name":"no-such-workflow","to":"big","payload":{"blob":"` + strings.Repeat("x", 150<<10) + `"}}`
		res := post("/v1/events/trigger", strings.NewReader(ev), int64(len(ev)))
		assert.NotEqual(t, http.StatusRequestEntityTooLarge, res.StatusCode)
		assert.Less(t, res.StatusCode, 500)
	})
}

func TestServe_GracefulShutdownFinishesInFlightRequests(t *testing.T) {
	t.Parallel()
	base, stop := startServe(t)
	conn, err := net.Dial("tcp", hostOf(base))
	require.NoError(t, err)
	defer conn.Close()

	body := `{"subscriberId":"in-flight","firstName":"Grace"}`
	half := len(body) / 2
	_, err = fmt.Fprintf(conn, "POST /v1/subscribers HTTP/1.1\r\nHost: %s\r\nAuthorization: ApiKey %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", hostOf(base), mockserver.DefaultDevAPIKey, len(body), body[:half])
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond) // the handler is now waiting for the rest of the body

	type result struct {
		code int
		out  string
	}
	stopped := make(chan result, 1)
	go func() {
		code, out := stop() // cancels run's context
		stopped <- result{code, out}
	}()

	// The listener closes at once: new clients are refused while the request is in flight.
	require.Eventually(t, func() bool {
		c, err := net.DialTimeout("tcp", hostOf(base), 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	}, 3*time.Second, 20*time.Millisecond, "the listener still accepts after shutdown began")
	select {
	case r := <-stopped:
		t.Fatalf("run returned (%d) with a request in flight", r.code)
	default:
	}

	_, err = io.WriteString(conn, body[half:])
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "the in-flight request got no answer")
	defer res.Body.Close()
	var created map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&created))
	assert.Equal(t, http.StatusCreated, res.StatusCode, "%v", created)
	assert.Equal(t, "in-flight", created["data"].(map[string]any)["subscriberId"])

	select {
	case r := <-stopped:
		assert.Equal(t, 0, r.code)
		assert.Contains(t, r.out, "novumock stopped")
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after the in-flight request finished")
	}
}

// An open console page keeps an event stream; stopping the server ends it instead of waiting
// the whole shutdown grace period for it and reporting a failed shutdown.
func TestServe_ShutdownEndsConsoleStreams(t *testing.T) {
	t.Parallel()
	base, stop := startServe(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // bounds a stream that never ends
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_novumock/ui/events", nil)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
	r := bufio.NewReader(res.Body)
	first, err := r.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "retry: 2000\n", first)

	began := time.Now()
	code, out := stop()
	assert.Equal(t, 0, code, out)
	assert.Less(t, time.Since(began), 5*time.Second, "shutdown waited for the event stream")
	_, err = io.ReadAll(r)
	assert.NoError(t, err, "the stream ends cleanly")
}
