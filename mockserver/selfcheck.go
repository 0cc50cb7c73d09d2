package mockserver

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/labstack/echo/v4"
)

// registerHTMLDecoder lets the self-check read the chat OAuth callback's HTML page. kin-openapi
// keeps body decoders in a package registry, so this is done once, explicitly, from New rather
// than as an import side effect.
var registerHTMLDecoder = sync.OnceFunc(func() {
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
})

// responseRoutes are the self-check's routes by operationId. They point into the whole spec:
// the pipeline's own routes point into the request-side document, which has no responses, and
// kin-openapi passes any answer of an operation that lists none.
var responseRoutes = sync.OnceValues(func() (map[string]*routers.Route, error) {
	doc, err := loadFullSpec()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	routes := map[string]*routers.Route{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			routes[op.OperationID] = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return routes, nil
})

var responseValidationOptions = &openapi3filter.Options{
	IncludeResponseStatus: true,
	MultiError:            true,
}

// checkResponse is the --validate-responses debug switch: the fake validates each of its own
// answers (errors included) against the spec and reports any violation. The test suite runs
// with it on, so a handler that drifts from openapi.yaml fails a test.
func (s *Server) checkResponse(c echo.Context, op *operation, next echo.HandlerFunc) error {
	if err := next(c); err != nil {
		c.Error(err)
	}
	req := c.Request()
	res := c.Response()
	routes, err := responseRoutes()
	route := routes[op.id]
	if err == nil && route == nil {
		err = fmt.Errorf("operation %s is not in the spec", op.id)
	}
	if err == nil {
		err = openapi3filter.ValidateResponse(req.Context(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: route, Options: validationOptions},
			Status:                 res.Status,
			Header:                 res.Header(),
			Body:                   io.NopCloser(bytes.NewReader(answerBody(c))),
			Options:                responseValidationOptions,
		})
	}
	if err != nil {
		if s.opts.OnResponseViolation != nil {
			s.opts.OnResponseViolation(req.Method, requestPath(req), res.Status, err)
		} else {
			s.log.Warn("response breaks the spec", "operation", op.id, "status", res.Status, "err", err)
		}
	}
	return nil
}
