package engine

import (
	"os"
	"os/user"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/pattern"
	"mvdan.cc/sh/v3/syntax"
)

// The engine expands words itself, following bash's rules (bash is the
// oracle of the differential suite): brace, tilde, parameter, command and
// arithmetic expansion, process substitution, field splitting by IFS,
// pathname expansion and quote removal. A word is expanded into segments
// that remember how each piece of text was quoted; field splitting then
// cuts only the text of unquoted expansions, and pathname expansion treats
// only unquoted text as pattern characters.

// segKind says how a piece of an expanded word was quoted.
type segKind uint8

const (
	segLit  segKind = iota // unquoted literal text: pattern characters are active, never split
	segExp                 // the result of an unquoted expansion: split by IFS, pattern-active
	segQuot                // quoted text, taken literally
)

type seg struct {
	s string
	k segKind
}

// expMode is what a word is expanded for.
type expMode uint8

const (
	modeFields  expMode = iota // command arguments: splitting and globbing
	modeLiteral                // one string: assignment values, here-strings, redirection targets
	modePattern                // one pattern, quoted parts escaped: case, [[ == ]], ${x#pat}
	modeSegs                   // one field whose segments are kept: the replacement of ${x/p/rep}
)

// qctx is the quoting context a word part is expanded in.
type qctx uint8

const (
	qNone    qctx = iota // unquoted word
	qOperand             // the word of an unquoted ${x-word}: literal text splits like an expansion
	qDouble              // in double quotes, or the word of "${x-word}"
	qHeredoc             // a here-document body
	qPattern             // the pattern of ${x#pat}, ${x/pat/}: quotes always quote
	qRepl                // the replacement of ${x/pat/rep}: & stays active unless quoted
)

// wordExp is the state of one word expansion.
type wordExp struct {
	r    *Runner
	mode expMode

	ifsDone bool
	ifs     string

	// modeLiteral and modePattern build one string: str, then buf once a
	// second piece comes.
	str  string
	buf  []byte
	nstr int

	fields [][]seg
	cur    []seg
	curHas bool // the current field exists (has text or a quoted null)
	absorb bool // IFS whitespace just ended a field: one non-whitespace IFS character joins it
}

// expandErr is an expansion error that stops a non-interactive shell, as
// bash's unbound variables, ${x?} and failglob do.
type expandErr struct{ msg string }

func (e *expandErr) Error() string { return e.msg }

// lineErr is an expansion error after which bash abandons the current
// command line and goes on with the next one (invalid indirection).
type lineErr struct{ msg string }

func (e *lineErr) Error() string { return e.msg }

func (w *wordExp) loadIFS() {
	if w.ifsDone {
		return
	}
	w.ifsDone = true
	v := w.r.lookup("IFS")
	if !v.IsSet() {
		w.ifs = " \t\n"
	} else {
		w.ifs = v.String()
	}
}

// ifsClass classifies the character starting s[i]: 0 when not in IFS, 1
// for IFS whitespace, 2 for other IFS characters; and its size.
func (w *wordExp) ifsClass(s string, i int) (uint8, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		if strings.IndexByte(w.ifs, c) < 0 {
			return 0, 1
		}
		if c == ' ' || c == '\t' || c == '\n' {
			return 1, 1
		}
		return 2, 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if strings.ContainsRune(w.ifs, r) {
		return 2, n
	}
	return 0, n
}

// ifsFirst is the first character of IFS, which joins "$*"; a space when
// IFS is unset, nothing when it is empty.
func (w *wordExp) ifsFirst() string {
	w.loadIFS()
	if w.ifs == "" {
		return ""
	}
	_, n := utf8.DecodeRuneInString(w.ifs)
	return w.ifs[:n]
}

