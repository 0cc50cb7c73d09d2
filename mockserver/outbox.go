package mockserver

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/gen/controlapi"
)

// controlSpec describes the whole control API (control.go and this file).
//
//go:embed control.yaml
var controlSpec []byte

// ControlSpec is the OpenAPI document of the control API.
func ControlSpec() []byte { return controlSpec }

// The outbox lets a test see what the fake "sent": the triggers it received and the messages
// its simulated delivery produced, per environment.
func (s *Server) registerOutboxRoutes(g *echo.Group) {
	g.GET("/triggers", s.controlTriggers)
	g.GET("/outbox", s.controlOutbox)
	g.GET("/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", controlSpec)
	})
}

// controlEnvironment resolves the `environment` query (development or production, by name) in
// the starting organization, or in `organizationId`'s.
func (s *Server) controlEnvironment(c echo.Context) (*environment, error) {
	name := c.QueryParam("environment")
	if name == "" {
		name = "development"
	}
	if env := s.store.environmentNamed(c.QueryParam("organizationId"), name); env != nil {
		return env, nil
	}
	if c.QueryParam("organizationId") != "" {
		return nil, errBadRequest("organizationId must name an organization, and environment be development or production")
	}
	return nil, errBadRequest("environment must be development or production")
}

func (s *Server) controlTriggers(c echo.Context) error {
	env, err := s.controlEnvironment(c)
	if err != nil {
		return err
	}
	out := []controlapi.ReceivedTrigger{}
	for _, t := range s.store.receivedTriggers(env) {
		out = append(out, controlapi.ReceivedTrigger{Environment: t.environment, Name: t.name, To: t.to,
			Payload: t.payload, Broadcast: t.broadcast, ReceivedAt: t.receivedAt, TransactionId: t.transactionID,
			Status: t.status, Error: t.errors})
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) controlOutbox(c echo.Context) error {
	env, err := s.controlEnvironment(c)
	if err != nil {
		return err
	}
	q := outboxQuery{channel: c.QueryParam("channel"), to: c.QueryParam("to")}
	if q.channel != "" && !gen.ChannelType(q.channel).Valid() {
		// A typo would otherwise read as "nothing was sent" and pass a test it should fail.
		return errBadRequest("channel must be one of in_app, email, sms, chat, push")
	}
	out := []controlapi.OutboxEntry{}
	for _, m := range s.store.deliveries(env, q) {
		out = append(out, outboxEntry(m))
	}
	return c.JSON(http.StatusOK, out)
}

// outboxEntry is a sent message as the control API shows it.
func outboxEntry(m sentMessage) controlapi.OutboxEntry {
	msg := m.msg
	return controlapi.OutboxEntry{Environment: m.environment, Channel: controlapi.OutboxEntryChannel(msg.Channel),
		SubscriberId: m.subscriberID, ProviderId: msg.ProviderId, Workflow: msg.TemplateIdentifier,
		TransactionId: msg.TransactionId, MessageId: msg.UnderscoreId, Subject: deref(msg.Subject),
		Title: deref(msg.Title), Content: messageText(msg.Content), Html: m.html, To: m.to, Payload: msg.Payload,
		SentAt: msg.CreatedAt}
}
