//go:build linux

package coproc

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// Coproc is a running coprocess, made by [Start].
//
// Reading calls ([Coproc.Expect], [Coproc.Read], [Interact]) are
// serialised among themselves, as are writing calls ([Coproc.Send],
// [Coproc.Write], [Coproc.Close]); a reader and a writer may run at the
// same time, from different goroutines, and must when the child's output
// can fill the kernel's buffer before it has read all its input. The other
// methods may be called at any time from any goroutine.
//
// A Coproc owns two descriptors: the read side, closed by
// [Coproc.CloseRead] or as soon as a read through the Coproc has met end
// of file (on a pty: and [Coproc.Wait] has returned), and the write side,
// closed by [Coproc.Close]. Wait alone closes neither, so output written by
// a child that has exited stays readable.
type Coproc struct {
	cmd       *exec.Cmd
	transport Transport
	pid       int
	subject   string

	transcript io.Writer
	killDelay  time.Duration

	// mu guards the file fields below (not their use for I/O, which the
	// read and write locks guard) and exited.
	mu     sync.Mutex
	rfile  *os.File // read side; nil once closed
	wfile  *os.File // write side; nil once closed
	wake   int      // eventfd that interrupts poll; -1 once closed
	exited bool     // the child has exited (it may not be reaped yet)
	reaped bool     // Wait has reaped the child
	eofRd  bool     // a read met end of file

	readMu  sync.Mutex
	buf     []byte // output read and not consumed is buf[off:]
	off     int
	eof     bool        // the read side met end of file
	rclosed bool        // CloseRead was called
	closing atomic.Bool // CloseRead is waiting for readMu

	writeMu sync.Mutex

	waitOnce   sync.Once
	state      *os.ProcessState
	waitErr    error
	exitedCh   chan struct{} // closed once the child has exited
	stopCancel func() bool   // unregisters the context watcher
	cancelDone chan struct{} // closed when the context watcher returns
}

// Start starts cmd as a coprocess and returns once it runs.
//
// cmd must not have been started, and its Stdin and Stdout must be nil:
// Start connects them. With the [PTY] transport, Stdin, Stdout and, when
// cmd.Stderr is nil, Stderr are the terminal, so error messages arrive
// mixed with the output, as on a screen; set cmd.Stderr to keep them apart.
// The terminal is put in raw mode before the child starts, and the child
// becomes the leader of a new session whose controlling terminal it is:
// Start overrides cmd.SysProcAttr's Setsid, Setctty, Ctty, Setpgid, Noctty
// and Foreground. With [Pipes], stdin and stdout are pipes and cmd.Stderr is
// used as given (nil means the null device, as in os/exec).
//
// When ctx is done before the child has exited, the child is asked to exit
// and then killed (see [Options.KillDelay]). The caller must call
// [Coproc.Wait] to release the process.
func Start(ctx context.Context, cmd *exec.Cmd, opts Options) (_ *Coproc, err error) {
	if cmd == nil {
		return nil, &Error{Op: "start", Err: errors.New("nil command")}
	}
	fail := func(err error) (*Coproc, error) {
		return nil, &Error{Op: "start", Subject: cmd.Path, Err: err}
	}
	switch {
	case cmd.Process != nil:
		return fail(errors.New("command already started"))
	case cmd.Stdin != nil:
		return fail(errors.New("command's Stdin already set"))
	case cmd.Stdout != nil:
		return fail(errors.New("command's Stdout already set"))
	case opts.Transport != PTY && opts.Transport != Pipes:
		return fail(errors.New("unknown transport " + opts.Transport.String()))
	case opts.Size != nil && (opts.Size.Rows == 0 || opts.Size.Cols == 0):
		return fail(errors.New("terminal size must not be zero"))
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}

	c := &Coproc{
		cmd:        cmd,
		transport:  opts.Transport,
		transcript: opts.Transcript,
		killDelay:  opts.KillDelay,
		wake:       -1,
		exitedCh:   make(chan struct{}),
		cancelDone: make(chan struct{}),
	}
	if c.killDelay == 0 {
		c.killDelay = defaultKillDelay
	}
	// Close what we made if anything below fails.
	var childFiles []*os.File
	setStderr := false
	defer func() {
		for _, f := range childFiles {
			f.Close()
		}
		if err != nil {
			c.closeAll()
		}
	}()

	c.wake, err = unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return fail(os.NewSyscallError("eventfd", err))
	}
	if opts.Transport == PTY {
		size := Winsize{Rows: 24, Cols: 80}
		if opts.Size != nil {
			size = *opts.Size
		}
		var tty *os.File
		tty, err = c.openPTY(size)
		if err != nil {
			return fail(err)
		}
		childFiles = append(childFiles, tty)
		cmd.Stdin, cmd.Stdout = tty, tty
		if cmd.Stderr == nil {
			cmd.Stderr, setStderr = tty, true
		}
		attr := syscall.SysProcAttr{}
		if cmd.SysProcAttr != nil {
			attr = *cmd.SysProcAttr
		}
		attr.Setsid, attr.Setctty, attr.Ctty = true, true, 0
		attr.Setpgid, attr.Noctty, attr.Foreground = false, false, false
		cmd.SysProcAttr = &attr
	} else {
		var in, out [2]int
		if err = unix.Pipe2(in[:], unix.O_CLOEXEC); err != nil {
			return fail(os.NewSyscallError("pipe2", err))
		}
		childFiles = append(childFiles, os.NewFile(uintptr(in[0]), "coproc-stdin"))
		c.wfile = os.NewFile(uintptr(in[1]), "coproc-input")
		if err = unix.Pipe2(out[:], unix.O_CLOEXEC); err != nil {
			return fail(os.NewSyscallError("pipe2", err))
		}
		c.rfile = os.NewFile(uintptr(out[0]), "coproc-output")
		childFiles = append(childFiles, os.NewFile(uintptr(out[1]), "coproc-stdout"))
		cmd.Stdin, cmd.Stdout = childFiles[0], childFiles[1]
	}
	if err = cmd.Start(); err != nil {
		if setStderr {
			cmd.Stderr = nil
		}
		cmd.Stdin, cmd.Stdout = nil, nil
		return fail(err)
	}
	c.pid = cmd.Process.Pid
	c.subject = filepath.Base(cmd.Path) + "[" + strconv.Itoa(c.pid) + "]"
	c.stopCancel = context.AfterFunc(ctx, c.cancel)
	return c, nil
}

