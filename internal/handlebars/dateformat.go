package handlebars

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateFormat is Novu's helper: `date && dateFormat && !isNaN(Date.parse(date))` formats
// `new Date(date)` with date-fns 2.29's format() in the en-US locale; anything else is returned
// as it came. Novu's worker runs in UTC, and so does this.
func dateFormatHelper(c *call) (any, error) {
	date, pattern := c.arg(0), c.arg(1)
	if !truthy(date) || !truthy(pattern) {
		return date, nil
	}
	t, ok := parseJSDate(toString(toPrimitive(date)))
	if !ok {
		return date, nil
	}
	if f, isNum := date.(float64); isNum { // new Date(number) takes milliseconds
		if math.Abs(f) > 8.64e15 {
			return nil, &jsError{"Invalid time value"}
		}
		t = time.UnixMilli(int64(f)).UTC()
	}
	return formatDate(t, toString(toPrimitive(pattern)))
}

// isoDate is the date-time string format of ECMAScript (Date.parse's first try).
var isoDate = regexp.MustCompile(`^([+-]\d{6}|\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?$`)

// legacyDateLayouts are the other forms V8's Date.parse reads that notification payloads
// commonly hold; V8 accepts more, which are not dates here.
var legacyDateLayouts = []string{
	time.RFC1123, time.RFC1123Z, time.RFC850, time.ANSIC, time.UnixDate,
	"Mon Jan 02 2006 15:04:05 GMT-0700", "Mon Jan 02 2006",
	"2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04", "2006-01-02T15:04:05.999999999",
	"2006/01/02", "2006/01/02 15:04:05", "01/02/2006", "01/02/2006 15:04:05", "1/2/2006", "2006/1/2", "2006-1-2",
	"2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.999999999-0700", "2006-01-02Z", "Jan 2 2006 15:04", "Jan 2 2006 15:04:05",
	"January 2, 2006", "Jan 2, 2006", "January 2 2006", "Jan 2 2006", "2 January 2006", "2 Jan 2006",
	"January 2, 2006 15:04:05", "Jan 2, 2006 15:04:05",
}

