package engine

import (
	"context"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// sub returns a goroutine subshell: a copy of the runner state with a
// cloned fd table.
func (r *Runner) sub() *Runner {
	return r.subWith(r.fds.Clone())
}

func (r *Runner) subWith(fds *tableT) *Runner {
	s := &Runner{
		shared:        r.shared,
		vars:          r.vars.clone(),
		funcs:         maps.Clone(r.funcs),
		aliases:       r.aliases,
		aliasLine:     r.aliasLine,
		fds:           fds,
		dir:           r.dir,
		params:        r.params,
		arg0:          r.arg0,
		opts:          r.opts,
		traps:         make(map[string]string),
		dirs:          slices.Clone(r.dirs),
		hash:          maps.Clone(r.hash),
		limits:        maps.Clone(r.limits),
		ctx:           r.ctx,
		status:        r.status,
		lastBg:        r.lastBg,
		bashPID:       r.shared.subPID(),
		subshell:      true,
		depth:         r.depth + 1,
		funcDepth:     r.funcDepth,
		loopDepth:     r.loopDepth,
		lastArg:       r.lastArg,
		roFuncs:       maps.Clone(r.roFuncs),
		exportedFuncs: maps.Clone(r.exportedFuncs),
		funcNames:     slices.Clone(r.funcNames),
		callLines:     slices.Clone(r.callLines),
		srcNames:      slices.Clone(r.srcNames),
		line:          r.line,
		traceLevel:    r.traceLevel,
		fileName:      r.fileName,
		jobs:          newJobTable(),
		pg:            r.pg,
	}
	for sig, cmd := range r.traps {
		if cmd == "" { // ignored signals stay ignored
			s.traps[sig] = ""
		}
	}
	s.inheritedTraps = r.traps
	s.noErrExit = r.noErrExit
	return s
}

// subPID returns $BASHPID for a new goroutine subshell: the id of the
// thread creating it, or, when that is the main thread (whose id is $$),
// a number past $$ that no other subshell of this shell gets.
func (sh *shared) subPID() int {
	if tid := unix.Gettid(); tid != sh.pid {
		return tid
	}
	return sh.pid + int(sh.subSeq.Add(1))
}

// finishSubshell runs the subshell's EXIT trap, closes its fds and returns
// its status.
func (s *Runner) finishSubshell(ctx context.Context) int {
	s.discard = false
	if s.exiting {
		s.status = s.exitCode
	}
	s.runExitTrap(ctx)
	if len(s.psubs) > 0 {
		s.closePsubs()
	}
	// Background jobs are not waited for: as with bash's forked
	// subshells, `(sleep 10 &)` returns at once and the job runs on.
	s.fds.CloseAll()
	s.vars.release() // the parent writes its scopes in place again
	return s.status
}

// subshellRun runs fn in a synchronous subshell: ( ... ).
func (r *Runner) subshellRun(ctx context.Context, fn func(s *Runner)) {
	s := r.sub()
	fn(s)
	r.status = s.finishSubshell(ctx)
}

// subshellWith runs fn in a subshell over a clone of fds.
func (r *Runner) subshellWith(ctx context.Context, fds *tableT, fn func(s *Runner)) {
	s := r.subWith(fds.Clone())
	fn(s)
	r.status = s.finishSubshell(ctx)
}

// stage runs one statement as the whole of a subshell, so a program it
// ends with may take over the subshell's fds.
func (s *Runner) stage(ctx context.Context, st *syntax.Stmt) {
	if ce, ok := st.Cmd.(*syntax.CallExpr); ok && !st.Negated && !st.Background && len(ce.Args) > 0 && len(s.traps) == 0 {
		s.line = st.Pos().Line()
		args, err := s.fields(ce.Args...)
		if err != nil {
			s.expandError(err)
			return
		}
		if len(args) == 0 {
			s.stmt(ctx, st)
			return
		}
		if s.opts.xtrace {
			s.traceAssigns(ce.Assigns)
			s.trace(args...)
		}
		s.exec(ctx, args, ce.Assigns, st.Redirs, true)
		if len(s.psubs) > 0 {
			s.closePsubs()
		}
		s.afterCmd(ctx, ce)
		return
	}
	s.stmt(ctx, st)
}

// dupStderr is the 2>&1 that |& adds to a pipeline stage.
var dupStderr = &syntax.Redirect{
	Op:   syntax.DplOut,
	N:    &syntax.Lit{Value: "2"},
	Word: &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{Value: "1"}}},
}

