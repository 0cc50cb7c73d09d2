package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServe_StateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")

	t.Run("a missing file is created on shutdown", func(t *testing.T) {
		base, stop := startServe(t, "--state", path)
		req, _ := http.NewRequest(http.MethodPost, base+"/v1/subscribers", strings.NewReader(`{"subscriberId":"persisted"}`))
		req.Header.Set("Authorization", "ApiKey nvmk_dev_00000000000000000000000000000000")
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusCreated, res.StatusCode)
		code, out := stop()
		assert.Equal(t, 0, code)
		assert.Contains(t, out, "wrote its state to "+path)
	})
	t.Run("the next start loads it", func(t *testing.T) {
		base, _ := startServe(t, "--state", path)
		req, _ := http.NewRequest(http.MethodGet, base+"/v1/subscribers/persisted", nil)
		req.Header.Set("Authorization", "ApiKey nvmk_dev_00000000000000000000000000000000")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode)
	})
	t.Run("the example fixture loads", func(t *testing.T) {
		fixture, err := os.ReadFile("../../examples/fixture.json")
		require.NoError(t, err)
		copyPath := filepath.Join(t.TempDir(), "fixture.json") // stopping writes the state back
		require.NoError(t, os.WriteFile(copyPath, fixture, 0o600))
		base, _ := startServe(t, "--state", copyPath)
		req, _ := http.NewRequest(http.MethodGet, base+"/v1/subscribers/ada", nil)
		req.Header.Set("Authorization", "ApiKey fixture-dev-key-00000000000000000")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode)
	})
	t.Run("an invalid file stops the start", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.json")
		require.NoError(t, os.WriteFile(bad, []byte(`{"novumockState":1,"organizations":[{"organization":{"name":"x"},"environments":[{"environment":{"name":"D"},"apiKey":"k","topics":[{"key":"t","subscribers":["ghost"]}]}]}]}`), 0o600))
		var stderr bytes.Buffer
		code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--state", bad}, &bytes.Buffer{}, &stderr)
		assert.Equal(t, 2, code)
		assert.Contains(t, stderr.String(), "organizations[0].environments[0].topics[0].subscribers[0]")
	})
}
