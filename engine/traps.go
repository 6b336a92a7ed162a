package engine

import (
	"context"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/signals"
	"golang.org/x/sys/unix"
)

// sigState connects the process's signals to a session's traps.
//
// A trapped signal is subscribed (signals.Notify); a dispatcher goroutine
// moves each arrival to the pending queue, which the main shell drains
// between commands, after a foreground command returns, and in wait (which
// then returns 128+n), as bash does. A signal that arrives while its
// handler runs is queued and runs the handler again; the kernel and Go
// merge duplicates only while one is still undelivered, so two signals in
// quick succession run the handler at least once.
//
// `trap ” SIG` sets SIG_IGN in the kernel, so children inherit the ignore.
// With OwnSignals, a signal that is neither trapped nor ignored has its
// default effect on the process (Go would otherwise swallow signals such as
// SIGUSR1 and SIGALRM): the kernel disposition is SIG_DFL, set with
// signals.Default, and the dispatcher only ever sees trapped signals.
type sigState struct {
	mu       sync.Mutex
	ch       chan os.Signal
	pending  chan syscall.Signal
	stops    map[syscall.Signal]func()
	ignores  map[syscall.Signal]func()
	trapped  map[syscall.Signal]bool
	claims   map[syscall.Signal]int
	owned    bool
	started  bool
	done     chan struct{}
	stopOnce sync.Once
	// seen counts dispatched signals; kill to ourselves waits on it.
	seen   atomic.Uint64
	seenCh chan struct{}
}

func newSigState() *sigState {
	return &sigState{
		ch:      make(chan os.Signal, 64),
		pending: make(chan syscall.Signal, 256),
		stops:   map[syscall.Signal]func(){},
		ignores: map[syscall.Signal]func(){},
		trapped: map[syscall.Signal]bool{},
		claims:  map[syscall.Signal]int{},
		done:    make(chan struct{}),
		seenCh:  make(chan struct{}, 1),
	}
}

// fatalByDefault are the catchable signals whose default action ends the
// process and that the Go runtime would otherwise catch and drop. SIGINT,
// SIGTERM, SIGHUP, SIGQUIT and friends already end a Go program; SIGURG and
// SIGPROF belong to the runtime.
func fatalByDefault() []os.Signal {
	sigs := []os.Signal{unix.SIGUSR1, unix.SIGUSR2, unix.SIGALRM, unix.SIGVTALRM,
		unix.SIGIO, unix.SIGPWR, unix.SIGXCPU, unix.SIGXFSZ, unix.SIGSTKFLT}
	for n := signals.RTMin; n <= signals.RTMax; n++ {
		sigs = append(sigs, syscall.Signal(n))
	}
	return sigs
}

// OwnSignals makes the runner own the process's signal dispositions, as a
// standalone shell does: untrapped signals have their default effect on
// the process. cmd/ipsh sets it; an embedded runner only subscribes to the
// signals its scripts trap.
func OwnSignals() Option {
	return func(r *Runner) error {
		r.shared.sig.owned = true
		return nil
	}
}

// start launches the dispatcher once.
func (s *sigState) start() {
	if s.started {
		return
	}
	s.started = true
	go func() {
		for {
			select {
			case <-s.done:
				return
			case sig := <-s.ch:
				n := sig.(syscall.Signal)
				s.mu.Lock()
				trapped, claimed := s.trapped[n], s.claims[n] > 0
				s.mu.Unlock()
				switch {
				case trapped:
					select {
					case s.pending <- n:
					default: // queue full: merged, as the kernel would
					}
				case claimed:
				case s.owned:
					dieBySignal(n)
				}
				s.seen.Add(1)
				select {
				case s.seenCh <- struct{}{}:
				default:
				}
			}
		}
	}()
}

// own gives the signals Go would drop their default action, unless the
// shell was started with them ignored (nohup, a parent's trap ”), which
// it keeps, as bash does. Two system calls per signal; no goroutine.
func (s *sigState) own() {
	if !s.owned {
		return
	}
	var sigs []os.Signal
	for _, sig := range fatalByDefault() {
		if !signals.IgnoredAtStart(sig.(syscall.Signal)) {
			sigs = append(sigs, sig)
		}
	}
	signals.Default(sigs...)
}

