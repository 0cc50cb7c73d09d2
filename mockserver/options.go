package mockserver

import (
	"log/slog"
	"time"
)

// Default secret keys of the two environments the fake starts with. They are fixed so that a
// fresh `novumock serve` can be used from a script without reading its output.
const (
	DefaultDevAPIKey  = "nvmk_dev_00000000000000000000000000000000"
	DefaultProdAPIKey = "nvmk_prod_0000000000000000000000000000000"
)

// Options configure a fake. The zero value is usable: default keys, rate limiting at Novu's
// default level (unlimited), wall-clock time, seed 1.
type Options struct {
	// DevAPIKey and ProdAPIKey are the secret keys of the Development and Production environments.
	DevAPIKey, ProdAPIKey string
	// RateLimit is off, free, pro, business, enterprise or unlimited (the default).
	RateLimit string
	// Seed makes every generated id and fake value reproducible.
	Seed uint64
	// Now replaces the wall clock, for tests.
	Now func() time.Time
	// ValidateResponses checks every answer against the spec and reports violations to
	// OnResponseViolation (or the log).
	ValidateResponses bool
	// OnResponseViolation receives each response that breaks the spec when ValidateResponses is on.
	OnResponseViolation func(method, path string, status int, err error)
	// Logger receives one line per request and every internal error; nil discards.
	Logger *slog.Logger
	// JournalSize is how many requests the journal keeps (0: DefaultJournalSize; negative: none).
	JournalSize int
	// Retain is how many notifications (with their jobs, execution details and messages) each
	// environment keeps; the oldest go first (0: DefaultRetain; negative: no cap). Novu's TTLs
	// apply either way.
	Retain int
	// StateFile is where POST /_novumock/state/save writes the state document ("": nowhere).
	StateFile string
	// SelfHosted starts organizations as a self-hosted Novu does, without Novu's demo e-mail and
	// SMS credentials: only the in-app integration, and novu-email/novu-sms cannot be created.
	// The default is Novu Cloud's start: Novu Email and Novu SMS (each primary) and in-app.
	SelfHosted bool
	// ControlFromAnyAddress lets non-loopback clients use the control API (never the default).
	ControlFromAnyAddress bool
	// ControlToken, when set, makes the control API require "Authorization: Bearer <token>" from
	// every client, loopback ones included (401 otherwise); the address rule above still applies.
	ControlToken string
	// SMTPRelay (host:port), when set, forwards every e-mail the fake sends, as a MIME message,
	// to that SMTP server (Mailpit, MailHog), without authentication or TLS.
	SMTPRelay string
}

func (o Options) withDefaults() Options {
	if o.DevAPIKey == "" {
		o.DevAPIKey = DefaultDevAPIKey
	}
	if o.ProdAPIKey == "" {
		o.ProdAPIKey = DefaultProdAPIKey
	}
	if o.RateLimit == "" {
		o.RateLimit = "unlimited"
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
