package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

const usage = `novumock — a stateful fake of the Novu notification API (v1) and a contract checker.

Usage:
  novumock serve    [flags]   run the fake (default 127.0.0.1:4010)
  novumock contract [flags]   check a Novu deployment (or novumock) against the contract
  novumock diff     [flags]   send one scenario to two targets and compare their answers
  novumock contract cleanup   delete what a killed contract run left behind (dry run by default)
  novumock health   [flags]   exit 0 when a running fake answers GET /healthz (the image's HEALTHCHECK)
  novumock version            the module version and commit of this binary
  novumock help               show this text

Run "novumock <command> -h" for the flags of a command.
`

// parseFlags parses a command's flags; ok is false when the command must stop with code: 0 after
// -h (help was asked for and shown), 2 for a bad flag or a stray argument. Go's flag package
// stops at the first non-flag word, so without this check "contract - --mode read-only" would
// silently run in the default mode.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "novumock %s: unexpected argument %q (every flag starts with -, and takes its value as -flag value or -flag=value)\n",
			fs.Name(), fs.Arg(0))
		return 2, false
	}
	return 0, true
}

// run is the whole program; it returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "contract":
		return contract(ctx, args[1:], stdout, stderr)
	case "diff":
		return diff(ctx, args[1:], stdout, stderr)
	case "health":
		return health(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		return version(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "novumock: unknown command %q\n\n%s", args[0], usage)
	return 2
}