// parseJSDate reads a string as Date.parse does; ok is false where it answers NaN.
func parseJSDate(s string) (time.Time, bool) {
	if m := isoDate.FindStringSubmatch(s); m != nil {
		return isoTime(m)
	}
	s = strings.TrimSpace(s)
	if m := isoDate.FindStringSubmatch(s); m != nil && !strings.Contains(s, "T") {
		return isoTime(m)
	}
	for _, layout := range legacyDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func isoTime(m []string) (time.Time, bool) {
	num := func(s string, def int) int {
		if s == "" {
			return def
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	year := num(strings.TrimPrefix(m[1], "+"), 0)
	if m[1] == "-000000" {
		return time.Time{}, false
	}
	month, day := num(m[2], 1), num(m[3], 1)
	hour, minute, sec := num(m[4], 0), num(m[5], 0), num(m[6], 0)
	ms := 0
	if m[7] != "" {
		ms = num((m[7] + "00")[:3], 0)
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || sec > 59 ||
		hour == 24 && (minute != 0 || sec != 0 || ms != 0) {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, ms*int(time.Millisecond), time.UTC)
	if off := m[8]; off != "" && off != "Z" {
		h, mi := num(off[1:3], 0), num(off[4:6], 0)
		if h > 23 || mi > 59 {
			return time.Time{}, false
		}
		d := time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute
		if off[0] == '+' {
			d = -d
		}
		t = t.Add(d)
	}
	if math.Abs(float64(t.UnixMilli())) > 8.64e15 {
		return time.Time{}, false
	}
	return t, true
}

// date-fns splits a pattern into tokens: a letter with an ordinal "o", a run of one letter, a
// quoted literal, or one other character.
var (
	dateTokens     = regexp.MustCompile(`[a-zA-Z0-9_]+|''|'(?:''|[^'])+(?:'|$)|.`)
	longDateTokens = regexp.MustCompile(`P+p+|P+|p+|''|'(?:''|[^'])+(?:'|$)|.`)
)

// formatDate is date-fns 2.29 format(date, pattern) in en-US (week starts on Sunday, first
// week contains January 1st), for a UTC time.
func formatDate(t time.Time, pattern string) (any, error) {
	original := pattern
	var expanded strings.Builder
	for _, tok := range longDateTokens.FindAllString(pattern, -1) {
		expanded.WriteString(expandLongFormat(tok))
	}
	var b strings.Builder
	for _, tok := range splitDateTokens(expanded.String()) {
		switch {
		case tok == "''":
			b.WriteByte('\'')
		case tok[0] == '\'':
			b.WriteString(cleanEscaped(tok))
		case dateFormatters[tok[0]] != nil:
			if instead, ok := protectedTokens[tok]; ok {
				what := "years"
				if tok[0] == 'D' {
					what = "days of the month"
				}
				return nil, &jsError{"Use `" + instead + "` instead of `" + tok + "` (in `" + original + "`) for formatting " + what +
					" to the input `" + jsDateString(t) + "`; see: https://github.com/date-fns/date-fns/blob/master/docs/unicodeTokens.md"}
			}
			b.WriteString(dateFormatters[tok[0]](t, tok))
		case isLatinLetter(tok[0]):
			return nil, &jsError{"Format string contains an unescaped latin alphabet character `" + tok[:1] + "`"}
		default:
			b.WriteString(tok)
		}
	}
	return b.String(), nil
}

// splitDateTokens is `pattern.match(/[yYQqMLwIdDecihHKkms]o|(\w)\1*|”|'(”|[^'])+('|$)|./g)`:
// Go's regexp has no back-references, so word runs are matched whole and cut here into an
// ordinal pair or a run of one character. Like the original, it drops line breaks.
func splitDateTokens(p string) []string {
	var out []string
	for _, tok := range dateTokens.FindAllString(p, -1) {
		if !isWordChar(tok[0]) {
			out = append(out, tok)
			continue
		}
		for len(tok) > 0 {
			n := 1
			if len(tok) > 1 && tok[1] == 'o' && strings.IndexByte("yYQqMLwIdDecihHKkms", tok[0]) >= 0 {
				n = 2
			} else {
				for n < len(tok) && tok[n] == tok[0] {
					n++
				}
			}
			out = append(out, tok[:n])
			tok = tok[n:]
		}
	}
	return out
}

func isWordChar(c byte) bool { return isLatinLetter(c) || c >= '0' && c <= '9' || c == '_' }

// protectedTokens throw unless date-fns is told to accept them (Novu does not).
var protectedTokens = map[string]string{"YY": "yy", "YYYY": "yyyy", "D": "d", "DD": "dd"}

// jsDateString is Date.prototype.toString in UTC.
func jsDateString(t time.Time) string {
	return t.Format("Mon Jan 02 2006 15:04:05") + " GMT+0000 (Coordinated Universal Time)"
}

func isLatinLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func cleanEscaped(tok string) string {
	inner := strings.TrimPrefix(tok, "'")
	if strings.HasSuffix(inner, "'") && len(tok) > 1 {
		inner = inner[:len(inner)-1]
	}
	return strings.ReplaceAll(inner, "''", "'")
}

// expandLongFormat expands P (date) and p (time) runs into en-US patterns.
func expandLongFormat(tok string) string {
	dates := map[int]string{1: "MM/dd/yyyy", 2: "MMM d, y", 3: "MMMM do, y", 4: "EEEE, MMMM do, y"}
	times := map[int]string{1: "h:mm a", 2: "h:mm:ss a", 3: "h:mm:ss a z", 4: "h:mm:ss a zzzz"}
	joins := map[int]string{1: "{{date}}, {{time}}", 2: "{{date}}, {{time}}", 3: "{{date}} 'at' {{time}}", 4: "{{date}} 'at' {{time}}"}
	if tok[0] != 'P' && tok[0] != 'p' {
		return tok
	}
	ps := strings.Count(tok, "P")
	pt := len(tok) - ps
	date, time := dates[min(ps, 4)], times[min(pt, 4)]
	switch {
	case ps == 0:
		return time
	case pt == 0:
		return date
	}
	return strings.NewReplacer("{{date}}", date, "{{time}}", time).Replace(joins[min(ps, 4)])
}

var (
	monthsWide   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	daysWide     = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	daysShort    = []string{"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"}
	quartersWide = []string{"1st quarter", "2nd quarter", "3rd quarter", "4th quarter"}
)

// ordinal is the en-US ordinal number: 1st, 2nd, 3rd, 4th, 11th, 21st.
func ordinal(n int) string {
	s := strconv.Itoa(n)
	if r := n % 100; r > 20 || r < 10 {
		switch r % 10 {
		case 1:
			return s + "st"
		case 2:
			return s + "nd"
		case 3:
			return s + "rd"
		}
	}
	return s + "th"
}

func pad(n, width int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return sign + s
}

// number writes a numeric field: with an "o" as an ordinal, else zero-padded to the token.
func number(n int, tok string) string {
	if strings.HasSuffix(tok, "o") && len(tok) == 2 {
		return ordinal(n)
	}
	return pad(n, len(tok))
}

// textWidth picks a name by the token's length: 1-3 abbreviated, 4 wide, 5 narrow, 6 short.
func textWidth(tok string, wide, short []string, i int) string {
	switch len(tok) {
	case 4:
		return wide[i]
	case 5:
		return wide[i][:1]
	case 6:
		if short != nil {
			return short[i]
		}
	}
	if len(tok) >= 4 {
		return wide[i]
	}
	return wide[i][:3]
}

func signedYear(y int) int {
	if y > 0 {
		return y
	}
	return 1 - y
}

// localWeekYear and localWeek number weeks from Sunday, week 1 holding January 1st.
func startOfWeek(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -int(d.Weekday()))
}

func localWeekYear(t time.Time) int {
	y := t.Year()
	if !t.Before(startOfWeek(time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC))) {
		return y + 1
	}
	if !t.Before(startOfWeek(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))) {
		return y
	}
	return y - 1
}

func localWeek(t time.Time) int {
	start := startOfWeek(time.Date(localWeekYear(t), 1, 1, 0, 0, 0, 0, time.UTC))
	return int(math.Round(startOfWeek(t).Sub(start).Hours()/(24*7))) + 1
}

func dayPeriod(tok string, h int, kind byte) string {
	var period string
	switch {
	case kind == 'B' && h >= 17:
		period = "in the evening"
	case kind == 'B' && h >= 12:
		period = "in the afternoon"
	case kind == 'B' && h >= 4:
		period = "in the morning"
	case kind == 'B':
		period = "at night"
	case kind == 'b' && h == 12:
		period = "noon"
	case kind == 'b' && h == 0:
		period = "midnight"
	case h >= 12:
		period = "pm"
	default:
		period = "am"
	}
	switch period {
	case "am", "pm":
		switch len(tok) {
		case 1, 2:
			return strings.ToUpper(period)
		case 3:
			return period
		case 5:
			return period[:1]
		}
		return period[:1] + "." + period[1:] + "."
	case "midnight", "noon":
		if len(tok) == 5 {
			return map[string]string{"midnight": "mi", "noon": "n"}[period]
		}
	}
	return period
}

var dateFormatters = map[byte]func(t time.Time, tok string) string{
	'G': func(t time.Time, tok string) string {
		era := 1
		if t.Year() <= 0 {
			era = 0
		}
		switch len(tok) {
		case 1, 2, 3:
			return []string{"BC", "AD"}[era]
		case 5:
			return []string{"B", "A"}[era]
		}
		return []string{"Before Christ", "Anno Domini"}[era]
	},
	'y': func(t time.Time, tok string) string {
		y := signedYear(t.Year())
		if tok == "yy" {
			return pad(y%100, 2)
		}
		return number(y, tok)
	},
	'Y': func(t time.Time, tok string) string {
		y := signedYear(localWeekYear(t))
		if tok == "YY" {
			return pad(y%100, 2)
		}
		return number(y, tok)
	},
	'R': func(t time.Time, tok string) string { y, _ := t.ISOWeek(); return pad(y, len(tok)) },
	'u': func(t time.Time, tok string) string { return pad(t.Year(), len(tok)) },
	'Q': quarter, 'q': quarter,
	'M': month, 'L': month,
	'w': func(t time.Time, tok string) string { return number(localWeek(t), tok) },
	'I': func(t time.Time, tok string) string { _, w := t.ISOWeek(); return number(w, tok) },
	'd': func(t time.Time, tok string) string { return number(t.Day(), tok) },
	'D': func(t time.Time, tok string) string { return number(t.YearDay(), tok) },
	'E': func(t time.Time, tok string) string {
		if len(tok) < 4 {
			return daysWide[t.Weekday()][:3]
		}
		return textWidth(tok, daysWide, daysShort, int(t.Weekday()))
	},
	'e': weekday, 'c': weekday,
	'i': func(t time.Time, tok string) string {
		iso := int(t.Weekday())
		if iso == 0 {
			iso = 7
		}
		if len(tok) <= 2 || tok == "io" {
			return number(iso, tok)
		}
		return textWidth(tok, daysWide, daysShort, int(t.Weekday()))
	},
	'a': func(t time.Time, tok string) string { return dayPeriod(tok, t.Hour(), 'a') },
	'b': func(t time.Time, tok string) string { return dayPeriod(tok, t.Hour(), 'b') },
	'B': func(t time.Time, tok string) string { return dayPeriod(tok, t.Hour(), 'B') },
	'h': func(t time.Time, tok string) string {
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		return number(h, tok)
	},
	'H': func(t time.Time, tok string) string { return number(t.Hour(), tok) },
	'K': func(t time.Time, tok string) string { return number(t.Hour()%12, tok) },
	'k': func(t time.Time, tok string) string {
		h := t.Hour()
		if h == 0 {
			h = 24
		}
		return number(h, tok)
	},
	'm': func(t time.Time, tok string) string { return number(t.Minute(), tok) },
	's': func(t time.Time, tok string) string { return number(t.Second(), tok) },
	'S': func(t time.Time, tok string) string {
		ms := t.Nanosecond() / int(time.Millisecond)
		return pad(int(math.Floor(float64(ms)*math.Pow(10, float64(len(tok)-3)))), len(tok))
	},
	'X': func(time.Time, string) string { return "Z" },
	'x': func(_ time.Time, tok string) string {
		switch len(tok) {
		case 1:
			return "+00"
		case 2, 4:
			return "+0000"
		}
		return "+00:00"
	},
	'O': gmt, 'z': gmt,
	't': func(t time.Time, tok string) string {
		return pad(int(math.Floor(float64(t.UnixMilli())/1000)), len(tok))
	},
	'T': func(t time.Time, tok string) string { return pad(int(t.UnixMilli()), len(tok)) },
}

func gmt(_ time.Time, tok string) string {
	if len(tok) >= 4 {
		return "GMT+00:00"
	}
	return "GMT+0"
}

func quarter(t time.Time, tok string) string {
	q := (int(t.Month())-1)/3 + 1
	switch {
	case len(tok) <= 2 || tok[1] == 'o':
		return number(q, tok)
	case len(tok) == 3:
		return "Q" + strconv.Itoa(q)
	case len(tok) == 5:
		return strconv.Itoa(q)
	}
	return quartersWide[q-1]
}

func month(t time.Time, tok string) string {
	if len(tok) <= 2 || tok[1] == 'o' {
		return number(int(t.Month()), tok)
	}
	return textWidth(tok, monthsWide, nil, int(t.Month())-1)
}

func weekday(t time.Time, tok string) string {
	local := int(t.Weekday()) + 1 // weeks start on Sunday: Sunday is 1
	switch {
	case tok == "eo" || tok == "co":
		return ordinal(local)
	case len(tok) == 1:
		return strconv.Itoa(local)
	case len(tok) == 2:
		return pad(local, 2)
	case len(tok) == 3:
		return daysWide[t.Weekday()][:3]
	}
	return textWidth(tok, daysWide, daysShort, int(t.Weekday()))
}
