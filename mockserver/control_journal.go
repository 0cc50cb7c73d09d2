package mockserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// The journal's control routes: GET /_novumock/requests reads it, DELETE empties it (or one
// organization's part of it).
func (s *Server) registerJournalRoutes(g *echo.Group) {
	g.GET("/requests", s.controlRequests)
	g.DELETE("/requests", func(c echo.Context) error {
		if id := c.QueryParam("organizationId"); id != "" {
			s.journal.clearOrganization(id)
		} else {
			s.ClearRequests()
		}
		return c.NoContent(http.StatusNoContent)
	})
}

func (s *Server) controlRequests(c echo.Context) error {
	q, err := journalQueryOf(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.Requests(q))
}

// journalQueryOf reads ListRequests' query parameters (control.yaml).
func journalQueryOf(c echo.Context) (JournalQuery, error) {
	q := JournalQuery{OperationID: c.QueryParam("operationId"), Method: c.QueryParam("method"),
		Path: c.QueryParam("path"), Status: c.QueryParam("status"), SubscriberID: c.QueryParam("subscriberId"),
		Workflow: c.QueryParam("workflow"), OrganizationID: c.QueryParam("organizationId")}
	if b := c.QueryParam("body"); b != "" {
		if err := json.Unmarshal([]byte(b), &q.Body); err != nil {
			return q, errBadRequest("body must be a JSON value such as {\"payload\":{\"orderId\":\"A-1\"}}")
		}
	}
	for name, t := range map[string]*time.Time{"since": &q.Since, "until": &q.Until} {
		if v := c.QueryParam(name); v != "" {
			parsed, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return q, errBadRequest("%s must be an RFC 3339 instant such as 2024-10-24T12:00:00.000Z", name)
			}
			*t = parsed
		}
	}
	var err error
	if q.Page, err = intParam(c, "page", 0, 0, 1<<30); err != nil {
		return q, err
	}
	if q.Limit, err = intParam(c, "limit", 50, 1, 1000); err != nil {
		return q, err
	}
	return q, nil
}

func intParam(c echo.Context, name string, def, lo, hi int) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, errBadRequest("%s must be an integer from %d to %d", name, lo, hi)
	}
	return n, nil
}
