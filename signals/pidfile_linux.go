package signals

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Pidfile is a pidfile this process owns: an open file holding an exclusive
// flock(2), with a pid written in it. The lock belongs to the open file
// description, so it lasts as long as any file descriptor refers to it: in
// this process until [Pidfile.Close] or [Pidfile.Remove], and in every child
// that inherited [Pidfile.File]. If a Pidfile becomes unreachable without
// being closed, the garbage collector closes its file and, unless a child
// shares it, the lock is released: keep it referenced for as long as the
// process should own the pidfile.
//
// Its methods are safe for concurrent use.
type Pidfile struct {
	mu   sync.Mutex
	path string
	f    *os.File // nil once closed
	pid  int
}

// Create makes path a live pidfile naming pid (which must be > 0) and
// returns it, locked.
//
// The file is opened with O_CREAT|O_NOFOLLOW|O_CLOEXEC|O_NONBLOCK and mode
// 0644 (less the umask): a symbolic link as the last component is refused
// ([ErrSymlink]), and so is anything that is not a regular file
// ([ErrNotRegular]) — O_NONBLOCK keeps a FIFO from blocking the open.
// Then Create takes the lock with LOCK_EX|LOCK_NB:
//
//   - if another open file holds it, the pidfile is live and Create fails
//     with a [*HeldError] naming the pid found in the file
//     (`create /run/x.pid: held by pid 1234`);
//   - otherwise the file is new or stale and this process takes it over: it
//     checks that path still names the file it locked (a previous owner may
//     have removed it meanwhile; then it starts again) and rewrites the pid.
//
// The lock alone decides between concurrent creators: exactly one wins, and
// a loser never truncates or unlinks the file.
func Create(path string, pid int) (*Pidfile, error) {
	if pid <= 0 {
		return nil, &Error{Op: "create", Subject: path, Err: ErrNoPID}
	}
	return create("create", path, pid)
}

// create locks path and writes pid into it, or empties it if pid is 0.
func create(op, path string, pid int) (*Pidfile, error) {
	f, err := lockPath(path)
	if err != nil {
		return nil, &Error{Op: op, Subject: path, Err: err}
	}
	p := &Pidfile{path: path, f: f}
	if err := p.write(pid); err != nil {
		f.Close()
		return nil, &Error{Op: op, Subject: path, Err: err}
	}
	return p, nil
}

// lockPath opens path as a pidfile and takes its exclusive lock.
func lockPath(path string) (*os.File, error) {
	for range 100 {
		f, err := openRegular(path, unix.O_RDWR|unix.O_CREAT)
		if err != nil {
			return nil, err
		}
		if err := lockExclusive(f); err != nil {
			if errors.Is(err, unix.EWOULDBLOCK) {
				pid, _ := readPID(f, true)
				err = &HeldError{PID: pid}
			}
			f.Close()
			return nil, err
		}
		same, err := names(path, f)
		if err != nil {
			f.Close()
			return nil, err
		}
		if same {
			return f, nil
		}
		// The previous owner removed or replaced the file between our
		// open and our lock: what we locked is no longer the pidfile.
		f.Close()
	}
	return nil, errors.New("pidfile keeps being replaced")
}

// openRegular opens path with O_NOFOLLOW|O_CLOEXEC|O_NONBLOCK and mode
// 0644, refuses anything but a regular file, and clears O_NONBLOCK.
func openRegular(path string, flags int) (*os.File, error) {
	fd, err := unix.Open(path, flags|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NONBLOCK|unix.O_NOCTTY, 0o644)
	if err != nil {
		switch err {
		case unix.ELOOP:
			if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return nil, ErrSymlink
			}
		case unix.ENXIO, unix.EISDIR:
			return nil, ErrNotRegular
		}
		return nil, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, ErrNotRegular
	}
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err == nil {
		_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl&^unix.O_NONBLOCK)
	}
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

