package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/novumock/novumock/contracttest"
)

// contractCleanup lists (and with --apply deletes) what contract runs left behind: 0 when
// nothing is left (or, in a dry run, when the listing worked), 1 when some delete failed, 2 when
// the sweep could not run.
func contractCleanup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contract cleanup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("target", "", "base URL of the deployment (required)")
	key := fs.String("api-key", os.Getenv("NOVU_API_KEY"), "secret key of the Development environment the run used (default $NOVU_API_KEY)")
	prodKey := fs.String("prod-api-key", os.Getenv("NOVU_PROD_API_KEY"), "the Production key, to sweep that environment too")
	prefix := fs.String("prefix", "", "the run's prefix, as its report names it (nvmk-1a2b3c4d-), or nvmk- for every run's leftovers (required)")
	apply := fs.Bool("apply", false, "delete what is found (without it, only list it)")
	rps := fs.Float64("rps", 0, "maximum requests per second (default 20, or 2000 for a loopback target)")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of each request")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: novumock contract cleanup --target URL --api-key KEY --prefix PREFIX [--apply]

Finds the subscribers, topics, tenants, workflows, workflow groups, layouts, feeds and
integrations whose name or identifier starts with PREFIX (everything a contract run creates
carries its run's prefix) and lists them; --apply deletes them.

Flags:
`)
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *target == "" || *key == "" || *prefix == "" {
		fmt.Fprintln(stderr, "novumock contract cleanup: --target, --api-key and --prefix are required")
		return 2
	}
	found, err := contracttest.Leftovers{Target: *target, APIKey: *key, ProdAPIKey: *prodKey, Prefix: *prefix,
		Apply: *apply, RPS: *rps, Timeout: *timeout}.Run(ctx)
	failed := 0
	for _, f := range found {
		switch {
		case !*apply:
			fmt.Fprintf(stdout, "would delete %s %s (%s, %s)\n", f.Kind, f.Name, f.Environment, f.ID)
		case f.Deleted:
			fmt.Fprintf(stdout, "deleted %s %s (%s)\n", f.Kind, f.Name, f.Environment)
		default:
			failed++
			fmt.Fprintf(stdout, "FAILED to delete %s %s (%s): %s\n", f.Kind, f.Name, f.Environment, f.Error)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "novumock contract cleanup:", err)
		return 2
	}
	switch {
	case len(found) == 0:
		fmt.Fprintf(stdout, "nothing carries the prefix %s\n", *prefix)
	case !*apply:
		fmt.Fprintf(stdout, "%d resources carry the prefix %s; dry run, nothing deleted: add --apply to delete them\n", len(found), *prefix)
	default:
		fmt.Fprintf(stdout, "%d of %d deleted\n", len(found)-failed, len(found))
	}
	if failed > 0 {
		return 1
	}
	return 0
}
