package builtins

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"weak"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/signals"
)

// procState is what the proc builtins of one builtin set remember across
// calls: the pidfiles each session holds. A session is known by its IPC
// ledger ([engine.Call.Ledger]), so one builtin set installed into several
// runners keeps their pidfiles apart.
//
// A session's entry is dropped, and the pidfiles it still holds are closed,
// when its ledger is garbage collected. A held pidfile is also closed as
// soon as its ledger record disappears: the runner's Close removes the file
// (while the lock is still held, so no other process can take it over in
// between) and drops the record, and the next `pidfile` call in that
// session, or the collection of the runner, closes the descriptor.
type procState struct {
	mu       sync.Mutex
	sessions map[weak.Pointer[ledger.Ledger]]*procSession
}

// procSession is one session's pidfiles, by absolute path.
type procSession struct {
	held map[string]*procHeld
}

// procHeld is a pidfile the session holds: the open, locked file and its
// ledger record.
type procHeld struct {
	pf *signals.Pidfile
	h  ledger.Handle
}

func newProcState() *procState {
	return &procState{sessions: make(map[weak.Pointer[ledger.Ledger]]*procSession)}
}

// session returns the state of the session whose ledger is l, pruned of
// pidfiles whose record is gone. st.mu must be held.
func (st *procState) session(l *ledger.Ledger) *procSession {
	wp := weak.Make(l)
	s := st.sessions[wp]
	if s == nil {
		s = &procSession{held: make(map[string]*procHeld)}
		st.sessions[wp] = s
		runtime.AddCleanup(l, func(s *procSession) {
			st.mu.Lock()
			delete(st.sessions, wp)
			held := s.held
			s.held = nil
			st.mu.Unlock()
			for _, h := range held {
				h.pf.Close()
			}
		}, s)
	}
	if len(s.held) > 0 {
		recorded := make(map[ledger.Handle]bool)
		for _, o := range l.List() {
			recorded[o.Handle] = true
		}
		for path, h := range s.held {
			if !recorded[h.h] {
				h.pf.Close()
				delete(s.held, path)
			}
		}
	}
	return s
}

const procPidfileHelp = `A pidfile is live while an exclusive flock(2) on it is held; the lock,
not the pid written in it, decides who owns it.

create   writes $$ (or PID) in PATH and holds the lock for the life of the
         shell session; the file is removed when the session ends unless
         -k is given. Creating over a live pidfile fails and names its
         owner; a stale one is taken over. A symbolic link, a FIFO or
         anything else that is not a regular file is refused. The lock is
         close-on-exec: commands the shell runs do not inherit it.
read     prints the pid written in PATH; status 1 if the pidfile is not live.
check    status 0 if PATH is a live pidfile, 1 if it is stale or missing.
signal   sends SIG to the live owner of PATH; status 1 if there is none.
remove   removes PATH: a pidfile this session holds, a live one that names
         this shell's pid (as a daemon started by "daemon -p" holds its own),
         or a stale one. A pidfile live in another process is left alone.`

func procPidfileBuiltin(st *procState) *engine.Builtin {
	b := &engine.Builtin{
		Name: "pidfile",
		Synopsis: "pidfile create [-k] [-p PID] PATH\n" +
			"pidfile read PATH\n" +
			"pidfile check PATH\n" +
			"pidfile signal PATH SIG\n" +
			"pidfile remove PATH",
		Summary: "Create, read, check, signal and remove locked pidfiles.",
		Help:    procPidfileHelp,
	}
	b.Run = func(ctx context.Context, args []string) error {
		c := engine.CallFrom(ctx)
		if len(args) < 2 {
			return c.Usagef("missing subcommand")
		}
		sub, rest := args[1], args[2:]
		switch sub {
		case "create":
			return st.create(c, rest)
		case "read", "check", "remove":
			if len(rest) == 1 && rest[0] == "--" {
				rest = rest[1:]
			} else if len(rest) > 1 && rest[0] == "--" {
				rest = rest[1:]
			}
			if len(rest) != 1 {
				return c.Usagef("%s: expected one PATH", sub)
			}
			path := procAbs(c, rest[0])
			switch sub {
			case "read":
				return procPidRead(c, path)
			case "check":
				return procPidCheck(c, path)
			default:
				return st.remove(c, path)
			}
		case "signal":
			if len(rest) > 0 && rest[0] == "--" {
				rest = rest[1:]
			}
			if len(rest) != 2 {
				return c.Usagef("signal: expected PATH and SIG")
			}
			sig, err := procSignal(rest[1])
			if err != nil {
				return c.Errorf("%v", err)
			}
			if err := signals.Signal(procAbs(c, rest[0]), sig); err != nil {
				return c.Errorf("%s", procErrText(err))
			}
			return nil
		default:
			return c.Usagef("%s: unknown subcommand", sub)
		}
	}
	return b
}

