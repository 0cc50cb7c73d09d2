package contracttest_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/contracttest"
)

// A check the configuration left nothing to look at is skipped with a reason, never passed.
func TestSuite_NothingToCheckIsSkipped(t *testing.T) {
	tests := []struct {
		name    string
		mode    contracttest.Mode
		only    string
		skipped map[string]string // check → a piece of its skip reason
		passed  []string
	}{
		{name: "ReadOnly", mode: contracttest.ModeReadOnly, skipped: map[string]string{
			"sandbox_cleaned_up":       "read-only mode creates no resources",
			"every_operation_reached":  "read-only mode sends GETs only",
			"malformed_value_rejected": "read-only mode: none of the operations it covers is a GET",
		}, passed: []string{"reads_succeed", "status_documented", "unknown_key_rejected"}},
		{name: "OnlyRunChecks", only: "^(status_documented|every_operation_reached|sandbox_cleaned_up)$", skipped: map[string]string{
			"status_documented":       "no request was recorded",
			"every_operation_reached": "left out (--only)",
			"sandbox_cleaned_up":      "the run created no resources",
		}},
		{name: "Sandbox", passed: []string{"sandbox_cleaned_up", "every_operation_reached", "malformed_value_rejected"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := suiteFor(newTarget(t, nil))
			s.Mode = tt.mode
			if tt.only != "" {
				s.Only = regexp.MustCompile(tt.only)
			}
			rep, err := s.Run(context.Background())
			require.NoError(t, err)
			assert.Empty(t, rep.Failures())
			for name, reason := range tt.skipped {
				if c := rep.Check(name); assert.NotNil(t, c, name) {
					assert.Equal(t, contracttest.Skipped, c.Status, name)
					assert.Contains(t, c.SkipReason, reason, name)
				}
			}
			for _, name := range tt.passed {
				if c := rep.Check(name); assert.NotNil(t, c, name) {
					assert.Equal(t, contracttest.Passed, c.Status, "%s: %s", name, c.SkipReason)
				}
			}
			for _, c := range rep.Checks {
				if c.Status == contracttest.Passed && (c.Kind == contracttest.KindProbe || c.Kind == contracttest.KindScenario) {
					assert.NotZero(t, c.Requests, "%s passed without sending a request", c.Name)
				}
			}
		})
	}
}
