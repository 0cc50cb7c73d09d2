package handlebars

import (
	"math"
	"math/big"
	"slices"
	"strings"
	"unicode/utf16"
)

// The helpers Novu v2.0.0 registers (libs/application-generic/src/usecases/compile-template/
// compile-template.usecase.ts, createHandlebarsInstance), written from that source. The
// TypeScript is compiled for ES6, so `value?.toUpperCase()` fails as `value.toUpperCase is not
// a function` on a value that is neither a string nor null.
//
// i18n is registered there only when the worker has a translations instance, which only
// Novu's enterprise module provides (send-message.base.ts, initiateTranslations); without it,
// as here, {{i18n ...}} is a missing helper.

var novuHelpers = map[string]helperFunc{
	"json":         jsonHelper,
	"equals":       equalsHelper,
	"titlecase":    titlecase,
	"uppercase":    stringMethod("toUpperCase", jsToUpper),
	"lowercase":    stringMethod("toLowerCase", jsToLower),
	"pluralize":    pluralize,
	"dateFormat":   dateFormatHelper,
	"groupBy":      groupBy,
	"unique":       unique,
	"sortBy":       sortBy,
	"numberFormat": numberFormat,
	"gt":           compare(jsGT),
	"gte":          compare(jsGE),
	"lt":           compare(jsLT),
	"lte":          compare(jsLE),
	"eq":           compare(strictEquals),
	"ne":           compare(func(a, b any) bool { return !strictEquals(a, b) }),
}

func jsonHelper(c *call) (any, error) {
	s, ok := jsonStringify(c.arg(0))
	if !ok {
		return undefined, nil
	}
	return s, nil
}

// equalsHelper is Novu's `equals`: loose equality (==), the block or its inverse in the same
// context.
func equalsHelper(c *call) (any, error) {
	eq := looseEquals(c.arg(0), c.arg(1))
	prop := map[bool]string{true: "fn", false: "inverse"}[eq]
	if real, err := c.options(2, prop); err != nil {
		return nil, err
	} else if !real {
		return nil, errNotFunction("options." + prop)
	}
	if eq {
		return c.fn(c.this, nil, nil)
	}
	return c.inverse(c.this)
}

// compare is Novu's assertResult: a block runs its main or inverse program with the module
// object as context (an arrow function's `this`), a mustache renders the boolean.
func compare(op func(a, b any) bool) helperFunc {
	return func(c *call) (any, error) {
		cond := op(c.arg(0), c.arg(1))
		real, err := c.options(2, map[bool]string{true: "fn", false: "inverse"}[cond])
		if err != nil {
			return nil, err
		}
		if !real || c.block == nil { // options.fn is not a function: the boolean is the result
			return cond, nil
		}
		if cond {
			return c.fn(moduleObject, nil, nil)
		}
		return c.inverse(moduleObject)
	}
}

func stringMethod(method string, f func(string) string) helperFunc {
	return func(c *call) (any, error) {
		switch v := c.arg(0).(type) {
		case nil, undefinedType:
			return undefined, nil
		case string:
			return f(v), nil
		}
		return nil, errNotFunction("value." + method)
	}
}

// titlecase upper-cases the first character and lower-cases the rest of each space-separated
// word.
func titlecase(c *call) (any, error) {
	switch v := c.arg(0).(type) {
	case nil, undefinedType:
		return undefined, nil
	case string:
		words := strings.Split(v, " ")
		for i, w := range words {
			units := utf16.Encode([]rune(w))
			if len(units) == 0 {
				continue
			}
			first := string(utf16.Decode(units[:1]))
			words[i] = jsToUpper(first) + jsToLower(string(utf16.Decode(units[1:])))
		}
		return strings.Join(words, " "), nil
	}
	return nil, errNotFunction("value.split")
}

// jsToUpper and jsToLower are String.prototype.toUpperCase/toLowerCase: full Unicode case
// mapping (ß becomes SS), which strings.ToUpper's simple mapping does not do.
func jsToUpper(s string) string {
	if !strings.ContainsAny(s, "ßŉǰΐΰևﬀﬁﬂﬃﬄﬅﬆ") {
		return strings.ToUpper(s)
	}
	var b strings.Builder
	for _, r := range s {
		if special, ok := upperSpecial[r]; ok {
			b.WriteString(special)
		} else {
			b.WriteString(strings.ToUpper(string(r)))
		}
	}
	return b.String()
}

