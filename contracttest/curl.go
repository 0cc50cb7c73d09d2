package contracttest

import (
	"sort"
	"strings"
)

// curlFor renders an exchange as a curl command line. API keys never appear in it: the
// Development key becomes $NOVU_API_KEY and the Production key $NOVU_PROD_API_KEY.
func curlFor(ex *Exchange, devKey, prodKey string) string {
	var b strings.Builder
	b.WriteString("curl -sS -i")
	if ex.Method != "GET" {
		b.WriteString(" -X " + ex.Method)
	}
	b.WriteString(" " + shellQuote(ex.URL))
	names := make([]string, 0, len(ex.RequestHeader))
	for k := range ex.RequestHeader {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if k == "Accept-Encoding" || k == "User-Agent" {
			continue
		}
		for _, v := range ex.RequestHeader[k] {
			if k == "Authorization" {
				b.WriteString(" -H " + authHeader(v, devKey, prodKey))
				continue
			}
			b.WriteString(" -H " + shellQuote(k+": "+v))
		}
	}
	if len(ex.RequestBody) > 0 {
		b.WriteString(" --data-raw " + shellQuote(string(ex.RequestBody)))
	}
	return b.String()
}

// authHeader keeps the variable outside single quotes so the shell expands it.
func authHeader(v, devKey, prodKey string) string {
	switch {
	case devKey != "" && v == "ApiKey "+devKey:
		return `"Authorization: ApiKey $NOVU_API_KEY"`
	case prodKey != "" && v == "ApiKey "+prodKey:
		return `"Authorization: ApiKey $NOVU_PROD_API_KEY"`
	}
	for _, k := range []string{devKey, prodKey} {
		if k != "" {
			v = strings.ReplaceAll(v, k, "<redacted>")
		}
	}
	return shellQuote("Authorization: " + v)
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
