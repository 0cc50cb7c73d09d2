package smtprelay

import (
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/novumock/novumock/internal/smtprelay/smtptest"
)

func TestRelay_DeliversMIME(t *testing.T) {
	s := smtptest.NewServer(t)
	r := New(s.Addr, nil)
	defer r.Close(5 * time.Second)
	tests := []struct {
		name string
		in   Message
		from string
	}{
		{"plain", Message{FromName: "Acme", From: "orders@acme.test", To: "ada@example.com", Subject: "Your order shipped",
			HTML: "<p>Hello Ada</p>", MessageID: "64a2f0c1e4b0a1b2c3d4e5f6", Headers: map[string]string{"X-Novumock-Workflow": "order-shipped"}}, "orders@acme.test"},
		{"non-ASCII subject, long lines, no sender", Message{To: "zoë@example.com", Subject: "Grüße — ✓ bestätigt",
			HTML: "<p>" + strings.Repeat("Größe ", 40) + "</p>\n<p>=ende</p>"}, DefaultFrom},
		{"a header injection stays one header", Message{From: "a@acme.test", To: "b@example.com",
			Subject: "hi\r\nBcc: victim@example.com", HTML: "x"}, "a@acme.test"},
	}
	for _, tt := range tests {
		tt.in.Date = time.Date(2024, 10, 24, 12, 0, 0, 0, time.UTC)
		if !r.Enqueue(tt.in) {
			t.Fatalf("%s: not queued", tt.name)
		}
	}
	got := s.Wait(t, len(tests), 20*time.Second)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := got[i]
			if g.From != tt.from || g.To != tt.in.To {
				t.Errorf("envelope %s -> %s, want %s -> %s", g.From, g.To, tt.from, tt.in.To)
			}
			msg, err := mail.ReadMessage(strings.NewReader(g.Data))
			if err != nil {
				t.Fatalf("not a message: %v\n%s", err, g.Data)
			}
			subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || subject != strings.NewReplacer("\r", " ", "\n", " ").Replace(tt.in.Subject) {
				t.Errorf("subject %q (%v), want %q", subject, err, tt.in.Subject)
			}
			if msg.Header.Get("Bcc") != "" {
				t.Errorf("a Bcc header came from the subject")
			}
			if ct := msg.Header.Get("Content-Type"); ct != `text/html; charset="utf-8"` {
				t.Errorf("Content-Type %q", ct)
			}
			body, err := io.ReadAll(quotedPrintable(msg.Body))
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.ReplaceAll(tt.in.HTML, "\n", "\r\n") + "\r\n"; string(body) != want {
				t.Errorf("body %q, want %q", body, want)
			}
			if tt.in.MessageID != "" && msg.Header.Get("Message-Id") != "<"+tt.in.MessageID+"@novumock>" {
				t.Errorf("Message-ID %q", msg.Header.Get("Message-Id"))
			}
			for k, v := range tt.in.Headers {
				if msg.Header.Get(k) != v {
					t.Errorf("%s: %q, want %q", k, msg.Header.Get(k), v)
				}
			}
		})
	}
}

// A relay that nobody answers loses the message (logged), never blocks the caller, and closes
// within its bound.
func TestRelay_DownNeverBlocks(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	r := New(addr, nil)
	began := time.Now()
	for i := 0; i < QueueSize+10; i++ {
		r.Enqueue(Message{To: "a@example.com", Subject: "x", HTML: "x"})
	}
	if d := time.Since(began); d > 5*time.Second {
		t.Fatalf("enqueueing took %s", d)
	}
	r.Close(100 * time.Millisecond)
	if r.Enqueue(Message{To: "a@example.com"}) {
		t.Fatal("a closed relay took a message")
	}
	if err := Send(addr, Message{To: "a@example.com"}); err == nil {
		t.Fatal("Send to a closed port succeeded")
	}
}

func quotedPrintable(r io.Reader) io.Reader { return quotedprintable.NewReader(r) }
