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
	if err != nil || r.s.ProdAPIKey == "" {
		return err
	}
	prod, err := r.probeEnvironment(ctx, t, call{op: "GetCurrentEnvironment", prod: true},
		"the Production API key (--prod-api-key)")
	if err != nil {
		return err
	}
	if prod == dev {
		return fmt.Errorf("target %s: the Production API key (--prod-api-key) opens the same environment (%s) as the API key;"+
			" it must be the key of the same organization's Production environment", r.base, dev)
	}
	return nil
}

// probeEnvironment sends GET /v1/environments/me with one key and returns the environment's
// _id, or the reason the suite cannot run against this target with this key.
func (r *runner) probeEnvironment(ctx context.Context, t *T, c call, key string) (string, error) {
	res := t.do(c)
	switch {
	case res.err != nil && ctx.Err() != nil:
		return "", fmt.Errorf("interrupted before the run started: %w", ctx.Err())
	case res.err != nil:
		return "", fmt.Errorf("target %s unreachable: %w", r.base, res.err)
	case res.Status == http.StatusUnauthorized:
		return "", fmt.Errorf("target %s rejected %s: %d %s", r.base, key, res.Status, snippet(res.Body))
	}
	u := res.ex.URL
	ct := mediaType(res.Header)
	if ct == "" {
		ct = "no Content-Type"
	}
	if res.Status != http.StatusOK || !isJSONMediaType(ct) {
		return "", fmt.Errorf("GET %s answered %d (%s): is this a Novu API base URL?", u, res.Status, ct)
	}
	id := str(res.JSON, "data", "_id")
	if id == "" {
		return "", fmt.Errorf("GET %s answered %d (%s) without an environment in Novu's data envelope"+
			` (want {"data":{"_id":…}}, got %s): is this a Novu API base URL?`, u, res.Status, ct, truncate(snippet(res.Body), 120))
	}
	return id, nil
}

func isJSONMediaType(mt string) bool {
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}