// control runs fn on f's descriptor.
func control(f *os.File, fn func(fd int) error) error {
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

func flock(f *os.File, how int) error {
	return control(f, func(fd int) error {
		for {
			err := unix.Flock(fd, how)
			if err != unix.EINTR {
				return err
			}
		}
	})
}

// lockExclusive takes f's exclusive lock without blocking. Someone probing a
// pidfile with a brief shared lock ([Read]) makes LOCK_EX fail although no
// owner exists; lockExclusive tells that case apart (a shared lock can then
// be had) and retries for a while. It returns EWOULDBLOCK if the file has
// an exclusive holder, or keeps shared holders for about a second.
func lockExclusive(f *os.File) error {
	delay := 100 * time.Microsecond
	for attempt := 0; ; attempt++ {
		err := flock(f, unix.LOCK_EX|unix.LOCK_NB)
		if err != unix.EWOULDBLOCK {
			return err
		}
		if err := flock(f, unix.LOCK_SH|unix.LOCK_NB); err != nil {
			return err // EWOULDBLOCK: an exclusive holder, a live owner
		}
		if err := flock(f, unix.LOCK_UN); err != nil {
			return err
		}
		if attempt == 100 {
			return unix.EWOULDBLOCK
		}
		time.Sleep(delay)
		delay = min(2*delay, 20*time.Millisecond)
	}
}

// names reports whether path still names the file open as f.
func names(path string, f *os.File) (bool, error) {
	var st, fst unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		if err == unix.ENOENT {
			return false, nil
		}
		return false, err
	}
	if err := control(f, func(fd int) error { return unix.Fstat(fd, &fst) }); err != nil {
		return false, err
	}
	return st.Dev == fst.Dev && st.Ino == fst.Ino, nil
}

