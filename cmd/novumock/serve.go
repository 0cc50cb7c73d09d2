package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/novumock/novumock/internal/corkconn"
	"github.com/novumock/novumock/internal/gcfloor"
	"github.com/novumock/novumock/mockserver"
)

// gcFloor is the heap size below which serve does not collect garbage (unless GOGC is set): see
// internal/gcfloor. Measured under make bench's read-only traffic: 24 MB keeps the process near
// 50 MB resident; 32 MB reached 68 MB at its peak.
const gcFloor = 24 << 20

// gcPercent is serve's GOGC past the floor (unless GOGC is set). Under triggers the collector's
// marking of the kept notifications was a quarter of a trigger's CPU at the runtime's 100;
// measured at 150 (bench/results/history.md, 2026-12-07): 5 % less CPU per trigger and a
// lower write p99, for ~18 MB more resident at the 10 000-notification cap (the 1 000 000-request
// soak stays under its 150 MB target).
const gcPercent = 150

// startingUp keeps two serves of one process (the tests run several) from restoring each
// other's GC setting.
var startingUp sync.Mutex

// newWithoutGC is mockserver.New with the garbage collector off. New decodes the spec, which
// allocates a lot of short-lived garbage: collecting it mid-way only slows start-up. The process
// is the binary's own (mockserver, embedded in users' tests, leaves the setting alone), and the
// heap floor takes over only after.
func newWithoutGC(opts mockserver.Options) (*mockserver.Server, error) {
	startingUp.Lock()
	defer startingUp.Unlock()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	return mockserver.New(opts)
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:4010", "address to listen on")
	devKey := fs.String("api-key", mockserver.DefaultDevAPIKey, "secret API key of the Development environment")
	prodKey := fs.String("prod-api-key", mockserver.DefaultProdAPIKey, "secret API key of the Production environment")
	rate := fs.String("rate-limit", "unlimited", "rate-limit service level: free, pro, business, enterprise, unlimited, or off\n"+
		"(off sends no RateLimit-* headers, so the contract suite's rate-limit checks fail against it)")
	selfHosted := fs.Bool("self-hosted", false, "start organizations as self-hosted Novu does: only the in-app integration,\n"+
		"no Novu Email/SMS demo integrations (default: Novu Cloud's start, both of them primary)")
	seed := fs.Uint64("seed", 1, "seed for generated ids and fake values (same seed, same ids)")
	validateResponses := fs.Bool("validate-responses", false, "check every response against the spec and log violations (debug)")
	journal := fs.Int("journal", mockserver.DefaultJournalSize, "how many requests the journal (GET /_novumock/requests) keeps; 0 keeps none")
	stateFile := fs.String("state", "", "load the state document in FILE at start (when it exists) and write it back on shutdown\n"+
		"and on POST /_novumock/state/save (atomically: a temporary file renamed over FILE)")
	retain := fs.Int("retain", mockserver.DefaultRetain, "notifications kept per environment, with their jobs, execution details and messages\n"+
		"(about 2.7 kB each); the oldest go first; 0 keeps all (Novu's 30/365-day TTLs apply either way)")
	quiet := fs.Bool("quiet", false, "do not log each request")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (go tool pprof) to this file until the server stops")
	controlAPI := fs.String("control-api", "", "who may call the control API (/_novumock/): loopback or any\n"+
		"(default loopback, or any when --control-token is set)")
	controlToken := fs.String("control-token", "", "require Authorization: Bearer <token> for the control API")
	smtpRelay := fs.String("smtp-relay", "", "forward every e-mail sent, as a MIME message, to this SMTP server (host:port, e.g. Mailpit's 127.0.0.1:1025)")
	documentEnv(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: novumock serve [flags]\n\nRuns the fake. Every flag can also come from the environment variable in brackets;\n"+
			"a flag on the command line wins over its variable.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := applyEnv(fs, os.LookupEnv); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	access, err := controlAccess(*controlAPI, *controlToken)
	if err != nil {
		fmt.Fprintln(stderr, "novumock serve:", err)
		return 2
	}
	if *devKey == "" || *prodKey == "" {
		fmt.Fprintln(stderr, "novumock serve: --api-key and --prod-api-key must not be empty")
		return 2
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "novumock:", err)
			return 2
		}
		defer stop()
	}
	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	srv, err := newWithoutGC(mockserver.Options{
		DevAPIKey: *devKey, ProdAPIKey: *prodKey, RateLimit: *rate, Seed: *seed, SelfHosted: *selfHosted,
		ValidateResponses: *validateResponses, Logger: logger, JournalSize: journalSize(*journal),
		StateFile: *stateFile, Retain: retainCap(*retain),
		ControlFromAnyAddress: access.anyAddress, ControlToken: *controlToken, SMTPRelay: *smtpRelay,
	})
	if err != nil {
		fmt.Fprintln(stderr, "novumock:", err)
		return 2
	}
	gcfloor.Keep(gcFloor, gcPercent)
	if err := loadStateFile(srv, *stateFile); err != nil {
		fmt.Fprintln(stderr, "novumock: --state", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "novumock:", err)
		return 1
	}
	httpSrv := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	httpSrv.RegisterOnShutdown(srv.CloseConsoleStreams)
	base := "http://" + clientAddr(ln.Addr())
	appID, _ := srv.ApplicationIdentifiers()
	fmt.Fprintf(stdout, `novumock listening on %s
  Development API key: %s
  Production API key:  %s
  rate limit: %s   spec: %s/openapi.yaml
  control API: %s/_novumock/ (%s)
  console: %s/_novumock/ui/
  SDK: new Novu(%q, { backendUrl: %q })
  Inbox (@novu/js): new Novu({ applicationIdentifier: %q, subscriber: "<subscriberId>", apiUrl: %q, socketUrl: %q })
`, base, *devKey, *prodKey, *rate, base, base, access, base, *devKey, base, appID, base, base)

	if *smtpRelay != "" {
		fmt.Fprintf(stdout, "  e-mails relayed to SMTP %s\n", *smtpRelay)
	}
	defer srv.CloseRelay(5 * time.Second) // what is queued still goes out

	errc := make(chan error, 1)
	go func() { errc <- corkconn.Serve(httpSrv, ln) }()
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, "novumock:", err)
		return 1
	case <-ctx.Done():
	}
	// Disconnect the sockets (Shutdown does not see them), finish in-flight requests, then stop.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.CloseSockets(shutdownCtx); err != nil {
		fmt.Fprintln(stderr, "novumock: closing sockets:", err)
	}
	if err := httpSrv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "novumock: shutdown:", err)
		return 1
	}
	if *stateFile != "" {
		if err := srv.SaveStateFile(*stateFile); err != nil {
			fmt.Fprintln(stderr, "novumock: --state:", err)
			return 1
		}
		fmt.Fprintln(stdout, "novumock wrote its state to", *stateFile)
	}
	fmt.Fprintln(stdout, "novumock stopped")
	return 0
}

