// Command realreport turns a `novumock contract --json` report of a run against a real Novu
// into the README's "Against a real Novu" block and writes it between the README's markers.
// scripts/real-novu-report.sh runs the suite against the local real Novu and then this.
//
//	realreport -json report.json -readme README.md -label "Novu v2.0.0 self-hosted"
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/novumock/novumock/contracttest"
)

const (
	beginMarker = "<!-- real-novu-report:begin (scripts/real-novu-report.sh writes this block) -->"
	endMarker   = "<!-- real-novu-report:end -->"
)

func main() {
	jsonPath := flag.String("json", "", "the contract suite's --json report")
	readme := flag.String("readme", "README.md", "the file whose marked block is replaced")
	label := flag.String("label", "", `what was checked, e.g. "Novu v2.0.0 self-hosted"`)
	flag.Parse()
	if err := run(*jsonPath, *readme, *label); err != nil {
		fmt.Fprintln(os.Stderr, "realreport:", err)
		os.Exit(1)
	}
}

func run(jsonPath, readme, label string) error {
	raw, err := os.ReadFile(jsonPath)
	if err != nil {
		return err
	}
	var rep contracttest.Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		return fmt.Errorf("%s: %w", jsonPath, err)
	}
	doc, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	var block bytes.Buffer
	writeBlock(&block, &rep, label)
	out, err := replaceBlock(doc, block.Bytes())
	if err != nil {
		return fmt.Errorf("%s: %w", readme, err)
	}
	return writeAtomic(readme, out)
}

// replaceBlock puts block between the markers, which must each appear once, in order.
func replaceBlock(doc, block []byte) ([]byte, error) {
	b, e := bytes.Index(doc, []byte(beginMarker)), bytes.Index(doc, []byte(endMarker))
	if b < 0 || e < b || bytes.Count(doc, []byte(beginMarker)) != 1 || bytes.Count(doc, []byte(endMarker)) != 1 {
		return nil, errors.New("want exactly one " + beginMarker + " followed by one " + endMarker)
	}
	var out bytes.Buffer
	out.Write(doc[:b+len(beginMarker)])
	out.WriteByte('\n')
	out.Write(block)
	out.Write(doc[e:])
	return out.Bytes(), nil
}

// A 500's errorId, timestamp and the run prefix change from run to run; the block must not.
var (
	volatile = regexp.MustCompile(`nvmk-[0-9a-f]{8}-|"(errorId|timestamp)":"[^"]*"`)
	idLike   = regexp.MustCompile(`\b[0-9a-f]{24}\b`)
)

func stable(s string) string {
	s = volatile.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "nvmk-") {
			return "nvmk-…-"
		}
		return m[:strings.Index(m, ":")+1] + `"…"`
	})
	return idLike.ReplaceAllString(s, "<id>")
}

func writeBlock(w io.Writer, rep *contracttest.Report, label string) {
	passed, failed, skipped := rep.Counts()
	version := rep.Profile.APIVersion
	if version == "" {
		version = "not reported"
	}
	fmt.Fprintf(w, "Against %s (apiVersion %s, %s mode, both keys), the last run of the suite as it is now:\n", label, version, rep.Mode)
	fmt.Fprintf(w, "**%d of %d checks pass**, %d are skipped for the target's configuration, and **these %d report real defects of the target**:\n\n",
		passed, len(rep.Checks), skipped, failed)
	for _, c := range rep.Checks {
		if c.Status != contracttest.Failed {
			continue
		}
		fmt.Fprintf(w, "- `%s` (%d): %s\n", c.Name, len(c.Failures), summarize(c.Failures))
	}
	fmt.Fprintln(w)
	// Skips grouped by reason: one line per feature the target runs without.
	byReason := map[string][]string{}
	var reasons []string
	for _, c := range rep.Checks {
		if c.Status != contracttest.Skipped {
			continue
		}
		if _, seen := byReason[c.SkipReason]; !seen {
			reasons = append(reasons, c.SkipReason)
		}
		byReason[c.SkipReason] = append(byReason[c.SkipReason], "`"+c.Name+"`")
	}
	for _, r := range reasons {
		fmt.Fprintf(w, "- skipped, %s: %s\n", r, strings.Join(byReason[r], ", "))
	}
	if len(reasons) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Coverage: %d/%d operations reached. Reproduce with `scripts/real-novu-report.sh`\n",
		rep.Coverage.OperationsReached, rep.Coverage.Operations)
	fmt.Fprintln(w, "(it runs the suite against the local real Novu of `../shared/realnovu` and rewrites this block).")
}

// summarize groups a check's failures by operation and shows one actual answer per group.
func summarize(fs []contracttest.Failure) string {
	byOp := map[string][]contracttest.Failure{}
	for _, f := range fs {
		if f.Operation == "" {
			continue
		}
		byOp[f.Operation] = append(byOp[f.Operation], f)
	}
	ops := make([]string, 0, len(byOp))
	for op := range byOp {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	statuses := map[string][]string{}
	var order []string
	for _, op := range ops {
		a := byOp[op][0].Actual
		key := a
		if i := strings.IndexByte(a, ' '); i > 0 {
			key = a[:i]
		}
		if len(key) != 3 {
			key = stable(truncate(a, 80))
		}
		if _, seen := statuses[key]; !seen {
			order = append(order, key)
		}
		statuses[key] = append(statuses[key], op)
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%s on %s", k, strings.Join(statuses[k], ", ")))
	}
	first := fs[0]
	s := strings.Join(parts, "; ")
	if s == "" {
		s = stable(first.Message)
	}
	return s + fmt.Sprintf(" — e.g. %s: %s", stable(first.Message), stable(truncate(first.Actual, 140)))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// writeAtomic replaces path with data through a temporary file in the same directory.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".realreport-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if fi, err := os.Stat(path); err == nil {
		_ = os.Chmod(f.Name(), fi.Mode())
	}
	return os.Rename(f.Name(), path)
}
