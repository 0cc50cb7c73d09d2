// Package smtptest is a minimal SMTP server on a loopback port for tests, as httptest is for
// HTTP: it accepts every message and keeps each one's envelope and data.
package smtptest

import (
	"bufio"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Received is one message as the client sent it.
type Received struct {
	From, To string // the envelope (MAIL FROM, the last RCPT TO)
	Data     string // headers and body, CRLF line ends, dot-stuffing undone
}

// Server is a running sink; it stops when the test ends.
type Server struct {
	Addr string
	ln   net.Listener
	mu   sync.Mutex
	got  []Received
	seen chan struct{}
}

// NewServer starts a sink on 127.0.0.1:0.
func NewServer(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln, seen: make(chan struct{}, 1024)}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *Server) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(conn)
	say := func(line string) { _, _ = io.WriteString(conn, line+"\r\n") }
	say("220 smtptest ready")
	var cur Received
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		text := strings.TrimSpace(line)
		cmd := strings.ToUpper(text)
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 smtptest")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			cur = Received{From: strings.Trim(text[len("MAIL FROM:"):], "<> ")}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			cur.To = strings.Trim(text[len("RCPT TO:"):], "<> ")
			say("250 ok")
		case cmd == "DATA":
			say("354 end with <CRLF>.<CRLF>")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.Data = data.String()
			s.mu.Lock()
			s.got = append(s.got, cur)
			s.mu.Unlock()
			s.seen <- struct{}{}
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// Wait returns every message received once n more have arrived since the last Wait, failing
// the test after timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.After(timeout)
	for i := 0; i < n; i++ {
		select {
		case <-s.seen:
		case <-deadline:
			t.Fatalf("the SMTP sink got %d of %d messages within %s", i, n, timeout)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.got...)
}
