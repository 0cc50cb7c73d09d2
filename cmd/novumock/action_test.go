package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// runAction runs scripts/action.sh, the GitHub Action's steps, as the action would, with the
// given inputs; it returns the step outputs, the script's output and its error.
func runAction(t *testing.T, runnerTemp string, inputs map[string]string) (map[string]string, string, error) {
	t.Helper()
	outFile := filepath.Join(t.TempDir(), "github_output")
	cmd := exec.Command("bash", "../../scripts/action.sh")
	cmd.Env = append(os.Environ(), "RUNNER_TEMP="+runnerTemp, "GITHUB_OUTPUT="+outFile, "NVMK_SOURCE_DIR=../..")
	for k, v := range inputs {
		cmd.Env = append(cmd.Env, "NVMK_INPUT_"+k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	outputs := map[string]string{}
	if f, ferr := os.Open(outFile); ferr == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), "="); ok {
				outputs[k] = v
			}
		}
	}
	if pid, perr := strconv.Atoi(outputs["pid"]); perr == nil {
		t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGTERM) })
	}
	return outputs, string(out), err
}

func TestAction_Script(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	temp := t.TempDir()

	// No binary and no version: the action builds its own checkout, then starts it.
	out, log, err := runAction(t, temp, map[string]string{"PORT": "0", "API_KEY": "ci-dev-key", "CONTROL_TOKEN": "ci-token",
		"SEED": "42", "ARGS": "--quiet --rate-limit free", "WAIT": "60"})
	require.NoError(t, err, log)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, out["base-url"])
	assert.Equal(t, "ci-dev-key", out["api-key"])
	assert.Equal(t, "nvmk_prod_0000000000000000000000000000000", out["prod-api-key"], "the default, read back from serve")
	base := out["base-url"]
	assert.Equal(t, http.StatusOK, status(t, base+"/healthz", ""))
	assert.Equal(t, http.StatusOK, status(t, base+"/v1/environments/me", "ApiKey "+out["api-key"]))
	assert.Equal(t, http.StatusOK, status(t, base+"/v1/environments/me", "ApiKey "+out["prod-api-key"]))
	assert.Equal(t, http.StatusUnauthorized, status(t, base+"/_novumock/keys", ""), "control-token reached serve")
	assert.Equal(t, http.StatusOK, status(t, base+"/_novumock/keys", "Bearer ci-token"))
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/subscribers", nil)
	req.Header.Set("Authorization", "ApiKey ci-dev-key")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Contains(t, res.Header.Get("RateLimit-Policy"), `serviceLevel="free"`, "args reached serve")
	logText, err := os.ReadFile(out["log"])
	require.NoError(t, err)
	assert.Contains(t, string(logText), "novumock listening on "+base)
	built := filepath.Join(temp, "novumock-action", "novumock")
	require.FileExists(t, built)
	assert.Equal(t, built, out["binary"])

	// A given binary is used as is; a fixed port is honoured.
	port := freePort(t)
	out, log, err = runAction(t, t.TempDir(), map[string]string{"BINARY": built, "PORT": port})
	require.NoError(t, err, log)
	assert.Equal(t, "http://127.0.0.1:"+port, out["base-url"])
	assert.Equal(t, "nvmk_dev_00000000000000000000000000000000", out["api-key"])

	// A serve that cannot start fails the step with serve's own message, and no outputs.
	out, log, err = runAction(t, t.TempDir(), map[string]string{"BINARY": built, "PORT": "0", "RATE_LIMIT": "gold"})
	require.Error(t, err)
	assert.Contains(t, log, "exited before it answered /healthz")
	assert.Contains(t, log, `unknown rate-limit level "gold"`)
	assert.Empty(t, out)

	// A port already taken: the same.
	_, log, err = runAction(t, t.TempDir(), map[string]string{"BINARY": built, "PORT": strings.TrimPrefix(base, "http://127.0.0.1:")})
	require.Error(t, err)
	assert.Contains(t, log, "address already in use")
}

func freePort(t *testing.T) string {
	t.Helper()
	base, stop := startServe(t)
	stop()
	return regexp.MustCompile(`\d+$`).FindString(base)
}

// action.yml hands every input to the script under the name the script reads, and declares
// every output the script writes.
func TestAction_Definition(t *testing.T) {
	raw, err := os.ReadFile("../../action.yml")
	require.NoError(t, err)
	var action struct {
		Inputs  map[string]any
		Outputs map[string]struct{ Value string }
		Runs    struct {
			Using string
			Steps []struct {
				ID  string
				Run string
				Env map[string]string
			}
		}
	}
	require.NoError(t, yaml.Unmarshal(raw, &action))
	require.Equal(t, "composite", action.Runs.Using)
	script, err := os.ReadFile("../../scripts/action.sh")
	require.NoError(t, err)
	var start *struct {
		ID  string
		Run string
		Env map[string]string
	}
	for i := range action.Runs.Steps {
		if action.Runs.Steps[i].ID == "start" {
			start = &action.Runs.Steps[i]
		}
	}
	require.NotNil(t, start, "a step with id start")
	assert.Contains(t, start.Run, "scripts/action.sh")
	for in := range action.Inputs {
		if in == "go-version" {
			continue // for actions/setup-go, not the script
		}
		name := "NVMK_INPUT_" + strings.ToUpper(strings.ReplaceAll(in, "-", "_"))
		assert.Equal(t, fmt.Sprintf("${{ inputs.%s }}", in), start.Env[name], "input %s", in)
		assert.True(t, strings.Contains(string(script), "${"+name), "scripts/action.sh does not read input %s (%s)", in, name)
	}
	for name, o := range action.Outputs {
		assert.Equal(t, fmt.Sprintf("${{ steps.start.outputs.%s }}", name), o.Value)
		assert.True(t, strings.Contains(string(script), `echo "`+name+`=`), "scripts/action.sh does not write output %s", name)
	}
}
