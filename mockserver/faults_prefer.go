package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/novumock/novumock/gen"
)

// Prism's Prefer request header, for one request: `Prefer: code=503` answers that status in
// Novu's error body; `Prefer: example=NotFound` answers one of the error responses openapi.yaml
// documents for the operation (by its name under components.responses), with the spec's example
// message. Both may be given (`code=404, example=NotFound`) and must then agree. Other
// preferences (respond-async, dynamic=true) are left alone. Successes are never chosen this
// way: the fake's successes come from its state.

// preferFault reads the Prefer headers of a request to op; nil when they ask for no fault.
func preferFault(h http.Header, op *operation) (*faultAction, error) {
	var code, example string
	for _, v := range h.Values("Prefer") {
		for _, part := range strings.Split(v, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(part), "=")
			val = strings.Trim(strings.TrimSpace(val), `"`)
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "code":
				code = val
			case "example":
				example = val
			}
		}
	}
	status := 0
	if code != "" {
		n, err := strconv.Atoi(code)
		if err != nil || n < 400 || n > 599 {
			return nil, errBadRequest("Prefer: code= must be an error status from 400 to 599; successes come from the fake's state")
		}
		status = n
	}
	if example == "" {
		if status == 0 {
			return nil, nil
		}
		return &faultAction{name: "Prefer: code=" + code, status: status}, nil
	}
	ex, err := documentedError(op, example)
	if err != nil {
		return nil, err
	}
	if status != 0 && status != ex.status {
		return nil, errBadRequest("Prefer: code=%d and example=%s disagree: %s answers %d", status, ex.name, ex.name, ex.status)
	}
	return &faultAction{name: "Prefer: example=" + ex.name, status: ex.status, answer: ex.apiError()}, nil
}

// errorExample is one error response the spec documents: its name under
// components.responses, its status and its example body's message and reason.
type errorExample struct {
	name     string
	status   int
	message  any // a string or a list of strings, as in the example
	noReason bool
}

func (ex errorExample) apiError() *apiError {
	return &apiError{Status: ex.status, Message: ex.message, NoReason: ex.noReason}
}

// documentedError finds the error response named name among those op documents.
func documentedError(op *operation, name string) (errorExample, error) {
	byOp, err := specErrorExamples()
	if err != nil {
		return errorExample{}, err
	}
	documented := byOp[op.route.Method+" "+op.route.Path]
	for _, ex := range documented {
		if strings.EqualFold(ex.name, name) {
			return ex, nil
		}
	}
	names := make([]string, len(documented))
	for i, ex := range documented {
		names[i] = ex.name
	}
	return errorExample{}, errBadRequest("Prefer: example= must name one of this operation's error responses in openapi.yaml (%s); successes come from the fake's state", strings.Join(names, ", "))
}

// specErrorExamples maps "METHOD /path/{param}" to the error responses the operation documents,
// in status order. It reads the whole embedded spec (the request pipeline's cut-down copy has
// no responses), once, on the first Prefer: example=.
var specErrorExamples = sync.OnceValues(func() (map[string][]errorExample, error) {
	raw, err := gen.GetSpecJSON()
	if err != nil {
		return nil, err
	}
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Responses map[string]struct {
				Content map[string]struct {
					Example map[string]any `json:"example"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	out := map[string][]errorExample{}
	for path, item := range doc.Paths {
		for method, rawOp := range item {
			var op struct {
				Responses map[string]struct {
					Ref string `json:"$ref"`
				} `json:"responses"`
			}
			if json.Unmarshal(rawOp, &op) != nil || op.Responses == nil {
				continue // parameters, or another key that is not an operation
			}
			var list []errorExample
			for code, r := range op.Responses {
				status, err := strconv.Atoi(code)
				name, ok := strings.CutPrefix(r.Ref, "#/components/responses/")
				if err != nil || status < 400 || !ok {
					continue
				}
				ex := doc.Components.Responses[name].Content["application/json"].Example
				_, hasReason := ex["error"]
				var msg any = http.StatusText(status)
				switch m := ex["message"].(type) {
				case string:
					msg = m
				case []any: // class-validator's list
					list := make([]string, 0, len(m))
					for _, v := range m {
						list = append(list, fmt.Sprint(v))
					}
					msg = list
				}
				list = append(list, errorExample{name: name, status: status, message: msg, noReason: !hasReason})
			}
			slices.SortFunc(list, func(a, b errorExample) int { return a.status - b.status })
			out[strings.ToUpper(method)+" "+path] = list
		}
	}
	return out, nil
})
