package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/novumock/novumock/internal/jsondiff"
)

// diffSide is one of the two targets.
type diffSide struct {
	Label string `json:"label"`
	URL   string `json:"url"`
	key   string
	vars  map[string]string
}

// diffAnswer is one side's answer to a step, as sent and received.
type diffAnswer struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Body   any    `json:"body,omitempty"`
	// Error is set when the request could not be sent or had no answer, or when a variable it
	// needs was not saved from an earlier answer of this side.
	Error string `json:"error,omitempty"`
}

// diffResult is one step's comparison.
type diffResult struct {
	Name        string                `json:"name"`
	Operation   string                `json:"operation"`
	Note        string                `json:"note,omitempty"`
	Verdict     jsondiff.Verdict      `json:"verdict"`
	Differences []jsondiff.Difference `json:"differences,omitempty"`
	A           diffAnswer            `json:"a"`
	B           diffAnswer            `json:"b"`
}

// verdictNotRun marks a step one side could not send; it counts as a difference.
const verdictNotRun jsondiff.Verdict = "not run"

// diffReport is the whole comparison.
type diffReport struct {
	A       diffSide       `json:"a"`
	B       diffSide       `json:"b"`
	Started time.Time      `json:"started"`
	Prefix  string         `json:"prefix"`
	Counts  map[string]int `json:"counts"`
	Steps   []diffResult   `json:"steps"`
}

// diff runs the scenario against two targets and reports per step: 0 when every step is the
// same, 1 when some differ, 2 when it could not run.
func diff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	aURL := fs.String("a", "", "base URL of the first target, e.g. http://127.0.0.1:4010 (required)")
	aKey := fs.String("a-key", "", "Development API key of the first target (required)")
	aLabel := fs.String("a-label", "a", "name of the first target in the reports")
	bURL := fs.String("b", "", "base URL of the second target (required)")
	bKey := fs.String("b-key", "", "Development API key of the second target (required)")
	bLabel := fs.String("b-label", "b", "name of the second target in the reports")
	format := fs.String("format", "text", "text, json or html")
	out := fs.String("out", "", "write the report to this file instead of standard output")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of each request")
	poll := fs.Duration("poll", 20*time.Second, "how long a step waits for a worker's effect (trigger → feed) on each side")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: novumock diff --a URL --a-key KEY --b URL --b-key KEY [flags]