var upperSpecial = map[rune]string{'ß': "SS", 'ŉ': "ʼN", 'ǰ': "J̌", 'ΐ': "Ϊ́", 'ΰ': "Ϋ́", 'և': "ԵՒ",
	'ﬀ': "FF", 'ﬁ': "FI", 'ﬂ': "FL", 'ﬃ': "FFI", 'ﬄ': "FFL", 'ﬅ': "ST", 'ﬆ': "ST"}

func jsToLower(s string) string {
	if !strings.ContainsRune(s, 'İ') && !strings.ContainsRune(s, 'Σ') {
		return strings.ToLower(s)
	}
	// İ lower-cases to i + combining dot; a final sigma stays as Go's σ (JavaScript writes ς at
	// a word's end; rare enough in notification text to leave).
	return strings.ToLower(strings.ReplaceAll(s, "İ", "i\u0307"))
}

// pluralize is `number === 1 ? single : plural` (strict: "1" is plural).
func pluralize(c *call) (any, error) {
	if strictEquals(c.arg(0), 1.0) {
		return c.arg(1), nil
	}
	return c.arg(2), nil
}

// groupBy groups an array's items by a truthy property, in first-seen key order.
func groupBy(c *call) (any, error) {
	arr, ok := c.arg(0).([]any)
	if !ok {
		return []any{}, nil
	}
	prop := propertyKey(c.arg(1))
	groups := map[string]any{}
	var order []string
	for _, item := range arr {
		v := getProperty(item, prop)
		if isNullish(item) {
			return nil, errCannotRead(item, prop)
		}
		if !truthy(v) {
			continue
		}
		key := propertyKey(v)
		if g, ok := groups[key]; ok {
			groups[key] = append(g.([]any), item)
		} else {
			groups[key] = []any{item}
			order = append(order, key)
		}
	}
	// Object.entries lists integer-like keys first, ascending, then the others as inserted.
	var ints, strs []string
	for _, k := range order {
		if isArrayIndex(k) {
			ints = append(ints, k)
		} else {
			strs = append(strs, k)
		}
	}
	keys := append(objectKeys(onlyKeys(ints)), strs...)
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		out = append(out, newObject("key", k, "items", groups[k]))
	}
	return out, nil
}

func onlyKeys(keys []string) map[string]any {
	m := make(map[string]any, len(keys))
	for _, k := range keys {
		m[k] = nil
	}
	return m
}

func errCannotRead(v any, prop string) error {
	return &jsError{"Cannot read properties of " + toString(v) + " (reading '" + prop + "')"}
}

type jsError struct{ msg string }

func (e *jsError) Error() string { return e.msg }

// unique maps items to their truthy property (undefined otherwise) and keeps first
// occurrences (indexOf: strict equality, so NaN never matches itself).
func unique(c *call) (any, error) {
	arr, ok := c.arg(0).([]any)
	if !ok {
		return "", nil
	}
	prop := propertyKey(c.arg(1))
	mapped := make([]any, len(arr))
	for i, item := range arr {
		if isNullish(item) {
			return nil, errCannotRead(item, prop)
		}
		mapped[i] = undefined
		if v := getProperty(item, prop); truthy(v) {
			mapped[i] = v
		}
	}
	var out []any
	for i, v := range mapped {
		if slices.IndexFunc(mapped, func(w any) bool { return strictEquals(v, w) }) == i {
			out = append(out, v)
		}
	}
	if out == nil {
		out = []any{}
	}
	return out, nil
}