// openPTY opens a pty in raw mode of the given size, keeps two
// descriptors of its master and returns its slave.
func (c *Coproc) openPTY(size Winsize) (tty *os.File, err error) {
	ptm, tty, err := pty.Open()
	if err != nil {
		return nil, err
	}
	defer ptm.Close()
	defer func() {
		if err != nil {
			tty.Close()
		}
	}()
	if err := withFd(tty, func(fd int) error {
		tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
		if err != nil {
			return os.NewSyscallError("tcgetattr", err)
		}
		makeRaw(tio)
		if err := unix.IoctlSetTermios(fd, unix.TCSETS, tio); err != nil {
			return os.NewSyscallError("tcsetattr", err)
		}
		ws := unix.Winsize{Row: size.Rows, Col: size.Cols}
		return os.NewSyscallError("tiocswinsz", unix.IoctlSetWinsize(fd, unix.TIOCSWINSZ, &ws))
	}); err != nil {
		return nil, err
	}
	// Two descriptors of the master, in blocking mode so that other
	// processes can be given them, and distinct so that the write side
	// can be closed alone.
	err = withFd(ptm, func(fd int) error {
		for _, p := range []**os.File{&c.rfile, &c.wfile} {
			nfd, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
			if err != nil {
				return os.NewSyscallError("dup", err)
			}
			if err := unix.SetNonblock(nfd, false); err != nil {
				unix.Close(nfd)
				return os.NewSyscallError("fcntl", err)
			}
			*p = os.NewFile(uintptr(nfd), "ptmx")
		}
		return nil
	})
	return tty, err
}

