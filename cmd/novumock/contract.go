package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/novumock/novumock/contracttest"
)

// contract runs the contract suite: 0 when every check passed, 1 when checks failed, 2 when
// the suite could not run (bad flags, unreachable target, not a Novu API, rejected key,
// unwritable report), 130 when it was interrupted (Ctrl-C).
func contract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "cleanup" {
		return contractCleanup(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("contract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("target", "", "base URL of the deployment, e.g. https://api.novu.co (required)")
	key := fs.String("api-key", os.Getenv("NOVU_API_KEY"), "secret key of a Development environment; a Production key only with --mode read-only (default $NOVU_API_KEY)")
	prodKey := fs.String("prod-api-key", os.Getenv("NOVU_PROD_API_KEY"), "the same organization's Production key; enables isolation and development-only checks")
	mode := fs.String("mode", "sandbox", "sandbox (creates and deletes only its own resources), read-only (GETs only), or disposable\n"+
		"(throwaway targets only, e.g. novumock or a scratch Novu: sandbox plus organization rename, branding and members,\n"+
		"change promotion and broadcast, which change state the suite does not own)")
	only := fs.String("only", "", "run only the checks whose name matches this regular expression (needed for opt-in checks)")
	skip := fs.String("skip", "", "list the checks whose name matches this regular expression as skipped instead of running them\n"+
		"(rate-limit and idempotency checks skip by themselves on a target found to run without those features)")
	require := fs.String("require", "", "comma-separated features whose checks must run and fail on a target that runs without them\n"+
		"(rate-limiting, idempotency); by default they are skipped with the evidence, as on a self-hosted Novu")
	junit := fs.String("junit", "", "write a JUnit XML report to this file")
	jsonOut := fs.String("json", "", "write a JSON report to this file")
	rps := fs.Float64("rps", 0, "maximum requests per second the suite sends (default 20, or 2000 for a loopback target such as the local fake)")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of each request on the wire (waiting for the --rps pace or a Retry-After does not count)")
	waitFor := fs.Duration("wait-for-target", 0, "wait up to this long for the target to answer at all before the pre-flight (a service still starting)")
	destroy := fs.Bool("i-understand-this-destroys-data", false, "let --mode disposable run against a target that is not on this machine's loopback interface")
	exhaust := fs.Bool("check-rate-limit-exhaustion", false, "spend one rate-limit bucket and wait for its refill (throttled_with_retry_after);\n"+
		"on by default against loopback targets only: set it to true or false to decide")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: novumock contract --target URL --api-key KEY [flags]

Checks a deployment of the Novu v1 API (or novumock) against the contract.
Exit status: 0 every check passed, 1 some check failed, 2 the suite could not run
(bad flags, unreachable target, not a Novu API, rejected key, unwritable report) or the
target stopped answering during the run, 130 interrupted. On exit 2 the --junit and --json
files still say why, in one failed testcase (preflight or target_reachable).

  novumock contract cleanup --target URL --api-key KEY --prefix PREFIX [--apply]
deletes what a killed run left behind (every resource the suite creates carries the run's
prefix, which the report names); without --apply it only lists it.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nChecks (for --only and --skip):\n")
		for _, c := range contracttest.Checks() {
			fmt.Fprintf(fs.Output(), "  %-32s %s\n", c.Name, c.Doc)
		}
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	// A report path that cannot be written is found before the run, not after a whole sandbox
	// run has been spent on it; an earlier report there is left as it is until then.
	if err := errors.Join(checkWritable(*junit), checkWritable(*jsonOut)); err != nil {
		fmt.Fprintln(stderr, "novumock contract:", err)
		return 2
	}
	// From here on, a run that cannot start still leaves CI the reports it asked for.
	stop := func(rep *contracttest.Report, err error) int {
		fmt.Fprintln(stderr, "novumock contract:", err)
		if rep == nil {
			rep = contracttest.StopReport(*target, contracttest.Mode(*mode), "", contracttest.StopPreflight, err)
		}
		if werr := errors.Join(writeReport(*junit, rep.WriteJUnit), writeReport(*jsonOut, rep.WriteJSON)); werr != nil {
			fmt.Fprintln(stderr, "novumock contract:", werr)
		}
		return 2
	}
	if *target == "" || *key == "" {
		// A short hint, not the whole help: -h lists the flags and every check.
		return stop(nil, errors.New("--target and --api-key are required (novumock contract -h lists the flags and checks)"))
	}
	if *rps < 0 {
		return stop(nil, errors.New("--rps must not be negative"))
	}
	suite := contracttest.Suite{Target: *target, APIKey: *key, ProdAPIKey: *prodKey,
		Mode: contracttest.Mode(*mode), RPS: *rps, Timeout: *timeout, WaitForTarget: *waitFor, ConfirmDestroysData: *destroy}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "check-rate-limit-exhaustion" {
			suite.ExhaustRateLimit = exhaust
		}
	})
	var err error
	if suite.Require, err = contracttest.ParseFeatures(*require); err != nil {
		fmt.Fprintln(stderr, "novumock contract: --require:", err)
		return 2
	}
	if suite.Only, err = optionalRegexp("only", *only); err == nil {
		suite.Skip, err = optionalRegexp("skip", *skip)
	}
	if err != nil {
		return stop(nil, err)
	}
	if isTerminal(stdout) {
		suite.Progress = func(done, total int, check string) {
			fmt.Fprintf(stdout, "\r\033[K[%d/%d] %s", done, total, check)
			if done == total {
				fmt.Fprint(stdout, "\r\033[K")
			}
		}
	}
	rep, err := suite.Run(ctx)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "novumock contract:", err)
			return 130 // Ctrl-C before the first check
		}
		return stop(rep, err)
	}
	rep.WriteSummary(stdout)
	if err := errors.Join(writeReport(*junit, rep.WriteJUnit), writeReport(*jsonOut, rep.WriteJSON)); err != nil {
		fmt.Fprintln(stderr, "novumock contract:", err)
		return 2
	}
	if rep.Interrupted {
		return 130
	}
	if !rep.Passed() {
		return 1
	}
	return 0
}

// checkWritable tells whether a report can be written at path without changing what is there:
// an existing file is opened for writing (not truncated), a new one is created and removed.
func checkWritable(path string) error {
	if path == "" {
		return nil
	}
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		return f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_ = f.Close()
	return os.Remove(path)
}

func writeReport(path string, write func(io.Writer) error) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// isTerminal is true only for a real terminal, so logs and CI output get no progress line.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// optionalRegexp compiles a flag's regular expression; nil when the flag was not given.
func optionalRegexp(flag, expr string) (*regexp.Regexp, error) {
	if expr == "" {
		return nil, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flag, err)
	}
	return re, nil
}
