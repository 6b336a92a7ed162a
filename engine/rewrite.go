package engine

import (
	"fmt"
	"io"
	"iter"
	"reflect"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// mvdan's expander evaluates $(( )) with its own arithmetic, which does
// not follow bash (see arith.go) and has no hook. Right after parsing, the
// engine replaces each $(( )) word part with a command substitution that
// holds the expression in an ArithmCmd marked Unsigned (an mksh-only flag
// the bash parser never sets). The expander passes that node to the
// runner's CmdSubst hook, which evaluates it in-process with [Runner.arith].
// printNode and funcText undo the rewrite on a copy, so printed code reads
// as written.

// rewriteArith rewrites every $(( )) in n. It is idempotent; it must run
// before the tree is shared between goroutines.
func rewriteArith(n syntax.Node) {
	if n == nil {
		return
	}
	syntax.Walk(n, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst:
			if _, ok := countMarker(n); ok {
				return false // already rewritten
			}
		case *syntax.Word:
			rewriteParts(n.Parts)
		case *syntax.DblQuoted:
			rewriteParts(n.Parts)
		case *syntax.SglQuoted:
			if n.Dollar && strings.Contains(n.Value, `\c`) {
				n.Value = ctrlEscapes(n.Value)
			}
		}
		return true
	})
}

func rewriteParts(parts []syntax.WordPart) {
	for i, p := range parts {
		if pe, ok := p.(*syntax.ParamExp); ok && (isCountExp(pe) || isAnchoredRepl(pe)) {
			// ${#a[@]}: mvdan counts an associative array as one
			// element. A ReplyVar substitution (mksh-only, never
			// parsed in bash) marks it for countMarker.
			parts[i] = &syntax.CmdSubst{
				Left:     pe.Dollar,
				Right:    pe.Rbrace,
				ReplyVar: true,
				Stmts: []*syntax.Stmt{{
					Position: pe.Dollar,
					Cmd:      &syntax.CallExpr{Args: []*syntax.Word{{Parts: []syntax.WordPart{pe}}}},
				}},
			}
			continue
		}
		if ae, ok := p.(*syntax.ArithmExp); ok && !ae.Bracket {
			parts[i] = &syntax.CmdSubst{
				Left:  ae.Left,
				Right: ae.Right,
				Stmts: []*syntax.Stmt{{
					Position: ae.Left,
					Cmd:      &syntax.ArithmCmd{Left: ae.Left, Right: ae.Right, Unsigned: true, X: ae.X},
				}},
			}
		}
	}
}

// ctrlEscapes turns the \cX escapes of $'...', which mvdan's expander does
// not know, into the octal escapes it does.
func ctrlEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		if s[i+1] == 'c' && i+2 < len(s) {
			c := s[i+2] & 0x1f
			if s[i+2] == '?' {
				c = 0x7f
			}
			fmt.Fprintf(&b, "\\%03o", c)
			i += 2
			continue
		}
		b.WriteByte(s[i])
		b.WriteByte(s[i+1])
		i++
	}
	return b.String()
}

// isCountExp reports whether pe is ${#name[@]} or ${#name[*]}.
func isCountExp(pe *syntax.ParamExp) bool {
	if !pe.Length || pe.Excl || pe.Param == nil || pe.Slice != nil || pe.Repl != nil || pe.Exp != nil || pe.Names != 0 || pe.Index == nil {
		return false
	}
	w, ok := pe.Index.(*syntax.Word)
	if !ok {
		return false
	}
	lit, ok := plainLit(w)
	return ok && (lit == "@" || lit == "*") && syntax.ValidName(pe.Param.Value)
}