// sortBy sorts the array in place (Array.prototype.sort is stable and mutates the caller's
// data, which later reads in the same render see), by a property with < and >, or without a
// property by the items' strings (undefined last).
func sortBy(c *call) (any, error) {
	arr, ok := c.arg(0).([]any)
	if !ok {
		return "", nil
	}
	prop := c.arg(1)
	// Array.prototype.sort moves undefined items to the end without comparing them.
	var defined, undefs []any
	for _, item := range arr {
		if item == undefined {
			undefs = append(undefs, item)
		} else {
			defined = append(defined, item)
		}
	}
	var cmp func(a, b any) int
	if !truthy(prop) {
		cmp = func(a, b any) int { return compareUTF16(toString(a), toString(b)) }
	} else {
		key := propertyKey(prop)
		if len(defined) > 1 {
			for _, item := range defined {
				if item == nil {
					return nil, errCannotRead(item, key)
				}
			}
		}
		cmp = func(a, b any) int {
			x, y := getProperty(a, key), getProperty(b, key)
			switch {
			case jsLT(x, y):
				return -1
			case jsGT(x, y):
				return 1
			}
			return 0
		}
	}
	slices.SortStableFunc(defined, cmp)
	copy(arr, append(defined, undefs...))
	return arr, nil
}

// numberFormat is Novu's numberFormat (after a gist by DennyLoko): fixed decimals, a decimal
// separator and thousands separators, each a hash option with a default.
func numberFormat(c *call) (any, error) {
	number := c.arg(0)
	if f, ok := number.(float64); ok && math.IsNaN(f) {
		return number, nil
	}
	if real, err := c.options(1, "hash"); err != nil {
		return nil, err
	} else if !real { // options.hash is undefined
		return nil, errCannotRead(undefined, "decimalLength")
	}
	decimalLength := orDefault(c.hash["decimalLength"], 2.0)
	thousandsSep := toString(orDefault(c.hash["thousandsSep"], ","))
	decimalSep := orDefault(c.hash["decimalSep"], ".")
	value := parseFloat(number)
	num := toFixed(value, max(0, toInt32(decimalLength)))
	if truthy(decimalSep) {
		num = strings.Replace(num, ".", toString(decimalSep), 1)
	}
	return insertThousands(num, !jsGT(decimalLength, 0.0), thousandsSep), nil
}

func orDefault(v, def any) any {
	if truthy(v) {
		return v
	}
	return def
}

// insertThousands does `num.replace(/\d(?=(\d{3})+\D)/g, "$&" + sep)` (or `$` at the end):
// every digit followed by a multiple of three digits and then a non-digit (or the end) gets the
// separator after it. Go's regexp has no lookahead, so the positions are found by scanning.
func insertThousands(num string, atEnd bool, sep string) string {
	var b strings.Builder
	for i := 0; i < len(num); i++ {
		b.WriteByte(num[i])
		if !isDigit(num[i]) {
			continue
		}
		j := i + 1
		for j < len(num) && isDigit(num[j]) {
			j++
		}
		run := j - (i + 1)
		ok := run > 0 && run%3 == 0
		if atEnd {
			ok = ok && j == len(num)
		} else {
			ok = ok && j < len(num)
		}
		if ok {
			b.WriteString(strings.ReplaceAll(sep, "$$", "$"))
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// toInt32 is JavaScript's ~~x.
func toInt32(v any) int {
	f := toNumber(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return int(int32(uint32(int64(math.Trunc(f)) & 0xffffffff)))
}

// toFixed is Number.prototype.toFixed(digits) for digits 0..100 (a RangeError beyond, which
// Novu would report; here it is clamped).
func toFixed(f float64, digits int) string {
	digits = min(digits, 100)
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.Abs(f) >= 1e21:
		return numberToString(f)
	}
	return formatFixed(f, digits)
}

// formatFixed writes f with digits decimals, rounding the exact binary value half away from
// zero as toFixed does (strconv rounds an exact tie to even: 2.5 would give "2", not "3").
func formatFixed(f float64, digits int) string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	exact := new(big.Float).SetFloat64(f).Text('f', 1100) // every float64 ends within 1074 decimals
	intPart, frac, _ := strings.Cut(exact, ".")
	frac += strings.Repeat("0", digits+1)
	keep := []byte(intPart + frac[:digits])
	if frac[digits] >= '5' {
		i := len(keep) - 1
		for ; i >= 0 && keep[i] == '9'; i-- {
			keep[i] = '0'
		}
		if i < 0 {
			keep = append([]byte{'1'}, keep...)
		} else {
			keep[i]++
		}
	}
	n := len(keep) - digits
	out := string(keep[:n])
	if digits > 0 {
		out += "." + string(keep[n:])
	}
	return sign + out
}
