package mockserver

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/novumock/novumock/gen"
)

func TestRender_Paths(t *testing.T) {
	email := "ada@example.com"
	sub := gen.Subscriber{SubscriberId: "ada", FirstName: ptrTo("Ada"), Email: &email,
		Data:     &map[string]any{"plan": "pro", "seats": 3.0},
		Channels: &[]gen.SubscriberChannel{{ProviderId: "slack"}}}
	vars := map[string]any{"subscriber": sub, "payload": map[string]any{"order": map[string]any{"id": "A-1"}, "items": []any{"x", "y"}}}
	tests := []struct{ tmpl, want string }{
		{"Hi {{subscriber.firstName}}", "Hi Ada"},
		{"{{subscriber.email}}", "ada@example.com"},
		{"{{subscriber.data.plan}} x{{subscriber.data.seats}}", "pro x3"},
		{"{{subscriber.channels.length}} {{subscriber.channels.0.providerId}}", "1 slack"},
		{"[{{subscriber.lastName}}]", "[]"}, // nil pointer: absent
		{"[{{subscriber.nope}}]", "[]"},
		{"{{payload.order.id}} {{payload.items.length}}", "A-1 2"},
		{"{{payload.html}}", ""},
		{"{{{payload.order.id}}}", "A-1"},
		{"{{#if payload.order}}yes{{/if}}", "yes"}, // block tags render as nothing; the text between stays
	}
	vars["payload"].(map[string]any)["html"] = nil
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			assert.Equal(t, tt.want, render(tt.tmpl, vars))
		})
	}
	assert.Equal(t, "&lt;b&gt;", render("{{payload.tag}}", map[string]any{"payload": map[string]any{"tag": "<b>"}}))
}
