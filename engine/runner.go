package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/redirect"
	"github.com/ipsh/ipsh/signals"
	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// ExitStatus is a command's exit status as an error value. A nil error is
// status 0.
type ExitStatus uint8

// Error returns "exit status N".
func (s ExitStatus) Error() string { return fmt.Sprintf("exit status %d", uint8(s)) }

// ExitCode returns the exit status carried by err: 0 for nil, the value of
// an [ExitStatus] found with errors.As, and 1 for any other error.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var es ExitStatus
	if errors.As(err, &es) {
		return int(es)
	}
	return 1
}

// Option configures a [Runner] in [New].
type Option func(*Runner) error

// StdIO sets the runner's standard input, output and error. Files are dup'd,
// so the runner never closes the caller's files; other readers and writers
// are connected through pipes. A nil value leaves that fd closed (stdin) or
// discards output.
func StdIO(in io.Reader, out, err io.Writer) Option {
	return func(r *Runner) error {
		r.stdio = [3]any{in, out, err}
		return nil
	}
}

// Env sets the initial variables from "name=value" pairs; all of them are
// exported. Without this option the runner starts with an empty environment.
func Env(pairs []string) Option {
	return func(r *Runner) error {
		for _, kv := range pairs {
			name, val, ok := strings.Cut(kv, "=")
			if !ok || !syntax.ValidName(name) || name == "_" {
				continue
			}
			r.vars.globalW()[name] = &variable{Variable: expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: val}}
		}
		return nil
	}
}

// Dir sets the working directory. Without it, the process's directory is used.
func Dir(path string) Option {
	return func(r *Runner) error {
		fi, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("dir %s: %w", path, err)
		}
		if !fi.IsDir() {
			return fmt.Errorf("dir %s: not a directory", path)
		}
		r.dir = path
		return nil
	}
}

// Params sets $0 and the positional parameters: name is $0, args are $1...
func Params(name string, args ...string) Option {
	return func(r *Runner) error {
		r.arg0 = name
		r.params = args
		return nil
	}
}

// Builtins installs builtins, replacing any of the same name. Embedders and
// the builtins package use it; the engine's own builtins are always present.
func Builtins(bs ...*Builtin) Option {
	return func(r *Runner) error {
		for _, b := range bs {
			if b == nil || b.Name == "" || b.Run == nil {
				return fmt.Errorf("builtins: a builtin needs a name and a Run function")
			}
			r.shared.builtins[b.Name] = b
		}
		return nil
	}
}

// Interactive marks the runner as interactive: aliases expand, and errors do
// not exit the shell.
func Interactive(on bool) Option {
	return func(r *Runner) error { r.opts.interactive = on; return nil }
}

// Options sets shell options by their `set -o` names (errexit, nounset,
// xtrace, noglob, noclobber, pipefail, ...).
func Options(names ...string) Option {
	return func(r *Runner) error {
		for _, n := range names {
			if !r.setOptByName(n, true) {
				return fmt.Errorf("options: %s: invalid option name", n)
			}
		}
		return nil
	}
}

// shared is the state every subshell of one runner shares.
type shared struct {
	builtins map[string]*Builtin
	pid      int
	ppid     int
	start    time.Time
	rand     *rand.Rand
	randMu   sync.Mutex
	term     *terminal
	ledger   sessionLedger
	// lifeR and lifeW are the sentinels' lifeline pipe (see lifeline).
	lifeOnce     sync.Once
	lifeR, lifeW *os.File
	lifeErr      error
	// lineBufs holds read's 4 KiB buffers, shared by subshells.
	lineBufs sync.Pool
	rxMu     sync.Mutex
	// compiled shell patterns, see fastexp.go
	removeCache map[removeKey]*regexp.Regexp
	realExec    func(path string, argv, env []string, files []*os.File) error
	// subSeq numbers the subshells subPID invents a $BASHPID for.
	subSeq atomic.Int32
	sig    *sigState
	fgbg   func(r *Runner, ctx context.Context, j *job, fg bool) int
	coproc *coprocSet // coproc.go
}

// trapped returns the channel of trapped signals (nil blocks forever).
func (sh *shared) trapped() <-chan syscall.Signal { return sh.sig.pending }

// pendingSig runs the trap for a signal that interrupted wait.
func (r *Runner) pendingSig(sig syscall.Signal) {
	name := signals.Name(sig)
	if cmd, ok := r.traps[name]; ok && cmd != "" {
		st := r.status
		r.runTrapCode(r.ctx, cmd)
		if !r.exiting {
			r.status = st
		}
	}
}

