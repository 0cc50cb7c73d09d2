package mockserver

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/handlebars"
)

func TestStamp_SameAsFormatTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var d deliveryState
	base := time.Date(2024, 10, 24, 12, 0, 0, 0, time.UTC)
	times := []time.Time{base, time.Unix(0, 0), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1e6-1, time.UTC), base.In(time.FixedZone("X", -5*3600))}
	for range 5000 {
		// Steps below and above a millisecond, so the cache both hits and misses.
		base = base.Add(time.Duration(rng.Int64N(int64(3 * time.Millisecond))))
		times = append(times, base)
	}
	for range 1000 {
		times = append(times, time.Unix(rng.Int64N(1<<36)-1<<35, rng.Int64N(1e9)))
	}
	for _, tm := range times {
		assert.Equal(t, formatTime(tm), d.stamp(tm), tm.String())
	}
}

// TestWithPreheader: the preheader block goes right after the first <body> tag, attributes
// and all, and nowhere without one (the cases of send-message-email.e2e.ts at v2.0.0).
func TestWithPreheader(t *testing.T) {
	tests := []struct{ name, layout, want string }{
		{"no body tag", "", ""},
		{"plain body", "<html><body><div>Hello World</div></body></html>",
			"<html><body>" + preheaderBlock + "<div>Hello World</div></body></html>"},
		{"body with attributes", `<html><body attribute="value"><div>Hello World</div></body></html>`,
			`<html><body attribute="value">` + preheaderBlock + "<div>Hello World</div></body></html>"},
		{"text before html", "<div> </div> \n <html><body attribute=\"value\"><div>Hello World</div></body></html>",
			"<div> </div> \n <html><body attribute=\"value\">" + preheaderBlock + "<div>Hello World</div></body></html>"},
		{"only the first body", "<html><body><div>Hello World</div> <body></body></html>",
			"<html><body>" + preheaderBlock + "<div>Hello World</div> <body></body></html>"},
		{"a tag that only starts with body", "<bodyx>x</bodyx>", "<bodyx>x</bodyx>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := withPreheader(tt.layout); got != tt.want {
				t.Errorf("withPreheader(%q) = %q, want %q", tt.layout, got, tt.want)
			}
		})
	}
	if !strings.HasPrefix(preheaderBlock, "{{#if preheader}}\n          <div style=\"display: none; max-height: 0px; overflow: hidden;\">\n            {{preheader}}") ||
		!strings.HasSuffix(preheaderBlock, "</div>\n        {{/if}}") {
		t.Errorf("preheaderBlock is not Novu's: %q", preheaderBlock)
	}
}

// compileDataLocked spreads the payload and puts the contexts over it as Novu's worker does:
// the subscriber always, actor, tenant and step only when the notification has them (else a
// payload key of that name stays, and step defaults to {digest: false}), and the branding
// always; a payload key "payload" is the payload's own.
func TestCompileData_ContextsOverThePayload(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	env := s.store.environmentByKey(DefaultDevAPIKey)
	sub := &gen.Subscriber{SubscriberId: "ada", FirstName: ptrTo("Ada")}
	actor := &gen.Subscriber{SubscriberId: "bob"}
	tenant := &gen.Tenant{Identifier: "acme"}
	payload := map[string]any{"x": 1.0, "payload": "p", "subscriber": "p", "actor": "p", "tenant": "p", "step": "p", "branding": "p"}
	view := func(v any) any { return handlebars.Values(v) }
	tests := []struct {
		name string
		n    notification
		want map[string]any
	}{
		{"payload keys stay where the notification has no such context",
			notification{subscriber: sub, payload: payload},
			map[string]any{"x": 1.0, "payload": "p", "actor": "p", "tenant": "p", "step": "p",
				"subscriber": view(sub), "branding": view(defaultBranding)}},
		{"contexts win",
			notification{subscriber: sub, actor: actor, tenant: tenant, stepVars: map[string]any{"digest": true}, payload: payload},
			map[string]any{"x": 1.0, "payload": "p", "actor": view(actor), "tenant": view(tenant), "step": map[string]any{"digest": true},
				"subscriber": view(sub), "branding": view(defaultBranding)}},
		{"step defaults",
			notification{subscriber: sub, payload: map[string]any{}},
			map[string]any{"step": view(stepBeforeDigest), "subscriber": view(sub), "branding": view(defaultBranding)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.store.compileDataLocked(env, &tt.n)
			assert.Equal(t, tt.want, map[string]any(got))
		})
	}
}