// addSeg appends text of kind k to the current field, splitting the text
// of unquoted expansions when expanding fields.
func (w *wordExp) addSeg(s string, k segKind) {
	switch w.mode {
	case modeFields:
		if k == segExp {
			w.addSplit(s)
			return
		}
	case modePattern:
		if k == segQuot {
			s = pattern.QuoteMeta(s, 0)
		}
		fallthrough
	case modeLiteral:
		w.appendStr(s)
		return
	}
	if s == "" {
		if k == segQuot {
			w.curHas = true // a quoted null keeps the field
		}
		return
	}
	w.cur = append(w.cur, seg{s, k})
	w.curHas = true
}

// appendStr appends to the string of modeLiteral and modePattern.
func (w *wordExp) appendStr(s string) {
	switch {
	case s == "":
	case w.nstr == 0:
		w.str = s
		w.nstr = 1
	default:
		if w.buf == nil {
			w.buf = make([]byte, 0, len(w.str)+len(s)+16)
			w.buf = append(w.buf, w.str...)
		}
		w.buf = append(w.buf, s...)
		w.nstr++
	}
}

// emit ends the current field.
func (w *wordExp) emit() {
	w.fields = append(w.fields, w.cur)
	w.cur = nil
	w.curHas = false
}

// breakField ends the current field between the elements of "$@".
func (w *wordExp) breakField() {
	if w.curHas {
		w.emit()
	}
}

// addSplit appends the text of an unquoted expansion, splitting it as bash
// does: IFS whitespace runs separate fields and are trimmed at the ends;
// each other IFS character, with the IFS whitespace around it, ends a
// field, empty or not.
func (w *wordExp) addSplit(s string) {
	w.loadIFS()
	if w.ifs == "" {
		if s != "" {
			w.cur = append(w.cur, seg{s, segExp})
			w.curHas = true
		}
		return
	}
	start := 0
	for i := 0; i < len(s); {
		class, size := w.ifsClass(s, i)
		if class == 0 {
			i += size
			continue
		}
		if i > start {
			w.cur = append(w.cur, seg{s[start:i], segExp})
			w.curHas = true
		}
		if class == 1 {
			if w.curHas {
				w.emit()
				w.absorb = true
			}
		} else {
			switch {
			case w.curHas:
				w.emit()
				w.absorb = false
			case w.absorb:
				w.absorb = false
			default:
				w.fields = append(w.fields, nil)
			}
		}
		i += size
		start = i
	}
	if start < len(s) {
		w.cur = append(w.cur, seg{s[start:], segExp})
		w.curHas = true
		w.absorb = false
	}
}

// kindIn is the kind of an expansion's text in context q.
func kindIn(q qctx) segKind {
	if q == qDouble || q == qHeredoc {
		return segQuot
	}
	return segExp
}

// parts expands word parts in context q. tilde allows a tilde prefix in
// the first part.
func (w *wordExp) parts(ps []syntax.WordPart, q qctx, tilde bool) error {
	for i, p := range ps {
		switch p := p.(type) {
		case *syntax.Lit:
			w.lit(p.Value, q, tilde && i == 0, len(ps) > 1)
		case *syntax.SglQuoted:
			s := p.Value
			if p.Dollar {
				s = dollarQuote(s)
			} else if q == qDouble || q == qHeredoc {
				// Single quotes are plain characters in double quotes:
				// "${u:-'$s'}" expands $s.
				if err := w.sglInDouble(s); err != nil {
					return err
				}
				continue
			}
			w.addSeg(s, segQuot)
		case *syntax.DblQuoted:
			if len(p.Parts) == 0 {
				w.addSeg("", segQuot)
				continue
			}
			if q == qHeredoc {
				w.addSeg(`"`, segQuot)
			}
			nq := qDouble
			if q == qHeredoc {
				nq = qHeredoc
			}
			if err := w.parts(p.Parts, nq, false); err != nil {
				return err
			}
			if q == qHeredoc {
				w.addSeg(`"`, segQuot)
			}
		case *syntax.ParamExp:
			if err := w.param(p, q); err != nil {
				return err
			}
		case *syntax.CmdSubst:
			if err := w.cmdSubst(p, q); err != nil {
				return err
			}
		case *syntax.ArithmExp:
			n, err := w.r.arith(p.X)
			if err != nil {
				return err
			}
			w.addSeg(itoa(n), kindIn(q))
		case *syntax.ProcSubst:
			path, err := w.r.procSubst(p)
			if err != nil {
				return err
			}
			w.addSeg(path, segQuot)
		case *syntax.ExtGlob:
			k := segLit
			if q == qDouble || q == qHeredoc {
				k = segQuot
			}
			w.addSeg(p.Op.String()+p.Pattern.Value+")", k)
		case *syntax.BraceExp:
			w.addSeg(printNode(p), segLit)
		default:
			return errBadSubst
		}
	}
	return nil
}

