package fifo

import (
	"errors"
	"io/fs"
)

// ErrNotFIFO is matched (with [errors.Is]) by the errors of [Create] and
// [Open] when the path names something that is not a FIFO: a regular file,
// a directory, a symbolic link, a socket or a device.
var ErrNotFIFO = errors.New("not a fifo")

// Error records a failed operation on a FIFO. It prints as
// "op path: cause", for example "open /tmp/f: context deadline exceeded".
type Error struct {
	Op   string // "mkfifo" or "open"
	Path string // the path as the caller gave it
	Err  error  // the cause; see [Error.Unwrap]
}

// Error returns "op path: cause".
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Op + " " + e.Path
	}
	return e.Op + " " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the cause, so that [errors.Is] sees through an *Error to
// [ErrNotFIFO], [fs.ErrExist], [context.DeadlineExceeded], syscall errnos…
func (e *Error) Unwrap() error { return e.Err }

// notFIFOError says what was found where a FIFO was expected.
type notFIFOError struct {
	kind   string // "regular file", "symbolic link", …
	exists bool   // found by mkfifo: the path exists
}

func (e *notFIFOError) Error() string {
	if e.exists {
		return "file exists and is not a fifo (" + e.kind + ")"
	}
	return "not a fifo (" + e.kind + ")"
}

// Is makes an existing non-FIFO match both [ErrNotFIFO] and [fs.ErrExist].
func (e *notFIFOError) Is(target error) bool {
	return target == ErrNotFIFO || (e.exists && target == fs.ErrExist)
}

// kindName names the type bits of a [fs.FileMode] for messages.
func kindName(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "regular file"
	case m&fs.ModeDir != 0:
		return "directory"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "block device"
	case m&fs.ModeNamedPipe != 0:
		return "fifo"
	}
	return "unknown file type"
}

// permBits are the mode bits [Create] accepts.
const permBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// DefaultMode is the mode [Create] gives a FIFO when it is passed 0.
const DefaultMode fs.FileMode = 0o600
