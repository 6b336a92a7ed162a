package engine

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// declOpts are the attributes a declaration sets (on) or clears (off).
type declOpts struct {
	local, global              bool
	array, assoc, integer      bool
	lower, upper, nameref      bool
	readonly, export           bool
	unexport, uninteger, noref bool
	unlower, unupper           bool
	print, funcs, funcNames    bool
	variant                    string
}

func (r *Runner) declClause(ctx context.Context, dc *syntax.DeclClause) {
	var args []string
	var assigns []*syntax.Assign
	for _, as := range dc.Args {
		if as.Name == nil {
			fs, err := r.fields(as.Value)
			if err != nil {
				r.expandError(err)
				return
			}
			for _, f := range fs {
				if strings.HasPrefix(f, "-") || strings.HasPrefix(f, "+") {
					if len(assigns) == 0 {
						args = append(args, f)
						continue
					}
				}
				name, val, ok := strings.Cut(f, "=")
				a := &syntax.Assign{Name: &syntax.Lit{Value: name}}
				if strings.HasSuffix(name, "+") {
					a.Name.Value = strings.TrimSuffix(name, "+")
					a.Append = true
				}
				if i := strings.IndexByte(a.Name.Value, '['); i > 0 && strings.HasSuffix(a.Name.Value, "]") {
					a.Index = &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{Value: a.Name.Value[i+1 : len(a.Name.Value)-1]}}}
					a.Name.Value = a.Name.Value[:i]
				}
				if ok {
					a.Value = &syntax.Word{Parts: []syntax.WordPart{&syntax.SglQuoted{Value: val}}}
				} else {
					a.Naked = true
				}
				assigns = append(assigns, a)
			}
			continue
		}
		assigns = append(assigns, as)
	}
	if r.opts.xtrace {
		parts := []string{dc.Variant.Value}
		parts = append(parts, args...)
		for _, a := range assigns {
			if a.Naked {
				parts = append(parts, a.Name.Value)
				continue
			}
			v, _ := r.literal(a.Value)
			if a.Array != nil {
				v = printNode(a.Array)
			}
			parts = append(parts, a.Name.Value+"="+v)
		}
		r.trace(parts...)
	}
	r.status = r.declare(ctx, dc.Variant.Value, args, assigns)
}

// biDeclare is declare & co. called as plain commands (builtin declare ...).
func biDeclare(r *Runner, ctx context.Context, args []string) int {
	var flags []string
	var assigns []*syntax.Assign
	for _, a := range args[1:] {
		if (strings.HasPrefix(a, "-") || strings.HasPrefix(a, "+")) && len(assigns) == 0 {
			flags = append(flags, a)
			continue
		}
		name, val, ok := strings.Cut(a, "=")
		as := &syntax.Assign{Name: &syntax.Lit{Value: strings.TrimSuffix(name, "+")}, Append: strings.HasSuffix(name, "+")}
		if ok {
			as.Value = &syntax.Word{Parts: []syntax.WordPart{&syntax.SglQuoted{Value: val}}}
		} else {
			as.Naked = true
		}
		assigns = append(assigns, as)
	}
	return r.declare(ctx, args[0], flags, assigns)
}

func (r *Runner) declare(ctx context.Context, variant string, flags []string, assigns []*syntax.Assign) int {
	o := declOpts{variant: variant}
	switch variant {
	case "declare", "typeset":
		o.local = r.funcDepth > 0
	case "local":
		if r.funcDepth == 0 {
			r.errorf("local: can only be used in a function")
			return 1
		}
		o.local = true
		if slices.Contains(flags, "-") && r.localOpts == nil {
			// local -: the function's option changes are undone
			// when it returns.
			saved := r.opts
			r.localOpts = &saved
		}
	case "export":
		o.export = true
	case "readonly":
		o.readonly = true
	case "nameref":
		o.nameref = true
	}
	for _, f := range flags {
		if f == "--" || f == "-" {
			continue
		}
		on := f[0] == '-'
		for _, c := range f[1:] {
			switch c {
			case 'a':
				o.array = on
			case 'A':
				o.assoc = on
			case 'i':
				o.integer, o.uninteger = on, !on
			case 'l':
				o.lower, o.unlower = on, !on
			case 'u':
				o.upper, o.unupper = on, !on
			case 'n':
				if variant == "export" {
					o.export, o.unexport = false, true
				} else {
					o.nameref, o.noref = on, !on
				}
			case 'r':
				if !on {
					r.errorf("%s: +r: invalid option", variant)
					return 2
				}
				o.readonly = true
			case 'x':
				o.export, o.unexport = on, !on
			case 'g':
				o.global = true
			case 'p':
				o.print = true
			case 'f':
				o.funcs = true
			case 'F':
				o.funcNames = true
			case 't', 'I':
			default:
				r.errorf("%s: %s: invalid option", variant, f)
				r.errorf("%s: usage: %s", variant, coreSummaries[variant][0])
				return 2
			}
		}
	}
	if o.global {
		o.local = false
	}
	if o.funcs || o.funcNames {
		return r.declareFuncs(o, assigns)
	}
	if len(assigns) == 0 && (o.print || variant != "local") {
		r.printDecls(o, nil)
		return 0
	}
	if o.print {
		st := 0
		var names []string
		for _, as := range assigns {
			names = append(names, as.Name.Value)
		}
		if !r.printDecls(o, names) {
			st = 1
		}
		return st
	}
	st := 0
	for _, as := range assigns {
		if err := r.assign(ctx, as, o); err != nil {
			r.errorf("%s: %v", variant, err)
			st = 1
		}
	}
	return st
}

