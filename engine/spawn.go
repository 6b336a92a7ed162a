package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// proc is one child process. Every child is reaped by proc.wait, the only
// place that calls wait4.
type proc struct {
	pid    int
	status int // exit status once done, 128+n if killed
	done   chan struct{}
	// stopped is set while the child is stopped (WUNTRACED).
	stopped bool
	signal  syscall.Signal
	core    bool
}

// spawnAttr describes how to start a child.
type spawnAttr struct {
	pgid    int // join this process group; 0 with newPgrp makes a new one
	newPgrp bool
	fg      bool // interactive foreground: the group gets the terminal
}

// spawn starts path with argv and env, giving it exactly the fds in the
// table.
func (r *Runner) spawn(path string, argv, env []string, fds *tableT, attr spawnAttr) (*proc, error) {
	files := fds.Files()
	sfds := make([]uintptr, len(files))
	for i, f := range files {
		if f == nil {
			sfds[i] = ^uintptr(0)
		} else {
			sfds[i] = f.Fd()
		}
	}
	sys := &syscall.SysProcAttr{}
	if attr.newPgrp || attr.pgid > 0 {
		sys.Setpgid = true
		sys.Pgid = attr.pgid
	}
	if attr.fg && r.shared.term.ttyFd >= 0 {
		sys.Foreground = true
		sys.Ctty = r.shared.term.ttyFd
	}
	pid, err := syscall.ForkExec(path, argv, &syscall.ProcAttr{
		Dir:   r.dir,
		Env:   env,
		Files: sfds,
		Sys:   sys,
	})
	if err != nil {
		return nil, err
	}
	for res, rl := range r.limits {
		// A subshell's ulimit, set on the child as early as we can.
		unix.Prlimit(pid, res, &rl, nil)
	}
	return &proc{pid: pid, done: make(chan struct{})}, nil
}

// wait blocks until p exits (or stops, when stopOK), recording its status.
// ctx cancellation sends SIGTERM, then SIGKILL after a grace period.
func (p *proc) wait(ctx context.Context, stopOK bool) {
	stop := context.AfterFunc(ctx, func() {
		if context.Cause(ctx) == errForwarded {
			return // the job's signal already reached this process
		}
		unix.Kill(p.pid, unix.SIGTERM)
		time.AfterFunc(2*time.Second, func() {
			select {
			case <-p.done:
			default:
				unix.Kill(p.pid, unix.SIGKILL)
			}
		})
	})
	defer stop()
	for {
		var ws unix.WaitStatus
		flags := unix.WUNTRACED | unix.WCONTINUED
		_, err := unix.Wait4(p.pid, &ws, flags, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			p.status = 127
			close(p.done)
			return
		}
		switch {
		case ws.Exited():
			p.status = ws.ExitStatus()
			close(p.done)
			return
		case ws.Signaled():
			p.signal = ws.Signal()
			p.core = ws.CoreDump()
			p.status = 128 + int(ws.Signal())
			close(p.done)
			return
		case ws.Stopped():
			p.stopped = true
			p.signal = ws.StopSignal()
			p.status = 128 + int(ws.StopSignal())
			if stopOK {
				return
			}
		case ws.Continued():
			p.stopped = false
		}
	}
}

// prefixPath returns the PATH a command's prefix assignments give it.
func prefixPath(assigns []*syntax.Assign, env []string) (string, bool) {
	for _, as := range assigns {
		if as.Name.Value == "PATH" {
			for i := len(env) - 1; i >= 0; i-- {
				if p, ok := strings.CutPrefix(env[i], "PATH="); ok {
					return p, true
				}
			}
		}
	}
	return "", false
}

// runProgram runs an external command.
func (r *Runner) runProgram(ctx context.Context, args []string, assigns []*syntax.Assign, redirs []*syntax.Redirect, tail bool) {
	name := args[0]
	env := r.environ()
	if len(assigns) > 0 {
		env = append([]string(nil), env...)
		for _, as := range assigns {
			val := ""
			if as.Value != nil {
				s, err := r.assignValue(as.Value)
				if err != nil {
					r.expandError(err)
					return
				}
				val = s
			}
			if as.Append {
				val = r.lookup(as.Name.Value).String() + val
			}
			env = setEnv(env, as.Name.Value, val)
		}
	}
	var path string
	var err error
	if p, ok := prefixPath(assigns, env); ok {
		// PATH=... cmd looks cmd up in that PATH, uncached.
		path, err = r.lookPathIn(name, p, false)
	} else {
		path, err = r.lookPath(name)
	}
	if err != nil {
		if len(redirs) > 0 {
			// bash performs the redirections before failing.
			r.withRedirs(ctx, redirs, func() {})
		}
		switch {
		case errors.Is(err, errNotFound):
			r.errorf("%s: command not found", name)
			r.status = 127
		case errors.Is(err, errIsDir):
			r.errorf("%s: Is a directory", name)
			r.status = 126
		default:
			r.errorf("%s: %s", name, errText(err))
			r.status = 127
		}
		return
	}
	fds := r.fds
	if len(redirs) > 0 {
		fds = r.fds.Clone()
		if _, err := r.applyRedirsTo(ctx, fds, redirs); err != nil {
			fds.CloseAll()
			r.redirError(err)
			return
		}
		defer fds.CloseAll()
	}
	p, err := r.spawnJob(path, args, env, fds)
	if err != nil {
		if errors.Is(err, unix.ENOEXEC) {
			r.runNoShebang(ctx, path, args, fds)
			return
		}
		if errors.Is(err, errGroupGone) {
			// The job was killed before this program could start: the
			// job's status is its sentinel's; this subshell ends.
			r.status = 128 + int(unix.SIGKILL)
			r.exiting, r.exitCode = true, r.status
			return
		}
		if errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM) {
			r.errorf("%s: Permission denied", name)
			r.status = 126
			return
		}
		if errors.Is(err, unix.ENOENT) {
			// A script whose interpreter is missing.
			r.errorf("%s: %s", name, badInterpreter(path))
			r.status = 126
			if !strings.Contains(name, "/") {
				delete(r.hash, name)
			}
			return
		}
		r.errorf("%s: %s", name, errText(err))
		r.status = 126
		return
	}
	if tail && fds == r.fds {
		// Nothing else runs in this subshell: drop our copies now so the
		// child alone holds its pipe ends.
		r.fds.CloseAll()
	}
	r.waitFg(ctx, p, args)
}

