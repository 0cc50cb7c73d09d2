package main

import (
	"archive/tar"
	"bufio"
	"context"
	"debug/elf"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestImage builds the container image with `make image`, exports its root filesystem and runs
// the entrypoint binary found there, with the image's own environment, against /healthz and
// through the image's HEALTHCHECK command. Containers cannot run on these machines, so the
// binary runs on the host, on a loopback port instead of the image's 0.0.0.0:4010.
func TestImage(t *testing.T) {
	podman, err := exec.LookPath("podman")
	if err != nil {
		t.Skip("podman is not installed, so the image is not built or checked here (apt-get install podman; .ci/run installs it)")
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tag := fmt.Sprintf("localhost/novumock:test-%d", os.Getpid())
	out, err := exec.CommandContext(ctx, "make", "-C", "../..", "image", "IMAGE="+tag).CombinedOutput()
	require.NoError(t, err, "make image:\n%s", out)
	t.Cleanup(func() { _ = exec.Command(podman, "rmi", "-f", tag).Run() })

	var inspect []struct {
		Config struct {
			User         string
			ExposedPorts map[string]any
			Env          []string
			Entrypoint   []string
			Cmd          []string
		}
		// podman puts the Docker-format HEALTHCHECK beside Config, not in it.
		Healthcheck *struct{ Test []string }
	}
	raw, err := exec.CommandContext(ctx, podman, "image", "inspect", tag).Output()
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &inspect))
	require.Len(t, inspect, 1)
	cfg := inspect[0].Config
	assert.Regexp(t, `^[1-9][0-9]*(:[0-9]+)?$`, cfg.User, "a numeric, non-root user")
	assert.Contains(t, cfg.ExposedPorts, "4010/tcp")
	assert.Contains(t, cfg.Env, "NOVUMOCK_ADDR=0.0.0.0:4010")
	require.Equal(t, []string{"/novumock"}, cfg.Entrypoint)
	require.Equal(t, []string{"serve"}, cfg.Cmd)
	hcTest := inspect[0].Healthcheck
	require.NotNil(t, hcTest, "HEALTHCHECK (podman keeps it only with --format docker)")
	require.Equal(t, []string{"CMD", "/novumock", "health"}, hcTest.Test)

	root := exportRootFS(ctx, t, podman, tag)
	bin := filepath.Join(root, "novumock")
	assertStatic(t, bin)
	certs, err := os.ReadFile(filepath.Join(root, "etc/ssl/certs/ca-certificates.crt"))
	require.NoError(t, err, "CA certificates for https targets")
	assert.Contains(t, string(certs), "BEGIN CERTIFICATE")

	// The entrypoint and command, with the image's environment; only the address moves to loopback.
	env := append(cfg.Env, "NOVUMOCK_ADDR=127.0.0.1:0", "NOVUMOCK_QUIET=true")
	srv := exec.CommandContext(ctx, bin, cfg.Cmd...)
	srv.Env = env
	stdout, err := srv.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, srv.Start())
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	go io.Copy(io.Discard, stdout) //nolint:errcheck // keep the pipe drained
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(line)
	require.NotEmpty(t, base, line)
	res, err := http.Get(base + "/healthz")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)

	hc := exec.CommandContext(ctx, filepath.Join(root, hcTest.Test[1]), hcTest.Test[2:]...)
	hc.Env = append(cfg.Env, "NOVUMOCK_ADDR=0.0.0.0:"+strings.TrimPrefix(base, "http://127.0.0.1:"))
	hcOut, err := hc.CombinedOutput()
	assert.NoError(t, err, "HEALTHCHECK: %s", hcOut)
	t.Logf("image built, exported and checked in %s", time.Since(start).Round(time.Millisecond))
}

// exportRootFS unpacks the image's root filesystem (podman create + podman export) into a
// temporary directory; only regular files and directories are expected in a scratch image.
func exportRootFS(ctx context.Context, t *testing.T, podman, tag string) string {
	t.Helper()
	id, err := exec.CommandContext(ctx, podman, "create", tag).Output()
	require.NoError(t, err)
	cid := strings.TrimSpace(string(id))
	t.Cleanup(func() { _ = exec.Command(podman, "rm", "-f", cid).Run() })
	cmd := exec.CommandContext(ctx, podman, "export", cid)
	pipe, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	root := t.TempDir()
	tr := tar.NewReader(pipe)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		name := filepath.Join(root, filepath.Clean("/"+h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			require.NoError(t, os.MkdirAll(name, 0o755))
		case tar.TypeReg:
			require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
			f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, os.FileMode(h.Mode)&0o777)
			require.NoError(t, err)
			_, err = io.Copy(f, tr)
			require.NoError(t, err)
			require.NoError(t, f.Close())
		}
	}
	require.NoError(t, cmd.Wait())
	return root
}

// assertStatic: a FROM scratch image has no dynamic loader, so the binary must not ask for one.
func assertStatic(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	require.NoError(t, err)
	defer f.Close()
	for _, p := range f.Progs {
		assert.NotEqual(t, elf.PT_INTERP, p.Type, "%s is dynamically linked (CGO_ENABLED=0 missing?)", path)
	}
}