// makeRaw sets tio as cfmakeraw(3) does, with two differences that matter
// to [Coproc.Close]: the line-editing characters are disabled, so that
// canonical mode later gives meaning to VEOF and newline only, and VTIME is
// 1, which does not change how raw reads behave (VMIN is 1: a read returns
// as soon as one byte is there) but lets a read that started in raw mode
// return end of file once VEOF arrives in canonical mode.
func makeRaw(tio *unix.Termios) {
	tio.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP |
		unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON | unix.IXOFF | unix.IXANY
	tio.Oflag &^= unix.OPOST
	tio.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	tio.Cflag &^= unix.CSIZE | unix.PARENB
	tio.Cflag |= unix.CS8
	for _, i := range []int{unix.VERASE, unix.VKILL, unix.VEOL, unix.VEOL2,
		unix.VWERASE, unix.VREPRINT, unix.VLNEXT, unix.VDISCARD} {
		tio.Cc[i] = 0 // _POSIX_VDISABLE
	}
	tio.Cc[unix.VEOF] = 4 // ^D
	tio.Cc[unix.VMIN] = 1
	tio.Cc[unix.VTIME] = 1
}

// isOurRaw reports whether tio is still the mode makeRaw set.
func isOurRaw(tio *unix.Termios) bool {
	return tio.Lflag&(unix.ICANON|unix.ECHO|unix.ISIG|unix.IEXTEN) == 0 &&
		tio.Cc[unix.VMIN] == 1 && tio.Cc[unix.VTIME] == 1
}

// withFd calls fn with f's descriptor without changing its blocking mode.
func withFd(f *os.File, fn func(fd int) error) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = fn(int(fd)) }); err != nil {
		return err
	}
	return ferr
}

// Pid returns the child's process id.
func (c *Coproc) Pid() int { return c.pid }

// Transport returns the transport the coprocess runs on.
func (c *Coproc) Transport() Transport { return c.transport }

// ReadFile returns the file the child's output is read from: the pty
// master, or the read end of a pipe. It is in blocking mode, so it can be
// given to other processes. It is owned by c, which closes it in
// [Coproc.CloseRead] or once a read through c has met end of file (and, on
// a pty, Wait has returned); dup it to keep it longer. ReadFile returns nil once it is closed. Output that c has
// read already (see [Coproc.Buffered]) is no longer in the file.
func (c *Coproc) ReadFile() *os.File {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rfile
}

// WriteFile returns the file the child's input is written to: a
// descriptor of the pty master distinct from [Coproc.ReadFile]'s, or the
// write end of a pipe. It is in blocking mode and owned by c, which closes
// it in [Coproc.Close]; on a pty, closing a copy of it does not give the
// child end of file (Close does). WriteFile returns nil once it is closed.
func (c *Coproc) WriteFile() *os.File {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wfile
}

// Buffered returns the number of bytes read from the child and not yet
// consumed by Expect or Read.
func (c *Coproc) Buffered() int {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	return len(c.buf) - c.off
}

func (c *Coproc) errorf(op string, err error) error {
	return &Error{Op: op, Subject: c.subject, Err: err}
}

// Write writes p to the child's input, blocking until all of it is
// written, and returns the number of bytes written. It makes a Coproc an
// [io.Writer]; see [Coproc.Send].
func (c *Coproc) Write(p []byte) (int, error) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	f := c.wfile
	c.mu.Unlock()
	if f == nil {
		return 0, c.errorf("send", os.ErrClosed)
	}
	n, err := f.Write(p)
	if err != nil {
		if c.transport == PTY && errors.Is(err, syscall.EIO) {
			err = syscall.EPIPE // the child side of the terminal is closed
		} else if pe, ok := err.(*os.PathError); ok {
			err = pe.Err
		}
		return n, c.errorf("send", err)
	}
	return n, nil
}

// Send writes p to the child's input, with nothing added, blocking until
// all of it is written. A child that does not read makes Send block once
// the kernel's buffer is full; it fails (with an error wrapping EPIPE)
// once the child and everything that shared its input have exited, which
// is what cancelling Start's context brings about. After [Coproc.Close]
// it fails with an error wrapping [os.ErrClosed].
func (c *Coproc) Send(p []byte) error {
	_, err := c.Write(p)
	return err
}

// SendString is [Coproc.Send] for a string.
func (c *Coproc) SendString(s string) error {
	_, err := c.Write([]byte(s))
	return err
}

