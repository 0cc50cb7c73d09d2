package mockserver

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEachValueField(t *testing.T) {
	tests := []struct {
		path []string
		want string
	}{
		{[]string{"name"}, "name"},
		{[]string{"tags", "0"}, "each value in tags"},
		{[]string{"filters", "0", "tags", "12"}, "filters.0.each value in tags"},
		{[]string{"events", "0", "name"}, "events.0.name"}, // an object in a list keeps its index
		{[]string{"matrix", "0", "1"}, "matrix.0.1"},       // a list in a list: no name to give
		{[]string{"0"}, "0"},
		{nil, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, eachValueField(tt.path), tt.path)
	}
}
