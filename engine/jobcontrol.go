package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Job control on a terminal (set -m in an interactive shell).
//
// The shell leads a process group of its own and owns the terminal while
// it reads commands. Every foreground job gets a new process group that
// the terminal is handed to (spawn's Foreground/Ctty); when the job ends or
// stops, the shell takes the terminal back and restores its saved terminal
// modes, so a program killed in raw mode leaves a usable prompt. A job
// stopped with Ctrl-Z keeps the modes it had, and fg gives them back.
//
// Every tcsetpgrp and tcsetattr the shell makes runs with SIGTTOU blocked
// on the calling thread: the shell may be in the background when it calls
// them, and a caught SIGTTOU would make the kernel restart the call
// forever. Blocking, unlike ignoring, is not inherited by children.

// JobControl enables job control on the terminal open at fd tty (usually
// 0): foreground jobs get their own process group and the terminal, Ctrl-Z
// stops them, and fg, bg and jobs manage them. It sets the monitor option.
// The caller keeps fd tty open for the runner's life. Call
// [Runner.ClaimTerminal] before the first command. An fd that is not a
// terminal is an error.
func JobControl(tty int) Option {
	return func(r *Runner) error {
		if _, err := unix.IoctlGetTermios(tty, unix.TCGETS); err != nil {
			return fmt.Errorf("job control: fd %d: %w", tty, err)
		}
		r.shared.term = &terminal{interactive: true, ttyFd: tty, shellPgid: unix.Getpgrp(), origPgid: -1}
		r.shared.fgbg = fgbg
		r.opts.monitor = true
		return nil
	}
}

// ClaimTerminal makes the shell the leader of its own process group and
// the terminal's foreground group, and saves the terminal modes that
// foreground jobs get back when they end. If the shell starts in the
// background it stops itself (SIGTTIN) until it is put in the foreground,
// as bash does. Without [JobControl] it does nothing. Pair it with
// [Runner.ReleaseTerminal].
func (r *Runner) ClaimTerminal() error {
	t := r.shared.term
	if t == nil || !t.interactive || t.ttyFd < 0 {
		return nil
	}
	for {
		pg, err := unix.IoctlGetInt(t.ttyFd, unix.TIOCGPGRP)
		if err != nil {
			return fmt.Errorf("job control: tcgetpgrp: %w", err)
		}
		if pg == unix.Getpgrp() {
			break
		}
		unix.Kill(0, unix.SIGTTIN)
	}
	t.origPgid = unix.Getpgrp()
	pid := os.Getpid()
	if t.origPgid != pid {
		if err := unix.Setpgid(0, 0); err != nil {
			return fmt.Errorf("job control: setpgid: %w", err)
		}
	}
	t.shellPgid = pid
	if err := t.setForeground(pid); err != nil {
		return fmt.Errorf("job control: tcsetpgrp: %w", err)
	}
	t.saveModes()
	return nil
}

// ReleaseTerminal gives the terminal and the process group the shell had
// before [Runner.ClaimTerminal] back, with the saved terminal modes.
func (r *Runner) ReleaseTerminal() {
	t := r.shared.term
	if t == nil || !t.interactive || t.ttyFd < 0 || t.origPgid < 0 {
		return
	}
	t.restoreModes(nil)
	if t.origPgid != t.shellPgid {
		t.setForeground(t.origPgid)
		unix.Setpgid(0, t.origPgid)
	}
	t.origPgid = -1
}

// RestoreTerminal makes the shell the terminal's foreground group again
// and applies its saved terminal modes. An interactive front end calls it
// after its line editor and before running a command.
func (r *Runner) RestoreTerminal() {
	t := r.shared.term
	if t == nil || !t.interactive || t.ttyFd < 0 {
		return
	}
	t.setForeground(t.shellPgid)
	t.restoreModes(nil)
}

// withTTOUBlocked runs f with SIGTTOU blocked on its thread.
func withTTOUBlocked(f func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var set, old unix.Sigset_t
	n := uint(unix.SIGTTOU) - 1
	set.Val[n/64] |= 1 << (n % 64)
	if err := unix.PthreadSigmask(unix.SIG_BLOCK, &set, &old); err != nil {
		return f()
	}
	defer unix.PthreadSigmask(unix.SIG_SETMASK, &old, nil)
	return f()
}

// setForeground hands the terminal to process group pgid.
func (t *terminal) setForeground(pgid int) error {
	return withTTOUBlocked(func() error {
		return unix.IoctlSetPointerInt(t.ttyFd, unix.TIOCSPGRP, pgid)
	})
}

