package engine

import (
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/pattern"
	"mvdan.cc/sh/v3/syntax"
)

// mvdan's expander ignores the anchors of ${name/#pat/rep} and
// ${name/%pat/rep}. rewriteParts routes those expansions, on a scalar, to
// the CmdSubst hook (see countMarker), which evaluates them here.

// isAnchoredRepl reports whether pe is ${name/#pat/rep} or ${name/%pat/rep}
// on a plain name (arrays and $@ stay with the expander: their results are
// several fields, which a substitution cannot return).
func isAnchoredRepl(pe *syntax.ParamExp) bool {
	if pe.Repl == nil || pe.Repl.All || pe.Param == nil || pe.Index != nil || pe.Excl || pe.Length ||
		pe.Slice != nil || pe.Exp != nil || !syntax.ValidName(pe.Param.Value) {
		return false
	}
	anchor, _ := replAnchor(pe.Repl.Orig)
	return anchor != 0
}

// replAnchor returns '#' or '%' when the pattern word starts with one, and
// the pattern without it.
func replAnchor(w *syntax.Word) (byte, *syntax.Word) {
	if w == nil || len(w.Parts) == 0 {
		return 0, w
	}
	l, ok := w.Parts[0].(*syntax.Lit)
	if !ok || l.Value == "" || (l.Value[0] != '#' && l.Value[0] != '%') {
		return 0, w
	}
	rest := &syntax.Word{Parts: append([]syntax.WordPart{&syntax.Lit{ValuePos: l.ValuePos, ValueEnd: l.ValueEnd, Value: l.Value[1:]}}, w.Parts[1:]...)}
	return l.Value[0], rest
}

// anchoredRepl evaluates ${name/#pat/rep} or ${name/%pat/rep} as bash does:
// the longest match of pat at the start (or end) is replaced.
func (r *Runner) anchoredRepl(pe *syntax.ParamExp) (string, error) {
	name := r.resolveRef(pe.Param.Value)
	v := r.lookup(name)
	if !v.IsSet() && r.opts.nounset {
		return "", expand.UnsetParameterError{Node: pe, Message: "unbound variable"}
	}
	str := v.String()
	if v.Kind == expand.Indexed {
		str, _ = arrayGet(v.List, v.Indexes, 0)
	}
	anchor, patWord := replAnchor(pe.Repl.Orig)
	r.nestDepth++
	defer func() { r.nestDepth-- }()
	pat, err := expand.Pattern(r.cfg(), patWord)
	if err != nil {
		return "", err
	}
	with := ""
	if pe.Repl.With != nil {
		if with, err = expand.Literal(r.cfg(), pe.Repl.With); err != nil {
			return "", err
		}
	}
	expr, err := pattern.Regexp(pat, 0)
	if err != nil {
		return str, nil
	}
	if anchor == '#' {
		expr = "^(" + expr + ")"
	} else {
		expr = "(" + expr + ")$"
	}
	rx, err := r.shared.compile(expr)
	if err != nil {
		return str, nil
	}
	loc := rx.FindStringSubmatchIndex(str)
	if loc == nil {
		return str, nil
	}
	if anchor == '%' {
		// The longest suffix: the leftmost start that reaches the end.
		for i := 0; i <= len(str); i++ {
			if m := rx.FindStringSubmatchIndex(str[i:]); m != nil && m[2] == 0 {
				return str[:i] + with, nil
			}
		}
	}
	var b strings.Builder
	b.WriteString(str[:loc[2]])
	b.WriteString(with)
	b.WriteString(str[loc[3]:])
	return b.String(), nil
}
