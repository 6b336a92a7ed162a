//go:build linux

package fifo

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// maxBackoff bounds the wait between two probes of [Open] for a reader.
const maxBackoff = 50 * time.Millisecond

// Create makes a FIFO at path, like mkfifo(1).
//
// The FIFO gets exactly the permission bits of mode, whatever the process
// umask, as `mkfifo -m MODE` does; a mode of 0 means [DefaultMode] (0600).
// mode may hold the permission, setuid, setgid and sticky bits and nothing
// else. A FIFO with no permission bits at all is made by changing its mode
// afterwards.
//
// Create never replaces anything. When path exists the error matches
// [fs.ErrExist] (it says "file exists", like mkfifo(1)); when what exists is
// not a FIFO (a symbolic link counts as not a FIFO, even one to a FIFO) the
// error also matches [ErrNotFIFO] and names what was found, so a caller can
// tell the two cases apart. Errors are of type *[Error] with Op "mkfifo".
func Create(path string, mode fs.FileMode) error {
	if mode&^permBits != 0 {
		return &Error{Op: "mkfifo", Path: path, Err: fmt.Errorf("invalid mode %v: only permission, setuid, setgid and sticky bits are allowed", mode)}
	}
	if mode == 0 {
		mode = DefaultMode
	}
	m := unixMode(mode)
	if err := unix.Mkfifo(path, m); err != nil {
		if err == unix.EEXIST {
			return &Error{Op: "mkfifo", Path: path, Err: existing(path)}
		}
		return &Error{Op: "mkfifo", Path: path, Err: err}
	}
	if err := setMode(path, m); err != nil {
		return &Error{Op: "mkfifo", Path: path, Err: err}
	}
	return nil
}

// existing describes what mkfifo found at path after EEXIST.
func existing(path string) error {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode().Type() == fs.ModeNamedPipe {
		return unix.EEXIST
	}
	return &notFIFOError{kind: kindName(fi.Mode()), exists: true}
}

// unixMode converts permission, setuid, setgid and sticky bits to mode_t.
func unixMode(mode fs.FileMode) uint32 {
	m := uint32(mode.Perm())
	if mode&fs.ModeSetuid != 0 {
		m |= unix.S_ISUID
	}
	if mode&fs.ModeSetgid != 0 {
		m |= unix.S_ISGID
	}
	if mode&fs.ModeSticky != 0 {
		m |= unix.S_ISVTX
	}
	return m
}

