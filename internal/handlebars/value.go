package handlebars

import (
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/novumock/novumock/internal/jsvalue"
)

// Values are what encoding/json decodes into (nil for null, bool, float64, string, []any,
// map[string]any) plus undefined, SafeString and the helpers' options object. Anything else a
// caller passes (a struct, a typed map, an int) is read as its JSON encoding.
//
// The conversions below (toString, truthy, toNumber, looseEquals) are JavaScript's own, over
// these values, undefined included. They are not jsvalue's: jsvalue models how Novu's step
// conditions read a field (a number printed without an exponent, an object as its JSON, no
// undefined value), which differs from what a template prints. Number parsing is shared
// (jsvalue.StringToNumber).

// undefinedType is JavaScript's undefined: what a missing property reads as.
type undefinedType struct{}

var undefined any = undefinedType{}

// SafeString is a helper result that mustaches output without escaping (Handlebars.SafeString).
type SafeString string

// jsObject is an object that is not JSON data: the helper's options object, or the module
// object Novu's comparison helpers give their block as its context.
type jsObject struct{ name string }

// object is an object a helper makes (groupBy's {key, items}); unlike a decoded map it keeps
// its keys in insertion order, as JavaScript does.
type object struct {
	keys []string
	vals map[string]any
}

func newObject(kv ...any) *object {
	o := &object{vals: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		o.keys = append(o.keys, kv[i].(string))
		o.vals[kv[i].(string)] = kv[i+1]
	}
	return o
}

// nullContext is the context a helper sees as `this` when the current context is null or
// undefined (Handlebars' container.nullContext, a sealed empty object).
var nullContext = &jsObject{name: "nullContext"}

// moduleObject is the `this` of Novu's assertResult arrow function: the compiled CommonJS
// module's exports (compile-template.usecase.ts, `fn(this)` at module scope).
var moduleObject = &jsObject{name: "module"}

// normalize turns what a caller passed into JavaScript values, copying only what changes.
func normalize(v any) any {
	switch t := v.(type) {
	case nil, bool, float64, string, undefinedType, SafeString, *jsObject, *object:
		return v
	case Converted:
		return map[string]any(t)
	case int:
		return float64(t)
	case int64:
		return float64(t)
	case int32:
		return float64(t)
	case float32:
		return float64(t)
	case json.Number:
		f, _ := t.Float64()
		return f
	case map[string]any:
		var out map[string]any
		for k, e := range t {
			n := normalize(e)
			if out == nil && !sameValue(n, e) {
				out = make(map[string]any, len(t))
				for k2, e2 := range t {
					out[k2] = e2
				}
			}
			if out != nil {
				out[k] = n
			}
		}
		if out == nil {
			return t
		}
		return out
	case []any:
		var out []any
		for i, e := range t {
			n := normalize(e)
			if out == nil && !sameValue(n, e) {
				out = slices.Clone(t)
			}
			if out != nil {
				out[i] = n
			}
		}
		if out == nil {
			return t
		}
		return out
	}
	return fromGo(reflect.ValueOf(v), 0)
}

var marshalerType = reflect.TypeFor[json.Marshaler]()

// JSONValuer is a Go type that says which JSON value it encodes as (a decoded JSON value: nil,
// bool, float64, string, map[string]any or []any), so that templates read it without a JSON
// round trip, which a json.Marshaler otherwise costs on every send (jsonnull's types).
type JSONValuer interface{ JSONValue() any }

var jsonValuerType = reflect.TypeFor[JSONValuer]()

// fromGo reads any other Go value as encoding/json would encode it (JSON names, omitempty,
// MarshalJSON), without encoding it: a trigger converts the subscriber for every send.
func fromGo(rv reflect.Value, depth int) any {
	if depth > 100 {
		return undefined
	}
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil
		}
		if rv.Type().Implements(marshalerType) {
			break
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return nil
	}
	if rv.Type().Implements(jsonValuerType) {
		return normalize(rv.Interface().(JSONValuer).JSONValue())
	}
	if rv.Type().Implements(marshalerType) || rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8 {
		return viaJSON(rv.Interface())
	}
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = fromGo(rv.Index(i), depth+1)
		}
		return out
	case reflect.Map:
		if rv.IsNil() {
			return nil
		}
		if rv.Type().Key().Kind() != reflect.String {
			return viaJSON(rv.Interface())
		}
		out := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			out[it.Key().String()] = fromGo(it.Value(), depth+1)
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		structFields(rv, out, depth)
		return out
	}
	return undefined // functions, channels: encoding/json refuses them
}

