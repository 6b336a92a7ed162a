package engine

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// pval is the value of a parameter during ${...} expansion: a scalar, or
// a list of elements ("$@", "${a[@]}", "${!a[@]}", ...).
type pval struct {
	str    string
	list   []string
	isList bool
	star   bool // the * form: "$*" joins its elements with IFS's first character
	set    bool // the parameter (or element) is set; for lists, it has elements

	name string // as error messages name it: b, $1, a[0] (see label)
	// idxOf is the array name when name is still to be made from idx:
	// printing the subscript costs a printer, so only errors do it.
	idxOf string
	base  string // the variable, for assignments and attributes ("" for special parameters)
	idx   syntax.ArithmExpr
	sub   string // subscript text of an indirect name a[1]
	v     expand.Variable
}

// label is the parameter as error messages name it.
func (p *pval) label() string {
	if p.idxOf != "" {
		return p.idxOf + "[" + printNode(p.idx) + "]"
	}
	return p.name
}

// joined is the scalar value of a list: "$*" joins with IFS's first
// character, "$@" with a space.
func (w *wordExp) joined(p *pval) string {
	if !p.isList {
		return p.str
	}
	if p.star {
		return strings.Join(p.list, w.ifsFirst())
	}
	return strings.Join(p.list, " ")
}

func (p *pval) mapElems(f func(string) string) {
	if !p.isList {
		p.str = f(p.str)
		return
	}
	out := make([]string, len(p.list))
	for i, s := range p.list {
		out[i] = f(s)
	}
	p.list = out
}

func isAllSub(idx syntax.ArithmExpr) (string, bool) {
	w, ok := idx.(*syntax.Word)
	if !ok || len(w.Parts) != 1 {
		return "", false
	}
	l, ok := w.Parts[0].(*syntax.Lit)
	if !ok || (l.Value != "@" && l.Value != "*") {
		return "", false
	}
	return l.Value, true
}

func isSpecialParam(name string) bool {
	if name == "" {
		return false
	}
	c := name[0]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_')
}

// fetch gets the value of parameter name, with subscript idx (or the
// subscript text sub, from an indirect name such as a[1]).
func (w *wordExp) fetch(name string, idx syntax.ArithmExpr, sub string, hasSub bool) (pval, error) {
	r := w.r
	p := pval{name: name}
	switch name {
	case "@", "*":
		p.list, p.isList, p.star, p.set = r.params, true, name == "*", len(r.params) > 0
		return p, nil
	}
	if isSpecialParam(name) {
		if name[0] >= '0' && name[0] <= '9' {
			p.name = "$" + name
		}
		p.v = r.lookup(name)
		p.str, p.set = p.v.String(), p.v.IsSet()
		return p, nil
	}
	base := r.resolveRef(name)
	if i := strings.IndexByte(base, '['); i > 0 && base[len(base)-1] == ']' && !hasSub && idx == nil {
		base, sub, hasSub = base[:i], base[i+1:len(base)-1], true
		base = r.resolveRef(base)
	}
	p.base = base
	v := r.lookup(base)
	p.v = v
	if idx == nil && !hasSub {
		switch v.Kind {
		case expand.Indexed:
			p.str, p.set = arrayGet(v.List, v.Indexes, 0)
		case expand.Associative:
			p.str, p.set = v.Map["0"]
		case expand.NameRef:
			p.str, p.set = "", false
		default:
			p.str, p.set = v.Str, v.IsSet()
		}
		return p, nil
	}
	all := ""
	if idx != nil {
		all, _ = isAllSub(idx)
		p.idxOf = name
	} else {
		if sub == "@" || sub == "*" {
			all = sub
		}
		p.name = name + "[" + sub + "]"
	}
	p.idx, p.sub = idx, sub
	if all != "" {
		p.isList, p.star = true, all == "*"
		switch v.Kind {
		case expand.Indexed, expand.Associative:
			p.list = arrayValues(v)
		case expand.String:
			if v.IsSet() {
				p.list = []string{v.Str}
			}
		}
		p.set = len(p.list) > 0
		return p, nil
	}
	switch v.Kind {
	case expand.Associative:
		key, err := w.assocKey(idx, sub)
		if err != nil {
			return p, err
		}
		p.str, p.set = v.Map[key]
		return p, nil
	}
	var k int
	var err error
	if idx != nil {
		k, err = r.arith(idx)
	} else {
		k, err = r.arithString(sub)
	}
	if err != nil {
		return p, err
	}
	switch v.Kind {
	case expand.Indexed:
		if k < 0 {
			k += arrayMax(v.List, v.Indexes) + 1
			if k < 0 {
				r.errorf("%s: bad array subscript", name)
				return p, nil
			}
		}
		p.str, p.set = arrayGet(v.List, v.Indexes, k)
	default:
		if k == 0 && v.IsSet() && v.Kind != expand.NameRef {
			p.str, p.set = v.Str, true
		} else if k < 0 && v.IsSet() {
			r.errorf("%s: bad array subscript", name)
		}
	}
	return p, nil
}

