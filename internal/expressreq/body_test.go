package expressreq

import (
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
