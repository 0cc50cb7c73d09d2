// Command bareecho is the baseline of bench/run.sh: the echo framework novumock is built on, with
// no middleware, no auth, no validation and no state, answering each benchmarked route with a
// static body recorded from novumock (same status, same size, same Content-Type). The gap between
// it and novumock is what novumock's pipeline and state cost. With -replay-headers it also sends
// the headers recorded beside each body (FILE.headers, one "Name: value" per line): bench/run.sh
// records novumock's RateLimit-* headers there, which show what Novu's headers alone cost.
//
//	bareecho -addr 127.0.0.1:4712 -route 'GET /v1/integrations=200:integrations.json' ...
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

type routes []string

func (r *routes) String() string     { return strings.Join(*r, ",") }
func (r *routes) Set(v string) error { *r = append(*r, v); return nil }

func main() {
	addr := flag.String("addr", "127.0.0.1:4712", "listen address")
	var rs routes
	flag.Var(&rs, "route", "METHOD /path=STATUS:FILE (repeatable): answer that route with FILE's bytes")
	replay := flag.Bool("replay-headers", false, "also send the headers in FILE.headers (\"Name: value\" lines) with each route's answer")
	flag.Parse()

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	for _, r := range rs {
		route, answer, ok1 := strings.Cut(r, "=")
		method, path, ok2 := strings.Cut(route, " ")
		code, file, ok3 := strings.Cut(answer, ":")
		status, err := strconv.Atoi(code)
		if !ok1 || !ok2 || !ok3 || err != nil {
			log.Fatalf("bareecho: bad -route %q (want 'METHOD /path=STATUS:FILE')", r)
		}
		body, err := os.ReadFile(file)
		if err != nil {
			log.Fatalf("bareecho: %v", err)
		}
		var headers [][2]string
		if *replay {
			if headers, err = readHeaders(file + ".headers"); err != nil {
				log.Fatalf("bareecho: %v", err)
			}
		}
		e.Add(method, path, func(c echo.Context) error {
			h := c.Response().Header()
			for _, kv := range headers {
				h.Set(kv[0], kv[1])
			}
			return c.Blob(status, echo.MIMEApplicationJSON, body)
		})
	}
	fmt.Printf("bareecho listening on http://%s\n", *addr)
	log.Fatal(e.Start(*addr))
}

// readHeaders reads "Name: value" lines; a missing file is no headers.
func readHeaders(file string) ([][2]string, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, line := range strings.Split(string(data), "\n") {
		name, value, ok := strings.Cut(strings.TrimRight(line, "\r"), ":")
		if ok {
			out = append(out, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
		}
	}
	return out, nil
}
