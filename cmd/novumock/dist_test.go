package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDist checks `make dist` without cross-compiling six binaries in make test: the dry run
// names every platform, and a real run for this machine's platform writes a binary that runs
// and a SHA256SUMS line that matches it.
func TestDist(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	dry, err := exec.Command("make", "-C", "../..", "-n", "dist").CombinedOutput()
	require.NoError(t, err, "%s", dry)
	for _, p := range []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64"} {
		assert.Contains(t, string(dry), p, "make dist does not build %s", p)
	}
	assert.Contains(t, string(dry), "CGO_ENABLED=0")

	dir := t.TempDir()
	platform := "linux/" + runtime.GOARCH
	if runtime.GOOS != "linux" {
		platform = runtime.GOOS + "/" + runtime.GOARCH
	}
	out, err := exec.Command("make", "-C", "../..", "dist", "DIST="+dir, "DIST_TARGETS="+platform).CombinedOutput()
	require.NoError(t, err, "%s", out)
	name := "novumock-" + strings.ReplaceAll(platform, "/", "-")
	f, err := os.Open(filepath.Join(dir, "SHA256SUMS"))
	require.NoError(t, err)
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, file, ok := strings.Cut(sc.Text(), "  ")
		require.True(t, ok, "sha256sum format: %q", sc.Text())
		sums[file] = sum
	}
	require.Equal(t, []string{name}, keys(sums))
	bin, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	h := sha256.Sum256(bin)
	assert.Equal(t, hex.EncodeToString(h[:]), sums[name])
	if runtime.GOOS == "linux" {
		v, err := exec.Command(filepath.Join(dir, name), "version").Output()
		require.NoError(t, err)
		assert.Regexp(t, `^novumock \S+\ncommit [0-9a-f]{40}`, string(v), "the commit is stamped")
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