// assign performs one assignment with declaration options.
func (r *Runner) assign(ctx context.Context, as *syntax.Assign, o declOpts) error {
	trace := r.tracingAssign
	if trace {
		r.tracingAssign = false
		defer func() { r.tracingAssign = true }()
		if as.Array != nil || as.Value == nil {
			r.traceAssigns([]*syntax.Assign{as})
		}
	}
	name := as.Name.Value
	if !syntax.ValidName(name) {
		return &varError{"`" + name + "'", "not a valid identifier"}
	}
	var v *variable
	if o.local {
		if lv, ok := r.vars.localW()[name]; ok {
			v = lv
		} else {
			v = &variable{Variable: expand.Variable{Local: true}}
			if gv, _ := r.vars.find(name); gv != nil && gv.ReadOnly {
				return &varError{name, "readonly variable"}
			}
			r.vars.localW()[name] = v
		}
	} else if o.global {
		g := r.vars.globalW()
		v = g[name]
		if v == nil {
			v = &variable{}
			g[name] = v
		}
	} else if o.variant == "" && !o.nameref {
		// plain assignment: follows namerefs
		var err error
		v, err = r.place(name)
		if _, ok := err.(*subscriptRef); ok && as.Index == nil && as.Array == nil && !as.Append {
			// a nameref to an array element
			val, err := r.assignValueT(as, trace)
			if err != nil {
				return err
			}
			return r.setString(name, val)
		}
		if err != nil {
			return err
		}
		name = r.resolveRef(name)
	} else {
		found, _ := r.vars.findW(name)
		if found == nil {
			found = &variable{}
			r.vars.globalW()[name] = found
		}
		v = found
		if v.Kind == expand.NameRef && !o.nameref && !o.noref && (as.Value != nil || as.Array != nil) {
			target := r.resolveRef(name)
			v, _ = r.vars.findW(target)
			if v == nil {
				v = &variable{}
				r.vars.globalW()[target] = v
			}
			name = target
		}
	}
	if v.ReadOnly && (as.Value != nil || as.Array != nil || o.array || o.assoc || o.integer || o.nameref) {
		return &varError{name, "readonly variable"}
	}
	// attributes first, so values are transformed
	if o.integer {
		v.attrs |= attrInteger
	}
	if o.uninteger {
		v.attrs &^= attrInteger
	}
	if o.lower {
		v.attrs = v.attrs&^attrUpper | attrLower
	}
	if o.upper {
		v.attrs = v.attrs&^attrLower | attrUpper
	}
	if o.unlower {
		v.attrs &^= attrLower
	}
	if o.unupper {
		v.attrs &^= attrUpper
	}
	if o.export {
		v.Exported = true
		r.vars.envGen++
	}
	if o.unexport {
		v.Exported = false
		r.vars.envGen++
	}
	if o.noref && v.Kind == expand.NameRef {
		v.Kind = expand.String
	}
	if o.assoc && v.Kind != expand.Associative {
		if v.Kind == expand.Indexed {
			return &varError{name, "cannot convert indexed to associative array"}
		}
		v.Kind = expand.Associative
		if v.Map == nil {
			v.Map = map[string]string{}
		}
		if v.Set && v.Str != "" {
			v.Map["0"] = v.Str
		}
		v.Str = ""
	}
	if o.array && v.Kind != expand.Indexed && v.Kind != expand.Associative {
		if v.Set && v.Kind == expand.String {
			v.List = []string{v.Str}
		} else if v.List == nil {
			v.List = []string{}
		}
		v.Kind = expand.Indexed
		v.Str = ""
	} else if o.array && v.Kind == expand.Associative {
		return &varError{name, "cannot convert associative to indexed array"}
	}
	switch {
	case as.Array != nil:
		if err := r.assignArray(v, name, as); err != nil {
			return err
		}
	case as.Index != nil:
		key, isStr, err := r.subscript(as.Index, v)
		if err != nil {
			return err
		}
		val, err := r.assignValueT(as, trace)
		if err != nil {
			return err
		}
		if v.Kind == expand.NameRef {
			v.Kind = expand.Unknown
		}
		if err := r.setElemIn(v, name, key, isStr, val, as.Append); err != nil {
			return err
		}
	case as.Value != nil || !as.Naked:
		val, err := r.assignValueT(as, trace)
		if err != nil {
			return err
		}
		if o.nameref {
			if val != "" && !syntax.ValidName(strings.SplitN(val, "[", 2)[0]) {
				return &varError{"`" + val + "'", "invalid variable name for name reference"}
			}
			v.Kind = expand.NameRef
			v.Str = val
			v.Set = true
			break
		}
		old := ""
		if as.Append {
			switch v.Kind {
			case expand.Indexed:
				o2, _ := arrayGet(v.List, v.Indexes, 0)
				if v.attrs&attrInteger != 0 {
					n1, _ := r.arithString(o2)
					n2, err := r.arithString(val)
					if err != nil {
						return err
					}
					val = strconv.Itoa(n1 + n2)
				} else {
					val = o2 + val
				}
				nv, err := r.transform(v, val, "")
				if err != nil {
					return err
				}
				v.List, v.Indexes = arraySet(v.List, v.Indexes, 0, nv)
				v.Set = true
				return nil
			case expand.Associative:
				val = v.Map["0"] + val
			default:
				old = v.Str
				if v.attrs&attrInteger != 0 {
					n1, _ := r.arithString(old)
					n2, err := r.arithString(val)
					if err != nil {
						return err
					}
					val = strconv.Itoa(n1 + n2)
					old = ""
				}
			}
		}
		nv, err := r.transform(v, old+val, "")
		if err != nil {
			return err
		}
		switch v.Kind {
		case expand.Indexed:
			v.List, v.Indexes = arraySet(v.List, v.Indexes, 0, nv)
		case expand.Associative:
			v.Map["0"] = nv
		default:
			v.Kind = expand.String
			v.Str = nv
		}
		v.Set = true
		if v.Exported {
			r.vars.envGen++
		}
		if name == "PATH" {
			clear(r.hash)
		}
	case o.nameref:
		v.Kind = expand.NameRef
	}
	if o.readonly {
		v.ReadOnly = true
	}
	return nil
}

