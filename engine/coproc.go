package engine

// Coprocesses: the coproc keyword.
//
// # Transport
//
// A coprocess runs on a pty in raw mode by default (see package coproc);
// `shopt -s coproc_pipes` gives bash's pipes instead. The shell opens the
// transport with coproc.Open and starts the child itself, so that every
// child is spawned from the fd table (redirections such as 2>&1 see the
// coprocess's ends) and reaped in one place, proc.wait:
//
//   - `coproc [NAME] prog args` spawns prog with fds 0 and 1 (and, on a
//     pty, 2) on the child's ends. On a pty the child leads a new session
//     whose controlling terminal the pty is. On pipes its stderr is the
//     shell's, as in bash.
//   - anything else (a compound command, a function, a builtin, a command
//     not found) runs as a goroutine subshell whose fds 0 and 1 (and 2 on
//     a pty) are the child's ends, as a background job with a sentinel
//     process, so NAME_PID is a real pid that kill and wait understand.
//
// # Fds and variables
//
// NAME is the array (readfd writefd), NAME_PID the pid, and $! is set as
// in bash. Both fds are the lowest free at or above 10 in the shell's fd
// table and are private there (redirect.Table.SetPrivate): the shell and
// its subshells use them, but programs inherit them only through a
// redirection (`head <&${C[0]}`), so an unrelated child never holds a
// coprocess's input open. The write fd is the coproc.Coproc's own write
// side: when the last table referring to it closes it (`exec {C[1]}>&-`,
// or the runner's Close), the Coproc's Close gives the child end of file
// (on a pty by ^D in canonical mode). The read fd is a dup of the read
// side; closing it closes the Coproc's too. The fds stay valid after the
// child exits until the script closes them: bash's vanishing fds are not
// reproduced, and neither NAME nor NAME_PID is unset.
//
// On Linux a pty master whose other side is closed fails reads with EIO
// rather than returning end of file. The shell's own reads (`read -u`)
// turn that EIO into end of file (see ptyEOF); a program handed the fd
// sees the EIO itself, as with any pty, so a program that must see a
// clean end of file should use pipes.
//
// # Buffering
//
// The send, expect and interact builtins go through the coproc.Coproc,
// which buffers what it has read beyond a match; `read -u` reads the fd
// directly. Mixing the two on one coprocess can therefore make read miss
// output that expect has already buffered.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/coproc"
	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// coprocSet is the registry of the coprocesses one shell (with its
// subshells) started, shared through [shared].
type coprocSet struct {
	mu   sync.Mutex
	list []*coprocEntry // in the order they started
}

// coprocEntry is one coprocess.
type coprocEntry struct {
	name      string
	c         *coproc.Coproc
	pid       int
	transport coproc.Transport
	job       *job
	readFd    int
	writeFd   int
	readFile  *os.File // the shell's read fd (a dup of the Coproc's)

	mu          sync.Mutex
	readClosed  bool // the shell's read fd was closed
	writeClosed bool // the shell's write fd was closed
}

func newCoprocSet() *coprocSet { return &coprocSet{} }

// lookup returns the most recent coprocess called name.
func (cs *coprocSet) lookup(name string) *coprocEntry {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for i := len(cs.list) - 1; i >= 0; i-- {
		if cs.list[i].name == name {
			return cs.list[i]
		}
	}
	return nil
}

// live returns the coprocesses still running or with an fd open, pruning
// the others.
func (cs *coprocSet) live() []*coprocEntry {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	keep := cs.list[:0]
	for _, e := range cs.list {
		e.mu.Lock()
		open := !e.readClosed || !e.writeClosed
		e.mu.Unlock()
		if open || !e.job.finished() {
			keep = append(keep, e)
		}
	}
	clear(cs.list[len(keep):])
	cs.list = keep
	return append([]*coprocEntry(nil), keep...)
}

func (cs *coprocSet) add(e *coprocEntry) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.list = append(cs.list, e)
}

