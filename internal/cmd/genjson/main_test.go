package main

import (
	"strings"
	"testing"
)

func TestSwapJSON(t *testing.T) {
	tests := []struct {
		name, src, want, err string
	}{
		{
			name: "std import becomes segmentio's, calls unchanged",
			src:  "package gen\n\nimport (\n\t\"bytes\"\n\t\"encoding/json\"\n)\n\nfunc f(b *bytes.Buffer, v any) error { return json.NewEncoder(b).Encode(v) }\n",
			want: "package gen\n\nimport (\n\t\"bytes\"\n\t\"github.com/segmentio/encoding/json\"\n)\n\nfunc f(b *bytes.Buffer, v any) error { return json.NewEncoder(b).Encode(v) }\n",
		},
		{
			name: "no encoding/json import",
			src:  "package gen\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n",
			err:  "no \"encoding/json\" import",
		},
		{
			name: "not Go",
			src:  "package gen\nfunc {",
			err:  "expected",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := swapJSON("x.go", []byte(tt.src))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
