// Package smtprelay forwards the e-mails the fake "sends" to a real SMTP server (Mailpit,
// MailHog, smtp4dev) as MIME messages, so that they can be read in a mail client. Sending
// happens on one goroutine behind a bounded queue: Enqueue never blocks the caller, and a relay
// that is down loses messages (logged), never API answers.
package smtprelay

import (
	"bytes"
	"fmt"
	"log/slog"
	"maps"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Message is one e-mail as a provider would get it.
type Message struct {
	FromName, From string // From falls back to DefaultFrom
	To             string
	Subject        string
	HTML           string
	MessageID      string // the fake's message _id, in the Message-ID header
	Date           time.Time
	Headers        map[string]string // extra X- headers (workflow, transaction id)
}

// DefaultFrom is the sender of an e-mail whose integration names none.
const DefaultFrom = "no-reply@novumock.invalid"

// Bytes is the message in RFC 5322 form: headers (non-ASCII words encoded), and the HTML body
// as quoted-printable UTF-8, with CRLF line ends.
func (m Message) Bytes() []byte {
	var b bytes.Buffer
	from := m.From
	if from == "" {
		from = DefaultFrom
	}
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", (&mail.Address{Name: m.FromName, Address: from}).String())
	header("To", (&mail.Address{Address: m.To}).String())
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", m.Date.UTC().Format(time.RFC1123Z))
	if m.MessageID != "" {
		header("Message-ID", "<"+oneLine(m.MessageID)+"@novumock>")
	}
	for _, k := range slices.Sorted(maps.Keys(m.Headers)) {
		header(k, mime.QEncoding.Encode("utf-8", oneLine(m.Headers[k])))
	}
	header("MIME-Version", "1.0")
	header("Content-Type", `text/html; charset="utf-8"`)
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(m.HTML, "\r\n", "\n"), "\n", "\r\n")))
	_ = qp.Close()
	b.WriteString("\r\n")
	return b.Bytes()
}

// oneLine keeps a header value on one line: a CR or LF from a request must not start a header.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// QueueSize bounds the messages waiting to be relayed.
const QueueSize = 1024

// Timeout bounds one delivery (connect, conversation).
const Timeout = 10 * time.Second

// Relay sends queued messages to one SMTP server.
type Relay struct {
	addr   string
	log    *slog.Logger
	queue  chan Message
	mu     sync.Mutex // guards closed against Enqueue racing Close
	closed bool
	done   chan struct{}
}

// New starts a relay to addr (host:port); logger gets one line per failed delivery.
func New(addr string, logger *slog.Logger) *Relay {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	r := &Relay{addr: addr, log: logger, queue: make(chan Message, QueueSize), done: make(chan struct{})}
	go r.run()
	return r
}

// Enqueue queues m without blocking; false when the queue is full or the relay closed.
func (r *Relay) Enqueue(m Message) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false
	}
	select {
	case r.queue <- m:
		return true
	default:
		r.log.Warn("smtp relay: queue full, e-mail dropped", "to", m.To, "subject", m.Subject)
		return false
	}
}

// Close stops taking messages and waits up to wait for the queued ones to go out.
func (r *Relay) Close(wait time.Duration) {
	r.mu.Lock()
	if !r.closed {
		r.closed = true
		close(r.queue)
	}
	r.mu.Unlock()
	select {
	case <-r.done:
	case <-time.After(wait):
	}
}

func (r *Relay) run() {
	defer close(r.done)
	for m := range r.queue {
		if err := Send(r.addr, m); err != nil {
			r.log.Error("smtp relay: e-mail not delivered", "relay", r.addr, "to", m.To, "error", err)
		}
	}
}

// Send delivers one message to the SMTP server at addr, without authentication or TLS (a local
// test server), within Timeout.
func Send(addr string, m Message) error {
	conn, err := net.DialTimeout("tcp", addr, Timeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(Timeout)); err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("novumock"); err != nil {
		return err
	}
	from := m.From
	if from == "" {
		from = DefaultFrom
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(m.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