// setMode gives the FIFO just made at path the mode m, undoing the umask.
// It works through an O_PATH descriptor so that a path swapped after mkfifo
// is never changed. If it fails, it removes the FIFO it made.
func setMode(path string, m uint32) (err error) {
	pfd, err := unix.Open(path, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(pfd)
	var st unix.Stat_t
	if err := unix.Fstat(pfd, &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFIFO {
		return &notFIFOError{kind: kindName(statMode(&st))}
	}
	defer func() {
		if err != nil {
			var now unix.Stat_t
			if unix.Lstat(path, &now) == nil && now.Dev == st.Dev && now.Ino == st.Ino {
				unix.Unlink(path)
			}
		}
	}()
	if st.Mode&07777 == m {
		return nil
	}
	err = unix.Chmod(procPath(pfd), m)
	if err == unix.ENOENT { // no /proc: fall back to the path, checked again
		var now unix.Stat_t
		if err = unix.Lstat(path, &now); err != nil {
			return err
		}
		if now.Dev != st.Dev || now.Ino != st.Ino {
			return fmt.Errorf("replaced while its mode was being set")
		}
		err = unix.Chmod(path, m)
	}
	return err
}

// procPath names the magic link that reopens descriptor fd.
func procPath(fd int) string { return "/proc/self/fd/" + strconv.Itoa(fd) }

// statMode converts the type bits of st to a [fs.FileMode] for messages.
func statMode(st *unix.Stat_t) fs.FileMode {
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
		return 0
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	}
	return fs.ModeIrregular
}

// Open opens the FIFO at path for reading (flag [os.O_RDONLY]), writing
// ([os.O_WRONLY]) or both ([os.O_RDWR]) and returns it in blocking mode,
// close-on-exec, ready to be read and written in Go or passed to a child
// process as one of its files. Being in blocking mode, the file is not on
// Go's network poller: its reads and writes hold a thread while they wait,
// and it has no deadlines. flag may also hold O_CLOEXEC, which changes
// nothing; any other bit is an error.
//
// A plain open(2) of a FIFO blocks until the other side opens it. Open
// waits too, but the wait obeys ctx: when ctx is done first, Open releases
// everything it opened and returns an *[Error] wrapping ctx.Err(), such as
// [context.DeadlineExceeded]. The rendezvous works the same when the peer is
// another process doing a plain blocking open. Exactly:
//
//   - O_WRONLY: a non-blocking open fails with ENXIO as long as no reader
//     has the FIFO open; Open retries it with a backoff from 1ms to 50ms
//     (the sleep itself ends at once when ctx is done) and returns as soon
//     as a probe succeeds.
//   - O_RDONLY: Open returns when a writer opens the FIFO, as open(2)
//     does. It waits in a plain blocking open(2) on a thread of its own; to
//     end that wait when ctx is done, it opens the FIFO for writing itself,
//     for an instant, which makes the blocked open return, and closes both.
//     That instant writer also releases other processes blocked opening the
//     same FIFO for reading: they read end of file unless a real writer
//     comes. This needs /proc and permission to open the FIFO for writing.
//     Without them Open holds a non-blocking read end instead (which lets a
//     writer's blocking open return) and waits in poll(2) until the FIFO has
//     data, or until a writer has come and closed it again, so it returns at
//     the first write rather than at the writer's open. (Returning before
//     that would be wrong: a read from a FIFO that no writer has opened yet
//     ends at once with end of file.)
//   - O_RDWR: on Linux this never waits; Open returns at once.
//
// Open refuses a symbolic link as the last component of path and anything
// that is not a FIFO (the error matches [ErrNotFIFO]); the check is made on
// the object actually opened, not on the name. A ctx that is already done
// makes Open fail without touching path. Errors are of type *[Error] with
// Op "open".
func Open(ctx context.Context, path string, flag int) (*os.File, error) {
	f, err := open(ctx, path, flag)
	if err != nil {
		return nil, &Error{Op: "open", Path: path, Err: err}
	}
	return f, nil
}

func open(ctx context.Context, path string, flag int) (_ *os.File, err error) {
	acc := flag & unix.O_ACCMODE
	if flag&^(unix.O_ACCMODE|unix.O_CLOEXEC) != 0 || acc == unix.O_ACCMODE {
		return nil, fmt.Errorf("invalid flag %#x: want O_RDONLY, O_WRONLY or O_RDWR", flag)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pfd, err := unix.Open(path, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(pfd)
	var st unix.Stat_t
	if err := unix.Fstat(pfd, &st); err != nil {
		return nil, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFIFO {
		return nil, &notFIFOError{kind: kindName(statMode(&st))}
	}

	if acc == unix.O_RDONLY && unix.Faccessat(unix.AT_FDCWD, procPath(pfd), unix.W_OK, unix.AT_EACCESS) == nil {
		fd, err := openReader(ctx, pfd)
		if err != nil {
			return nil, err
		}
		return os.NewFile(uintptr(fd), path), nil
	}

	w, err := newWaiter(ctx)
	if err != nil {
		return nil, err
	}
	defer w.close()

	fd := -1
	defer func() {
		if err != nil && fd >= 0 {
			unix.Close(fd)
		}
	}()
	for backoff := time.Millisecond; ; backoff = min(2*backoff, maxBackoff) {
		fd, err = reopen(pfd, path, &st, acc|unix.O_NONBLOCK|unix.O_CLOEXEC)
		if err == nil {
			break
		}
		if acc != unix.O_WRONLY || (err != unix.ENXIO && err != unix.EINTR) {
			return nil, err
		}
		if done, err := w.wait(-1, backoff); done || err != nil {
			return nil, cmp.Or(err, ctx.Err())
		}
	}
	if acc == unix.O_RDONLY {
		if done, err := w.wait(fd, -1); done || err != nil {
			return nil, cmp.Or(err, ctx.Err())
		}
	}
	if err = unix.SetNonblock(fd, false); err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

// openReader opens the FIFO held by the O_PATH descriptor pfd for reading
// with a blocking open(2) in a goroutine, and when ctx ends first, releases
// that open by opening the FIFO for writing. It returns only once the
// goroutine has returned.
func openReader(ctx context.Context, pfd int) (int, error) {
	gfd, err := unix.FcntlInt(uintptr(pfd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	type result struct {
		fd  int
		err error
	}
	ch := make(chan result, 1)
	go func() {
		fd, err := unix.Open(procPath(gfd), unix.O_RDONLY|unix.O_CLOEXEC, 0)
		for err == unix.EINTR {
			fd, err = unix.Open(procPath(gfd), unix.O_RDONLY|unix.O_CLOEXEC, 0)
		}
		unix.Close(gfd)
		ch <- result{fd, err}
	}()
	select {
	case r := <-ch:
		return r.fd, r.err
	case <-ctx.Done():
	}
	select { // a writer that came at the same moment wins
	case r := <-ch:
		return r.fd, r.err
	default:
	}
	discard := func(r result) (int, error) {
		if r.err == nil {
			unix.Close(r.fd)
		}
		return -1, ctx.Err()
	}
	t := time.NewTimer(0)
	defer t.Stop()
	for backoff := time.Millisecond; ; backoff = min(2*backoff, maxBackoff) {
		// ENXIO: the goroutine has not entered open(2) yet (or has left it).
		wfd, err := unix.Open(procPath(pfd), unix.O_WRONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
		if err == nil {
			r := <-ch
			unix.Close(wfd)
			return discard(r)
		}
		t.Reset(backoff)
		select {
		case r := <-ch:
			return discard(r)
		case <-t.C:
		}
	}
}

// reopen opens the FIFO held by the O_PATH descriptor pfd with flags.
// Without /proc it opens path again and checks that it is the same FIFO.
func reopen(pfd int, path string, st *unix.Stat_t, flags int) (int, error) {
	fd, err := unix.Open(procPath(pfd), flags, 0)
	if err != unix.ENOENT {
		return fd, err
	}
	fd, err = unix.Open(path, flags|unix.O_NOFOLLOW, 0)
	if err != nil {
		return -1, err
	}
	var now unix.Stat_t
	if err := unix.Fstat(fd, &now); err != nil {
		unix.Close(fd)
		return -1, err
	}
	if now.Dev != st.Dev || now.Ino != st.Ino {
		unix.Close(fd)
		return -1, fmt.Errorf("replaced while it was being opened")
	}
	return fd, nil
}

// waiter turns the end of a context into a readable eventfd, so that
// poll(2) can wait for a FIFO and for the context at once.
type waiter struct {
	efd   int
	stop  func() bool
	fired chan struct{}
}

func newWaiter(ctx context.Context) (*waiter, error) {
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return nil, err
	}
	w := &waiter{efd: efd, fired: make(chan struct{})}
	w.stop = context.AfterFunc(ctx, func() {
		defer close(w.fired)
		var b [8]byte
		binary.NativeEndian.PutUint64(b[:], 1)
		unix.Write(efd, b[:])
	})
	return w, nil
}

// close stops watching the context, waiting for a notification already
// under way, and closes the eventfd.
func (w *waiter) close() {
	if !w.stop() {
		<-w.fired
	}
	unix.Close(w.efd)
}

// wait blocks until fd (if >= 0) is readable or hung up, until timeout
// passes (if >= 0) or until the context is done. It reports whether the
// context is done.
func (w *waiter) wait(fd int, timeout time.Duration) (bool, error) {
	fds := []unix.PollFd{{Fd: int32(w.efd), Events: unix.POLLIN}}
	if fd >= 0 {
		fds = append(fds, unix.PollFd{Fd: int32(fd), Events: unix.POLLIN})
	}
	ms := -1
	if timeout >= 0 {
		ms = int(timeout / time.Millisecond)
	}
	for {
		n, err := unix.Poll(fds, ms)
		if err == unix.EINTR {
			if timeout >= 0 {
				return false, nil // an early wake-up; the caller probes again
			}
			continue
		}
		if err != nil {
			return false, err
		}
		if fds[0].Revents != 0 {
			return true, nil
		}
		if n != 0 || timeout >= 0 {
			return false, nil
		}
	}
}
