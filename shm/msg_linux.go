package shm

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Queue is the id of a System V message queue (a msqid). Any int can be
// converted to a Queue; operations on an id that names no queue fail
// with an error matching [ErrNoID].
type Queue int

// Message flags of msgrcv(2).
const (
	msgNoError = 0o10000
	msgExcept  = 0o20000
)

func msgctl(id, cmd int, buf unsafe.Pointer) error {
	if _, _, e := unix.Syscall(unix.SYS_MSGCTL, uintptr(id), uintptr(cmd), uintptr(buf)); e != 0 {
		return e
	}
	return nil
}

// CreateQueue creates a new message queue with permission bits mode
// (IPC_CREAT|IPC_EXCL). With key [Private] the queue has no key. An
// existing key fails with an error matching [fs.ErrExist].
func CreateQueue(key Key, mode os.FileMode) (Queue, error) {
	r, _, e := unix.Syscall(unix.SYS_MSGGET, uintptr(key), uintptr(unix.IPC_CREAT|unix.IPC_EXCL|modeFlags(mode)), 0)
	if e != 0 {
		return -1, &Error{Op: "msg create", Subject: keySubject(key), Err: e}
	}
	return Queue(r), nil
}

// GetQueue returns the id of the existing queue with key. A key with no
// queue fails with an error matching [fs.ErrNotExist].
func GetQueue(key Key) (Queue, error) {
	if key == Private {
		return -1, &Error{Op: "msg get", Subject: keySubject(key), Err: ErrBadArg}
	}
	r, _, e := unix.Syscall(unix.SYS_MSGGET, uintptr(key), 0, 0)
	if e != 0 {
		return -1, &Error{Op: "msg get", Subject: keySubject(key), Err: e}
	}
	return Queue(r), nil
}

// Send puts a message of type mtype (>= 1) and body data on the queue
// (msgsnd). When the queue is full it waits until there is room, ctx is
// done (the error is ctx's), or the queue is removed; with nowait it
// fails at once with an error matching [ErrWouldBlock]. A body longer
// than msgmax fails with a [*LimitError] naming both sizes.
//
// A body larger than the queue's byte limit (msg_qbytes, see
// [QueueInfo]) can never be sent and waits until ctx is done.
func (q Queue) Send(ctx context.Context, mtype int64, data []byte, nowait bool) error {
	const op = "msg send"
	if mtype < 1 {
		return &Error{Op: op, Subject: idSubject(int(q)), Err: fmt.Errorf("message type %d: %w (want >= 1)", mtype, ErrBadArg)}
	}
	buf := make([]byte, 8+len(data))
	binary.NativeEndian.PutUint64(buf, uint64(mtype))
	copy(buf[8:], data)
	flags := 0
	if nowait {
		flags = unix.IPC_NOWAIT
		ctx = context.Background() // nothing to interrupt
	}
	err := blocking(ctx, func() unix.Errno {
		_, _, e := unix.Syscall6(unix.SYS_MSGSND, uintptr(q), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(data)), uintptr(flags), 0, 0)
		return e
	})
	switch err {
	case nil:
		return nil
	case unix.EAGAIN:
		return &Error{Op: op, Subject: idSubject(int(q)), Err: cause(ErrWouldBlock, unix.EAGAIN)}
	case unix.EINVAL:
		if max, lerr := readProcUint("/proc/sys/kernel/msgmax"); lerr == nil && uint64(len(data)) > max {
			return &Error{Op: op, Subject: idSubject(int(q)), Err: &LimitError{What: "message", Size: int64(len(data)), Limit: int64(max), Name: "msgmax", Unit: "bytes"}}
		}
	}
	return idErr(op, int(q), err)
}

// RecvOptions selects what [Queue.Recv] takes. The zero value takes the
// first message of any type, waiting for one, up to msgmax bytes.
type RecvOptions struct {
	// Type selects the message as msgrcv(2) does: 0 takes the first
	// message; > 0 the first of that type (with Except, the first of any
	// other type); < 0 the first of the lowest type <= -Type.
	Type int64
	// Except (MSG_EXCEPT) inverts a positive Type.
	Except bool
	// NoWait (IPC_NOWAIT) fails with an error matching [ErrNoMessage]
	// rather than waiting when no message matches.
	NoWait bool
	// MaxSize is the largest body accepted; 0 means msgmax. A longer
	// message stays on the queue and Recv fails with an error matching
	// unix.E2BIG, unless Truncate is set.
	MaxSize int
	// Truncate (MSG_NOERROR) takes a longer message, cut to MaxSize.
	Truncate bool
}

