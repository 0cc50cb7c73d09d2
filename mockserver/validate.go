package mockserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/novumock/novumock/internal/expressreq"
	"github.com/novumock/novumock/internal/jsvalue"
)

// Request validation runs openapi3filter against the operation's spec and translates every
// violation into the sentence class-validator would have produced, because clients (and the
// contract suite) match on Novu's words, not kin-openapi's.

// errorMessageExt names the schema extension that carries one of Novu's own business messages
// (for example topics' "Page size can not be larger then 10"). Novu's handlers make those checks
// after the DTO passed, so the message answers only a `maximum` or `required` violation, and
// only when class-validator found nothing else: a negative or non-numeric page size still gets
// the usual list.
const errorMessageExt = "x-error-message"

// boundsExt marks a number query parameter whose minimum (and maximum, unless it is a business
// check) are the DTO's class-validator @Min/@Max, which also fail on a value that is not a
// number. Elsewhere a bound may be the fake's own reading of a handler's check.
const boundsExt = "x-class-validator-bounds"

// businessChecks are the schema keywords a handler's own check stands for.
var businessChecks = map[string]bool{"maximum": true, "required": true}

// definedMessageExt names the property extension that carries a DTO's own IsDefined message
// (for example workflows' "Notification group must be provided "): class-validator lists it
// where "<field> should not be null or undefined" would be, and keeps the other messages.
const definedMessageExt = "x-defined-message"

// typeErrorMessageExt is the business message of a use case that refuses a value its DTO let
// through without a type check (a step template's CTA action of "": "Please provide a valid CTA
// action"); like x-error-message it answers alone, when nothing else failed.
const typeErrorMessageExt = "x-type-error-message"

// definedOnlyExt marks a required property whose DTO checks only IsDefined (a layout's content):
// a missing one gets IsDefined's sentence and no type sentence after it.
const definedOnlyExt = "x-defined-only"

var validationOptions = &openapi3filter.Options{
	// kin validates the parameters; validateBody checks the body, against the same schema with
	// the same options, on the JSON the pipeline decodes once (see there).
	ExcludeRequestBody: true,
	MultiError:         true,
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, // auth already ran
	// kin-openapi checks no e-mail format unless asked; class-validator's IsEmail always does.
	// One shared map: kin applies these options on every schema it visits, and the one-format
	// option (WithStringFormatValidator) builds a new map each time.
	SchemaValidationOptions: []openapi3.SchemaValidationOption{
		openapi3.WithStringFormatValidators(map[string]openapi3.StringFormatValidator{
			"email": openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail),
			// The spec's own format: Novu turns "" into null before IsEmail runs (subscriber update).
			"email-or-empty": openapi3.NewRegexpFormatValidator(`^$|` + openapi3.FormatOfStringForEmail),
			// class-validator's IsHexColor (validator.js isHexColor).
			"hex-color": openapi3.NewRegexpFormatValidator(`^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`),
			"https-image-url": openapi3.NewCallbackValidator(func(s string) error {
				if imageExtension(s) && httpsURL.MatchString(s) {
					return nil
				}
				return errors.New("not an https image URL")
			}),
		}),
	},
}

// imageExtension is Novu's IsImageUrl (shared/validators/image.validator.ts at v2.0.0): the text
// after the last "." is jpg, jpeg, png, gif or svg, as written.
func imageExtension(s string) bool {
	return slices.Contains([]string{"jpg", "jpeg", "png", "gif", "svg"}, s[strings.LastIndex(s, ".")+1:])
}

// httpsURL stands for IsUrl with require_protocol and protocols ['https'] (NODE_ENV production,
// as on Novu Cloud) and require_tld false: https:// and a host without spaces.
var httpsURL = regexp.MustCompile(`^https://[^\s/?#@]+([/?#]\S*)?$`)

// imageURLMessages are UpdateBrandingDetailsDto's logo sentences for a value that failed
// https-image-url: IsImageUrl's own message, then IsUrl's.
func imageURLMessages(field string, value any) []string {
	s, _ := value.(string)
	var out []string
	if !imageExtension(s) {
		out = append(out, "Logo must be a valid image URL with one of the following extensions: jpg, jpeg, png, gif, svg")
	}
	if !httpsURL.MatchString(s) {
		out = append(out, field+" must be a URL address")
	}
	return out
}

// emailPattern is the "email" format the validator checks, for e-mails it does not see.
var emailPattern = regexp.MustCompile(openapi3.FormatOfStringForEmail)

