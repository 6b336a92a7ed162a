package shm

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// Error records a failed operation on an IPC object. It prints as
// "op subject: cause", for example "msg send id 3: no such id".
// Use [errors.Is] with the sentinel errors of this package, with
// [fs.ErrNotExist], [fs.ErrPermission], [fs.ErrExist] or with a
// [unix.Errno] to classify it.
type Error struct {
	Op      string // the operation, such as "shm create" or "sem op"
	Subject string // the object: a name ("/x"), "id 3" or "key 0x1234abcd"
	Err     error  // the cause
}

// Error returns "op subject: cause", or "op: cause" without a subject.
func (e *Error) Error() string {
	if e.Subject == "" {
		return e.Op + ": " + e.Err.Error()
	}
	return e.Op + " " + e.Subject + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Sentinel errors. They are wrapped in an [*Error] and match with [errors.Is].
var (
	// ErrInvalidName reports a POSIX IPC name that is not "/" followed by
	// 1..255 bytes without another '/', or that is "/." or "/..".
	ErrInvalidName = errors.New("invalid name (want /name: one leading slash, no other slash, not . or ..)")
	// ErrNoID reports an id that names no existing object (the kernel's
	// EINVAL or EIDRM on an id). It matches [fs.ErrNotExist] too.
	ErrNoID = errors.New("no such id")
	// ErrBadSemNum reports a semaphore number outside the set.
	ErrBadSemNum = errors.New("semaphore number out of range")
	// ErrNoMessage reports that a non-blocking receive found no message
	// of the requested type (ENOMSG, or EAGAIN for POSIX queues).
	ErrNoMessage = errors.New("no message")
	// ErrWouldBlock reports that a non-blocking operation would have had
	// to wait (a full queue, a semaphore not available).
	ErrWouldBlock = errors.New("operation would block")
	// ErrTimeout reports that a timeout expired. It matches
	// [os.ErrDeadlineExceeded] too.
	ErrTimeout = errors.New("timed out")
	// ErrClosed reports use of a closed object.
	ErrClosed = errors.New("use of closed object")
	// ErrBadArg reports an invalid argument such as a negative size or a
	// message type < 1.
	ErrBadArg = errors.New("invalid argument")
	// ErrRing reports a shared object that is not a valid ring buffer
	// (bad magic number, version or size) or a ring role already taken.
	ErrRing = errors.New("not a usable ring buffer")
	// ErrPeerGone reports that the other side of a ring died without
	// closing it.
	ErrPeerGone = errors.New("peer process exited without closing")
)

// LimitError reports a size or count over a kernel limit, naming both,
// for example "message of 9000 bytes exceeds msgmax (8192 bytes)".
// It matches [ErrBadArg] with [errors.Is].
type LimitError struct {
	What  string // "message", "segment size", "semaphores per set", "semaphore value"...
	Size  int64  // the requested size or count
	Limit int64  // the limit in force; -1 if unknown
	Name  string // the limit's name, such as "msgmax" or "/proc/sys/kernel/sem semmsl"
	Unit  string // "bytes", or "" for a count
}

// Error names the request, the limit and their sizes.
func (e *LimitError) Error() string {
	unit := ""
	if e.Unit != "" {
		unit = " " + e.Unit
	}
	if e.Limit < 0 {
		return fmt.Sprintf("%s of %d%s exceeds %s", e.What, e.Size, unit, e.Name)
	}
	return fmt.Sprintf("%s of %d%s exceeds %s (%d%s)", e.What, e.Size, unit, e.Name, e.Limit, unit)
}

// Is reports whether target is [ErrBadArg].
func (e *LimitError) Is(target error) bool { return target == ErrBadArg }

// causeError pairs a sentinel with the errno that produced it, so that
// both match with errors.Is while the text stays the sentinel's.
type causeError struct {
	sentinel error
	errno    unix.Errno
}

func (e *causeError) Error() string {
	if e.errno == 0 {
		return e.sentinel.Error()
	}
	return e.sentinel.Error() + " (" + errnoName(e.errno) + ")"
}

func (e *causeError) Unwrap() []error {
	if e.errno == 0 {
		return []error{e.sentinel}
	}
	return []error{e.sentinel, e.errno}
}

func (e *causeError) Is(target error) bool {
	switch e.sentinel {
	case ErrNoID:
		return target == fs.ErrNotExist
	case ErrTimeout:
		return target == os.ErrDeadlineExceeded
	}
	return false
}

func errnoName(e unix.Errno) string {
	if n := unix.ErrnoName(e); n != "" {
		return n
	}
	return "errno " + strconv.Itoa(int(e))
}

func cause(sentinel error, errno unix.Errno) error {
	return &causeError{sentinel: sentinel, errno: errno}
}

func idSubject(id int) string { return "id " + strconv.Itoa(id) }

// idErr builds the error of an operation on a SysV id, turning EINVAL and
// EIDRM into ErrNoID.
func idErr(op string, id int, err error) error {
	if err == nil {
		return nil
	}
	if errno, ok := err.(unix.Errno); ok && (errno == unix.EINVAL || errno == unix.EIDRM) {
		err = cause(ErrNoID, errno)
	}
	return &Error{Op: op, Subject: idSubject(id), Err: err}
}
