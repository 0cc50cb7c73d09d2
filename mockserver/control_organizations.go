package mockserver

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/gen/controlapi"
)

// Organizations for parallel test workers: each worker makes its own and sees only its own
// state through its keys, while sharing one process.
func (s *Server) registerOrganizationRoutes(g *echo.Group) {
	g.POST("/organizations", s.controlCreateOrganization)
	g.DELETE("/organizations/:id", s.controlDeleteOrganization)
}

func (s *Server) controlCreateOrganization(c echo.Context) error {
	var req struct {
		Name string `json:"name"`
	}
	if c.Request().ContentLength != 0 {
		if err := c.Bind(&req); err != nil {
			return errBadRequest("body must be JSON like {\"name\":\"worker-3\"}")
		}
	}
	org := s.store.addOrganization(req.Name)
	out := controlapi.CreatedOrganization{OrganizationId: org.id, Name: org.name, Environments: []controlapi.Key{}}
	for _, k := range org.keys {
		out.Environments = append(out.Environments, k.view())
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) controlDeleteOrganization(c echo.Context) error {
	id := c.Param("id")
	envIDs, ok := s.store.deleteOrganization(id)
	if !ok {
		return errNotFound("no organization has the id %q", id)
	}
	s.forgetOrganization(id, envIDs)
	s.faults.clear(id) // rules narrowed to it could never fire again
	return c.NoContent(http.StatusNoContent)
}

// forgetOrganization drops what the server keeps beside the store for an organization.
func (s *Server) forgetOrganization(orgID string, envIDs []string) {
	s.idempotency.forgetOrganization(orgID)
	s.limiter.forget(envIDs)
}