// structFields adds a struct's fields under their JSON names, embedded structs inlined.
func structFields(rv reflect.Value, out map[string]any, depth int) {
	for _, f := range jsonFieldsOf(rv.Type()) {
		fv := rv.Field(f.index)
		if f.inline {
			for fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					break
				}
				fv = fv.Elem()
			}
			if fv.Kind() == reflect.Struct {
				structFields(fv, out, depth)
			}
			continue
		}
		if f.omitEmpty && fv.IsZero() && isEmptyKind(fv) {
			continue
		}
		if f.omitEmpty && (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map || fv.Kind() == reflect.String) && fv.Len() == 0 {
			continue
		}
		out[f.name] = fromGo(fv, depth+1)
	}
}

// isEmptyKind: the zero values omitempty leaves out (false, 0, nil pointers and interfaces);
// a zero struct is kept, as encoding/json keeps it.
func isEmptyKind(v reflect.Value) bool {
	return v.Kind() != reflect.Struct && v.Kind() != reflect.Array
}

type jsonField struct {
	name      string
	index     int
	omitEmpty bool
	inline    bool
}

var jsonFieldCache sync.Map // reflect.Type -> []jsonField

func jsonFieldsOf(t reflect.Type) []jsonField {
	if f, ok := jsonFieldCache.Load(t); ok {
		return f.([]jsonField)
	}
	var fields []jsonField
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				fields = append(fields, jsonField{index: i, inline: true})
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fields = append(fields, jsonField{name: name, index: i, omitEmpty: strings.Contains(","+opts+",", ",omitempty,")})
	}
	jsonFieldCache.Store(t, fields)
	return fields
}

// viaJSON reads a value through its JSON encoding (MarshalJSON, byte slices, odd map keys).
func viaJSON(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return undefined
	}
	var out any
	if json.Unmarshal(raw, &out) != nil {
		return undefined
	}
	return out
}

// sameValue tells whether normalize left a value as it was (maps and slices by identity).
func sameValue(a, b any) bool {
	switch a.(type) {
	case map[string]any, []any:
		return sameObject(a, b)
	}
	switch b.(type) {
	case map[string]any, []any:
		return false
	}
	return reflect.TypeOf(a) == reflect.TypeOf(b) && a == b
}

// sameObject is object identity (JavaScript's === on objects).
func sameObject(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		return ok && reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && cap(x) == cap(y) && reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
	case *jsObject:
		y, ok := b.(*jsObject)
		return ok && x == y
	case *object:
		y, ok := b.(*object)
		return ok && x == y
	}
	return false
}

func isObject(v any) bool {
	switch v.(type) {
	case map[string]any, []any, *jsObject, *object:
		return true
	}
	return false
}

func isNullish(v any) bool { return v == nil || v == undefined }

// truthy is JavaScript's ToBoolean.
func truthy(v any) bool {
	switch t := v.(type) {
	case nil, undefinedType:
		return false
	case bool:
		return t
	case float64:
		return t != 0 && !math.IsNaN(t)
	case string:
		return t != ""
	case SafeString:
		return true // an object in JavaScript
	}
	return true
}

