package engine

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// printfFormat implements printf(1) as bash does, reusing the format until
// the arguments are used up. It returns the output and the status (1 if an
// argument was not a valid number).
func (r *Runner) printfFormat(format string, args []string) (string, int) {
	var out strings.Builder
	status := 0
	for {
		used, stop := r.printfOnce(&out, format, args, &status)
		args = args[min(used, len(args)):]
		if stop || used == 0 || len(args) == 0 {
			break
		}
	}
	return out.String(), status
}

func (r *Runner) printfOnce(out *strings.Builder, format string, args []string, status *int) (used int, stop bool) {
	next := func() (string, bool) {
		if used < len(args) {
			used++
			return args[used-1], true
		}
		return "", false
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == '\\' {
			s, n, st := printfEscape(format[i:])
			out.WriteString(s)
			i += n - 1
			if st {
				return used, true
			}
			continue
		}
		if c != '%' {
			out.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			out.WriteByte('%')
			i++
			continue
		}
		// %[flags][width][.prec]verb
		j := i + 1
		for j < len(format) && strings.IndexByte("-+ #0", format[j]) >= 0 {
			j++
		}
		flags := format[i+1 : j]
		width := ""
		if j < len(format) && format[j] == '*' {
			a, _ := next()
			n, _ := strconv.Atoi(strings.TrimSpace(a))
			width = strconv.Itoa(n)
			if n < 0 {
				flags += "-"
				width = strconv.Itoa(-n)
			}
			j++
		} else {
			k := j
			for j < len(format) && format[j] >= '0' && format[j] <= '9' {
				j++
			}
			width = format[k:j]
		}
		prec, hasPrec := "", false
		if j < len(format) && format[j] == '.' {
			hasPrec = true
			j++
			if j < len(format) && format[j] == '*' {
				a, _ := next()
				n, _ := strconv.Atoi(strings.TrimSpace(a))
				prec = strconv.Itoa(n)
				j++
			} else {
				k := j
				for j < len(format) && format[j] >= '0' && format[j] <= '9' {
					j++
				}
				prec = format[k:j]
			}
		}
		// length modifiers are accepted and ignored
		for j < len(format) && strings.IndexByte("hlLjzt", format[j]) >= 0 {
			j++
		}
		var tfmt string
		if j < len(format) && format[j] == '(' {
			k := strings.Index(format[j:], ")T")
			if k >= 0 {
				tfmt = format[j+1 : j+k]
				j += k + 1
			}
		}
		if j >= len(format) {
			out.WriteString(format[i:])
			return used, false
		}
		verb := format[j]
		spec := "%" + flags + width
		if hasPrec {
			spec += "." + prec
		}
		i = j
		arg, have := next()
		switch verb {
		case 's':
			out.WriteString(fmt.Sprintf(spec+"s", arg))
		case 'b':
			s, st := backslashEscapes(arg, true)
			out.WriteString(fmt.Sprintf(spec+"s", s))
			if st {
				return used, true
			}
		case 'q':
			q := arg
			if have {
				q = shellQuote(arg)
			} else {
				q = "''"
			}
			out.WriteString(fmt.Sprintf(spec+"s", q))
		case 'c':
			if arg != "" {
				_, n := utf8.DecodeRuneInString(arg)
				arg = arg[:n]
			}
			out.WriteString(fmt.Sprintf(spec+"s", arg))
		case 'd', 'i':
			n, ok := printfInt(arg)
			if !ok {
				r.errorf("printf: %s: invalid number", arg)
				*status = 1
			}
			out.WriteString(fmt.Sprintf(spec+"d", n))
		case 'u', 'o', 'x', 'X':
			n, ok := printfInt(arg)
			if !ok {
				r.errorf("printf: %s: invalid number", arg)
				*status = 1
			}
			v := verb
			if v == 'u' {
				v = 'd'
			}
			out.WriteString(fmt.Sprintf(spec+string(v), uint64(n)))
		case 'f', 'F', 'e', 'E', 'g', 'G', 'a', 'A':
			a := strings.TrimSpace(arg)
			f, err := strconv.ParseFloat(a, 64)
			if err != nil && a != "" {
				if n, ok := printfInt(a); ok {
					f = float64(n)
				} else {
					r.errorf("printf: %s: invalid number", arg)
					*status = 1
				}
			}
			v := verb
			if v == 'F' {
				v = 'f'
			}
			if v == 'a' || v == 'A' {
				v = map[byte]byte{'a': 'x', 'A': 'X'}[v]
			}
			out.WriteString(fmt.Sprintf(spec+string(v), f))
		case 'T':
			t := time.Now()
			if a := strings.TrimSpace(arg); a != "" && a != "-1" {
				if n, err := strconv.ParseInt(a, 10, 64); err == nil {
					if n == -2 {
						t = time.Now()
					} else {
						t = time.Unix(n, 0)
					}
				}
			}
			out.WriteString(fmt.Sprintf(spec+"s", strftime(tfmt, t)))
		default:
			r.errorf("printf: `%c': invalid format character", verb)
			*status = 1
			return used, true
		}
	}
	return used, false
}