// sglInDouble expands '...' met in double quotes (in the word of
// "${u:-'...'}"), where the quotes are plain characters.
func (w *wordExp) sglInDouble(s string) error {
	w.addSeg("'", segQuot)
	if strings.ContainsAny(s, "$`\\") {
		word, err := newParser().Document(strings.NewReader(s))
		if err != nil {
			return err
		}
		rewriteArith(word)
		if err := w.parts(word.Parts, qDouble, false); err != nil {
			return err
		}
	} else {
		w.addSeg(s, segQuot)
	}
	w.addSeg("'", segQuot)
	return nil
}

func (w *wordExp) cmdSubst(cs *syntax.CmdSubst, q qctx) error {
	r := w.r
	if x, ok := arithMarker(cs); ok {
		n, err := r.arith(x)
		if err != nil {
			return err
		}
		w.addSeg(itoa(n), kindIn(q))
		return nil
	}
	if pe, ok := countMarker(cs); ok {
		return w.param(pe, q)
	}
	var b strings.Builder
	if err := r.cmdSubst(&b, cs); err != nil {
		return err
	}
	s := b.String()
	if strings.IndexByte(s, 0) >= 0 {
		r.errorf("warning: command substitution: ignored null byte in input")
		s = strings.ReplaceAll(s, "\x00", "")
	}
	w.addSeg(strings.TrimRight(s, "\n"), kindIn(q))
	return nil
}

// dollarQuote decodes the escapes of $'...'.
func dollarQuote(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	if strings.Contains(s, `\c`) {
		s = ctrlEscapes(s)
	}
	out, _, _ := expand.Format(nil, s, nil)
	out, _, _ = strings.Cut(out, "\x00")
	return out
}

// lit appends literal text in context q.
func (w *wordExp) lit(s string, q qctx, tilde, more bool) {
	switch q {
	case qDouble, qHeredoc:
		if strings.IndexByte(s, '\\') < 0 {
			w.addSeg(s, segQuot)
			return
		}
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == '\\' && i+1 < len(s) {
				switch s[i+1] {
				case '$', '`', '\\':
					i++
					c = s[i]
				case '"':
					if q == qDouble {
						i++
						c = s[i]
					}
				case '\n':
					i++
					continue
				}
			}
			b.WriteByte(c)
		}
		w.addSeg(b.String(), segQuot)
		return
	case qPattern:
		if tilde && strings.HasPrefix(s, "~") {
			if home, rest, ok := w.r.tildePrefix(s, more); ok {
				w.addSeg(home, segQuot)
				s = rest
			}
		}
		// Backslashes stay: they escape pattern characters.
		w.addSeg(s, segLit)
		return
	}
	k := segLit
	if q == qOperand || q == qRepl {
		k = segExp
	}
	if tilde && strings.HasPrefix(s, "~") {
		if home, rest, ok := w.r.tildePrefix(s, more); ok {
			w.addSeg(home, segQuot)
			s = rest
		}
	}
	if q == qNone && w.mode == modeFields && tilde && strings.IndexByte(s, '=') > 0 && strings.Contains(s, "~") {
		s = w.assignTildes(s)
	}
	for {
		i := strings.IndexByte(s, '\\')
		if i < 0 || i == len(s)-1 {
			break // a trailing backslash is kept
		}
		_, n := utf8.DecodeRuneInString(s[i+1:])
		w.addLitSeg(s[:i], k)
		if s[i+1] != '\n' {
			w.addSeg(s[i+1:i+1+n], segQuot)
		}
		s = s[i+1+n:]
	}
	w.addLitSeg(s, k)
}

