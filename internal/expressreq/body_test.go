package expressreq

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseForm(t *testing.T) {
	tests := []struct {
		raw  string
		want map[string]any
	}{
		{"a=1", map[string]any{"a": "1"}},
		{"a=1&a=2&a=3", map[string]any{"a": []any{"1", "2", "3"}}},
		{"a[]=1&a[]=2", map[string]any{"a": []any{"1", "2"}}},
		{"a[0]=x&a[1]=y", map[string]any{"a": []any{"x", "y"}}},
		{"a[b]=c&a[d][e]=f", map[string]any{"a": map[string]any{"b": "c", "d": map[string]any{"e": "f"}}}},
		{"a[0][k]=v", map[string]any{"a": []any{map[string]any{"k": "v"}}}},
		{"a[21]=x", map[string]any{"a": map[string]any{"21": "x"}}},
		{"name=Ada+Lovelace&mail=a%40b.c", map[string]any{"name": "Ada Lovelace", "mail": "a@b.c"}},
		{"bad=%ZZ&empty=&=orphan&&flag", map[string]any{"bad": "%ZZ", "empty": "", "flag": ""}},
		{"a]b=1&[x]=2", map[string]any{"a]b": "1", "[x]": "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			assert.Equal(t, tt.want, parseForm(tt.raw))
		})
	}
}

// mediaType answers what mime.ParseMediaType answers, its shortcut included.
func TestMediaType(t *testing.T) {
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON", " application/json",
		"application/json ", "application/json;", "application/x-www-form-urlencoded", "text/plain", "", "application/json, text/plain", "/"} {
		want, _, _ := mime.ParseMediaType(ct)
		assert.Equal(t, want, mediaType(ct), ct)
	}
}

// Any body under any content type: an answer or ErrInvalidJSON, never a panic, and what is
// answered is JSON (or, for an empty JSON body, the body as it came).
func FuzzParseBody(f *testing.F) {
	f.Add("application/json", `{"a":1}`)
	f.Add("application/json", `[1e400, {"n": -1e999}]`)
	f.Add("application/json", `{"a":`)
	f.Add("application/json; charset=utf-8", "  ")
	f.Add("application/x-www-form-urlencoded", "a[0][b]=1&a[]=2&c=%ZZ&d")
	f.Add("text/plain", "hello")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		req := httptest.NewRequest("POST", "/v1/x", strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		out, err := ParseBody(req, []byte(body))
		if err != nil {
			if !errors.Is(err, ErrInvalidJSON) && !errors.Is(err, ErrUnreadable) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(bytes.TrimSpace(out)) > 0 && !json.Valid(out) {
			t.Fatalf("ParseBody(%q, %q) = %q, not JSON", contentType, body, out)
		}
	})
}
