package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/expand"
)

// BuiltinFunc runs a builtin. args[0] is the name it was called by. The
// [Call] for the invocation is available with [CallFrom]. A nil error is
// status 0; return an [ExitStatus] for another status. Any other error is
// printed as "name: error" and gives status 1.
type BuiltinFunc func(ctx context.Context, args []string) error

// Builtin is a command implemented in Go and installed into a runner with
// the [Builtins] option.
type Builtin struct {
	// Name is the command name.
	Name string
	// Synopsis is the usage line, such as "sock connect [-v VAR] ADDR".
	// Several forms are separated by newlines.
	Synopsis string
	// Summary is a one-line description for `help`.
	Summary string
	// Help is the longer description printed by `help NAME` and
	// `NAME --help`, after the synopsis. It may be empty.
	Help string
	// Run does the work.
	Run BuiltinFunc
}

type callKey struct{}

func withCall(ctx context.Context, c *Call) context.Context {
	return context.WithValue(ctx, callKey{}, c)
}

// CallFrom returns the invocation state of the builtin running with ctx, or
// nil if ctx does not come from a runner.
func CallFrom(ctx context.Context) *Call {
	c, _ := ctx.Value(callKey{}).(*Call)
	return c
}

// Call is one invocation of a builtin: its view of the runner's fd table,
// variables and directory. It is valid only during the call and must not be
// used from other goroutines after the builtin returns.
type Call struct {
	r    *Runner
	name string
}

// Name returns the name the builtin was installed under.
func (c *Call) Name() string { return c.name }

// Stdin returns fd 0, or nil if it is closed.
func (c *Call) Stdin() *os.File { return c.r.fds.Get(0) }

// Stdout returns a writer for fd 1. A write to a broken pipe makes the
// shell behave as if killed by SIGPIPE.
func (c *Call) Stdout() io.Writer { return c.r.stdoutW() }

// Stderr returns a writer for fd 2.
func (c *Call) Stderr() io.Writer { return c.r.stderrW() }

// File returns the open file at fd n, or nil if n is not open. The table
// keeps ownership: do not close it.
func (c *Call) File(n int) *os.File { return c.r.fds.Get(n) }

// SetFile installs f at fd n in the shell (like exec n<>...), closing what
// was there. The table takes ownership of f.
func (c *Call) SetFile(n int, f *os.File) error { return c.r.fds.Set(n, f) }

// AddFile installs f at the lowest free fd at or above 10 and returns it,
// as a {var} redirection does. The table takes ownership of f.
func (c *Call) AddFile(f *os.File) (int, error) {
	n, err := c.r.fds.Free(10)
	if err != nil {
		f.Close()
		return -1, err
	}
	return n, c.r.fds.Set(n, f)
}

// CloseFile closes fd n in the shell.
func (c *Call) CloseFile(n int) error { return c.r.fds.Close(n) }

// Var returns a variable's value and whether it is set.
func (c *Call) Var(name string) (string, bool) { return c.r.Var(name) }

// SetVar assigns a scalar variable.
func (c *Call) SetVar(name, value string) error { return c.r.setString(name, value) }

// SetArray assigns an indexed array variable.
func (c *Call) SetArray(name string, values []string) error {
	return c.r.setVariable(name, expand.Variable{Set: true, Kind: expand.Indexed, List: append([]string{}, values...)})
}

// UnsetVar removes a variable.
func (c *Call) UnsetVar(name string) error { return c.r.unsetVar(name) }

// Dir returns the shell's working directory.
func (c *Call) Dir() string { return c.r.dir }

// Environ returns the exported variables as "name=value" pairs.
func (c *Call) Environ() []string { return append([]string(nil), c.r.environ()...) }

// Errorf prints "name: message" on the shell's stderr and returns exit
// status 1, for `return c.Errorf(...)`.
func (c *Call) Errorf(format string, args ...any) error {
	fmt.Fprintf(c.r.stderrW(), "%s: %s\n", c.name, fmt.Sprintf(format, args...))
	return ExitStatus(1)
}

// Usagef prints a usage error and returns exit status 2.
func (c *Call) Usagef(format string, args ...any) error {
	fmt.Fprintf(c.r.stderrW(), "%s: %s\n", c.name, fmt.Sprintf(format, args...))
	if b := c.r.shared.builtins[c.name]; b != nil && b.Synopsis != "" {
		fmt.Fprintf(c.r.stderrW(), "usage: %s\n", strings.Split(b.Synopsis, "\n")[0])
	}
	return ExitStatus(2)
}

// Run runs args as a shell command (function, builtin or program) in a
// subshell whose fds are the shell's, overridden by files (fd number to
// file; the files stay the caller's). It returns the command's status as
// an error value.
func (c *Call) Run(ctx context.Context, args []string, files map[int]*os.File) error {
	if len(args) == 0 {
		return nil
	}
	r := c.r
	s := r.sub()
	for n, f := range files {
		if f == nil {
			s.fds.Close(n)
			continue
		}
		nf, err := dupFile(f)
		if err != nil {
			s.fds.CloseAll()
			return err
		}
		s.fds.Set(n, nf)
	}
	s.ctx = ctx
	s.exec(ctx, args, nil, nil, true)
	st := s.finishSubshell(ctx)
	if st == 0 {
		return nil
	}
	return ExitStatus(uint8(st))
}

// dupFile duplicates f, leaving f the caller's.
func dupFile(f *os.File) (*os.File, error) {
	nfd, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, 3)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(nfd), f.Name()), nil
}

func printHelp(w io.Writer, b *Builtin) {
	syn := b.Synopsis
	if syn == "" {
		syn = b.Name
	}
	fmt.Fprintf(w, "%s\n", syn)
	if b.Summary != "" {
		fmt.Fprintf(w, "    %s\n", b.Summary)
	}
	if b.Help != "" {
		for _, l := range strings.Split(strings.TrimRight(b.Help, "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
}
