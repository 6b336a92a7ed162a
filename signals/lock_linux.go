package signals

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// LockType says which lock [Flock] and [LockRange] take or drop.
type LockType int

const (
	// Shared is a read lock (flock -s, F_RDLCK): many holders at once.
	Shared LockType = iota + 1
	// Exclusive is a write lock (flock -x, F_WRLCK): one holder.
	Exclusive
	// Unlock drops the lock (flock -u, F_UNLCK).
	Unlock
)

// String returns "shared", "exclusive" or "unlock".
func (t LockType) String() string {
	switch t {
	case Shared:
		return "shared"
	case Exclusive:
		return "exclusive"
	case Unlock:
		return "unlock"
	}
	return "LockType(" + strconv.Itoa(int(t)) + ")"
}

// OpenLockFile opens path for locking the way util-linux flock(1) does:
// read-only (read-write if write is set, which fcntl write locks need),
// with O_CREAT and mode 0666 less the umask, and read-only without O_CREAT
// if path is a directory. The file is close-on-exec; the caller closes it,
// which drops every lock taken through it.
func OpenLockFile(path string, write bool) (*os.File, error) {
	flags := unix.O_RDONLY
	if write {
		flags = unix.O_RDWR
	}
	fd, err := unix.Open(path, flags|unix.O_NOCTTY|unix.O_CREAT|unix.O_CLOEXEC, 0o666)
	if err == unix.EISDIR {
		fd, err = unix.Open(path, unix.O_RDONLY|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, &Error{Op: "open lock file", Subject: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}

// Flock takes or drops a whole-file flock(2) lock on f, as flock(1) does.
// The lock belongs to f's open file description: every descriptor dup'd
// from it or inherited by a child shares it, and it is dropped by Unlock or
// when the last of them is closed. Taking a lock of the other type converts
// the one held (not atomically, as flock(2) says).
//
// With wait false, Flock fails at once with [ErrWouldBlock] if the lock is
// held elsewhere (flock -n). With wait true it waits until the lock is free
// or ctx is done, and then returns an [*Error] wrapping ctx.Err() (flock -w).
// A blocked flock(2) cannot be interrupted by a context, so when ctx can be
// cancelled Flock polls with LOCK_NB, backing off from 1 ms to 25 ms; it
// starts no goroutine. When ctx can never be done (context.Background) it
// makes one blocking call.
func Flock(ctx context.Context, f *os.File, how LockType, wait bool) error {
	var op int
	switch how {
	case Shared:
		op = unix.LOCK_SH
	case Exclusive:
		op = unix.LOCK_EX
	case Unlock:
		op = unix.LOCK_UN
	default:
		return &Error{Op: "lock", Subject: f.Name(), Err: fmt.Errorf("bad lock type %d", int(how))}
	}
	name := "lock"
	if how == Unlock {
		name = "unlock"
	}
	try := func(block bool) error {
		if block || how == Unlock {
			return flock(f, op)
		}
		return flock(f, op|unix.LOCK_NB)
	}
	return retryLock(ctx, name, f.Name(), how, wait, try)
}

// LockRange takes or drops an open-file-description byte-range lock
// (fcntl F_OFD_SETLK / F_OFD_SETLKW) on length bytes of f from offset;
// length 0 means up to the end of the file, however far it grows. Like
// flock locks, and unlike classic POSIX record locks, the lock belongs to
// f's open file description, not to the process: closing another
// descriptor of the same file does not drop it, and a child that inherits f
// shares it. Shared needs f open for reading, Exclusive for writing.
// These locks are independent of [Flock] locks on the same file.
//
// wait and ctx behave as for [Flock]; a lock that cannot be had without
// waiting gives [ErrWouldBlock].
func LockRange(ctx context.Context, f *os.File, offset, length int64, how LockType, wait bool) error {
	subject := f.Name() + " " + strconv.FormatInt(offset, 10) + ":" + strconv.FormatInt(length, 10)
	lk := unix.Flock_t{Whence: 0, Start: offset, Len: length}
	switch how {
	case Shared:
		lk.Type = unix.F_RDLCK
	case Exclusive:
		lk.Type = unix.F_WRLCK
	case Unlock:
		lk.Type = unix.F_UNLCK
	default:
		return &Error{Op: "lock range", Subject: subject, Err: fmt.Errorf("bad lock type %d", int(how))}
	}
	if offset < 0 || length < 0 {
		return &Error{Op: "lock range", Subject: subject, Err: unix.EINVAL}
	}
	name := "lock range"
	if how == Unlock {
		name = "unlock range"
	}
	try := func(block bool) error {
		cmd := unix.F_OFD_SETLK
		if block {
			cmd = unix.F_OFD_SETLKW
		}
		return control(f, func(fd int) error {
			for {
				l := lk
				err := unix.FcntlFlock(uintptr(fd), cmd, &l)
				switch err {
				case unix.EINTR:
					continue
				case unix.EACCES, unix.EAGAIN:
					return unix.EWOULDBLOCK
				}
				return err
			}
		})
	}
	return retryLock(ctx, name, subject, how, wait, try)
}

// retryLock runs try once, blocking, or polls it until ctx is done.
func retryLock(ctx context.Context, op, subject string, how LockType, wait bool, try func(block bool) error) error {
	fail := func(err error) error {
		if err == unix.EWOULDBLOCK {
			err = ErrWouldBlock
		}
		return &Error{Op: op, Subject: subject, Err: err}
	}
	if how == Unlock || !wait {
		if err := try(false); err != nil {
			return fail(err)
		}
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if ctx.Done() == nil {
		if err := try(true); err != nil {
			return fail(err)
		}
		return nil
	}
	delay := time.Millisecond
	var timer *time.Timer
	for {
		err := try(false)
		if err != unix.EWOULDBLOCK {
			if timer != nil {
				timer.Stop()
			}
			if err != nil {
				return fail(err)
			}
			return nil
		}
		if timer == nil {
			timer = time.NewTimer(delay)
		} else {
			timer.Reset(delay)
		}
		select {
		case <-ctx.Done():
			timer.Stop()
			return fail(ctx.Err())
		case <-timer.C:
		}
		delay = min(2*delay, 25*time.Millisecond)
	}
}
