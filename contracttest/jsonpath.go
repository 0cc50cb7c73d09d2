package contracttest

import "fmt"

// get walks decoded JSON by object keys (string) and array indexes (int); it returns nil for
// anything that is not there, so flows can read answers without panicking on bad bodies.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k < 0 || k >= len(a) {
				return nil
			}
			v = a[k]
		default:
			return nil
		}
	}
	return v
}

func str(v any, path ...any) string {
	s, _ := get(v, path...).(string)
	return s
}

func num(v any, path ...any) (float64, bool) {
	n, ok := get(v, path...).(float64)
	return n, ok
}

func list(v any, path ...any) []any {
	a, _ := get(v, path...).([]any)
	return a
}

func show(v any) string {
	if v == nil {
		return "nothing"
	}
	return fmt.Sprintf("%v", v)
}

// findBy returns the first object in items whose field equals want.
func findBy(items []any, field, want string) map[string]any {
	for _, it := range items {
		if m, ok := it.(map[string]any); ok && m[field] == want {
			return m
		}
	}
	return nil
}
