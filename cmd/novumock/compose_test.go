package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

type composeService struct {
	Image       string
	Environment map[string]string
	DependsOn   map[string]struct{ Condition string } `yaml:"depends_on"`
	Command     []string
}

// interpolate applies Compose's ${VAR:-default} and $$ rules the way they resolve with no
// variable set in the shell.
func interpolate(s string) string {
	s = regexp.MustCompile(`\$\{[A-Z_]+:-([^}]*)\}`).ReplaceAllString(s, "$1")
	return strings.ReplaceAll(s, "$$", "$")
}

// TestCompose_Example runs docker-compose.yml's two services as far as this machine can: the
// fake from the novumock service's environment (on loopback instead of 0.0.0.0), and the app
// service's own commands against it, so the example's keys, token and requests are known to work.
func TestCompose_Example(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	require.NoError(t, err)
	var file struct{ Services map[string]composeService }
	require.NoError(t, yaml.Unmarshal(raw, &file))
	fake, app := file.Services["novumock"], file.Services["app"]
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(readme), "```yaml\n"+string(raw)+"```"), "the README's compose snippet is docker-compose.yml as it is")

	makefile, err := os.ReadFile("../../Makefile")
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^IMAGE\s+\?= `+regexp.QuoteMeta(fake.Image)+`$`, string(makefile), "the image make image builds")
	assert.Equal(t, "service_healthy", app.DependsOn["novumock"].Condition, "the app waits for the image's HEALTHCHECK")
	known := map[string]bool{}
	for _, v := range serveEnv {
		known[v] = true
	}
	for k, v := range fake.Environment {
		require.True(t, known[k], "%s is not a serve variable", k)
		t.Setenv(k, interpolate(v))
	}
	require.NotEmpty(t, fake.Environment["NOVUMOCK_CONTROL_TOKEN"], "the example opens the control API with a token")
	base, _ := startServe(t)

	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed: the app service's commands were not run")
	}
	require.GreaterOrEqual(t, len(app.Command), 3)
	cmd := exec.Command(app.Command[0], append(app.Command[1:2], interpolate(app.Command[2]))...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range app.Environment {
		if k == "NOVU_BACKEND_URL" {
			assert.Equal(t, "http://novumock:4010", v)
			v = base
		}
		cmd.Env = append(cmd.Env, k+"="+interpolate(v))
	}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), `"subscriberId":"user-1"`)
	assert.Contains(t, string(out), `"apiKey":"nvmk_dev_00000000000000000000000000000000"`)

	// Without the token, the same control call is refused.
	cmd = exec.Command("curl", "-fsS", "-X", "POST", base+"/_novumock/reset")
	out, err = cmd.CombinedOutput()
	assert.Error(t, err)
	assert.Contains(t, string(out), "401")
}
