package corkconn

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/novumock/novumock/internal/conntest"
)

// recordingConn is a net.Conn that keeps each Write it is given.
type recordingConn struct {
	net.Conn
	mu     sync.Mutex
	writes [][]byte
	err    error
}

func (c *recordingConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	c.writes = append(c.writes, bytes.Clone(p))
	return len(p), nil
}

func (c *recordingConn) got() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes
}

func TestConn_Writes(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(c *Conn)
		want []string
	}{
		{"uncorked writes go straight through", func(c *Conn) {
			c.Write([]byte("a"))
			c.Write([]byte("bc"))
		}, []string{"a", "bc"}},
		{"corked writes leave in one", func(c *Conn) {
			c.Cork()
			c.Write([]byte("head "))
			c.Write([]byte("body"))
			c.Uncork()
		}, []string{"head body"}},
		{"writes after Uncork go straight through again", func(c *Conn) {
			c.Cork()
			c.Write([]byte("x"))
			c.Uncork()
			c.Write([]byte("y"))
		}, []string{"x", "y"}},
		{"a second Cork keeps what is held", func(c *Conn) {
			c.Cork()
			c.Write([]byte("1"))
			c.Cork()
			c.Write([]byte("2"))
			c.Uncork()
		}, []string{"12"}},
		{"nothing held is no write", func(c *Conn) {
			c.Cork()
			c.Uncork()
			c.Uncork()
		}, nil},
		{"the held buffer is reused clean", func(c *Conn) {
			for _, s := range []string{"first answer", "2nd"} {
				c.Cork()
				c.Write([]byte(s))
				c.Uncork()
			}
		}, []string{"first answer", "2nd"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recordingConn{}
			tc.run(&Conn{Conn: rec})
			var got []string
			for _, w := range rec.got() {
				got = append(got, string(w))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("writes = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestConn_FailedUncorkBreaksLaterWrites(t *testing.T) {
	broken := errors.New("connection reset")
	rec := &recordingConn{err: broken}
	c := &Conn{Conn: rec}
	c.Cork()
	if n, err := c.Write([]byte("held")); n != 4 || err != nil {
		t.Fatalf("a held write = %d, %v; want 4, nil", n, err)
	}
	if err := c.Uncork(); !errors.Is(err, broken) {
		t.Fatalf("Uncork = %v, want %v", err, broken)
	}
	rec.err = nil // even if the connection would take it, the answer before it was lost
	if _, err := c.Write([]byte("more")); !errors.Is(err, broken) {
		t.Errorf("a write after the failed one = %v, want %v", err, broken)
	}
	if len(rec.got()) != 0 {
		t.Errorf("writes reached the connection: %q", rec.got())
	}
}

// TestServer_CorkedAnswerIsOneWrite serves a 4.3 kB answer through net/http, whose connection
// buffer is 4 kB: without the cork it leaves in two writes, with it in one, and the client
// reads the same answer either way.
func TestServer_CorkedAnswerIsOneWrite(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 4000)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	counted := conntest.CountWrites(ln) // below corkconn: the writes that reach TCP
	type callerKey struct{}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Context().Value(callerKey{}) != true {
			t.Error("Serve dropped the server's own ConnContext")
		}
		for _, name := range []string{"A", "B", "C"} {
			w.Header().Set("X-Padding-"+name, strings.Repeat("p", 100))
		}
		// With its length known net/http sends the answer whole; without it, a Flush before the
		// handler returns would switch to chunks, whose last one leaves after Uncork.
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		if c := FromContext(r.Context()); c != nil && r.URL.Query().Get("cork") == "1" {
			c.Cork()
			defer c.Uncork()
			defer http.NewResponseController(w).Flush()
		}
		w.Write(body)
	})}
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		return context.WithValue(ctx, callerKey{}, true)
	}
	go Serve(srv, counted)
	t.Cleanup(func() { srv.Close() })

	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	for _, tc := range []struct {
		cork   string
		writes int
	}{{"0", 2}, {"1", 1}, {"0", 2}, {"1", 1}} {
		before := counted.Writes()
		res, err := client.Get("http://" + ln.Addr().String() + "/?cork=" + tc.cork)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("cork=%s: body of %d bytes, %v; want the %d sent", tc.cork, len(got), err, len(body))
		}
		if n := counted.Writes() - before; n != int64(tc.writes) {
			t.Errorf("cork=%s: %d writes for the answer, want %d", tc.cork, n, tc.writes)
		}
	}
}

func TestFromContext_NotFromListen(t *testing.T) {
	req, _ := http.NewRequest("GET", "/", nil)
	if c := FromContext(req.Context()); c != nil {
		t.Errorf("FromContext = %v on a request that did not come through Listen", c)
	}
	if ctx := ConnContext(req.Context(), &recordingConn{}); FromContext(ctx) != nil {
		t.Error("ConnContext took a connection Listen did not make")
	}
}

// CloseWrite reaches the TCP connection: the peer reads the end of the stream and can still send.
func TestConn_CloseWrite(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := Listen(ln).Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- c
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, ok := <-accepted
	if !ok {
		t.Fatal("accept failed")
	}
	defer server.Close()
	if _, err := server.Write([]byte("answer")); err != nil {
		t.Fatal(err)
	}
	if err := server.(interface{ CloseWrite() error }).CloseWrite(); err != nil {
		t.Fatalf("CloseWrite = %v", err)
	}
	if got, err := io.ReadAll(client); err != nil || string(got) != "answer" {
		t.Fatalf("client read %q, %v; want the answer and then the end", got, err)
	}
	if _, err := client.Write([]byte("still open")); err != nil {
		t.Fatalf("the client's side was closed too: %v", err)
	}
	buf := make([]byte, 10)
	if n, err := io.ReadFull(server, buf); err != nil || string(buf[:n]) != "still open" {
		t.Errorf("server read %q, %v", buf[:n], err)
	}
	if err := (&Conn{Conn: &recordingConn{}}).CloseWrite(); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("CloseWrite on a connection without it = %v, want ErrUnsupported", err)
	}
}
