package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// pgroup is the process group of a job; the first child spawned creates it
// and the others join it.
type pgroup struct {
	mu   sync.Mutex
	pgid int
	fg   bool
	// last is the most recent child started in the group.
	last int
	// stops, when set, receives a value when a process of the group
	// stops: the group can be suspended as a job (see suspendable).
	stops chan struct{}
}

// terminal is the session's controlling terminal, for job control.
type terminal struct {
	interactive bool
	ttyFd       int
	shellPgid   int
	// origPgid is the process group the shell had before ClaimTerminal
	// (-1 when not claimed).
	origPgid int
	mu       sync.Mutex
	// modes are the shell's terminal modes, which foreground jobs get
	// back when they end (see jobcontrol.go).
	modes *unix.Termios
}

// job is a background job (or a stopped foreground one).
type job struct {
	id      int
	pid     int // $!: the program's pid, or the group leader's
	pg      *pgroup
	cmd     string
	done    chan struct{}
	status  int
	stopped bool
	hidden  bool
	cancel  context.CancelFunc
	procs   []*proc
	// Job control (jobcontrol.go): the watcher's findings, the terminal
	// modes a stopped job had, and whether its stop was reported.
	ctl         *jobCtl
	modes       *unix.Termios
	stopNoticed bool
}

func (j *job) finished() bool {
	select {
	case <-j.done:
		return true
	default:
		return false
	}
}

// jobTable holds one shell's jobs. Subshells get their own.
type jobTable struct {
	mu   sync.Mutex
	jobs []*job
	// cur and prev are the ids of %+ and %-.
	cur, prev int
	// reaped keeps the statuses of finished jobs that left the table,
	// by pid, so a later `wait PID` still answers (bash's bgpids).
	reaped map[int]int
}

// maxReaped bounds jobTable.reaped.
const maxReaped = 1024

func newJobTable() *jobTable { return &jobTable{} }

func (t *jobTable) add(j *job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !j.hidden {
		// As bash: one more than the highest job number in use, so
		// numbering starts again at 1 once the jobs are gone.
		id := 1
		for _, o := range t.jobs {
			if !o.hidden && o.id >= id {
				id = o.id + 1
			}
		}
		j.id = id
		t.prev, t.cur = t.cur, j.id
	}
	t.jobs = append(t.jobs, j)
}

func (t *jobTable) list() []*job {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []*job
	for _, j := range t.jobs {
		if !j.hidden {
			out = append(out, j)
		}
	}
	return out
}

func (t *jobTable) remove(j *job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, x := range t.jobs {
		if x == j {
			t.jobs = append(t.jobs[:i], t.jobs[i+1:]...)
			break
		}
	}
	if j.pid > 0 && j.finished() {
		if t.reaped == nil || len(t.reaped) >= maxReaped {
			t.reaped = make(map[int]int)
		}
		t.reaped[j.pid] = j.status
	}
}

// reapedStatus returns the status of a finished job no longer listed.
func (t *jobTable) reapedStatus(pid int) (int, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, ok := t.reaped[pid]
	return st, ok
}

func (t *jobTable) byPid(pid int) *job {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, j := range t.jobs {
		if j.pid == pid {
			return j
		}
		for _, p := range j.procs {
			if p.pid == pid {
				return j
			}
		}
	}
	return nil
}

// spawnJob spawns a child in r's process group, if it has one.
func (r *Runner) spawnJob(path string, argv, env []string, fds *tableT) (*proc, error) {
	pg := r.pg
	if pg == nil {
		if r.shared.term.interactive && !r.subshell {
			pg = &pgroup{fg: true}
		} else {
			return r.spawn(path, argv, env, fds, spawnAttr{})
		}
	}
	pg.mu.Lock()
	defer pg.mu.Unlock()
	attr := spawnAttr{pgid: pg.pgid, newPgrp: pg.pgid == 0, fg: pg.fg && r.shared.term.ttyFd >= 0}
	p, err := r.spawn(path, argv, env, fds, attr)
	if errors.Is(err, unix.EPERM) && !attr.newPgrp {
		// The group is gone: its leader, a job's sentinel, was killed.
		err = errGroupGone
	}
	if err == nil && pg.pgid == 0 {
		pg.pgid = p.pid
	}
	if err == nil {
		pg.last = p.pid
	}
	return p, err
}

