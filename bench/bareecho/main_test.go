package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestReadHeaders(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, content string
		want          [][2]string
	}{
		{"curl's lines", "Ratelimit-Limit: 10000\r\nRatelimit-Policy: 10000;w=5;comment=\"token bucket\"\r\n",
			[][2]string{{"Ratelimit-Limit", "10000"}, {"Ratelimit-Policy", `10000;w=5;comment="token bucket"`}}},
		{"no colon is no header", "HTTP/1.1 200 OK\n\nRatelimit-Reset: 0\n", [][2]string{{"Ratelimit-Reset", "0"}}},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, tc.name)
			if err := os.WriteFile(file, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := readHeaders(file)
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("readHeaders = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if got, err := readHeaders(filepath.Join(dir, "missing")); err != nil || got != nil {
		t.Errorf("a missing file: %q, %v; want no headers and no error", got, err)
	}
}