// subscript evaluates an array subscript for v: a string key for
// associative arrays, an arithmetic index otherwise.
func (r *Runner) subscript(idx syntax.ArithmExpr, v *variable) (string, bool, error) {
	if v.Kind == expand.Associative {
		w, ok := idx.(*syntax.Word)
		if !ok {
			// The parser read the key as arithmetic (h[1+1]); bash
			// takes its text. Blanks around operators are lost.
			return r.keyText(idx), true, nil
		}
		s, err := r.literal(w)
		return s, true, err
	}
	n, err := r.arith(idx)
	if err != nil {
		return "", false, err
	}
	return strconv.Itoa(n), false, nil
}

func (r *Runner) setElemIn(v *variable, name, key string, isStr bool, val string, app bool) error {
	if v.Kind == expand.Associative {
		if app {
			val = v.Map[key] + val
		}
		nv, err := r.transform(v, val, "")
		if err != nil {
			return err
		}
		v.Map[key] = nv
		v.Set = true
		return nil
	}
	k, _ := strconv.Atoi(key)
	if v.Kind == expand.String {
		if v.Set {
			v.List = []string{v.Str}
		}
		v.Str = ""
	}
	if v.Kind != expand.Indexed {
		v.Kind = expand.Indexed
	}
	if k < 0 {
		k += arrayMax(v.List, v.Indexes) + 1
		if k < 0 {
			return &varError{fmt.Sprintf("%s[%s]", name, key), "bad array subscript"}
		}
	}
	if app {
		old, _ := arrayGet(v.List, v.Indexes, k)
		if v.attrs&attrInteger != 0 {
			n1, _ := r.arithString(old)
			n2, err := r.arithString(val)
			if err != nil {
				return err
			}
			val = strconv.Itoa(n1 + n2)
		} else {
			val = old + val
		}
	}
	nv, err := r.transform(v, val, "")
	if err != nil {
		return err
	}
	v.List, v.Indexes = arraySet(v.List, v.Indexes, k, nv)
	v.Set = true
	return nil
}