// pipeline runs a | b | c.
func (r *Runner) pipeline(ctx context.Context, bc *syntax.BinaryCmd) {
	var stages []*syntax.Stmt
	var stderrToo []bool
	var flatten func(b *syntax.BinaryCmd)
	flatten = func(b *syntax.BinaryCmd) {
		if x, ok := b.X.Cmd.(*syntax.BinaryCmd); ok && (x.Op == syntax.Pipe || x.Op == syntax.PipeAll) && !b.X.Negated && len(b.X.Redirs) == 0 && !b.X.Background {
			flatten(x)
		} else {
			stages = append(stages, b.X)
			stderrToo = append(stderrToo, false)
		}
		stderrToo[len(stderrToo)-1] = b.Op == syntax.PipeAll
		stages = append(stages, b.Y)
		stderrToo = append(stderrToo, false)
	}
	flatten(bc)
	n := len(stages)
	statuses := make([]int, n)
	subs := make([]*Runner, n)
	var next *os.File // read end for the next stage
	pg := r.pg
	if pg == nil && r.shared.term.interactive && !r.subshell {
		pg = &pgroup{fg: true}
	}
	lastInShell := r.opts.lastpipe && !r.opts.monitor && !r.opts.interactive
	run := func() {
		var wg sync.WaitGroup
		for i, st := range stages {
			var fds *tableT
			if i == n-1 && lastInShell {
				fds = r.fds.Clone()
			} else {
				fds = r.fds.Clone()
			}
			if next != nil {
				fds.Set(0, next)
				next = nil
			}
			if i < n-1 {
				pr, pw, err := r.pipeFor(st, stages[i+1])
				if err != nil {
					fds.CloseAll()
					r.errorf("pipe: %v", err)
					r.status = 1
					break
				}
				fds.Set(1, pw)
				if stderrToo[i] {
					// |& is 2>&1 applied after the stage's own
					// redirections.
					c := *st
					c.Redirs = append(slices.Clip(st.Redirs), dupStderr)
					st = &c
				}
				next = pr
			}
			if i == n-1 && lastInShell {
				orig := r.fds
				r.fds = fds
				r.stmt(ctx, st)
				statuses[i] = r.status
				r.fds = orig
				fds.CloseAll()
				continue
			}
			s := r.subWith(fds)
			s.pg = pg
			if _, simple := st.Cmd.(*syntax.CallExpr); simple {
				s.depth = r.depth // bash counts no subshell for a simple command's stage
			}
			subs[i] = s
			if i == n-1 {
				s.stage(ctx, st)
				statuses[i] = s.finishSubshell(ctx)
				continue
			}
			wg.Add(1)
			go func(i int, s *Runner, st *syntax.Stmt) {
				defer wg.Done()
				defer s.catch(&statuses[i])
				s.stage(ctx, st)
				statuses[i] = s.finishSubshell(ctx)
			}(i, s, st)
		}
		if next != nil {
			next.Close()
		}
		wg.Wait()
	}
	pipeStatus := func() int {
		st := statuses[n-1]
		if r.opts.pipefail {
			for i := n - 1; i >= 0; i-- {
				if statuses[i] != 0 {
					return statuses[i]
				}
			}
		}
		return st
	}
	if pg != nil && pg.fg && !r.subshell && r.shared.term.interactive {
		// Under job control, Ctrl-Z suspends the whole pipeline.
		if !r.suspendable(ctx, pg, jobText(bc), run, pipeStatus) {
			return
		}
	} else {
		run()
	}
	if pg != nil && pg.fg {
		r.shared.term.reclaimTerminal()
	}
	r.pipeStatus = statuses
	r.status = pipeStatus()
}

// cmdSubst runs $(...) and writes its output to w.
func (r *Runner) cmdSubst(w io.Writer, cs *syntax.CmdSubst) error {
	ctx := r.ctx
	// $(< file) reads the file without a subshell.
	if len(cs.Stmts) == 1 {
		st := cs.Stmts[0]
		ce, _ := st.Cmd.(*syntax.CallExpr)
		if in, others, ok := fileReadSubst(st); ok && (st.Cmd == nil || ce != nil && len(ce.Args) == 0 && len(ce.Assigns) == 0) {
			var err error
			r.withRedirs(ctx, others, func() {
				var name string
				name, err = r.literal(in.Word)
				if err != nil {
					return
				}
				f, oerr := r.openPath(name, os.O_RDONLY)
				if oerr != nil {
					r.errorf("%s: %s", name, errText(oerr))
					r.status = 1
					return
				}
				io.Copy(w, f)
				f.Close()
				r.status = 0
			})
			r.substRan = true
			return err
		}
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return err
	}
	s := r.sub()
	s.traceLevel++
	s.fds.Set(1, pw)
	done := make(chan int, 1)
	go func() {
		st := internalErrorStatus
		defer func() { done <- st }()
		defer s.catch(&st)
		if len(cs.Stmts) == 1 {
			s.stage(ctx, cs.Stmts[0])
		} else {
			s.stmts(ctx, cs.Stmts)
		}
		st = s.finishSubshell(ctx)
	}()
	err = r.drain(w, pr)
	pr.Close()
	r.status = <-done
	r.substRan = true
	if r.status != 0 && s.exiting && s.exitCode == 141 {
		r.status = 141
	}
	return err
}