// assocKey expands the key of an associative array element.
func (w *wordExp) assocKey(idx syntax.ArithmExpr, sub string) (string, error) {
	if idx == nil {
		return sub, nil
	}
	if word, ok := idx.(*syntax.Word); ok {
		return w.r.expandWordString(word, modeLiteral, qNone, false)
	}
	return w.r.keyText(idx), nil
}

// param expands ${...} (or $name) in context q.
func (w *wordExp) param(pe *syntax.ParamExp, q qctx) error {
	p, operand, oq, err := w.paramValue(pe, q)
	if err != nil {
		return err
	}
	if operand != nil {
		return w.parts(operand.Parts, oq, oq == qOperand || oq == qPattern)
	}
	w.emitVal(&p, q)
	return nil
}

// emitVal appends a parameter's value in context q.
func (w *wordExp) emitVal(p *pval, q qctx) {
	k := kindIn(q)
	if !p.isList {
		w.addSeg(p.str, k)
		return
	}
	if w.mode != modeFields {
		if p.star || k == segExp {
			// x=$* joins with IFS, x=$@ with spaces.
			w.addSeg(w.joined(p), k)
			return
		}
		w.addSeg(strings.Join(p.list, " "), k)
		return
	}
	if k == segQuot {
		if p.star {
			w.addSeg(w.joined(p), segQuot)
			return
		}
		for i, s := range p.list {
			if i > 0 {
				w.breakField()
			}
			w.addSeg(s, segQuot)
		}
		return
	}
	w.loadIFS()
	if w.ifs != "" {
		w.addSeg(strings.Join(p.list, w.ifsFirst()), segExp)
		return
	}
	for i, s := range p.list {
		if i > 0 {
			w.breakField()
		}
		w.addSeg(s, segExp)
	}
}

func badSubst(pe *syntax.ParamExp) error {
	return &expandErr{printNode(pe) + ": bad substitution"}
}

// operandCtx is the context the word of ${x-word} expands in.
func operandCtx(q qctx) qctx {
	switch q {
	case qDouble, qHeredoc:
		return qDouble
	case qPattern, qRepl:
		return q
	}
	return qOperand
}