// assignArray assigns name=(...) or name+=(...).
func (r *Runner) assignArray(v *variable, name string, as *syntax.Assign) error {
	elems := as.Array.Elems
	if v.Kind != expand.Associative && v.Kind != expand.Indexed {
		// An array literal whose first element has a quoted string key
		// is not enough for bash to make it associative: declare -A is.
		if v.Kind == expand.String && as.Append && v.Set {
			v.List = []string{v.Str}
		} else if !as.Append || v.List == nil {
			v.List = nil
		}
		v.Str = ""
		v.Kind = expand.Indexed
		v.Indexes = nil
	}
	if v.Kind == expand.Associative {
		m := map[string]string{}
		if as.Append {
			m = maps.Clone(v.Map)
			if m == nil {
				m = map[string]string{}
			}
		}
		for _, el := range elems {
			if el.Index == nil {
				fs, err := r.fields(el.Value)
				if err != nil {
					return err
				}
				// bash 5.1+: (k1 v1 k2 v2) pairs
				for i := 0; i < len(fs); i += 2 {
					val := ""
					if i+1 < len(fs) {
						val = fs[i+1]
					}
					m[fs[i]] = val
				}
				continue
			}
			k, _, err := r.subscript(el.Index, v)
			if err != nil {
				return err
			}
			val, err := r.literal(el.Value)
			if err != nil {
				return err
			}
			if nv, err := r.transform(v, val, ""); err == nil {
				val = nv
			}
			m[k] = val
		}
		v.Map = m
		v.Set = true
		return nil
	}
	var list []string
	var idx []int
	if as.Append {
		list, idx = slices.Clone(v.List), slices.Clone(v.Indexes)
		if v.Indexes == nil {
			idx = nil
		}
	}
	next := arrayMax(list, idx) + 1
	for _, el := range elems {
		if el.Index != nil {
			k, err := r.arith(el.Index)
			if err != nil {
				return err
			}
			if k < 0 {
				k += arrayMax(list, idx) + 1
				if k < 0 {
					return &varError{fmt.Sprintf("%s[%d]", name, k), "bad array subscript"}
				}
			}
			val, err := r.literal(el.Value)
			if err != nil {
				return err
			}
			val, err = r.transform(v, val, "")
			if err != nil {
				return err
			}
			list, idx = arraySet(list, idx, k, val)
			next = k + 1
			continue
		}
		fs, err := r.fields(el.Value)
		if err != nil {
			return err
		}
		for _, f := range fs {
			f, err = r.transform(v, f, "")
			if err != nil {
				return err
			}
			list, idx = arraySet(list, idx, next, f)
			next++
		}
	}
	if list == nil {
		list = []string{}
	}
	v.List, v.Indexes = list, idx
	v.Set = true
	return nil
}

func (r *Runner) declareFuncs(o declOpts, assigns []*syntax.Assign) int {
	var names []string
	if o.export && len(assigns) > 0 && !o.print {
		// export -f name: children that are bash get the function, as
		// BASH_FUNC_name%%=() { ...; } in their environment.
		st := 0
		for _, a := range assigns {
			if _, ok := r.funcs[a.Name.Value]; !ok {
				r.errorf("%s: %s: not a function", o.variant, a.Name.Value)
				st = 1
				continue
			}
			if r.exportedFuncs == nil {
				r.exportedFuncs = make(map[string]bool)
			}
			r.exportedFuncs[a.Name.Value] = true
		}
		r.vars.envGen++
		return st
	}
	if o.readonly && len(assigns) > 0 {
		// readonly -f name: the function can no longer be changed.
		st := 0
		for _, a := range assigns {
			if _, ok := r.funcs[a.Name.Value]; !ok {
				r.errorf("%s: %s: not a function", o.variant, a.Name.Value)
				st = 1
				continue
			}
			if r.roFuncs == nil {
				r.roFuncs = make(map[string]bool)
			}
			r.roFuncs[a.Name.Value] = true
		}
		return st
	}
	if len(assigns) == 0 {
		names = slices.Sorted(maps.Keys(r.funcs))
		if o.readonly {
			names = slices.DeleteFunc(names, func(n string) bool { return !r.roFuncs[n] })
		}
	} else {
		for _, a := range assigns {
			names = append(names, a.Name.Value)
		}
	}
	st := 0
	var b strings.Builder
	for _, n := range names {
		body, ok := r.funcs[n]
		if !ok {
			st = 1
			continue
		}
		if o.funcNames {
			if len(assigns) > 0 {
				fmt.Fprintf(&b, "%s\n", n)
			} else {
				fmt.Fprintf(&b, "declare -f %s\n", n)
			}
			continue
		}
		b.WriteString(funcText(n, body))
		if r.roFuncs[n] {
			b.WriteString("declare -fr " + n + "\n")
		}
	}
	r.writeOut(o.variant, b.String())
	return st
}

