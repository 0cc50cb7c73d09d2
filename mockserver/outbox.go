package mockserver

import (
	_ "embed"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/gen"
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
	orgID := c.QueryParam("organizationId")
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	for _, org := range s.store.orgs {
		if orgID != "" && org.id != orgID {
			continue
		}
		for _, env := range org.envs {
			if strings.EqualFold(env.model.Name, name) {
				return env, nil
			}
		}
		if orgID == "" {
			break
		}
	}
	if orgID != "" && len(s.store.orgs) > 0 {
		return nil, errBadRequest("organizationId must name an organization, and environment be development or production")
	}
	return nil, errBadRequest("environment must be development or production")
}

func (s *Server) controlTriggers(c echo.Context) error {
	env, err := s.controlEnvironment(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.store.receivedTriggers(env))
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
	return c.JSON(http.StatusOK, s.store.deliveries(env, q))
}
