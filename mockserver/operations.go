package mockserver

import (
	"fmt"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/novumock/novumock/internal/novuext"
)

// operation is one spec operation with the policy the pipeline applies to it. Everything here is
// read from openapi.yaml (its x-novu-* extensions), so the spec stays the only place that says
// which bucket an endpoint draws from or who may call it.
type operation struct {
	id    string
	route *routers.Route
	// secured is false for the few endpoints that take no credentials (the chat OAuth pair, the
	// in-app session routes).
	secured bool
	// subscriberAuth operations are the in-app routes: secured by a subscriber token
	// (SubscriberBearer), not an API key. Novu's throttler and idempotency interceptor only act on
	// API-key requests, so these have no rate limit and no idempotency keys.
	subscriberAuth bool
	// category and cost select the rate-limit bucket and how much a call spends (a key of the
	// spec's x-novu-rate-limits costs).
	category, cost string
	// dashboardOnly endpoints answer every API key with 401; developmentOnly ones refuse a
	// Production key.
	dashboardOnly, developmentOnly bool
	// bodyLimit is the largest request body Novu's body parser takes on this route.
	bodyLimit int64
	// stringBooleans are the body paths whose "true"/"false" strings count as booleans.
	stringBooleans [][]string
	// objectIDs are the body paths whose ObjectIds may be written in capitals.
	objectIDs [][]string
	// pathAndQueryOnly is true when validation reads nothing but the path and the query string
	// (no body, no header or cookie parameter), so that its outcome can be remembered
	// (validate.go, validatedQueries).
	pathAndQueryOnly bool
}

// operations indexes the spec by echo route ("GET /v1/subscribers/:subscriberId").
func operations(doc *openapi3.T) (map[string]*operation, error) {
	bodyLimits, err := novuext.BodyLimitsOf(doc)
	if err != nil {
		return nil, err
	}
	ops := map[string]*operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			rl, hasRateLimit := novuext.OperationRateLimit(op)
			access := novuext.Access(op)
			o := &operation{
				id:              op.OperationID,
				route:           &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: withoutSecurity(op)},
				secured:         op.Security == nil || len(*op.Security) > 0,
				subscriberAuth:  usesScheme(op, subscriberScheme),
				category:        rl.Category,
				cost:            rl.Cost,
				dashboardOnly:   access == "dashboard-only",
				developmentOnly: access == "development-only",
				bodyLimit:       bodyLimits.For(path),
				stringBooleans:  stringBooleanPaths(op),
				objectIDs:       objectIDPaths(op),
			}
			o.pathAndQueryOnly = op.RequestBody == nil && onlyPathAndQuery(op.Parameters) && onlyPathAndQuery(item.Parameters)
			if o.secured && !o.subscriberAuth && !hasRateLimit {
				return nil, fmt.Errorf("%s: no x-novu-rate-limit", op.OperationID)
			}
			ops[method+" "+echoPath(path)] = o
		}
	}
	return ops, nil
}

// onlyPathAndQuery is true when every parameter is in the path or the query.
func onlyPathAndQuery(params openapi3.Parameters) bool {
	for _, ref := range params {
		if p := ref.Value; p == nil || (p.In != openapi3.ParameterInPath && p.In != openapi3.ParameterInQuery) {
			return false
		}
	}
	return true
}

// subscriberScheme is the spec's security scheme of the in-app routes (a subscriber token).
const subscriberScheme = "SubscriberBearer"

// usesScheme is true when one of op's own security requirements names scheme.
func usesScheme(op *openapi3.Operation, scheme string) bool {
	if op.Security == nil {
		return false
	}
	for _, req := range *op.Security {
		if _, ok := req[scheme]; ok {
			return true
		}
	}
	return false
}

// echoPath turns "/v1/topics/{topicKey}" into echo's "/v1/topics/:topicKey".
func echoPath(specPath string) string { return echoPathReplacer.Replace(specPath) }

var echoPathReplacer = strings.NewReplacer("{", ":", "}", "")

// specOperations is operations of the embedded spec, built once per process: the index is
// read-only, and building it was most of New's time (novumocktest starts a fake per test).
var specOperations = sync.OnceValues(func() (map[string]*operation, error) {
	doc, err := loadSpec()
	if err != nil {
		return nil, err
	}
	return operations(doc)
})

// withoutSecurity is the operation as request validation sees it: auth has already run by then,
// and letting kin-openapi walk the security requirements again (with a no-op authenticator)
// only cost allocations on every request.
func withoutSecurity(op *openapi3.Operation) *openapi3.Operation {
	validated := *op
	validated.Security = &openapi3.SecurityRequirements{}
	return &validated
}

// queryDefault is the integer default the spec gives a query parameter of the operation at route
// ("GET /v1/messages"), for the handlers that read a zero as "none" as Novu's controllers do.
func (s *Server) queryDefault(route, name string) int {
	if op := s.ops[route]; op != nil {
		if p := op.route.Operation.Parameters.GetByInAndName(openapi3.ParameterInQuery, name); p != nil &&
			p.Schema != nil && p.Schema.Value != nil {
			if f, ok := p.Schema.Value.Default.(float64); ok {
				return int(f)
			}
		}
	}
	return 0
}
