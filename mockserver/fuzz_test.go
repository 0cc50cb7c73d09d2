package mockserver_test

// Fuzz tests over every operation of the spec: request bodies, query strings and headers.
// Whatever arrives, the fake answers below 500 in Novu's error shape, never panics, and its
// state stays consistent (checkInvariants). In a normal `go test` run the committed seeds under
// testdata/fuzz/ run as regular tests; `make fuzz` fuzzes each target for a bounded time.
//
// A seed names its operation as "METHOD /spec/{path}"; a mutated name that matches no
// operation picks one by hash, so mutations still reach every operation. Path parameters come
// from one string split on "|".

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/mockserver"
)

type fuzzOp struct {
	method, path string // path as in the spec: /v1/topics/{topicKey}
	params       []string
	query        string // a plausible query string from the parameters' examples
	body         string // the request body's example, or {}
	pathArgs     string // the path parameters' examples joined with "|"
}

func (o fuzzOp) sel() string { return o.method + " " + o.path }

var (
	fuzzOpsOnce sync.Once
	fuzzOpsList []fuzzOp
	fuzzOpsErr  error
	pathParamRe = regexp.MustCompile(`\{([^}]+)\}`)
)

// specOps lists every operation of openapi.yaml with example inputs, in a stable order.
func specOps(t testing.TB) []fuzzOp {
	t.Helper()
	fuzzOpsOnce.Do(func() {
		doc, err := gen.GetSpec()
		if err != nil {
			fuzzOpsErr = err
			return
		}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				o := fuzzOp{method: method, path: path, body: "{}"}
				args := map[string]string{}
				q := url.Values{}
				params := append(slices.Clone(item.Parameters), op.Parameters...)
				for _, pr := range params {
					p := pr.Value
					if p == nil {
						continue
					}
					ex := p.Example
					if ex == nil && p.Schema != nil && p.Schema.Value != nil {
						ex = p.Schema.Value.Example
						if ex == nil {
							ex = p.Schema.Value.Default
						}
					}
					switch p.In {
					case "path":
						args[p.Name] = fmt.Sprint(exampleOr(ex, "x"))
					case "query":
						if ex != nil {
							q.Set(p.Name, fmt.Sprint(ex))
						}
					}
				}
				for _, m := range pathParamRe.FindAllStringSubmatch(path, -1) {
					o.params = append(o.params, m[1])
				}
				var parts []string
				for _, name := range o.params {
					parts = append(parts, exampleOr(args[name], "x"))
				}
				o.pathArgs = strings.Join(parts, "|")
				o.query = q.Encode()
				if rb := op.RequestBody; rb != nil && rb.Value != nil {
					if mt := rb.Value.Content.Get("application/json"); mt != nil {
						ex := mt.Example
						if ex == nil && mt.Schema != nil && mt.Schema.Value != nil {
							ex = mt.Schema.Value.Example
						}
						if ex != nil {
							if raw, err := json.Marshal(ex); err == nil {
								o.body = string(raw)
							}
						}
					}
				}
				fuzzOpsList = append(fuzzOpsList, o)
			}
		}
		slices.SortFunc(fuzzOpsList, func(a, b fuzzOp) int { return strings.Compare(a.sel(), b.sel()) })
	})
	if fuzzOpsErr != nil {
		t.Fatal(fuzzOpsErr)
	}
	return fuzzOpsList
}

func exampleOr[T comparable](v T, fallback T) T {
	var zero T
	if v == zero {
		return fallback
	}
	return v
}

// pickOp resolves a selector to an operation (by hash when it names none).
func pickOp(ops []fuzzOp, sel string) fuzzOp {
	for _, o := range ops {
		if o.sel() == sel {
			return o
		}
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(sel))
	return ops[int(h.Sum32()%uint32(len(ops)))]
}

// fuzzTarget builds the request path of op with the "|"-separated path arguments.
func fuzzTarget(op fuzzOp, pathArgs, query string) string {
	parts := strings.Split(pathArgs, "|")
	i := 0
	p := pathParamRe.ReplaceAllStringFunc(op.path, func(string) string {
		v := parts[min(i, len(parts)-1)]
		i++
		return url.PathEscape(v)
	})
	if query != "" {
		p += "?" + query
	}
	return p
}

var (
	fuzzHarnessOnce sync.Once
	fuzzHarness     *rbHarness
	fuzzCalls       int
	fuzzMu          sync.Mutex
)

// sharedHarness is one fake for all iterations of a fuzz process, so that state built by one
// input is what the next one meets (deletes after creates, primaries after deletes).
func sharedHarness(t testing.TB) *rbHarness {
	// Rate limiting is off: a fuzzer outruns even the unlimited level's buckets.
	fuzzHarnessOnce.Do(func() { fuzzHarness = newRBHarness(t, func(o *mockserver.Options) { o.RateLimit = "off" }) })
	return fuzzHarness
}

// fuzzCheck sends one request and checks the answer; every 25th call also checks invariants.
func fuzzCheck(t *testing.T, op fuzzOp, target, auth string, body []byte, header http.Header) {
	t.Helper()
	if _, err := url.Parse("http://127.0.0.1" + target); err != nil || !validRequestTarget(target) {
		return // no HTTP client can send this request line
	}
	for k, vs := range header {
		if !validHeaderName(k) {
			return
		}
		for _, v := range vs {
			if !validHeaderValue(v) {
				return
			}
		}
	}
	x := sharedHarness(t)
	fuzzMu.Lock()
	defer fuzzMu.Unlock()
	res := x.do(op.method, target, auth, body, header)
	if res.Status >= 500 {
		t.Fatalf("%s %s: %d %s", op.method, target, res.Status, res.Raw)
	}
	if res.Status >= 400 {
		// Novu's error shape: statusCode and message (a string or a list of strings).
		e := res.json(t)
		if int(e["statusCode"].(float64)) != res.Status {
			t.Fatalf("%s %s: error body says %v, status is %d", op.method, target, e["statusCode"], res.Status)
		}
		switch m := e["message"].(type) {
		case string:
		case []any:
			for _, s := range m {
				if _, ok := s.(string); !ok {
					t.Fatalf("%s %s: message list holds %T", op.method, target, s)
				}
			}
		default:
			t.Fatalf("%s %s: message is %T: %s", op.method, target, m, res.Raw)
		}
	}
	fuzzCalls++
	if fuzzCalls%25 == 1 {
		x.checkInvariants(t)
	}
}