// Message is a System V message.
type Message struct {
	Type int64
	Data []byte
}

// Recv takes a message from the queue (msgrcv). Without NoWait it waits
// until a message matches, ctx is done (the error is ctx's), or the queue
// is removed (an error matching [ErrNoID]).
func (q Queue) Recv(ctx context.Context, opts RecvOptions) (Message, error) {
	const op = "msg recv"
	max := opts.MaxSize
	if max < 0 {
		return Message{}, &Error{Op: op, Subject: idSubject(int(q)), Err: fmt.Errorf("max size %d: %w", max, ErrBadArg)}
	}
	if max == 0 {
		m, err := readProcUint("/proc/sys/kernel/msgmax")
		if err != nil || m > 1<<30 {
			m = 8192
		}
		max = int(m)
	}
	flags := 0
	if opts.NoWait {
		flags |= unix.IPC_NOWAIT
		ctx = context.Background() // nothing to interrupt
	}
	if opts.Except {
		if opts.Type <= 0 {
			return Message{}, &Error{Op: op, Subject: idSubject(int(q)), Err: fmt.Errorf("except needs a type > 0, got %d: %w", opts.Type, ErrBadArg)}
		}
		flags |= msgExcept
	}
	if opts.Truncate {
		flags |= msgNoError
	}
	buf := make([]byte, 8+max)
	var n uintptr
	err := blocking(ctx, func() unix.Errno {
		r, _, e := unix.Syscall6(unix.SYS_MSGRCV, uintptr(q), uintptr(unsafe.Pointer(&buf[0])), uintptr(max), uintptr(opts.Type), uintptr(flags), 0)
		n = r
		return e
	})
	switch err {
	case nil:
		return Message{Type: int64(binary.NativeEndian.Uint64(buf)), Data: buf[8 : 8+n : 8+n]}, nil
	case unix.ENOMSG:
		return Message{}, &Error{Op: op, Subject: idSubject(int(q)), Err: cause(ErrNoMessage, unix.ENOMSG)}
	case unix.E2BIG:
		return Message{}, &Error{Op: op, Subject: idSubject(int(q)), Err: fmt.Errorf("message longer than %d bytes: %w", max, unix.E2BIG)}
	}
	return Message{}, idErr(op, int(q), err)
}

// Stat returns the queue's state (IPC_STAT).
func (q Queue) Stat() (QueueInfo, error) {
	var ds msqidDS
	if err := msgctl(int(q), unix.IPC_STAT, unsafe.Pointer(&ds)); err != nil {
		return QueueInfo{}, idErr("msg stat", int(q), err)
	}
	return QueueInfo{
		ID:     q,
		Perm:   permFrom(&ds.Perm),
		CBytes: ds.Cbytes,
		QNum:   ds.Qnum,
		QBytes: ds.Qbytes,
		LSPID:  int(ds.Lspid),
		LRPID:  int(ds.Lrpid),
		Stime:  unixTime(ds.Stime),
		Rtime:  unixTime(ds.Rtime),
		Ctime:  unixTime(ds.Ctime),
	}, nil
}

// SetQueueBytes sets the queue's byte limit (msg_qbytes, IPC_SET). Raising
// it above msgmnb needs CAP_SYS_RESOURCE.
func (q Queue) SetQueueBytes(n uint64) error {
	var ds msqidDS
	if err := msgctl(int(q), unix.IPC_STAT, unsafe.Pointer(&ds)); err != nil {
		return idErr("msg set", int(q), err)
	}
	ds.Qbytes = n
	return idErr("msg set", int(q), msgctl(int(q), unix.IPC_SET, unsafe.Pointer(&ds)))
}

// Remove removes the queue now (IPC_RMID); blocked senders and receivers
// fail with an error matching [ErrNoID].
func (q Queue) Remove() error {
	return idErr("msg remove", int(q), msgctl(int(q), unix.IPC_RMID, nil))
}