// validateRequest checks params and body; pathParams come from echo's router, and body is the
// JSON body the pipeline left on req (nil when there is none).
func validateRequest(ctx context.Context, req *http.Request, op *operation, pathParams map[string]string, body []byte) error {
	query := req.URL.Query()
	repeated := nestQuery(req, op, query) // the repeated scalars' messages; kin sees them no more
	input := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, QueryParams: query,
		Route: op.route, Options: validationOptions}
	err := validateInput(ctx, input, body)
	// class-validator's @IsOptional lets null through as if the property were absent; the spec
	// cannot say "optional, and null means absent" without calling every such property nullable,
	// so a failed body is checked once more without those nulls. Valid requests never pay this.
	if err != nil {
		if dropped, ok := dropOptionalNullsFromBody(req, op, body); ok {
			err = validateInput(ctx, input, dropped)
		}
	}
	if err != nil || len(repeated) > 0 {
		return translateValidation(err, op, repeated)
	}
	return nil
}

// validateInput is openapi3filter.ValidateRequest with MultiError: kin checks the parameters
// (validationOptions leave the body out), then validateBody the body, whose error comes last,
// where kin's own would.
func validateInput(ctx context.Context, input *openapi3filter.RequestValidationInput, body []byte) error {
	err := openapi3filter.ValidateRequest(ctx, input)
	if rb := input.Route.Operation.RequestBody; rb != nil && rb.Value != nil {
		if bodyErr := validateBody(input, rb.Value, body); bodyErr != nil {
			me, _ := err.(openapi3.MultiError) // nil or a MultiError: MultiError is on
			err = append(me, bodyErr)
		}
	}
	return err
}

// validateBody is openapi3filter.ValidateRequestBody for the spec's JSON bodies, on data, the
// body as it is on the request. kin's own reads the body again and decodes it with
// encoding/json's Decoder: for a trigger's body 22 allocations and 1.7 kB, where
// expressreq.DecodeJSON, which decodes to the same values, takes 15 and 0.8 kB in about half
// the time, and under load the difference went to the collector. The checks, their
// options and their errors are kin's
// (TestValidateBody_AsKin compares them on every operation), and the value validated, with the
// spec's defaults filled in, is left on the request for the strict handler to bind (what kin's
// KeepValidatedValue does), so the JSON is decoded once.
func validateBody(input *openapi3filter.RequestValidationInput, rb *openapi3.RequestBody, data []byte) error {
	req := input.Request
	if len(data) == 0 {
		if rb.Required {
			return &openapi3filter.RequestError{Input: input, RequestBody: rb, Err: openapi3filter.ErrInvalidRequired}
		}
		return nil
	}
	contentType := req.Header.Get("Content-Type")
	mt := rb.Content.Get(contentType)
	if mt == nil {
		return &openapi3filter.RequestError{Input: input, RequestBody: rb,
			Reason: fmt.Sprintf("header Content-Type has unexpected value %q", contentType)}
	}
	if mt.Schema == nil {
		return nil
	}
	value, err := expressreq.DecodeJSON(data)
	if err != nil {
		return &openapi3filter.RequestError{Input: input, RequestBody: rb, Reason: "failed to decode request body",
			Err: &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: err}}
	}
	defaultsSet := false
	opts := append([]openapi3.SchemaValidationOption{openapi3.VisitAsRequest(),
		openapi3.DefaultsSet(func() { defaultsSet = true }), openapi3.MultiErrors()},
		validationOptions.SchemaValidationOptions...)
	if err := mt.Schema.Value.VisitJSON(value, opts...); err != nil {
		return &openapi3filter.RequestError{Input: input, RequestBody: rb, Reason: "doesn't match schema" + schemaName(mt.Schema), Err: err}
	}
	if defaultsSet { // the body written again with them, by kin's own encoder, as kin does
		if data, err = openapi3filter.RegisteredBodyEncoder("application/json")(value); err != nil {
			return &openapi3filter.RequestError{Input: input, RequestBody: rb, Reason: "rewriting failed", Err: err}
		}
		req.ContentLength = int64(len(data))
		req.Body = io.NopCloser(bytes.NewReader(data))
	}
	req.Body = validatedBody{ReadCloser: req.Body, value: value}
	return nil
}

// validatedBody is the body validateBody leaves: the generated strict handlers bind its
// ValidatedValue (the interface they look for is kin's KeepValidatedValue's) instead of
// decoding the JSON again, and read the body only if that binding fails.
type validatedBody struct {
	io.ReadCloser
	value any
}

