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
		{"front with a survivor", []string{"a", "b", "c", "d", "e", "f"}, []string{"a", "c"}, []string{"b", "d", "e", "f"}},
		{"short rest behind many survivors", []string{"a", "b", "c", "d", "e"}, []string{"a", "d"}, []string{"b", "c", "e"}},
		{"last", []string{"a", "b", "c"}, []string{"c"}, []string{"a", "b"}},
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
			kept := 0
			for _, v := range in {
				if v != "" {
					kept++
				}
			}
			assert.Equal(t, len(got), kept, "vacated slots are cleared: %q", in)
		})
	}
}