// getModes reads the terminal's current modes, or nil.
func (t *terminal) getModes() *unix.Termios {
	m, err := unix.IoctlGetTermios(t.ttyFd, unix.TCGETS)
	if err != nil {
		return nil
	}
	return m
}

// saveModes records the current modes as the shell's.
func (t *terminal) saveModes() {
	if m := t.getModes(); m != nil {
		t.mu.Lock()
		t.modes = m
		t.mu.Unlock()
	}
}

// restoreModes applies m, or the shell's saved modes when m is nil.
func (t *terminal) restoreModes(m *unix.Termios) {
	if m == nil {
		t.mu.Lock()
		m = t.modes
		t.mu.Unlock()
	}
	if m == nil {
		return
	}
	withTTOUBlocked(func() error {
		return unix.IoctlSetTermios(t.ttyFd, unix.TCSETS, m)
	})
}

// reclaim takes the terminal back after a foreground job. keep makes the
// modes the job left the shell's own (after a successful stty), if they
// are cooked (canonical, with echo); otherwise the shell's saved modes come
// back, so stty -ixon sticks but stty raw does not.
func (t *terminal) reclaim(keep bool) {
	if t == nil || !t.interactive || t.ttyFd < 0 {
		return
	}
	t.setForeground(t.shellPgid)
	if keep {
		if m := t.getModes(); m != nil && m.Lflag&unix.ICANON != 0 && m.Lflag&unix.ECHO != 0 {
			t.mu.Lock()
			t.modes = m
			t.mu.Unlock()
			return
		}
	}
	t.restoreModes(nil)
}

// jobCtl is what a job's watcher goroutine learns about it: stops, which
// the main goroutine picks up with jobTable.syncStops.
type jobCtl struct {
	mu      sync.Mutex
	stopped bool
	stops   chan struct{}
}

// watch starts the goroutine that waits for j's single process p for as
// long as it lives, noting each stop; it closes j.done when p ends.
// stopped tells that p is stopped now.
func (t *jobTable) watch(j *job, p *proc, stopped bool) {
	j.ctl = &jobCtl{stops: make(chan struct{}, 1), stopped: stopped}
	go func() {
		for {
			p.wait(context.Background(), true)
			select {
			case <-p.done:
				j.status = p.status
				close(j.done)
				return
			default:
			}
			j.ctl.mu.Lock()
			j.ctl.stopped = true
			j.ctl.mu.Unlock()
			select {
			case j.ctl.stops <- struct{}{}:
			default:
			}
		}
	}()
}

// syncStops copies the stops the watchers saw into the jobs. It runs on
// the shell's goroutine, the only one that writes job.stopped.
func (t *jobTable) syncStops() {
	for _, j := range t.snapshot() {
		if j.ctl == nil {
			continue
		}
		j.ctl.mu.Lock()
		if j.ctl.stopped && !j.stopped && !j.finished() {
			j.stopped = true
			j.stopNoticed = false
		}
		j.ctl.mu.Unlock()
	}
}

// setRunning marks j as running before it is continued.
func (j *job) setRunning() {
	j.stopped = false
	if j.ctl != nil {
		j.ctl.mu.Lock()
		j.ctl.stopped = false
		j.ctl.mu.Unlock()
		select {
		case <-j.ctl.stops:
		default:
		}
	}
}

// target returns what to signal for j: -pgid, or its pid.
func (j *job) target() int {
	if j.pg != nil && j.pg.pgid > 0 {
		return -j.pg.pgid
	}
	if j.pid > 0 {
		if pg, err := unix.Getpgid(j.pid); err == nil && pg != unix.Getpgrp() {
			return -pg
		}
		return j.pid
	}
	return 0
}

// makeCurrent makes j the current job (%+).
func (t *jobTable) makeCurrent(j *job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cur != j.id {
		t.prev, t.cur = t.cur, j.id
	}
}