// printfInt parses a printf numeric argument: decimal, 0x hex, 0 octal, or
// 'c for a character code.
func printfInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if s[0] == '\'' || s[0] == '"' {
		if len(s) < 2 {
			return 0, true
		}
		r, _ := utf8.DecodeRuneInString(s[1:])
		return int64(r), true
	}
	n, err := strconv.ParseInt(s, 0, 64)
	if err == nil {
		return n, true
	}
	if u, err := strconv.ParseUint(s, 0, 64); err == nil {
		return int64(u), true
	}
	// Leading digits are used, with an error.
	k := 0
	if k < len(s) && (s[k] == '-' || s[k] == '+') {
		k++
	}
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	n, _ = strconv.ParseInt(s[:k], 10, 64)
	return n, false
}

// printfEscape interprets one backslash escape of a printf format string.
func printfEscape(s string) (string, int, bool) {
	if len(s) < 2 {
		return s, len(s), false
	}
	switch s[1] {
	case '0', '1', '2', '3', '4', '5', '6', '7':
		n, j := 0, 1
		for ; j < len(s) && j < 4 && s[j] >= '0' && s[j] <= '7'; j++ {
			n = n*8 + int(s[j]-'0')
		}
		return string([]byte{byte(n)}), j, false
	case 'c':
		return "", 2, true
	case '"':
		return `"`, 2, false
	case '\'':
		return `'`, 2, false
	case '?':
		return `?`, 2, false
	}
	out, stop := echoEscapes(s[:2])
	n := 2
	if s[1] == 'x' || s[1] == 'u' || s[1] == 'U' {
		max := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[1]]
		j := 2
		for j < len(s) && j < 2+max && isHex(s[j]) {
			j++
		}
		out, stop = echoEscapes(s[:j])
		n = j
	}
	return out, n, stop
}

// shellQuote quotes s for reuse as shell input, as printf %q does.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_-./:=+,@%^", c)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			q, err := syntax.Quote(s, syntax.LangBash)
			if err == nil {
				return q
			}
		}
	}
	var b strings.Builder
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_-./:=+,@%^", c)) && c < 0x80 {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// strftime formats t with the common strftime conversions.
func strftime(f string, t time.Time) string {
	if f == "" {
		f = "%X"
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			b.WriteString(strconv.Itoa(t.Year()))
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'e':
			fmt.Fprintf(&b, "%2d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'I':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&b, "%02d", h)
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'b', 'h':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 's':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case 'F':
			b.WriteString(t.Format("2006-01-02"))
		case 'T', 'X':
			b.WriteString(t.Format("15:04:05"))
		case 'D', 'x':
			b.WriteString(t.Format("01/02/06"))
		case 'R':
			b.WriteString(t.Format("15:04"))
		case 'z':
			b.WriteString(t.Format("-0700"))
		case 'Z':
			b.WriteString(t.Format("MST"))
		case 'u':
			wd := int(t.Weekday())
			if wd == 0 {
				wd = 7
			}
			b.WriteString(strconv.Itoa(wd))
		case 'w':
			b.WriteString(strconv.Itoa(int(t.Weekday())))
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '%':
			b.WriteByte('%')
		case 'c':
			b.WriteString(t.Format("Mon Jan _2 15:04:05 2006"))
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}
