package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
)

func TestReplaceBlock(t *testing.T) {
	for _, tc := range []struct{ name, doc, want, err string }{
		{name: "replaces what is between the markers",
			doc:  "a\n" + beginMarker + "\nold\n" + endMarker + "\nz\n",
			want: "a\n" + beginMarker + "\nnew\n" + endMarker + "\nz\n"},
		{name: "empty block", doc: beginMarker + "\n" + endMarker, want: beginMarker + "\nnew\n" + endMarker},
		{name: "no markers", doc: "a\n", err: "want exactly one"},
		{name: "end before begin", doc: endMarker + "\n" + beginMarker, err: "want exactly one"},
		{name: "two blocks", doc: strings.Repeat(beginMarker+"\n"+endMarker+"\n", 2), err: "want exactly one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := replaceBlock([]byte(tc.doc), []byte("new\n"))
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}

func TestBlock(t *testing.T) {
	rep := &contracttest.Report{Mode: contracttest.ModeSandbox, Profile: contracttest.TargetProfile{APIVersion: "2.0.0"},
		Checks: []*contracttest.CheckResult{
			{Name: "reads_succeed", Status: contracttest.Passed},
			{Name: "no_server_error", Status: contracttest.Failed, Failures: []contracttest.Failure{
				{Operation: "ListSubscribers", Message: "GET /v1/subscribers?page=-1: server error",
					Actual: `500 {"statusCode":500,"timestamp":"2026-12-07T12:00:00.000Z","errorId":"f0fc","path":"/v1/layouts/nvmk-fab40091-missing"}`},
				{Operation: "GetLayout", Message: "GET /v1/layouts/6b165a03d591ee81f5f2d2a2: server error", Actual: "500 {}"},
				{Operation: "ListTenants", Message: "x", Actual: "400 {}"},
			}},
			{Name: "ratelimit_headers_present", Status: contracttest.Skipped, SkipReason: "rate-limiting not enabled on this target"},
			{Name: "ratelimit_policy_well_formed", Status: contracttest.Skipped, SkipReason: "rate-limiting not enabled on this target"},
		}}
	path := filepath.Join(t.TempDir(), "README.md")
	require.NoError(t, os.WriteFile(path, []byte("# x\n"+beginMarker+"\n"+endMarker+"\n"), 0o644))
	js, err := os.Create(filepath.Join(t.TempDir(), "r.json"))
	require.NoError(t, err)
	require.NoError(t, rep.WriteJSON(js))
	require.NoError(t, js.Close())
	require.NoError(t, run(js.Name(), path, "Novu v2.0.0 self-hosted"))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	s := string(got)
	for _, want := range []string{
		"Against Novu v2.0.0 self-hosted (apiVersion 2.0.0, sandbox mode",
		"**1 of 4 checks pass**, 2 are skipped", "**these 1 report real defects of the target**",
		"- `no_server_error` (3): 500 on GetLayout, ListSubscribers; 400 on ListTenants",
		"- skipped, rate-limiting not enabled on this target: `ratelimit_headers_present`, `ratelimit_policy_well_formed`\n",
		`"errorId":"…"`, `"timestamp":"…"`, "nvmk-…-missing",
	} {
		assert.Contains(t, s, want)
	}
	assert.NotContains(t, s, "f0fc", "volatile values are masked so reruns do not churn the README")
	assert.True(t, strings.HasPrefix(s, "# x\n"+beginMarker+"\n"))
	assert.True(t, strings.HasSuffix(s, endMarker+"\n"))
}
