package mockserver

import (
	"html"
	"strings"

	"github.com/novumock/novumock/gen"
)

// A step's content is a string, or (e-mail steps of the legacy block editor) a list of text
// and button blocks. Templates keep the form they were sent in; these helpers read both.

// templateBlocks is the content's block list, or false when the content is a string.
func templateBlocks(c *gen.TemplateContent) ([]gen.EmailBlock, bool) {
	if c == nil {
		return nil, false
	}
	if _, err := c.AsTemplateContent0(); err == nil {
		return nil, false
	}
	blocks, err := c.AsTemplateContent1()
	return blocks, err == nil
}

// contentTexts are the strings of a content that may use variables: the string itself, or
// each block's url and text, the order in which Novu scans blocks for trigger variables.
func contentTexts(c *gen.TemplateContent) []string {
	if c == nil {
		return nil
	}
	if blocks, ok := templateBlocks(c); ok {
		var out []string
		for _, b := range blocks {
			out = append(out, deref(b.Url), b.Content)
		}
		return out
	}
	text, _ := c.AsTemplateContent0()
	return []string{text}
}

// renderContent is a message's content rendered from a step's: a string renders to a string,
// and blocks stay blocks with their text and url rendered, as Novu's e-mail compile stores them
// (a block without a url gets an empty one there too).
func renderContent(c *gen.TemplateContent, vars map[string]any) gen.MessageContent {
	var out gen.MessageContent
	blocks, ok := templateBlocks(c)
	if !ok {
		text := ""
		if c != nil {
			text, _ = c.AsTemplateContent0()
		}
		_ = out.FromMessageContent0(render(text, vars))
		return out
	}
	rendered := make([]gen.EmailBlock, len(blocks))
	for i, b := range blocks {
		b.Content, b.Url = render(b.Content, vars), ptrTo(render(deref(b.Url), vars))
		rendered[i] = b
	}
	_ = out.FromMessageContent1(rendered)
	return out
}

// messageText is a message's content as one string: the text, or the blocks joined as simple
// HTML (a text block a paragraph, a button a link), which stands in for the block layout
// Novu's worker renders them into.
func messageText(c *gen.MessageContent) string {
	if c == nil {
		return ""
	}
	if text, err := c.AsMessageContent0(); err == nil {
		return text
	}
	blocks, _ := c.AsMessageContent1()
	parts := make([]string, 0, len(blocks))
	for _, b := range blocks {
		if b.Type == gen.EmailBlockTypeButton {
			parts = append(parts, `<a href="`+html.EscapeString(deref(b.Url))+`">`+b.Content+`</a>`)
		} else {
			parts = append(parts, "<p>"+b.Content+"</p>")
		}
	}
	return strings.Join(parts, "\n")
}
