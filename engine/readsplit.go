package engine

import "strings"

// ifs returns $IFS, or its default when unset.
func (r *Runner) ifs() string {
	if v, _ := r.vars.find("IFS"); v != nil && v.Set {
		return v.String()
	}
	return " \t\n"
}

// readFields splits a line read by `read` the way bash does: leading and
// trailing IFS whitespace are dropped, each non-whitespace IFS character
// (with the whitespace around it) ends one field, so two in a row make an
// empty field, and the last of n names receives the rest of the line.
// n < 0 splits into as many fields as there are (read -a). Unless raw,
// a backslash quotes the next character and is removed.
func readFields(ifs, s string, n int, raw bool) []string {
	// Unquote first, remembering which bytes were escaped.
	var esc []bool
	if !raw && strings.IndexByte(s, '\\') >= 0 {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' {
				if i+1 < len(s) {
					i++
					b.WriteByte(s[i])
					esc = append(esc, true)
				}
				continue
			}
			b.WriteByte(s[i])
			esc = append(esc, false)
		}
		s = b.String()
	}
	isIFS := func(i int) bool {
		return (esc == nil || !esc[i]) && strings.IndexByte(ifs, s[i]) >= 0
	}
	isWS := func(i int) bool {
		c := s[i]
		return (c == ' ' || c == '\t' || c == '\n') && isIFS(i)
	}
	i := 0
	for i < len(s) && isWS(i) {
		i++
	}
	// skipDelim moves past one delimiter: IFS whitespace, at most one
	// other IFS character, and more IFS whitespace.
	skipDelim := func(i int) int {
		for i < len(s) && isWS(i) {
			i++
		}
		if i < len(s) && isIFS(i) {
			i++
			for i < len(s) && isWS(i) {
				i++
			}
		}
		return i
	}
	field := func(i int) int {
		for i < len(s) && !isIFS(i) {
			i++
		}
		return i
	}
	var fields []string
	for i < len(s) {
		if n > 0 && len(fields) == n-1 {
			// The last name takes the rest, less trailing IFS
			// whitespace, or just its one field when only a
			// delimiter follows that.
			j := field(i)
			if skipDelim(j) == len(s) {
				fields = append(fields, s[i:j])
				return fields
			}
			end := len(s)
			for end > i && isWS(end-1) {
				end--
			}
			fields = append(fields, s[i:end])
			return fields
		}
		j := field(i)
		fields = append(fields, s[i:j])
		i = skipDelim(j)
	}
	return fields
}
