package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// health asks a running fake for GET /healthz: 0 when it answers 200 in time, 1 otherwise. It
// is the image's HEALTHCHECK (a FROM scratch image has no shell and no curl), and it reads the
// same --addr / NOVUMOCK_ADDR as serve, so it finds the server that the same environment
// started (a wildcard address is asked on loopback).
func health(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("health", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:4010", "address novumock serve listens on")
	url := fs.String("url", "", "full URL to ask instead (default http://<addr>/healthz)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	documentEnv(fs)
	if err := applyEnv(fs, os.LookupEnv); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	target := *url
	if target == "" {
		target = "http://" + loopbackFor(*addr) + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		fmt.Fprintln(stderr, "novumock health:", err)
		return 2
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(stderr, "novumock health:", err)
		return 1
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "novumock health: %s answered %d\n", target, res.StatusCode)
		return 1
	}
	fmt.Fprintf(stdout, "novumock health: %s ok\n", target)
	return 0
}

// loopbackFor turns a listen address into one a client on the same machine can dial: a
// wildcard or empty host becomes 127.0.0.1.
func loopbackFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
