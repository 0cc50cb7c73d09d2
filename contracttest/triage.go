package contracttest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/novumock/novumock/internal/novuext"
)

// A real deployment fails a check for one of four reasons, and the suite tells them apart
// (issue #19): a defect of the target (a failure, with its evidence); a feature the target
// has switched off (a skip that says so, unless Suite.Require names it); an older version
// than the spec's (operations added later are "not in this version"); or an assumption of the
// suite or the spec the server legitimately does not share (fixed where it is found: the
// worker's effects are polled for, and what Novu's DTOs leave unvalidated is marked
// x-novu-unvalidated in openapi.yaml and neither probed nor held against the answers).

// Feature is an optional part of Novu that a deployment may run without.
type Feature string

const (
	// FeatureRateLimiting is Novu's API rate limiter (RateLimit-* headers, 429). Self-hosted
	// Novu runs without it (IS_API_RATE_LIMITING_ENABLED off).
	FeatureRateLimiting Feature = "rate-limiting"
	// FeatureIdempotency is Novu's Idempotency-Key support (replays, 409, 422). Self-hosted
	// Novu runs without it (IS_API_IDEMPOTENCY_ENABLED off).
	FeatureIdempotency Feature = "idempotency"
)

// Features lists every feature Suite.Require may name.
func Features() []Feature { return []Feature{FeatureRateLimiting, FeatureIdempotency} }

// ParseFeatures reads a comma-separated list of feature names (the --require flag).
func ParseFeatures(s string) ([]Feature, error) {
	var out []Feature
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(Features(), Feature(f)) {
			return nil, fmt.Errorf("unknown feature %q (want %s or %s)", f, FeatureRateLimiting, FeatureIdempotency)
		}
		out = append(out, Feature(f))
	}
	return out, nil
}

// errNotInVersion is the response error of a call the suite did not send because the
// target's release does not route the operation.
var errNotInVersion = errors.New("not in this version")

// TargetProfile is what the suite learnt about the target before and while it ran.
type TargetProfile struct {
	// APIVersion is GET /v1/health-check's data.info.apiVersion.version; empty when the target
	// does not say (novumock's own health check is /healthz), which counts as the spec's version.
	APIVersion string `json:"apiVersion,omitempty"`
	// Disabled maps each feature found switched off to the evidence.
	Disabled map[Feature]string `json:"disabled,omitempty"`
}

// SpecVersion is the Novu release openapi.yaml describes.
const SpecVersion = "2.0.0"

// introduced says from which Novu release on an operation (or a rule, keyed "op.rule") exists:
// in version and later, or, with after set, only in releases later than version (Novu's
// newer Inbox routes, which @novu/js 3.x calls and no release tag this project has routes).
type introduced struct {
	version string
	after   bool
}