// startProgram starts a background program and returns its job, or nil
// after reporting an error. It returns errWouldBlock, having started
// nothing, when a redirection would block the shell (opening a FIFO); the
// caller then runs the command as a goroutine job.
// after reporting an error.
func (t *jobTable) startProgram(ctx context.Context, s *Runner, args []string, assigns []*syntax.Assign, redirs []*syntax.Redirect, text string) (*job, error) {
	path, err := s.lookPath(args[0])
	if err != nil {
		s.errorf("%s: %s", args[0], errText(err))
		return nil, nil
	}
	env := s.environ()
	if len(assigns) > 0 {
		env = append([]string(nil), env...)
		for _, as := range assigns {
			val := ""
			if as.Value != nil {
				v, err := s.assignValue(as.Value)
				if err != nil {
					s.expandError(err)
					return nil, nil
				}
				val = v
			}
			env = setEnv(env, as.Name.Value, val)
		}
	}
	if !s.opts.monitor && !s.shared.term.interactive {
		if f, err := os.Open(os.DevNull); err == nil {
			s.fds.Set(0, f)
		}
	}
	s.noBlockOpen = true
	_, err = s.applyRedirs(ctx, redirs)
	s.noBlockOpen = false
	if errors.Is(err, errWouldBlock) {
		return nil, errWouldBlock
	}
	if err != nil {
		s.fds.CloseAll()
		s.redirError(err)
		return nil, nil
	}
	p, err := s.spawnJob(path, args, env, s.fds)
	s.fds.CloseAll()
	if err != nil {
		s.errorf("%s: %s", args[0], errText(err))
		return nil, nil
	}
	j := &job{pid: p.pid, pg: s.pg, cmd: text, done: make(chan struct{}), procs: []*proc{p}}
	t.add(j)
	if s.shared.term.interactive {
		// Under job control the job can stop and come to the foreground.
		t.watch(j, p, false)
		return j, nil
	}
	go func() {
		p.wait(ctx, false)
		j.status = p.status
		close(j.done)
	}()
	return j, nil
}

// errGroupGone reports a child that could not join its job's process group
// because the job was killed first.
var errGroupGone = errors.New("job killed")

// errForwarded is the cancellation cause when a signal sent to a job's
// sentinel was already passed on to the job's processes.
var errForwarded = errors.New("signal forwarded to the job")

// goBackground runs fn in a goroutine subshell as a job. single marks a job
// that runs one program (a background command whose redirection could not
// be opened up front), whose status is the program's. Unless hidden, a
// sentinel process gives the job a real pid and process group: signals sent
// to it end the subshell, and the subshell's children join its group.
func (t *jobTable) goBackground(ctx context.Context, s *Runner, text string, hidden, single bool, fn func(ctx context.Context) int) *job {
	ctx, cancelCause := context.WithCancelCause(ctx)
	cancel := func() { cancelCause(context.Canceled) }
	s.ctx = ctx
	j := &job{cmd: text, done: make(chan struct{}), hidden: hidden, cancel: cancel, pg: s.pg}
	var sentinel *proc
	if !hidden {
		if !s.opts.monitor && !s.shared.term.interactive {
			if f, err := os.Open(os.DevNull); err == nil {
				s.fds.Set(0, f)
			}
		}
		sentinel = s.startSentinel()
		if sentinel != nil {
			j.pid = sentinel.pid
		}
	}
	t.add(j)
	killed := make(chan int, 1)
	var ours atomic.Bool
	if sentinel != nil {
		go func() {
			sentinel.wait(context.Background(), false)
			if !ours.Load() {
				// Someone signalled the job's pid: pass the signal on to
				// the job's processes and end the subshell.
				if sentinel.signal != 0 && j.pg != nil {
					j.pg.mu.Lock()
					pgid, last := j.pg.pgid, j.pg.last
					j.pg.mu.Unlock()
					switch {
					case single && last != sentinel.pid && last > 0:
						// The job is one program: it gets the signal, as
						// bash's $! would, and its children do not.
						unix.Kill(last, sentinel.signal)
					case pgid > 0:
						unix.Kill(-pgid, sentinel.signal)
					}
				}
				killed <- sentinel.status
				cancelCause(errForwarded)
			}
		}()
	}
	go func() {
		st := internalErrorStatus
		func() {
			defer s.catch(&st)
			st = fn(ctx)
		}()
		if sentinel != nil {
			ours.Store(true)
			unix.Kill(sentinel.pid, unix.SIGKILL)
			<-sentinel.done
			if sentinel.signal != 0 && sentinel.signal != unix.SIGKILL {
				// Killed by someone else just as the job ended: the
				// watcher may have taken our SIGKILL for its own.
				select {
				case killed <- sentinel.status:
				default:
				}
			}
			select {
			case k := <-killed:
				j.pg.mu.Lock()
				started := j.pg.last != sentinel.pid
				j.pg.mu.Unlock()
				if !single || !started {
					// A single program reports its own status (it may
					// have trapped the signal); a compound job, or one
					// killed before its program started, was killed.
					st = k
				}
			default:
			}
		}
		cancel()
		j.status = st
		close(j.done)
	}()
	return j
}