// toString is JavaScript's String(v) (arrays join with commas, objects are "[object Object]").
func toString(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case undefinedType:
		return "undefined"
	case bool:
		return strconv.FormatBool(t)
	case float64:
		return numberToString(t)
	case string:
		return t
	case SafeString:
		return string(t)
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			if !isNullish(e) {
				parts[i] = toString(e)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// numberToString is Number.prototype.toString(): the shortest digits that round-trip, in
// plain notation from 1e-7 up to 1e21 and in exponent notation outside.
func numberToString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±xx
	mant, expStr, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expStr)
	k, n := len(digits), exp+1 // value = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	es := strconv.Itoa(n - 1)
	if n-1 >= 0 {
		es = "+" + es
	}
	if k == 1 {
		return sign + digits + "e" + es
	}
	return sign + digits[:1] + "." + digits[1:] + "e" + es
}

// toNumber is JavaScript's Number(v).
func toNumber(v any) float64 {
	switch t := v.(type) {
	case nil:
		return 0
	case undefinedType:
		return math.NaN()
	case bool:
		if t {
			return 1
		}
		return 0
	case float64:
		return t
	case string:
		return jsvalue.StringToNumber(t)
	}
	return jsvalue.StringToNumber(toString(v))
}

// parseFloat is JavaScript's parseFloat: the longest decimal prefix after leading space.
func parseFloat(v any) float64 {
	s := strings.TrimLeftFunc(toString(v), jsvalue.IsSpace)
	m := jsFloatPrefix.FindString(s)
	if m == "" {
		return math.NaN()
	}
	if strings.HasSuffix(m, "Infinity") {
		return jsvalue.StringToNumber(m)
	}
	f, _ := strconv.ParseFloat(m, 64)
	return f
}

var jsFloatPrefix = regexp.MustCompile(`^[+-]?(Infinity|[0-9]+\.?[0-9]*([eE][+-]?[0-9]+)?|\.[0-9]+([eE][+-]?[0-9]+)?)`)

// looseEquals is JavaScript's ==.
func looseEquals(a, b any) bool {
	if jsType(a) == jsType(b) {
		return strictEquals(a, b)
	}
	switch {
	case isNullish(a) || isNullish(b):
		return isNullish(a) && isNullish(b)
	case jsType(a) == "boolean":
		return looseEquals(toNumber(a), b)
	case jsType(b) == "boolean":
		return looseEquals(a, toNumber(b))
	case jsType(a) == "number" && jsType(b) == "string":
		return a.(float64) == toNumber(b)
	case jsType(a) == "string" && jsType(b) == "number":
		return toNumber(a) == b.(float64)
	case jsType(a) == "object" && jsType(b) != "object":
		return looseEquals(toString(a), b)
	case jsType(b) == "object" && jsType(a) != "object":
		return looseEquals(a, toString(b))
	}
	return false
}

// strictEquals is JavaScript's ===.
func strictEquals(a, b any) bool {
	if jsType(a) != jsType(b) {
		return false
	}
	switch x := a.(type) {
	case float64:
		return x == b.(float64) // NaN is not equal to itself
	case string, bool:
		return a == b
	case nil, undefinedType:
		return true
	case SafeString:
		return false // distinct objects unless the same one; helpers never compare them
	}
	return sameObject(a, b)
}

func jsType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case undefinedType:
		return "undefined"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	}
	return "object"
}

// lessThan is JavaScript's abstract relational comparison a < b; ok is false where it is
// undefined (a NaN on either side), which makes every comparison false.
func lessThan(a, b any) (less, ok bool) {
	pa, pb := toPrimitive(a), toPrimitive(b)
	sa, aStr := pa.(string)
	sb, bStr := pb.(string)
	if aStr && bStr {
		return compareUTF16(sa, sb) < 0, true
	}
	na, nb := toNumber(pa), toNumber(pb)
	if math.IsNaN(na) || math.IsNaN(nb) {
		return false, false
	}
	return na < nb, true
}

func toPrimitive(v any) any {
	if isObject(v) {
		return toString(v)
	}
	if s, ok := v.(SafeString); ok {
		return string(s)
	}
	return v
}

