package signals

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Notify relays the given signals to c, as os/signal.Notify does, and
// returns a function that stops relaying them to c (os/signal.Stop). With no
// signals, every incoming signal is relayed. The package never blocks
// sending to c: a signal that finds c full is dropped, so c should be
// buffered. Notify panics if c is nil, like os/signal.Notify.
//
// While a signal is subscribed the Go runtime catches it, so a child started
// meanwhile gets the default disposition for it, as after any exec.
func Notify(c chan<- os.Signal, sigs ...os.Signal) (stop func()) {
	signal.Notify(c, sigs...)
	return func() { signal.Stop(c) }
}

// Ignore makes the process ignore the given signals and returns a function
// that restores the default action for those that were not already ignored.
//
// Ignoring sets SIG_IGN in the kernel, so processes started afterwards
// inherit the ignore across exec, as bash's trap with an empty action
// requires; SIGKILL and SIGSTOP cannot be ignored. Ignore also drops every earlier [Notify]
// subscription to these signals, in the whole process, and restore does not
// bring them back.
func Ignore(sigs ...os.Signal) (restore func()) {
	var wasDefault []os.Signal
	for _, s := range sigs {
		if !signal.Ignored(s) {
			wasDefault = append(wasDefault, s)
		}
	}
	signal.Ignore(sigs...)
	return func() { Reset(wasDefault...) }
}

// Ignored reports whether sig is currently ignored, whether by [Ignore] or,
// for SIGHUP and SIGINT, because the process inherited SIG_IGN (nohup).
func Ignored(sig os.Signal) bool { return signal.Ignored(sig) }

// Reset undoes every [Notify] and [Ignore] for the given signals, in the
// whole process, and gives them their default action back (`trap - SIG`):
// children started afterwards get SIG_DFL, and the process itself gets the
// Go runtime's default (death for most signals, nothing for SIGCHLD,
// SIGWINCH, SIGURG and the real-time signals). This holds also for a
// SIGHUP or SIGINT that was ignored when the process started, which
// os/signal.Reset alone would leave ignored. With no signals Reset does
// nothing. Do not call it concurrently with [Notify] or [Ignore] for the
// same signals.
func Reset(sigs ...os.Signal) {
	if len(sigs) == 0 {
		return
	}
	// os/signal.Reset does not undo Ignore. A subscription does: it
	// clears the runtime's ignored state and installs its handler, and
	// stopping it leaves that handler, which applies the default action.
	c := make(chan os.Signal, 1)
	signal.Notify(c, sigs...)
	signal.Stop(c)
	signal.Reset(sigs...)
	// For SIGHUP and SIGINT the runtime puts SIG_IGN back if that was
	// the disposition it found; set SIG_DFL in the kernel instead.
	for _, s := range sigs {
		if n, ok := s.(syscall.Signal); ok && kernelIgnored(n) {
			setDefault(n)
		}
	}
}

// kernelAction is struct sigaction as rt_sigaction(2) takes it on Linux;
// only the handler, first in every layout, is used, and the all-zero value
// is SIG_DFL.
type kernelAction [4]uint64

const sigIgn = 1

func kernelIgnored(sig syscall.Signal) bool {
	var old kernelAction
	_, _, errno := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), 0,
		uintptr(unsafe.Pointer(&old)), 8, 0, 0)
	return errno == 0 && old[0] == sigIgn
}

func setDefault(sig syscall.Signal) {
	var act kernelAction
	unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&act)), 0, 8, 0, 0)
}

// Wait blocks until one of sigs arrives and returns it, or until ctx is done
// (a ctx with a timeout gives `sigwait -t`). On ctx's end it returns an
// [*Error] wrapping ctx.Err(), so errors.Is(err,
// context.DeadlineExceeded) tells a timeout.
//
// Wait subscribes only for its own duration: a signal that arrives before
// Wait is called, or after it returns, gets whatever disposition the process
// has then (for most signals without a subscription: death). A caller that
// must not miss a signal subscribes first with [Notify] and reads its own
// channel.
func Wait(ctx context.Context, sigs ...os.Signal) (os.Signal, error) {
	subject := signalList(sigs)
	if len(sigs) == 0 {
		return nil, &Error{Op: "wait for", Subject: subject, Err: errors.New("no signal given")}
	}
	if err := ctx.Err(); err != nil {
		return nil, &Error{Op: "wait for", Subject: subject, Err: err}
	}
	c := make(chan os.Signal, len(sigs))
	stop := Notify(c, sigs...)
	defer stop()
	select {
	case s := <-c:
		return s, nil
	case <-ctx.Done():
		// A signal that raced with the deadline still wins.
		select {
		case s := <-c:
			return s, nil
		default:
		}
		return nil, &Error{Op: "wait for", Subject: subject, Err: ctx.Err()}
	}
}

func signalList(sigs []os.Signal) string {
	names := make([]string, len(sigs))
	for i, s := range sigs {
		if n, ok := s.(syscall.Signal); ok {
			names[i] = Name(n)
		} else {
			names[i] = s.String()
		}
	}
	return strings.Join(names, " ")
}

// Default gives sigs the kernel's default action in this process, as a C
// program has them: for SIGUSR1, SIGALRM and the real-time signals, say,
// that is death, where the Go runtime would catch and drop them. A later
// [Notify] still works: the runtime is first told the signals are ignored
// (which makes it forget its handler), then the disposition is set to
// SIG_DFL directly. Children inherit SIG_DFL either way. It costs two
// system calls per signal and starts no goroutine.
func Default(sigs ...os.Signal) {
	signal.Ignore(sigs...)
	for _, s := range sigs {
		if n, ok := s.(syscall.Signal); ok {
			setDefault(n)
		}
	}
}

// IgnoredAtStart reports whether the kernel has sig ignored right now,
// whatever Go's own bookkeeping says; a shell uses it at start-up to keep
// ignoring what its parent told it to ignore (nohup, `trap ” SIG`).
func IgnoredAtStart(sig syscall.Signal) bool { return kernelIgnored(sig) }
