package main

import (
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/internal/smtprelay/smtptest"
	"github.com/novumock/novumock/mockserver"
)

// serve --smtp-relay forwards each e-mail the fake sends to an SMTP server, as the provider
// would get it: the integration's sender, the subscriber's address, the rendered subject, the
// HTML in its layout; an SMS is not relayed.
func TestServe_SMTPRelay(t *testing.T) {
	sink := smtptest.NewServer(t)
	base, stop := startServe(t, "--smtp-relay", sink.Addr)
	api := novuClient{t: t, base: base, key: mockserver.DefaultDevAPIKey}
	sendgrid := api.call("POST", "/v1/integrations", map[string]any{"providerId": "sendgrid", "channel": "email", "active": true,
		"check": false, "credentials": map[string]any{"from": "orders@acme.test", "senderName": "Acme Störe"}}, 201)["data"].(map[string]any)
	api.call("POST", "/v1/integrations/"+sendgrid["_id"].(string)+"/set-primary", map[string]any{}, 201)
	api.call("POST", "/v1/integrations", map[string]any{"providerId": "twilio", "channel": "sms", "active": true, "check": false}, 201)
	api.call("POST", "/v1/subscribers", map[string]any{"subscriberId": "ada", "email": "ada@example.com",
		"phone": "+15555550100", "firstName": "Ada"}, 201)
	api.call("POST", "/v1/layouts", map[string]any{"name": "Acme", "identifier": "acme",
		"content": `<div class="brand">{{{body}}}<p>Sent to {{subscriber.email}}</p></div>`}, 201)
	groupID := api.call("GET", "/v1/notification-groups", nil, 200)["data"].([]any)[0].(map[string]any)["_id"]
	api.call("POST", "/v1/workflows", map[string]any{"name": "Order shipped", "notificationGroupId": groupID, "active": true,
		"steps": []any{
			map[string]any{"template": map[string]any{"type": "sms", "content": "Order {{order}} shipped"}},
			map[string]any{"template": map[string]any{"type": "email", "subject": "Größe {{order}} shipped",
				"content": "<p>Hello {{subscriber.firstName}}, order <b>{{order}}</b> is on its way.</p>"}},
		}}, 201)
	api.call("POST", "/v1/events/trigger", map[string]any{"name": "order-shipped", "to": "ada", "transactionId": "relay-1",
		"payload": map[string]any{"order": "A-17"}, "overrides": map[string]any{"layoutIdentifier": "acme"}}, 201)

	got := sink.Wait(t, 1, 30*time.Second)
	require.Len(t, got, 1)
	assert.Equal(t, "orders@acme.test", got[0].From)
	assert.Equal(t, "ada@example.com", got[0].To)
	msg, err := mail.ReadMessage(strings.NewReader(got[0].Data))
	require.NoError(t, err, got[0].Data)
	from, err := mail.ParseAddress(msg.Header.Get("From"))
	require.NoError(t, err)
	assert.Equal(t, "Acme Störe", from.Name)
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	require.NoError(t, err)
	assert.Equal(t, "Größe A-17 shipped", subject)
	assert.Equal(t, "relay-1", msg.Header.Get("X-Novumock-Transaction-Id"))
	assert.Equal(t, "order-shipped", msg.Header.Get("X-Novumock-Workflow"))
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	require.NoError(t, err)
	assert.Equal(t, `<div class="brand"><p>Hello Ada, order <b>A-17</b> is on its way.</p><p>Sent to ada@example.com</p></div>`,
		strings.TrimSpace(string(body)))

	code, out := stop()
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "e-mails relayed to SMTP "+sink.Addr)
}