// fgbg is the fg and bg builtins' work under job control.
func fgbg(r *Runner, ctx context.Context, j *job, fg bool) int {
	t := r.shared.term
	name := "bg"
	if fg {
		name = "fg"
	}
	r.jobs.syncStops()
	if j.finished() {
		r.errorf("%s: job has terminated", name)
		r.jobs.remove(j)
		return 1
	}
	target := j.target()
	if target == 0 {
		r.errorf("%s: %%%d: no process to continue", name, j.id)
		return 1
	}
	if !fg {
		if !j.stopped {
			r.errorf("bg: job %d already in background", j.id)
			return 0
		}
		j.setRunning()
		r.jobs.makeCurrent(j)
		fmt.Fprintf(r.stdoutW(), "[%d]+ %s &\n", j.id, j.cmd)
		unix.Kill(target, unix.SIGCONT)
		return 0
	}
	fmt.Fprintln(r.stdoutW(), j.cmd)
	pgid := target
	if pgid < 0 {
		pgid = -pgid
	}
	t.setForeground(pgid)
	if j.modes != nil {
		t.restoreModes(j.modes)
	}
	j.setRunning()
	r.jobs.makeCurrent(j)
	unix.Kill(target, unix.SIGCONT)
	stopped := r.waitJobFg(ctx, j)
	if stopped {
		j.modes = t.getModes()
		t.reclaim(false)
		j.stopped = true
		j.stopNoticed = true
		w := r.stderrW()
		fmt.Fprint(w, "\n")
		r.jobs.report(w, j)
		st := 128 + int(unix.SIGTSTP)
		if len(j.procs) == 1 && j.procs[0].signal != 0 {
			st = 128 + int(j.procs[0].signal)
		}
		return st
	}
	t.reclaim(false)
	r.jobs.remove(j)
	st := j.status
	if st > 128 && st-128 != int(unix.SIGINT) && st-128 != int(unix.SIGPIPE) {
		fmt.Fprintln(r.stderrW(), sigDesc(st-128))
	}
	if st == 128+int(unix.SIGINT) {
		fmt.Fprintln(r.stderrW())
		r.discard = true
	}
	return st
}

// waitJobFg waits until j ends or stops (true). Jobs without a watcher
// (goroutine subshells with a sentinel) are polled for a stopped leader.
func (r *Runner) waitJobFg(ctx context.Context, j *job) bool {
	var stops <-chan struct{}
	if j.ctl != nil {
		stops = j.ctl.stops
	}
	var tick <-chan time.Time
	if j.ctl == nil && j.pid > 0 {
		tk := time.NewTicker(100 * time.Millisecond)
		defer tk.Stop()
		tick = tk.C
	}
	for {
		select {
		case <-j.done:
			return false
		case <-stops:
			return true
		case <-tick:
			if procStopped(j.pid) {
				return true
			}
		case <-ctx.Done():
			return false
		}
	}
}

// procStopped reports whether pid is stopped by a signal, from /proc.
func procStopped(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 >= len(s) {
		return false
	}
	return s[i+2] == 'T'
}

// waitStoppable waits for a child of a subshell or pipeline stage under job
// control. When the group can be suspended (r.pg.stops is set: a foreground
// pipeline or subshell of the interactive shell), a stop is reported there
// and the child stays stopped until fg or bg continues the group; otherwise
// the stopped child is continued, so the shell never hangs on it.
func (r *Runner) waitStoppable(ctx context.Context, p *proc) {
	for {
		p.wait(ctx, true)
		select {
		case <-p.done:
			return
		default:
		}
		if r.pg != nil && r.pg.stops != nil {
			select {
			case r.pg.stops <- struct{}{}:
			default:
			}
			continue
		}
		target := p.pid
		if pg, err := unix.Getpgid(p.pid); err == nil && pg != r.shared.term.shellPgid {
			target = -pg
		}
		unix.Kill(target, syscall.SIGCONT)
	}
}

// suspendable runs fn, the stages of a foreground pipeline or a subshell of
// the interactive shell, in goroutines over the process group pg. If a
// process of the group stops (Ctrl-Z), the shell gets the terminal back and
// the whole thing becomes a stopped job that fg and bg continue; the
// goroutines go on waiting for their processes. done reports whether fn
// finished in the foreground.
func (r *Runner) suspendable(ctx context.Context, pg *pgroup, text string, fn func(), status func() int) (done bool) {
	pg.stops = make(chan struct{}, 1)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		fn()
	}()
	select {
	case <-finished:
		return true
	case <-pg.stops:
	}
	t := r.shared.term
	modes := t.getModes()
	t.reclaim(false)
	j := &job{pid: pg.pgid, pg: pg, cmd: text, done: make(chan struct{}), stopped: true, modes: modes, stopNoticed: true}
	j.ctl = &jobCtl{stops: pg.stops, stopped: true}
	r.jobs.add(j)
	go func() {
		<-finished
		j.status = status()
		close(j.done)
	}()
	io.WriteString(r.stderrW(), "\n")
	r.jobs.report(r.stderrW(), j)
	r.status = 128 + int(unix.SIGTSTP)
	return false
}

// jobState describes j as jobs and the stop and done notices do.
func jobState(j *job) string {
	switch {
	case j.stopped:
		return "Stopped"
	case !j.finished():
		return "Running"
	case j.status == 0:
		return "Done"
	case j.status > 128:
		return sigDesc(j.status - 128)
	}
	return fmt.Sprintf("Exit %d", j.status)
}