// funcText prints a function definition as `declare -f` and `type` do.
//
// bash reformats the body: "{ " alone on a line, then each command on a
// line of its own, indented by four spaces. mvdan's printer keeps the
// source layout, so the body's top-level commands are printed one by one.
func funcText(name string, body *syntax.Stmt) string {
	body = unrewrite(body).(*syntax.Stmt)
	p := syntax.NewPrinter(syntax.Indent(4))
	var b strings.Builder
	b.WriteString(name + " () \n")
	blk, ok := body.Cmd.(*syntax.Block)
	if !ok || body.Negated || body.Background {
		p.Print(&b, body)
		b.WriteString("\n")
		return b.String()
	}
	b.WriteString("{ \n")
	for _, st := range blk.Stmts {
		var sb strings.Builder
		p.Print(&sb, st)
		// Here-document lines are kept as they are.
		hdoc := hasHeredoc(st)
		for i, line := range strings.Split(strings.TrimRight(sb.String(), "\n"), "\n") {
			if line != "" && (i == 0 || !hdoc) {
				b.WriteString("    ")
			}
			b.WriteString(line)
			b.WriteString("\n")
		}
	}
	b.WriteString("}")
	for _, rd := range body.Redirs {
		b.WriteString(" ")
		p.Print(&b, rd)
	}
	b.WriteString("\n")
	return b.String()
}

// declFlags returns a variable's attribute letters in bash's order.
func declFlags(v *variable) string {
	var b strings.Builder
	switch v.Kind {
	case expand.Indexed:
		b.WriteByte('a')
	case expand.Associative:
		b.WriteByte('A')
	}
	if v.attrs&attrInteger != 0 {
		b.WriteByte('i')
	}
	if v.attrs&attrLower != 0 {
		b.WriteByte('l')
	}
	if v.Kind == expand.NameRef {
		b.WriteByte('n')
	}
	if v.ReadOnly {
		b.WriteByte('r')
	}
	if v.attrs&attrUpper != 0 {
		b.WriteByte('u')
	}
	if v.Exported {
		b.WriteByte('x')
	}
	return b.String()
}

// declText renders a variable as declare -p prints it.
func declText(name string, v *variable) string {
	flags := declFlags(v)
	if flags == "" {
		flags = "-"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "declare -%s %s", flags, name)
	if !v.Set {
		return b.String()
	}
	switch v.Kind {
	case expand.Indexed:
		b.WriteString("=(")
		ids := arrayIndexes(v.List, v.Indexes)
		for i, val := range v.List {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "[%d]=%s", ids[i], quoteValue(val))
		}
		b.WriteString(")")
	case expand.Associative:
		b.WriteString("=(")
		keys := slices.Sorted(maps.Keys(v.Map))
		for _, k := range keys {
			kq := k
			if strings.ContainsAny(k, " \t\n\"'$`\\*?[]") || k == "" {
				kq = quoteValue(k)
			}
			fmt.Fprintf(&b, "[%s]=%s ", kq, quoteValue(v.Map[k]))
		}
		b.WriteString(")")
	default:
		b.WriteString("=" + quoteValue(v.Str))
	}
	return b.String()
}

