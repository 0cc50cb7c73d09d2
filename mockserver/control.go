package mockserver

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/gen/controlapi"
)

// The control API lets tests steer the fake: reset state, read the keys, move the clock, change
// the rate-limit level, and read what triggers and deliveries happened (the outbox). It is
// described in control.yaml and answers only loopback clients unless told otherwise
// (Options.ControlFromAnyAddress, Options.ControlToken), since it can wipe all state.

func (s *Server) registerControlRoutes(e *echo.Echo) {
	g := e.Group(controlPrefix, s.controlAccess)
	g.POST("/reset", s.controlReset)
	g.GET("/keys", s.controlKeys)
	g.POST("/clock/advance", s.controlAdvance)
	g.GET("/clock", s.controlClock)
	g.PUT("/rate-limit", s.controlRateLimit)
	g.GET("/rate-limit", s.controlRateLimitGet)
	s.registerOutboxRoutes(g)
	s.registerConsoleRoutes(g)
	s.registerJournalRoutes(g)
	s.registerFaultRoutes(g)
	s.registerOrganizationRoutes(g)
	s.registerStateRoutes(g)
}

// controlAccess trusts the socket's peer address, never a forwarding header, and then the
// bearer token when one is configured (compared in constant time).
func (s *Server) controlAccess(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !s.opts.ControlFromAnyAddress {
			host, _, err := net.SplitHostPort(c.Request().RemoteAddr)
			if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
				return newError(http.StatusForbidden, "the control API answers loopback clients only")
			}
		}
		if s.opts.ControlToken != "" {
			req := c.Request()
			scheme, token, _ := strings.Cut(req.Header.Get("Authorization"), " ")
			ok := strings.EqualFold(scheme, "Bearer") && s.controlTokenIs(token)
			console := isConsolePath(req.URL.Path)
			if console && !ok {
				// A browser cannot send a bearer token but sends Basic credentials when asked,
				// so the console also takes the token as the password (any user name).
				_, password, basic := req.BasicAuth()
				ok = basic && s.controlTokenIs(password)
			}
			if !ok {
				msg, challenge := "the control API needs Authorization: Bearer <the --control-token>", `Bearer realm="novumock control API"`
				if console {
					msg += " (a browser: any user name, the token as password)"
					challenge += `, Basic realm="novumock console", charset="UTF-8"`
				}
				e := newError(http.StatusUnauthorized, "%s", msg)
				e.Header = http.Header{"Www-Authenticate": {challenge}}
				return e
			}
		}
		return next(c)
	}
}

// controlTokenIs compares in constant time.
func (s *Server) controlTokenIs(token string) bool {
	return subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.ControlToken)) == 1
}

func (s *Server) controlReset(c echo.Context) error {
	if id := c.QueryParam("organizationId"); id != "" {
		if !s.resetOrganization(id) {
			return errNotFound("no organization has the id %q", id)
		}
		return c.NoContent(http.StatusNoContent)
	}
	s.resetState()
	return c.NoContent(http.StatusNoContent)
}

// resetState drops all state, idempotency records and rate-limit buckets (the control API's
// reset without an organization).
func (s *Server) resetState() {
	s.store.reset(s.opts.DevAPIKey, s.opts.ProdAPIKey)
	s.idempotency.reset()
	s.limiter.SetLevel(s.limiter.Level())
	s.consoleHub.Publish("") // every open console page re-reads
}

// resetOrganization empties one organization (the control API's scoped reset and the
// console's reset); false when there is none with that id.
func (s *Server) resetOrganization(id string) bool {
	envIDs, ok := s.store.resetOrganization(id)
	if !ok {
		return false
	}
	s.forgetOrganization(id, envIDs)
	s.consoleHub.Publish("")
	return true
}

func (s *Server) controlKeys(c echo.Context) error {
	var keys []controlapi.Key
	for _, k := range s.store.environmentKeys() {
		keys = append(keys, k.view())
	}
	return c.JSON(http.StatusOK, keys)
}

// view is the key as the control API answers it.
func (k environmentKey) view() controlapi.Key {
	return controlapi.Key{OrganizationId: k.organizationID, Environment: k.environment, EnvironmentId: k.environmentID,
		ApplicationIdentifier: k.applicationIdentifier, ApiKey: k.apiKey}
}

func (s *Server) controlClock(c echo.Context) error {
	now := s.clock.Now()
	if id := c.QueryParam("organizationId"); id != "" {
		var ok bool
		if now, ok = s.store.organizationTime(id); !ok {
			return errNotFound("no organization has the id %q", id)
		}
	}
	return c.JSON(http.StatusOK, controlapi.Clock{Now: formatTime(now)})
}

func (s *Server) controlAdvance(c echo.Context) error {
	var req struct {
		Duration string `json:"duration"`
	}
	if err := c.Bind(&req); err != nil {
		return errBadRequest("body must be JSON like {\"duration\":\"90s\"}")
	}
	d, err := time.ParseDuration(req.Duration)
	if err != nil || d <= 0 {
		return errBadRequest("duration must be a positive Go duration such as 90s or 2h")
	}
	if id := c.QueryParam("organizationId"); id != "" {
		if !s.store.advanceOrganization(id, d) {
			return errNotFound("no organization has the id %q", id)
		}
	} else {
		s.clock.Advance(d)
	}
	s.store.settleDue() // the sockets hear of what came due (emitLive emits it after this request)
	return s.controlClock(c)
}

func (s *Server) controlRateLimitGet(c echo.Context) error {
	return c.JSON(http.StatusOK, controlapi.RateLimit{Level: controlapi.RateLimitLevel(s.limiter.Level())})
}

func (s *Server) controlRateLimit(c echo.Context) error {
	var req controlapi.RateLimit
	if err := c.Bind(&req); err != nil || !s.limiter.policy.ValidLevel(string(req.Level)) {
		return errBadRequest("level must be one of %s", s.limiter.policy.LevelNames())
	}
	s.limiter.SetLevel(string(req.Level))
	return c.JSON(http.StatusOK, req)
}
