package engine

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/pattern"
	"mvdan.cc/sh/v3/syntax"
)

// Words are expanded by the engine's own expander (wordexp*.go). It
// should not panic; the wrappers below turn a panic into a "bad
// substitution" error all the same, since a script must never crash the
// shell.

func (r *Runner) fields(words ...*syntax.Word) (_ []string, err error) {
	defer recoverExpand(&err)
	return r.expandFields(words)
}

func (r *Runner) literal(w *syntax.Word) (_ string, err error) {
	if w == nil {
		return "", nil
	}
	if len(w.Parts) == 1 {
		if s, ok := r.quickLiteral(w.Parts[0]); ok {
			return s, nil
		}
		if cs, ok := w.Parts[0].(*syntax.CmdSubst); ok {
			if x, ok := arithMarker(cs); ok {
				n, err := r.arith(x)
				if err != nil {
					return "", err
				}
				return itoa(n), nil
			}
		}
	}
	defer recoverExpand(&err)
	return r.expandWordString(w, modeLiteral, qNone, true)
}

// quickLiteral expands a lone literal or a plain $name holding a set
// scalar, bare or double-quoted.
func (r *Runner) quickLiteral(p syntax.WordPart) (string, bool) {
	switch p := p.(type) {
	case *syntax.Lit:
		if simpleLit(p.Value, qNone) {
			return p.Value, true
		}
	case *syntax.ParamExp:
		return r.quickParam(p)
	case *syntax.SglQuoted:
		if !p.Dollar {
			return p.Value, true
		}
	case *syntax.DblQuoted:
		if len(p.Parts) == 1 {
			switch q := p.Parts[0].(type) {
			case *syntax.ParamExp:
				return r.quickParam(q)
			case *syntax.Lit:
				if simpleLit(q.Value, qDouble) {
					return q.Value, true
				}
			}
		}
	}
	return "", false
}

func (r *Runner) pattern(w *syntax.Word) (_ string, err error) {
	defer recoverExpand(&err)
	return r.expandWordString(w, modePattern, qNone, true)
}

// errBadSubst is an expansion the expander could not handle.
var errBadSubst = errors.New("bad substitution")

func recoverExpand(err *error) {
	if p := recover(); p != nil {
		*err = errBadSubst
	}
}

// matchPattern matches s against a shell pattern.
func (r *Runner) matchPattern(pat, s string, _ bool) bool {
	// pattern.HasMeta does not see @( +( !( (extglob), hence the '('.
	if !r.opts.nocasematch && !strings.ContainsAny(pat, "\\(") && !pattern.HasMeta(pat, pattern.ExtendedOperators) {
		return pat == s
	}
	if rx, err := r.shared.patternRx(pat, r.opts.nocasematch); err == nil {
		return rx.MatchString(s)
	}
	return r.shared.matcher(pat, r.opts.nocasematch)(s)
}

// expandError reports an expansion failure. Like bash, it is fatal in a
// non-interactive shell for unset variables and bad substitutions.
func (r *Runner) expandError(err error) {
	var ue expand.UnsetParameterError
	if errors.As(err, &ue) {
		name := printNode(ue.Node.Param)
		r.errorf("%s: %s", name, ue.Message)
		r.status = 1
		if !r.opts.interactive {
			r.exiting = true
			r.exitCode = 1
		}
		return
	}
	var re *redirErr
	if errors.As(err, &re) {
		r.redirError(err)
		return
	}
	var ae *arithErr
	var le *lineErr
	if errors.As(err, &ae) || errors.As(err, &le) {
		// bash abandons the rest of the current top-level command and
		// goes on with the next one.
		r.errorf("%s", err.Error())
		r.status = 1
		r.discard = true
		return
	}
	msg := err.Error()
	r.errorf("%s", msg)
	r.status = 1
	if !r.opts.interactive {
		r.exiting = true
		r.exitCode = 1
	}
}

// errorf prints a diagnostic prefixed with the script position.
func (r *Runner) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	io.WriteString(r.stderrW(), r.linePrefix()+msg+"\n")
}

