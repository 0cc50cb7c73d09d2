package contracttest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionLess(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{
		{"0.24.3", "2.0.0", true},
		{"v0.24.3", "2.0.0", true},
		{"2.0.0", "2.0.0", false},
		{"2.0.1", "2.0.0", false},
		{"2.0", "2.0.1", true},
		{"1.10.0", "1.9.0", false},
		{"2.0.0-rc.1", "2.0.0", false},
		{"garbage", "0.0.1", true},
	} {
		assert.Equal(t, tc.less, versionLess(tc.a, tc.b), "%s < %s", tc.a, tc.b)
	}
}

// The suite's copy of the spec accepts anything where openapi.yaml says x-novu-unvalidated,
// so no invalid-input mutation is derived there; fields next to them keep their rules.
func TestRelaxUnvalidated(t *testing.T) {
	sp, err := loadSpec()
	require.NoError(t, err)
	sub := sp.op("CreateSubscriber").Body
	assert.Nil(t, sub.Properties["data"].Value.Type, "CreateSubscriber data")
	assert.NotNil(t, sub.Properties["email"].Value.Type, "email keeps its rules")
	assert.Nil(t, sp.op("CreateTenant").Body.Properties["data"].Value.Type, "CreateTenant data")
	for op, param := range map[string]string{"ListMessages": "channel", "ListLayouts": "orderBy"} {
		for _, p := range sp.op(op).queryParams() {
			if p.Name == param {
				assert.Empty(t, p.Schema.Value.Enum, "%s %s", op, param)
				assert.Nil(t, p.Schema.Value.Type, "%s %s", op, param)
			}
		}
	}
	r := &runner{s: &Suite{}, spec: sp, prefix: "p-"}
	tt := &T{r: r}
	for _, op := range []string{"CreateSubscriber", "UpdateSubscriber", "CreateTenant", "UpdateTenant"} {
		for _, m := range tt.mutations(sp.op(op)) {
			assert.NotEqual(t, "data", m.field, "%s: %s", op, m.what)
		}
	}
	// The fake's own spec is untouched: loadSpec works on a fresh copy.
	again, err := loadSpec()
	require.NoError(t, err)
	assert.Nil(t, again.op("CreateSubscriber").Body.Properties["data"].Value.Type)
}

func TestNotInVersion(t *testing.T) {
	for _, tc := range []struct {
		target, op string
		notIn      bool
	}{
		{"0.24.3", "MarkSubscriberMessagesAs", true},
		{"2.0.0", "MarkSubscriberMessagesAs", false},
		{"2.0.0", "SnoozeInboxNotification", true},
		{"2.0.1", "SnoozeInboxNotification", false},
		{"", "SnoozeInboxNotification", false}, // a target that does not say: the spec's version
		{"0.24.3", "ListSubscribers", false},
	} {
		r := &runner{profile: TargetProfile{APIVersion: tc.target}}
		assert.Equal(t, tc.notIn, r.notInVersion(tc.op) != "", "%s on %q", tc.op, tc.target)
	}
}