// loadStateFile loads path when it exists: a missing file is the first run, which starts from
// the default state and creates the file on shutdown.
func loadStateFile(srv *mockserver.Server, path string) error {
	if path == "" {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return srv.LoadStateFile(path)
}

// journalSize maps the flag (0: none) to Options.JournalSize (0: the default, negative: none).
func journalSize(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// retainCap maps the flag (0: keep all) to Options.Retain (0: the default, negative: no cap).
func retainCap(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// controlAccessMode is who may call the control API, as serve decided it from its flags.
type controlAccessMode struct {
	anyAddress, token bool
}

// controlAccess reads --control-api and --control-token: a token alone opens the control API
// to any address (the token is then what protects it); --control-api=loopback with a token
// requires both.
func controlAccess(mode, token string) (controlAccessMode, error) {
	m := controlAccessMode{token: token != ""}
	switch mode {
	case "":
		m.anyAddress = m.token
	case "any":
		m.anyAddress = true
	case "loopback":
	default:
		return m, fmt.Errorf("--control-api %q: want loopback or any", mode)
	}
	return m, nil
}

// String is the start-up line's account of who may call the control API.
func (m controlAccessMode) String() string {
	switch {
	case m.anyAddress && m.token:
		return "any client with Authorization: Bearer <control token>"
	case m.anyAddress:
		return "any client, no token: reachable by everyone who reaches this port"
	case m.token:
		return "loopback clients with Authorization: Bearer <control token>"
	}
	return "loopback clients only; --control-api=any or --control-token opens it"
}

// clientAddr is where a client on this machine reaches the listener: a wildcard address
// (0.0.0.0, [::]) is printed as 127.0.0.1, since the SDK line is meant to be copied.
func clientAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
}

// startCPUProfile profiles the whole process until stop is called; bench/run.sh and anyone
// chasing a slow endpoint use it on the real binary under real load.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
