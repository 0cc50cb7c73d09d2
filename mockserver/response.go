package mockserver

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/segmentio/encoding/json"

	"github.com/novumock/novumock/internal/corkconn"
)

// bufferResponses holds each answer in memory and sends it in one write with a Content-Length,
// as Express's res.json does. Without it net/http switches to chunked encoding for any body over
// 2 kB and flushes it in several system calls: a ten-subscriber page cost more in writes than
// in encoding. Nothing of the API is streamed, so buffering changes no behaviour; the web console (an event
// stream among its pages) is left out.
func (s *Server) bufferResponses(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isConsolePath(c.Request().URL.Path) {
			return next(c) // HTML pages and an event stream: nothing to replay or check
		}
		res := c.Response()
		bw := bufferedWriterPool.Get().(*bufferedWriter)
		bw.ResponseWriter, bw.status = res.Writer, 0
		res.Writer = bw
		defer func() {
			res.Writer = bw.ResponseWriter
			bw.flush(c.Request().Context())
			bw.release()
		}()
		return next(c)
	}
}

// answerBody is what the handler has written of this request's answer so far, as held by
// bufferResponses (valid until the answer is sent; copy it to keep it). Idempotency and the
// response self-check read it here rather than recording the answer a second time.
func answerBody(c echo.Context) []byte {
	if w, ok := c.Response().Writer.(*bufferedWriter); ok {
		return w.body.Bytes()
	}
	return nil
}

// corkAbove is the largest answer body sent without corking: with its headers (Novu's are
// ~0.4 kB) it fits net/http's 4 kB connection buffer, which sends it in one write anyway.
const corkAbove = 3 << 10

// jsonUTF8 is the Content-Type of Novu's JSON answers.
const jsonUTF8 = "application/json; charset=utf-8"

type bufferedWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

var bufferedWriterPool = sync.Pool{New: func() any { return new(bufferedWriter) }}

// Unwrap lets http.ResponseController reach the connection (a fault drops it).
func (w *bufferedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *bufferedWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *bufferedWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(p)
}

// flush sends the status, Content-Length and body. A handler that wrote nothing at all leaves
// the default 200 to net/http, as without the buffer. On a connection from corkconn (the
// served binary's) an answer over corkAbove leaves in one write system call however large it
// is: net/http's 4 kB connection buffer would send a ten-subscriber page with Novu's
// RateLimit-* headers (4.3 kB) in two, and on loopback each write wakes the client again.
func (w *bufferedWriter) flush(ctx context.Context) {
	if w.status == 0 {
		return
	}
	var conn *corkconn.Conn
	if w.body.Len() > corkAbove { // a smaller one fits net/http's buffer with its headers
		conn = corkconn.FromContext(ctx)
	}
	if conn != nil {
		conn.Cork()
		defer conn.Uncork()
	}
	h := w.Header()
	if w.status != http.StatusNoContent && w.status != http.StatusNotModified {
		h.Set(echo.HeaderContentLength, strconv.Itoa(w.body.Len()))
	}
	// Express's res.json names the charset; the generated handlers and echo set the bare type.
	if ct := h[echo.HeaderContentType]; len(ct) == 1 && ct[0] == echo.MIMEApplicationJSON {
		ct[0] = jsonUTF8
	}
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.ResponseWriter.Write(w.body.Bytes())
	if conn != nil {
		_ = http.NewResponseController(w.ResponseWriter).Flush() // net/http's buffers into the held bytes
	}
}

// release returns the writer to the pool; a buffer grown by a large answer is dropped instead,
// so one export of many entities does not pin its memory.
func (w *bufferedWriter) release() {
	w.ResponseWriter = nil
	if w.body.Cap() > 64<<10 {
		return
	}
	w.body.Reset()
	bufferedWriterPool.Put(w)
}

// writeJSON answers status with v encoded as the generated responses encode their bodies
// (segmentio's json.Encoder: HTML characters escaped, map keys sorted, a final newline), for the
// few hot answers that skip the generated type: it encodes into a pooled buffer and writes it
// once, where the generated type grows a fresh bytes.Buffer per answer and then copies it.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	buf := encodeBufferPool.Get().(*[]byte)
	defer func() {
		if cap(*buf) <= 64<<10 {
			encodeBufferPool.Put(buf)
		}
	}()
	b, err := json.Append((*buf)[:0], v, encodeFlags)
	if err != nil {
		return err
	}
	*buf = append(b, '\n')
	w.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	w.WriteHeader(status)
	_, err = w.Write(*buf)
	return err
}

var encodeBufferPool = sync.Pool{New: func() any { return new([]byte) }}