// fileReadSubst reports whether st is `< file` with other redirections
// at most, the $(< file) form, and splits its redirections.
func fileReadSubst(st *syntax.Stmt) (in *syntax.Redirect, others []*syntax.Redirect, ok bool) {
	if st.Negated || st.Background {
		return nil, nil, false
	}
	for _, rd := range st.Redirs {
		if rd.Op == syntax.RdrIn && (rd.N == nil || rd.N.Value == "0") && in == nil {
			in = rd
			continue
		}
		others = append(others, rd)
	}
	return in, others, in != nil
}

// psubFd is our end of a process substitution: fd in table t.
type psubFd struct {
	t  *tableT
	fd int
	f  *os.File
}

// closePsubs closes the process substitution ends made for the command
// that just ran, as bash does, so a >(reader) sees EOF.
func (r *Runner) closePsubs() {
	for _, p := range r.psubs {
		// The table a redirection made may be gone, its fds adopted
		// by the shell's own (see restoreFds).
		for _, t := range [2]*tableT{p.t, r.fds} {
			if t.Get(p.fd) == p.f {
				t.Close(p.fd)
			}
		}
	}
	clear(r.psubs)
	r.psubs = r.psubs[:0]
}

// procSubst starts <(...) or >(...) and returns the /dev/fd path of our end.
func (r *Runner) procSubst(ps *syntax.ProcSubst) (string, error) {
	ctx := r.ctx
	pr, pw, err := rawPipe()
	if err != nil {
		return "", err
	}
	s := r.sub()
	var mine *os.File
	if ps.Op == syntax.CmdIn {
		s.fds.Set(1, pw)
		mine = pr
	} else {
		s.fds.Set(0, pr)
		mine = pw
	}
	fd := 63
	for fd > 10 && r.fds.Get(fd) != nil {
		fd--
	}
	if r.fds.Get(fd) != nil {
		fd, err = r.fds.Free(64)
		if err != nil {
			mine.Close()
			s.fds.CloseAll()
			return "", err
		}
	}
	r.fds.Set(fd, mine)
	r.psubs = append(r.psubs, psubFd{r.fds, fd, mine})
	r.jobs.goBackground(ctx, s, "procsubst", true, false, func(ctx context.Context) int {
		s.stmts(ctx, ps.Stmts)
		return s.finishSubshell(ctx)
	})
	return "/dev/fd/" + itoa(fd), nil
}

// background starts st with &.
func (r *Runner) background(ctx context.Context, st *syntax.Stmt) {
	fg := *st
	fg.Background = false
	single := false
	s := r.sub()
	s.pg = &pgroup{}
	cmdText := strings.TrimSpace(printNode(st.Cmd))
	if ce, ok := st.Cmd.(*syntax.CallExpr); ok && len(ce.Args) > 0 && !st.Negated {
		if args, err := s.fields(ce.Args...); err == nil && len(args) > 0 && s.isProgram(args[0]) {
			// A lone program: spawn it now so $! is its pid.
			j, err := r.jobs.startProgram(ctx, s, args, ce.Assigns, st.Redirs, cmdText)
			if err == nil {
				if j != nil {
					r.lastBg = j.pid
				} else {
					r.lastBg = 0
				}
				r.status = 0
				return
			}
			// A redirection would block (a FIFO): open it in the job instead.
			s.fds.CloseAll()
			s = r.sub()
			s.pg = &pgroup{}
			single = true
		}
	}
	j := r.jobs.goBackground(ctx, s, cmdText, false, single, func(ctx context.Context) int {
		s.stmt(ctx, &fg)
		return s.finishSubshell(ctx)
	})
	r.lastBg = j.pid
	r.status = 0
}

// isProgram reports whether name would run an external program.
func (r *Runner) isProgram(name string) bool {
	if _, ok := r.funcs[name]; ok {
		return false
	}
	if coreBuiltin(name) != nil {
		return false
	}
	if _, ok := r.shared.builtins[name]; ok {
		return false
	}
	if r.opts.expandAliases || r.opts.interactive {
		if _, ok := r.aliases[name]; ok {
			return false
		}
	}
	_, err := r.lookPath(name)
	return err == nil
}

// drain copies a command substitution's output through a buffer the
// runner reuses; the pipe stays in Go's poller.
func (r *Runner) drain(w io.Writer, pr *os.File) error {
	if r.readBuf == nil {
		r.readBuf = make([]byte, 4096)
	}
	for {
		n, err := pr.Read(r.readBuf)
		if n > 0 {
			if _, werr := w.Write(r.readBuf[:n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
