package expressreq

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNormalizeQuery(t *testing.T) {
	tests := []struct {
		raw  string
		want string // the RawQuery left on the request
	}{
		{"", ""},
		{"page=1&limit=10", "page=1&limit=10"},
		{"search=100%", "search=100%25"},
		{"a=%zz&b=%4", "a=%25zz&b=%254"},
		{"a=%41", "a=%41"},
		{"channels[]=email&channels[]=sms", "channels=email&channels=sms"},
		{"channels%5B%5D=email&channels%5B%5D=sms&page=2", "channels=email&channels=sms&page=2"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/v1/x?"+tt.raw, nil)
			NormalizeQuery(req)
			assert.Equal(t, tt.want, req.URL.RawQuery)
		})
	}
}
