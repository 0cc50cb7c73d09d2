package mockserver

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/gen/controlapi"
)

// The fault rules' control routes (faults.go has the rules themselves).
func (s *Server) registerFaultRoutes(g *echo.Group) {
	g.GET("/faults", func(c echo.Context) error {
		return c.JSON(http.StatusOK, s.faults.list(c.QueryParam("organizationId")))
	})
	g.PUT("/faults", s.controlAddFaults)
	g.DELETE("/faults", func(c echo.Context) error {
		s.faults.clear(c.QueryParam("organizationId"))
		return c.NoContent(http.StatusNoContent)
	})
	g.DELETE("/faults/:id", func(c echo.Context) error {
		if !s.faults.delete(c.Param("id")) {
			return errNotFound("no fault rule has the id %q", c.Param("id"))
		}
		return c.NoContent(http.StatusNoContent)
	})
}

func (s *Server) controlAddFaults(c echo.Context) error {
	var rules []controlapi.FaultRule
	if err := c.Bind(&rules); err != nil {
		return errBadRequest("body must be a JSON array of fault rules")
	}
	list, err := s.faults.add(rules, s.knownOperation)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) knownOperation(id string) bool {
	for _, op := range s.ops {
		if op.id == id {
			return true
		}
	}
	return false
}
