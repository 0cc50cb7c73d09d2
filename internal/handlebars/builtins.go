package handlebars

import (
	"errors"
	"strings"
)

// The built-in helpers of handlebars.js 4.7 (lib/handlebars/helpers/*.js), argument checks and
// messages included.

func helperMissing(c *call) (any, error) {
	if len(c.params) == 0 {
		return undefined, nil
	}
	return nil, errors.New(`Missing helper: "` + c.name + `"`)
}

// blockHelperMissing runs a block over a value: true runs it, false and null its inverse, an
// array iterates (or runs the inverse when empty), anything else becomes the block's context.
func blockHelperMissing(c *call) (any, error) {
	v := c.arg(0)
	switch t := v.(type) {
	case bool:
		if t {
			return c.fn(c.this, nil, nil)
		}
		return c.inverse(c.this)
	case nil, undefinedType:
		return c.inverse(c.this)
	case []any:
		if len(t) == 0 {
			return c.inverse(c.this)
		}
		return each(c)
	}
	return c.fn(v, nil, nil)
}

// isEmpty is Handlebars' Utils.isEmpty: falsy but not 0, or an empty array.
func isEmpty(v any) bool {
	if a, ok := v.([]any); ok {
		return len(a) == 0
	}
	if f, ok := v.(float64); ok && f == 0 {
		return false
	}
	return !truthy(v)
}

func ifHelper(c *call) (any, error) {
	if len(c.params) != 1 {
		return nil, errors.New("#if requires exactly one argument")
	}
	return conditional(c, c.params[0], false)
}

func unlessHelper(c *call) (any, error) {
	if len(c.params) != 1 {
		return nil, errors.New("#unless requires exactly one argument")
	}
	return conditional(c, c.params[0], true)
}

func conditional(c *call, v any, negate bool) (any, error) {
	falsy := !truthy(c.hash["includeZero"]) && !truthy(v) || isEmpty(v)
	if falsy != negate {
		return c.inverse(c.this)
	}
	return c.fn(c.this, nil, nil)
}

func withHelper(c *call) (any, error) {
	if len(c.params) != 1 {
		return nil, errors.New("#with requires exactly one argument")
	}
	v := c.params[0]
	if isEmpty(v) {
		return c.inverse(c.this)
	}
	if c.block == nil {
		return nil, errNotFunction("fn")
	}
	return c.fn(v, nil, []any{v})
}

func each(c *call) (any, error) {
	if len(c.params) == 0 || len(c.params) > 1 && !truthy(c.params[1]) {
		return nil, errors.New("Must pass iterator to #each")
	}
	if len(c.params) > 1 { // options is a parameter: options.fn and options.inverse are undefined
		if iterable(c.params[0]) {
			return nil, errNotFunction("fn")
		}
		return nil, errNotFunction("inverse")
	}
	var out strings.Builder
	n := 0
	iterate := func(key any, index int, last bool, item any) error {
		data := c.scope.data.child()
		data.vals["key"], data.vals["index"] = key, float64(index)
		data.vals["first"], data.vals["last"] = index == 0, last
		s, err := c.fn(item, data, []any{item, key})
		out.WriteString(s)
		return err
	}
	switch t := c.params[0].(type) {
	case []any:
		for i, item := range t {
			if err := iterate(float64(i), i, i == len(t)-1, item); err != nil {
				return nil, err
			}
			n++
		}
	case map[string]any:
		keys := objectKeys(t)
		for i, k := range keys {
			if err := iterate(k, i, i == len(keys)-1, t[k]); err != nil {
				return nil, err
			}
			n++
		}
	case *object:
		for i, k := range t.keys {
			if err := iterate(k, i, i == len(t.keys)-1, t.vals[k]); err != nil {
				return nil, err
			}
			n++
		}
	}
	if n == 0 {
		return c.inverse(c.this)
	}
	return out.String(), nil
}

// iterable tells whether each would run its block at least once over v.
func iterable(v any) bool {
	switch t := v.(type) {
	case []any:
		return len(t) > 0
	case map[string]any:
		return len(t) > 0
	case *object:
		return len(t.keys) > 0
	}
	return false
}

func lookupHelper(c *call) (any, error) {
	obj := c.arg(0)
	if !truthy(obj) {
		return obj, nil
	}
	if real, err := c.options(2, "lookupProperty"); err != nil {
		return nil, err
	} else if !real {
		return nil, errNotFunction("options.lookupProperty")
	}
	return getProperty(obj, propertyKey(c.arg(1))), nil
}

func logHelper(*call) (any, error) { return undefined, nil }

var builtinHelpers = map[string]helperFunc{
	"helperMissing":      helperMissing,
	"blockHelperMissing": blockHelperMissing,
	"if":                 ifHelper,
	"unless":             unlessHelper,
	"with":               withHelper,
	"each":               each,
	"lookup":             lookupHelper,
	"log":                logHelper,
}
