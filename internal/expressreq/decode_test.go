package expressreq

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

// DecodeJSON gives the values kin-openapi's own JSON body decoder gives (encoding/json's
// Decoder with UseNumber), for every body the pipeline lets through.
func TestDecodeJSON(t *testing.T) {
	for _, body := range decodeJSONSeeds {
		want, wantErr := stdDecodeJSON([]byte(body))
		got, err := DecodeJSON([]byte(body))
		assert.Equal(t, wantErr == nil, err == nil, "%q: error %v, kin's %v", body, err, wantErr)
		assert.True(t, reflect.DeepEqual(want, got), "%q: %#v, kin's %#v", body, got, want)
	}
}

var decodeJSONSeeds = []string{
	`{"name":"bench-order","to":"sub-1","payload":{"orderId":"A-1"}}`,
	`{"a":1,"a":2}`, `{"a":{"b":1},"a":{"c":2}}`, `{"A":1,"a":2}`, // duplicates: the last wins
	`{"a":1e400}`, `{"a":-0}`, `{"a":1.50}`, `{"a":-1.5E-7}`, `{"a":12345678901234567890123}`, // numbers as written
	`[1,"x",null,true,false,{},[]]`, `  {"a" : [ 1 , 2 ] }  `, "{\"a\":\t\"b\"}\n",
	`{"\u00e9":"\u0000"}`, `{"a":"\ud800"}`, `{"a":"\ud800\u0041"}`, `{"a":"\udc00\ud800"}`, `{"a":"\ud83d\ude00"}`,
	"{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xff\"}", "{\"a\":\"caf\xc3\xa9\"}", `{"a":"\"\\\/\b\f\n\r\t"}`,
	`{"a":"<>&\u2028"}`, `{"a":{"b":{"c":{"d":[[[{}]]]}}}}`, `{}`, `[]`, `""`, `null`, `1`,
	`{"a":1} {"b":2}`, `{"a":1}x`, `{"a":}`, `{"a":1,}`, `{`, ``, `{"a":01}`, `{"a":NaN}`, `{'a':1}`,
}

func stdDecodeJSON(data []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
}

// A body that is valid JSON decodes as kin's decoder decodes it.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range decodeJSONSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !json.Valid(body) {
			return // ParseBody refuses it first
		}
		want, wantErr := stdDecodeJSON(body)
		got, err := DecodeJSON(body)
		if wantErr != nil || err != nil || !reflect.DeepEqual(want, got) {
			t.Fatalf("%q: %#v (%v), kin's %#v (%v)", body, got, err, want, wantErr)
		}
	})
}
