package handlebars

import (
	"errors"
	"slices"

	"github.com/mailgun/raymond/v2/ast"
)

// Variable is a variable a template declares, as Novu lists it.
type Variable struct {
	Name string
	// Type is "String", "Array" or "Boolean".
	Type string
	// DefaultValue is "" for a String, true for a Boolean and nil (none) for an Array.
	DefaultValue any
}

// ErrVariables is Variables' answer where Novu's extraction throws: the template does not
// parse, or Novu's code trips over it (a number or boolean where it expects a name, an
// inverted if/each/with block, whose AST has no main program).
var ErrVariables = errors.New("handlebars: failed to extract variables")

// helperNames are Novu's HandlebarHelpersEnum (packages/shared/src/consts/handlebar-helpers/
// handlebarHelpers.ts): a mustache whose first parameter names a variable declares it only
// for these helpers.
var helperNames = []string{"equals", "titlecase", "uppercase", "lowercase", "pluralize", "dateFormat", "unique",
	"groupBy", "sortBy", "numberFormat", "i18n", "gt", "gte", "lt", "lte", "eq", "ne"}

// Variables lists the variables a template declares, as Novu's getTemplateVariables
// (packages/shared/src/consts/handlebar-helpers/getTemplateVariables.ts) reads the tree: per
// program, first plain mustaches (a String: the first parameter's name for one of Novu's
// helpers, else the path), then each and with blocks (each: an Array, then the block's own
// variables prefixed with its name), then if and unless blocks with one parameter (a Boolean,
// then the block's variables); i18n contributes its hash values. Names must start with a letter
// or underscore; {{else}} branches and other blocks are not read. Duplicates are kept.
func Variables(src string) ([]Variable, error) {
	t, err := Parse(src)
	if err != nil {
		return nil, ErrVariables
	}
	return programVariables(t.prog.Body)
}

// original is the `original` of a node in handlebars.js' AST: a path's text, a string literal's
// value, a number's or boolean's value (not a string), and undefined for a sub-expression or
// the null and undefined literals.
func original(n ast.Node) any {
	switch t := n.(type) {
	case *ast.PathExpression:
		if _, ok := nullLiteral(t); ok {
			return undefined
		}
		return t.Original
	case *ast.StringLiteral:
		return t.Value
	case *ast.NumberLiteral:
		return t.Value
	case *ast.BooleanLiteral:
		return t.Value
	case *ast.Expression:
		return original(t.Path)
	}
	return undefined
}

// nameOf is `params[0]?.original || path.original`.
func nameOf(e *ast.Expression) any {
	if len(e.Params) > 0 {
		if o := original(e.Params[0]); truthy(o) {
			return o
		}
	}
	return original(e.Path)
}

// declares is Novu's shouldAddVariable: a name starting with a letter or underscore. Anything
// but a string makes its `.match` call throw.
func declares(name any) (bool, error) {
	s, ok := name.(string)
	if !ok {
		return false, ErrVariables
	}
	return s != "" && (s[0] == '_' || isLatinLetter(s[0])), nil
}

func programVariables(body []ast.Node) ([]Variable, error) {
	var strs, arrays, bools []Variable
	for _, n := range body {
		var err error
		switch t := n.(type) {
		case *ast.MustacheStatement:
			var vs []Variable
			vs, err = mustacheVariables(t.Expression)
			strs = append(strs, vs...)
		case *ast.BlockStatement:
			var vs []Variable
			switch original(t.Expression.Path) {
			case "each", "with":
				vs, err = loopVariables(t)
				arrays = append(arrays, vs...)
			case "if", "unless":
				vs, err = conditionVariables(t)
				bools = append(bools, vs...)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return slices.Concat(strs, arrays, bools), nil
}

func mustacheVariables(e *ast.Expression) ([]Variable, error) {
	name := nameOf(e)
	path := original(e.Path)
	if path == "i18n" {
		if e.Hash == nil {
			return nil, nil
		}
		var out []Variable
		for _, pair := range e.Hash.Pairs {
			v := original(pair.Val)
			if ok, err := declares(v); err != nil {
				return nil, err
			} else if ok {
				out = append(out, Variable{Name: v.(string), Type: "String", DefaultValue: ""})
			}
		}
		return out, nil
	}
	if ok, err := declares(name); !ok || err != nil {
		return nil, err
	}
	if len(e.Params) > 0 && truthy(original(e.Params[0])) {
		if s, isStr := path.(string); !isStr || !slices.Contains(helperNames, s) {
			return nil, nil
		}
	}
	return []Variable{{Name: name.(string), Type: "String", DefaultValue: ""}}, nil
}

func loopVariables(b *ast.BlockStatement) ([]Variable, error) {
	name := nameOf(b.Expression)
	if ok, err := declares(name); !ok || err != nil {
		return nil, err
	}
	if b.Program == nil {
		return nil, ErrVariables // body.program.body of an inverted block throws
	}
	nested, err := programVariables(b.Program.Body)
	if err != nil {
		return nil, err
	}
	for i := range nested {
		nested[i].Name = name.(string) + "." + nested[i].Name
	}
	if original(b.Expression.Path) == "with" {
		return nested, nil
	}
	return append([]Variable{{Name: name.(string), Type: "Array"}}, nested...), nil
}

func conditionVariables(b *ast.BlockStatement) ([]Variable, error) {
	name := nameOf(b.Expression)
	if ok, err := declares(name); !ok || err != nil {
		return nil, err
	}
	if len(b.Expression.Params) > 1 {
		return nil, nil
	}
	if b.Program == nil {
		return nil, ErrVariables
	}
	nested, err := programVariables(b.Program.Body)
	if err != nil {
		return nil, err
	}
	return append([]Variable{{Name: name.(string), Type: "Boolean", DefaultValue: true}}, nested...), nil
}