// linePrefix is how bash starts a runtime error: "script: line N: ", so
// tools that read bash's diagnostics read ours; syntax errors use
// "file:line:col: message" instead (see ScriptError).
func (r *Runner) linePrefix() string {
	name := r.fileName
	if name == "" {
		name = r.arg0
	}
	switch {
	case r.opts.interactive && r.fileName == "":
		return name + ": "
	case r.line > 0:
		return fmt.Sprintf("%s: line %d: ", name, r.line)
	}
	return name + ": "
}

// errPrefix starts bash's report of a job killed by a signal: like
// linePrefix, but without the line for -c commands.
func (r *Runner) errPrefix() string {
	if r.opts.cmdString && r.fileName == "" {
		return r.arg0 + ": "
	}
	return r.linePrefix()
}

// trace prints an xtrace line of quoted words.
func (r *Runner) trace(args ...string) {
	if !r.opts.xtrace {
		return
	}
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(traceQuote(a))
	}
	r.traceLine(b.String())
}

// traceLine prints an xtrace line: PS4, expanded, with its first
// character repeated once per level of command substitution, as bash does.
func (r *Runner) traceLine(s string) {
	if !r.opts.xtrace {
		return
	}
	ps4 := r.lookup("PS4").String()
	if strings.ContainsAny(ps4, "$`") {
		xtrace := r.opts.xtrace
		r.opts.xtrace = false
		if w, err := newParser().Document(strings.NewReader(ps4)); err == nil {
			if v, err := r.literal(w); err == nil {
				ps4 = v
			}
		}
		r.opts.xtrace = xtrace
	}
	var b strings.Builder
	if ps4 != "" {
		for range r.traceLevel {
			b.WriteByte(ps4[0])
		}
	}
	b.WriteString(ps4)
	b.WriteString(s)
	b.WriteByte('\n')
	io.WriteString(r.stderrW(), b.String())
}

// assignValueT expands an assignment's value and, when trace is set,
// prints its xtrace line.
func (r *Runner) assignValueT(as *syntax.Assign, trace bool) (string, error) {
	val, err := r.assignValue(as.Value)
	if err == nil && trace {
		r.traceLine(assignTraceName(as) + traceQuote(val))
	}
	return val, err
}

func assignTraceName(a *syntax.Assign) string {
	s := a.Name.Value
	if a.Index != nil {
		s += "[" + printNode(a.Index) + "]"
	}
	if a.Append {
		return s + "+="
	}
	return s + "="
}

func (r *Runner) traceAssigns(as []*syntax.Assign) {
	if !r.opts.xtrace {
		return
	}
	for _, a := range as {
		if a.Array != nil {
			var b strings.Builder
			b.WriteString(assignTraceName(a) + "(")
			for i, el := range a.Array.Elems {
				if i > 0 {
					b.WriteByte(' ')
				}
				if el.Index != nil {
					b.WriteString("[" + printNode(el.Index) + "]=")
				}
				if el.Value != nil {
					b.WriteString(printNode(el.Value))
				}
			}
			b.WriteString(")")
			r.traceLine(b.String())
			continue
		}
		val := ""
		if a.Value != nil {
			val, _ = r.assignValue(a.Value)
		}
		r.traceLine(assignTraceName(a) + traceQuote(val))
	}
}

// arithPad returns the blanks between two positions on one line, plus
// extra (the width of "((" after from), so (( )) traces as written.
func arithPad(from, to syntax.Pos, extra uint) string {
	if from.Line() != to.Line() || to.Col() < from.Col()+extra {
		return " "
	}
	return strings.Repeat(" ", int(to.Col()-from.Col()-extra)+1)
}

// traceTest renders a [[ ]] expression for xtrace, with its words
// expanded (those without command substitutions, which must not run twice).
func (r *Runner) traceTest(x syntax.TestExpr) string {
	switch x := x.(type) {
	case *syntax.BinaryTest:
		return r.traceTest(x.X) + " " + x.Op.String() + " " + r.traceTest(x.Y)
	case *syntax.UnaryTest:
		return x.Op.String() + " " + r.traceTest(x.X)
	case *syntax.ParenTest:
		return "( " + r.traceTest(x.X) + " )"
	case *syntax.Word:
		hasCmd := false
		syntax.Walk(x, func(n syntax.Node) bool {
			switch n.(type) {
			case *syntax.CmdSubst, *syntax.ProcSubst:
				hasCmd = true
			}
			return !hasCmd
		})
		if !hasCmd {
			if s, err := r.literal(x); err == nil {
				return s
			}
		}
		return printNode(x)
	}
	return ""
}

