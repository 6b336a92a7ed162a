package engine

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// The engine evaluates arithmetic itself instead of with expand.Arithm,
// because bash's rules differ from mvdan's in ways scripts rely on: a
// variable whose value is an expression is evaluated recursively
// (a='b + 1'), words with expansions are substituted as text before the
// expression is parsed ($expr * 2 with expr='3 + 4' is 11), array elements
// are assignable (a[i] += 2), literals wrap on overflow, shift counts are
// taken modulo 64, and errors name the expression and its token.
//
// $(( )) inside words is expanded by mvdan's expander, which has no hook
// for it; rewriteArith (below) turns those nodes into marked command
// substitutions, which the runner's CmdSubst hook evaluates here.

// arithErr is an arithmetic error, printed as bash does:
// `expr: message (error token is "tok")`.
type arithErr struct{ expr, msg, tok string }

func (e *arithErr) Error() string {
	s := e.expr + ": " + e.msg
	if e.tok != "" {
		s += ` (error token is "` + e.tok + `")`
	}
	return s
}

// maxArithDepth bounds the recursive evaluation of variable values.
const maxArithDepth = 1024

// arith evaluates a parsed arithmetic expression.
func (r *Runner) arith(x syntax.ArithmExpr) (int, error) {
	if x == nil {
		return 0, nil
	}
	ev := arithEval{r: r}
	if !ev.collect(x) {
		return 0, ev.err
	}
	var n int
	var err error
	if ev.text {
		// Some expansion produced more than a number or a name: bash
		// substitutes it as text and parses the result.
		var b strings.Builder
		ev.render(&b, x)
		n, err = r.arithStr(b.String(), 0)
	} else {
		n, err = ev.eval(x)
	}
	if err != nil {
		if ae, ok := err.(*arithErr); ok && ae.expr == "" {
			ae.expr = renderArith(x)
		}
		return 0, err
	}
	return n, nil
}

// arithString evaluates s as an arithmetic expression.
func (r *Runner) arithString(s string) (int, error) {
	return r.arithStr(s, 0)
}

func (r *Runner) arithStr(s string, depth int) (int, error) {
	if n, ok := quickInt(s); ok {
		return n, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, nil
	}
	if depth >= maxArithDepth {
		return 0, &arithErr{expr: t, msg: "expression recursion level exceeded", tok: t}
	}
	if syntax.ValidName(t) {
		ev := arithEval{r: r, depth: depth}
		return ev.nameValue(t)
	}
	expr, err := newParser().Arithmetic(strings.NewReader(t))
	if err == nil && expr != nil {
		if end := int(expr.End().Offset()); end < len(t) {
			return 0, &arithErr{expr: t, msg: "syntax error in expression", tok: strings.TrimSpace(t[end:])}
		}
	}
	if err != nil || expr == nil {
		tok := t
		if pe, ok := err.(syntax.ParseError); ok {
			if c := int(pe.Pos.Col()) - 1; c >= 0 && c < len(t) {
				tok = t[c:]
			}
		}
		return 0, &arithErr{expr: t, msg: "syntax error in expression", tok: tok}
	}
	ev := arithEval{r: r, depth: depth + 1}
	if !ev.collect(expr) {
		return 0, ev.err
	}
	n, err := ev.eval(expr)
	if ae, ok := err.(*arithErr); ok && ae.expr == "" {
		ae.expr = t
	}
	return n, err
}

