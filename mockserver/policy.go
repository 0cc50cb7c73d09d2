package mockserver

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// operation is one spec operation with the policy the pipeline applies to it. Everything here is
// read from openapi.yaml (its x-novu-* extensions), so the spec stays the only place that says
// which bucket an endpoint draws from or who may call it.
type operation struct {
	id    string
	route *routers.Route
	// secured is false for the few endpoints that take no API key (the chat OAuth pair).
	secured bool
	// category and cost select the rate-limit bucket and how much a call spends (a key of the
	// spec's x-novu-rate-limits costs).
	category, cost string
	// dashboardOnly endpoints answer every API key with 401; developmentOnly ones refuse a
	// Production key.
	dashboardOnly, developmentOnly bool
	// bodyLimit is the largest request body Novu's body parser takes on this route.
	bodyLimit int64
}

// operations indexes the spec by echo route ("GET /v1/subscribers/:subscriberId").
func operations(doc *openapi3.T) (map[string]*operation, error) {
	var bodyLimits struct {
		Default      int64            `json:"default"`
		ByPathPrefix map[string]int64 `json:"byPathPrefix"`
	}
	if err := readExtension(doc.Extensions, "x-novu-body-limits", &bodyLimits); err != nil {
		return nil, err
	}
	if bodyLimits.Default <= 0 {
		return nil, fmt.Errorf("x-novu-body-limits: no default")
	}
	ops := map[string]*operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			o := &operation{
				id:        op.OperationID,
				route:     &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: withoutSecurity(op)},
				secured:   op.Security == nil || len(*op.Security) > 0,
				category:  "global",
				cost:      "single",
				bodyLimit: bodyLimits.Default,
			}
			if rl, ok := op.Extensions["x-novu-rate-limit"].(map[string]any); ok {
				if c, ok := rl["category"].(string); ok {
					o.category = c
				}
				if c, ok := rl["cost"].(string); ok {
					o.cost = c
				}
			} else if o.secured {
				return nil, fmt.Errorf("%s: no x-novu-rate-limit", op.OperationID)
			}
			switch op.Extensions["x-novu-access"] {
			case "dashboard-only":
				o.dashboardOnly = true
			case "development-only":
				o.developmentOnly = true
			}
			longest := ""
			for prefix, limit := range bodyLimits.ByPathPrefix {
				if strings.HasPrefix(path, prefix) && len(prefix) > len(longest) {
					longest, o.bodyLimit = prefix, limit
				}
			}
			ops[method+" "+echoPath(path)] = o
		}
	}
	return ops, nil
}

// echoPath turns "/v1/topics/{topicKey}" into echo's "/v1/topics/:topicKey".
func echoPath(specPath string) string {
	r := strings.NewReplacer("{", ":", "}", "")
	return r.Replace(specPath)
}

// withoutSecurity is the operation as request validation sees it: auth has already run by then,
// and letting kin-openapi walk the security requirements again (with a no-op authenticator)
// only cost allocations on every request.
func withoutSecurity(op *openapi3.Operation) *openapi3.Operation {
	validated := *op
	validated.Security = &openapi3.SecurityRequirements{}
	return &validated
}

// readExtension decodes the document-level extension name (a rule OpenAPI has no words for)
// into out.
func readExtension(exts map[string]any, name string, out any) error {
	raw, ok := exts[name]
	if !ok {
		return fmt.Errorf("the spec has no %s", name)
	}
	data, err := json.Marshal(raw)
	if err == nil {
		err = json.Unmarshal(data, out)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