// Close gives the child end of file on its input and closes the write
// side ([Coproc.WriteFile]); later sends fail. The output stays readable.
// Close waits for a Send in progress, and may block as Send does. Closing
// twice is harmless.
//
// On pipes this closes the pipe. A pty in raw mode has no end of file, so
// Close switches it to canonical input (ICANON; echo and output stay as
// they were) and writes VEOF (^D) twice: the first ends a partial line if
// there is one, a second ends the input; a program that reads again after
// that first end of file may block. Bytes sent before Close that the child
// has not read yet are then read in canonical mode, where a ^D byte ends
// the input early and a line longer than 4095 bytes is cut; text input is
// not affected, but binary input followed by Close should use [Pipes]. If
// the child has put the terminal in a raw mode of its own (a line editor
// such as readline), Close writes a single literal ^D, which such
// programs read as end of input on an empty line.
func (c *Coproc) Close() error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	f := c.wfile
	c.mu.Unlock()
	if f == nil {
		return nil
	}
	var err error
	if c.transport == PTY {
		err = withFd(f, sendEOF)
		if errors.Is(err, syscall.EIO) {
			err = nil // the child has gone: nothing to tell
		}
	}
	c.mu.Lock()
	c.wfile = nil
	c.mu.Unlock()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return c.errorf("close", err)
	}
	return nil
}

// sendEOF makes the terminal whose master is fd give end of file to its
// reader. See [Coproc.Close].
func sendEOF(fd int) error {
	tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return os.NewSyscallError("tcgetattr", err)
	}
	veof := tio.Cc[unix.VEOF]
	if veof == 0 {
		veof = 4
	}
	eof := []byte{veof, veof}
	switch {
	case tio.Lflag&unix.ICANON != 0:
	case isOurRaw(tio):
		tio.Lflag |= unix.ICANON
		tio.Cc[unix.VEOF] = veof
		if err := unix.IoctlSetTermios(fd, unix.TCSETS, tio); err != nil {
			return os.NewSyscallError("tcsetattr", err)
		}
	default:
		eof = eof[:1]
	}
	for len(eof) > 0 {
		n, err := unix.Write(fd, eof)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return os.NewSyscallError("write", err)
		}
		eof = eof[n:]
	}
	return nil
}

// CloseRead closes the read side ([Coproc.ReadFile]), discarding output
// not yet read, and makes reads in progress in other goroutines return an
// error wrapping [os.ErrClosed]. It is needed only when the output is not
// read to its end. On a pty whose write side is closed too, this closes
// the master, which hangs the terminal up: a child still running gets
// SIGHUP. Closing twice is harmless.
func (c *Coproc) CloseRead() error {
	c.closing.Store(true)
	c.poke()
	c.readMu.Lock()
	defer c.readMu.Unlock()
	c.closing.Store(false)
	c.rclosed = true
	c.buf, c.off = nil, 0
	return c.releaseRead()
}

// releaseRead closes the read side and the eventfd. No read may be using
// them: readMu is held, or a read has met end of file, after which reads
// no longer touch them; a context watcher only pokes the eventfd under mu.
func (c *Coproc) releaseRead() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	if c.rfile != nil {
		err = c.rfile.Close()
		c.rfile = nil
	}
	if c.wake >= 0 {
		unix.Close(c.wake)
		c.wake = -1
	}
	return err
}

// closeAll releases every descriptor, for a failed Start.
func (c *Coproc) closeAll() {
	if c.wfile != nil {
		c.wfile.Close()
		c.wfile = nil
	}
	c.releaseRead()
}

// poke wakes a poll in progress.
func (c *Coproc) poke() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wake >= 0 {
		var one = [8]byte{1}
		unix.Write(c.wake, one[:])
	}
}

// watch arranges for ctx's end to wake polls; the returned function
// undoes it, waiting for a wake-up in progress.
func (c *Coproc) watch(ctx context.Context) (stop func()) {
	if ctx.Done() == nil {
		return func() {}
	}
	done := make(chan struct{})
	unregister := context.AfterFunc(ctx, func() {
		defer close(done)
		c.poke()
	})
	return func() {
		if !unregister() {
			<-done
		}
	}
}

// pending returns the output read and not consumed.
func (c *Coproc) pending() []byte { return c.buf[c.off:] }

func (c *Coproc) consume(n int) {
	c.off += n
	if c.off == len(c.buf) {
		c.buf, c.off = c.buf[:0], 0
	}
}