// quickInt parses a plain decimal number, the common case.
func quickInt(s string) (int, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	i := 0
	neg := false
	if s[0] == '-' {
		neg = true
		i = 1
		if len(s) == 1 {
			return 0, false
		}
	}
	if s[i] == '0' && len(s) > i+1 {
		return 0, false // octal or hex
	}
	n := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// arithEval is one evaluation: the words that needed expanding, expanded
// once and in order before anything is computed, as bash does.
type arithEval struct {
	r     *Runner
	depth int
	words []*syntax.Word
	vals  []string
	text  bool
	err   error
}

// isVarWord reports whether w is a bare array element reference a[i], and
// returns its parts.
func elemRef(w *syntax.Word) (*syntax.ParamExp, bool) {
	if len(w.Parts) != 1 {
		return nil, false
	}
	pe, ok := w.Parts[0].(*syntax.ParamExp)
	if !ok || !pe.Short || pe.Index == nil || pe.Param == nil {
		return nil, false
	}
	return pe, true
}

func plainLit(w *syntax.Word) (string, bool) {
	if len(w.Parts) == 1 {
		if l, ok := w.Parts[0].(*syntax.Lit); ok {
			return l.Value, true
		}
	}
	return "", false
}

// collect expands every word with an expansion in x, in source order.
func (ev *arithEval) collect(x syntax.ArithmExpr) bool {
	switch x := x.(type) {
	case *syntax.Word:
		if _, ok := plainLit(x); ok {
			return true
		}
		if pe, ok := elemRef(x); ok {
			return ev.collect(pe.Index)
		}
		s, err := ev.r.literal(x)
		if err != nil {
			ev.err = err
			return false
		}
		ev.words = append(ev.words, x)
		ev.vals = append(ev.vals, s)
		if !ev.text {
			t := strings.TrimSpace(s)
			if _, ok := quickInt(t); !ok && !syntax.ValidName(t) && !isNumLit(t) {
				ev.text = true
			}
		}
		return true
	case *syntax.BinaryArithm:
		return ev.collect(x.X) && ev.collect(x.Y)
	case *syntax.UnaryArithm:
		return ev.collect(x.X)
	case *syntax.ParenArithm:
		return ev.collect(x.X)
	}
	return true
}

// isWordy reports whether s is one token of a number: digits, letters,
// '#', '@' and '_'.
func isWordy(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '#' || c == '@' || c == '_') {
			return false
		}
	}
	return true
}

func isNumLit(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	_, err := parseArithNum(s)
	return err == nil
}

// wordText returns the expanded text of a word of the expression.
func (ev *arithEval) wordText(w *syntax.Word) string {
	if s, ok := plainLit(w); ok {
		return s
	}
	for i, x := range ev.words {
		if x == w {
			return ev.vals[i]
		}
	}
	return ""
}

// render writes the expression as text, with expansions substituted.
func (ev *arithEval) render(b *strings.Builder, x syntax.ArithmExpr) {
	switch x := x.(type) {
	case *syntax.Word:
		if pe, ok := elemRef(x); ok {
			b.WriteString(pe.Param.Value)
			b.WriteByte('[')
			ev.render(b, pe.Index)
			b.WriteByte(']')
			return
		}
		if ev == nil {
			b.WriteString(printNode(x))
			return
		}
		b.WriteString(ev.wordText(x))
	case *syntax.BinaryArithm:
		ev.render(b, x.X)
		if x.Op != syntax.Comma {
			b.WriteByte(' ')
		}
		b.WriteString(x.Op.String())
		b.WriteByte(' ')
		ev.render(b, x.Y)
	case *syntax.UnaryArithm:
		if x.Post {
			ev.render(b, x.X)
			b.WriteString(x.Op.String())
			return
		}
		b.WriteString(x.Op.String())
		var sb strings.Builder
		ev.render(&sb, x.X)
		if s := sb.String(); s != "" && (s[0] == '-' || s[0] == '+') {
			b.WriteByte(' ')
		}
		b.WriteString(sb.String())
	case *syntax.ParenArithm:
		b.WriteByte('(')
		ev.render(b, x.X)
		b.WriteByte(')')
	}
}

