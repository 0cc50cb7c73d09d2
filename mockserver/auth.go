package mockserver

import (
	"context"
	"strings"

	"github.com/labstack/echo/v4"
)

type principalKey struct{}

// principalFrom returns the environment the request's API key belongs to. The pipeline only
// calls handlers of secured operations after auth succeeded, so it is never nil there.
func principalFrom(ctx context.Context) *environment {
	env, _ := ctx.Value(principalKey{}).(*environment)
	return env
}

// authenticate applies Novu's guard: the scheme word decides the strategy, then the key must
// belong to an environment, then the endpoint must be open to API keys, then Development-only
// endpoints refuse Production keys. Auth runs before rate limiting, so 401s carry no RateLimit-*.
func (s *Server) authenticate(c echo.Context, op *operation) (*environment, error) {
	header := c.Request().Header.Get(echo.HeaderAuthorization)
	if header == "" {
		return nil, errUnauthorized("Missing authorization header")
	}
	scheme, key, _ := strings.Cut(header, " ")
	switch scheme {
	case "ApiKey":
	case "Bearer":
		// Dashboard JWTs are outside what the fake issues, so every one is invalid.
		return nil, &apiError{Status: 401, Message: "Unauthorized", NoReason: true}
	default:
		return nil, errUnauthorized(`Invalid authentication scheme: "` + scheme + `"`)
	}
	if strings.TrimSpace(key) == "" {
		return nil, &apiError{Status: 401, Message: "Unauthorized", NoReason: true}
	}
	env := s.store.environmentByKey(key)
	if env == nil {
		return nil, errUnauthorized("API Key not found")
	}
	if op.dashboardOnly {
		return nil, errEndpointNotAvailable()
	}
	if op.developmentOnly && env.parent != nil {
		return nil, errUnauthorized("This action is only allowed in Development environment")
	}
	return env, nil
}