// paramValue evaluates a parameter expansion. When the result is the word
// of ${x-word} or ${x+word}, it returns that word and its context instead,
// for the caller to expand in place.
func (w *wordExp) paramValue(pe *syntax.ParamExp, q qctx) (p pval, operand *syntax.Word, oq qctx, err error) {
	r := w.r
	if pe.Param == nil || pe.Width || pe.IsSet {
		return p, nil, 0, badSubst(pe)
	}
	name := pe.Param.Value
	quoted := q == qDouble || q == qHeredoc

	if pe.Excl {
		switch {
		case pe.Names != 0:
			p = pval{list: r.namesWithPrefix(name), isList: true, star: pe.Names == syntax.NamesPrefix, set: true}
			return p, nil, 0, nil
		case pe.Index != nil:
			if all, ok := isAllSub(pe.Index); ok {
				v := r.lookup(r.resolveRef(name))
				p = pval{list: arrayKeys(v), isList: true, star: all == "*"}
				p.set = len(p.list) > 0
				return p, nil, 0, nil
			}
		}
		if v, _ := r.vars.find(name); v != nil && v.Kind == expand.NameRef && pe.Index == nil {
			// ${!ref} is the name a nameref refers to.
			p = pval{str: v.Str, set: v.Str != "", name: name}
		} else {
			ip, err := w.fetch(name, pe.Index, "", false)
			if err != nil {
				return p, nil, 0, err
			}
			if !ip.set && !ip.isList {
				return p, nil, 0, &lineErr{ip.label() + ": invalid indirect expansion"}
			}
			target := w.joined(&ip)
			if !validIndirect(target) {
				return p, nil, 0, &lineErr{target + ": invalid variable name"}
			}
			p, err = w.fetch(target, nil, "", false)
			if err != nil {
				return p, nil, 0, err
			}
			p.name, p.idxOf = "!"+name, ""
		}
	} else {
		p, err = w.fetch(name, pe.Index, "", false)
		if err != nil {
			return p, nil, 0, err
		}
	}

	if pe.Length {
		if !p.set && !p.isList && r.opts.nounset && name != "@" && name != "*" {
			return p, nil, 0, &expandErr{p.label() + ": unbound variable"}
		}
		if p.isList {
			if !p.set && r.opts.nounset && pe.Index != nil && !p.v.IsSet() {
				return p, nil, 0, &expandErr{name + ": unbound variable"}
			}
			return pval{str: itoa(len(p.list)), set: true}, nil, 0, nil
		}
		return pval{str: itoa(utf8.RuneCountInString(p.str)), set: true}, nil, 0, nil
	}

	if pe.Exp != nil {
		switch op := pe.Exp.Op; op {
		case syntax.DefaultUnset, syntax.DefaultUnsetOrNull,
			syntax.AlternateUnset, syntax.AlternateUnsetOrNull,
			syntax.AssignUnset, syntax.AssignUnsetOrNull,
			syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
			return w.defaultOps(pe, p, q)
		}
	}
	if !p.set && !p.isList && r.opts.nounset {
		return p, nil, 0, &expandErr{p.label() + ": unbound variable"}
	}

	switch {
	case pe.Slice != nil:
		if err := w.slice(pe, &p); err != nil {
			return p, nil, 0, err
		}
	case pe.Repl != nil:
		if err := w.replace(pe, &p); err != nil {
			return p, nil, 0, err
		}
	case pe.Exp != nil:
		if err := w.otherOps(pe, &p, quoted); err != nil {
			return p, nil, 0, err
		}
	}
	return p, nil, 0, nil
}