// keyText renders a subscript the parser read as arithmetic back to the
// text of an associative array key, expanding its words.
func (r *Runner) keyText(x syntax.ArithmExpr) string {
	switch x := x.(type) {
	case *syntax.Word:
		if s, err := r.literal(x); err == nil {
			return s
		}
		return printNode(x)
	case *syntax.BinaryArithm:
		return r.keyText(x.X) + x.Op.String() + r.keyText(x.Y)
	case *syntax.UnaryArithm:
		if x.Post {
			return r.keyText(x.X) + x.Op.String()
		}
		return x.Op.String() + r.keyText(x.X)
	case *syntax.ParenArithm:
		return "(" + r.keyText(x.X) + ")"
	}
	return ""
}

// renderArith renders an expression for error messages and xtrace.
func renderArith(x syntax.ArithmExpr) string {
	var b strings.Builder
	var ev *arithEval
	ev.render(&b, x)
	return b.String()
}

func (ev *arithEval) eval(x syntax.ArithmExpr) (int, error) {
	switch x := x.(type) {
	case *syntax.Word:
		if pe, ok := elemRef(x); ok {
			s, err := ev.elemGet(pe)
			if err != nil {
				return 0, err
			}
			return ev.value(s)
		}
		return ev.value(ev.wordText(x))
	case *syntax.ParenArithm:
		return ev.eval(x.X)
	case *syntax.UnaryArithm:
		switch x.Op {
		case syntax.Inc, syntax.Dec:
			old, err := ev.lvalueGet(x.X)
			if err != nil {
				return 0, err
			}
			n := old + 1
			if x.Op == syntax.Dec {
				n = old - 1
			}
			if err := ev.lvalueSet(x.X, n); err != nil {
				return 0, err
			}
			if x.Post {
				return old, nil
			}
			return n, nil
		}
		n, err := ev.eval(x.X)
		if err != nil {
			return 0, err
		}
		switch x.Op {
		case syntax.Not:
			return oneIf(n == 0), nil
		case syntax.BitNegation:
			return ^n, nil
		case syntax.Plus:
			return n, nil
		case syntax.Minus:
			return -n, nil
		}
		return 0, &arithErr{msg: "syntax error: operand expected", tok: x.Op.String()}
	case *syntax.BinaryArithm:
		switch x.Op {
		case syntax.Assgn, syntax.AddAssgn, syntax.SubAssgn, syntax.MulAssgn,
			syntax.QuoAssgn, syntax.RemAssgn, syntax.AndAssgn, syntax.OrAssgn,
			syntax.XorAssgn, syntax.ShlAssgn, syntax.ShrAssgn:
			var old int
			if x.Op != syntax.Assgn {
				var err error
				if old, err = ev.lvalueGet(x.X); err != nil {
					return 0, err
				}
			}
			y, err := ev.eval(x.Y)
			if err != nil {
				return 0, err
			}
			n := y
			if x.Op != syntax.Assgn {
				if n, err = binArith(assignOp(x.Op), old, y, x.Y); err != nil {
					return 0, err
				}
			}
			if err := ev.lvalueSet(x.X, n); err != nil {
				return 0, err
			}
			return n, nil
		case syntax.TernQuest:
			c, err := ev.eval(x.X)
			if err != nil {
				return 0, err
			}
			b, ok := x.Y.(*syntax.BinaryArithm)
			if !ok || b.Op != syntax.TernColon {
				return 0, &arithErr{msg: "`:' expected for conditional expression"}
			}
			if c != 0 {
				return ev.eval(b.X)
			}
			return ev.eval(b.Y)
		case syntax.AndArit, syntax.OrArit:
			l, err := ev.eval(x.X)
			if err != nil {
				return 0, err
			}
			if (x.Op == syntax.AndArit) == (l == 0) {
				return oneIf(l != 0), nil
			}
			rr, err := ev.eval(x.Y)
			if err != nil {
				return 0, err
			}
			return oneIf(rr != 0), nil
		}
		l, err := ev.eval(x.X)
		if err != nil {
			return 0, err
		}
		rr, err := ev.eval(x.Y)
		if err != nil {
			return 0, err
		}
		return binArith(x.Op, l, rr, x.Y)
	}
	return 0, &arithErr{msg: "syntax error in expression"}
}

