// Package expressreq reads a request as Novu's Express and Nest stack does before any guard
// runs: the query string as qs parses it, and the body as body-parser does (strict JSON, or a
// URL-encoded form in qs's extended syntax, or nothing at all), leaving JSON for the rest of the
// pipeline.
package expressreq

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	segjson "github.com/segmentio/encoding/json"
)

// Novu reads request bodies with Express's body-parser before any guard runs: JSON
// (application/json, strictly: one object or array and nothing after it) and URL-encoded forms
// (qs's extended syntax); a body of any other type is not read at all, so Nest validates {}.
// ParseBody turns each of those into the JSON the rest of the pipeline (validation, the
// idempotency fingerprint, the strict handlers) reads.

// ErrInvalidJSON is the fake's wording of body-parser's 400 for a JSON body that does not parse
// (Novu's names the offending token and position).
var ErrInvalidJSON = errors.New("Unexpected token in JSON: the request body is not valid JSON")

// ErrUnreadable is a body that cannot be read as JSON at all.
var ErrUnreadable = errors.New("could not read the request body")

// ParseBody returns the body as JSON and leaves it on req with Content-Type application/json.
// A request without a body is left alone. Its errors are ErrInvalidJSON and ErrUnreadable, each
// a 400 whose message is the error's text.
func ParseBody(req *http.Request, data []byte) ([]byte, error) {
	if data == nil {
		return nil, nil
	}
	switch mediaType(req.Header.Get("Content-Type")) {
	case "application/json":
		trimmed := bytes.TrimSpace(data)
		if len(trimmed) == 0 {
			return data, nil // an empty JSON body is no body: Nest validates {}
		}
		if (trimmed[0] != '{' && trimmed[0] != '[') || !json.Valid(trimmed) {
			return nil, ErrInvalidJSON
		}
		if mayOverflow(trimmed) {
			return nullOverflows(req, data), nil
		}
		return data, nil
	case "application/x-www-form-urlencoded":
		out, err := json.Marshal(parseForm(string(data)))
		if err != nil {
			return nil, ErrUnreadable
		}
		SetJSONBody(req, out)
		return out, nil
	default:
		SetJSONBody(req, []byte("{}"))
		return []byte("{}"), nil
	}
}

// mediaType is the media type of a Content-Type, as mime.ParseMediaType reads it ("" when it
// does not parse). The usual "application/json" is answered as it is: ParseMediaType makes a
// parameter map on every call.
func mediaType(contentType string) string {
	if contentType == "application/json" {
		return contentType
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt
}

// mayOverflow is a quick look for a number too large for a float64 (an exponent of three
// digits or more, or a run of over 300 digits), so that ordinary bodies are not decoded here.
func mayOverflow(data []byte) bool {
	digits := 0
	for i, c := range data {
		switch {
		case '0' <= c && c <= '9':
			digits++
			if digits > 300 {
				return true
			}
		case (c == 'e' || c == 'E') && digits > 0:
			j := i + 1
			if j < len(data) && (data[j] == '+' || data[j] == '-') {
				j++
			}
			k := j
			for k < len(data) && '0' <= data[k] && data[k] <= '9' {
				k++
			}
			if k-j >= 3 {
				return true
			}
			digits = 0
		case c == '.':
		default:
			digits = 0
		}
	}
	return false
}

// nullOverflows writes as null every number of the body beyond float64's range. JSON.parse reads
// 1e400 as Infinity, which Novu accepts in free-form data (a payload, subscriber data) and which
// JSON.stringify writes as null; Go's decoder would refuse the whole body instead.
func nullOverflows(req *http.Request, body []byte) []byte {
	out, _ := RewriteJSONBody(req, body, func(doc any) (any, bool) {
		changed := false
		var walk func(v any) any
		walk = func(v any) any {
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					v[k] = walk(x)
				}
			case []any:
				for i, x := range v {
					v[i] = walk(x)
				}
			case json.Number:
				if _, err := strconv.ParseFloat(string(v), 64); err != nil {
					changed = true
					return nil
				}
			}
			return v
		}
		return walk(doc), changed
	})
	return out
}