// coprocClause runs `coproc [NAME] command` and returns its status.
func (cs *coprocSet) start(r *Runner, ctx context.Context, cc *syntax.CoprocClause) int {
	name := "COPROC"
	st := cc.Stmt
	if cc.Name != nil {
		n, err := r.literal(cc.Name)
		if err != nil {
			r.expandError(err)
			return 1
		}
		name = n
	}
	var prog []string // the program to spawn, if the command is one
	if ce, ok := st.Cmd.(*syntax.CallExpr); ok && len(ce.Args) > 0 && !st.Negated && !st.Background {
		args, err := r.fields(ce.Args...)
		if err != nil {
			r.expandError(err)
			return 1
		}
		if cc.Name == nil && len(args) > 1 && syntax.ValidName(args[0]) && !r.isCommand(args[0]) && len(ce.Args[0].Parts) == 1 {
			// coproc NAME cmd args: bash would run NAME and fail;
			// ipsh takes NAME as the name, as for a compound command.
			if _, lit := ce.Args[0].Parts[0].(*syntax.Lit); lit {
				name = args[0]
				args = args[1:]
				cp := *ce
				cp.Args = ce.Args[1:]
				cst := *st
				cst.Cmd = &cp
				st = &cst
			}
		}
		if len(args) > 0 && r.isProgram(args[0]) {
			prog = args
		}
	}
	if !syntax.ValidName(name) {
		r.errorf("coproc: `%s': not a valid identifier", name)
		return 1
	}
	transport := coproc.PTY
	if r.opts.coprocPipes {
		transport = coproc.Pipes
	}
	co, in, out, err := coproc.Open("coproc "+name, coproc.Options{Transport: transport})
	if err != nil {
		r.errorf("coproc: %v", err)
		return 1
	}
	e := &coprocEntry{name: name, c: co, transport: transport}
	text := "coproc " + name + " " + strings.TrimSpace(printNode(st))
	if prog != nil {
		e.job, e.pid = cs.spawn(r, ctx, st, prog, transport, in, out, text)
	} else {
		e.job, e.pid = cs.goroutine(r, ctx, st, transport, in, out, text)
	}
	if e.job == nil {
		co.Close()
		co.CloseRead()
		return 1
	}
	if err := cs.install(r, e); err != nil {
		r.errorf("coproc: %v", err)
		return 1
	}
	cs.add(e)
	r.lastBg = e.pid
	r.setVariable(name, expand.Variable{Set: true, Kind: expand.Indexed, List: []string{strconv.Itoa(e.readFd), strconv.Itoa(e.writeFd)}})
	r.setString(name+"_PID", strconv.Itoa(e.pid))
	return 0
}

// isCommand reports whether name would run something: a function,
// builtin, alias or program.
func (r *Runner) isCommand(name string) bool {
	if _, ok := r.aliases[name]; ok {
		return true
	}
	return r.isProgram(name) || coreBuiltin(name) != nil || r.funcs[name] != nil || r.shared.builtins[name] != nil
}

// install puts the coprocess's fds in the shell's table, private.
func (cs *coprocSet) install(r *Runner, e *coprocEntry) error {
	rf, err := dupFile(e.c.ReadFile())
	if err != nil {
		e.c.Close()
		e.c.CloseRead()
		return err
	}
	rfd, err := r.fds.Free(10)
	if err != nil {
		rf.Close()
		e.c.Close()
		e.c.CloseRead()
		return err
	}
	r.fds.SetPrivate(rfd, rf, func() error {
		err := rf.Close()
		e.mu.Lock()
		e.readClosed = true
		e.mu.Unlock()
		if cerr := e.c.CloseRead(); err == nil {
			err = cerr
		}
		return err
	})
	wfd, err := r.fds.Free(10)
	if err != nil {
		r.fds.Close(rfd)
		e.c.Close()
		return err
	}
	r.fds.SetPrivate(wfd, e.c.WriteFile(), func() error {
		e.mu.Lock()
		e.writeClosed = true
		e.mu.Unlock()
		return e.c.Close()
	})
	e.readFd, e.writeFd, e.readFile = rfd, wfd, rf
	return nil
}

// childFds returns a clone of r's table with the coprocess's ends at 0
// and 1, and at 2 on a pty. The table owns in and out.
func childFds(r *Runner, transport coproc.Transport, in, out *os.File) *tableT {
	fds := r.fds.Clone()
	fds.Set(0, in)
	fds.Set(1, out)
	if transport == coproc.PTY {
		fds.Dup(1, 2)
	}
	return fds
}

