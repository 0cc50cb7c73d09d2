package handlebars

import (
	"regexp"

	"github.com/mailgun/raymond/v2/ast"
)

// Whitespace control: `~` strips whitespace beside a statement, and a block tag, else or comment
// alone on its line takes the line with it. raymond applies its own port of this while
// parsing, but it tests whether a tag is followed by whitespace the wrong way round for a tag
// with more statements after it on the line ("{{/if}} {{name}}" loses its space), and on the
// already-stripped text. So the text is restored and this port of handlebars.js 4.7's
// compiler/whitespace-control.js runs instead.

// jsSpace is JavaScript's \s.
const jsSpace = `[\t\n\v\f\r \x{00a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`

var (
	prevWhitespace     = regexp.MustCompile(`\r?\n` + jsSpace + `*?$`)
	prevWhitespaceRoot = regexp.MustCompile(`(^|\r?\n)` + jsSpace + `*?$`)
	nextWhitespace     = regexp.MustCompile(`^` + jsSpace + `*?\r?\n`)
	nextWhitespaceRoot = regexp.MustCompile(`^` + jsSpace + `*?(\r?\n|$)`)
	leadingSpaces      = regexp.MustCompile(`^` + jsSpace + `+`)
	leadingLine        = regexp.MustCompile(`^[ \t]*\r?\n?`)
	trailingSpaces     = regexp.MustCompile(jsSpace + `+$`)
	trailingBlanks     = regexp.MustCompile(`[ \t]+$`)
)

// strip is what a statement tells its program about whitespace around it.
type strip struct {
	open, close                                       bool
	openStandalone, closeStandalone, inlineStandalone bool
}

// controlWhitespace restores every text node and strips it as handlebars.js does.
func controlWhitespace(p *ast.Program) {
	restoreContent(p)
	w := &whitespace{}
	w.program(p)
}

func restoreContent(p *ast.Program) {
	if p == nil {
		return
	}
	for _, n := range p.Body {
		switch t := n.(type) {
		case *ast.ContentStatement:
			t.Value, t.LeftStripped, t.RightStripped = t.Original, false, false
		case *ast.BlockStatement:
			restoreContent(t.Program)
			restoreContent(t.Inverse)
		}
	}
}

type whitespace struct{ rootSeen bool }

func (w *whitespace) program(p *ast.Program) {
	isRoot := !w.rootSeen
	w.rootSeen = true
	body := p.Body
	for i, current := range body {
		s := w.statement(current)
		if s == nil {
			continue
		}
		prevWS, nextWS := isPrevWhitespace(body, i, isRoot), isNextWhitespace(body, i, isRoot)
		openStandalone := s.openStandalone && prevWS
		closeStandalone := s.closeStandalone && nextWS
		inlineStandalone := s.inlineStandalone && prevWS && nextWS
		if s.close {
			omitRight(body, i, true)
		}
		if s.open {
			omitLeft(body, i, true)
		}
		if inlineStandalone {
			omitRight(body, i, false)
			omitLeft(body, i, false)
		}
		b, isBlock := current.(*ast.BlockStatement)
		if isBlock && openStandalone {
			prog := b.Program
			if prog == nil {
				prog = b.Inverse
			}
			omitRight(prog.Body, -1, false)
			omitLeft(body, i, false)
		}
		if isBlock && closeStandalone {
			omitRight(body, i, false)
			prog := b.Inverse
			if prog == nil {
				prog = b.Program
			}
			omitLeft(prog.Body, len(prog.Body), false)
		}
	}
}

func (w *whitespace) statement(n ast.Node) *strip {
	switch t := n.(type) {
	case *ast.BlockStatement:
		return w.block(t)
	case *ast.MustacheStatement:
		if t.Strip == nil {
			return &strip{}
		}
		return &strip{open: t.Strip.Open, close: t.Strip.Close}
	case *ast.PartialStatement:
		return inlineStrip(t.Strip)
	case *ast.CommentStatement:
		return inlineStrip(t.Strip)
	}
	return nil
}

func inlineStrip(s *ast.Strip) *strip {
	out := &strip{inlineStandalone: true}
	if s != nil {
		out.open, out.close = s.Open, s.Close
	}
	return out
}

func stripOf(s *ast.Strip) ast.Strip {
	if s == nil {
		return ast.Strip{}
	}
	return *s
}

