package shm

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// MQ is an open POSIX message queue (mq_open). Its methods are safe for
// concurrent use, except that Close must not race with the others.
type MQ struct {
	fd      int
	name    string
	msgSize int64
	mu      sync.RWMutex // guards fd against Close
	closed  bool
}

// MQAttr holds a POSIX queue's attributes (struct mq_attr).
type MQAttr struct {
	// MaxMsg is the capacity in messages; 0 at creation means the
	// default (/proc/sys/fs/mqueue/msg_default).
	MaxMsg int64
	// MsgSize is the largest message in bytes; 0 at creation means the
	// default (msgsize_default).
	MsgSize int64
	// CurMsgs is the number of messages queued now (ignored at creation).
	CurMsgs int64
}

// MQPrioMax bounds message priorities: they run from 0 to MQPrioMax-1,
// and higher ones are received first.
const MQPrioMax = 32768

type mqAttr struct {
	Flags   int64
	Maxmsg  int64
	Msgsize int64
	Curmsgs int64
	_       [4]int64
}

// CreateMQ creates a POSIX message queue (O_CREAT|O_EXCL) with
// permission bits mode and the capacity of attr, and opens it read-write.
// The name is as for [ValidName], e.g. "/q". Capacities over the limits
// of /proc/sys/fs/mqueue (for unprivileged callers) fail with an error
// naming them. Close the queue, and [RemoveMQ] it when no longer needed.
func CreateMQ(name string, mode os.FileMode, attr MQAttr) (*MQ, error) {
	const op = "mq create"
	if err := ValidName(name); err != nil {
		return nil, nameErr(op, name, err)
	}
	if attr.MaxMsg < 0 || attr.MsgSize < 0 || (attr.MaxMsg == 0) != (attr.MsgSize == 0) {
		return nil, nameErr(op, name, fmt.Errorf("maxmsg %d msgsize %d: %w (give both, or neither for the defaults)", attr.MaxMsg, attr.MsgSize, ErrBadArg))
	}
	var ap unsafe.Pointer
	ka := mqAttr{Maxmsg: attr.MaxMsg, Msgsize: attr.MsgSize}
	if attr.MaxMsg > 0 {
		ap = unsafe.Pointer(&ka)
	}
	return mqOpen(op, name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL, mode, ap, attr)
}

// OpenMQ opens an existing POSIX message queue; flag is [os.O_RDONLY],
// [os.O_WRONLY] or [os.O_RDWR].
func OpenMQ(name string, flag int) (*MQ, error) {
	const op = "mq open"
	if err := ValidName(name); err != nil {
		return nil, nameErr(op, name, err)
	}
	acc := flag & unix.O_ACCMODE
	if acc != unix.O_RDONLY && acc != unix.O_WRONLY && acc != unix.O_RDWR {
		return nil, nameErr(op, name, fmt.Errorf("flag %#x: %w", flag, ErrBadArg))
	}
	return mqOpen(op, name, acc, 0, nil, MQAttr{})
}

func mqOpen(op, name string, flags int, mode os.FileMode, attr unsafe.Pointer, want MQAttr) (*MQ, error) {
	kname, err := unix.BytePtrFromString(name[1:])
	if err != nil {
		return nil, nameErr(op, name, ErrInvalidName)
	}
	r, _, e := unix.Syscall6(unix.SYS_MQ_OPEN, uintptr(unsafe.Pointer(kname)), uintptr(flags|unix.O_CLOEXEC), uintptr(mode.Perm()), uintptr(attr), 0, 0)
	if e != 0 {
		var err error = e
		if e == unix.EINVAL && attr != nil {
			if l, lerr := ReadLimits(); lerr == nil {
				err = fmt.Errorf("maxmsg %d msgsize %d: %w (limits for unprivileged callers: msg_max %d, msgsize_max %d)", want.MaxMsg, want.MsgSize, e, l.MQMsgMax, l.MQMsgSizeMax)
			}
		}
		if e == unix.ENOSYS {
			err = fmt.Errorf("POSIX message queues not supported by this kernel: %w", e)
		}
		return nil, nameErr(op, name, err)
	}
	m := &MQ{fd: int(r), name: name}
	if flags&unix.O_CREAT != 0 {
		// mq_open filters mode by the umask; apply it exactly.
		unix.Fchmod(m.fd, uint32(mode.Perm()))
	}
	a, err := m.Attr()
	if err != nil {
		unix.Close(m.fd)
		return nil, nameErr(op, name, unwrapOp(err))
	}
	m.msgSize = a.MsgSize
	return m, nil
}

// Name returns the queue's name, such as "/q".
func (m *MQ) Name() string { return m.name }

// Close closes the queue descriptor; the queue itself stays until
// [RemoveMQ]. A second Close returns an error matching [ErrClosed].
func (m *MQ) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nameErr("mq close", m.name, ErrClosed)
	}
	m.closed = true
	if err := unix.Close(m.fd); err != nil {
		return nameErr("mq close", m.name, err)
	}
	return nil
}

// Attr returns the queue's attributes (mq_getattr).
func (m *MQ) Attr() (MQAttr, error) {
	var a mqAttr
	if _, _, e := unix.Syscall(unix.SYS_MQ_GETSETATTR, uintptr(m.fd), 0, uintptr(unsafe.Pointer(&a))); e != 0 {
		return MQAttr{}, nameErr("mq stat", m.name, e)
	}
	return MQAttr{MaxMsg: a.Maxmsg, MsgSize: a.Msgsize, CurMsgs: a.Curmsgs}, nil
}

