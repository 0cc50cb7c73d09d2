package mockserver

import (
	"slices"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/handlebars"
)

// Layout variables, as Novu's CreateLayout stores them: the variables come from the content's
// Handlebars statements (ContentService.extractVariables: handlebars.Variables, the same parser
// the renderer uses), not from the request; a request variable of the same name only lends its
// defaultValue and required. "body" is reserved.

// errLayoutVariables is Novu's answer when a layout's or a step's content does not parse as
// Handlebars (ContentService.extractVariables).
func errLayoutVariables() *apiError { return errBadRequest("Failed to extract variables") }

// layoutVariables is what Novu stores as a new layout's variables.
func layoutVariables(content string, requested *[]gen.LayoutVariable) (*[]gen.LayoutVariable, error) {
	vars, err := handlebars.Variables(content)
	if err != nil {
		return nil, errLayoutVariables()
	}
	no := false
	extracted := make([]gen.LayoutVariable, 0, len(vars))
	for _, v := range vars {
		if v.Name == "body" {
			continue
		}
		extracted = append(extracted, gen.LayoutVariable{Name: v.Name, Type: ptrTo(v.Type), DefaultValue: v.DefaultValue, Required: &no})
	}
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