func assignOp(op syntax.BinAritOperator) syntax.BinAritOperator {
	switch op {
	case syntax.AddAssgn:
		return syntax.Add
	case syntax.SubAssgn:
		return syntax.Sub
	case syntax.MulAssgn:
		return syntax.Mul
	case syntax.QuoAssgn:
		return syntax.Quo
	case syntax.RemAssgn:
		return syntax.Rem
	case syntax.AndAssgn:
		return syntax.And
	case syntax.OrAssgn:
		return syntax.Or
	case syntax.XorAssgn:
		return syntax.Xor
	case syntax.ShlAssgn:
		return syntax.Shl
	case syntax.ShrAssgn:
		return syntax.Shr
	}
	return op
}

func binArith(op syntax.BinAritOperator, x, y int, yx syntax.ArithmExpr) (int, error) {
	switch op {
	case syntax.Add:
		return x + y, nil
	case syntax.Sub:
		return x - y, nil
	case syntax.Mul:
		return x * y, nil
	case syntax.Quo, syntax.Rem:
		if y == 0 {
			return 0, &arithErr{msg: "division by 0", tok: renderArith(yx)}
		}
		if op == syntax.Quo {
			return x / y, nil
		}
		return x % y, nil
	case syntax.Pow:
		if y < 0 {
			return 0, &arithErr{msg: "exponent less than 0", tok: strings.TrimPrefix(renderArith(yx), "- ")}
		}
		p := 1
		for y > 0 {
			if y&1 != 0 {
				p *= x
			}
			y >>= 1
			x *= x
		}
		return p, nil
	case syntax.Eql:
		return oneIf(x == y), nil
	case syntax.Neq:
		return oneIf(x != y), nil
	case syntax.Lss:
		return oneIf(x < y), nil
	case syntax.Leq:
		return oneIf(x <= y), nil
	case syntax.Gtr:
		return oneIf(x > y), nil
	case syntax.Geq:
		return oneIf(x >= y), nil
	case syntax.And:
		return x & y, nil
	case syntax.Or:
		return x | y, nil
	case syntax.Xor:
		return x ^ y, nil
	case syntax.Shl:
		return x << (uint(y) & 63), nil
	case syntax.Shr:
		return x >> (uint(y) & 63), nil
	case syntax.Comma:
		return y, nil
	}
	return 0, &arithErr{msg: "syntax error: invalid arithmetic operator", tok: op.String()}
}

// value turns a word's text or a variable's value into a number: a
// literal, a name (looked up recursively) or an expression.
func (ev *arithEval) value(s string) (int, error) {
	if n, ok := quickInt(s); ok {
		return n, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, nil
	}
	if t[0] >= '0' && t[0] <= '9' && isWordy(t) {
		return parseArithNum(t)
	}
	if syntax.ValidName(t) {
		return ev.nameValue(t)
	}
	return ev.r.arithStr(t, ev.depth+1)
}

// nameValue evaluates a variable named in an expression.
func (ev *arithEval) nameValue(name string) (int, error) {
	r := ev.r
	v := r.lookup(r.resolveRef(name))
	if !v.IsSet() {
		if r.opts.nounset {
			return 0, &varError{name, "unbound variable"}
		}
		return 0, nil
	}
	s := v.String()
	if v.Kind == expand.Associative {
		s = v.Map["0"]
	}
	if n, ok := quickInt(s); ok {
		return n, nil
	}
	if ev.depth+1 >= maxArithDepth {
		return 0, &arithErr{expr: name, msg: "expression recursion level exceeded", tok: name}
	}
	sub := arithEval{r: r, depth: ev.depth + 1}
	return sub.value(s)
}

