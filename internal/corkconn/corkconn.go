// Package corkconn lets an HTTP handler send its whole answer in one write system call.
//
// net/http writes a connection through a 4 kB buffer: an answer of, say, 4.3 kB (a page of ten
// subscribers with Novu's RateLimit-* headers) leaves in two writes, a full buffer and then the
// rest, and on loopback each write wakes the client once more. A Conn from Listen can be corked,
// as TCP_CORK does in the kernel but without its system calls: while corked, writes are held in
// memory; Uncork sends what was held in one write.
//
//	srv := &http.Server{Handler: h}
//	go corkconn.Serve(srv, ln)
//	// in the handler, around writing a complete answer:
//	if c := corkconn.FromContext(r.Context()); c != nil {
//		c.Cork()
//		defer c.Uncork()
//	}
//	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
//	w.Write(body)
//	http.NewResponseController(w).Flush() // net/http's buffers into the held bytes
//
// The answer needs its Content-Length: without one, a Flush before the handler returns makes
// net/http send chunks, and the last chunk leaves after Uncork, in a write of its own.
package corkconn

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
)

// Serve is hs.Serve(ln) with every connection a *Conn that FromContext finds in its requests
// contexts: it wraps ln (Listen) and sets hs.ConnContext to ConnContext, before one already set.
func Serve(hs *http.Server, ln net.Listener) error {
	if next := hs.ConnContext; next != nil {
		hs.ConnContext = func(ctx context.Context, c net.Conn) context.Context { return next(ConnContext(ctx, c), c) }
	} else {
		hs.ConnContext = ConnContext
	}
	return hs.Serve(Listen(ln))
}

// Listen wraps ln so that every connection it accepts is a *Conn.
func Listen(ln net.Listener) net.Listener { return listener{ln} }

type listener struct{ net.Listener }

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: c}, nil
}

type contextKey struct{}

// ConnContext is for http.Server.ConnContext: it puts a *Conn where FromContext finds it.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*Conn); ok {
		return context.WithValue(ctx, contextKey{}, cc)
	}
	return ctx
}

// FromContext is the connection a request came on, or nil when it did not come through Listen
// and ConnContext (httptest, or a server of the caller's own).
func FromContext(ctx context.Context) *Conn {
	c, _ := ctx.Value(contextKey{}).(*Conn)
	return c
}

// Conn is a net.Conn whose writes can be held and sent together.
type Conn struct {
	net.Conn
	mu     sync.Mutex
	corked bool
	held   *[]byte
	err    error // a failed write of held bytes, answered to every later write
}

// heldPool keeps the held bytes between answers, so an idle connection holds no buffer.
var heldPool = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// maxPooled is the largest held buffer returned to the pool; a bigger one is left to the GC.
const maxPooled = 64 << 10

// Write sends p, or holds it while the connection is corked.
func (c *Conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return 0, err
	}
	if c.corked {
		*c.held = append(*c.held, p...)
		c.mu.Unlock()
		return len(p), nil
	}
	c.mu.Unlock()
	return c.Conn.Write(p)
}

// Cork holds every write until Uncork. Corking a corked connection does nothing.
func (c *Conn) Cork() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.corked {
		c.corked = true
		c.held = heldPool.Get().(*[]byte)
	}
}

// Uncork sends what was held, in one write, and lets later writes through. A failed write is
// also the answer of every later Write, as the connection is broken.
func (c *Conn) Uncork() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.corked {
		return c.err
	}
	c.corked = false
	held := c.held
	c.held = nil
	if len(*held) > 0 && c.err == nil {
		if _, err := c.Conn.Write(*held); err != nil {
			c.err = err
		}
	}
	if cap(*held) <= maxPooled {
		*held = (*held)[:0]
		heldPool.Put(held)
	}
	return c.err
}

// CloseWrite half-closes the connection it wraps. net/http does so before it closes a connection
// it gave up on (a body over the limit left unread), so that the client reads the answer before
// a reset; without this method a wrapped TCP connection would lose that.
func (c *Conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return errors.ErrUnsupported
}
