package engine

import (
	"os"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// rawPipe makes a pipe that stays out of Go's poller. os.Pipe registers
// both ends with the runtime's epoll set; that registration belongs to the
// open file description, so when the ends go to two programs every read and
// write they make still wakes the epoll machinery, costing kernel time on
// data the shell never touches. Pipes between two programs (and here-docs
// and process substitutions, which programs read) are made raw; pipes with a
// goroutine end (a builtin stage, command substitution) use os.Pipe so the
// goroutine parks instead of blocking a thread.
func rawPipe() (r, w *os.File, err error) {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return nil, nil, os.NewSyscallError("pipe2", err)
	}
	return os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), nil
}

// pipeFor returns a pipe suited to the two stages it joins.
func (r *Runner) pipeFor(left, right *syntax.Stmt) (pr, pw *os.File, err error) {
	if r.programStage(left) && r.programStage(right) {
		return rawPipe()
	}
	return os.Pipe()
}

// programStage reports whether a pipeline stage is a simple command whose
// name, a literal, runs a program.
func (r *Runner) programStage(st *syntax.Stmt) bool {
	ce, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || st.Negated || len(ce.Args) == 0 {
		return false
	}
	name := ce.Args[0].Lit()
	return name != "" && r.isProgram(name)
}