// parseArithNum parses bash's integer literals: decimal, 0octal, 0xhex
// and base#digits, wrapping on overflow as bash does.
func parseArithNum(s string) (int, error) {
	base := uint64(10)
	digits := s
	switch {
	case len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		base, digits = 16, s[2:]
		if digits == "" {
			return 0, &arithErr{msg: "invalid number", tok: s}
		}
	case len(s) > 1 && s[0] == '0':
		base, digits = 8, s[1:]
	default:
		if b, d, ok := strings.Cut(s, "#"); ok {
			n, err := strconv.Atoi(b)
			if err != nil || n < 2 || n > 64 {
				return 0, &arithErr{msg: "invalid arithmetic base", tok: s}
			}
			base, digits = uint64(n), d
			if digits == "" {
				return 0, &arithErr{msg: "invalid integer constant", tok: s}
			}
		}
	}
	var n uint64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		var d uint64
		switch {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case c >= 'a' && c <= 'z':
			d = uint64(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = uint64(c-'A') + 10
			if base > 36 {
				d += 26
			}
		case c == '@':
			d = 62
		case c == '_':
			d = 63
		default:
			return 0, &arithErr{msg: "syntax error: invalid arithmetic operator", tok: digits[i:]}
		}
		if d >= base {
			return 0, &arithErr{msg: "value too great for base", tok: s}
		}
		n = n*base + d
	}
	return int(n), nil
}

// elemKey returns the subscript of a[i]: the key text for an associative
// array, the evaluated index otherwise.
func (ev *arithEval) elemKey(pe *syntax.ParamExp) (name, key string, assoc bool, idx int, err error) {
	r := ev.r
	name = r.resolveRef(pe.Param.Value)
	v := r.lookup(name)
	if v.Kind == expand.Associative {
		if w, ok := pe.Index.(*syntax.Word); ok {
			key = ev.wordText(w)
		} else {
			key = renderArith(pe.Index)
		}
		return name, key, true, 0, nil
	}
	idx, err = ev.eval(pe.Index)
	return name, "", false, idx, err
}

func (ev *arithEval) elemGet(pe *syntax.ParamExp) (string, error) {
	name, key, assoc, idx, err := ev.elemKey(pe)
	if err != nil {
		return "", err
	}
	v := ev.r.lookup(name)
	switch {
	case assoc:
		return v.Map[key], nil
	case v.Kind == expand.Indexed:
		if idx < 0 {
			idx += arrayMax(v.List, v.Indexes) + 1
			if idx < 0 {
				return "", &arithErr{msg: "bad array subscript", tok: name}
			}
		}
		s, _ := arrayGet(v.List, v.Indexes, idx)
		return s, nil
	case idx == 0:
		return v.String(), nil
	}
	return "", nil
}

func (ev *arithEval) lvalueGet(x syntax.ArithmExpr) (int, error) {
	w, ok := x.(*syntax.Word)
	if !ok {
		return 0, &arithErr{msg: "attempted assignment to non-variable", tok: renderArith(x)}
	}
	if pe, ok := elemRef(w); ok {
		s, err := ev.elemGet(pe)
		if err != nil {
			return 0, err
		}
		return ev.value(s)
	}
	name := ev.wordText(w)
	if !syntax.ValidName(name) {
		return 0, &arithErr{msg: "attempted assignment to non-variable", tok: name}
	}
	return ev.nameValue(name)
}

func (ev *arithEval) lvalueSet(x syntax.ArithmExpr, n int) error {
	w, ok := x.(*syntax.Word)
	if !ok {
		return &arithErr{msg: "attempted assignment to non-variable", tok: renderArith(x)}
	}
	val := strconv.Itoa(n)
	if pe, ok := elemRef(w); ok {
		name, key, assoc, idx, err := ev.elemKey(pe)
		if err != nil {
			return err
		}
		if !assoc {
			key = strconv.Itoa(idx)
		}
		return ev.r.setElem(name, key, assoc, val, false)
	}
	name := ev.wordText(w)
	if !syntax.ValidName(name) {
		return &arithErr{msg: "attempted assignment to non-variable", tok: name}
	}
	return ev.r.setString(name, val)
}