func traceQuote(s string) string {
	if s == "" {
		return "''"
	}
	if strings.ContainsAny(s, "]") && !strings.ContainsAny(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	if strings.ContainsAny(s, " \t\n'\"\\$`*?[]{}()<>|&;~#!") {
		q, err := syntax.Quote(s, syntax.LangBash)
		if err == nil {
			if strings.HasPrefix(q, "\"") {
				return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
			}
			return q
		}
	}
	return s
}

// fdWriter writes to a table fd, turning a broken pipe into the shell's
// SIGPIPE behaviour.
type fdWriter struct {
	r  *Runner
	fd int
}

var errPipe = errors.New("broken pipe")

func (w fdWriter) Write(p []byte) (int, error) {
	f := w.r.fds.Get(w.fd)
	if f == nil {
		return 0, &os.PathError{Op: "write", Path: fmt.Sprint(w.fd), Err: unix.EBADF}
	}
	n, err := f.Write(p)
	if err != nil && errors.Is(err, syscall.EPIPE) {
		w.r.exitPipe()
		return n, errPipe
	}
	return n, err
}

func (r *Runner) stdoutW() io.Writer { return fdWriter{r, 1} }
func (r *Runner) stderrW() io.Writer { return fdWriter{r, 2} }

// exitPipe makes the shell behave as if killed by SIGPIPE.
func (r *Runner) exitPipe() {
	r.exiting = true
	r.exitCode = 141
}

// writeOut writes a builtin's output; it reports a write error as bash does.
func (r *Runner) writeOut(name, s string) int {
	_, err := io.WriteString(r.stdoutW(), s)
	if err != nil {
		if errors.Is(err, errPipe) {
			return 141
		}
		r.errorf("%s: write error: %s", name, errText(err))
		return 1
	}
	return 0
}

// procTimes are the shell's and its children's CPU times.
type procTimes struct {
	real        time.Time
	user, sys   time.Duration
	cuser, csys time.Duration
}

func nowTimes() procTimes {
	var ru, cru unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &ru)
	unix.Getrusage(unix.RUSAGE_CHILDREN, &cru)
	tv := func(t unix.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return procTimes{time.Now(), tv(ru.Utime), tv(ru.Stime), tv(cru.Utime), tv(cru.Stime)}
}

func (end procTimes) sub(start procTimes) (real, user, sys time.Duration) {
	return end.real.Sub(start.real), end.user - start.user + end.cuser - start.cuser, end.sys - start.sys + end.csys - start.csys
}

func fmtDur(d time.Duration) string {
	m := int(d.Minutes())
	s := d.Seconds() - float64(m*60)
	return fmt.Sprintf("%dm%.3fs", m, s)
}

// assignValue expands the value of an assignment. Besides the tilde at
// the start, which the expander handles, bash expands one after each
// unquoted colon (PATH=a:~/bin).
func (r *Runner) assignValue(w *syntax.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	tilde := false
	for _, p := range w.Parts {
		if l, ok := p.(*syntax.Lit); ok && strings.Contains(l.Value, ":~") {
			tilde = true
			break
		}
	}
	if !tilde {
		return r.literal(w)
	}
	// Expand each colon-separated segment as a word of its own.
	var out strings.Builder
	seg := &syntax.Word{}
	flush := func() error {
		s, err := r.literal(seg)
		out.WriteString(s)
		seg = &syntax.Word{}
		return err
	}
	for _, p := range w.Parts {
		l, ok := p.(*syntax.Lit)
		if !ok {
			seg.Parts = append(seg.Parts, p)
			continue
		}
		pieces := strings.Split(l.Value, ":")
		for i, piece := range pieces {
			if i > 0 {
				if err := flush(); err != nil {
					return "", err
				}
				out.WriteByte(':')
			}
			if piece != "" {
				seg.Parts = append(seg.Parts, &syntax.Lit{Value: piece})
			}
		}
	}
	if err := flush(); err != nil {
		return "", err
	}
	return out.String(), nil
}
