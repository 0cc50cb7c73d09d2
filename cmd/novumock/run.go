package main

import (
	"context"
	"fmt"
	"io"
)

const usage = `novumock — a stateful fake of the Novu notification API (v1) and a contract checker.

Usage:
  novumock serve    [flags]   run the fake (default 127.0.0.1:4010)
  novumock contract [flags]   check a Novu deployment (or novumock) against the contract
  novumock help               show this text

Run "novumock <command> -h" for the flags of a command.
`

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
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "novumock: unknown command %q\n\n%s", args[0], usage)
	return 2
}