func FuzzRequestBody(f *testing.F) {
	for _, op := range specOps(f) {
		f.Add(op.sel(), op.pathArgs, []byte(op.body))
	}
	f.Fuzz(func(t *testing.T, sel, pathArgs string, body []byte) {
		x := sharedHarness(t)
		op := pickOp(specOps(t), sel)
		fuzzCheck(t, op, fuzzTarget(op, pathArgs, ""), "ApiKey "+x.srv.DevAPIKey(), body, nil)
	})
}

func FuzzQueryString(f *testing.F) {
	for _, op := range specOps(f) {
		f.Add(op.sel(), op.pathArgs, op.query)
	}
	f.Fuzz(func(t *testing.T, sel, pathArgs, query string) {
		x := sharedHarness(t)
		op := pickOp(specOps(t), sel)
		var body []byte
		if op.method != http.MethodGet && op.method != http.MethodDelete {
			body = []byte(op.body)
		}
		fuzzCheck(t, op, fuzzTarget(op, pathArgs, query), "ApiKey "+x.srv.DevAPIKey(), body, nil)
	})
}

// FuzzHeaders varies Authorization (scheme and key), Content-Type, Idempotency-Key and one
// arbitrary header; keyIndex picks the Development key, the Production key or the raw auth.
func FuzzHeaders(f *testing.F) {
	for i, op := range specOps(f) {
		f.Add(op.sel(), op.pathArgs, uint8(i%3), "ApiKey ", "application/json", "", "X-Request-Id", "r-1", []byte(op.body))
	}
	f.Fuzz(func(t *testing.T, sel, pathArgs string, keyIndex uint8, auth, contentType, idemKey, name, value string, body []byte) {
		x := sharedHarness(t)
		op := pickOp(specOps(t), sel)
		switch keyIndex % 3 {
		case 0:
			auth += x.srv.DevAPIKey()
		case 1:
			auth += x.srv.ProdAPIKey()
		}
		h := http.Header{}
		if contentType != "" {
			h.Set("Content-Type", contentType)
		}
		if idemKey != "" {
			h.Set("Idempotency-Key", idemKey)
		}
		if name != "" && !strings.EqualFold(name, "Host") && !strings.EqualFold(name, "Content-Length") &&
			!strings.EqualFold(name, "Transfer-Encoding") {
			h.Add(name, value)
		}
		if auth == "" {
			auth = " " // Authorization header present but blank
		}
		fuzzCheck(t, op, fuzzTarget(op, pathArgs, ""), auth, body, h)
	})
}

// TestWriteFuzzSeeds regenerates testdata/fuzz from the spec when NOVUMOCK_WRITE_FUZZ_SEEDS=1
// (after the spec gains operations); the files are committed.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("NOVUMOCK_WRITE_FUZZ_SEEDS") != "1" {
		t.Skip("set NOVUMOCK_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz")
	}
	write := func(target, name string, values ...any) {
		var b strings.Builder
		b.WriteString("go test fuzz v1\n")
		for _, v := range values {
			switch v := v.(type) {
			case string:
				fmt.Fprintf(&b, "string(%q)\n", v)
			case []byte:
				fmt.Fprintf(&b, "[]byte(%q)\n", v)
			case uint8:
				fmt.Fprintf(&b, "byte(%q)\n", rune(v))
			}
		}
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, op := range specOps(t) {
		name := strings.Trim(regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(op.sel(), "_"), "_")
		write("FuzzRequestBody", name, op.sel(), op.pathArgs, []byte(op.body))
		write("FuzzRequestBody", name+"_broken", op.sel(), op.pathArgs, []byte(`{"a":[1,{"b":null}],`))
		write("FuzzQueryString", name, op.sel(), op.pathArgs, op.query)
		write("FuzzQueryString", name+"_odd", op.sel(), op.pathArgs+"|%zz", "page=-1&limit=1e309&limit=abc&pageSize=0&key=%00")
		write("FuzzHeaders", name, op.sel(), op.pathArgs, uint8(i%3), "ApiKey ", "application/json", "", "X-Request-Id", "r-1", []byte(op.body))
		write("FuzzHeaders", name+"_odd", op.sel(), op.pathArgs, uint8((i+1)%3), "Bearer ", "text/plain; charset=utf-8",
			strings.Repeat("k", 300), "Accept", "*/*", []byte(op.body))
	}
}

// validHeaderName and validHeaderValue keep to what a client can put on the wire (RFC 9110
// tokens; no control characters but tab in values).
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, rune(c)) {
			return false
		}
	}
	return true
}

func validHeaderValue(s string) bool {
	for _, c := range []byte(s) {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// validRequestTarget refuses what cannot stand in an HTTP/1.1 request line.
func validRequestTarget(s string) bool {
	for _, c := range []byte(s) {
		if c <= ' ' || c == 0x7f || c == '#' {
			return false
		}
	}
	return true
}