// readPID reads the pid at the start of f. With retry, an empty or partial
// file is read again for a little while: a new owner writes its pid just
// after taking the lock.
func readPID(f *os.File, retry bool) (int, error) {
	for attempt := 0; ; attempt++ {
		var buf [64]byte
		n, err := f.ReadAt(buf[:], 0)
		if err != nil && err != io.EOF {
			return 0, err
		}
		line, _, _ := strings.Cut(string(buf[:n]), "\n")
		pid, perr := strconv.Atoi(strings.TrimSpace(line))
		if perr == nil && pid > 0 {
			return pid, nil
		}
		if !retry || attempt == 50 {
			return 0, ErrNoPID
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// write rewrites the pid in the locked file. It writes first and then cuts
// the file to length, so a reader never sees it empty once a pid was
// written. pid 0 empties the file.
func (p *Pidfile) write(pid int) error {
	data := []byte(strconv.Itoa(pid) + "\n")
	if pid == 0 {
		data = nil
	}
	if len(data) > 0 {
		if _, err := p.f.WriteAt(data, 0); err != nil {
			return err
		}
	}
	if err := p.f.Truncate(int64(len(data))); err != nil {
		return err
	}
	p.pid = pid
	return nil
}

// Path returns the path the pidfile was created at.
func (p *Pidfile) Path() string { return p.path }

// PID returns the pid last written in the pidfile.
func (p *Pidfile) PID() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pid
}

// File returns the locked open file, or nil after [Pidfile.Close]. It stays
// owned by p: do not close it. It is close-on-exec; to make a child share
// the lock, pass it to the child explicitly (os/exec's Cmd.ExtraFiles,
// os.ProcAttr.Files), and the pidfile stays live for as long as the child
// keeps that descriptor open, even after p is closed. Then write the child's
// pid with [Pidfile.SetPID].
func (p *Pidfile) File() *os.File {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.f
}

// SetPID writes pid (> 0) in place of the current one.
func (p *Pidfile) SetPID(pid int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pid <= 0 {
		return &Error{Op: "set pid", Subject: p.path, Err: ErrNoPID}
	}
	if p.f == nil {
		return &Error{Op: "set pid", Subject: p.path, Err: os.ErrClosed}
	}
	if err := p.write(pid); err != nil {
		return &Error{Op: "set pid", Subject: p.path, Err: err}
	}
	return nil
}

// Close closes this process's descriptor and leaves the file in place. The
// lock is released unless a child still shares the open file (see
// [Pidfile.File]); the pidfile is then stale, and the next [Create] takes
// it over. Closing twice returns an error wrapping os.ErrClosed.
func (p *Pidfile) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil {
		return &Error{Op: "close", Subject: p.path, Err: os.ErrClosed}
	}
	err := p.f.Close()
	p.f = nil
	if err != nil {
		return &Error{Op: "close", Subject: p.path, Err: err}
	}
	return nil
}

// Remove unlinks the pidfile, while still holding its lock, and then closes
// it as [Pidfile.Close] does. If the path no longer names this pidfile's
// file (someone removed or replaced it), it is left alone.
func (p *Pidfile) Remove() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil {
		return &Error{Op: "remove", Subject: p.path, Err: os.ErrClosed}
	}
	same, err := names(p.path, p.f)
	if err == nil && same {
		if err = unix.Unlink(p.path); err == unix.ENOENT {
			err = nil
		}
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	p.f = nil
	if err != nil {
		return &Error{Op: "remove", Subject: p.path, Err: err}
	}
	return nil
}

// Read reads the pidfile at path without taking it: pid is the pid written
// in it, and live tells whether its lock is held. A symlink or non-regular
// path is refused as by [Create]. A file without a valid pid gives
// [ErrNoPID] (with live still set); a missing file gives an error matching
// fs.ErrNotExist.
//
// Read probes the lock with a brief LOCK_SH|LOCK_NB; [Create] tells such a
// probe from a live owner.
func Read(path string) (pid int, live bool, err error) {
	f, err := openRegular(path, unix.O_RDONLY)
	if err != nil {
		return 0, false, &Error{Op: "read", Subject: path, Err: err}
	}
	defer f.Close()
	switch err := flock(f, unix.LOCK_SH|unix.LOCK_NB); err {
	case nil:
		live = false
	case unix.EWOULDBLOCK:
		live = true
	default:
		return 0, false, &Error{Op: "read", Subject: path, Err: err}
	}
	pid, err = readPID(f, live)
	if err != nil {
		return 0, live, &Error{Op: "read", Subject: path, Err: err}
	}
	return pid, live, nil
}

// Check returns the pid of the live pidfile at path. A stale one gives
// [ErrNotLive]; other errors are as for [Read].
func Check(path string) (int, error) {
	pid, live, err := Read(path)
	if err != nil {
		return 0, err
	}
	if !live {
		return 0, &Error{Op: "check", Subject: path, Err: ErrNotLive}
	}
	return pid, nil
}

// Signal sends sig to the owner named by the live pidfile at path. A stale
// pidfile gives [ErrNotLive] and no signal is sent. To avoid signalling a
// recycled pid, Signal opens a pidfd for the pid, checks that the pidfile is
// still live and names the same pid, and signals through the pidfd. Sig 0
// only checks that the owner exists.
func Signal(path string, sig syscall.Signal) error {
	fail := func(err error) error { return &Error{Op: "signal", Subject: path, Err: err} }
	pid, err := Check(path)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return fail(e.Err)
		}
		return fail(err)
	}
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err == unix.ENOSYS {
		if err := unix.Kill(pid, sig); err != nil {
			return fail(err)
		}
		return nil
	}
	if err != nil {
		return fail(err)
	}
	defer unix.Close(pidfd)
	if again, err := Check(path); err != nil || again != pid {
		return fail(ErrNotLive)
	}
	if err := unix.PidfdSendSignal(pidfd, sig, nil, 0); err != nil {
		return fail(err)
	}
	return nil
}