// addedIn lists the spec's operations and rules that Novu's earlier releases lack. Every other
// documented route is in v0.24.3's controllers already (each release's controllers were read
// at the tags v0.24.3, v1.0.1 and v2.0.0 of novuhq/novu).
var addedIn = map[string]introduced{
	// subscribers.controller.ts: @Post('/:subscriberId/messages/mark-as') first at v2.0.0
	// (v0.24.3 and v1.0.1 have only .../messages/markAs).
	"MarkSubscriberMessagesAs": {version: "2.0.0"},
	// widgets.controller.ts: @Post('/messages/mark-as') first at v2.0.0.
	"MarkWidgetMessagesAs": {version: "2.0.0"},
	// inbox.controller.ts (the Inbox API for @novu/js) first at v2.0.0.
	"CreateInboxSession":               {version: "2.0.0"},
	"ListInboxNotifications":           {version: "2.0.0"},
	"CountInboxNotifications":          {version: "2.0.0"},
	"MarkInboxNotificationRead":        {version: "2.0.0"},
	"MarkInboxNotificationUnread":      {version: "2.0.0"},
	"MarkInboxNotificationArchive":     {version: "2.0.0"},
	"MarkInboxNotificationUnarchive":   {version: "2.0.0"},
	"CompleteInboxNotificationAction":  {version: "2.0.0"},
	"RevertInboxNotificationAction":    {version: "2.0.0"},
	"MarkAllInboxNotificationsRead":    {version: "2.0.0"},
	"ArchiveAllInboxNotifications":     {version: "2.0.0"},
	"ArchiveAllReadInboxNotifications": {version: "2.0.0"},
	"ListInboxPreferences":             {version: "2.0.0"},
	"UpdateInboxGlobalPreference":      {version: "2.0.0"},
	"UpdateInboxWorkflowPreference":    {version: "2.0.0"},
	// inbox.controller.ts at v2.0.0 routes none of these, and its notifications carry no isSeen.
	"SnoozeInboxNotification":          {version: "2.0.0", after: true},
	"MarkInboxNotificationUnsnooze":    {version: "2.0.0", after: true},
	"DeleteInboxNotification":          {version: "2.0.0", after: true},
	"DeleteAllInboxNotifications":      {version: "2.0.0", after: true},
	"MarkInboxNotificationsSeen":       {version: "2.0.0", after: true},
	"GetInboxGlobalPreference":         {version: "2.0.0", after: true},
	"BulkUpdateInboxPreferences":       {version: "2.0.0", after: true},
	"MarkInboxNotificationRead.isSeen": {version: "2.0.0", after: true},
}

// notInVersion returns why op (or an "op.rule") does not apply to this target ("" when it does).
func (r *runner) notInVersion(op string) string {
	in, ok := addedIn[op]
	v := r.profile.APIVersion
	switch {
	case !ok || v == "":
		return ""
	case in.after && !versionLess(in.version, v):
		return fmt.Sprintf("not in this version: added after Novu %s, the target answers apiVersion %s", in.version, v)
	case !in.after && versionLess(v, in.version):
		return fmt.Sprintf("not in this version: added in Novu %s, the target answers apiVersion %s", in.version, v)
	}
	return ""
}

// has tells whether the target's release has op (or an "op.rule"); an operation it lacks is
// recorded as not reached, with the reason, for the coverage report.
func (r *runner) has(op string) bool {
	why := r.notInVersion(op)
	if why != "" && !strings.Contains(op, ".") {
		r.markNotReached(op, why)
	}
	return why == ""
}

// versionLess compares dotted release numbers ("0.24.3" < "2.0.0"); a leading v and anything
// after a '-' are ignored, and a part that is not a number counts as 0.
func versionLess(a, b string) bool {
	pa, pb := versionParts(a), versionParts(b)
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func versionParts(v string) []int {
	v = strings.TrimPrefix(v, "v")
	if i := strings.IndexByte(v, '-'); i >= 0 {
		v = v[:i]
	}
	var out []int
	for _, p := range strings.Split(v, ".") {
		n, _ := strconv.Atoi(p)
		out = append(out, n)
	}
	return out
}

// readAPIVersion asks GET /v1/health-check (Novu's, outside the v1 spec) for the version; any
// other answer leaves it unknown.
func (r *runner) readAPIVersion(ctx context.Context) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base+"/v1/health-check", nil)
	if err != nil {
		return ""
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "ApiKey "+r.s.APIKey) // Novu's needs none; a gateway in front may
	res, err := r.client.Do(req)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	var body struct {
		Data struct {
			Info struct {
				APIVersion struct {
					Version string `json:"version"`
				} `json:"apiVersion"`
			} `json:"info"`
		} `json:"data"`
	}
	if res.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&body) != nil {
		return ""
	}
	return body.Data.Info.APIVersion.Version
}

// required tells whether the user asked for f to be checked even when the target has it off.
func (r *runner) required(f Feature) bool { return slices.Contains(r.s.Require, f) }

// disable records that the target runs without f; the evidence is the first answer that
// showed it.
func (r *runner) disable(f Feature, evidence string) {
	if r.profile.Disabled == nil {
		r.profile.Disabled = map[Feature]string{}
	}
	if _, seen := r.profile.Disabled[f]; !seen {
		r.profile.Disabled[f] = evidence
	}
}

// featureSkip is the skip reason of a check that needs f on a target that runs without it, or
// "" when the check should run (f is on, unknown yet, or required).
func (r *runner) featureSkip(f Feature) string {
	evidence, off := r.profile.Disabled[f]
	if f == "" || !off || r.required(f) {
		return ""
	}
	return fmt.Sprintf("%s not enabled on this target (%s); --require %s to fail instead", f, evidence, f)
}

// noteRateLimiting reads the pre-flight's answer: Novu's limiter, when on, puts RateLimit-*
// headers on every answer to an API-key call.
func (r *runner) noteRateLimiting(res *response) {
	if res.Header.Get("RateLimit-Limit") == "" && res.Header.Get("RateLimit-Policy") == "" {
		r.disable(FeatureRateLimiting, "the first answer, GET /v1/environments/me, carries no RateLimit-* headers")
	}
}

// idempotencyOff ends an idempotency scenario as skipped when the first answer to a request
// with an Idempotency-Key does not echo it, as Novu's interceptor does whenever it is on.
func (t *T) idempotencyOff(op string, first *response) bool {
	if first.err != nil || first.Header.Get("Idempotency-Key") != "" {
		return false
	}
	t.r.disable(FeatureIdempotency, fmt.Sprintf("the answer to %s with an Idempotency-Key did not echo the key", op))
	if reason := t.r.featureSkip(FeatureIdempotency); reason != "" {
		t.skip(reason)
		return true
	}
	return false
}

// relaxUnvalidated replaces every schema marked x-novu-unvalidated (a property or a
// parameter) with an empty schema in the suite's copy of the spec: the suite then neither
// sends invalid values there (the server accepts them, so refusing them is not the contract)
// nor fails an answer that carries one back.
func relaxUnvalidated(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		for name, p := range s.Properties {
			if p != nil && p.Value != nil {
				if _, ok := novuext.Unvalidated(p.Value.Extensions); ok {
					s.Properties[name] = anySchema(p.Value)
					continue
				}
			}
			walk(p)
		}
		walk(s.Items)
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, g := range group {
				walk(g)
			}
		}
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema)
		}
	}
	relaxParam := func(p *openapi3.ParameterRef) {
		if p == nil || p.Value == nil {
			return
		}
		if _, ok := novuext.Unvalidated(p.Value.Extensions); ok && p.Value.Schema != nil && p.Value.Schema.Value != nil {
			p.Value.Schema = anySchema(p.Value.Schema.Value)
		}
	}
	if doc.Components != nil {
		for _, s := range doc.Components.Schemas {
			walk(s)
		}
		for _, p := range doc.Components.Parameters {
			relaxParam(p)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, p := range item.Parameters {
			relaxParam(p)
		}
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				relaxParam(p)
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
			for _, resp := range op.Responses.Map() {
				if resp.Value != nil {
					for _, mt := range resp.Value.Content {
						walk(mt.Schema)
					}
				}
			}
		}
	}
}

// anySchema accepts any value, keeping the description and extensions of the schema it
// replaces.
func anySchema(was *openapi3.Schema) *openapi3.SchemaRef {
	return openapi3.NewSchemaRef("", &openapi3.Schema{Description: was.Description, Extensions: was.Extensions, Nullable: true})
}

// write is the summary's line about the target, when there is something to say.
func (p TargetProfile) write(w io.Writer) {
	if p.APIVersion == "" && len(p.Disabled) == 0 {
		return
	}
	v := p.APIVersion
	if v == "" {
		v = "not reported"
	}
	fmt.Fprintf(w, "target: apiVersion %s", v)
	for _, f := range Features() {
		if _, off := p.Disabled[f]; off {
			fmt.Fprintf(w, "; %s off", f)
		}
	}
	fmt.Fprintln(w)
}
