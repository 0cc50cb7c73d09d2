package mockserver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/expressreq"
	"github.com/novumock/novumock/internal/novuext"
	"github.com/novumock/novumock/internal/smtprelay"
	"github.com/novumock/novumock/internal/socketio"
	"github.com/novumock/novumock/mockserver/console"
)

// Server is the stateful fake. Its unexported api adapter implements the generated strict-server
// interface; the pipeline in front of it (see doc.go) does what Novu's guards and interceptors do.
type Server struct {
	opts        Options
	log         *slog.Logger
	clock       *clock
	store       *store
	limiter     *rateLimiter
	idempotency *idempotencyCache
	journal     *journal
	faults      *faults
	doc         *openapi3.T
	ops         map[string]*operation
	echo        *echo.Echo
	// tokenSecret signs and verifies subscriber tokens (subscriber_auth.go).
	tokenSecret []byte
	// sockets is the Socket.IO endpoint of the in-app clients (realtime.go).
	sockets *socketio.Server
	// waker delivers held jobs that come due while sockets listen (realtime.go).
	waker waker
	// consoleHub carries the store's change events to the web console's live pages.
	consoleHub *console.Hub
	// relay forwards sent e-mails to Options.SMTPRelay; nil without one.
	relay *smtprelay.Relay
	// subscriberJSON and integrationJSON are stored entities' encodings, for the subscriber page
	// and the integration lists (entity_json.go).
	subscriberJSON  encodedJSON[gen.Subscriber]
	integrationJSON encodedJSON[gen.Integration]
	// validatedQueries remembers which path-and-query-only requests passed validation (validate.go).
	validatedQueries validatedQueries
}

// api is the generated strict-server interface implemented over the Server: the handlers are
// its methods, so that Server's exported surface is only what an embedder needs.
type api struct{ *Server }

var _ gen.StrictServerInterface = api{}

// New builds a fake from opts. It fails only on invalid options.
func New(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	if opts.DevAPIKey == opts.ProdAPIKey {
		return nil, fmt.Errorf("the Development and Production API keys must differ")
	}
	doc, err := loadSpec()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	rates, err := novuext.RatePolicyOf(doc)
	if err != nil {
		return nil, err
	}
	if !rates.ValidLevel(opts.RateLimit) {
		return nil, fmt.Errorf("unknown rate-limit level %q (want %s)", opts.RateLimit, rates.LevelNames())
	}
	ops, err := specOperations()
	if err != nil {
		return nil, err
	}
	for _, op := range ops {
		if _, ok := rates.Costs[op.cost]; !ok && op.secured && !op.subscriberAuth {
			return nil, fmt.Errorf("%s: cost %q is not in x-novu-rate-limits", op.id, op.cost)
		}
	}
	registerHTMLDecoder()
	if opts.ValidateResponses {
		// The self-check needs the whole spec; loading it now, next to serving, spares the first
		// checked answer the wait.
		go func() { _, _ = responseRoutes() }()
	}
	secret, err := newTokenSecret()
	if err != nil {
		return nil, fmt.Errorf("subscriber token secret: %w", err)
	}
	s := &Server{
		tokenSecret: secret,
		opts:        opts,
		log:         opts.Logger,
		clock:       newClock(opts.Now),
		limiter:     newRateLimiter(rates, opts.RateLimit),
		idempotency: newIdempotencyCache(),
		journal:     newJournal(opts.JournalSize),
		faults:      newFaults(opts.Seed),
		doc:         doc,
		ops:         ops,
	}
	s.store = newStore(s.clock, opts)
	s.sockets = s.newSockets()
	s.consoleHub = console.NewHub()
	s.store.onChange = s.consoleHub.Publish
	s.store.socketsOpen = func() bool { return s.sockets.Len() > 0 }
	if opts.SMTPRelay != "" {
		s.relay = smtprelay.New(opts.SMTPRelay, opts.Logger)
		s.store.onEmail = s.relayEmail
	}
	s.echo = s.routes()
	return s, nil
}

