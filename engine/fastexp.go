package engine

import (
	"regexp"
	"unicode/utf8"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/pattern"
	"mvdan.cc/sh/v3/syntax"
)

// fastLiteral expands the commonest words without going through
// expand.Literal: a lone ${name#pat} family expansion or ${#name}, bare or
// double-quoted, on a plain scalar with a literal pattern. expand compiles
// a regexp on every pattern removal; here compiled patterns are cached.
// ok is false when the word is not of that shape; the caller then uses
// expand, which gives the same result.
func (r *Runner) fastLiteral(w *syntax.Word) (string, bool) {
	if len(w.Parts) != 1 {
		return "", false
	}
	part := w.Parts[0]
	if dq, isDq := part.(*syntax.DblQuoted); isDq {
		if len(dq.Parts) != 1 {
			return "", false
		}
		part = dq.Parts[0]
	}
	pe, isPe := part.(*syntax.ParamExp)
	if !isPe || pe.Param == nil || pe.Excl || pe.Width || pe.Index != nil || pe.Slice != nil ||
		pe.Repl != nil || pe.Names != 0 || !syntax.ValidName(pe.Param.Value) {
		return "", false
	}
	v := r.lookup(pe.Param.Value)
	if v.Kind != expand.String || !v.IsSet() {
		return "", false // arrays, namerefs, unset (nounset): let expand decide
	}
	if pe.Length {
		if pe.Exp != nil {
			return "", false
		}
		return itoa(utf8.RuneCountInString(v.Str)), true
	}
	if pe.Exp == nil {
		return "", false
	}
	op := pe.Exp.Op
	suffix := op == syntax.RemSmallSuffix || op == syntax.RemLargeSuffix
	small := op == syntax.RemSmallPrefix || op == syntax.RemSmallSuffix
	if !suffix && !small && op != syntax.RemLargePrefix {
		return "", false
	}
	pat, ok := litWord(pe.Exp.Word)
	if !ok {
		return "", false
	}
	rx, ok := r.shared.removeRx(pat, suffix, small)
	if !ok {
		return "", false
	}
	str := v.Str
	if loc := rx.FindStringSubmatchIndex(str); loc != nil {
		str = str[:loc[2]] + str[loc[3]:]
	}
	return str, true
}

// litWord returns a word made only of unquoted literal text.
func litWord(w *syntax.Word) (string, bool) {
	if w == nil {
		return "", true
	}
	if len(w.Parts) == 1 {
		if l, ok := w.Parts[0].(*syntax.Lit); ok {
			return l.Value, true
		}
		return "", false
	}
	s := ""
	for _, p := range w.Parts {
		l, ok := p.(*syntax.Lit)
		if !ok {
			return "", false
		}
		s += l.Value
	}
	return s, true
}

type removeKey struct {
	pat           string
	suffix, small bool
}

// removeRx returns the cached regexp that expand's removePattern builds for
// a pattern removal.
func (sh *shared) removeRx(pat string, suffix, small bool) (*regexp.Regexp, bool) {
	k := removeKey{pat, suffix, small}
	sh.rxMu.Lock()
	rx, ok := sh.removeCache[k]
	sh.rxMu.Unlock()
	if ok {
		return rx, rx != nil
	}
	var mode pattern.Mode
	if small {
		mode |= pattern.Shortest
	}
	expr, err := pattern.Regexp(pat, mode)
	if err == nil {
		switch {
		case suffix && small:
			expr = ".*(" + expr + ")$"
		case suffix:
			expr = "(" + expr + ")$"
		default:
			expr = "^(" + expr + ")"
		}
		rx, err = regexp.Compile(expr)
	}
	if err != nil {
		rx = nil
	}
	sh.rxMu.Lock()
	if sh.removeCache == nil || len(sh.removeCache) > 512 {
		sh.removeCache = make(map[removeKey]*regexp.Regexp)
	}
	sh.removeCache[k] = rx
	sh.rxMu.Unlock()
	return rx, rx != nil
}

// patternRx returns the cached regexp matching a whole string against a
// shell pattern, for case and [[ == ]].
func (sh *shared) patternRx(pat string, nocase bool) (*regexp.Regexp, error) {
	k := removeKey{pat: pat, suffix: nocase, small: true}
	sh.rxMu.Lock()
	rx, ok := sh.matchCache[k]
	sh.rxMu.Unlock()
	if ok {
		return rx, nil
	}
	mode := pattern.EntireString | pattern.ExtendedOperators
	if nocase {
		mode |= pattern.NoGlobCase
	}
	expr, err := pattern.Regexp(pat, mode)
	if err != nil {
		return nil, err
	}
	rx, err = regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	sh.rxMu.Lock()
	if sh.matchCache == nil || len(sh.matchCache) > 512 {
		sh.matchCache = make(map[removeKey]*regexp.Regexp)
	}
	sh.matchCache[k] = rx
	sh.rxMu.Unlock()
	return rx, nil
}
