package mockserver

import (
	"bytes"
	"io"
	"sync"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"
)

// registerHTMLDecoder lets the self-check read the chat OAuth callback's HTML page. kin-openapi
// keeps body decoders in a package registry, so this is done once, explicitly, from New rather
// than as an import side effect.
var registerHTMLDecoder = sync.OnceFunc(func() {
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
})

var responseValidationOptions = &openapi3filter.Options{
	IncludeResponseStatus: true,
	MultiError:            true,
}

// checkResponse is the --validate-responses debug switch: the fake validates each of its own
// answers (errors included) against the spec and reports any violation. The test suite runs
// with it on, so a handler that drifts from openapi.yaml fails a test.
func (s *Server) checkResponse(c echo.Context, op *operation, next echo.HandlerFunc) error {
	rec := &responseRecorder{ResponseWriter: c.Response().Writer}
	c.Response().Writer = rec
	if err := next(c); err != nil {
		c.Error(err)
	}
	req := c.Request()
	res := c.Response()
	err := openapi3filter.ValidateResponse(req.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: op.route, Options: validationOptions},
		Status:                 res.Status,
		Header:                 res.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.body.Bytes())),
		Options:                responseValidationOptions,
	})
	if err != nil {
		if s.opts.OnResponseViolation != nil {
			s.opts.OnResponseViolation(req.Method, requestPath(req), res.Status, err)
		} else {
			s.log.Warn("response breaks the spec", "operation", op.id, "status", res.Status, "err", err)
		}
	}
	return nil
}