// printDecls prints declarations; with names nil, all variables matching
// the options. It reports whether every name was found.
func (r *Runner) printDecls(o declOpts, names []string) bool {
	var b strings.Builder
	ok := true
	if names == nil {
		for _, n := range r.vars.sortedNames() {
			v, _ := r.vars.find(n)
			if o.export && !v.Exported || o.readonly && !v.ReadOnly ||
				o.array && v.Kind != expand.Indexed || o.assoc && v.Kind != expand.Associative ||
				o.integer && v.attrs&attrInteger == 0 || o.nameref && v.Kind != expand.NameRef {
				continue
			}
			if o.local && !o.print && o.variant == "local" {
				if _, in := r.vars.local()[n]; !in {
					continue
				}
			}
			if !o.print && o.variant == "declare" && !o.export && !o.readonly && !o.array && !o.assoc && !o.integer {
				// plain `declare`: name=value like set
				if v.Set && v.Kind == expand.String {
					fmt.Fprintf(&b, "%s=%s\n", n, setQuote(v.Str))
				} else {
					b.WriteString(declText(n, v) + "\n")
				}
				continue
			}
			b.WriteString(declText(n, v) + "\n")
		}
	} else {
		for _, n := range names {
			v, _ := r.vars.find(n)
			if v == nil {
				r.errorf("%s: %s: not found", o.variant, n)
				ok = false
				continue
			}
			b.WriteString(declText(n, v) + "\n")
		}
	}
	r.writeOut(o.variant, b.String())
	return ok
}

// setQuote quotes a value as `set` prints it.
func setQuote(s string) string {
	if s == "" {
		return "''"
	}
	q := shellQuote(s)
	if q == s {
		return s
	}
	if strings.ContainsAny(s, "\n\t\r\x1b") {
		return q
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func biSet(r *Runner, ctx context.Context, args []string) int {
	if len(args) == 1 {
		var b strings.Builder
		for _, n := range r.vars.sortedNames() {
			v, _ := r.vars.find(n)
			if !v.Set {
				continue
			}
			switch v.Kind {
			case expand.Indexed, expand.Associative:
				t := declText(n, v)
				b.WriteString(t[strings.Index(t, " "+n+"=")+1:] + "\n")
			default:
				fmt.Fprintf(&b, "%s=%s\n", n, setQuote(v.Str))
			}
		}
		for _, n := range slices.Sorted(maps.Keys(r.funcs)) {
			b.WriteString(funcText(n, r.funcs[n]))
		}
		return r.writeOut("set", b.String())
	}
	args = args[1:]
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			r.params = append([]string{}, args[1:]...)
			return 0
		}
		if a == "-" {
			r.opts.xtrace, r.opts.verbose = false, false
			args = args[1:]
			if len(args) > 0 {
				r.params = append([]string{}, args...)
			}
			return 0
		}
		if len(a) < 2 || (a[0] != '-' && a[0] != '+') {
			break
		}
		on := a[0] == '-'
		args = args[1:]
		for i := 1; i < len(a); i++ {
			c := a[i]
			if c == 'o' {
				if len(args) == 0 {
					r.printSetO(on)
					continue
				}
				name := args[0]
				args = args[1:]
				if !r.setOptByName(name, on) {
					r.errorf("set: %s: invalid option name", name)
					return 1
				}
				continue
			}
			if c == 'i' || c == 's' || c == 'c' {
				continue
			}
			if !r.setOptByFlag(c, on) {
				if strings.IndexByte("bkmpthEHPT", c) >= 0 {
					continue
				}
				r.errorf("set: %c%c: invalid option", a[0], c)
				r.errorf("set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]")
				return 2
			}
		}
	}
	if len(args) > 0 {
		r.params = append([]string{}, args...)
	}
	return 0
}

func (r *Runner) printSetO(on bool) {
	var b strings.Builder
	for _, n := range setOptsListed {
		v := r.optOn(n)
		if n == "emacs" || n == "history" {
			v = r.opts.interactive
		}
		if on {
			st := "off"
			if v {
				st = "on"
			}
			fmt.Fprintf(&b, "%-15s\t%s\n", n, st)
		} else {
			sign := "+"
			if v {
				sign = "-"
			}
			fmt.Fprintf(&b, "set %so %s\n", sign, n)
		}
	}
	r.writeOut("set", b.String())
}

func biUnset(r *Runner, ctx context.Context, args []string) int {
	mode := ""
	args = args[1:]
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		for _, c := range a[1:] {
			switch c {
			case 'f', 'v', 'n':
				mode = string(c)
			default:
				r.errorf("unset: -%c: invalid option", c)
				r.errorf("unset: usage: unset [-f] [-v] [-n] [name ...]")
				return 2
			}
		}
	}
	st := 0
	for _, n := range args {
		if mode == "f" {
			if r.roFuncs[n] {
				r.errorf("unset: %s: cannot unset: readonly function", n)
				st = 1
				continue
			}
			delete(r.funcs, n)
			continue
		}
		if i := strings.IndexByte(n, '['); i > 0 && strings.HasSuffix(n, "]") {
			if err := r.unsetElem(n[:i], n[i+1:len(n)-1]); err != nil {
				r.errorf("unset: %v", err)
				st = 1
			}
			continue
		}
		if !syntax.ValidName(n) {
			r.errorf("unset: `%s': not a valid identifier", n)
			st = 1
			continue
		}
		if mode == "n" {
			v, sc := r.vars.findW(n)
			if v != nil {
				delete(sc, n)
			}
			continue
		}
		if v, _ := r.vars.find(n); v == nil && mode == "" {
			if !r.roFuncs[n] {
				delete(r.funcs, n)
			}
			continue
		}
		if err := r.unsetVar(n); err != nil {
			r.errorf("unset: %v", err)
			st = 1
		}
		if n == "PATH" {
			clear(r.hash)
		}
	}
	return st
}

