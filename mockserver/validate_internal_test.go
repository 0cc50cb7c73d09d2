package mockserver

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// validatedQueries remembers only what validation reads in full (path and query), only short
// requests, and empties itself when full.
func TestValidatedQueries_Bounded(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	list, create := s.ops["GET /v1/subscribers"], s.ops["POST /v1/subscribers"]
	require.True(t, list.pathAndQueryOnly)
	require.False(t, create.pathAndQueryOnly, "a body is validated too")

	var v validatedQueries
	_, ok := v.key(create, nil, "")
	assert.False(t, ok)
	_, ok = v.key(list, nil, "limit=10&x="+strings.Repeat("y", maxValidatedKeyLen))
	assert.False(t, ok, "too long to remember")
	a, ok := v.key(list, []string{"a", "b"}, "limit=1")
	require.True(t, ok)
	_, ok = v.key(list, []string{"a\x00b"}, "limit=1")
	assert.False(t, ok, "a value holding the separator is not remembered")
	c, _ := v.key(list, []string{"a"}, "limit=1")
	assert.NotEqual(t, a, c)

	for i := range maxValidatedQueries + 5 {
		k, _ := v.key(list, nil, fmt.Sprintf("page=%d", i))
		v.put(k, fmt.Sprintf("page=%d&limit=10", i))
		require.LessOrEqual(t, len(v.m), maxValidatedQueries)
	}
	assert.Len(t, v.m, 5)
	k, _ := v.key(list, nil, fmt.Sprintf("page=%d", maxValidatedQueries+4))
	q, seen := v.get(k)
	assert.True(t, seen)
	assert.Equal(t, fmt.Sprintf("page=%d&limit=10", maxValidatedQueries+4), q)
}
