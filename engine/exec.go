package engine

import (
	"context"
	"errors"

	"fmt"
	"mvdan.cc/sh/v3/expand"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

func (r *Runner) stop() bool {
	if r.exiting || r.returning || r.breakN > 0 || r.contN > 0 || r.discard {
		return true
	}
	if r.ctx.Err() != nil {
		r.exiting = true
		r.exitCode = 130
		return true
	}
	return false
}

func (r *Runner) stmts(ctx context.Context, sts []*syntax.Stmt) {
	for _, st := range sts {
		if r.stop() {
			return
		}
		r.stmt(ctx, st)
	}
}

func (r *Runner) stmt(ctx context.Context, st *syntax.Stmt) {
	if len(r.shared.sig.pending) > 0 {
		r.runPending(ctx)
	}
	if r.stop() {
		return
	}
	if !r.inTrap {
		r.line = st.Pos().Line()
	}
	if st.Background {
		r.background(ctx, st)
		return
	}
	if st.Negated {
		r.noErrExit++
	}
	if len(st.Redirs) == 0 {
		r.cmd(ctx, st.Cmd)
	} else {
		r.cmdWithRedirs(ctx, st)
	}
	if len(r.psubs) > 0 {
		r.closePsubs()
	}
	switch st.Cmd.(type) {
	case *syntax.CallExpr, *syntax.ArithmCmd, *syntax.TestClause, *syntax.LetClause, *syntax.DeclClause:
		// A simple command is a pipeline of one for PIPESTATUS.
		if cap(r.pipeStatus) == 0 {
			r.pipeStatus = make([]int, 1, 4)
		}
		r.pipeStatus = r.pipeStatus[:1]
		r.pipeStatus[0] = r.status
	}
	if st.Negated {
		r.noErrExit--
		if r.status == 0 {
			r.status = 1
		} else {
			r.status = 0
		}
		return
	}
	r.afterCmd(ctx, st.Cmd)
}

// afterCmd runs the ERR trap and errexit for a failed command.
func (r *Runner) afterCmd(ctx context.Context, cm syntax.Command) {
	if r.status == 0 || r.noErrExit > 0 || r.exiting || r.returning {
		return
	}
	if b, ok := cm.(*syntax.BinaryCmd); ok && (b.Op == syntax.AndStmt || b.Op == syntax.OrStmt) {
		// Only the last command of an && or || list counts, and it
		// already ran afterCmd itself.
		return
	}
	// Functions inherit the ERR trap only with set -E (errtrace).
	if cmd, ok := r.traps["ERR"]; ok && !r.inTrap && (r.funcDepth == 0 || r.opts.errtrace) {
		st := r.status
		r.runTrapCode(ctx, cmd)
		r.status = st
	}
	if r.opts.errexit {
		r.exiting = true
		r.exitCode = r.status
	}
}

// cmdWithRedirs runs a command with the statement's redirections applied to
// a copy of the fd table; fds the command itself changes with exec survive.
func (r *Runner) cmdWithRedirs(ctx context.Context, st *syntax.Stmt) {
	if call, ok := st.Cmd.(*syntax.CallExpr); ok {
		r.call(ctx, call, st.Redirs)
		return
	}
	orig := r.fds
	r.fds = orig.Clone()
	changed, err := r.applyRedirs(ctx, st.Redirs)
	if err != nil {
		r.fds.CloseAll()
		r.fds = orig
		r.redirError(err)
		return
	}
	r.cmd(ctx, st.Cmd)
	r.restoreFds(orig, changed)
}

// restoreFds drops the redirected table, keeping in orig any fd the command
// changed itself (exec 3>file inside a redirected block).
func (r *Runner) restoreFds(orig *tableT, changed map[int]bool) {
	cur := r.fds
	n := max(cur.Len(), orig.Len())
	for fd := 0; fd < n; fd++ {
		if changed[fd] {
			continue
		}
		if !cur.Same(orig, fd) {
			orig.Adopt(cur, fd)
		}
	}
	cur.CloseAll()
	r.fds = orig
}

func (r *Runner) redirError(err error) {
	r.errorf("%v", err)
	r.status = 1
	if r.opts.errexit && r.noErrExit == 0 {
		r.exiting = true
		r.exitCode = 1
	}
}

func (r *Runner) cmd(ctx context.Context, cm syntax.Command) {
	switch cm := cm.(type) {
	case *syntax.CallExpr:
		r.call(ctx, cm, nil)
	case *syntax.Block:
		r.stmts(ctx, cm.Stmts)
	case *syntax.Subshell:
		if r.shared.term.interactive && !r.subshell && r.pg == nil {
			// Under job control the subshell's processes share a group
			// that owns the terminal, and Ctrl-Z suspends them all.
			pg := &pgroup{fg: true}
			s := r.sub()
			s.pg = pg
			st := 0
			if r.suspendable(ctx, pg, jobText(cm), func() {
				s.stmts(ctx, cm.Stmts)
				st = s.finishSubshell(ctx)
			}, func() int { return st }) {
				r.shared.term.reclaimTerminal()
				r.status = st
			}
			return
		}
		r.subshellRun(ctx, func(s *Runner) { s.stmts(ctx, cm.Stmts) })
	case *syntax.BinaryCmd:
		switch cm.Op {
		case syntax.AndStmt, syntax.OrStmt:
			r.noErrExit++
			r.stmt(ctx, cm.X)
			r.noErrExit--
			if r.stop() {
				return
			}
			if (r.status == 0) == (cm.Op == syntax.AndStmt) {
				r.stmt(ctx, cm.Y)
			}
		case syntax.Pipe, syntax.PipeAll:
			r.pipeline(ctx, cm)
		}
	case *syntax.IfClause:
		r.ifClause(ctx, cm)
	case *syntax.WhileClause:
		r.whileClause(ctx, cm)
	case *syntax.ForClause:
		r.forClause(ctx, cm)
	case *syntax.CaseClause:
		r.caseClause(ctx, cm)
	case *syntax.FuncDecl:
		if r.roFuncs[cm.Name.Value] {
			r.errorf("%s: readonly function", cm.Name.Value)
			r.status = 1
			return
		}
		r.funcs[cm.Name.Value] = cm.Body
		r.status = 0
	case *syntax.ArithmCmd:
		if r.opts.xtrace {
			r.traceLine("((" + arithPad(cm.Left, cm.X.Pos(), 2) + renderArith(cm.X) + arithPad(cm.X.End(), cm.Right, 0) + "))")
		}
		n, err := r.arith(cm.X)
		if err != nil {
			r.arithCmdError("((", err)
			return
		}
		r.status = oneIf(n == 0)
	case *syntax.LetClause:
		r.letClause(ctx, cm)
	case *syntax.TestClause:
		if r.opts.xtrace {
			r.traceLine("[[ " + r.traceTest(cm.X) + " ]]")
		}
		ok, err := r.testExpr(ctx, cm.X)
		if err != nil {
			r.errorf("%v", err)
			r.status = 2
			var ae *arithErr
			if errors.As(err, &ae) {
				r.status = 1
			}
			return
		}
		r.status = oneIf(!ok)
	case *syntax.DeclClause:
		r.declClause(ctx, cm)
	case *syntax.TimeClause:
		r.timeClause(ctx, cm)
	case *syntax.CoprocClause:
		r.coprocClause(ctx, cm)
	case *syntax.TestDecl:
		r.errorf("@test: not supported")
		r.status = 2
	default:
		r.errorf("unsupported command %T", cm)
		r.status = 2
	}
}

// arithCmdError reports an error in (( )) or let: the command fails with
// status 1 and the script goes on.
func (r *Runner) arithCmdError(name string, err error) {
	var ae *arithErr
	if !errors.As(err, &ae) {
		r.expandError(err)
		return
	}
	r.errorf("%s: %v", name, err)
	r.status = 1
}

func oneIf(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (r *Runner) ifClause(ctx context.Context, ic *syntax.IfClause) {
	for ic != nil {
		if ic.Cond == nil { // else
			r.stmts(ctx, ic.Then)
			return
		}
		r.noErrExit++
		r.stmts(ctx, ic.Cond)
		r.noErrExit--
		if r.stop() {
			return
		}
		if r.status == 0 {
			r.stmts(ctx, ic.Then)
			return
		}
		ic = ic.Else
	}
	r.status = 0
}

// loopBody runs a loop body and reports whether the loop must end.
func (r *Runner) loopBody(ctx context.Context, sts []*syntax.Stmt) (stop bool) {
	r.stmts(ctx, sts)
	if r.contN > 0 {
		r.contN--
		if r.contN > 0 {
			return true
		}
	}
	if r.breakN > 0 {
		r.breakN--
		return true
	}
	return r.exiting || r.returning || r.discard || r.ctx.Err() != nil
}

func (r *Runner) whileClause(ctx context.Context, wc *syntax.WhileClause) {
	r.loopDepth++
	defer func() { r.loopDepth-- }()
	status := 0
	for {
		r.noErrExit++
		r.stmts(ctx, wc.Cond)
		r.noErrExit--
		if r.stop() {
			if r.breakN > 0 || r.contN > 0 {
				// break/continue in the condition act on this loop.
				if r.loopBody(ctx, nil) {
					break
				}
				continue
			}
			return
		}
		if (r.status == 0) == wc.Until {
			break
		}
		r.status = 0
		stop := r.loopBody(ctx, wc.Do)
		status = r.status
		if stop {
			break
		}
	}
	if r.exiting || r.returning || r.discard {
		return
	}
	r.status = status
}

func (r *Runner) forClause(ctx context.Context, fc *syntax.ForClause) {
	r.loopDepth++
	defer func() { r.loopDepth-- }()
	status := 0
	switch l := fc.Loop.(type) {
	case *syntax.WordIter:
		var items []string
		if l.InPos.IsValid() {
			var err error
			items, err = r.fields(l.Items...)
			if err != nil {
				r.expandError(err)
				return
			}
		} else {
			items = append([]string(nil), r.params...)
		}
		if fc.Select {
			r.selectLoop(ctx, l.Name.Value, items, fc.Do)
			return
		}
		name := l.Name.Value
		ref, _ := r.vars.find(name)
		if ref != nil && ref.Kind != expand.NameRef {
			ref = nil
		}
		for _, it := range items {
			if ref != nil {
				// A nameref loop variable refers to each item
				// in turn.
				ref.Str = it
				ref.Set = true
				r.status = 0
				if r.loopBody(ctx, fc.Do) {
					status = r.status
					break
				}
				status = r.status
				continue
			}
			if r.opts.xtrace {
				r.trace(append([]string{"for", name, "in"}, items...)...)
			}
			if err := r.setString(name, it); err != nil {
				r.errorf("%v", err)
				r.status = 1
				return
			}
			r.status = 0
			stop := r.loopBody(ctx, fc.Do)
			status = r.status
			if stop {
				break
			}
		}
	case *syntax.CStyleLoop:
		arith := func(x syntax.ArithmExpr) (int, bool) {
			if x == nil {
				return 1, true
			}
			n, err := r.arith(x)
			if err != nil {
				r.expandError(err)
				return 0, false
			}
			return n, true
		}
		if l.Init != nil {
			if _, ok := arith(l.Init); !ok {
				return
			}
		}
		for {
			n, ok := arith(l.Cond)
			if !ok {
				return
			}
			if n == 0 {
				break
			}
			r.status = 0
			stop := r.loopBody(ctx, fc.Do)
			status = r.status
			if stop {
				break
			}
			if l.Post != nil {
				if _, ok := arith(l.Post); !ok {
					return
				}
			}
		}
	}
	if r.exiting || r.returning || r.discard {
		return
	}
	r.status = status
}

func (r *Runner) selectLoop(ctx context.Context, name string, items []string, body []*syntax.Stmt) {
	for {
		for i, it := range items {
			fmt.Fprintf(r.stderrW(), "%d) %s\n", i+1, it)
		}
		ps3, ok := r.Var("PS3")
		if !ok {
			ps3 = "#? "
		}
		fmt.Fprint(r.stderrW(), ps3)
		line, err := r.readLine(0)
		if err != nil {
			r.status = 1
			return
		}
		r.setString("REPLY", line)
		var n int
		fmt.Sscan(line, &n)
		if n >= 1 && n <= len(items) {
			r.setString(name, items[n-1])
		} else {
			r.setString(name, "")
		}
		if line == "" {
			continue
		}
		if r.loopBody(ctx, body) {
			return
		}
	}
}

func (r *Runner) caseClause(ctx context.Context, cc *syntax.CaseClause) {
	word, err := r.literal(cc.Word)
	if err != nil {
		r.expandError(err)
		return
	}
	r.trace("case", word, "in")
	r.status = 0
	fallthru := false
	for i := 0; i < len(cc.Items); i++ {
		ci := cc.Items[i]
		matched := fallthru
		if !matched {
			for _, pw := range ci.Patterns {
				pat, err := r.pattern(pw)
				if err != nil {
					r.expandError(err)
					return
				}
				if r.matchPattern(pat, word, false) {
					matched = true
					break
				}
			}
		}
		if !matched {
			continue
		}
		r.stmts(ctx, ci.Stmts)
		switch ci.Op {
		case syntax.Break:
			return
		case syntax.Fallthrough: // ;&
			fallthru = true
		case syntax.Resume: // ;;&
			fallthru = false
		}
	}
}

func (r *Runner) letClause(ctx context.Context, lc *syntax.LetClause) {
	n := 0
	for _, x := range lc.Exprs {
		var err error
		n, err = r.arith(x)
		if err != nil {
			r.arithCmdError("let", err)
			return
		}
	}
	r.status = oneIf(n == 0)
}

func (r *Runner) timeClause(ctx context.Context, tc *syntax.TimeClause) {
	start := nowTimes()
	if tc.Stmt != nil {
		r.stmt(ctx, tc.Stmt)
	}
	end := nowTimes()
	real, user, sys := end.sub(start)
	w := r.stderrW()
	if tc.PosixFormat {
		fmt.Fprintf(w, "real %.2f\nuser %.2f\nsys %.2f\n", real.Seconds(), user.Seconds(), sys.Seconds())
		return
	}
	fmt.Fprintf(w, "\nreal\t%s\nuser\t%s\nsys\t%s\n", fmtDur(real), fmtDur(user), fmtDur(sys))
}

// jobText renders a command on one line, as jobs lists it.
func jobText(n syntax.Node) string {
	var b strings.Builder
	syntax.NewPrinter(syntax.SingleLine(true)).Print(&b, unrewrite(n))
	return strings.TrimSpace(b.String())
}

// printNode renders a syntax node back to source, for xtrace.
func printNode(n syntax.Node) string {
	var b strings.Builder
	syntax.NewPrinter(syntax.Minify(false)).Print(&b, unrewrite(n))
	return b.String()
}