// Runner runs shell programs. Build one with [New]; it keeps its variables,
// functions, options, working directory and fd table between calls to
// [Runner.Run]. A Runner is not safe for concurrent use.
type Runner struct {
	shared *shared
	stdio  [3]any
	// stdioDone is set once the stdio files are in the table; pipeEnds
	// are this run's pipes to non-file readers and writers.
	stdioDone bool
	pipeEnds  []*os.File

	vars    *varStore
	funcs   map[string]*syntax.Stmt
	aliases map[string]string
	fds     *redirect.Table
	dir     string
	params  []string
	arg0    string
	opts    shellOpts
	traps   map[string]string
	dirs    []string
	hash    map[string]string
	// limits are a subshell's own resource limits (ulimit), which it
	// applies to the programs it starts; nil in the main shell.
	limits map[int]unix.Rlimit

	ctx  context.Context
	jobs *jobTable
	pg   *pgroup
	// inheritedTraps are the parent's traps, which `trap` prints in a
	// subshell as bash does.
	inheritedTraps map[string]string

	status      int // $?
	pipeStatus  []int
	lastBg      int // $!
	bashPID     int
	subshell    bool
	funcDepth   int
	sourceDepth int
	funcNames   []string
	callLines   []uint
	srcNames    []string
	line        uint
	fileName    string

	// control flow
	breakN, contN int
	loopDepth     int    // loops the current command is in
	lastArg       string // $_
	// localOpts are the options saved by `local -` in the running
	// function, restored when it returns.
	localOpts *shellOpts
	// roFuncs are the functions made readonly (readonly -f).
	roFuncs map[string]bool
	// aliasLine is the line each alias was defined on (copy on write,
	// shared with subshells like aliases); aliasBusy are the aliases
	// being expanded.
	aliasLine map[string]uint
	aliasBusy []string
	returning bool
	exiting   bool
	// discard abandons the current top-level command after an
	// arithmetic expansion error, as bash does.
	discard bool
	// substRan records that a command substitution ran in the current
	// simple command, whose status an assignment-only command returns.
	substRan bool
	// tracingAssign makes assign print its xtrace line (assignOnly).
	tracingAssign bool
	// traceLevel is the command substitution depth, for xtrace.
	traceLevel int
	exitCode   int
	noErrExit  int
	inTrap     bool
	inheritFds bool
	// depth is $BASH_SUBSHELL: how many subshells deep this runner is.
	depth int
	// curCall is the simple command being run, for job reports and
	// $BASH_COMMAND; trapCall is the one that set off the running trap.
	curCall  *syntax.CallExpr
	trapCall *syntax.CallExpr
	// exportedFuncs are the functions export -f passes to children.
	exportedFuncs map[string]bool
	// noBlockOpen makes redirections refuse to open FIFOs (errWouldBlock).
	noBlockOpen bool
	getoptsPos  int
	getoptsInd  int

	// process substitution fds to close after the current command
	psubs []psubFd
	// children started in this runner that the next `wait` covers
	readBuf     []byte
	envCache    []string
	envCacheGen uint64
	closers     []func()
}

// New returns a Runner configured by opts.
func New(opts ...Option) (*Runner, error) {
	r := &Runner{
		shared: &shared{
			builtins: make(map[string]*Builtin),
			pid:      os.Getpid(),
			ppid:     os.Getppid(),
			start:    time.Now(),
			rand:     rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(os.Getpid()))),
			term:     &terminal{ttyFd: -1},
			sig:      newSigState(),
			lineBufs: sync.Pool{New: func() any { b := make([]byte, 4096); return &b }},
			coproc:   newCoprocSet(),
		},
		jobs:    newJobTable(),
		vars:    newVarStore(),
		funcs:   make(map[string]*syntax.Stmt),
		aliases: make(map[string]string),
		traps:   make(map[string]string),
		hash:    make(map[string]string),
		arg0:    "ipsh",
		fds:     &redirect.Table{},
	}
	r.opts.hashall = true
	r.opts.braceexpand = true
	r.bashPID = r.shared.pid
	for _, o := range opts {
		if err := o(r); err != nil {
			return nil, err
		}
	}
	if r.dir == "" {
		d, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("dir: %w", err)
		}
		r.dir = d
	}
	r.claimInheritedFds(r.inheritFds)
	r.shared.sig.own()
	r.initVars()
	return r, nil
}