// addLitSeg appends unquoted literal text: in the word of an unquoted
// ${x-word} it splits like an expansion; otherwise it never splits.
func (w *wordExp) addLitSeg(s string, k segKind) {
	if s == "" {
		return
	}
	w.addSeg(s, k)
}

// assignTildes expands the tildes after '=' and ':' of a word that looks
// like an assignment (bash does so for arguments such as a=~/x). The
// results are literal text; a home directory with pattern characters is
// rare enough.
func (w *wordExp) assignTildes(s string) string {
	eq := strings.IndexByte(s, '=')
	if !syntax.ValidName(s[:eq]) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:eq+1])
	rest := s[eq+1:]
	for {
		seg, after, more := strings.Cut(rest, ":")
		if strings.HasPrefix(seg, "~") {
			if home, tail, ok := w.r.tildePrefix(seg, false); ok {
				seg = home + tail
			}
		}
		b.WriteString(seg)
		if !more {
			break
		}
		b.WriteByte(':')
		rest = after
	}
	return b.String()
}

// tildePrefix expands the tilde prefix of s (which starts with '~'): up to
// the first slash, or all of s when no other part follows (more).
func (r *Runner) tildePrefix(s string, more bool) (home, rest string, ok bool) {
	name := s[1:]
	i := strings.IndexByte(name, '/')
	if i < 0 && more {
		return "", s, false
	}
	if i >= 0 {
		name, rest = name[:i], name[i:]
	}
	switch name {
	case "":
		if v := r.lookup("HOME"); v.IsSet() {
			return v.String(), rest, true
		}
		if u, err := user.Current(); err == nil {
			return u.HomeDir, rest, true
		}
		return "", s, false
	case "+":
		if v := r.lookup("PWD"); v.IsSet() {
			return v.String(), rest, true
		}
		return "", s, false
	case "-":
		if v := r.lookup("OLDPWD"); v.IsSet() {
			return v.String(), rest, true
		}
		return "", s, false
	}
	if n, ok := dirIndex(name); ok {
		stack := append([]string{r.dir}, reversed(r.dirs)...)
		if n >= 0 && n < len(stack) {
			return stack[n], rest, true
		}
		if n < 0 && -n <= len(stack) {
			return stack[len(stack)+n], rest, true
		}
		return "", s, false
	}
	u, err := user.Lookup(name)
	if err != nil {
		return "", s, false
	}
	return u.HomeDir, rest, true
}