// readOnce is a poll-and-read step: it waits until the read side has
// output (or ctx is done, or CloseRead is called) and appends what it can
// read to c.buf. It returns io.EOF at end of file. If termFd is not
// negative, it also returns (with termReady set) when termFd is readable,
// and if writeFd is not negative, when writeFd is writable. readMu must
// be held.
func (c *Coproc) readOnce(ctx context.Context, termFd, writeFd int) (termReady, writeReady bool, err error) {
	if c.rclosed {
		return false, false, os.ErrClosed
	}
	if c.eof {
		return false, false, io.EOF
	}
	c.mu.Lock()
	rfd, wake := -1, c.wake
	if c.rfile != nil {
		rfd = int(c.rfile.Fd()) // already in blocking mode: Fd changes nothing
	}
	c.mu.Unlock()
	if rfd < 0 {
		return false, false, os.ErrClosed
	}
	fds := []unix.PollFd{
		{Fd: int32(rfd), Events: unix.POLLIN},
		{Fd: int32(wake), Events: unix.POLLIN},
		{Fd: int32(termFd), Events: unix.POLLIN},
		{Fd: int32(writeFd), Events: unix.POLLOUT},
	}
	for {
		if c.closing.Load() {
			return false, false, os.ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return false, false, err
		}
		for i := range fds {
			fds[i].Revents = 0
		}
		_, err := spinPoll(fds)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return false, false, os.NewSyscallError("poll", err)
		}
		if fds[1].Revents != 0 {
			var b [8]byte
			unix.Read(wake, b[:]) // drain; the loop rechecks why
			continue
		}
		termReady = fds[2].Revents != 0
		writeReady = fds[3].Revents != 0
		if fds[0].Revents == 0 {
			if termReady || writeReady {
				return termReady, writeReady, nil
			}
			continue
		}
		// Read no more than is there (TIOCINQ is FIONREAD, for pipes too), so that the read cannot block if
		// another process reading the same file took the bytes since poll.
		avail, err := unix.IoctlGetInt(rfd, unix.TIOCINQ)
		if err != nil {
			avail = 0
		}
		if avail == 0 && fds[0].Revents&(unix.POLLHUP|unix.POLLERR) == 0 {
			if termReady || writeReady {
				return termReady, writeReady, nil
			}
			continue
		}
		want := avail
		if want < 4096 {
			want = 4096 // at end of file avail is 0: read returns 0 or EIO at once
		}
		if want > 1<<20 {
			want = 1 << 20
		}
		if cap(c.buf)-len(c.buf) < want {
			if c.off > 0 && cap(c.buf)-len(c.buf)+c.off >= want && c.off >= len(c.buf)/2 {
				n := copy(c.buf, c.buf[c.off:])
				c.buf, c.off = c.buf[:n], 0
			} else {
				nb := make([]byte, len(c.buf)-c.off, 2*(len(c.buf)-c.off)+want)
				copy(nb, c.buf[c.off:])
				c.buf, c.off = nb, 0
			}
		}
		if avail > 0 && want > avail {
			want = avail
		}
		start := len(c.buf)
		n, err := unix.Read(rfd, c.buf[start:start+want])
		switch {
		case err == unix.EINTR || err == unix.EAGAIN:
			continue
		case err == unix.EIO && c.transport == PTY:
			// Linux: the slave side is closed and nothing is left.
			c.eof = true
			return termReady, writeReady, io.EOF
		case err != nil:
			return termReady, writeReady, os.NewSyscallError("read", err)
		case n == 0:
			c.eof = true
			return termReady, writeReady, io.EOF
		}
		c.buf = c.buf[:start+n]
		if c.transcript != nil {
			c.transcript.Write(c.buf[start : start+n])
		}
		return termReady, writeReady, nil
	}
}

// finishRead releases the read side once end of file is reached, or on a
// pty once the child has also been reaped: closing a pty master hangs the
// terminal up, which would send SIGHUP to a child that closed its
// terminal and has not exited yet (cat closes its stdio before exiting).
// readMu must be held and no watcher running.
func (c *Coproc) finishRead() {
	if !c.eof {
		return
	}
	c.mu.Lock()
	c.eofRd = true
	release := c.transport != PTY || c.reaped
	c.mu.Unlock()
	if release {
		c.releaseRead()
	}
}

