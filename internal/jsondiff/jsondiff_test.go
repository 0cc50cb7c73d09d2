package jsondiff

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	if s == "" {
		return nil
	}
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v), s)
	return v
}

func TestMask(t *testing.T) {
	m := Masking{Keys: []string{"_id", "createdAt"}, Secrets: []string{"sk_live_123"}, Unordered: []string{"data", "data[].tags"}}
	for _, tc := range []struct{ name, in, want string }{
		{"named members", `{"_id":"x","createdAt":"y","name":"n"}`, `{"_id":"<_id>","createdAt":"<createdAt>","name":"n"}`},
		{"a null named member stays null", `{"_id":null}`, `{"_id":null}`},
		{"ids, uuids, instants inside strings", `{"path":"/v1/layouts/6b165a03d591ee81f5f2d2a2","tx":"d96c0fd3-beb9-468b-8f4d-c4019169011f","at":"2026-12-07T12:14:42.926Z"}`,
			`{"at":"<time>","path":"/v1/layouts/<id>","tx":"<uuid>"}`},
		{"encrypted credentials", `{"apiKey":"nvsk.2ebbebfd75ee482f:00ac96efbc6e0478"}`, `{"apiKey":"<encrypted>"}`},
		{"secrets", `{"key":"ApiKey sk_live_123"}`, `{"key":"ApiKey <secret>"}`},
		{"unordered lists sorted, nested too", `{"data":[{"n":2,"tags":["b","a"]},{"n":1,"tags":[]}]}`, `{"data":[{"n":1,"tags":[]},{"n":2,"tags":["a","b"]}]}`},
		{"ordered lists kept", `{"other":[3,1,2]}`, `{"other":[3,1,2]}`},
		{"scalars", `42`, `42`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.JSONEq(t, tc.want, canonical(m.Mask(decode(t, tc.in))))
		})
	}
}

func TestCompare(t *testing.T) {
	m := Masking{Keys: []string{"_id"}, Unordered: []string{"data"}}
	for _, tc := range []struct {
		name    string
		sa, sb  int
		a, b    string
		verdict Verdict
		diffs   []string
	}{
		{"same after masking", 201, 201, `{"data":{"_id":"a","n":"x"}}`, `{"data":{"_id":"b","n":"x"}}`, Same, nil},
		{"both without a body", 204, 204, "", "", Same, nil},
		{"unordered list in another order", 200, 200, `{"data":[1,2]}`, `{"data":[2,1]}`, Same, nil},
		{"status", 404, 400, `{"message":"x"}`, `{"message":"y"}`, DiffersStatus, []string{"message: value \"x\" vs \"y\""}},
		{"member only on one side", 200, 200, `{"data":{"a":1}}`, `{"data":{"a":1,"b":2}}`, DiffersShape, []string{"data.b: only in b"}},
		{"type", 200, 200, `{"data":{"a":1}}`, `{"data":{"a":"1"}}`, DiffersShape, []string{`data.a: type number vs string`}},
		{"body vs none", 200, 200, `{"data":1}`, ``, DiffersShape, []string{`(body): type object vs null`}},
		{"shape outranks values", 200, 200, `{"x":1,"y":1}`, `{"x":2}`, DiffersShape, []string{"y: only in a"}},
		{"values", 200, 200, `{"data":{"name":"Ada","n":[1,2]}}`, `{"data":{"name":"Grace","n":[1]}}`, DiffersValues,
			[]string{`data.n: length 2 vs 1`, `data.name: value "Ada" vs "Grace"`}},
		{"array elements by index", 200, 200, `{"o":[{"a":1}]}`, `{"o":[{"a":2}]}`, DiffersValues, []string{`o[0].a: value 1 vs 2`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := m.Compare(Answer{tc.sa, decode(t, tc.a)}, Answer{tc.sb, decode(t, tc.b)})
			assert.Equal(t, tc.verdict, r.Verdict)
			var got []string
			for _, d := range r.Differences {
				got = append(got, d.String())
			}
			assert.ElementsMatch(t, tc.diffs, got)
		})
	}
}

func TestCompare_Bounded(t *testing.T) {
	a, b := map[string]any{}, map[string]any{}
	for i := 0; i < 100; i++ {
		a[string(rune('a'+i%26))+string(rune('a'+i/26))] = i
	}
	r := Masking{}.Compare(Answer{200, a}, Answer{200, b})
	assert.Equal(t, DiffersShape, r.Verdict)
	assert.Len(t, r.Differences, maxDifferences)
}

func TestRedactSecrets(t *testing.T) {
	m := Masking{Secrets: []string{"k1"}, Keys: []string{"_id"}, Redact: []string{"apiKeys"}}
	got := m.RedactSecrets(decode(t, `{"_id":"6b165a03d591ee81f5f2d2a2","a":["ApiKey k1"],"n":1,"d":{"apiKeys":[{"hash":"h"}]}}`))
	assert.JSONEq(t, `{"_id":"6b165a03d591ee81f5f2d2a2","a":["ApiKey <secret>"],"n":1,"d":{"apiKeys":"<redacted>"}}`, canonical(got),
		"only the secrets and the redacted members")
}

func TestDropAndAliases(t *testing.T) {
	m := Masking{Drop: []string{"__v"}, Aliases: map[string]string{"id": "_id"}}
	for _, tc := range []struct{ name, in, want string }{
		{"version key and the id virtual", `{"__v":0,"_id":"x","id":"x","n":[{"__v":1}]}`, `{"_id":"x","n":[{}]}`},
		{"an id that is not an alias stays", `{"_id":"x","id":"y"}`, `{"_id":"x","id":"y"}`},
		{"an id without _id stays", `{"id":"y"}`, `{"id":"y"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.JSONEq(t, tc.want, canonical(m.Mask(decode(t, tc.in))))
		})
	}
}

func TestCompareShapes(t *testing.T) {
	m := Masking{}
	assert.Equal(t, Same, m.CompareShapes(Answer{200, decode(t, `{"data":[{"a":1}]}`)}, Answer{200, decode(t, `{"data":[{"a":2},{"a":3}]}`)}).Verdict)
	assert.Equal(t, DiffersShape, m.CompareShapes(Answer{200, decode(t, `{"data":[{"a":1}]}`)}, Answer{200, decode(t, `{"data":[{"b":2}]}`)}).Verdict)
	assert.Equal(t, DiffersStatus, m.CompareShapes(Answer{200, nil}, Answer{201, nil}).Verdict)
	// Elements are compared by the union of their member names, not index by index.
	r := m.CompareShapes(Answer{200, decode(t, `{"data":[{"a":1,"c":{"x":1}},{"b":1}]}`)},
		Answer{200, decode(t, `{"data":[{"b":2,"c":{"y":[1]}},{"a":3},{"a":4,"d":1}]}`)})
	assert.Equal(t, DiffersShape, r.Verdict)
	require.Len(t, r.Differences, 1)
	assert.Equal(t, "data[0].d: only in b", r.Differences[0].String())
	assert.Equal(t, Same, m.CompareShapes(Answer{200, decode(t, `{"data":[]}`)}, Answer{200, decode(t, `{"data":[{"a":1}]}`)}).Verdict,
		"an empty list says nothing about the members")
}