// spawn starts the program of a coprocess and returns its job and pid, or
// a nil job after reporting an error. It closes in and out.
func (cs *coprocSet) spawn(r *Runner, ctx context.Context, st *syntax.Stmt, args []string, transport coproc.Transport, in, out *os.File, text string) (*job, int) {
	ce := st.Cmd.(*syntax.CallExpr)
	fds := childFds(r, transport, in, out)
	defer fds.CloseAll()
	path, err := r.lookPath(args[0])
	if err != nil {
		r.errorf("%s: %s", args[0], errText(err))
		return nil, 0
	}
	env := r.environ()
	if len(ce.Assigns) > 0 {
		env = append([]string(nil), env...)
		for _, as := range ce.Assigns {
			val := ""
			if as.Value != nil {
				v, err := r.assignValue(as.Value)
				if err != nil {
					r.expandError(err)
					return nil, 0
				}
				val = v
			}
			env = setEnv(env, as.Name.Value, val)
		}
	}
	if _, err := r.applyRedirsTo(ctx, fds, st.Redirs); err != nil {
		r.redirError(err)
		return nil, 0
	}
	files := fds.Files()
	sfds := make([]uintptr, len(files))
	for i, f := range files {
		sfds[i] = f.Fd() // ^0 for nil: closed in the child
	}
	sys := &syscall.SysProcAttr{}
	var pg *pgroup
	switch {
	case transport == coproc.PTY:
		// The child leads a session whose controlling terminal is the
		// pty (its fd 0), so /dev/tty works and ^C reaches it.
		sys.Setsid, sys.Setctty, sys.Ctty = true, true, 0
	case r.opts.monitor:
		sys.Setpgid = true
	}
	pid, err := syscall.ForkExec(path, args, &syscall.ProcAttr{Dir: r.dir, Env: env, Files: sfds, Sys: sys})
	if err != nil {
		r.errorf("%s: %s", args[0], errText(err))
		return nil, 0
	}
	for res, rl := range r.limits {
		unix.Prlimit(pid, res, &rl, nil)
	}
	if sys.Setsid || sys.Setpgid {
		pg = &pgroup{pgid: pid}
	}
	p := &proc{pid: pid, done: make(chan struct{})}
	j := &job{pid: pid, pg: pg, cmd: text, done: make(chan struct{}), procs: []*proc{p}}
	r.jobs.add(j)
	go func() {
		p.wait(ctx, false)
		j.status = p.status
		close(j.done)
	}()
	return j, pid
}

// goroutine runs the command of a coprocess in a goroutine subshell and
// returns its job and pid. It takes in and out.
func (cs *coprocSet) goroutine(r *Runner, ctx context.Context, st *syntax.Stmt, transport coproc.Transport, in, out *os.File, text string) (*job, int) {
	s := r.sub()
	s.pg = &pgroup{}
	s.fds.Set(1, out)
	if transport == coproc.PTY {
		s.fds.Dup(1, 2)
	}
	// goBackground may give the job /dev/null as stdin: ours comes after.
	j := r.jobs.goBackground(ctx, s, text, false, false, func(ctx context.Context) int {
		s.fds.Set(0, in)
		s.stmt(ctx, st)
		return s.finishSubshell(ctx)
	})
	// Unlike a background subshell, the end of a run does not wait for a
	// coprocess (it would wait for input that never comes) and Close does
	// not cancel it: as in bash, it is ended by end of file on its input,
	// which it gets when the shell's write fd is closed (Runner.Close
	// closes it), or by a signal to NAME_PID.
	j.cancel = nil
	return j, j.pid
}

// coprocRead returns the function `read -u` reads f with: f.Read, or, when
// f is the read fd of a coprocess (isCoproc), a read through its
// coproc.Coproc. That reader buffers what one read(2) brings, so a line
// read byte by byte costs one system call rather than one per byte (a pty
// master's are slow), it shares its buffer with expect, and it gives end
// of file where a pty master gives EIO. With a timeout (in seconds), its
// reads fail with os.ErrDeadlineExceeded once it has passed.
func (r *Runner) coprocRead(f *os.File, timeout float64, hasTimeout bool) (read func([]byte) (int, error), isCoproc bool) {
	e := r.shared.coproc.byReadFile(f)
	if e == nil {
		return f.Read, false
	}
	ctx := r.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	if hasTimeout {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(timeout*float64(time.Second)))
		// The read returns before the timer could matter to anyone
		// else: release it once it has fired or the reads are done.
		context.AfterFunc(ctx, cancel)
	}
	return func(p []byte) (int, error) {
		n, err := e.c.ReadContext(ctx, p)
		if err != nil && errors.Is(err, context.DeadlineExceeded) {
			err = os.ErrDeadlineExceeded
		}
		return n, err
	}, true
}

// byReadFile returns the coprocess whose shell read fd is f.
func (cs *coprocSet) byReadFile(f *os.File) *coprocEntry {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for _, e := range cs.list {
		if e.readFile == f {
			return e
		}
	}
	return nil
}

// ptyEOF reports whether err, from a read of f, is the EIO that a pty
// master gives once its other side is closed and nothing is left: end of
// file for the shell's reads.
func ptyEOF(f *os.File, err error) bool {
	if f == nil || !errors.Is(err, syscall.EIO) {
		return false
	}
	_, ierr := unix.IoctlGetInt(int(f.Fd()), unix.TIOCGPTN)
	return ierr == nil
}

// coprocState describes a coprocess's state for listings.
func (e *coprocEntry) state() string {
	if !e.job.finished() {
		return "running"
	}
	st := e.job.status
	if st > 128 {
		return "killed " + sigDesc(st-128)
	}
	return fmt.Sprintf("exited %d", st)
}