// RewriteJSONBody is the one way the pipeline edits a JSON body: it decodes body (numbers kept
// digit for digit), lets edit change the value and say whether it did, and then leaves the new
// JSON on req and answers it with true. A body that does not decode, or that edit leaves alone,
// stays as it came (false).
func RewriteJSONBody(req *http.Request, body []byte, edit func(doc any) (any, bool)) ([]byte, bool) {
	doc, rest, err := decodeJSON(body)
	if err != nil || len(bytes.TrimSpace(rest)) > 0 {
		return body, false
	}
	doc, changed := edit(doc)
	if !changed {
		return body, false
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body, false
	}
	SetJSONBody(req, out)
	return out, true
}

// DecodeJSON decodes a JSON body as the pipeline reads it everywhere, to the values
// encoding/json's Decoder gives with UseNumber (numbers kept digit for digit; TestDecodeJSON,
// FuzzDecodeJSON), with segmentio's decoder, which takes half the time and allocations. What
// follows the first value is left alone, as there: ParseBody refuses such a body before.
func DecodeJSON(data []byte) (any, error) {
	v, _, err := decodeJSON(data)
	return v, err
}

func decodeJSON(data []byte) (v any, rest []byte, err error) {
	rest, err = segjson.Parse(data, &v, segjson.UseNumber)
	return v, rest, err
}

// SetJSONBody leaves data on req as its JSON body, readable again through GetBody (which
// kin-openapi prefers when it restores a body it has read).
func SetJSONBody(req *http.Request, data []byte) {
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = int64(len(data))
	req.Body = io.NopCloser(bytes.NewReader(data))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
}

// maxFormIndex is the highest a[n] index qs reads as an array position; above it the index is
// an object key, as in qs.
const maxFormIndex = 20

// parseForm reads a form body as qs does for Express: repeated keys and a[]= make arrays, a[b]=
// nests objects, a[n]= places array items; every value is a string.
func parseForm(raw string) map[string]any {
	root := map[string]any{}
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(pair, "=")
		key, val := formUnescape(rawKey), formUnescape(rawVal)
		if key == "" {
			continue
		}
		name, path := splitFormKey(key)
		setFormValue(root, name, path, val)
	}
	return root
}

// formUnescape decodes + and %XX, keeping a malformed escape as it was (qs does not fail).
func formUnescape(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// splitFormKey cuts "a[b][]" into "a" and ["b", ""]; a key without brackets has no path.
func splitFormKey(key string) (string, []string) {
	open := strings.IndexByte(key, '[')
	if open <= 0 || !strings.HasSuffix(key, "]") {
		return key, nil
	}
	name, rest := key[:open], key[open:]
	var path []string
	for rest != "" {
		closeAt := strings.IndexByte(rest, ']')
		if rest[0] != '[' || closeAt < 0 {
			return key, nil // not bracket syntax after all: the whole key is a name
		}
		path = append(path, rest[1:closeAt])
		rest = rest[closeAt+1:]
	}
	return name, path
}

// setFormValue stores val under name, following path through nested objects and arrays.
func setFormValue(obj map[string]any, name string, path []string, val string) {
	if len(path) == 0 {
		switch cur := obj[name].(type) {
		case nil:
			obj[name] = val
		case []any:
			obj[name] = append(cur, val)
		case string:
			obj[name] = []any{cur, val}
		}
		return
	}
	seg := path[0]
	if seg == "" || isFormIndex(seg) {
		arr, _ := obj[name].([]any)
		if len(path) == 1 {
			obj[name] = append(arr, val)
			return
		}
		child := map[string]any{}
		obj[name] = append(arr, child)
		setFormValue(child, path[1], path[2:], val)
		return
	}
	child, ok := obj[name].(map[string]any)
	if !ok {
		child = map[string]any{}
		obj[name] = child
	}
	setFormValue(child, seg, path[1:], val)
}

func isFormIndex(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= maxFormIndex
}