// countMarker returns the ${#name[@]} that rewriteParts replaced.
func countMarker(cs *syntax.CmdSubst) (*syntax.ParamExp, bool) {
	if !cs.ReplyVar || len(cs.Stmts) != 1 {
		return nil, false
	}
	ce, ok := cs.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok || len(ce.Args) != 1 || len(ce.Args[0].Parts) != 1 {
		return nil, false
	}
	pe, ok := ce.Args[0].Parts[0].(*syntax.ParamExp)
	return pe, ok
}

// arithMarker returns the expression of a command substitution made by
// rewriteArith.
func arithMarker(cs *syntax.CmdSubst) (syntax.ArithmExpr, bool) {
	if len(cs.Stmts) != 1 {
		return nil, false
	}
	ac, ok := cs.Stmts[0].Cmd.(*syntax.ArithmCmd)
	if !ok || !ac.Unsigned {
		return nil, false
	}
	return ac.X, true
}

// unrewrite returns n, or a copy of it with the $(( )) rewrites undone.
func unrewrite(n syntax.Node) syntax.Node {
	found := false
	syntax.Walk(n, func(n syntax.Node) bool {
		if cs, ok := n.(*syntax.CmdSubst); ok {
			if _, ok := arithMarker(cs); ok {
				found = true
			}
			if _, ok := countMarker(cs); ok {
				found = true
			}
		}
		return !found
	})
	if !found {
		return n
	}
	return deepCopy(reflect.ValueOf(n)).Interface().(syntax.Node)
}

var (
	cmdSubstType = reflect.TypeFor[*syntax.CmdSubst]()
)

// deepCopy copies a syntax tree, turning rewritten command substitutions
// back into arithmetic expansions.
func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		if v.Type() == cmdSubstType {
			cs := v.Interface().(*syntax.CmdSubst)
			if pe, ok := countMarker(cs); ok {
				return deepCopy(reflect.ValueOf(pe))
			}
			if x, ok := arithMarker(cs); ok {
				xc := deepCopy(reflect.ValueOf(&x).Elem())
				ae := &syntax.ArithmExp{Left: cs.Left, Right: cs.Right}
				if !xc.IsNil() {
					ae.X = xc.Interface().(syntax.ArithmExpr)
				}
				return reflect.ValueOf(ae)
			}
		}
		if v.Elem().Kind() != reflect.Struct {
			return v
		}
		c := reflect.New(v.Elem().Type())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(deepCopy(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			switch v.Field(i).Kind() {
			case reflect.Pointer, reflect.Interface, reflect.Slice:
				c.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return c
	}
	return v
}

// stmtsSeq yields the statements of src ready to run: rewritten (see
// rewriteArith), and only once their here-documents are read. mvdan's
// parser yields `cat <<A; cat <<B` statement by statement, before the
// bodies that follow the line, so a statement ended by ; or & that has a
// here-document waits for the first statement that is not.
func stmtsSeq(p *syntax.Parser, src io.Reader) iter.Seq2[*syntax.Stmt, error] {
	return func(yield func(*syntax.Stmt, error) bool) {
		var pending []*syntax.Stmt
		flush := func() bool {
			for _, st := range pending {
				rewriteArith(st)
				if !yield(st, nil) {
					return false
				}
			}
			pending = pending[:0]
			return true
		}
		for st, err := range p.StmtsSeq(src) {
			if err != nil {
				if flush() {
					yield(nil, err)
				}
				return
			}
			pending = append(pending, st)
			if st.Semicolon.IsValid() && hasHeredoc(st) {
				continue
			}
			if !flush() {
				return
			}
		}
		flush()
	}
}

func hasHeredoc(n syntax.Node) bool {
	found := false
	syntax.Walk(n, func(n syntax.Node) bool {
		if rd, ok := n.(*syntax.Redirect); ok && (rd.Op == syntax.Hdoc || rd.Op == syntax.DashHdoc) {
			found = true
		}
		return !found
	})
	return found
}

// newParser returns a bash-dialect parser.
func newParser() *syntax.Parser {
	return syntax.NewParser(syntax.Variant(syntax.LangBash))
}