func (r *Runner) unsetElem(name, sub string) error {
	name = r.resolveRef(name)
	v, _ := r.vars.findW(name)
	if v == nil {
		return nil
	}
	if v.ReadOnly {
		return &varError{name, "cannot unset: readonly variable"}
	}
	switch v.Kind {
	case expand.Associative:
		if sub == "@" || sub == "*" {
			return r.unsetVar(name)
		}
		k := sub
		if len(k) >= 2 && (k[0] == '"' && k[len(k)-1] == '"' || k[0] == '\'' && k[len(k)-1] == '\'') {
			k = k[1 : len(k)-1]
		}
		delete(v.Map, k)
	case expand.Indexed:
		if sub == "@" || sub == "*" {
			return r.unsetVar(name)
		}
		k, err := r.arithString(sub)
		if err != nil {
			return err
		}
		if k < 0 {
			k += arrayMax(v.List, v.Indexes) + 1
			if k < 0 {
				return &varError{fmt.Sprintf("%s[%s]", name, sub), "bad array subscript"}
			}
		}
		v.List, v.Indexes = arrayDelete(v.List, v.Indexes, k)
	default:
		if sub == "0" {
			return r.unsetVar(name)
		}
	}
	return nil
}

func biShopt(r *Runner, ctx context.Context, args []string) int {
	set, unset, print, quiet, useSetO := false, false, false, false, false
	args = args[1:]
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		for _, c := range a[1:] {
			switch c {
			case 's':
				set = true
			case 'u':
				unset = true
			case 'p':
				print = true
			case 'q':
				quiet = true
			case 'o':
				useSetO = true
			default:
				r.errorf("shopt: -%c: invalid option", c)
				r.errorf("shopt: usage: shopt [-pqsu] [-o] [optname ...]")
				return 2
			}
		}
	}
	type opt struct {
		name string
		on   bool
		ok   bool
	}
	get := func(n string) opt {
		if useSetO {
			for _, l := range setOptsListed {
				if l == n {
					return opt{n, r.optOn(n), true}
				}
			}
			return opt{n, false, false}
		}
		for _, e := range shoptTable {
			if e.name == n {
				return opt{n, *e.get(&r.opts), true}
			}
		}
		if shoptAccepted[n] {
			return opt{n, n == "interactive_comments" || n == "cmdhist" || n == "complete_fullquote" || n == "extquote" || n == "force_fignore" || n == "globasciiranges" || n == "globskipdots" || n == "hostcomplete" || n == "patsub_replacement" || n == "progcomp" || n == "promptvars" || n == "sourcepath", true}
		}
		return opt{n, false, false}
	}
	names := args
	if len(names) == 0 {
		if useSetO {
			names = setOptsListed
		} else {
			seen := map[string]bool{}
			for _, e := range shoptTable {
				if e.name != "coproc_pipes" {
					seen[e.name] = true
				}
			}
			for n := range shoptAccepted {
				seen[n] = true
			}
			names = slices.Sorted(maps.Keys(seen))
		}
	}
	st := 0
	var b strings.Builder
	for _, n := range names {
		if set || unset {
			if len(args) == 0 {
				o := get(n)
				if o.on == set {
					fmt.Fprintf(&b, "%-15s\t%s\n", n, onOff(o.on))
				}
				continue
			}
			ok := false
			if useSetO {
				ok = r.setOptByName(n, set)
			} else {
				for _, e := range shoptTable {
					if e.name == n {
						*e.get(&r.opts) = set
						ok = true
					}
				}
				ok = ok || shoptAccepted[n]
			}
			if !ok {
				r.errorf("shopt: %s: invalid shell option name", n)
				st = 1
			}
			continue
		}
		o := get(n)
		if !o.ok {
			r.errorf("shopt: %s: invalid shell option name", n)
			st = 1
			continue
		}
		if !o.on {
			st = max(st, 1)
		}
		if quiet {
			continue
		}
		if print {
			flag := "-u"
			if o.on {
				flag = "-s"
			}
			if useSetO {
				flag = map[bool]string{true: "-o", false: "+o"}[o.on]
				fmt.Fprintf(&b, "set %s %s\n", flag, n)
			} else {
				fmt.Fprintf(&b, "shopt %s %s\n", flag, n)
			}
			continue
		}
		fmt.Fprintf(&b, "%-15s\t%s\n", n, onOff(o.on))
	}
	r.writeOut("shopt", b.String())
	if len(args) == 0 && !quiet {
		return 0
	}
	return st
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func biAlias(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	if len(args) > 0 && args[0] == "-p" {
		args = args[1:]
	}
	var b strings.Builder
	if len(args) == 0 {
		names := make([]string, 0, len(r.aliases))
		for n := range r.aliases {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(&b, "alias %s=%s\n", n, aliasQuote(r.aliases[n]))
		}
		return r.writeOut("alias", b.String())
	}
	st := 0
	for _, a := range args {
		name, val, ok := strings.Cut(a, "=")
		if ok {
			if r.aliases == nil || len(r.aliases) == 0 {
				r.aliases = map[string]string{}
			}
			r.aliases = maps.Clone(r.aliases)
			r.aliases[name] = val
			r.aliasLine = maps.Clone(r.aliasLine)
			if r.aliasLine == nil {
				r.aliasLine = make(map[string]uint)
			}
			r.aliasLine[name] = r.line
			continue
		}
		v, found := r.aliases[name]
		if !found {
			r.errorf("alias: %s: not found", name)
			st = 1
			continue
		}
		fmt.Fprintf(&b, "alias %s=%s\n", name, aliasQuote(v))
	}
	r.writeOut("alias", b.String())
	return st
}

func aliasQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func biUnalias(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	if len(args) == 0 {
		r.errorf("unalias: usage: unalias [-a] name [name ...]")
		return 2
	}
	if args[0] == "-a" {
		r.aliases = map[string]string{}
		return 0
	}
	st := 0
	r.aliases = maps.Clone(r.aliases)
	for _, n := range args {
		if _, ok := r.aliases[n]; !ok {
			r.errorf("unalias: %s: not found", n)
			st = 1
			continue
		}
		delete(r.aliases, n)
	}
	return st
}

// aliasExpand expands an alias in command position by re-parsing the
// command with the alias text substituted.
func (r *Runner) aliasExpand(ce *syntax.CallExpr, redirs []*syntax.Redirect) (*syntax.Stmt, string) {
	name, val, ok := r.aliasOf(ce.Args[0], ce.Pos().Line())
	if !ok {
		return nil, ""
	}
	var b strings.Builder
	for _, as := range ce.Assigns {
		b.WriteString(printNode(as) + " ")
	}
	b.WriteString(val)
	// An alias whose value ends in a blank makes the next word a
	// candidate for alias expansion too.
	next := strings.HasSuffix(val, " ") || strings.HasSuffix(val, "\t")
	for _, w := range ce.Args[1:] {
		if next {
			if _, v, ok := r.aliasOf(w, ce.Pos().Line()); ok {
				b.WriteString(v)
				next = strings.HasSuffix(v, " ") || strings.HasSuffix(v, "\t")
				continue
			}
			next = false
		}
		b.WriteString(" " + printNode(w))
	}
	for _, rd := range redirs {
		b.WriteString(" " + printNode(rd))
	}
	f, err := newParser().Parse(strings.NewReader(b.String()), "")
	if err != nil || len(f.Stmts) != 1 {
		return nil, ""
	}
	st := f.Stmts[0]
	rewriteArith(st)
	return st, name
}

// aliasOf returns the alias a word names, if it is one that may expand
// here: not one being expanded already (alias ls='ls -F'), and not one
// defined on the line being run, since bash reads a whole line before
// it runs any of it.
func (r *Runner) aliasOf(w *syntax.Word, line uint) (name, val string, ok bool) {
	if len(w.Parts) != 1 {
		return "", "", false
	}
	lit, ok := w.Parts[0].(*syntax.Lit)
	if !ok {
		return "", "", false
	}
	val, ok = r.aliases[lit.Value]
	if !ok || slices.Contains(r.aliasBusy, lit.Value) {
		return "", "", false
	}
	if l, ok := r.aliasLine[lit.Value]; ok && l == line && r.funcDepth == 0 {
		return "", "", false
	}
	return lit.Value, val, true
}