func (b validatedBody) ValidatedValue() any { return b.value }

// schemaName is how kin's errors name a body's schema: " " and its $ref or title, or nothing.
func schemaName(ref *openapi3.SchemaRef) string {
	id := strings.TrimSpace(ref.Ref)
	if id == "" && ref.Value != nil {
		id = strings.TrimSpace(ref.Value.Title)
	}
	if id == "" {
		return ""
	}
	return " " + id
}

// nestQuery reads the query's declared scalars as Nest does before validating: a number
// parameter goes through JavaScript's Number() (so "", "+5" and "1e2" are 0, 5 and 100, and the
// canonical value is written back for the handler), and a repeated one becomes an array, which
// fails its type check (Express makes an array of it), and its bounds too where NaN does (an
// array is no number to @Min/@Max). It answers those messages by parameter name and takes the
// repeated parameters out of query, so that validation reports the others.
func nestQuery(req *http.Request, op *operation, query url.Values) map[string][]string {
	if len(query) == 0 {
		return nil
	}
	var msgs map[string][]string
	changed := false
	for _, ref := range op.route.Operation.Parameters {
		p := ref.Value
		if p == nil || p.In != openapi3.ParameterInQuery || p.Schema == nil || p.Schema.Value == nil {
			continue
		}
		s := p.Schema.Value
		vals, ok := query[p.Name]
		if !ok || s.Type.Is("array") {
			continue
		}
		if len(vals) > 1 {
			v := &violations{}
			v.notANumber(p.Name, s)
			v.add(p.Name + " " + typeMessage(s))
			if msgs == nil {
				msgs = map[string][]string{}
			}
			msgs[p.Name] = v.messages
			delete(query, p.Name)
			continue
		}
		if isObjectIDPattern(s.Pattern) && len(vals[0]) == 24 && upperCaseHex(vals[0]) {
			query.Set(p.Name, strings.ToLower(vals[0])) // as lowerObjectIDParams does for paths
			changed = true
			continue
		}
		if s.Type.Is("integer") || s.Type.Is("number") {
			f := jsvalue.Number(vals[0])
			if math.IsNaN(f) || math.IsInf(f, 0) {
				continue // left as sent: the type check reports it
			}
			if n := strconv.FormatFloat(f, 'f', -1, 64); n != vals[0] {
				query.Set(p.Name, n)
				changed = true
			}
		}
	}
	if changed {
		req.URL.RawQuery = query.Encode()
	}
	return msgs
}

// dropOptionalNullsFromBody rewrites the request body, data, without the nulls class-validator
// would skip, and answers the new body; false when there were none (the body is then left as
// it was).
func dropOptionalNullsFromBody(req *http.Request, op *operation, data []byte) ([]byte, bool) {
	rb := op.route.Operation.RequestBody
	if rb == nil || rb.Value == nil || len(data) == 0 {
		return data, false
	}
	schema := bodySchema(rb.Value)
	if schema == nil {
		return data, false
	}
	return expressreq.RewriteJSONBody(req, data, func(doc any) (any, bool) { return doc, dropOptionalNulls(schema, doc) })
}

// dropOptionalNulls deletes, in place, every null held by a property the schema neither
// requires nor declares nullable, in nested objects and arrays of objects too.
func dropOptionalNulls(s *openapi3.Schema, value any) bool {
	dropped := false
	switch v := value.(type) {
	case map[string]any:
		for _, part := range append([]*openapi3.SchemaRef{{Value: s}}, s.AllOf...) {
			if part == nil || part.Value == nil {
				continue
			}
			for name, ref := range part.Value.Properties {
				val, present := v[name]
				if !present || ref == nil || ref.Value == nil {
					continue
				}
				if val == nil {
					if !ref.Value.Nullable && !slices.Contains(part.Value.Required, name) {
						delete(v, name)
						dropped = true
					}
					continue
				}
				dropped = dropOptionalNulls(ref.Value, val) || dropped
			}
		}
	case []any:
		if s.Items != nil && s.Items.Value != nil {
			for _, item := range v {
				dropped = dropOptionalNulls(s.Items.Value, item) || dropped
			}
		}
	}
	return dropped
}

