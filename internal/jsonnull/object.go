package jsonnull

import "encoding/json"

// Object is a JSON object field that tells "absent" from "null", for the generated types: Novu's
// message lists answer a populated reference it cannot find (actorSubscriber without an actor)
// as null, and other answers leave it out. nil is absent, a one-element slice holding nil is
// null, one holding a pointer is the value; omitempty leaves out only the absent one.
type Object[T any] []*T

// ObjectValue is an Object holding v.
func ObjectValue[T any](v T) Object[T] { return Object[T]{&v} }

// ObjectNull is an Object holding null.
func ObjectNull[T any]() Object[T] { return Object[T]{nil} }

// IsSpecified is true when the field is present: null or a value.
func (o Object[T]) IsSpecified() bool { return len(o) > 0 }

// IsNull is true when the field is present and null.
func (o Object[T]) IsNull() bool { return len(o) > 0 && o[0] == nil }

// Get is the value, or nil when the field is absent or null.
func (o Object[T]) Get() *T {
	if len(o) == 0 {
		return nil
	}
	return o[0]
}

// MarshalJSON writes the value, or null (an absent field is left out by omitempty first).
func (o Object[T]) MarshalJSON() ([]byte, error) {
	if v := o.Get(); v != nil {
		return json.Marshal(v)
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads null or an object; the decoders call it for null too, which is how null
// stays apart from absent.
func (o *Object[T]) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*o = ObjectNull[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*o = ObjectValue(v)
	return nil
}
