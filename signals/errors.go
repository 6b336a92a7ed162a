package signals

import (
	"errors"
	"strconv"
)

// Error is the error type returned by this package. It prints as
// "op subject: cause", for example
// `create /run/x.pid: held by pid 1234` or
// `parse signal "FOO": invalid signal specification`.
type Error struct {
	// Op is the operation that failed: "parse signal", "create", "lock", …
	Op string
	// Subject names the object: a path, a pid, a quoted signal spec. It may
	// be empty.
	Subject string
	// Err is the cause; it is never nil.
	Err error
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Subject == "" {
		return e.Op + ": " + e.Err.Error()
	}
	return e.Op + " " + e.Subject + ": " + e.Err.Error()
}

// Unwrap returns the cause, so errors.Is and errors.As see through it.
func (e *Error) Unwrap() error { return e.Err }

// Causes found inside an [*Error]; test for them with errors.Is.
var (
	// ErrInvalidSignal: a signal name or number that bash would reject.
	ErrInvalidSignal = errors.New("invalid signal specification")
	// ErrWouldBlock: a lock is held elsewhere and the caller asked not to
	// wait. A [*HeldError] matches it too.
	ErrWouldBlock = errors.New("already locked")
	// ErrNotLive: a pidfile whose lock nobody holds (stale).
	ErrNotLive = errors.New("no live owner")
	// ErrNoPID: a pidfile that does not hold a valid pid.
	ErrNoPID = errors.New("no valid pid in file")
	// ErrSymlink: a path that must not be a symbolic link is one.
	ErrSymlink = errors.New("is a symbolic link")
	// ErrNotRegular: a path that must be a regular file is a FIFO, a
	// socket, a device or a directory.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTemplate: a [MkTemp] template that is not usable.
	ErrTemplate = errors.New("invalid template")
)

// HeldError reports that a pidfile is live: another open file holds its
// lock. It matches [ErrWouldBlock] with errors.Is.
type HeldError struct {
	// PID is the pid written in the pidfile, or 0 if it could not be read.
	PID int
}

// Error returns "held by pid N", or "held by another process" when the pid
// is unknown.
func (e *HeldError) Error() string {
	if e.PID <= 0 {
		return "held by another process"
	}
	return "held by pid " + strconv.Itoa(e.PID)
}

// Is reports whether target is [ErrWouldBlock].
func (e *HeldError) Is(target error) bool { return target == ErrWouldBlock }
