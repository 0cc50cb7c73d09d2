package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/gen"
)

// apiError is every non-2xx answer of the fake. Message is a string for business rules and a
// list of strings for request validation, as Novu sends them. Novu's wording lives only in the
// constructors below and in the section handlers that build APIErrors with exact messages.
type apiError struct {
	Status int
	// Message is a string or a []string.
	Message any
	// NoReason leaves out the `error` reason phrase, as Novu does for 429 and a bare 401.
	NoReason bool
	Header   http.Header
}

func (e *apiError) Error() string { return fmt.Sprintf("%d: %v", e.Status, e.Message) }

// StatusCode and Headers follow the kin-openapi / go-kit error conventions.
func (e *apiError) StatusCode() int      { return e.Status }
func (e *apiError) Headers() http.Header { return e.Header }

func newError(status int, format string, args ...any) *apiError {
	return &apiError{Status: status, Message: fmt.Sprintf(format, args...)}
}

func errBadRequest(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, format, args...)
}

// errValidation is class-validator's answer: 400 with the list of violated constraints.
func errValidation(messages ...string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Message: messages}
}

func errNotFound(format string, args ...any) *apiError {
	return newError(http.StatusNotFound, format, args...)
}

// errBareNotFound is Nest's NotFoundException thrown without a message: its body is
// {statusCode, message: "Not Found"}, without the `error` reason (Nest's createBody).
func errBareNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "Not Found", NoReason: true}
}

func errConflict(format string, args ...any) *apiError {
	return newError(http.StatusConflict, format, args...)
}

func errUnprocessable(format string, args ...any) *apiError {
	return newError(http.StatusUnprocessableEntity, format, args...)
}

func errUnauthorized(message string) *apiError {
	return newError(http.StatusUnauthorized, "%s", message)
}

// errEndpointNotAvailable answers an API key on a dashboard-only endpoint.
func errEndpointNotAvailable() *apiError { return errUnauthorized("API endpoint not available") }

// errRouteNotFound is what Nest answers for a path no controller serves (it has no 405 either),
// naming the method and path as the client sent them.
func errRouteNotFound(req *http.Request) *apiError {
	path, _, _ := strings.Cut(requestPath(req), "?")
	return errNotFound("Cannot %s %s", originalMethod(req), path)
}

// originalMethod is the request's method before beforeRouting ran HEAD as GET.
func originalMethod(req *http.Request) string {
	if m, ok := req.Context().Value(headMethodKey{}).(string); ok {
		return m
	}
	return req.Method
}

func errPayloadTooLarge() *apiError {
	return newError(http.StatusRequestEntityTooLarge, "request entity too large")
}

func errRateLimited(retryAfterSeconds int) *apiError {
	return &apiError{
		Status:   http.StatusTooManyRequests,
		Message:  "API rate limit exceeded",
		NoReason: true,
		Header:   http.Header{"Retry-After": {strconv.Itoa(retryAfterSeconds)}},
	}
}

// errorBody renders an apiError in Novu's exception-filter shape.
func errorBody(e *apiError, path string, now time.Time) gen.ErrorBody {
	ts := formatTime(now)
	body := gen.ErrorBody{
		StatusCode: e.Status,
		Path:       &path,
		Timestamp:  &ts,
	}
	switch m := e.Message.(type) {
	case []string:
		_ = body.Message.FromErrorBodyMessage1(m)
	case string:
		_ = body.Message.FromErrorBodyMessage0(m)
	default:
		_ = body.Message.FromErrorBodyMessage0(fmt.Sprint(m))
	}
	if !e.NoReason {
		reason := http.StatusText(e.Status)
		if e.Status == http.StatusRequestEntityTooLarge {
			reason = "Payload Too Large" // Nest's wording, not Go's
		}
		body.Error = &reason
	}
	return body
}

// handleError is echo's HTTPErrorHandler: every error leaves the fake in Novu's error shape.
// Anything that is not an apiError is a bug in the fake: it is logged and answered with Novu's
// opaque 500 body, never with internals.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	var apiErr *apiError
	var httpErr *echo.HTTPError
	switch {
	case errors.As(err, &apiErr):
	case errors.As(err, &httpErr):
		apiErr = fromEchoError(httpErr, c.Request())
	default:
		apiErr = nil
	}
	req := c.Request()
	if apiErr == nil {
		id := uuid.NewString()
		s.log.Error("internal error", "errorId", id, "method", req.Method, "path", req.URL.Path, "err", err)
		body := errorBody(&apiError{Status: 500, NoReason: true,
			Message: "Internal server error, contact support and provide them with the errorId"}, requestPath(req), s.requestTime(req))
		body.ErrorId = &id
		_ = c.JSON(http.StatusInternalServerError, body)
		return
	}
	for k, vs := range apiErr.Header {
		for _, v := range vs {
			c.Response().Header().Add(k, v)
		}
	}
	_ = c.JSON(apiErr.Status, errorBody(apiErr, requestPath(req), s.requestTime(req)))
}

// requestPath is the path and query exactly as the client sent them (validation adds default
// query parameters to req.URL, which must not show up in an error's path).
func requestPath(req *http.Request) string {
	if req.RequestURI != "" {
		return req.RequestURI
	}
	return req.URL.RequestURI()
}

// fromEchoError translates the few errors echo itself raises (unknown route, body too large).
func fromEchoError(e *echo.HTTPError, req *http.Request) *apiError {
	switch e.Code {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return errRouteNotFound(req)
	case http.StatusRequestEntityTooLarge:
		return errPayloadTooLarge()
	}
	if e.Code >= 400 && e.Code < 500 {
		return newError(e.Code, "%v", e.Message)
	}
	return nil
}