// startSentinel spawns the process that stands for a goroutine job.
func (s *Runner) startSentinel() *proc {
	path, err := s.lookPath("cat")
	if err != nil {
		return nil
	}
	life, err := s.shared.lifeline()
	if err != nil {
		return nil
	}
	t := &tableT{}
	defer t.CloseAll()
	in, err := dupFile(life)
	if err != nil {
		return nil
	}
	t.Set(0, in)
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return nil
	}
	t.Set(1, devnull)
	t.Dup(1, 2)
	p, err := s.spawnJob(path, []string{"cat"}, nil, t)
	if err != nil {
		return nil
	}
	return p
}

// lifeline returns the read end of a pipe whose write end only this process
// holds (close-on-exec). A sentinel is `cat` reading it: when the process
// ends in any way (exit, a fatal signal, exec), the write end closes, every
// sentinel reads end of file and exits, and none is left behind.
func (sh *shared) lifeline() (*os.File, error) {
	sh.lifeOnce.Do(func() {
		sh.lifeR, sh.lifeW, sh.lifeErr = rawPipe()
	})
	return sh.lifeR, sh.lifeErr
}

// closeLifeline closes the sentinels' pipe, once the runner is done.
func (sh *shared) closeLifeline() {
	sh.lifeOnce.Do(func() {}) // none is made after this
	if sh.lifeW != nil {
		sh.lifeW.Close()
		sh.lifeR.Close()
		sh.lifeW, sh.lifeR = nil, nil
	}
	if sh.lifeErr == nil {
		sh.lifeErr = os.ErrClosed
	}
}

// waitAll waits for every job of this table.
func (t *jobTable) waitAll(ctx context.Context, r *Runner) {
	for _, j := range t.snapshot() {
		select {
		case <-j.done:
		case <-ctx.Done():
			return
		}
	}
	t.mu.Lock()
	var keep []*job
	for _, j := range t.jobs {
		if !j.finished() {
			keep = append(keep, j)
		}
	}
	t.jobs = keep
	t.mu.Unlock()
}

func (t *jobTable) snapshot() []*job {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]*job(nil), t.jobs...)
}

// stopGoroutineJobs ends the jobs that live in this process (goroutine
// subshells and their sentinels). Background programs are left running,
// as bash leaves them when it exits.
func (t *jobTable) stopGoroutineJobs() {
	for _, j := range t.snapshot() {
		if j.cancel == nil || j.finished() {
			continue
		}
		if j.pg != nil && j.pg.pgid > 0 {
			unix.Kill(-j.pg.pgid, unix.SIGTERM)
		}
		j.cancel()
		select {
		case <-j.done:
		case <-time.After(5 * time.Second):
			// A builtin blocked in a system call that cancellation
			// cannot reach: give up on it rather than hang Close.
		}
	}
}

// waitGoroutineJobs waits for the jobs that live in this process: they
// cannot outlive it, so a script's end waits for them where bash would
// leave a forked subshell running.
func (t *jobTable) waitGoroutineJobs(ctx context.Context) {
	for _, j := range t.snapshot() {
		if j.cancel == nil {
			continue
		}
		select {
		case <-j.done:
		case <-ctx.Done():
			return
		}
	}
}

// reclaimTerminal gives the terminal back to the shell after a foreground job.
func (t *terminal) reclaimTerminal() {
	if t == nil || !t.interactive || t.ttyFd < 0 {
		return
	}
	t.reclaim(false)
}

func (t *jobTable) addStopped(p *proc, text string) *job {
	j := &job{pid: p.pid, cmd: text, done: make(chan struct{}), stopped: true, stopNoticed: true, procs: []*proc{p}}
	if pg, err := unix.Getpgid(p.pid); err == nil && pg != unix.Getpgrp() {
		j.pg = &pgroup{pgid: pg}
	}
	t.add(j)
	// Nobody waits for the stopped process any more: a watcher does.
	t.watch(j, p, true)
	return j
}

func (t *jobTable) report(w io.Writer, j *job) {
	fmt.Fprintf(w, "[%d]+  %-24s%s\n", j.id, jobState(j), j.cmd)
}

func itoa(n int) string { return strconv.Itoa(n) }

// pruneDone forgets finished jobs.
func (t *jobTable) pruneDone() {
	t.mu.Lock()
	defer t.mu.Unlock()
	var keep []*job
	for _, j := range t.jobs {
		if !j.finished() {
			keep = append(keep, j)
		}
	}
	t.jobs = keep
}
