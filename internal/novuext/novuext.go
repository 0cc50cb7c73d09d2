// Package novuext reads the rules openapi.yaml keeps in its x-novu-* extensions (see the
// document's description), so that the fake and the contract suite read them the same way.
package novuext

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// RateLimit is an operation's x-novu-rate-limit: the bucket it draws from and the name of what
// a call costs (a key of RatePolicy.Costs). Operations without it draw a single token from the
// global bucket.
type RateLimit struct {
	Category string `json:"category"`
	Cost     string `json:"cost"`
}

// OperationRateLimit is op's x-novu-rate-limit; ok is false when op has none.
func OperationRateLimit(op *openapi3.Operation) (rl RateLimit, ok bool) {
	rl = RateLimit{Category: "global", Cost: "single"}
	raw, ok := op.Extensions["x-novu-rate-limit"].(map[string]any)
	if !ok {
		return rl, false
	}
	if c, ok := raw["category"].(string); ok {
		rl.Category = c
	}
	if c, ok := raw["cost"].(string); ok {
		rl.Cost = c
	}
	return rl, true
}

// Access is op's x-novu-access: "dashboard-only", "development-only" or "" (open to API keys).
func Access(op *openapi3.Operation) string {
	a, _ := op.Extensions["x-novu-access"].(string)
	return a
}

// RatePolicy is the document's x-novu-rate-limits: the token bucket's window, its burst
// allowance over the window's limit, what each cost name spends, and each service level's
// requests per second by category.
type RatePolicy struct {
	WindowSeconds  int                       `json:"windowSeconds"`
	BurstAllowance float64                   `json:"burstAllowance"`
	Costs          map[string]int            `json:"costs"`
	Levels         map[string]map[string]int `json:"levels"`
}

// RatePolicyOf reads x-novu-rate-limits from doc.
func RatePolicyOf(doc *openapi3.T) (*RatePolicy, error) {
	var p RatePolicy
	if err := read(doc.Extensions, "x-novu-rate-limits", &p); err != nil {
		return nil, err
	}
	if p.WindowSeconds <= 0 || p.Costs["single"] <= 0 || p.Costs["bulk"] <= 0 || len(p.Levels) == 0 {
		return nil, fmt.Errorf("x-novu-rate-limits: want windowSeconds, costs single and bulk, and levels")
	}
	return &p, nil
}

// Bucket is the size of a level's bucket for a category: its limit per window and its burst;
// ok is false for an unknown level or category.
func (p *RatePolicy) Bucket(level, category string) (limit, burst int, ok bool) {
	rps, ok := p.Levels[level][category]
	if !ok {
		return 0, 0, false
	}
	limit = rps * p.WindowSeconds
	return limit, int(math.Floor(float64(limit) * (1 + p.BurstAllowance))), true
}

// ValidLevel reports whether level is "off" or one of the spec's levels.
func (p *RatePolicy) ValidLevel(level string) bool {
	_, ok := p.Levels[level]
	return ok || level == "off"
}

// LevelNames is "off" and the levels from the smallest allowance up, for messages.
func (p *RatePolicy) LevelNames() string {
	names := slices.SortedFunc(maps.Keys(p.Levels), func(a, b string) int {
		return cmp.Or(cmp.Compare(p.Levels[a]["trigger"], p.Levels[b]["trigger"]), strings.Compare(a, b))
	})
	return strings.Join(append([]string{"off"}, names...), ", ")
}

// BodyLimits is the document's x-novu-body-limits: the largest request body in bytes, by path
// prefix, and elsewhere.
type BodyLimits struct {
	Default      int64            `json:"default"`
	ByPathPrefix map[string]int64 `json:"byPathPrefix"`
}

// BodyLimitsOf reads x-novu-body-limits from doc.
func BodyLimitsOf(doc *openapi3.T) (*BodyLimits, error) {
	var b BodyLimits
	if err := read(doc.Extensions, "x-novu-body-limits", &b); err != nil {
		return nil, err
	}
	if b.Default <= 0 {
		return nil, fmt.Errorf("x-novu-body-limits: no default")
	}
	return &b, nil
}

// For is the limit of a spec path: that of its longest matching prefix, else the default.
func (b *BodyLimits) For(path string) int64 {
	limit, longest := b.Default, ""
	for prefix, l := range b.ByPathPrefix {
		if strings.HasPrefix(path, prefix) && len(prefix) > len(longest) {
			limit, longest = l, prefix
		}
	}
	return limit
}

// read decodes the document-level extension name into out.
func read(exts map[string]any, name string, out any) error {
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

// Unvalidated is the reason in an x-novu-unvalidated extension (on a schema property or a
// parameter): Novu documents the type, enum or bounds but its request DTO at v2.0.0 does not
// enforce them, so the server accepts, stores and answers any value there. ok is false when
// exts has none.
func Unvalidated(exts map[string]any) (reason string, ok bool) {
	raw, ok := exts["x-novu-unvalidated"]
	if !ok {
		return "", false
	}
	reason, _ = raw.(string)
	return reason, true
}