// Handler is the fake as an http.Handler.
func (s *Server) Handler() http.Handler { return withSocket{beforeRouting{s.echo}, s} }

// withSocket serves the socket endpoint before echo: the socket takes over its connection,
// which echo's buffered responses could not hand over.
type withSocket struct {
	beforeRouting
	s *Server
}

func (h withSocket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A preflight goes on to the CORS step, which answers it as for the other in-app routes.
	if isSocketPath(r.URL.Path) && r.Method != http.MethodOptions {
		h.s.serveSocket(w, r)
		return
	}
	h.beforeRouting.ServeHTTP(w, r)
}

// beforeRouting is what Express does before Nest's router sees a request: HEAD is answered with
// the GET route, a trailing slash is ignored (expressRouting) and CORS preflights of the in-app
// routes are answered (cors.go). It runs before echo rather than as echo's Pre middleware, which
// would cost closures on every request.
//
// For HEAD, echo routes a clone that says GET; net/http still holds the original request, which
// says HEAD, so it sends the headers (with the GET answer's Content-Length) and drops the body.
type beforeRouting struct{ *echo.Echo }

func (h beforeRouting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		get := r.Clone(context.WithValue(r.Context(), headMethodKey{}, http.MethodHead))
		get.Method = http.MethodGet
		r = get
	}
	expressRouting(r)
	if cors(w, r) {
		return
	}
	h.Echo.ServeHTTP(w, r)
}

// DevAPIKey and ProdAPIKey are the secret keys the fake accepts.
func (s *Server) DevAPIKey() string  { return s.opts.DevAPIKey }
func (s *Server) ProdAPIKey() string { return s.opts.ProdAPIKey }

// Advance moves the fake's shared clock forward, and every organization with it (rate-limit
// refills, delays, idempotency expiry, TTLs).
func (s *Server) Advance(d time.Duration) {
	s.clock.Advance(d)
	s.settleAndFlush()
}

// CloseConsoleStreams ends the web console's event streams, open and to come; an http.Server
// calls it on Shutdown (RegisterOnShutdown), which would otherwise wait for them.
func (s *Server) CloseConsoleStreams() { s.consoleHub.Close() }

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	// echo composes the middlewares given to e.Use again for every request, a closure each;
	// composed once here, the chain is one function that ends in the route echo matched
	// (c.Handler(): a route's handler with its group's middlewares, or echo's 404 and 405).
	chain := compose(func(c echo.Context) error { return c.Handler()(c) },
		s.emitLive,
		s.bufferResponses,
		s.recordRequests,
		middleware.Recover(), // a panic becomes Novu's opaque 500, never a dropped connection
		s.logRequests,
		s.pipeline)
	e.Use(func(echo.HandlerFunc) echo.HandlerFunc { return chain })
	gen.RegisterHandlers(e, gen.NewStrictHandler(api{s}, nil))
	s.registerServiceRoutes(e)
	return e
}

// compose wraps h in the middlewares, the first outermost.
func compose(h echo.HandlerFunc, middlewares ...echo.MiddlewareFunc) echo.HandlerFunc {
	for i := len(middlewares) - 1; i >= 0; i-- {
		h = middlewares[i](h)
	}
	return h
}

// expressRouting ignores one trailing slash (`/v1/feeds/` is `/v1/feeds`), as Express's default
// (non-strict) router does for Novu.
func expressRouting(req *http.Request) {
	if p := req.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
		req.URL.Path = strings.TrimSuffix(p, "/")
		if req.URL.RawPath != "" {
			req.URL.RawPath = strings.TrimSuffix(req.URL.RawPath, "/")
		}
	}
}

// headMethodKey keeps a HEAD request's own method on its context, for Nest's 404 wording.
type headMethodKey struct{}