// translateValidation turns kin's errors into Novu's answer; repeated holds, by parameter, the
// messages found before kin ran (see nestQuery). class-validator reports properties in the DTO's
// order, which the operation's parameters follow, so each parameter's messages, found before kin
// or by it, come in the parameters' order, and the body's after them.
func translateValidation(err error, op *operation, repeated map[string][]string) error {
	v := &violations{}
	errs := flatten(err)
	paramOf := func(e error) string {
		var reqErr *openapi3filter.RequestError
		if errors.As(e, &reqErr) && reqErr.Parameter != nil {
			return reqErr.Parameter.Name
		}
		return ""
	}
	done := make([]bool, len(errs))
	for _, ref := range op.route.Operation.Parameters {
		if ref == nil || ref.Value == nil {
			continue
		}
		for _, msg := range repeated[ref.Value.Name] {
			v.add(msg)
		}
		for i, e := range errs {
			if !done[i] && paramOf(e) == ref.Value.Name {
				v.request(e, op)
				done[i] = true
			}
		}
	}
	for i, e := range errs {
		if !done[i] {
			v.request(e, op)
		}
	}
	if err == nil {
		return errValidation(v.messages...)
	}
	if v.business != "" && len(v.messages) == 0 {
		return errBadRequest("%s", v.business)
	}
	if len(v.messages) == 0 {
		v.add(err.Error())
	}
	return errValidation(v.messages...)
}

// violations collects class-validator messages in order, without repeats.
type violations struct {
	messages []string
	business string
}

func (v *violations) add(msg string) {
	if !slices.Contains(v.messages, msg) {
		v.messages = append(v.messages, msg)
	}
}