// waitFg waits for a foreground child, handling job control.
func (r *Runner) waitFg(ctx context.Context, p *proc, args []string) {
	t := r.shared.term
	switch {
	case t.interactive && !r.subshell:
		p.wait(ctx, true)
		if p.stopped {
			// Ctrl-Z: the job keeps its terminal modes for fg.
			modes := t.getModes()
			t.reclaim(false)
			j := r.jobs.addStopped(p, strings.Join(args, " "))
			j.modes = modes
			r.status = p.status
			io.WriteString(r.stderrW(), "\n")
			r.jobs.report(r.stderrW(), j)
			return
		}
		// The shell's modes come back, unless stty changed them.
		t.reclaim(p.signal == 0 && p.status == 0 && (args[0] == "stty" || strings.HasSuffix(args[0], "/stty")))
		if p.signal == unix.SIGINT {
			// Ctrl-C abandons the whole command line, as in bash, and
			// the prompt starts on a line of its own.
			io.WriteString(r.stderrW(), "\n")
			r.discard = true
		}
	case t.interactive:
		r.waitStoppable(ctx, p)
	default:
		p.wait(ctx, false)
	}
	r.status = p.status
	if p.signal != 0 && p.signal != unix.SIGINT && p.signal != unix.SIGPIPE && !r.subshell {
		// bash reports a foreground command killed by a signal: SIGTERM
		// as its bare description, others as a job line.
		msg := sigDesc(int(p.signal))
		if p.core {
			msg += " (core dumped)"
		}
		if p.signal != unix.SIGTERM {
			cmd := strings.Join(args, " ")
			if r.curCall != nil {
				cmd = printNode(r.curCall)
			}
			msg = fmt.Sprintf("%s%d %-24s%s", r.errPrefix(), p.pid, msg, cmd)
		}
		io.WriteString(r.stderrW(), msg+"\n")
	}
	// A child killed by SIGINT stops a non-interactive bash only when bash
	// got the SIGINT too (a ^C sent to the whole foreground group). This
	// shell, with no SIGINT handler unless trapped, would then have died
	// of it already; a trapped one runs its trap. Either way the script
	// goes on here, as bash does after `kill -INT $child`.
}

func badInterpreter(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "No such file or directory"
	}
	defer f.Close()
	buf := make([]byte, 256)
	n, _ := f.Read(buf)
	line, _, _ := bytes.Cut(buf[:n], []byte("\n"))
	if bytes.HasPrefix(line, []byte("#!")) {
		return "bad interpreter: No such file or directory: " + strings.TrimSpace(string(line[2:]))
	}
	return "No such file or directory"
}

func setEnv(env []string, name, val string) []string {
	prefix := name + "="
	for i, kv := range env {
		if strings.HasPrefix(kv, prefix) {
			env[i] = prefix + val
			return env
		}
	}
	return append(env, prefix+val)
}

// errText gives an error's cause in the C library's words.
func errText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return errText(pe.Err)
	}
	return err.Error()
}

// runNoShebang runs a file that the kernel would not execute (ENOEXEC) as a
// script of this shell, in a subshell, like bash does.
func (r *Runner) runNoShebang(ctx context.Context, path string, args []string, fds *tableT) {
	data, err := os.ReadFile(path)
	if err != nil {
		r.errorf("%s: %s", args[0], errText(err))
		r.status = 126
		return
	}
	if bytes.IndexByte(data[:min(len(data), 512)], 0) >= 0 {
		r.errorf("%s: cannot execute binary file", args[0])
		r.status = 126
		return
	}
	r.subshellWith(ctx, fds, func(s *Runner) {
		s.funcs = make(map[string]*syntax.Stmt)
		s.params = args[1:]
		s.arg0 = args[0]
		s.fileName = args[0]
		s.traps = make(map[string]string)
		// Only exported variables survive, as in a new process.
		fresh := newVarStore()
		g := fresh.globalW()
		s.vars.each(func(name string, v *variable) bool {
			if v.Exported && v.Set {
				nv := *v
				nv.Local = false
				g[name] = &nv
			}
			return true
		})
		s.vars.release()
		s.vars = fresh
		s.funcDepth = 0
		s.runSource(ctx, bytes.NewReader(data), args[0])
	})
}