func (w *whitespace) block(b *ast.BlockStatement) *strip {
	if b.Program != nil {
		w.program(b.Program)
	}
	if b.Inverse != nil {
		w.program(b.Inverse)
	}
	program, inverse := b.Program, b.Inverse
	if program == nil {
		program, inverse = b.Inverse, nil
	}
	if program == nil {
		return &strip{}
	}
	firstInverse, lastInverse := inverse, inverse
	if inverse != nil && inverse.Chained {
		if c, ok := inverse.Body[0].(*ast.BlockStatement); ok && c.Program != nil {
			firstInverse = c.Program
		}
		for lastInverse.Chained {
			c, ok := lastInverse.Body[len(lastInverse.Body)-1].(*ast.BlockStatement)
			if !ok || c.Program == nil {
				break
			}
			lastInverse = c.Program
		}
	}
	openStrip, closeStrip, inverseStrip := stripOf(b.OpenStrip), stripOf(b.CloseStrip), stripOf(b.InverseStrip)
	closeProg := firstInverse
	if closeProg == nil {
		closeProg = program
	}
	s := &strip{
		open: openStrip.Open, close: closeStrip.Close,
		openStandalone:  isNextWhitespace(program.Body, -1, false),
		closeStandalone: isPrevWhitespace(closeProg.Body, len(closeProg.Body), false),
	}
	if openStrip.Close {
		omitRight(program.Body, -1, true)
	}
	if inverse != nil {
		if inverseStrip.Open {
			omitLeft(program.Body, len(program.Body), true)
		}
		if inverseStrip.Close {
			omitRight(firstInverse.Body, -1, true)
		}
		if closeStrip.Open {
			omitLeft(lastInverse.Body, len(lastInverse.Body), true)
		}
		if isPrevWhitespace(program.Body, len(program.Body), false) && isNextWhitespace(firstInverse.Body, -1, false) {
			omitLeft(program.Body, len(program.Body), false)
			omitRight(firstInverse.Body, -1, false)
		}
	} else if closeStrip.Open {
		omitLeft(program.Body, len(program.Body), true)
	}
	return s
}

// isPrevWhitespace: the text before body[i] ends a line with only whitespace after it (at the
// start of the template, the start counts as a line start).
func isPrevWhitespace(body []ast.Node, i int, isRoot bool) bool {
	if i < 1 {
		return isRoot
	}
	prev, ok := body[i-1].(*ast.ContentStatement)
	if !ok {
		return false
	}
	if i > 1 || !isRoot {
		return prevWhitespace.MatchString(prev.Original)
	}
	return prevWhitespaceRoot.MatchString(prev.Original)
}

// isNextWhitespace: the text after body[i] is only whitespace up to a line break (or to the
// end, when nothing follows at the template's top level).
func isNextWhitespace(body []ast.Node, i int, isRoot bool) bool {
	if i+1 >= len(body) {
		return isRoot
	}
	next, ok := body[i+1].(*ast.ContentStatement)
	if !ok {
		return false
	}
	if i+2 < len(body) || !isRoot {
		return nextWhitespace.MatchString(next.Original)
	}
	return nextWhitespaceRoot.MatchString(next.Original)
}

// omitRight strips the start of the text after body[i] (i = -1: the first node).
func omitRight(body []ast.Node, i int, multiple bool) {
	if i+1 < 0 || i+1 >= len(body) {
		return
	}
	c, ok := body[i+1].(*ast.ContentStatement)
	if !ok || !multiple && c.RightStripped {
		return
	}
	original := c.Value
	if multiple {
		c.Value = leadingSpaces.ReplaceAllString(c.Value, "")
	} else {
		c.Value = leadingLine.ReplaceAllString(c.Value, "")
	}
	c.RightStripped = c.Value != original
}

// omitLeft strips the end of the text before body[i] (i = len(body): the last node).
func omitLeft(body []ast.Node, i int, multiple bool) bool {
	if i-1 < 0 || i-1 >= len(body) {
		return false
	}
	c, ok := body[i-1].(*ast.ContentStatement)
	if !ok || !multiple && c.LeftStripped {
		return false
	}
	original := c.Value
	if multiple {
		c.Value = trailingSpaces.ReplaceAllString(c.Value, "")
	} else {
		c.Value = trailingBlanks.ReplaceAllString(c.Value, "")
	}
	c.LeftStripped = c.Value != original
	return c.LeftStripped
}