// compareUTF16 orders strings by UTF-16 code units, as JavaScript compares them.
func compareUTF16(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func jsLT(a, b any) bool { l, _ := lessThan(a, b); return l }
func jsGT(a, b any) bool { l, _ := lessThan(b, a); return l }
func jsLE(a, b any) bool { l, ok := lessThan(b, a); return ok && !l }
func jsGE(a, b any) bool { l, ok := lessThan(a, b); return ok && !l }

// objectKeys are an object's keys in JavaScript's order: integer-like keys ascending, then
// the rest. JavaScript keeps the others in insertion order, which a Go map does not record,
// so they come sorted.
func objectKeys(m map[string]any) []string {
	var ints, strs []string
	for k := range m {
		if isArrayIndex(k) {
			ints = append(ints, k)
		} else {
			strs = append(strs, k)
		}
	}
	slices.SortFunc(ints, func(a, b string) int {
		x, _ := strconv.ParseUint(a, 10, 32)
		y, _ := strconv.ParseUint(b, 10, 32)
		return int(x) - int(y)
	})
	slices.Sort(strs)
	return append(ints, strs...)
}

func isArrayIndex(k string) bool {
	n, err := strconv.ParseUint(k, 10, 32)
	return err == nil && n < math.MaxUint32 && strconv.FormatUint(n, 10) == k
}

// propertyKey is JavaScript's ToPropertyKey for a lookup field.
func propertyKey(v any) string { return toString(v) }

// getProperty reads an own property as Handlebars 4.7's lookupProperty allows: own keys of
// objects, the indexes and length of arrays and strings; nothing from prototypes.
func getProperty(obj any, key string) any {
	switch t := obj.(type) {
	case map[string]any:
		if v, ok := t[key]; ok {
			return v
		}
	case *object:
		if v, ok := t.vals[key]; ok {
			return v
		}
	case []any:
		if key == "length" {
			return float64(len(t))
		}
		if isArrayIndex(key) {
			if i, _ := strconv.Atoi(key); i < len(t) {
				return t[i]
			}
		}
	case string:
		units := utf16.Encode([]rune(t))
		if key == "length" {
			return float64(len(units))
		}
		if isArrayIndex(key) {
			if i, _ := strconv.Atoi(key); i < len(units) {
				return string(utf16.Decode(units[i : i+1]))
			}
		}
	}
	return undefined
}

// jsonStringify is JSON.stringify(v): ok is false where it answers undefined.
func jsonStringify(v any) (string, bool) {
	var b strings.Builder
	if !writeJSON(&b, v, 0) {
		return "", false
	}
	return b.String(), true
}

func writeJSON(b *strings.Builder, v any, depth int) bool {
	if depth > 1000 {
		return false
	}
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(numberToString(t))
		}
	case string:
		writeJSONString(b, t)
	case SafeString:
		b.WriteString(`{"string":`) // a SafeString's one own property
		writeJSONString(b, string(t))
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			if !writeJSON(b, e, depth+1) {
				b.WriteString("null") // undefined in an array is null
			}
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		first := true
		for _, k := range objectKeys(t) {
			if t[k] == undefined {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			writeJSONString(b, k)
			b.WriteByte(':')
			writeJSON(b, t[k], depth+1)
		}
		b.WriteByte('}')
	case *object:
		b.WriteByte('{')
		first := true
		for _, k := range t.keys {
			if t.vals[k] == undefined {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			writeJSONString(b, k)
			b.WriteByte(':')
			writeJSON(b, t.vals[k], depth+1)
		}
		b.WriteByte('}')
	case *jsObject:
		b.WriteString("{}")
	default:
		return false // undefined
	}
	return true
}

// writeJSONString quotes as JSON.stringify does: only `"`, `\` and control characters are
// escaped (not <, >, & or U+2028 as encoding/json does).
func writeJSONString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hex[r>>4])
				b.WriteByte(hex[r&0xf])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// escapeExpression is Handlebars.escapeExpression: the value as a string with & < > " ' ` =
// replaced by entities; null and undefined are empty, a SafeString is not escaped.
func escapeExpression(v any) string {
	switch t := v.(type) {
	case SafeString:
		return string(t)
	case nil, undefinedType:
		return ""
	}
	return htmlEscaper.Replace(toString(v))
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;", "`", "&#x60;", "=", "&#x3D;")
