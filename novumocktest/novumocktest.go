package novumocktest

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/novumock/novumock/internal/corkconn"
	"github.com/novumock/novumock/mockserver"
)

// Fake is a running fake: point the app's Novu client at URL with one of the keys.
type Fake struct {
	// URL is the base URL, such as http://127.0.0.1:41237 (the SDK's backendUrl).
	URL string
	// DevAPIKey and ProdAPIKey are the secret keys of the Development and Production environments.
	DevAPIKey, ProdAPIKey string
	// Server is the fake itself, for what the control API does not cover (SubscribeRequests).
	Server *mockserver.Server
	// Control is a client of the control API.
	Control *Control
}

// Option changes the options the fake is built with.
type Option func(*mockserver.Options)

// New starts a fake on a free loopback port and stops it (closing open connections) when the
// test and its subtests end. It fails the test when the fake cannot start.
func New(t testing.TB, opts ...Option) *Fake {
	t.Helper()
	f, stop, err := Start(opts...)
	if err != nil {
		t.Fatalf("novumocktest: %v", err)
	}
	t.Cleanup(stop)
	return f
}

// Start is New without a test: the caller must call stop. It is for TestMain, which shares one
// fake between a package's tests.
func Start(opts ...Option) (f *Fake, stop func(), err error) {
	var o mockserver.Options
	for _, opt := range opts {
		opt(&o)
	}
	srv, err := mockserver.New(o)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = corkconn.Serve(hs, ln) // ErrServerClosed once stopped; requests then fail, which the test sees
	}()
	url := "http://" + ln.Addr().String()
	f = &Fake{URL: url, DevAPIKey: srv.DevAPIKey(), ProdAPIKey: srv.ProdAPIKey(), Server: srv,
		Control: &Control{BaseURL: url, HTTP: &http.Client{Timeout: 30 * time.Second}}}
	stop = func() {
		// A test's requests are done when it ends; Close also cuts a connection a fault held.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if hs.Shutdown(ctx) != nil {
			_ = hs.Close()
		}
		<-done
	}
	return f, stop, nil
}

// WithOptions sets all of the fake's options at once.
func WithOptions(o mockserver.Options) Option { return func(dst *mockserver.Options) { *dst = o } }

// WithClock runs the fake on now instead of the wall clock (Control.Advance still moves it).
func WithClock(now func() time.Time) Option { return func(o *mockserver.Options) { o.Now = now } }

// WithRateLimit sets the rate-limit level: off, free, pro, business, enterprise or unlimited.
func WithRateLimit(level string) Option { return func(o *mockserver.Options) { o.RateLimit = level } }
