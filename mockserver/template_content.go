package mockserver

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/handlebars"
)

// A step's content is a string, or (e-mail steps of the legacy block editor) a list of text
// and button blocks. Templates keep the form they were sent in; these helpers read both.

// templateBlocks is the content's block list, or false when the content is a string.
func templateBlocks(c *gen.TemplateContent) ([]gen.EmailBlock, bool) {
	if c == nil {
		return nil, false
	}
	if _, ok := contentString(c); ok {
		return nil, false
	}
	blocks, err := c.AsTemplateContent1()
	return blocks, err == nil
}

// contentString is the content's text when it is a string. A string without escapes, which most
// are, is read from the stored JSON directly: every send of a step reads it, and a JSON decoder
// costs several allocations each time.
func contentString(c *gen.TemplateContent) (string, bool) {
	raw, err := c.MarshalJSON() // the stored JSON itself, not a copy
	if err != nil || len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if text, ok := rawJSONString(raw); ok {
		return text, true
	}
	text, err := c.AsTemplateContent0()
	return text, err == nil
}

// rawJSONString is the string a JSON string encodes when it has no escapes (most do): its bytes
// between the quotes, read without a decoder. Any other JSON answers false.
func rawJSONString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	if bytes.IndexByte(body, '\\') >= 0 || !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
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

// stepTemplateTexts are the texts Novu reads a workflow's variables from, in its order
// (ContentService.messagesTextIterator): in-app content and CTA url, SMS content, push content
// and title, block e-mails' subject and blocks, any other step's string content.
func stepTemplateTexts(steps []gen.NotificationStep) []string {
	var out []string
	for _, s := range steps {
		t := s.Template
		if t == nil {
			continue
		}
		_, isBlocks := templateBlocks(t.Content)
		switch {
		case t.Type == gen.StepTypeInApp:
			out = append(out, contentTexts(t.Content)...)
			if t.Cta != nil && t.Cta.Data != nil && t.Cta.Data.Url != nil {
				out = append(out, *t.Cta.Data.Url)
			}
		case t.Type == gen.StepTypeSms:
			out = append(out, contentTexts(t.Content)...)
		case t.Type == gen.StepTypePush:
			out = append(out, contentTexts(t.Content)...)
			out = append(out, deref(t.Title))
		case isBlocks:
			out = append(out, deref(t.Subject))
			out = append(out, contentTexts(t.Content)...)
		default:
			out = append(out, contentTexts(t.Content)...)
		}
	}
	return out
}

// checkStepTemplates is Novu's answer to step templates it cannot read variables from when a
// workflow is created or its steps updated: 400 "Failed to extract variables"
// (ContentService.extractMessageVariables, which create-workflow and update-workflow call).
func checkStepTemplates(steps []gen.NotificationStep) error {
	for _, text := range stepTemplateTexts(steps) {
		if _, err := handlebars.Variables(text); err != nil {
			return errLayoutVariables()
		}
	}
	return nil
}

// renderContent is a message's content rendered from a step's: a string renders to a string,
// and blocks stay blocks with their text and url rendered, as Novu's e-mail compile stores them
// (a block without a url gets an empty one there too). The error is the first template that
// fails, as Novu's compile stops there.
func renderContent(c *gen.TemplateContent, data handlebars.Converted) (gen.MessageContent, error) {
	var out gen.MessageContent
	blocks, ok := templateBlocks(c)
	if !ok {
		text := ""
		if c != nil {
			text, _ = contentString(c)
		}
		rendered, err := renderTemplate(text, data)
		_ = out.FromMessageContent0(rendered)
		return out, err
	}
	rendered := make([]gen.EmailBlock, len(blocks))
	for i, b := range blocks {
		content, err := renderTemplate(b.Content, data)
		if err != nil {
			return out, err
		}
		url, err := renderTemplate(deref(b.Url), data)
		if err != nil {
			return out, err
		}
		b.Content, b.Url = content, &url
		rendered[i] = b
	}
	_ = out.FromMessageContent1(rendered)
	return out, nil
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
