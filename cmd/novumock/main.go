// Command novumock runs a stateful fake of the Novu API (serve) or checks any deployment of the
// API against its contract (contract).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// main only wires the process to run, so that run can be tested in-process.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