func (r *Runner) initVars() {
	g := r.vars.globalW()
	def := func(name, val string) {
		if _, ok := g[name]; !ok {
			g[name] = &variable{Variable: expand.Variable{Set: true, Kind: expand.String, Str: val}}
		}
	}
	def("IFS", " \t\n")
	def("PS1", `\s-\v\$ `)
	def("PS2", "> ")
	def("PS4", "+ ")
	def("OPTIND", "1")
	def("IPSH_VERSION", Version)
	if _, ok := g["PATH"]; !ok {
		def("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin")
	}
	g["PWD"] = &variable{Variable: expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: r.dir}}
	shlvl := 1
	if v, ok := g["SHLVL"]; ok {
		var n int
		fmt.Sscan(v.Str, &n)
		shlvl = n + 1
	}
	g["SHLVL"] = &variable{Variable: expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: fmt.Sprint(shlvl)}}
	r.vars.envGen++
}

// Version is the ipsh version string.
const Version = "0.1.0"

// Parse parses a whole program in the bash dialect. name is used in error
// messages. The result can be run many times with [Runner.RunFile].
func Parse(src io.Reader, name string) (*syntax.File, error) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(src, name)
	if err != nil {
		return nil, parseErr(err)
	}
	rewriteArith(f)
	return f, nil
}

// parseErr turns a parser error into our "file:line:col: message" form.
func parseErr(err error) error {
	var pe syntax.ParseError
	if errors.As(err, &pe) {
		return &ScriptError{File: pe.Filename, Line: pe.Pos.Line(), Col: pe.Pos.Col(), Msg: pe.Text, Status: 2}
	}
	var le syntax.LangError
	if errors.As(err, &le) {
		return &ScriptError{File: le.Filename, Line: le.Pos.Line(), Col: le.Pos.Col(), Msg: le.Error(), Status: 2}
	}
	return &ScriptError{Msg: err.Error(), Status: 2}
}

// ScriptError is an error located in a script: a syntax error, or a runtime
// error that stops the script. It prints as "file:line:col: message", or
// "line:col: message" when the script has no name.
type ScriptError struct {
	File      string
	Line, Col uint
	Msg       string
	Status    uint8
}

