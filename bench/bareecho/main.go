// Command bareecho is the baseline of bench/run.sh: the echo framework novumock is built on, with
// no middleware, no auth, no validation and no state, answering each benchmarked route with a
// static body recorded from novumock (same status, same size, same Content-Type). The gap between
// it and novumock is what novumock's pipeline and state cost.
//
//	bareecho -addr 127.0.0.1:4712 -route 'GET /v1/integrations=200:integrations.json' ...
package main

import (
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
		e.Add(method, path, func(c echo.Context) error {
			return c.Blob(status, echo.MIMEApplicationJSON, body)
		})
	}
	fmt.Printf("bareecho listening on http://%s\n", *addr)
	log.Fatal(e.Start(*addr))
}