// readError turns an error of readOnce into the error of op.
func (c *Coproc) readError(op string, ctx context.Context, err error) error {
	if err == io.EOF {
		return io.EOF
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == context.DeadlineExceeded {
		err = ErrTimeout
	}
	return c.errorf(op, err)
}

// Expect waits until the output not yet consumed matches one of patterns,
// consumes it through the end of the match and describes the match. The
// earliest match wins, whichever pattern it is, and of patterns that match
// at the same place the first given wins, as in expect(1). Patterns are
// matched against all the output buffered so far, so a match may span any
// number of reads; but it is found as soon as it is there, so a pattern
// such as `a+` may match fewer bytes than the child will write.
//
// When ctx's deadline passes first, Expect returns an error matching
// [ErrTimeout]; when ctx is cancelled, one matching [context.Canceled];
// when the output ends first, [io.EOF] itself. In those cases nothing is
// consumed and Match.Before holds the buffered output, with Index -1. A
// pattern that can match the empty string matches at once. Expect with no
// patterns, or a nil one, is an error.
func (c *Coproc) Expect(ctx context.Context, patterns ...*regexp.Regexp) (Match, error) {
	if len(patterns) == 0 {
		return Match{Index: -1}, c.errorf("expect", errors.New("no patterns"))
	}
	for _, re := range patterns {
		if re == nil {
			return Match{Index: -1}, c.errorf("expect", errors.New("nil pattern"))
		}
	}
	c.readMu.Lock()
	defer c.readMu.Unlock()
	stop := c.watch(ctx)
	var err error
	for {
		if i, sub := findMatch(c.pending(), patterns); i >= 0 {
			m := buildMatch(c.pending(), i, sub)
			c.consume(sub[1])
			stop()
			c.finishRead()
			return m, nil
		}
		if _, _, err = c.readOnce(ctx, -1, -1); err != nil {
			break
		}
	}
	stop()
	c.finishRead()
	return Match{Index: -1, Before: string(c.pending())}, c.readError("expect", ctx, err)
}

// Read reads output from the child into p: bytes already buffered first,
// then, if there are none, whatever one read brings. It blocks until there
// is output, and returns [io.EOF] once the output has ended and the buffer
// is empty. It makes a Coproc an [io.Reader].
func (c *Coproc) Read(p []byte) (int, error) {
	return c.ReadContext(context.Background(), p)
}

// ReadContext is [Coproc.Read] obeying ctx: when ctx is done before any
// output arrives, it returns 0 and an error as [Coproc.Expect] does.
func (c *Coproc) ReadContext(ctx context.Context, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c.readMu.Lock()
	defer c.readMu.Unlock()
	if len(c.pending()) == 0 {
		stop := c.watch(ctx)
		_, _, err := c.readOnce(ctx, -1, -1)
		stop()
		c.finishRead()
		if err != nil && len(c.pending()) == 0 {
			return 0, c.readError("read", ctx, err)
		}
	}
	n := copy(p, c.pending())
	c.consume(n)
	return n, nil
}

// Signal sends sig to the child (not to its process group). It fails with
// an error wrapping [os.ErrProcessDone] once the child has been waited
// for, and with one wrapping [ErrNoProcess] for a coprocess made by [Open].
func (c *Coproc) Signal(sig os.Signal) error {
	if c.cmd == nil {
		return c.errorf("signal", ErrNoProcess)
	}
	if err := c.cmd.Process.Signal(sig); err != nil {
		return c.errorf("signal", err)
	}
	return nil
}

// Resize sets the terminal's size; the kernel sends SIGWINCH to the
// terminal's foreground process group. It fails with an error matching
// [ErrNotTerminal] on pipes and [os.ErrClosed] once both sides are closed.
func (c *Coproc) Resize(rows, cols uint16) error {
	if c.transport != PTY {
		return c.errorf("resize", ErrNotTerminal)
	}
	if rows == 0 || cols == 0 {
		return c.errorf("resize", errors.New("terminal size must not be zero"))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.rfile
	if f == nil {
		f = c.wfile
	}
	if f == nil {
		return c.errorf("resize", os.ErrClosed)
	}
	ws := unix.Winsize{Row: rows, Col: cols}
	if err := unix.IoctlSetWinsize(int(f.Fd()), unix.TIOCSWINSZ, &ws); err != nil {
		return c.errorf("resize", os.NewSyscallError("tiocswinsz", err))
	}
	return nil
}

// Size returns the terminal's size. It fails as [Coproc.Resize] does.
func (c *Coproc) Size() (Winsize, error) {
	if c.transport != PTY {
		return Winsize{}, c.errorf("size", ErrNotTerminal)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.rfile
	if f == nil {
		f = c.wfile
	}
	if f == nil {
		return Winsize{}, c.errorf("size", os.ErrClosed)
	}
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil {
		return Winsize{}, c.errorf("size", os.NewSyscallError("tiocgwinsz", err))
	}
	return Winsize{Rows: ws.Row, Cols: ws.Col}, nil
}

// CopySize gives the coprocess's terminal the size of the terminal from,
// typically the user's, as a SIGWINCH handler does. It fails with an error
// matching [ErrNotTerminal] if from is not a terminal.
func (c *Coproc) CopySize(from *os.File) error {
	var ws *unix.Winsize
	err := withFd(from, func(fd int) (err error) {
		ws, err = unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
		return err
	})
	if err != nil {
		if err == unix.ENOTTY {
			err = ErrNotTerminal
		}
		return c.errorf("resize", err)
	}
	return c.Resize(ws.Row, ws.Col)
}

// Wait waits for the child to exit and returns its state, whatever its
// exit status; the error is for failures to wait. It does not close the
// read side, so the output stays readable, unless a read has already met
// end of file. Wait may be called more than
// once and from several goroutines: all get the same result. For a
// coprocess made by [Open] it fails at once with an error wrapping
// [ErrNoProcess]: the caller waits for its own child.
func (c *Coproc) Wait() (*os.ProcessState, error) {
	if c.cmd == nil {
		return nil, c.errorf("wait", ErrNoProcess)
	}
	c.waitOnce.Do(func() {
		// Learn that the child has exited without reaping it, so that the
		// context watcher never signals a process group whose id could
		// have been reused.
		for {
			var info unix.Siginfo
			err := unix.Waitid(unix.P_PID, c.pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
			if err != unix.EINTR {
				break
			}
		}
		c.mu.Lock()
		c.exited = true
		c.mu.Unlock()
		close(c.exitedCh)
		err := c.cmd.Wait()
		if !c.stopCancel() {
			<-c.cancelDone
		}
		c.mu.Lock()
		c.reaped = true
		release := c.eofRd
		c.mu.Unlock()
		if release {
			c.releaseRead()
		}
		c.state = c.cmd.ProcessState
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			c.waitErr = c.errorf("wait", err)
		}
	})
	return c.state, c.waitErr
}

// cancel runs when Start's context is done: it asks the child to exit,
// waits for KillDelay, then kills it.
func (c *Coproc) cancel() {
	defer close(c.cancelDone)
	if c.killDelay > 0 {
		if c.transport == PTY {
			c.signalGroup(unix.SIGHUP)
			c.signalGroup(unix.SIGCONT)
		} else {
			c.signalGroup(unix.SIGTERM)
		}
		t := time.NewTimer(c.killDelay)
		defer t.Stop()
		select {
		case <-c.exitedCh:
			return
		case <-t.C:
		}
	}
	c.signalGroup(unix.SIGKILL)
}

// signalGroup sends sig to the child's process group on a pty (the child
// leads it) and to the child alone on pipes, unless the child has exited.
func (c *Coproc) signalGroup(sig unix.Signal) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.exited {
		return
	}
	if c.transport == PTY {
		unix.Kill(-c.pid, sig)
	} else {
		c.cmd.Process.Signal(sig)
	}
}

// spinFor is how long a read polls without blocking before it sleeps in
// poll(2). A dialogue's answer usually comes within a pty or pipe round
// trip (tens of microseconds); waiting for it in a blocking poll costs the
// Go runtime a thread hand-off on each side, about as long again.
const spinFor = 50 * time.Microsecond

// spinPoll polls fds without blocking, yielding the processor between
// tries, for up to spinFor, then blocks.
func spinPoll(fds []unix.PollFd) (int, error) {
	deadline := time.Now().Add(spinFor)
	for {
		n, err := unix.Poll(fds, 0)
		if n != 0 || err != nil {
			return n, err
		}
		if time.Now().After(deadline) {
			return unix.Poll(fds, -1)
		}
		runtime.Gosched()
	}
}
