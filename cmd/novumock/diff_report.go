package main

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/novumock/novumock/internal/jsondiff"
)

var diffWriters = map[string]func(io.Writer, *diffReport) error{
	"text": writeDiffText,
	"json": writeDiffJSON,
	"html": writeDiffHTML,
}

var verdictOrder = []jsondiff.Verdict{jsondiff.Same, jsondiff.DiffersStatus, jsondiff.DiffersShape, jsondiff.DiffersValues, verdictNotRun}

func summaryLine(rep *diffReport) string {
	parts := []string{}
	for _, v := range verdictOrder {
		if n := rep.Counts[string(v)]; n > 0 || v == jsondiff.Same {
			parts = append(parts, fmt.Sprintf("%d %s", n, v))
		}
	}
	return fmt.Sprintf("novumock diff: %s (a) vs %s (b): %d steps: %s\n", rep.A.Label, rep.B.Label, len(rep.Steps), strings.Join(parts, ", "))
}

func statusOf(a diffAnswer) string {
	if a.Error != "" {
		return "—"
	}
	return fmt.Sprint(a.Status)
}

func writeDiffText(w io.Writer, rep *diffReport) error {
	fmt.Fprintf(w, "a: %s %s\nb: %s %s\n\n", rep.A.Label, rep.A.URL, rep.B.Label, rep.B.URL)
	for i, s := range rep.Steps {
		fmt.Fprintf(w, "%2d %-21s %-28s %-7s %s  %s | %s\n", i+1, s.Verdict, s.Operation, s.A.Method, s.Name, statusOf(s.A), statusOf(s.B))
		if s.Verdict == jsondiff.Same {
			continue
		}
		for _, e := range []struct{ side, err string }{{"a", s.A.Error}, {"b", s.B.Error}} {
			if e.err != "" {
				fmt.Fprintf(w, "     %s: %s\n", e.side, e.err)
			}
		}
		for j, d := range s.Differences {
			if j == 8 {
				fmt.Fprintf(w, "     … %d more (--format json or html)\n", len(s.Differences)-j)
				break
			}
			fmt.Fprintf(w, "     %s\n", d)
		}
	}
	fmt.Fprintln(w)
	_, err := io.WriteString(w, summaryLine(rep))
	return err
}

func writeDiffJSON(w io.Writer, rep *diffReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

var diffHTML = template.Must(template.New("diff").Funcs(template.FuncMap{
	"pretty": func(v any) string {
		if v == nil {
			return ""
		}
		b, _ := json.MarshalIndent(v, "", "  ")
		s := string(b)
		if len(s) > 6000 {
			s = s[:6000] + "\n…"
		}
		return s
	},
	"class":  func(v jsondiff.Verdict) string { return strings.ReplaceAll(string(v), " ", "-") },
	"status": statusOf,
	"inc":    func(i int) int { return i + 1 },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>novumock diff: {{.A.Label}} vs {{.B.Label}}</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5em}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
pre{margin:0;max-height:24em;overflow:auto;font-size:12px;white-space:pre-wrap}
.same{background:#e8f5e9}.differs-in-status{background:#ffebee}.differs-in-body-shape{background:#fff3e0}
.differs-in-values{background:#fffde7}.not-run{background:#eceff1}
details{margin:0}
</style></head><body>
<h1>novumock diff</h1>
<p>a: <b>{{.A.Label}}</b> {{.A.URL}} · b: <b>{{.B.Label}}</b> {{.B.URL}} · started {{.Started.Format "2006-01-02 15:04 UTC"}} · prefix <code>{{.Prefix}}</code></p>
<p>{{len .Steps}} steps: {{range $k, $v := .Counts}}{{$v}} {{$k}}; {{end}}</p>
<table><tr><th>#</th><th>step</th><th>verdict</th><th>a</th><th>b</th></tr>
{{range $i, $s := .Steps}}<tr class="{{class $s.Verdict}}">
<td>{{inc $i}}</td>
<td><b>{{$s.Name}}</b><br><code>{{$s.Operation}}</code><br><code>{{$s.A.Method}} {{$s.A.Path}}</code>{{if $s.Note}}<br><i>{{$s.Note}}</i>{{end}}</td>
<td>{{$s.Verdict}}{{if $s.Differences}}<ul>{{range $s.Differences}}<li><code>{{.}}</code></li>{{end}}</ul>{{end}}</td>
<td>{{status $s.A}} {{$s.A.Error}}<details><summary>body</summary><pre>{{pretty $s.A.Body}}</pre></details></td>
<td>{{status $s.B}} {{$s.B.Error}}<details><summary>body</summary><pre>{{pretty $s.B.Body}}</pre></details></td>
</tr>
{{end}}</table></body></html>
`))

func writeDiffHTML(w io.Writer, rep *diffReport) error { return diffHTML.Execute(w, rep) }
