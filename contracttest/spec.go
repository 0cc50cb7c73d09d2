package contracttest

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/novuext"
)

// specOp is one documented operation with what the suite needs to know about it, all read from
// openapi.yaml (its x-novu-* extensions included) so that the suite never drifts from the spec.
type specOp struct {
	ID, Method, Path, Section string
	Op                        *openapi3.Operation
	Route                     *routers.Route
	Statuses                  []int // documented response codes, ascending
	// Secured is true for operations that take the API key: not the two chat OAuth pages nor
	// the in-app session routes (no credentials), nor the in-app routes (Subscriber).
	Secured bool
	// Subscriber operations take a subscriber's bearer token (SubscriberBearer), which only a
	// session opened by the suite's own scenarios has.
	Subscriber   bool
	Access       string
	RateLimit    novuext.RateLimit
	Body         *openapi3.Schema // application/json request body, or nil
	BodyRequired bool
}

// subscriberScheme is true when op's security names the subscriber bearer token.
func subscriberScheme(op *openapi3.Operation) bool {
	if op.Security == nil {
		return false
	}
	for _, req := range *op.Security {
		if _, ok := req["SubscriberBearer"]; ok {
			return true
		}
	}
	return false
}

func (o *specOp) documents(status int) bool { return slices.Contains(o.Statuses, status) }

func (o *specOp) successStatus() int {
	for _, s := range o.Statuses {
		if s >= 200 && s < 300 {
			return s
		}
	}
	return 0
}

// spec is the contract, indexed by operationId.
type spec struct {
	doc   *openapi3.T
	rates *novuext.RatePolicy
	ops   map[string]*specOp
	order []string // operationIds sorted by section, path, method
}

// loadSpec reads the spec embedded in gen (the same document the fake is generated from).
func loadSpec() (*spec, error) {
	doc, err := gen.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	// Servers are cleared so that routes match whatever host the target has (oapi-codegen #882).
	doc.Servers = nil
	relaxUnvalidated(doc)
	rates, err := novuext.RatePolicyOf(doc)
	if err != nil {
		return nil, err
	}
	s := &spec{doc: doc, rates: rates, ops: map[string]*specOp{}}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			o := &specOp{
				ID: op.OperationID, Method: method, Path: path, Op: op,
				Route:      &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op},
				Secured:    (op.Security == nil || len(*op.Security) > 0) && !subscriberScheme(op),
				Subscriber: subscriberScheme(op),
				Access:     novuext.Access(op),
			}
			o.RateLimit, _ = novuext.OperationRateLimit(op)
			if len(op.Tags) > 0 {
				o.Section = op.Tags[0]
			}
			for code := range op.Responses.Map() {
				if n, err := strconv.Atoi(code); err == nil {
					o.Statuses = append(o.Statuses, n)
				}
			}
			sort.Ints(o.Statuses)
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
					o.Body = mt.Schema.Value
					o.BodyRequired = rb.Value.Required
				}
			}
			s.ops[o.ID] = o
			s.order = append(s.order, o.ID)
		}
	}
	sort.Slice(s.order, func(i, j int) bool {
		a, b := s.ops[s.order[i]], s.ops[s.order[j]]
		if a.Section != b.Section {
			return a.Section < b.Section
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Method < b.Method
	})
	return s, nil
}

// op returns the operation or panics: callers name operations with literals from the spec, and
// a test (every scenario names a real operation) catches a typo before any target sees it.
func (s *spec) op(id string) *specOp {
	o, ok := s.ops[id]
	if !ok {
		panic("contracttest: unknown operationId " + id)
	}
	return o
}

// expand fills the path template ("/v1/topics/{topicKey}") with escaped values.
func (o *specOp) expand(params map[string]string) string {
	p := o.Path
	for k, v := range params {
		p = strings.ReplaceAll(p, "{"+k+"}", urlPathEscape(v))
	}
	return p
}

// pathParams lists the names of the operation's path parameters.
func (o *specOp) pathParams() []string {
	var names []string
	for _, p := range o.Route.PathItem.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
			names = append(names, p.Value.Name)
		}
	}
	for _, p := range o.Op.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
			names = append(names, p.Value.Name)
		}
	}
	return names
}

// queryParams lists the operation's query parameters.
func (o *specOp) queryParams() []*openapi3.Parameter {
	var out []*openapi3.Parameter
	for _, p := range o.Op.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
			out = append(out, p.Value)
		}
	}
	return out
}
