package mockserver

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock"
	"github.com/novumock/novumock/gen"
)

// Service routes are the fake's own, outside Novu's contract: the spec it serves, a health
// probe and the control API. The pipeline lets them through untouched.
const controlPrefix = "/_novumock"

func isServiceRoute(path string) bool {
	switch path {
	case "/openapi.yaml", "/openapi.json", "/healthz":
		return true
	}
	return strings.HasPrefix(path, controlPrefix+"/")
}

func (s *Server) registerServiceRoutes(e *echo.Echo) {
	specJSON, _ := gen.GetSpecJSON()
	e.GET("/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", novumock.OpenAPIYAML)
	})
	e.GET("/openapi.json", func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, specJSON)
	})
	e.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	s.registerControlRoutes(e)
}