// Stat returns the queue's permission bits and owner from its
// descriptor.
func (m *MQ) Stat() (ObjectInfo, error) {
	var st unix.Stat_t
	if err := unix.Fstat(m.fd, &st); err != nil {
		return ObjectInfo{}, nameErr("mq stat", m.name, err)
	}
	return ObjectInfo{Name: m.name, Mode: os.FileMode(st.Mode).Perm(), UID: st.Uid, GID: st.Gid,
		Size: st.Size, ModTime: time.Unix(st.Mtim.Unix())}, nil
}

// mqSlice bounds one kernel wait when ctx can be cancelled: POSIX queue
// calls are restarted after signal handlers, so cancellation is noticed
// between slices.
const mqSlice = 50 * time.Millisecond

// mqWait runs a timed mq call until it succeeds, fails, or its time is
// up. nowait passes an expired timeout, which the kernel treats as "do
// not wait". It returns ETIMEDOUT when ctx's deadline passes, or ctx's
// error when ctx is cancelled.
func mqWait(ctx context.Context, nowait bool, call func(ts *unix.Timespec) unix.Errno) error {
	deadline, hasDeadline := ctx.Deadline()
	cancellable := ctx.Done() != nil
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var ts *unix.Timespec
		switch {
		case nowait:
			ts = &unix.Timespec{}
		case cancellable:
			end := time.Now().Add(mqSlice)
			if hasDeadline && deadline.Before(end) {
				end = deadline
			}
			t := unix.NsecToTimespec(end.UnixNano())
			ts = &t
		}
		e := call(ts)
		switch {
		case e == 0:
			return nil
		case e == unix.EINTR:
			continue
		case e == unix.ETIMEDOUT && !nowait:
			if hasDeadline && !time.Now().Before(deadline) {
				if err := ctx.Err(); err != nil {
					return err
				}
				return context.DeadlineExceeded
			}
			continue
		}
		return e
	}
}

// Send puts data on the queue with priority prio (0 to [MQPrioMax]-1;
// higher is received first). When the queue is full it waits until there
// is room or ctx is done (its error; ctx's deadline is passed to
// mq_timedsend). With nowait it fails at once with an error matching
// [ErrWouldBlock]. A message longer than the queue's MsgSize fails with a
// [*LimitError].
func (m *MQ) Send(ctx context.Context, data []byte, prio uint, nowait bool) error {
	const op = "mq send"
	if prio >= MQPrioMax {
		return nameErr(op, m.name, fmt.Errorf("priority %d: %w (want 0 to %d)", prio, ErrBadArg, MQPrioMax-1))
	}
	if int64(len(data)) > m.msgSize {
		return nameErr(op, m.name, &LimitError{What: "message", Size: int64(len(data)), Limit: m.msgSize, Name: "the queue's msgsize", Unit: "bytes"})
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return nameErr(op, m.name, ErrClosed)
	}
	err := mqWait(ctx, nowait, func(ts *unix.Timespec) unix.Errno {
		_, _, e := unix.Syscall6(unix.SYS_MQ_TIMEDSEND, uintptr(m.fd), uintptr(unsafe.Pointer(unsafe.SliceData(data))), uintptr(len(data)), uintptr(prio), uintptr(unsafe.Pointer(ts)), 0)
		return e
	})
	switch err {
	case nil:
		return nil
	case unix.ETIMEDOUT, unix.EAGAIN:
		return nameErr(op, m.name, cause(ErrWouldBlock, unix.EAGAIN))
	}
	return nameErr(op, m.name, err)
}

// Recv takes the oldest message of the highest priority from the queue
// and returns it with its priority. It waits for one until ctx is done
// (its error); with nowait it fails at once with an error matching
// [ErrNoMessage].
func (m *MQ) Recv(ctx context.Context, nowait bool) ([]byte, uint, error) {
	const op = "mq recv"
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return nil, 0, nameErr(op, m.name, ErrClosed)
	}
	buf := make([]byte, max(m.msgSize, 1))
	var n uintptr
	var prio uint32
	err := mqWait(ctx, nowait, func(ts *unix.Timespec) unix.Errno {
		r, _, e := unix.Syscall6(unix.SYS_MQ_TIMEDRECEIVE, uintptr(m.fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), uintptr(unsafe.Pointer(&prio)), uintptr(unsafe.Pointer(ts)), 0)
		n = r
		return e
	})
	switch err {
	case nil:
		return buf[:n:n], uint(prio), nil
	case unix.ETIMEDOUT, unix.EAGAIN:
		return nil, 0, nameErr(op, m.name, cause(ErrNoMessage, unix.EAGAIN))
	}
	return nil, 0, nameErr(op, m.name, err)
}

// RemoveMQ removes the queue called name (mq_unlink). Processes that
// have it open keep using it until they close it.
func RemoveMQ(name string) error {
	if err := ValidName(name); err != nil {
		return nameErr("mq remove", name, err)
	}
	kname, err := unix.BytePtrFromString(name[1:])
	if err != nil {
		return nameErr("mq remove", name, ErrInvalidName)
	}
	if _, _, e := unix.Syscall(unix.SYS_MQ_UNLINK, uintptr(unsafe.Pointer(kname)), 0, 0); e != 0 {
		return nameErr("mq remove", name, e)
	}
	return nil
}