// pipeline is Novu's request path in one place, in Novu's order:
//
//  1. route: the echo route is mapped to its spec operation (unknown → Nest's 404); then a
//     fault rule or Prefer: code= may answer, delay or drop the request (faults.go);
//  2. body limit: 100 kB, 20 MB on events, workflows and layouts (413);
//  3. auth: ApiKey scheme, known key, endpoint open to keys, Development-only (401, no RateLimit-*);
//     the in-app routes take a subscriber's bearer token instead (subscriber_auth.go) and, as
//     Novu's throttler and idempotency interceptor skip that scheme, go straight to validation;
//  4. rate limit: the (environment, category) bucket pays the cost (RateLimit-*, 429);
//  5. idempotency: POST/PATCH with Idempotency-Key (replay, 409, 422, 400);
//  6. validation: parameters and body against the spec (400 in class-validator words), after the
//     body's x-novu-string-boolean strings became booleans and its ObjectIds written in capitals
//     lower case; it also fills in the spec's defaults
//     for absent query parameters, so handlers never restate them;
//  7. the strict handler.
func (s *Server) pipeline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		op := s.ops[req.Method+" "+c.Path()]
		if op == nil {
			if isServiceRoute(c.Path()) {
				return next(c)
			}
			return errRouteNotFound(req)
		}
		// Express decodes path parameters with decodeURIComponent and answers 400 when one is
		// not UTF-8, so no key with invalid bytes (which JSON answers could not show) is stored.
		for _, v := range c.ParamValues() {
			if req.URL.RawPath != "" {
				// echo routed on the escaped path; the generated wrapper unescapes the value.
				if u, err := url.PathUnescape(v); err == nil {
					v = u
				}
			}
			if !utf8.ValidString(v) {
				return errBadRequest("Failed to decode param '%s'", url.PathEscape(v))
			}
		}
		if handled, err := s.applyFault(c, op); handled {
			return err // faults.go: a faulted request never reaches auth or its handler
		}
		lowerObjectIDParams(c, op)
		if s.opts.ValidateResponses {
			return s.checkResponse(c, op, func(c echo.Context) error { return s.serve(c, op, next) })
		}
		return s.serve(c, op, next)
	}
}

// lowerObjectIDParams writes an ObjectId path parameter given in upper-case hex in lower case:
// Novu's IsMongoId accepts either case and MongoDB reads both as the same id, so
// /v1/messages/6710A… finds the message /v1/messages/6710a… names.
func lowerObjectIDParams(c echo.Context, op *operation) {
	vals := c.ParamValues()
	changed := false
	for i, v := range vals {
		if len(v) != 24 || !upperCaseHex(v) {
			continue
		}
		for _, ref := range op.route.Operation.Parameters {
			if p := ref.Value; p != nil && p.In == openapi3.ParameterInPath && p.Name == c.ParamNames()[i] &&
				p.Schema != nil && p.Schema.Value != nil && isObjectIDPattern(p.Schema.Value.Pattern) {
				vals[i], changed = strings.ToLower(v), true
			}
		}
	}
	if changed {
		c.SetParamValues(vals...)
	}
}

// upperCaseHex is true for hexadecimal digits of which at least one is an upper-case letter.
func upperCaseHex(v string) bool {
	upper := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'A' <= c && c <= 'F':
			upper = true
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f':
		default:
			return false
		}
	}
	return upper
}

