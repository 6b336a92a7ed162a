package ledger

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"time"
)

// Kind is the type of a recorded object. The zero Kind is invalid.
type Kind int

// The kinds of objects a ledger records.
const (
	FIFO       Kind = iota + 1 // a named pipe; Name is its path
	Socket                     // a Unix socket's path
	POSIXShm                   // a POSIX shared memory object; Name is "/name" (under /dev/shm)
	POSIXQueue                 // a POSIX message queue; Name is "/name"
	SysVShm                    // a System V shared memory segment; ID is its shmid
	SysVQueue                  // a System V message queue; ID is its msqid
	SysVSem                    // a System V semaphore set; ID is its semid
	Pidfile                    // a file holding a process id; Name is its path
	TempFile                   // a temporary file; Name is its path
	TempDir                    // a temporary directory, removed with all it holds
)

// kinds lists every valid Kind, in order.
func kinds() []Kind {
	return []Kind{FIFO, Socket, POSIXShm, POSIXQueue, SysVShm, SysVQueue, SysVSem, Pidfile, TempFile, TempDir}
}

// String returns the short name of k used in listings and in the ledger
// file: "fifo", "socket", "shm", "mq", "sysv-shm", "sysv-msg", "sysv-sem",
// "pidfile", "tempfile" or "tempdir"; an invalid Kind gives "kind(N)".
func (k Kind) String() string {
	switch k {
	case FIFO:
		return "fifo"
	case Socket:
		return "socket"
	case POSIXShm:
		return "shm"
	case POSIXQueue:
		return "mq"
	case SysVShm:
		return "sysv-shm"
	case SysVQueue:
		return "sysv-msg"
	case SysVSem:
		return "sysv-sem"
	case Pidfile:
		return "pidfile"
	case TempFile:
		return "tempfile"
	case TempDir:
		return "tempdir"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind returns the Kind whose [Kind.String] is s.
func ParseKind(s string) (Kind, error) {
	for _, k := range kinds() {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown object kind %q", s)
}

// MarshalText encodes k as its [Kind.String]; an invalid Kind is an error.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.valid() {
		return nil, fmt.Errorf("invalid object kind %d", int(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes a name made by [Kind.MarshalText].
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

func (k Kind) valid() bool { return k >= FIFO && k <= TempDir }

// SysV reports whether k is a System V object, named by an id.
func (k Kind) SysV() bool { return k == SysVShm || k == SysVQueue || k == SysVSem }

// posix reports whether k is named by "/name" rather than by a path.
func (k Kind) posix() bool { return k == POSIXShm || k == POSIXQueue }

// Handle identifies an object within one [Ledger]. Handles start at 1 and
// are never reused by the same Ledger; 0 is no handle.
type Handle uint64

// Object is the record of one IPC object.
//
// The caller fills Kind, Name or ID (and Keep, optionally) and passes it to
// [Ledger.Add], which fills the rest. The identity fields (Dev, Ino, Birth,
// Ctime, CreatorUID, and Key for System V objects) are what the object must
// still match to be removed.
type Object struct {
	Handle Handle `json:"handle"` // set by Add
	Kind   Kind   `json:"kind"`
	// Name is the path for FIFO, Socket, Pidfile, TempFile and TempDir
	// (made absolute by Add), "/name" for POSIXShm and POSIXQueue, and
	// empty for System V objects.
	Name string `json:"name,omitempty"`
	// ID is the id of a System V object (0 is a valid id), and -1 for the
	// other kinds (Add sets it).
	ID int `json:"id"`
	// Key is the key of a System V object as the kernel reports it (0 for
	// IPC_PRIVATE), set by Add; 0 for the other kinds.
	Key int `json:"key"`
	// Keep asks that the object survive Clean, Close and CleanStale.
	Keep bool `json:"keep,omitempty"`
	// Created is when the object was recorded; Add sets it when zero.
	Created time.Time `json:"created"`
	// Dev and Ino identify a path object, a POSIX shared memory object or
	// a POSIX queue. When the caller sets Ino (from fstat on the descriptor
	// it created), Add checks that the name still leads to that inode.
	Dev uint64 `json:"dev,omitempty"`
	Ino uint64 `json:"ino,omitempty"`
	// Birth is the birth time (nanoseconds since 1970) of a path object, set
	// by Add when the file system keeps one; it tells a new file that was
	// given the inode number of a removed one from the original.
	Birth int64 `json:"birth,omitempty"`
	// Ctime is the change time (Unix seconds) of a System V object at Add.
	// It is part of the identity of shared memory segments and message
	// queues, not of semaphore sets, whose ctime every SETVAL changes.
	Ctime int64 `json:"ctime,omitempty"`
	// CreatorUID is the creator uid of a System V object, set by Add.
	CreatorUID int `json:"cuid,omitempty"`
}

// String describes o as in messages: "fifo /tmp/f" or "sysv-msg 32768".
func (o Object) String() string {
	if o.Kind.SysV() {
		return o.Kind.String() + " " + strconv.Itoa(o.ID)
	}
	return o.Kind.String() + " " + o.Name
}

// State is what [Object.State] finds of an object now.
type State struct {
	// Exists reports whether the name or id leads to an object at all.
	Exists bool
	// Same reports whether that object is still the one recorded; an object
	// that is not the same is never removed.
	Same bool
	// Mode holds the permission bits (and, for paths, the type bits).
	Mode fs.FileMode
	// UID is the owner.
	UID int
	// Size is the size in bytes: of the file, of a shared memory object or
	// segment, or of the messages waiting in a System V queue; 0 for
	// semaphore sets and POSIX queues.
	Size int64
	// Count is the number of messages waiting in a queue, of semaphores in
	// a set, or of processes attached to a System V segment; 0 otherwise.
	Count int64
}

// String returns "present", "replaced" or "gone".
func (s State) String() string {
	switch {
	case !s.Exists:
		return "gone"
	case !s.Same:
		return "replaced"
	}
	return "present"
}

// Errors matched with [errors.Is].
var (
	// ErrReplaced means that the name or id of an object now leads to
	// another object, which the ledger does not touch.
	ErrReplaced = errors.New("replaced since it was recorded")
	// ErrNotFound means that a handle is not, or no longer, in the ledger.
	ErrNotFound = errors.New("not in the ledger")
	// ErrClosed means that the ledger was closed.
	ErrClosed = errors.New("ledger closed")
)

// Error records a failed operation. It prints as "op subject: cause", for
// example "remove fifo /tmp/f: replaced since it was recorded".
type Error struct {
	Op      string // "add", "keep", "forget", "remove", "stat", "write", "read", "check", "create", "clean"
	Subject string // the object (see [Object.String]), a handle or a file
	Err     error  // the cause
}

// Error returns "op subject: cause".
func (e *Error) Error() string {
	s := e.Op
	if e.Subject != "" {
		s += " " + e.Subject
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }
