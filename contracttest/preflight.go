package contracttest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// preflight makes sure, before anything is written, that the target is a Novu API and takes
// the keys: a typo in the URL or a key is then reported as "could not run" instead of a run of
// failed checks, and a server that is not Novu (a static file server, a base URL with a wrong
// path) never gets the suite's writes.
func (r *runner) preflight(ctx context.Context) error {
	t := r.newT(ctx, &CheckResult{Name: "preflight"})
	defer r.rec.reset() // the pre-flight is not part of the report
	dev, err := r.probeEnvironment(ctx, t, call{op: "GetCurrentEnvironment"}, "the API key")
	if err != nil {
		return err
	}
	// The suite writes with the main key in every mode but read-only, so that key must open the
	// organization's root environment (Development), never Production, whose parent it is.
	r.profile.APIVersion = r.readAPIVersion(ctx) // recorded, then forgotten with the pre-flight
	r.mainKeyProduction = dev.parentID != ""
	if r.mainKeyProduction && r.s.Mode != ModeReadOnly {
		return fmt.Errorf("target %s: the API key opens the environment %q, a child of environment %s (Production keys do):"+
			" the suite writes with it, so pass the Development key as --api-key, or run --mode read-only",
			r.base, dev.name, dev.parentID)
	}
	if r.s.ProdAPIKey == "" {
		return nil
	}
	prod, err := r.probeEnvironment(ctx, t, call{op: "GetCurrentEnvironment", prod: true},
		"the Production API key (--prod-api-key)")
	if err != nil {
		return err
	}
	switch {
	case prod.id == dev.id:
		return fmt.Errorf("target %s: the Production API key (--prod-api-key) opens the same environment (%s) as the API key;"+
			" it must be the key of the same organization's Production environment", r.base, dev.id)
	case prod.parentID != dev.id:
		return fmt.Errorf("target %s: the Production API key (--prod-api-key) opens the environment %q, which is not a child of"+
			" the API key's environment %s; it must be the key of the same organization's Production environment",
			r.base, prod.name, dev.id)
	}
	return nil
}

// environmentSeen is what the pre-flight reads of GET /v1/environments/me.
type environmentSeen struct{ id, parentID, name string }

// probeEnvironment sends GET /v1/environments/me with one key and returns the environment, or
// the reason the suite cannot run against this target with this key.
func (r *runner) probeEnvironment(ctx context.Context, t *T, c call, key string) (environmentSeen, error) {
	var none environmentSeen
	res := t.do(c)
	switch {
	case res.err != nil && ctx.Err() != nil:
		return none, fmt.Errorf("interrupted before the run started: %w", ctx.Err())
	case res.err != nil:
		return none, fmt.Errorf("target %s unreachable: %w", r.base, res.err)
	case res.Status == http.StatusUnauthorized:
		return none, fmt.Errorf("target %s rejected %s: %d %s", r.base, key, res.Status, snippet(res.Body))
	}
	u := res.ex.URL
	ct := mediaType(res.Header)
	if ct == "" {
		ct = "no Content-Type"
	}
	if res.Status != http.StatusOK || !isJSONMediaType(ct) {
		return none, fmt.Errorf("GET %s answered %d (%s): is this a Novu API base URL?", u, res.Status, ct)
	}
	env := environmentSeen{id: str(res.JSON, "data", "_id"), parentID: str(res.JSON, "data", "_parentId"),
		name: str(res.JSON, "data", "name")}
	if env.id == "" {
		return none, fmt.Errorf("GET %s answered %d (%s) without an environment in Novu's data envelope"+
			` (want {"data":{"_id":…}}, got %s): is this a Novu API base URL?`, u, res.Status, ct, truncate(snippet(res.Body), 120))
	}
	if !c.prod {
		r.noteRateLimiting(res)
	}
	return env, nil
}

func isJSONMediaType(mt string) bool {
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}
