//go:build linux

package coproc

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// Open makes a coprocess whose child the caller runs itself, for a program
// that starts children its own way (a shell that spawns and reaps its
// processes in one place, or runs a compound command in a goroutine). It
// returns the parent side, ready for [Coproc.Send], [Coproc.Expect] and the
// rest, and the child's ends: on a pty, in and out are two descriptors of
// the terminal, in the raw mode [Start] sets; on pipes, the read end of
// the input pipe and the write end of the output pipe. They are in blocking
// mode, so that they can be given to other processes. The caller owns them
// and must close them once its child has them, or the output never ends.
//
// name is the subject of error messages, such as "coproc[1234]". opts is
// used as in Start; KillDelay does not apply. The coprocess has no process
// of its own: [Coproc.Wait] and [Coproc.Signal] fail with an error
// wrapping [ErrNoProcess], [Coproc.Pid] returns 0, and making the child a
// session leader on the terminal is the caller's job. Its descriptors are
// released as those of a coprocess made by Start whose child has been
// waited for.
func Open(name string, opts Options) (_ *Coproc, in, out *os.File, err error) {
	switch {
	case opts.Transport != PTY && opts.Transport != Pipes:
		err = errors.New("unknown transport " + opts.Transport.String())
	case opts.Size != nil && (opts.Size.Rows == 0 || opts.Size.Cols == 0):
		err = errors.New("terminal size must not be zero")
	}
	if err != nil {
		return nil, nil, nil, &Error{Op: "open", Subject: name, Err: err}
	}
	c := &Coproc{
		transport:  opts.Transport,
		transcript: opts.Transcript,
		subject:    name,
		wake:       -1,
		exited:     true,
		reaped:     true,
		exitedCh:   make(chan struct{}),
		cancelDone: make(chan struct{}),
	}
	close(c.exitedCh)
	close(c.cancelDone)
	defer func() {
		if err != nil {
			c.closeAll()
			for _, f := range []*os.File{in, out} {
				if f != nil {
					f.Close()
				}
			}
			in, out = nil, nil
			err = &Error{Op: "open", Subject: name, Err: err}
		}
	}()
	if c.wake, err = unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK); err != nil {
		return nil, nil, nil, os.NewSyscallError("eventfd", err)
	}
	if opts.Transport == PTY {
		size := Winsize{Rows: 24, Cols: 80}
		if opts.Size != nil {
			size = *opts.Size
		}
		var tty *os.File
		if tty, err = c.openPTY(size); err != nil {
			return nil, nil, nil, err
		}
		defer tty.Close()
		if in, err = dupBlocking(tty, "coproc-tty"); err != nil {
			return nil, in, nil, err
		}
		if out, err = dupBlocking(tty, "coproc-tty"); err != nil {
			return nil, in, out, err
		}
		return c, in, out, nil
	}
	var p [2]int
	if err = unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return nil, nil, nil, os.NewSyscallError("pipe2", err)
	}
	in, c.wfile = os.NewFile(uintptr(p[0]), "coproc-stdin"), os.NewFile(uintptr(p[1]), "coproc-input")
	if err = unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return nil, in, nil, os.NewSyscallError("pipe2", err)
	}
	c.rfile, out = os.NewFile(uintptr(p[0]), "coproc-output"), os.NewFile(uintptr(p[1]), "coproc-stdout")
	return c, in, out, nil
}

// ErrNoProcess is matched by the errors of [Coproc.Wait] and
// [Coproc.Signal] on a coprocess made by [Open], which has no process of
// its own.
var ErrNoProcess = errors.New("no process")

// dupBlocking returns a new descriptor of f, close-on-exec and in blocking
// mode (which the descriptors of one open file share).
func dupBlocking(f *os.File, name string) (*os.File, error) {
	var nf *os.File
	err := withFd(f, func(fd int) error {
		nfd, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
		if err != nil {
			return os.NewSyscallError("dup", err)
		}
		if err := unix.SetNonblock(nfd, false); err != nil {
			unix.Close(nfd)
			return os.NewSyscallError("fcntl", err)
		}
		nf = os.NewFile(uintptr(nfd), name)
		return nil
	})
	return nf, err
}
