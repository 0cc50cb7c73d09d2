package mockserver

import (
	"context"
	stdjson "encoding/json"
	"io"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validateInput answers what kin-openapi's ValidateRequest answers when it validates the body
// itself (the options validationOptions had before), on every operation with a body, for the
// spec's example and for bodies that break it in many ways: the same error, the same
// class-validator sentences, and on success the same value and the same body left for the
// strict handler.
func TestValidateBody_AsKin(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	kinOptions := *validationOptions
	kinOptions.ExcludeRequestBody = false
	kinOptions.KeepValidatedValue = true
	ids := make([]string, 0, len(s.ops))
	for id, op := range s.ops {
		if op.route.Operation.RequestBody != nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	require.NotEmpty(t, ids)
	cases, valid := 0, 0
	for _, id := range ids {
		op := s.ops[id]
		rb := op.route.Operation.RequestBody.Value
		for _, body := range bodyVariants(t, rb) {
			for _, contentType := range []string{"application/json", "application/json; charset=utf-8", "text/plain"} {
				run := func(validate func(*openapi3filter.RequestValidationInput, []byte) error) (error, any, string) {
					method, _, _ := strings.Cut(id, " ")
					req := httptest.NewRequest(method, "/x", strings.NewReader(body))
					req.Header.Set("Content-Type", contentType)
					input := &openapi3filter.RequestValidationInput{Request: req, QueryParams: req.URL.Query(), Route: op.route}
					err := validate(input, []byte(body))
					var value any
					if vb, ok := req.Body.(interface{ ValidatedValue() any }); ok {
						value = vb.ValidatedValue()
					}
					left, _ := io.ReadAll(req.Body)
					return err, value, string(left)
				}
				wantErr, wantValue, wantBody := run(func(in *openapi3filter.RequestValidationInput, _ []byte) error {
					in.Options = &kinOptions
					return openapi3filter.ValidateRequest(context.Background(), in)
				})
				gotErr, gotValue, gotBody := run(func(in *openapi3filter.RequestValidationInput, data []byte) error {
					in.Options = validationOptions
					return validateInput(context.Background(), in, data)
				})
				cases++
				if wantErr == nil {
					valid++
				}
				name := id + " " + contentType + " " + body
				require.Equal(t, errText(wantErr), errText(gotErr), name)
				assert.Equal(t, reflect.TypeOf(wantErr), reflect.TypeOf(gotErr), name)
				if wantErr != nil {
					assert.Equal(t, errText(translateValidation(wantErr, op, nil)), errText(translateValidation(gotErr, op, nil)), name)
				}
				assert.True(t, reflect.DeepEqual(wantValue, gotValue), "%s: value %#v, kin's %#v", name, gotValue, wantValue)
				assert.Equal(t, wantBody, gotBody, name)
			}
		}
	}
	t.Logf("%d operations, %d cases, %d valid", len(ids), cases, valid)
	assert.Greater(t, valid, len(ids), "the cases include valid bodies")
}

// bodyVariants are the example of a request body and bodies that break its schema: nothing,
// {}, a list, and the example with each top-level property made null, a number, a string, a
// list and an object in turn.
func bodyVariants(t *testing.T, rb *openapi3.RequestBody) []string {
	out := []string{"", "{}", "[]", `{"x":null}`}
	mt := rb.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return out
	}
	example := mt.Example
	if example == nil {
		example = mt.Schema.Value.Example
	}
	obj, _ := example.(map[string]any)
	if obj == nil {
		obj = map[string]any{}
	}
	encode := func(v any) string {
		b, err := stdjson.Marshal(v)
		require.NoError(t, err)
		return string(b)
	}
	out = append(out, encode(obj))
	names := make([]string, 0, len(mt.Schema.Value.Properties))
	for name := range mt.Schema.Value.Properties {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range []any{nil, 7, "s", []any{1, "a"}, map[string]any{"y": "z"}} {
			changed := make(map[string]any, len(obj)+1)
			for k, x := range obj {
				changed[k] = x
			}
			changed[name] = v
			out = append(out, encode(changed))
		}
	}
	return out
}