// Error returns "file:line:col: message".
func (e *ScriptError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Col)
	} else if e.File != "" {
		b.WriteString(" ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the exit status the error carries.
func (e *ScriptError) Unwrap() error { return ExitStatus(e.Status) }

// Run parses src statement by statement and runs each one as soon as it is
// parsed, as bash does, so a syntax error late in a script stops it only
// when reached. name is used for $0-less error messages. The returned error
// is nil for status 0, an [ExitStatus] otherwise, or a [*ScriptError]
// (which unwraps to an ExitStatus) for a syntax error.
//
// Cancelling ctx stops every process the run started and closes every fd it
// opened.
func (r *Runner) Run(ctx context.Context, src io.Reader, name string) (err error) {
	defer r.catchErr(&err)
	if err := r.begin(ctx); err != nil {
		return err
	}
	defer r.end()
	r.fileName = name
	p := syntax.NewParser(syntax.Variant(syntax.LangBash))
	var discardLine uint
	for st, err := range stmtsSeq(p, src) {
		if err != nil {
			perr := parseErr(err)
			if se, ok := perr.(*ScriptError); ok && se.File == "" {
				se.File = name
			}
			r.status = 2
			if r.opts.interactive {
				return perr
			}
			r.runExitTrap(ctx)
			return perr
		}
		r.topStmt(ctx, st, &discardLine)
		if r.exiting {
			break
		}
	}
	return r.finish(ctx)
}

// topStmt runs a top-level statement. After an error that discards the
// current command, bash skips the rest of that input line, which it reads
// as one command; mvdan's parser hands us its statements one by one.
func (r *Runner) topStmt(ctx context.Context, st *syntax.Stmt, discardLine *uint) {
	if r.discard {
		r.discard = false
		if st.Pos().Line() <= *discardLine {
			*discardLine = st.End().Line()
			r.discard = true
			return
		}
	}
	r.stmt(ctx, st)
	if r.discard {
		*discardLine = st.End().Line()
	}
}

// RunFile runs a parsed program. See [Runner.Run].
func (r *Runner) RunFile(ctx context.Context, f *syntax.File) (err error) {
	defer r.catchErr(&err)
	if err := r.begin(ctx); err != nil {
		return err
	}
	defer r.end()
	r.fileName = f.Name
	rewriteArith(f)
	var discardLine uint
	for _, st := range f.Stmts {
		r.topStmt(ctx, st, &discardLine)
		if r.exiting {
			break
		}
	}
	return r.finish(ctx)
}

// Exited reports whether the last run ended with the exit builtin (or a
// fatal error), after which an interactive loop should stop.
func (r *Runner) Exited() bool { return r.exiting }

func (r *Runner) finish(ctx context.Context) error {
	r.discard = false
	if r.exiting {
		r.status = r.exitCode
	}
	if len(r.shared.sig.pending) > 0 && !r.exiting {
		r.runPending(ctx)
		if r.exiting {
			r.status = r.exitCode
		}
	}
	if !r.opts.interactive {
		r.runExitTrap(ctx)
		r.jobs.waitGoroutineJobs(ctx)
	}
	if r.status == 0 {
		return nil
	}
	return ExitStatus(uint8(r.status))
}

// RunExitTrap runs the EXIT trap, if one is set, once. An interactive
// front end calls it when the session ends.
func (r *Runner) RunExitTrap(ctx context.Context) {
	if err := r.begin(ctx); err != nil {
		return
	}
	defer r.end()
	r.runExitTrap(ctx)
}

func (r *Runner) runExitTrap(ctx context.Context) {
	cmd, ok := r.traps["EXIT"]
	if !ok {
		return
	}
	delete(r.traps, "EXIT")
	st := r.status
	if r.exiting {
		st = r.exitCode
	}
	wasExiting := r.exiting
	r.exiting = false
	r.status = st
	r.runTrapCode(ctx, cmd)
	if !r.exiting {
		r.status = st
	} else {
		r.status = r.exitCode
	}
	r.exiting = wasExiting || r.exiting
	r.exitCode = r.status
}

// begin connects the stdio for a run.
func (r *Runner) begin(ctx context.Context) error {
	r.ctx = ctx
	r.exiting = false
	first := !r.stdioDone
	r.stdioDone = true
	src := r.stdio
	for fd := 0; fd < 3; fd++ {
		x := src[fd]
		if x == nil {
			if first && r.fds.Get(fd) == nil && fd > 0 {
				// Discard output nobody asked for.
				f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
				if err != nil {
					return err
				}
				r.fds.Set(fd, f)
			}
			continue
		}
		if _, isFile := x.(*os.File); isFile && !first {
			continue // dup'd once, kept across runs
		}
		if fd == 2 && sameWriter(src[1], src[2]) && r.fds.Get(1) != nil {
			// One writer for both: one pipe, so writes stay ordered and
			// the writer is never used from two goroutines.
			r.fds.Dup(1, 2)
			continue
		}
		f, closer, err := stdioFile(x, fd == 0)
		if err != nil {
			return fmt.Errorf("stdio: %w", err)
		}
		if closer != nil {
			// A pipe to a reader or writer: made for this run only.
			r.closers = append(r.closers, closer)
			r.pipeEnds = append(r.pipeEnds, f)
		}
		r.fds.Set(fd, f)
	}
	return nil
}

func sameWriter(a, b any) bool {
	if a == nil || b == nil {
		return false
	}
	if _, isFile := a.(*os.File); isFile {
		return false
	}
	ta := reflect.TypeOf(a)
	return ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}

// end releases what begin set up that must not outlive a run.
func (r *Runner) end() {
	if len(r.closers) == 0 {
		return
	}
	// Pipes to non-file readers and writers: close every fd that still
	// refers to our ends (the script may have moved them), so the copiers
	// finish; the next run makes new pipes.
	files := r.fds.Files()
	for fd, f := range files {
		for _, p := range r.pipeEnds {
			if f == p {
				r.fds.Close(fd)
			}
		}
	}
	for _, c := range r.closers {
		c()
	}
	r.closers, r.pipeEnds = nil, nil
}

// Close ends the runner's goroutine jobs (background programs keep
// running, as after bash exits), closes its fds and removes the IPC
// objects its session created and did not keep. A Runner must not be used
// after Close.
func (r *Runner) Close() error {
	r.jobs.stopGoroutineJobs()
	r.shared.sig.close()
	r.shared.closeLifeline() // any sentinel still alive ends
	err := r.fds.CloseAll()
	if lerr := r.shared.ledger.close(); err == nil {
		err = lerr
	}
	return err
}

// Status returns the exit status of the last command ($?).
func (r *Runner) Status() int { return r.status }

// PipeStatus returns the statuses of the last pipeline's commands.
func (r *Runner) PipeStatus() []int { return append([]int(nil), r.pipeStatus...) }

// Dir returns the runner's working directory.
func (r *Runner) Dir() string { return r.dir }

// Var returns a variable's string value and whether it is set.
func (r *Runner) Var(name string) (string, bool) {
	v := r.lookup(name)
	return v.String(), v.IsSet()
}

// SetVar sets a global shell variable.
func (r *Runner) SetVar(name, value string) error {
	return r.setString(name, value)
}

// ScriptMode tells the runner how its program arrives, for $-: cmdString
// for -c, stdin for a script read from standard input.
func ScriptMode(cmdString, stdin bool) Option {
	return func(r *Runner) error {
		r.opts.cmdString, r.opts.stdinScript = cmdString, stdin
		return nil
	}
}
