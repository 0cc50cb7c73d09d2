package handlebars

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mailgun/raymond/v2/ast"
)

// The evaluator follows what handlebars.js 4.7's compiler generates (compiler.js and
// javascript-compiler.js), in its default, non-strict mode: how a mustache is classified as a
// helper call, an ambiguous name or a plain path; how a path resolves (no walking up to parent
// contexts; `../` counts only context changes); blockHelperMissing for blocks over values;
// options.fn and options.inverse only for blocks.

// maxOutput bounds what one render may produce, so a template cannot exhaust memory by nesting
// loops over large data; Novu has no such bound.
const maxOutput = 32 << 20

var errOutputTooLarge = errors.New("handlebars: output exceeds 32 MiB")

type helperFunc func(c *call) (any, error)

// knownHelpers are those the compiler knows by name (options.knownHelpers): a bare mustache
// naming one calls it instead of reading the context.
var knownHelpers = map[string]bool{"helperMissing": true, "blockHelperMissing": true, "each": true,
	"if": true, "unless": true, "with": true, "log": true, "lookup": true}

type evaluator struct {
	helpers map[string]helperFunc
	size    int
}

// frame is a data frame (@index, @key, @first, @last, @root); a child starts as a copy of its
// parent (Handlebars' createFrame) and keeps a link to it for @../. @root, which every frame
// has, is a field rather than an entry: a render's first frame then needs no map of its own.
type frame struct {
	vals   map[string]any
	root   any
	parent *frame
}

func (f *frame) child() *frame {
	c := &frame{vals: make(map[string]any, len(f.vals)+4), root: f.root, parent: f}
	for k, v := range f.vals {
		c.vals[k] = v
	}
	return c
}

// params are the block parameters in lexical scope (`as |item index|`).
type params struct {
	names  []string
	values []any
	outer  *params
}

func (p *params) lookup(name string) (any, bool) {
	for ; p != nil; p = p.outer {
		for i, n := range p.names {
			if n == name {
				if i < len(p.values) {
					return p.values[i], true
				}
				return undefined, true
			}
		}
	}
	return nil, false
}

// scope is where a program runs: its context, the contexts it was entered from (depths[0] is
// the context itself), its data frame and its block parameters.
type scope struct {
	ctx    any
	depths []any
	data   *frame
	params *params
}

func (ev *evaluator) write(out *strings.Builder, s string) error {
	ev.size += len(s)
	if ev.size > maxOutput {
		return errOutputTooLarge
	}
	out.WriteString(s)
	return nil
}

