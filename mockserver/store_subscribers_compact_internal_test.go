package mockserver

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/jsonnull"
)

// A stored subscriber is the same value as the one given, in a few objects.
func TestCompactSubscriber(t *testing.T) {
	s := func(v string) *string { return &v }
	data := map[string]any{"plan": "pro", "seats": 3.0}
	base := gen.Subscriber{UnderscoreId: "6710a8f0c1e4b0a1b2c3d4e5", SubscriberId: "user-1",
		UnderscoreEnvironmentId: "env", UnderscoreOrganizationId: "org", CreatedAt: "2024-10-24T12:00:00.000Z",
		UpdatedAt: "2024-10-24T12:00:00.000Z", UnderscoreUnderscoreV: &revisionZero, Channels: &noChannels}
	for _, tc := range []struct {
		name string
		edit func(*gen.Subscriber)
	}{
		{"ids and times only", func(*gen.Subscriber) {}},
		{"updated later", func(sub *gen.Subscriber) { sub.UpdatedAt = "2024-10-25T08:30:00.000Z" }},
		{"every profile field", func(sub *gen.Subscriber) {
			sub.FirstName, sub.LastName, sub.Phone, sub.Avatar, sub.Locale = s("Ada"), s("Lovelace"), s("+15550100"), s("https://x/a.png"), s("en-GB")
			sub.Email, sub.Data = jsonnull.Value("ada@example.com"), &data
		}},
		{"some profile fields, empty strings", func(sub *gen.Subscriber) { sub.LastName, sub.Locale = s(""), s("de") }},
		{"null e-mail, unicode", func(sub *gen.Subscriber) { sub.Email, sub.FirstName = jsonnull.Null(), s("Zoë 🐧") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub := base
			tc.edit(&sub)
			got := compactSubscriber(sub)
			assert.Equal(t, sub, *got)
			if sub.FirstName != nil {
				assert.NotSame(t, sub.FirstName, got.FirstName, "the stored value has its own pointers")
			}
		})
	}
}

func BenchmarkCompactSubscriber(b *testing.B) {
	s := func(v string) *string { return &v }
	sub := gen.Subscriber{UnderscoreId: "6710a8f0c1e4b0a1b2c3d4e5", SubscriberId: "user-1", CreatedAt: "2024-10-24T12:00:00.000Z",
		UpdatedAt: "2024-10-24T12:00:00.000Z", FirstName: s("Ada"), LastName: s("Lovelace"), Locale: s("en-GB")}
	b.ReportAllocs()
	for b.Loop() {
		compactSubscriber(sub)
	}
}
