// Package conntest helps tests see what a server does on the wire: WriteCounter counts the write
// calls made on the connections a listener accepts (each is one write system call on TCP).
package conntest

import (
	"net"
	"sync/atomic"
)

// WriteCounter is a net.Listener whose accepted connections count their writes.
type WriteCounter struct {
	net.Listener
	writes atomic.Int64
}

// CountWrites wraps ln.
func CountWrites(ln net.Listener) *WriteCounter { return &WriteCounter{Listener: ln} }

// Writes is how many writes the accepted connections have made so far.
func (l *WriteCounter) Writes() int64 { return l.writes.Load() }

func (l *WriteCounter) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l}, nil
}

type countingConn struct {
	net.Conn
	l *WriteCounter
}

func (c countingConn) Write(p []byte) (int, error) {
	c.l.writes.Add(1)
	return c.Conn.Write(p)
}
