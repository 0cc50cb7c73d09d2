package contracttest

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// JSONFormatVersion is the version of the JSON report's shape. It goes up when a field changes
// meaning or goes away; new fields do not change it.
const JSONFormatVersion = 1

// CheckCounts is the JSON report's summary: how many checks were listed and how each ended.
type CheckCounts struct {
	Checks  int `json:"checks"`
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

// WriteJSON writes the whole report (checks, failures with curl, coverage) as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// MarshalJSON puts the summary first: formatVersion, passed (the run completed and no check
// failed, as Passed), and counts (the same numbers as the JUnit report), then the report's own
// fields.
func (r *Report) MarshalJSON() ([]byte, error) {
	type fields Report // the same fields without this method
	p, f, s := r.Counts()
	return json.Marshal(struct {
		FormatVersion int         `json:"formatVersion"`
		Passed        bool        `json:"passed"`
		Counts        CheckCounts `json:"counts"`
		fields
	}{JSONFormatVersion, r.Passed(), CheckCounts{Checks: len(r.Checks), Passed: p, Failed: f, Skipped: s}, fields(*r)})
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes one testcase per check, the classic JUnit XML that CI tools read.
func (r *Report) WriteJUnit(w io.Writer) error {
	p, f, s := r.Counts()
	secs := fmt.Sprintf("%.3f", r.Duration.Seconds())
	suite := junitSuite{Name: "novumock contract " + r.Target, Tests: p + f + s, Failures: f, Skipped: s, Time: secs}
	if r.Interrupted {
		// CI tools show properties with the suite: the skips are the interruption's, not the target's.
		suite.Properties = &junitProperties{Property: []junitProperty{{Name: "interrupted", Value: "true"}}}
	}
	for _, c := range r.Checks {
		tc := junitCase{Name: c.Name, Classname: "contracttest." + string(c.Kind), Time: fmt.Sprintf("%.3f", c.Duration.Seconds())}
		switch c.Status {
		case Failed:
			var b strings.Builder
			for _, fl := range c.Failures {
				fmt.Fprintf(&b, "%s\n", fl)
				if fl.Curl != "" {
					fmt.Fprintf(&b, "  %s\n", fl.Curl)
				}
			}
			tc.Failure = &junitFailure{Message: fmt.Sprintf("%d failures; first: %s", len(c.Failures), c.Failures[0]), Type: c.Name, Text: b.String()}
		case Skipped:
			tc.Skipped = &junitSkipped{Message: c.SkipReason}
		}
		suite.Cases = append(suite.Cases, tc)
	}
	doc := junitSuites{Name: "novumock contract", Tests: suite.Tests, Failures: f, Skipped: s, Time: secs, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