// flatten expands MultiErrors only at this level: errors.As would also see through a
// RequestError (it unwraps) and lose which parameter or body failed.
func flatten(err error) []error {
	if err == nil {
		return nil // a body that passes when validated as {} (see request) has no violations
	}
	if multi, ok := err.(openapi3.MultiError); ok {
		var out []error
		for _, e := range multi {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func (v *violations) request(err error, op *operation) {
	var reqErr *openapi3filter.RequestError
	if !errors.As(err, &reqErr) {
		v.add(err.Error())
		return
	}
	var parseErr *openapi3filter.ParseError
	switch {
	case reqErr.Parameter != nil:
		p := reqErr.Parameter
		schema := paramSchema(p)
		switch {
		case errors.Is(reqErr.Err, openapi3filter.ErrInvalidRequired), errors.Is(reqErr.Err, openapi3filter.ErrInvalidEmptyValue):
			v.missing(p.Name, schema)
		case errors.As(reqErr.Err, &parseErr):
			v.nanBounds(p.Name, schema, parseErr.Value)
			v.add(p.Name + " " + typeMessage(schema))
		default:
			for _, e := range flatten(reqErr.Err) {
				v.schema(p.Name, e)
			}
		}
	case reqErr.RequestBody != nil:
		schema := bodySchema(reqErr.RequestBody)
		switch {
		case errors.Is(reqErr.Err, openapi3filter.ErrInvalidRequired):
			// Nest validates a missing body as {}: every required field is reported.
			if schema != nil {
				_ = v.visit(schema, map[string]any{})
			}
		default: // a body that is not JSON never gets here: expressreq.ParseBody refused it already
			for _, e := range flatten(reqErr.Err) {
				v.schema("", e)
			}
		}
	default:
		// Content-Type and similar envelope problems.
		v.add(reqErr.Error())
	}
}

func (v *violations) visit(schema *openapi3.Schema, value any) error {
	err := schema.VisitJSON(value, openapi3.MultiErrors())
	for _, e := range flatten(err) {
		v.schema("", e)
	}
	return err
}

// schema turns one kin SchemaError into class-validator's sentence for that constraint.
func (v *violations) schema(prefix string, err error) {
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		v.add(strings.TrimSpace(prefix + " " + err.Error()))
		return
	}
	field := eachValueField(append(nonEmpty(prefix), se.JSONPointer()...))
	s := se.Schema
	if se.SchemaField == "required" && s != nil {
		// The pointer ends at the missing property; its own schema carries the wording, or
		// else the object that requires it does.
		if msg := extString(s, errorMessageExt); msg != "" {
			v.business = msg
			return
		}
		ptr := se.JSONPointer()
		if len(ptr) > 0 {
			if prop := s.Properties[ptr[len(ptr)-1]]; prop != nil {
				s = prop.Value
			}
		}
	}
	if msg := extString(s, errorMessageExt); msg != "" && businessChecks[se.SchemaField] {
		v.business = msg
		return
	}
	if msg := extString(s, typeErrorMessageExt); msg != "" && se.SchemaField == "type" {
		v.business = msg
		return
	}
	if field == "" {
		field = "body"
	}
	switch {
	case se.SchemaField == "required":
		v.missing(field, s)
	case se.Value == nil:
		// A required property's null (the optional ones among plain properties were dropped;
		// one inside oneOf/anyOf/additionalProperties still lands here): IsDefined and the type
		// check both fail on it, as on a missing value, whatever shape the schema gave it.
		v.missing(field, s)
	case se.SchemaField == "format" && s != nil && s.Format == "https-image-url":
		for _, msg := range imageURLMessages(field, se.Value) {
			v.add(msg)
		}
	default:
		v.constraint(field, se.SchemaField, s)
	}
}

// constraint is class-validator's sentence for one failed keyword.
func (v *violations) constraint(field, keyword string, s *openapi3.Schema) {
	switch keyword {
	case "type":
		v.add(field + " " + typeMessage(s))
	case "enum":
		v.add(fmt.Sprintf("%s must be one of the following values: %s", field, joinEnum(s.Enum)))
	case "pattern":
		if isObjectIDPattern(s.Pattern) {
			v.add(field + " must be a mongodb id")
		} else {
			v.add(fmt.Sprintf("%s must match %s regular expression", field, s.Pattern))
		}
	case "format":
		v.add(field + " " + formatMessage(s.Format))
	case "minLength":
		if s.MinLength == 1 {
			v.add(field + " should not be empty")
		} else {
			v.add(fmt.Sprintf("%s must be longer than or equal to %d characters", field, s.MinLength))
		}
	case "maxLength":
		v.add(fmt.Sprintf("%s must be shorter than or equal to %d characters", field, deref(s.MaxLength)))
	case "minItems":
		if s.MinItems == 1 {
			v.add(field + " should not be empty")
		} else {
			v.add(fmt.Sprintf("%s must contain at least %d elements", field, s.MinItems))
		}
	case "maxItems":
		v.add(fmt.Sprintf("%s must contain no more than %d elements", field, deref(s.MaxItems)))
	case "minimum":
		v.add(fmt.Sprintf("%s must not be less than %v", field, deref(s.Min)))
	case "maximum":
		v.add(fmt.Sprintf("%s must not be greater than %v", field, deref(s.Max)))
	default:
		v.add(field + " has an invalid value")
	}
}

// nanBounds: class-validator's min and max are false for NaN, so a value that is not a number
// fails a parameter's decorator bounds (boundsExt) too, reported before the type check (the
// decorators run bottom-up, @IsInt sitting above them). A bound that is the handler's own check
// (x-error-message) is not a decorator and is left out.
func (v *violations) nanBounds(field string, s *openapi3.Schema, raw any) {
	if str, ok := raw.(string); ok && math.IsNaN(jsvalue.Number(str)) {
		v.notANumber(field, s)
	}
}

// notANumber adds the bound messages of a parameter whose value Number() made no number (NaN,
// or an array), where the DTO's bounds are decorators (x-class-validator-bounds).
func (v *violations) notANumber(field string, s *openapi3.Schema) {
	if s == nil || s.Extensions[boundsExt] != true {
		return
	}
	business := extString(s, errorMessageExt) != ""
	if s.Max != nil && !(business && businessChecks["maximum"]) {
		v.constraint(field, "maximum", s)
	}
	if s.Min != nil {
		v.constraint(field, "minimum", s)
	}
}

// missing is IsDefined's sentence, followed by the type check that also fails on undefined.
func (v *violations) missing(field string, s *openapi3.Schema) {
	if msg := undefinedMessage(field, s); msg != "" {
		v.add(msg)
	}
	switch {
	case s == nil, s.Extensions[definedOnlyExt] == true:
	case isObjectIDPattern(s.Pattern):
		v.add(field + " must be a mongodb id") // IsMongoId is the check that also fails on undefined
	case len(s.Enum) > 0:
		v.add(fmt.Sprintf("%s must be one of the following values: %s", field, joinEnum(s.Enum)))
	case s.Type != nil && len(s.Type.Slice()) == 1:
		v.add(field + " " + typeMessage(s))
	}
}

// undefinedMessage is IsDefined's sentence, or the DTO's own where the spec gives one ("" where
// the spec says the DTO has none).
func undefinedMessage(field string, s *openapi3.Schema) string {
	if s != nil {
		if msg, ok := s.Extensions[definedMessageExt].(string); ok {
			return msg
		}
	}
	return field + " should not be null or undefined"
}

func typeMessage(s *openapi3.Schema) string {
	if s == nil || s.Type == nil {
		return "has an invalid value"
	}
	switch {
	case s.Type.Is("string"):
		return "must be a string"
	case s.Type.Is("boolean"):
		return "must be a boolean value"
	case s.Type.Is("integer"):
		return "must be an integer number"
	case s.Type.Is("number"):
		return "must be a number conforming to the specified constraints"
	case s.Type.Is("array"):
		return "must be an array"
	case s.Type.Is("object"):
		return "must be an object"
	}
	return "has an invalid value"
}

func formatMessage(format string) string {
	switch format {
	case "email", "email-or-empty":
		return "must be an email"
	case "date-time":
		return "must be a valid ISO 8601 date string"
	case "uri", "url":
		return "must be a URL address"
	case "hex-color":
		return "must be a hexadecimal color"
	}
	return "must be a valid " + format
}

func joinEnum(values []any) string {
	parts := make([]string, len(values))
	for i, e := range values {
		parts[i] = fmt.Sprint(e)
	}
	return strings.Join(parts, ", ")
}

func paramSchema(p *openapi3.Parameter) *openapi3.Schema {
	if p.Schema != nil {
		return p.Schema.Value
	}
	return nil
}

func bodySchema(rb *openapi3.RequestBody) *openapi3.Schema {
	if mt := rb.Content.Get("application/json"); mt != nil && mt.Schema != nil {
		return mt.Schema.Value
	}
	return nil
}

func extString(s *openapi3.Schema, name string) string {
	if s == nil {
		return ""
	}
	str, _ := s.Extensions[name].(string)
	return str
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// isObjectIDPattern recognises the spec's 24-hex ObjectId patterns; a violation of one is
// class-validator's IsMongoId.
func isObjectIDPattern(p string) bool {
	return strings.HasSuffix(p, "]{24}$") && strings.HasPrefix(p, "^[0-9a-f")
}

// eachValueField is the field a sentence names. An element of a list of plain values is checked
// by a decorator with {each: true}, which class-validator words "each value in <name>", and
// Nest puts the parent's path in front: tags.0 is "each value in tags", filters.0.tags.1 is
// "filters.0.each value in tags". Elements that are objects keep their index (events.0.name).
func eachValueField(path []string) string {
	n := len(path)
	if n >= 2 && isIndex(path[n-1]) && !isIndex(path[n-2]) {
		parent := strings.Join(path[:n-2], ".")
		if parent != "" {
			parent += "."
		}
		return parent + "each value in " + path[n-2]
	}
	return strings.Join(path, ".")
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// validatedQueries remembers the requests to pathAndQueryOnly operations that passed validation,
// by operation, path parameters and query string as sent, with the query string validation left
// (Nest's numbers written canonically, the spec's defaults filled in). For those operations
// validation is a function of exactly these, and clients ask the same page again and again (a
// test polling a list, a dashboard). Refused requests are validated every time.
type validatedQueries struct {
	mu sync.RWMutex // read on every such request, written once per new query
	m  map[validatedKey]string
}

type validatedKey struct {
	op               *operation
	params, rawQuery string
}

// Bounds of validatedQueries: it is emptied when it holds maxValidatedQueries, and a longer
// request than maxValidatedKeyLen is not remembered, so it holds at most a few hundred kB.
const (
	maxValidatedQueries = 1024
	maxValidatedKeyLen  = 256
)

// key is the request's key, false when it is not to be remembered. params are the path
// parameters in route order.
func (v *validatedQueries) key(op *operation, params []string, rawQuery string) (validatedKey, bool) {
	if !op.pathAndQueryOnly {
		return validatedKey{}, false
	}
	k := validatedKey{op: op, rawQuery: rawQuery}
	for _, p := range params {
		if strings.Contains(p, "\x00") {
			return validatedKey{}, false // the separator: two lists could join alike
		}
	}
	if len(params) > 0 {
		k.params = strings.Join(params, "\x00")
	}
	return k, len(k.params)+len(k.rawQuery) <= maxValidatedKeyLen
}

func (v *validatedQueries) get(k validatedKey) (string, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	q, ok := v.m[k]
	return q, ok
}

func (v *validatedQueries) put(k validatedKey, validatedQuery string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil || len(v.m) >= maxValidatedQueries {
		v.m = make(map[validatedKey]string)
	}
	v.m[k] = validatedQuery
}
