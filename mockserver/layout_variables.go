package mockserver

import (
	"regexp"
	"slices"
	"strings"

	"github.com/novumock/novumock/gen"
)

// Layout variables, as Novu's CreateLayout stores them: the variables come from the content's
// Handlebars statements (not from the request), and a request variable of the same name only
// lends its defaultValue and required. Per block level, plain statements come first (String),
// then each/with blocks (each: an Array entry, then the block's own variables prefixed with the
// array's name), then if/unless blocks (Boolean, then the block's variables unprefixed); what
// follows an {{else}} and the bodies of other blocks are not looked at. "body" is reserved.

// hbsNode is one Handlebars statement: a mustache, or a block with the statements before its else.
type hbsNode struct {
	block  bool
	path   string
	params []string // the original of each positional parameter; "" for a sub-expression
	body   []hbsNode
}

// handlebarsHelpers are Novu's registered helpers: a statement naming one of them with a
// parameter declares that parameter as a variable ({{uppercase name}} declares name).
var handlebarsHelpers = []string{"equals", "titlecase", "uppercase", "lowercase", "pluralize", "dateFormat",
	"unique", "groupBy", "sortBy", "numberFormat", "i18n"}

var hbsVariableName = regexp.MustCompile(`^[a-zA-Z_]`)

// errLayoutVariables is Novu's answer when the content does not parse as Handlebars.
func errLayoutVariables() *apiError { return errBadRequest("Failed to extract variables") }

// layoutVariables is what Novu stores as a new layout's variables.
func layoutVariables(content string, requested *[]gen.LayoutVariable) (*[]gen.LayoutVariable, error) {
	nodes, err := parseHandlebars(content)
	if err != nil {
		return nil, err
	}
	extracted := slices.DeleteFunc(templateVariables(nodes), func(v gen.LayoutVariable) bool { return v.Name == "body" })
	if requested != nil && len(*requested) > 0 {
		for i, v := range extracted {
			j := slices.IndexFunc(*requested, func(r gen.LayoutVariable) bool { return r.Name == v.Name })
			if j < 0 {
				continue
			}
			if r := (*requested)[j]; r.DefaultValue != nil {
				extracted[i].DefaultValue = r.DefaultValue
			}
			if r := (*requested)[j]; r.Required != nil {
				extracted[i].Required = r.Required
			}
		}
	}
	return &extracted, nil
}

func templateVariables(nodes []hbsNode) []gen.LayoutVariable {
	typed := func(t string) *string { return &t }
	no := false
	var strs, arrays, bools []gen.LayoutVariable
	for _, n := range nodes {
		name := n.path
		if len(n.params) > 0 && n.params[0] != "" {
			name = n.params[0]
		}
		if !hbsVariableName.MatchString(name) {
			continue
		}
		switch {
		case !n.block:
			if n.path == "i18n" || len(n.params) > 0 && n.params[0] != "" && !slices.Contains(handlebarsHelpers, n.path) {
				continue
			}
			strs = append(strs, gen.LayoutVariable{Name: name, Type: typed("String"), DefaultValue: "", Required: &no})
		case n.path == "each" || n.path == "with":
			if n.path == "each" {
				arrays = append(arrays, gen.LayoutVariable{Name: name, Type: typed("Array"), Required: &no})
			}
			for _, v := range templateVariables(n.body) {
				v.Name = name + "." + v.Name
				arrays = append(arrays, v)
			}
		case (n.path == "if" || n.path == "unless") && len(n.params) <= 1:
			bools = append(bools, gen.LayoutVariable{Name: name, Type: typed("Boolean"), DefaultValue: true, Required: &no})
			bools = append(bools, templateVariables(n.body)...)
		}
	}
	return append(append(append([]gen.LayoutVariable{}, strs...), arrays...), bools...)
}

// parseHandlebars reads the statements of a template into a tree of blocks; an unclosed or
// mismatched block, or an unterminated statement, is an error.
func parseHandlebars(content string) ([]hbsNode, error) {
	type frame struct {
		node    hbsNode
		inverse bool // past {{else}}: statements are not collected
	}
	stack := []*frame{{}}
	add := func(n hbsNode) {
		if top := stack[len(stack)-1]; !top.inverse {
			top.node.body = append(top.node.body, n)
		}
	}
	rest := content
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			break
		}
		rest = rest[i+2:]
		closer := "}}"
		if strings.HasPrefix(rest, "!--") {
			closer = "--}}"
		} else if strings.HasPrefix(rest, "{") {
			rest, closer = rest[1:], "}}}"
		}
		j := strings.Index(rest, closer)
		if j < 0 {
			return nil, errLayoutVariables()
		}
		inner := strings.TrimSpace(strings.Trim(strings.TrimSpace(rest[:j]), "~"))
		rest = rest[j+len(closer):]
		if inner == "" {
			return nil, errLayoutVariables()
		}
		switch inner[0] {
		case '!', '>':
			continue // comments and partials declare nothing
		case '#', '^':
			tokens := hbsTokens(inner[1:])
			if len(tokens) == 0 {
				return nil, errLayoutVariables()
			}
			n := hbsNode{block: inner[0] == '#', path: tokens[0], params: hbsParams(tokens[1:])}
			stack = append(stack, &frame{node: n, inverse: inner[0] == '^'})
			continue
		case '/':
			top := stack[len(stack)-1]
			if len(stack) == 1 || strings.TrimSpace(inner[1:]) != top.node.path {
				return nil, errLayoutVariables()
			}
			stack = stack[:len(stack)-1]
			if top.node.block {
				add(top.node)
			}
			continue
		case '&':
			inner = strings.TrimSpace(inner[1:])
		}
		tokens := hbsTokens(inner)
		if tokens[0] == "else" {
			if len(stack) == 1 {
				return nil, errLayoutVariables()
			}
			stack[len(stack)-1].inverse = true
			continue
		}
		add(hbsNode{path: tokens[0], params: hbsParams(tokens[1:])})
	}
	if len(stack) != 1 {
		return nil, errLayoutVariables()
	}
	return stack[0].node.body, nil
}

// hbsTokens splits a statement on spaces, keeping quoted strings and parenthesised
// sub-expressions whole.
func hbsTokens(s string) []string {
	var out []string
	depth, quote, start := 0, byte(0), -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case (c == ' ' || c == '\t' || c == '\n' || c == '\r') && depth == 0:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// hbsParams are the originals of the positional parameters: hash pairs (key=value) are not
// parameters, a quoted string is its text and a sub-expression has none.
func hbsParams(tokens []string) []string {
	var out []string
	for _, t := range tokens {
		switch {
		case strings.HasPrefix(t, "("):
			out = append(out, "")
		case strings.HasPrefix(t, `"`) || strings.HasPrefix(t, "'"):
			out = append(out, strings.Trim(t, `"'`))
		case strings.Contains(t, "="):
		default:
			out = append(out, t)
		}
	}
	return out
}