func (ev *evaluator) program(p *ast.Program, s scope, out *strings.Builder) error {
	if p == nil {
		return nil
	}
	for _, n := range p.Body {
		var err error
		switch t := n.(type) {
		case *ast.ContentStatement:
			err = ev.write(out, t.Value)
		case *ast.MustacheStatement:
			var v any
			v, err = ev.sexpr(t.Expression, s, nil, false)
			if err == nil {
				if t.Unescaped {
					if !isNullish(v) {
						err = ev.write(out, toString(v))
					}
				} else {
					err = ev.write(out, escapeExpression(v))
				}
			}
		case *ast.BlockStatement:
			var v any
			v, err = ev.sexpr(t.Expression, s, t, false)
			if err == nil && !isNullish(v) {
				err = ev.write(out, toString(v))
			}
		case *ast.PartialStatement:
			err = fmt.Errorf("The partial %s could not be found", partialName(t))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func partialName(p *ast.PartialStatement) string {
	switch n := p.Name.(type) {
	case *ast.PathExpression:
		return n.Original
	case *ast.StringLiteral:
		return n.Value
	}
	return "[object Object]"
}

// pathOf is the expression's path, a literal read as a path of its text (handlebars.js'
// transformLiteralToPath: {{"a b"}} reads the key "a b").
func pathOf(e *ast.Expression) *ast.PathExpression {
	switch t := e.Path.(type) {
	case *ast.PathExpression:
		return t
	case *ast.StringLiteral:
		return &ast.PathExpression{Original: t.Value, Parts: []string{t.Value}}
	case *ast.NumberLiteral:
		s := numberToString(t.Value)
		return &ast.PathExpression{Original: s, Parts: []string{s}}
	case *ast.BooleanLiteral:
		s := fmt.Sprint(t.Value)
		return &ast.PathExpression{Original: s, Parts: []string{s}}
	}
	return &ast.PathExpression{}
}

func simpleID(p *ast.PathExpression) bool { return len(p.Parts) == 1 && !p.Scoped && p.Depth == 0 }

// sexpr evaluates a mustache (block == nil, sub false), a block or a sub-expression (sub).
func (ev *evaluator) sexpr(e *ast.Expression, s scope, block *ast.BlockStatement, sub bool) (any, error) {
	path := pathOf(e)
	isSimple := simpleID(path)
	_, isBlockParam := s.params.lookup(firstPart(path))
	isBlockParam = isBlockParam && isSimple
	isHelper := !isBlockParam && (sub || len(e.Params) > 0 || e.Hash != nil && len(e.Hash.Pairs) > 0)
	isEligible := !isBlockParam && (isHelper || isSimple)
	name := ""
	if len(path.Parts) > 0 {
		name = path.Parts[0]
	}
	if isEligible && !isHelper && knownHelpers[name] {
		isHelper = true
	}
	switch {
	case isHelper:
		c, err := ev.newCall(e, path, s, block)
		if err != nil {
			return nil, err
		}
		if knownHelpers[name] { // invokeKnownHelper, by the path's first part ({{this.if x}} too)
			return ev.helpers[name](c)
		}
		if h, ok := ev.helpers[path.Original]; ok && isSimple {
			return h(c)
		}
		if nonHelper := ev.path(path, s); truthy(nonHelper) {
			return nil, errNotFunction(path.Original)
		}
		return helperMissing(c)
	case isEligible: // ambiguous: a helper of that name, else the context's value
		if h, ok := ev.helpers[name]; ok {
			c, err := ev.newCall(e, path, s, block)
			if err != nil {
				return nil, err
			}
			return h(c)
		}
		v := ev.path(path, s)
		if block == nil {
			return v, nil
		}
		return ev.blockValue(v, e, path, s, block)
	default: // a plain path (this, ../x, a.b, a block parameter)
		v := ev.path(path, s)
		if block == nil {
			return v, nil
		}
		return ev.blockValue(v, e, path, s, block)
	}
}

func firstPart(p *ast.PathExpression) string {
	if len(p.Parts) == 0 || p.Data || p.Scoped || p.Depth > 0 {
		return "\x00" // never a block parameter
	}
	return p.Parts[0]
}

// blockValue runs a block over a value that is not a helper (blockHelperMissing).
func (ev *evaluator) blockValue(v any, e *ast.Expression, path *ast.PathExpression, s scope, block *ast.BlockStatement) (any, error) {
	c, err := ev.newCall(e, path, s, block)
	if err != nil {
		return nil, err
	}
	c.params = []any{v}
	return blockHelperMissing(c)
}

// newCall evaluates an expression's parameters and hash into a helper call.
func (ev *evaluator) newCall(e *ast.Expression, path *ast.PathExpression, s scope, block *ast.BlockStatement) (*call, error) {
	c := &call{ev: ev, name: path.Original, scope: s, block: block, hash: map[string]any{}}
	c.this = s.ctx
	if isNullish(c.this) {
		c.this = nullContext
	}
	for _, p := range e.Params {
		v, err := ev.param(p, s)
		if err != nil {
			return nil, err
		}
		c.params = append(c.params, v)
	}
	if e.Hash != nil {
		for _, pair := range e.Hash.Pairs {
			v, err := ev.param(pair.Val, s)
			if err != nil {
				return nil, err
			}
			c.hash[pair.Key] = v
		}
	}
	return c, nil
}

// param is the value of a parameter or hash value: a path is read (never called), a literal is
// itself, a sub-expression is a helper call.
func (ev *evaluator) param(n ast.Node, s scope) (any, error) {
	switch t := n.(type) {
	case *ast.StringLiteral:
		return t.Value, nil
	case *ast.NumberLiteral:
		return t.Value, nil
	case *ast.BooleanLiteral:
		return t.Value, nil
	case *ast.SubExpression:
		return ev.sexpr(t.Expression, s, nil, true)
	case *ast.Expression:
		return ev.param(t.Path, s)
	case *ast.PathExpression:
		if lit, ok := nullLiteral(t); ok {
			return lit, nil
		}
		return ev.path(t, s), nil
	}
	return undefined, nil
}

// nullLiteral reads the null and undefined literals of Handlebars 4, which raymond (written
// for Handlebars 3) parses as paths.
func nullLiteral(p *ast.PathExpression) (any, bool) {
	if p.Data || p.Scoped || p.Depth > 0 || len(p.Parts) != 1 {
		return nil, false
	}
	switch p.Original {
	case "null":
		return nil, true
	case "undefined":
		return undefined, true
	}
	return nil, false
}

// path reads a path: data (@index, @root.x, @../key), a block parameter, or the context at
// the path's depth, then each further part as an own property.
func (ev *evaluator) path(p *ast.PathExpression, s scope) any {
	if p.Data {
		f := s.data
		for i := 0; i < p.Depth && f != nil; i++ {
			f = f.parent
		}
		if f == nil || len(p.Parts) == 0 {
			return undefined
		}
		cur, ok := f.vals[p.Parts[0]]
		if !ok && p.Parts[0] == "root" {
			cur, ok = f.root, true
		}
		if !ok {
			cur = undefined
		}
		for _, part := range p.Parts[1:] {
			if !truthy(cur) {
				return cur
			}
			cur = getProperty(cur, part)
		}
		return cur
	}
	parts := p.Parts
	var cur any
	if v, ok := s.params.lookup(firstPart(p)); ok {
		cur, parts = v, parts[1:]
	} else if p.Depth == 0 {
		cur = s.ctx
	} else if p.Depth < len(s.depths) {
		cur = s.depths[p.Depth]
	} else {
		cur = undefined
	}
	for _, part := range parts {
		if isNullish(cur) {
			return cur
		}
		cur = getProperty(cur, part)
	}
	return cur
}

// run runs a block's program in a new context (the compiled program's wrapper: the context is
// pushed on the depths only when it changes).
func (ev *evaluator) run(p *ast.Program, outer scope, ctx any, data *frame, blockParams []any, out *strings.Builder) error {
	if p == nil {
		return nil
	}
	s := scope{ctx: ctx, depths: outer.depths, data: outer.data, params: outer.params}
	if len(outer.depths) == 0 || !looseEquals(ctx, outer.depths[0]) && !(ctx == nullContext && outer.depths[0] == nil) {
		s.depths = append([]any{ctx}, outer.depths...)
	}
	if data != nil {
		s.data = data
	}
	if len(p.BlockParams) > 0 {
		s.params = &params{names: p.BlockParams, values: blockParams, outer: outer.params}
	}
	return ev.program(p, s, out)
}

// call is a helper invocation: its parameters, hash, `this` and, for a block, options.fn and
// options.inverse.
type call struct {
	ev     *evaluator
	name   string
	params []any
	hash   map[string]any
	this   any
	scope  scope
	block  *ast.BlockStatement
	opts   *jsObject
}

// arg is the helper's i-th JavaScript argument: the parameters, then the options object (a
// helper reading one parameter more than the template passed gets it), then undefined.
func (c *call) arg(i int) any {
	switch {
	case i < len(c.params):
		return c.params[i]
	case i == len(c.params):
		if c.opts == nil {
			c.opts = &jsObject{name: "options"} // each call has its own
		}
		return c.opts
	}
	return undefined
}

// options is what the helper's options parameter (its JavaScript parameter number slot)
// holds: the real options object when the template passed exactly slot parameters; otherwise
// a parameter or undefined, whose property reads fail (nullish) or find nothing (any value).
// readErr is the TypeError reading prop from it, or nil when the read finds something.
func (c *call) options(slot int, prop string) (real bool, readErr error) {
	v := c.arg(slot)
	if v == c.opts {
		return true, nil
	}
	if isNullish(v) {
		return false, errCannotRead(v, prop)
	}
	return false, nil
}

// fn runs the block's main program (options.fn); a mustache has none and JavaScript throws.
func (c *call) fn(ctx any, data *frame, blockParams []any) (string, error) {
	if c.block == nil {
		return "", errNotFunction("options.fn")
	}
	return c.runProgram(c.block.Program, ctx, data, blockParams)
}

// inverse runs the block's {{else}} program (options.inverse, a no-op when there is none).
func (c *call) inverse(ctx any) (string, error) {
	if c.block == nil {
		return "", errNotFunction("options.inverse")
	}
	return c.runProgram(c.block.Inverse, ctx, nil, nil)
}

func (c *call) runProgram(p *ast.Program, ctx any, data *frame, blockParams []any) (string, error) {
	var out strings.Builder
	err := c.ev.run(p, c.scope, ctx, data, blockParams, &out)
	return out.String(), err
}