// serve runs steps 2 to 7 of the pipeline for one resolved operation.
func (s *Server) serve(c echo.Context, op *operation, next echo.HandlerFunc) error {
	req := c.Request()
	expressreq.NormalizeQuery(req)
	body, err := readBody(req, op.bodyLimit)
	if err != nil {
		return err
	}
	noteRequestBody(c, body)
	if body, err = expressreq.ParseBody(req, body); err != nil {
		// body-parser runs before Novu's guards: no 401 for a body that does not parse
		return errBadRequest("%s", err)
	}
	if len(bytes.TrimSpace(body)) == 0 && op.route.Operation.RequestBody != nil {
		// Express leaves req.body {} when nothing was sent, and Nest validates that.
		body = []byte("{}")
		expressreq.SetJSONBody(req, body)
	}
	validated := func(c echo.Context) error {
		if err := s.validate(c, op, body); err != nil {
			return err
		}
		return next(c)
	}
	if !op.secured {
		return validated(c)
	}
	if op.subscriberAuth {
		sub, err := s.subscriberFromAuthorization(req.Header.Get(echo.HeaderAuthorization))
		if err != nil {
			return err
		}
		c.SetRequest(req.WithContext(context.WithValue(req.Context(), subscriberPrincipalKey{}, sub)))
		return validated(c)
	}
	env, err := s.authenticate(c, op)
	if err != nil {
		return err
	}
	c.SetRequest(req.WithContext(context.WithValue(req.Context(), principalKey{}, env)))
	if d, on := s.limiter.take(env.id, op.category, op.cost, s.store.timeOf(env.org)); on {
		d.setHeaders(c.Response().Header())
		if !d.allowed {
			return errRateLimited(d.reset)
		}
	}
	return s.idempotent(c, env.org.id, body, validated)
}

// validate is step 6 for a request whose body (after step 2) is body. A request that passed
// before with the same path parameters and query, to an operation whose validation reads
// nothing else, gets the query validation left then instead (validatedQueries).
func (s *Server) validate(c echo.Context, op *operation, body []byte) error {
	req := c.Request()
	var remember validatedKey
	var ok bool
	if len(body) == 0 {
		remember, ok = s.validatedQueries.key(op, c.ParamValues(), req.URL.RawQuery)
	}
	if ok {
		if q, seen := s.validatedQueries.get(remember); seen {
			req.URL.RawQuery = q // as validation left it
			return nil
		}
	}
	var params map[string]string // nil for the routes without path parameters: nothing to allocate
	if names := c.ParamNames(); len(names) > 0 {
		params = make(map[string]string, len(names))
		for i, name := range names {
			params[name] = c.ParamValues()[i]
		}
	}
	body = lowerObjectIDs(req, coerceStringBooleans(req, body, op.stringBooleans), op.objectIDs)
	// Validation leaves the decoded body on the request (validatedBody), so the strict
	// handler binds it without parsing the JSON a second time.
	if err := validateRequest(req.Context(), req, op, params, body); err != nil {
		return err
	}
	if ok {
		s.validatedQueries.put(remember, req.URL.RawQuery)
	}
	return nil
}

// readBody buffers the body once (validation and the idempotency fingerprint both need it),
// refusing anything over the route's limit.
func readBody(req *http.Request, limit int64) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil // most GETs: nothing to read or buffer
	}
	if req.ContentLength > limit {
		return nil, errPayloadTooLarge()
	}
	var data []byte
	var err error
	if req.ContentLength > 0 {
		// The usual case: one allocation of the exact size (net/http's body stops at the length).
		data = make([]byte, req.ContentLength)
		_, err = io.ReadFull(req.Body, data)
	} else {
		data, err = io.ReadAll(io.LimitReader(req.Body, limit+1))
	}
	if err != nil {
		return nil, errBadRequest("could not read the request body")
	}
	if int64(len(data)) > limit {
		return nil, errPayloadTooLarge()
	}
	req.Body = io.NopCloser(bytes.NewReader(data))
	return data, nil
}

func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		logged := s.log.Enabled(c.Request().Context(), slog.LevelInfo) // --quiet: no per-request work at all
		var start time.Time
		if logged {
			start = time.Now()
		}
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		if logged {
			s.log.Info("request", "method", originalMethod(c.Request()), "path", requestPath(c.Request()),
				"status", c.Response().Status, "duration", time.Since(start).Round(time.Microsecond))
		}
		return nil
	}
}