Sends the same scripted scenario (every section's documented operations in dependency order,
the SDK's typical flows, error cases) to two Novu v1 API targets, for example novumock and a
real Novu, masks what legitimately differs (ids, timestamps, keys, order of unordered lists)
and reports per step: same, or differs in status / body shape / values, with both answers.
It creates resources named with a random nvmk-diff- prefix on both targets and deletes them
at the end; their triggers stay in the activity feed. Use Development keys.
Exit status: 0 every step the same, 1 some differ, 2 the diff could not run.

Flags:
`)
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *aURL == "" || *aKey == "" || *bURL == "" || *bKey == "" {
		fmt.Fprintln(stderr, "novumock diff: --a, --a-key, --b and --b-key are required (novumock diff -h lists the flags)")
		return 2
	}
	write, ok := diffWriters[*format]
	if !ok {
		fmt.Fprintf(stderr, "novumock diff: --format %q: want text, json or html\n", *format)
		return 2
	}
	sides := [2]*diffSide{{Label: *aLabel, URL: *aURL, key: *aKey}, {Label: *bLabel, URL: *bURL, key: *bKey}}
	for _, s := range sides {
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fmt.Fprintf(stderr, "novumock diff: %q: want an http or https URL\n", s.URL)
			return 2
		}
		s.URL = strings.TrimSuffix(strings.TrimSuffix(s.URL, "/"), "/v1")
	}
	d := &differ{client: &http.Client{Timeout: *timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		poll: *poll, prefix: "nvmk-diff-" + randomHex(4) + "-"}
	for _, s := range sides {
		if err := d.preflight(ctx, s); err != nil {
			fmt.Fprintln(stderr, "novumock diff:", err)
			return 2
		}
	}
	rep := d.run(ctx, sides, diffScenario())
	var buf bytes.Buffer
	if err := write(&buf, rep); err != nil {
		fmt.Fprintln(stderr, "novumock diff:", err)
		return 2
	}
	if *out != "" {
		if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
			fmt.Fprintln(stderr, "novumock diff:", err)
			return 2
		}
		fmt.Fprint(stdout, summaryLine(rep))
	} else {
		_, _ = stdout.Write(buf.Bytes())
	}
	if ctx.Err() != nil {
		return 130
	}
	if rep.Counts[string(jsondiff.Same)] != len(rep.Steps) {
		return 1
	}
	return 0
}

// writeFileAtomic replaces path through a temporary file in the same directory, so a reader
// never sees half a report and a failed run leaves the previous one.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".novumock-diff-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after a successful rename there is nothing left to remove
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type differ struct {
	client *http.Client
	poll   time.Duration
	prefix string
}

// preflight refuses a target that is not a Novu API taking the key, before anything is written.
func (d *differ) preflight(ctx context.Context, s *diffSide) error {
	a := d.send(ctx, s, http.MethodGet, "/v1/environments/me", "", nil, "")
	if a.Error != "" {
		return fmt.Errorf("%s (%s): %s", s.Label, s.URL, a.Error)
	}
	m, _ := a.Body.(map[string]any)
	env, _ := m["data"].(map[string]any)
	if a.Status != http.StatusOK || env["_id"] == nil {
		return fmt.Errorf("%s (%s): GET /v1/environments/me answered %d, not an environment: is this a Novu API base URL and key?", s.Label, s.URL, a.Status)
	}
	if env["_parentId"] != nil && env["_parentId"] != "" {
		return fmt.Errorf("%s (%s): the key opens a Production environment; the diff writes, so give a Development key", s.Label, s.URL)
	}
	s.vars = map[string]string{"p": d.prefix}
	return nil
}

func (d *differ) run(ctx context.Context, sides [2]*diffSide, steps []diffStep) *diffReport {
	rep := &diffReport{A: *sides[0], B: *sides[1], Started: time.Now().UTC(), Prefix: d.prefix, Counts: map[string]int{}}
	for _, st := range steps {
		r := diffResult{Name: st.name, Operation: st.op, Note: st.note}
		answers := [2]*diffAnswer{}
		stepCtx := ctx
		if ctx.Err() != nil && st.cleanup {
			// Interrupted: what the scenario created is still deleted, each request bounded
			// by the client's timeout.
			stepCtx = context.WithoutCancel(ctx)
		}
		for i, s := range sides {
			if stepCtx.Err() != nil {
				answers[i] = &diffAnswer{Method: st.method, Path: st.path, Error: "not sent: the diff was interrupted"}
				continue
			}
			answers[i] = d.step(stepCtx, s, st)
		}
		r.A, r.B = *answers[0], *answers[1]
		if r.A.Error != "" || r.B.Error != "" {
			r.Verdict = verdictNotRun
		} else {
			m := jsondiff.Masking{Keys: append(append([]string{}, diffMaskKeys...), st.mask...),
				Secrets: []string{sides[0].key, sides[1].key}, Unordered: st.unordered, Drop: diffDrop, Aliases: diffAliases}
			compare := m.Compare
			if st.stateWide {
				compare = m.CompareShapes
			}
			res := compare(jsondiff.Answer{Status: r.A.Status, Body: r.A.Body}, jsondiff.Answer{Status: r.B.Status, Body: r.B.Body})
			r.Verdict, r.Differences = res.Verdict, res.Differences
		}
		rep.Counts[string(r.Verdict)]++
		rep.Steps = append(rep.Steps, r)
	}
	// Keys never reach a report: the bodies keep them only where a target echoes them, and an
	// environment's apiKeys (keys and their hashes) are left out whole.
	for i := range rep.Steps {
		for _, a := range []*diffAnswer{&rep.Steps[i].A, &rep.Steps[i].B} {
			a.Body = jsondiff.Masking{Secrets: []string{sides[0].key, sides[1].key}, Redact: []string{"apiKeys"}}.RedactSecrets(a.Body)
		}
	}
	return rep
}

// step sends one step to one side, polling when the step waits for the worker, and saves the
// variables it names from the answer.
func (d *differ) step(ctx context.Context, s *diffSide, st diffStep) *diffAnswer {
	var missing string
	path, m1 := expand(st.path, s.vars)
	query, m2 := expand(st.query, s.vars)
	body := expandBody(st.body, s.vars, &missing)
	for _, m := range []string{m1, m2} {
		if missing == "" {
			missing = m
		}
	}
	if missing != "" {
		return &diffAnswer{Method: st.method, Path: path, Error: "not sent: {" + missing + "} was not saved from an earlier answer of this side"}
	}
	var a *diffAnswer
	deadline := time.Now().Add(d.poll)
	for wait := 100 * time.Millisecond; ; wait = min(wait*2, time.Second) {
		a = d.send(ctx, s, st.method, path, query, body, st.auth)
		if st.until == nil || a.Error != "" || a.Status >= 300 || st.until(a.Body) || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
	for name, p := range st.save {
		if v, ok := lookup(a.Body, p); ok {
			s.vars[name] = v
		}
	}
	return a
}

func (d *differ) send(ctx context.Context, s *diffSide, method, path, query string, body any, auth string) *diffAnswer {
	a := &diffAnswer{Method: method, Path: path}
	if query != "" {
		a.Path += "?" + query
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			a.Error = err.Error()
			return a
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.URL+a.Path, rd)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	switch auth {
	case "none":
	case "unknown":
		req.Header.Set("Authorization", "ApiKey "+d.prefix+"unknown-key")
	default:
		req.Header.Set("Authorization", "ApiKey "+s.key)
	}
	res, err := d.client.Do(req)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		a.Error = err.Error()
		return a
	}
	a.Status = res.StatusCode
	if len(bytes.TrimSpace(raw)) > 0 {
		if json.Unmarshal(raw, &a.Body) != nil {
			a.Body = string(raw) // not JSON: compared as a string
		}
	}
	return a
}

// lookup reads a dotted path ("data.0._id") as a string.
func lookup(v any, path string) (string, bool) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return "", false
			}
			v = x[i]
		default:
			return "", false
		}
	}
	s, ok := v.(string)
	return s, ok && s != ""
}
