package mockserver

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDeleteMarked(t *testing.T) {
	for _, tc := range []struct {
		name       string
		in, doomed []string
		want       []string
	}{
		{"front", []string{"a", "b", "c", "d"}, []string{"a", "b"}, []string{"c", "d"}},
		{"scattered", []string{"a", "b", "c", "d"}, []string{"b", "d"}, []string{"a", "c"}},
		{"all", []string{"a", "b"}, []string{"a", "b"}, []string{}},
		{"none present", []string{"a"}, []string{"x"}, []string{"a"}},
		{"nothing doomed", []string{"a"}, nil, []string{"a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			marked := map[string]bool{}
			for _, d := range tc.doomed {
				marked[d] = true
			}
			want := 0
			for _, v := range tc.in {
				if marked[v] {
					want++
				}
			}
			in := append([]string(nil), tc.in...)
			got := deleteMarked(in, want, func(s string) bool { return marked[s] })
			assert.Equal(t, tc.want, append([]string{}, got...))
			for _, v := range in[len(got):] {
				assert.Empty(t, v, "vacated slots are cleared")
			}
		})
	}
}