// dirIndex parses the N, +N and -N of ~N (the directory stack; -N counts
// from the bottom, as a negative index).
func dirIndex(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	neg := false
	switch s[0] {
	case '+':
		s = s[1:]
	case '-':
		neg = true
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || n > 1<<20 {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	if neg {
		return -n - 1, true
	}
	return n, true
}

// finish ends the last field.
func (w *wordExp) finish() {
	if w.curHas {
		w.emit()
	}
}

// joinSegs concatenates segments (quote removal).
func joinSegs(segs []seg) string {
	switch len(segs) {
	case 0:
		return ""
	case 1:
		return segs[0].s
	}
	n := 0
	for _, s := range segs {
		n += len(s.s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range segs {
		b.WriteString(s.s)
	}
	return b.String()
}

// patternSegs renders segments as a pattern: quoted text is escaped.
func patternSegs(segs []seg) string {
	if len(segs) == 1 && (segs[0].k != segQuot || !strings.ContainsAny(segs[0].s, `*?[\`)) {
		return segs[0].s
	}
	var b strings.Builder
	for _, s := range segs {
		if s.k == segQuot {
			b.WriteString(pattern.QuoteMeta(s.s, 0))
		} else {
			b.WriteString(s.s)
		}
	}
	return b.String()
}

// result returns the single result of a literal or pattern expansion.
func (w *wordExp) result() string {
	if w.mode == modeLiteral || w.mode == modePattern {
		if w.buf != nil {
			return string(w.buf)
		}
		return w.str
	}
	w.finish()
	var segs []seg
	switch len(w.fields) {
	case 0:
		return ""
	case 1:
		segs = w.fields[0]
	default:
		for _, f := range w.fields {
			segs = append(segs, f...)
		}
	}
	if w.mode == modePattern {
		return patternSegs(segs)
	}
	return joinSegs(segs)
}

// expandWordString expands w into one string (mode modeLiteral or
// modePattern), with the word's top-level parts in context q.
func (r *Runner) expandWordString(word *syntax.Word, mode expMode, q qctx, tilde bool) (string, error) {
	if word == nil {
		return "", nil
	}
	if len(word.Parts) == 1 {
		if l, ok := word.Parts[0].(*syntax.Lit); ok && simpleLit(l.Value, q) {
			return l.Value, nil
		}
	}
	w := wordExp{r: r, mode: mode}
	if err := w.parts(word.Parts, q, tilde); err != nil {
		return "", err
	}
	return w.result(), nil
}

// simpleLit reports whether literal text expands to itself in context q.
func simpleLit(s string, q qctx) bool {
	if q == qPattern {
		return s == "" || s[0] != '~'
	}
	if strings.IndexByte(s, '\\') >= 0 {
		return false
	}
	return q == qDouble || q == qHeredoc || s == "" || s[0] != '~'
}

// expandFields expands words into command arguments.
func (r *Runner) expandFields(words []*syntax.Word) ([]string, error) {
	out := make([]string, 0, len(words))
	var err error
	for _, word := range words {
		if r.opts.braceexpand && hasBrace(word) {
			bws, err := braceWords(word)
			if err != nil {
				return nil, err
			}
			for _, bw := range bws {
				if out, err = r.expandField(out, bw); err != nil {
					return nil, err
				}
			}
			continue
		}
		if out, err = r.expandField(out, word); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// braceWords brace-expands a word.
func braceWords(word *syntax.Word) ([]*syntax.Word, error) {
	wc := *word
	if !syntax.SplitBraces(&wc) {
		return []*syntax.Word{word}, nil
	}
	var out []*syntax.Word
	for bw, err := range expand.BracesSeq(nil, &wc) {
		if err != nil {
			return nil, err
		}
		out = append(out, bw)
	}
	return out, nil
}

func hasBrace(w *syntax.Word) bool {
	for _, p := range w.Parts {
		if l, ok := p.(*syntax.Lit); ok && strings.IndexByte(l.Value, '{') >= 0 {
			return true
		}
	}
	return false
}

// expandField appends the fields of one word (after brace expansion).
func (r *Runner) expandField(out []string, word *syntax.Word) ([]string, error) {
	if s, ok := r.quickField(word); ok {
		return append(out, s), nil
	}
	w := wordExp{r: r, mode: modeFields}
	if err := w.parts(word.Parts, qNone, true); err != nil {
		return out, err
	}
	w.finish()
	for _, f := range w.fields {
		if !r.opts.noglob {
			if pat, ok := w.globPattern(f); ok {
				matches, err := r.glob(pat)
				if err != nil {
					return out, err
				}
				if len(matches) > 0 {
					out = append(out, matches...)
					continue
				}
				if r.opts.failglob {
					return out, &expandErr{"no match: " + printNode(word)}
				}
				if r.opts.nullglob {
					continue
				}
			}
		}
		out = append(out, joinSegs(f))
	}
	return out, nil
}

// quickField expands the commonest words without the general machinery: a
// plain literal, and "$name" or $name holding a scalar that needs neither
// splitting nor globbing.
func (r *Runner) quickField(word *syntax.Word) (string, bool) {
	if len(word.Parts) != 1 {
		return "", false
	}
	switch p := word.Parts[0].(type) {
	case *syntax.Lit:
		s := p.Value
		if s == "" || strings.IndexByte(s, '\\') >= 0 || strings.IndexByte(s, '~') >= 0 ||
			strings.ContainsAny(s, "*?[") && pattern.HasMeta(s, 0) {
			return "", false
		}
		return s, true
	case *syntax.SglQuoted:
		if p.Dollar {
			return "", false
		}
		return p.Value, true
	case *syntax.DblQuoted:
		if len(p.Parts) != 1 {
			return "", false
		}
		switch q := p.Parts[0].(type) {
		case *syntax.Lit:
			if strings.IndexByte(q.Value, '\\') >= 0 {
				return "", false
			}
			return q.Value, true
		case *syntax.ParamExp:
			return r.quickParam(q)
		}
	case *syntax.ParamExp:
		s, ok := r.quickParam(p)
		if !ok || s == "" || r.needsSplitOrGlob(s) {
			return "", false
		}
		return s, true
	}
	return "", false
}

// quickParam returns the value of a plain $name or ${name} holding a set
// scalar.
func (r *Runner) quickParam(pe *syntax.ParamExp) (string, bool) {
	if pe.Excl || pe.Length || pe.Width || pe.IsSet || pe.Index != nil || pe.Slice != nil || pe.Repl != nil ||
		pe.Exp != nil || pe.Names != 0 || pe.Param == nil {
		return "", false
	}
	name := pe.Param.Value
	if len(name) == 1 && name[0] >= '1' && name[0] <= '9' {
		if n := int(name[0] - '0'); n <= len(r.params) {
			return r.params[n-1], true
		}
		return "", false
	}
	if len(name) == 0 || !(name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z' || name[0] == '_') {
		return "", false
	}
	v, _ := r.vars.find(name)
	if v == nil || v.Kind != expand.String || !v.Set {
		return "", false
	}
	return v.Str, true
}

// needsSplitOrGlob reports whether an unquoted expansion's value may give
// other than one field: it holds an IFS character or a pattern character.
func (r *Runner) needsSplitOrGlob(s string) bool {
	if strings.ContainsAny(s, "*?[") {
		return true
	}
	ifs := " \t\n"
	if v, _ := r.vars.find("IFS"); v != nil {
		if !v.Set || v.Kind != expand.String {
			return true
		}
		ifs = v.Str
	}
	return strings.ContainsAny(s, ifs)
}

// globPattern returns the pattern of a field when it has unquoted pattern
// characters.
func (w *wordExp) globPattern(f []seg) (string, bool) {
	meta := false
	for _, s := range f {
		if s.k != segQuot && strings.ContainsAny(s.s, "*?[") || w.r.opts.extglob && s.k != segQuot && hasExtglob(s.s) {
			meta = true
			break
		}
	}
	if !meta {
		return "", false
	}
	pat := patternSegs(f)
	if pattern.HasMeta(pat, 0) || w.r.opts.extglob && hasExtglob(pat) {
		return pat, true
	}
	return "", false
}

// hasExtglob reports whether s has an extended pattern operator.
func hasExtglob(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i+1] == '(' && strings.IndexByte("?*+@!", s[i]) >= 0 {
			return true
		}
	}
	return false
}

// pwdDir is the directory relative paths are globbed in.
func (r *Runner) pwdDir() string {
	if r.dir != "" {
		return r.dir
	}
	d, _ := os.Getwd()
	return d
}
