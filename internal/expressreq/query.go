package expressreq

import (
	"net/http"
	"strings"
)

// NormalizeQuery reads the query string as Express's parser (qs) does: a malformed %-escape
// stays as written (Go's parser would drop the whole pair, and a filter with it), and
// "a[]=x&a[]=y" is the repeated "a=x&a=y" (axios, and so the real SDK, sends arrays with
// brackets).
func NormalizeQuery(req *http.Request) {
	req.URL.RawQuery = escapeStrayPercents(req.URL.RawQuery)
	if !strings.Contains(req.URL.RawQuery, "%5B%5D=") && !strings.Contains(req.URL.RawQuery, "[]=") {
		return
	}
	q := req.URL.Query()
	for key, vals := range q {
		if name, ok := strings.CutSuffix(key, "[]"); ok {
			delete(q, key)
			q[name] = append(q[name], vals...)
		}
	}
	req.URL.RawQuery = q.Encode()
}

// escapeStrayPercents writes a % that does not start a valid escape as %25, so that it decodes
// to itself.
func escapeStrayPercents(raw string) string {
	if !strings.Contains(raw, "%") {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '%' && (i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2])) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