// validIndirect reports whether s names a parameter: a name, a name with
// a subscript, a positional or special parameter.
func validIndirect(s string) bool {
	if s == "" {
		return false
	}
	if syntax.ValidName(s) {
		return true
	}
	if i := strings.IndexByte(s, '['); i > 0 && s[len(s)-1] == ']' {
		return syntax.ValidName(s[:i])
	}
	if len(s) == 1 && strings.IndexByte("@*#?-$!0", s[0]) >= 0 {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// arrayKeys returns the indexes of an indexed array or the sorted keys of
// an associative one.
func arrayKeys(v expand.Variable) []string {
	switch v.Kind {
	case expand.Indexed:
		ids := arrayIndexes(v.List, v.Indexes)
		out := make([]string, len(ids))
		for i, k := range ids {
			out[i] = itoa(k)
		}
		return out
	case expand.Associative:
		return slices.Sorted(maps.Keys(v.Map))
	case expand.String:
		if v.IsSet() {
			return []string{"0"}
		}
	}
	return nil
}

// namesWithPrefix returns the sorted names of the set variables that start
// with prefix.
func (r *Runner) namesWithPrefix(prefix string) []string {
	var names []string
	r.vars.each(func(name string, v *variable) bool {
		if strings.HasPrefix(name, prefix) && (v.Set || v.Kind == expand.Indexed || v.Kind == expand.Associative) {
			names = append(names, name)
		}
		return true
	})
	slices.Sort(names)
	return names
}

// defaultOps evaluates ${x-w} ${x:-w} ${x+w} ${x:+w} ${x=w} ${x:=w}
// ${x?w} ${x:?w}.
func (w *wordExp) defaultOps(pe *syntax.ParamExp, p pval, q qctx) (pval, *syntax.Word, qctx, error) {
	r := w.r
	op := pe.Exp.Op
	colon := op == syntax.DefaultUnsetOrNull || op == syntax.AlternateUnsetOrNull ||
		op == syntax.AssignUnsetOrNull || op == syntax.ErrorUnsetOrNull
	null := !p.set
	if colon && !null {
		null = w.joined(&p) == ""
	}
	switch op {
	case syntax.AlternateUnset, syntax.AlternateUnsetOrNull:
		if null {
			if p.isList {
				return p, nil, 0, nil
			}
			return pval{set: true}, nil, 0, nil
		}
		return p, pe.Exp.Word, operandCtx(q), nil
	case syntax.DefaultUnset, syntax.DefaultUnsetOrNull:
		if !null {
			return p, nil, 0, nil
		}
		if pe.Exp.Word == nil {
			return pval{set: true}, nil, 0, nil
		}
		return p, pe.Exp.Word, operandCtx(q), nil
	case syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
		if !null {
			return p, nil, 0, nil
		}
		msg, err := r.expandWordString(pe.Exp.Word, modeLiteral, operandCtx(q), true)
		if err != nil {
			return p, nil, 0, err
		}
		if msg == "" {
			if colon {
				msg = "parameter null or not set"
			} else {
				msg = "parameter not set"
			}
		}
		name := pe.Param.Value
		if p.idx != nil {
			name = p.label()
		}
		return p, nil, 0, &expandErr{name + ": " + msg}
	}
	// Assignment.
	if !null {
		return p, nil, 0, nil
	}
	val, err := r.expandWordString(pe.Exp.Word, modeLiteral, operandCtx(q), true)
	if err != nil {
		return p, nil, 0, err
	}
	if p.base == "" || pe.Excl {
		n := pe.Param.Value
		if isSpecialParam(n) {
			n = "$" + n
		}
		return p, nil, 0, &lineErr{n + ": cannot assign in this way"}
	}
	if p.idx != nil || p.sub != "" {
		key := p.sub
		isAssoc := p.v.Kind == expand.Associative
		if p.idx != nil {
			if all, ok := isAllSub(p.idx); ok {
				return p, nil, 0, &lineErr{p.base + "[" + all + "]: bad array subscript"}
			}
			if isAssoc {
				key, err = w.assocKey(p.idx, "")
			} else {
				var k int
				k, err = r.arith(p.idx)
				key = itoa(k)
			}
			if err != nil {
				return p, nil, 0, err
			}
		}
		err = r.setElem(p.base, key, isAssoc, val, false)
	} else {
		err = r.setString(p.base, val)
	}
	if err != nil {
		return p, nil, 0, &expandErr{err.Error()}
	}
	np, err := w.fetch(pe.Param.Value, pe.Index, "", false)
	if err != nil {
		return p, nil, 0, err
	}
	return np, nil, 0, nil
}

// slice evaluates ${x:offset:length}.
func (w *wordExp) slice(pe *syntax.ParamExp, p *pval) error {
	r := w.r
	off, length := 0, 0
	hasLen := pe.Slice.Length != nil
	var err error
	if pe.Slice.Offset != nil {
		if off, err = r.arith(pe.Slice.Offset); err != nil {
			return err
		}
	}
	if hasLen {
		if length, err = r.arith(pe.Slice.Length); err != nil {
			return err
		}
	}
	if p.isList {
		list := p.list
		name := pe.Param.Value
		positional := (name == "@" || name == "*") && !pe.Excl
		if positional {
			list = append([]string{r.arg0}, list...)
		}
		var start int
		if p.v.Kind == expand.Indexed && p.v.Indexes != nil && !positional {
			// Sparse arrays slice by index.
			ids := p.v.Indexes
			if off < 0 {
				off += ids[len(ids)-1] + 1
				if off < 0 {
					p.list = nil
					return nil
				}
			}
			start, _ = slices.BinarySearch(ids, off)
		} else {
			start = off
			if start < 0 {
				start += len(list)
				if start < 0 {
					p.list = nil
					return nil
				}
			}
			if positional && off == 0 && len(list) == 1 {
				// ${@:0} with no parameters is $0.
				start = 0
			}
		}
		if start > len(list) {
			start = len(list)
		}
		list = list[start:]
		if hasLen {
			if length < 0 {
				return &arithErr{expr: itoa(length), msg: "substring expression < 0"}
			}
			if length < len(list) {
				list = list[:length]
			}
		}
		p.list = list
		return nil
	}
	s := p.str
	n := utf8.RuneCountInString(s)
	if off < 0 {
		off += n
		if off < 0 {
			p.str = ""
			return nil
		}
	}
	if off > n {
		p.str = ""
		return nil
	}
	end := n
	if hasLen {
		if length < 0 {
			end = n + length
			if end < off {
				return &arithErr{expr: itoa(length), msg: "substring expression < 0"}
			}
		} else if off+length < n {
			end = off + length
		}
	}
	if n == len(s) {
		p.str = s[off:end]
		return nil
	}
	rs := []rune(s)
	p.str = string(rs[off:end])
	return nil
}

// patternOf expands the pattern word of an operator.
func (w *wordExp) patternOf(word *syntax.Word) (string, error) {
	return w.r.expandWordString(word, modePattern, qPattern, true)
}

// otherOps evaluates # ## % %% ^ ^^ , ,, and @op.
func (w *wordExp) otherOps(pe *syntax.ParamExp, p *pval, quoted bool) error {
	r := w.r
	switch op := pe.Exp.Op; op {
	case syntax.RemSmallPrefix, syntax.RemLargePrefix, syntax.RemSmallSuffix, syntax.RemLargeSuffix:
		pat, err := w.patternOf(pe.Exp.Word)
		if err != nil {
			return err
		}
		suffix := op == syntax.RemSmallSuffix || op == syntax.RemLargeSuffix
		small := op == syntax.RemSmallPrefix || op == syntax.RemSmallSuffix
		if !p.isList {
			if out, ok := quickRemoveOne(p.str, pat, suffix, small, r.opts.extglob); ok {
				p.str = out
				return nil
			}
		} else if f := quickRemove(pat, suffix, small, r.opts.extglob); f != nil {
			p.mapElems(f)
			return nil
		}
		rx, ok := r.shared.removeRx(pat, suffix, small, r.opts.extglob)
		if !ok {
			return nil
		}
		p.mapElems(func(s string) string {
			if loc := rx.FindStringSubmatchIndex(s); loc != nil {
				return s[:loc[2]] + s[loc[3]:]
			}
			return s
		})
	case syntax.UpperFirst, syntax.UpperAll, syntax.LowerFirst, syntax.LowerAll:
		pat := "?"
		if pe.Exp.Word != nil {
			var err error
			if pat, err = w.patternOf(pe.Exp.Word); err != nil {
				return err
			}
			if pat == "" {
				pat = "?"
			}
		}
		match := r.shared.matcher(pat, false)
		conv := unicode.ToLower
		if op == syntax.UpperFirst || op == syntax.UpperAll {
			conv = unicode.ToUpper
		}
		all := op == syntax.UpperAll || op == syntax.LowerAll
		p.mapElems(func(s string) string {
			var b strings.Builder
			for i, c := range s {
				if (all || i == 0) && match(string(c)) {
					c = conv(c)
				}
				b.WriteRune(c)
			}
			return b.String()
		})
	case syntax.OtherParamOps:
		return w.transform(pe, p)
	default:
		return badSubst(pe)
	}
	return nil
}

// transform evaluates ${x@op}.
func (w *wordExp) transform(pe *syntax.ParamExp, p *pval) error {
	r := w.r
	op := ""
	if pe.Exp.Word != nil {
		op = pe.Exp.Word.Lit()
	}
	var attrs *variable
	if p.base != "" {
		attrs, _ = r.vars.find(p.base)
	}
	switch op {
	case "Q":
		if !p.set && !p.isList {
			return nil
		}
		p.mapElems(bashQuote)
	case "E":
		p.mapElems(dollarQuote)
	case "P":
		p.mapElems(func(s string) string { return r.promptString(s) })
	case "u":
		p.mapElems(func(s string) string {
			c, n := utf8.DecodeRuneInString(s)
			if n == 0 {
				return s
			}
			return string(unicode.ToUpper(c)) + s[n:]
		})
	case "U":
		p.mapElems(strings.ToUpper)
	case "L":
		p.mapElems(strings.ToLower)
	case "a":
		flags := ""
		if attrs != nil {
			flags = declFlags(attrs)
		}
		if !p.set && !p.isList && (attrs == nil || attrs.Kind != expand.Indexed && attrs.Kind != expand.Associative) {
			p.str = ""
			return nil
		}
		p.mapElems(func(string) string { return flags })
	case "A":
		if attrs == nil {
			*p = pval{set: true}
			return nil
		}
		flags := declFlags(attrs)
		if !p.set && !p.isList {
			s := ""
			if flags != "" && (attrs.Kind == expand.Indexed || attrs.Kind == expand.Associative) {
				s = "declare -" + flags + " " + p.base
			}
			*p = pval{str: s, set: true}
			return nil
		}
		if p.isList && (attrs.Kind == expand.Indexed || attrs.Kind == expand.Associative) {
			text := declText(p.base, attrs)
			decl, rest, _ := strings.Cut(text, " ")
			fl, rest, _ := strings.Cut(rest, " ")
			*p = pval{list: []string{decl, fl, rest}, isList: true, set: true}
			return nil
		}
		s := p.base + "=" + bashQuote(p.str)
		if flags != "" {
			s = "declare -" + flags + " " + s
		}
		*p = pval{str: s, set: true}
	case "K", "k":
		if p.isList && attrs != nil && (attrs.Kind == expand.Indexed || attrs.Kind == expand.Associative) {
			keys := arrayKeys(attrs.Variable)
			if op == "k" {
				var list []string
				for _, k := range keys {
					list = append(list, k, elemOf(attrs.Variable, k))
				}
				*p = pval{list: list, isList: true, set: true}
				return nil
			}
			var b strings.Builder
			for i, k := range keys {
				if i > 0 && attrs.Kind == expand.Indexed {
					b.WriteByte(' ')
				}
				kq := k
				if attrs.Kind == expand.Associative {
					kq = assocKeyQuote(k)
				}
				b.WriteString(kq + " " + quoteValue(elemOf(attrs.Variable, k)))
				if attrs.Kind == expand.Associative {
					b.WriteByte(' ')
				}
			}
			*p = pval{str: b.String(), set: true}
			return nil
		}
		if !p.set && !p.isList {
			return nil
		}
		p.mapElems(bashQuote)
	default:
		return badSubst(pe)
	}
	return nil
}

func elemOf(v expand.Variable, k string) string {
	if v.Kind == expand.Associative {
		return v.Map[k]
	}
	n, _ := strconv.Atoi(k)
	s, _ := arrayGet(v.List, v.Indexes, n)
	return s
}

func assocKeyQuote(k string) string {
	if k == "" || strings.ContainsAny(k, " \t\n\"'$`\\*?[]") {
		return quoteValue(k)
	}
	return k
}

// bashQuote quotes s as bash's ${x@Q} does: in single quotes, or as
// $'...' when s has control characters.
func bashQuote(s string) string {
	ansi := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			ansi = true
			break
		}
	}
	if !ansi {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\v':
			b.WriteString(`\v`)
		case 0x1b:
			b.WriteString(`\E`)
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		default:
			if c < 0x20 || c == 0x7f {
				b.WriteByte('\\')
				b.WriteByte('0' + c>>6)
				b.WriteByte('0' + c>>3&7)
				b.WriteByte('0' + c&7)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// promptString expands s as a prompt (${x@P}).
func (r *Runner) promptString(s string) string {
	s = r.promptEscapes(s, 0)
	if !strings.ContainsAny(s, "$`") {
		return unquotePrompt(s)
	}
	word, err := newParser().Document(strings.NewReader(s))
	if err != nil {
		return unquotePrompt(s)
	}
	rewriteArith(word)
	out, err := r.document(word)
	if err != nil {
		return unquotePrompt(s)
	}
	return out
}

// replace evaluates ${x/pat/rep}, ${x//pat/rep}, ${x/#pat/rep} and
// ${x/%pat/rep}, with bash 5.2's patsub_replacement: an unquoted & in rep
// stands for the matched text.
func (w *wordExp) replace(pe *syntax.ParamExp, p *pval) error {
	r := w.r
	anchor, patWord := replAnchor(pe.Repl.Orig)
	pat, err := w.patternOf(patWord)
	if err != nil {
		return err
	}
	if pat == "" && anchor == 0 {
		return nil
	}
	var rep []seg
	if pe.Repl.With != nil {
		rw := wordExp{r: r, mode: modeSegs}
		if err := rw.parts(pe.Repl.With.Parts, qRepl, true); err != nil {
			return err
		}
		rw.finish()
		for _, f := range rw.fields {
			rep = append(rep, f...)
		}
	}
	hasAmp := false
	for _, s := range rep {
		if s.k != segQuot && strings.IndexByte(s.s, '&') >= 0 {
			hasAmp = true
			break
		}
	}
	plain := joinSegs(rep)
	with := func(m string) string {
		if !hasAmp {
			return plain
		}
		var b strings.Builder
		for _, s := range rep {
			if s.k == segQuot {
				b.WriteString(s.s)
				continue
			}
			t := s.s
			for i := 0; i < len(t); i++ {
				switch {
				case t[i] == '\\' && i+1 < len(t) && t[i+1] == '&':
					b.WriteByte('&')
					i++
				case t[i] == '&':
					b.WriteString(m)
				default:
					b.WriteByte(t[i])
				}
			}
		}
		return b.String()
	}
	switch anchor {
	case '#':
		rx := r.shared.anchoredRx(pat, '#', r.opts.extglob)
		if rx == nil {
			return nil
		}
		p.mapElems(func(s string) string {
			loc := rx.FindStringIndex(s)
			if loc == nil {
				return s
			}
			return with(s[:loc[1]]) + s[loc[1]:]
		})
	case '%':
		rx := r.shared.anchoredRx(pat, '%', r.opts.extglob)
		if rx == nil {
			return nil
		}
		p.mapElems(func(s string) string {
			for i := 0; i <= len(s); i++ {
				if rx.MatchString(s[i:]) {
					return s[:i] + with(s[i:])
				}
			}
			return s
		})
	default:
		rx := r.shared.anchoredRx(pat, 0, r.opts.extglob)
		if rx == nil {
			return nil
		}
		n := 1
		if pe.Repl.All {
			n = -1
		}
		p.mapElems(func(s string) string {
			locs := rx.FindAllStringIndex(s, n)
			if locs == nil {
				return s
			}
			var b strings.Builder
			last := 0
			for _, loc := range locs {
				if loc[0] == loc[1] && pat != "" {
					continue // bash does not replace empty matches
				}
				b.WriteString(s[last:loc[0]])
				b.WriteString(with(s[loc[0]:loc[1]]))
				last = loc[1]
			}
			b.WriteString(s[last:])
			return b.String()
		})
	}
	return nil
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

// isAnchoredRepl reports whether pe is ${name/#pat/rep} or
// ${name/%pat/rep} on a plain name, which rewriteParts routes through the
// command substitution hook (see countMarker).
func isAnchoredRepl(pe *syntax.ParamExp) bool {
	if pe.Repl == nil || pe.Repl.All || pe.Param == nil || pe.Index != nil || pe.Excl || pe.Length ||
		pe.Slice != nil || pe.Exp != nil || !syntax.ValidName(pe.Param.Value) {
		return false
	}
	anchor, _ := replAnchor(pe.Repl.Orig)
	return anchor != 0
}

// plainPattern reports whether pat has no pattern characters.
func plainPattern(pat string, ext bool) bool {
	return !strings.ContainsAny(pat, "*?[\\") && !(ext && hasExtglob(pat))
}

// quickRemove returns the removal of the commonest patterns, which need
// no regexp: a plain string, *text for prefixes and text* for suffixes;
// nil for other patterns.
func quickRemove(pat string, suffix, small, ext bool) func(string) string {
	if _, ok := quickRemoveOne("", pat, suffix, small, ext); !ok {
		return nil
	}
	return func(s string) string {
		out, _ := quickRemoveOne(s, pat, suffix, small, ext)
		return out
	}
}

// quickRemoveOne removes pat from s when quickRemove handles pat.
func quickRemoveOne(s, pat string, suffix, small, ext bool) (string, bool) {
	switch {
	case plainPattern(pat, ext):
		if suffix {
			return strings.TrimSuffix(s, pat), true
		}
		return strings.TrimPrefix(s, pat), true
	case !suffix && pat[0] == '*' && plainPattern(pat[1:], ext):
		lit := pat[1:]
		i := strings.Index(s, lit)
		if !small {
			i = strings.LastIndex(s, lit)
		}
		if i < 0 {
			return s, true
		}
		return s[i+len(lit):], true
	case suffix && pat[len(pat)-1] == '*' && plainPattern(pat[:len(pat)-1], ext):
		lit := pat[:len(pat)-1]
		i := strings.LastIndex(s, lit)
		if !small {
			i = strings.Index(s, lit)
		}
		if i < 0 {
			return s, true
		}
		return s[:i], true
	}
	return s, false
}