func (st *procState) create(c *engine.Call, args []string) error {
	opts, rest, err := procGetopt(args, []procFlag{
		{short: 'p', long: "pid", arg: true},
		{short: 'k', long: "keep"},
	})
	if err != nil {
		return c.Usagef("create: %v", err)
	}
	if len(rest) != 1 {
		return c.Usagef("create: expected one PATH")
	}
	pid := os.Getpid()
	if s, ok := c.Var("$"); ok {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			pid = n
		}
	}
	if opts.has("pid") {
		n, err := strconv.Atoi(opts.last("pid"))
		if err != nil || n <= 0 {
			return c.Usagef("create: invalid pid '%s'", opts.last("pid"))
		}
		pid = n
	}
	path := procAbs(c, rest[0])
	l, err := c.Ledger()
	if err != nil {
		return c.Errorf("create %s: %v", path, err)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.session(l)
	pf, err := signals.Create(path, pid)
	if err != nil {
		return c.Errorf("%s", procErrText(err))
	}
	o := ledger.Object{Kind: ledger.Pidfile, Name: path, Keep: opts.has("keep")}
	if fi, err := pf.File().Stat(); err == nil {
		if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
			o.Dev, o.Ino = uint64(sys.Dev), sys.Ino
		}
	}
	h, err := l.Add(o)
	if h == 0 {
		pf.Remove()
		return c.Errorf("create %s: %v", path, err)
	}
	s.held[path] = &procHeld{pf: pf, h: h}
	return nil
}

func procPidRead(c *engine.Call, path string) error {
	pid, live, err := signals.Read(path)
	if err != nil {
		return c.Errorf("%s", procErrText(err))
	}
	fmt.Fprintln(c.Stdout(), pid)
	if !live {
		return engine.ExitStatus(1)
	}
	return nil
}

func procPidCheck(c *engine.Call, path string) error {
	_, err := signals.Check(path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, signals.ErrNotLive), errors.Is(err, signals.ErrNoPID), errors.Is(err, fs.ErrNotExist):
		return engine.ExitStatus(1)
	default:
		return c.Errorf("%s", procReOp("check", err))
	}
}

func (st *procState) remove(c *engine.Call, path string) error {
	l, err := c.Ledger()
	if err != nil {
		return c.Errorf("remove %s: %v", path, err)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.session(l)
	forget := func() {
		if o, ok := l.Find(path); ok && o.Kind == ledger.Pidfile {
			l.Forget(o.Handle)
		}
	}
	if h := s.held[path]; h != nil {
		delete(s.held, path)
		l.Forget(h.h)
		if err := h.pf.Remove(); err != nil {
			return c.Errorf("%s", procErrText(err))
		}
		return nil
	}
	pid, live, err := signals.Read(path)
	if err != nil && !(live && errors.Is(err, signals.ErrNoPID)) {
		return c.Errorf("%s", procReOp("remove", err))
	}
	if live {
		self := os.Getpid()
		if v, ok := c.Var("$"); ok {
			if n, err := strconv.Atoi(v); err == nil {
				self = n
			}
		}
		if pid != self {
			return c.Errorf("remove %s: %v", path, &signals.HeldError{PID: pid})
		}
		// Live and naming this shell: its lock is held on a descriptor
		// the shell inherited (a daemon's fd 3).
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return c.Errorf("%s", procErrText(err))
		}
		forget()
		return nil
	}
	// Stale: take it over, so that no one else does meanwhile, then
	// remove it under the lock.
	pf, err := signals.Create(path, os.Getpid())
	if err != nil {
		return c.Errorf("%s", procErrText(err))
	}
	if err := pf.Remove(); err != nil {
		return c.Errorf("%s", procErrText(err))
	}
	forget()
	return nil
}