// restore gives sig back its untrapped disposition once the trap's own
// subscription is stopped: SIG_DFL for the signals Go would swallow. For
// the others, Go's handler with no subscriber applies the default action;
// os/signal's Reset is not called, as it would also drop other
// subscribers' channels (the interactive shell's SIGINT, say).
func (s *sigState) restore(sig syscall.Signal) {
	if s.owned && isFatalByDefault(sig) {
		signals.Default(sig)
	}
}

func isFatalByDefault(sig syscall.Signal) bool {
	for _, o := range fatalByDefault() {
		if o == sig {
			return true
		}
	}
	return false
}

// set applies a trap change: action "" ignores, reset restores the default.
func (s *sigState) set(sig syscall.Signal, action string, reset bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if restore, ok := s.ignores[sig]; ok {
		restore()
		delete(s.ignores, sig)
	}
	switch {
	case reset:
		delete(s.trapped, sig)
		if stop, ok := s.stops[sig]; ok {
			stop()
			delete(s.stops, sig)
		}
		s.restore(sig)
	case action == "":
		delete(s.trapped, sig)
		if stop, ok := s.stops[sig]; ok {
			stop()
			delete(s.stops, sig)
		}
		s.ignores[sig] = signals.Ignore(sig)
	default:
		s.trapped[sig] = true
		if _, ok := s.stops[sig]; !ok {
			s.start()
			s.stops[sig] = s.subscribe(sig)
		}
	}
}

// subscribe forwards sig to the dispatcher until the returned function is
// called. Each signal has its own channel: os/signal's Stop unsubscribes a
// channel from every signal, so one shared channel could not drop one trap.
func (s *sigState) subscribe(sig syscall.Signal) func() {
	c := make(chan os.Signal, 8)
	stop := signals.Notify(c, sig)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range c {
			select {
			case s.ch <- v:
			case <-s.done:
			}
		}
	}()
	return func() {
		stop()
		close(c)
		<-done
	}
}

// claim keeps the dispatcher from acting on sigs while a builtin such as
// sigwait waits for them itself.
func (s *sigState) claim(sigs []syscall.Signal) func() {
	s.mu.Lock()
	for _, n := range sigs {
		s.claims[n]++
	}
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		for _, n := range sigs {
			s.claims[n]--
			if s.claims[n] == 0 && !s.trapped[n] {
				// The builtin's own subscription left Go's handler in
				// place; give the signal its untrapped action back.
				s.restore(n)
			}
		}
		s.mu.Unlock()
	}
}

// close stops every subscription and restores ignored signals.
func (s *sigState) close() {
	s.stopOnce.Do(func() {
		s.mu.Lock()
		for n, stop := range s.stops {
			stop()
			delete(s.stops, n)
		}
		for n, restore := range s.ignores {
			restore()
			delete(s.ignores, n)
		}
		s.mu.Unlock()
		close(s.done)
	})
}

// dieBySignal ends the process with sig's default action, so the parent
// sees it killed by sig, as with a shell that does not trap it.
func dieBySignal(sig syscall.Signal) {
	signals.Default(sig)
	unix.Kill(os.Getpid(), sig)
	// Unblock it in this thread in case the runtime masked it here.
	var set unix.Sigset_t
	set.Val[(sig-1)/64] |= 1 << ((uint(sig) - 1) % 64)
	unix.PthreadSigmask(unix.SIG_UNBLOCK, &set, nil)
	select {}
}

// runPending runs the traps of signals that arrived; the main shell calls
// it between commands.
func (r *Runner) runPending(ctx context.Context) {
	if r.subshell || r.inTrap {
		return
	}
	for {
		select {
		case sig := <-r.shared.sig.pending:
			r.pendingSig(sig)
		default:
			return
		}
	}
}

// ClaimSignals tells the shell that the builtin waits for sigs itself (as
// sigwait does), so their arrival neither runs a trap's default nor ends
// the shell. Call the returned function when done.
func (c *Call) ClaimSignals(sigs ...syscall.Signal) (release func()) {
	return c.r.shared.sig.claim(sigs)
}

// awaitSelf waits briefly for a signal the shell sent to itself to be
// dispatched, so `kill -USR1 $$` runs its trap (or ends the shell) before
// the next command, as in bash where delivery is synchronous.
func (s *sigState) awaitSelf(before uint64) {
	s.mu.Lock()
	active := s.started
	s.mu.Unlock()
	if !active {
		return
	}
	timeout := time.After(200 * time.Millisecond)
	for s.seen.Load() == before {
		select {
		case <-s.seenCh:
		case <-timeout:
			return
		}
	}
}
