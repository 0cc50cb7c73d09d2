// Package jsonnull is a JSON string field that tells "absent" from "null", for the generated
// types (the spec names it with x-go-type): Novu answers an e-mail an update cleared as null and
// one never set not at all.
//
// oapi-codegen's nullable.Nullable does the same with a map, which omitempty leaves out when
// empty; but a one-entry map costs ~250 bytes, a quarter of each stored subscriber. String is a
// byte slice instead: omitempty still leaves out an absent one, and a value costs its length
// plus one byte.
package jsonnull

import (
	"bytes"
	"encoding/json"
	"errors"
)

// String is nil when absent, {stateNull} when null, or {stateValue, the string's bytes...}.
type String []byte

const (
	stateNull byte = iota
	stateValue
)

// ErrNoValue is what Get answers for an absent or null String.
var ErrNoValue = errors.New("jsonnull: no value (absent or null)")

// Value is a String holding s.
func Value(s string) String { return append(String{stateValue}, s...) }

// Null is a String holding null.
func Null() String { return String{stateNull} }

// IsSpecified is true when the field is present: null or a value.
func (s String) IsSpecified() bool { return len(s) > 0 }

// IsNull is true when the field is present and null.
func (s String) IsNull() bool { return len(s) > 0 && s[0] == stateNull }

// Get is the value, or ErrNoValue when the field is absent or null.
func (s String) Get() (string, error) {
	if len(s) == 0 || s[0] != stateValue {
		return "", ErrNoValue
	}
	return string(s[1:]), nil
}

// MustGet is the value; it panics when there is none (for tests).
func (s String) MustGet() string {
	v, err := s.Get()
	if err != nil {
		panic(err)
	}
	return v
}

// Equal is true when both are absent, both null, or both the same value: each state has
// exactly one encoding.
func (s String) Equal(o String) bool { return bytes.Equal(s, o) }

// SetNull makes the field null.
func (s *String) SetNull() { *s = Null() }

// MarshalJSON writes the value, or null (an absent field is left out by omitempty first). A
// value that needs no escaping (an e-mail address, nearly always) is quoted in one allocation:
// a page of subscribers encodes one per subscriber.
func (s String) MarshalJSON() ([]byte, error) {
	if len(s) == 0 || s[0] != stateValue {
		return []byte("null"), nil
	}
	v := s[1:]
	for _, c := range v {
		if c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return json.Marshal(string(v)) // encoding/json's escaping, HTML characters included
		}
	}
	out := make([]byte, 0, len(v)+2)
	out = append(out, '"')
	out = append(out, v...)
	return append(out, '"'), nil
}

// JSONValue is the string, or nil for null (and absent): the value MarshalJSON writes, decoded.
func (s String) JSONValue() any {
	if v, err := s.Get(); err == nil {
		return v
	}
	return nil
}

// UnmarshalJSON reads null or a string; the decoders call it for null too, which is how null
// stays apart from absent.
func (s *String) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*s = Null()
		return nil
	}
	var v string
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*s = Value(v)
	return nil
}
