package shm

import (
	"context"
	"fmt"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// SemSet is the id of a System V semaphore set (a semid). Any int can be
// converted to a SemSet; operations on an id that names no set fail with
// an error matching [ErrNoID].
type SemSet int

// SemFlag holds the flags of one [SemOp].
type SemFlag int16

const (
	// SemNoWait (IPC_NOWAIT) makes [SemSet.Op] fail with an error
	// matching [ErrWouldBlock] instead of waiting.
	SemNoWait SemFlag = unix.IPC_NOWAIT
	// SemUndo (SEM_UNDO) makes the kernel revert the operation when the
	// process exits.
	SemUndo SemFlag = 0x1000
)

// SemOp is one operation on one semaphore of a set (struct sembuf).
// Op > 0 adds to the value; Op < 0 waits until the value is at least
// -Op and subtracts; Op == 0 waits until the value is 0.
type SemOp struct {
	Num   uint16 // semaphore number in the set, from 0
	Op    int16
	Flags SemFlag
}

// String formats o as "num:op", for example "0:-1" or "2:+1".
func (o SemOp) String() string { return fmt.Sprintf("%d:%+d", o.Num, o.Op) }

// semctl commands.
const (
	semGetPID  = 11
	semGetVal  = 12
	semGetAll  = 13
	semGetNCnt = 14
	semGetZCnt = 15
	semSetVal  = 16
	semSetAll  = 17
)

// semctl passes a plain value argument (GETVAL, SETVAL, IPC_RMID...).
func semctl(id, num, cmd int, arg uintptr) (int, error) {
	r, _, e := unix.Syscall6(unix.SYS_SEMCTL, uintptr(id), uintptr(num), uintptr(cmd), arg, 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(r), nil
}

// semctlPtr passes a pointer argument. The pointer is converted inside the
// Syscall6 call, so Go keeps the memory in place for the call (a uintptr
// made earlier may point at a stack that has moved).
func semctlPtr(id, num, cmd int, arg unsafe.Pointer) (int, error) {
	r, _, e := unix.Syscall6(unix.SYS_SEMCTL, uintptr(id), uintptr(num), uintptr(cmd), uintptr(arg), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(r), nil
}

// CreateSemSet creates a new set of nsems semaphores, all 0, with
// permission bits mode (IPC_CREAT|IPC_EXCL). With key [Private] the set
// has no key. More than semmsl semaphores fails with a [*LimitError].
func CreateSemSet(key Key, nsems int, mode os.FileMode) (SemSet, error) {
	const op = "sem create"
	if nsems < 1 {
		return -1, &Error{Op: op, Subject: keySubject(key), Err: fmt.Errorf("%d semaphores: %w (want >= 1)", nsems, ErrBadArg)}
	}
	r, _, e := unix.Syscall(unix.SYS_SEMGET, uintptr(key), uintptr(nsems), uintptr(unix.IPC_CREAT|unix.IPC_EXCL|modeFlags(mode)))
	if e != 0 {
		var err error = e
		if e == unix.EINVAL {
			if l, lerr := ReadLimits(); lerr == nil && uint64(nsems) > l.SemMsl {
				err = &LimitError{What: "set", Size: int64(nsems), Limit: int64(l.SemMsl), Name: "semmsl", Unit: "semaphores"}
			}
		}
		return -1, &Error{Op: op, Subject: keySubject(key), Err: err}
	}
	return SemSet(r), nil
}

// GetSemSet returns the id of the existing set with key. A key with no
// set fails with an error matching [fs.ErrNotExist].
func GetSemSet(key Key) (SemSet, error) {
	if key == Private {
		return -1, &Error{Op: "sem get", Subject: keySubject(key), Err: ErrBadArg}
	}
	r, _, e := unix.Syscall(unix.SYS_SEMGET, uintptr(key), 0, 0)
	if e != 0 {
		return -1, &Error{Op: "sem get", Subject: keySubject(key), Err: e}
	}
	return SemSet(r), nil
}

// semNumErr explains an EINVAL or EFBIG on a semaphore number: either the
// set is gone or the number is out of range.
func (s SemSet) semNumErr(op string, num int, err error) error {
	if err != unix.EINVAL && err != unix.EFBIG && err != unix.ERANGE {
		return idErr(op, int(s), err)
	}
	info, serr := s.Stat()
	if serr != nil {
		return idErr(op, int(s), err)
	}
	if num < 0 || num >= info.NSems {
		return &Error{Op: op, Subject: idSubject(int(s)), Err: fmt.Errorf("%w: %d (the set has %d, numbered 0 to %d)", ErrBadSemNum, num, info.NSems, info.NSems-1)}
	}
	return idErr(op, int(s), err)
}

// Op performs ops atomically (semtimedop): either all of them happen or,
// while one would have to wait, none. It waits until they can all happen,
// timeout passes (timeout > 0; the error matches [ErrTimeout]), ctx is
// done (the error is ctx's) or the set is removed. With [SemNoWait] on an
// operation that would wait, it fails at once with an error matching
// [ErrWouldBlock]. A number outside the set fails with an error matching
// [ErrBadSemNum]; more than semopm operations with a [*LimitError].
func (s SemSet) Op(ctx context.Context, ops []SemOp, timeout time.Duration) error {
	const op = "sem op"
	if len(ops) == 0 {
		return &Error{Op: op, Subject: idSubject(int(s)), Err: fmt.Errorf("no operations: %w", ErrBadArg)}
	}
	if timeout < 0 {
		return &Error{Op: op, Subject: idSubject(int(s)), Err: fmt.Errorf("timeout %v: %w", timeout, ErrBadArg)}
	}
	nowait := false
	for _, o := range ops {
		if o.Flags&^(SemNoWait|SemUndo) != 0 {
			return &Error{Op: op, Subject: idSubject(int(s)), Err: fmt.Errorf("flags %#x: %w", o.Flags, ErrBadArg)}
		}
		nowait = nowait || o.Flags&SemNoWait != 0
	}
	// SemOp has the layout of struct sembuf: three 16-bit fields.
	sops := unsafe.Pointer(&ops[0])
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	err := blocking(ctx, func() unix.Errno {
		var tsp *unix.Timespec
		if timeout > 0 {
			left := time.Until(deadline)
			if left < 0 {
				left = 0
			}
			ts := unix.NsecToTimespec(int64(left))
			tsp = &ts
		}
		_, _, e := unix.Syscall6(unix.SYS_SEMTIMEDOP, uintptr(s), uintptr(sops), uintptr(len(ops)), uintptr(unsafe.Pointer(tsp)), 0, 0)
		return e
	})
	switch err {
	case nil:
		return nil
	case unix.EAGAIN:
		if nowait {
			return &Error{Op: op, Subject: idSubject(int(s)), Err: cause(ErrWouldBlock, unix.EAGAIN)}
		}
		return &Error{Op: op, Subject: idSubject(int(s)), Err: fmt.Errorf("after %v: %w", timeout, cause(ErrTimeout, unix.EAGAIN))}
	case unix.E2BIG:
		if l, lerr := ReadLimits(); lerr == nil {
			return &Error{Op: op, Subject: idSubject(int(s)), Err: &LimitError{What: "call", Size: int64(len(ops)), Limit: int64(l.SemOpm), Name: "semopm", Unit: "operations"}}
		}
	case unix.EFBIG:
		bad := -1
		if info, serr := s.Stat(); serr == nil {
			for _, o := range ops {
				if int(o.Num) >= info.NSems {
					bad = int(o.Num)
					break
				}
			}
		}
		return s.semNumErr(op, bad, err)
	case unix.ERANGE:
		return &Error{Op: op, Subject: idSubject(int(s)), Err: fmt.Errorf("a value would exceed %d (SEMVMX): %w", SemValueMax, unix.ERANGE)}
	}
	return idErr(op, int(s), err)
}

// GetVal returns the value of semaphore num.
func (s SemSet) GetVal(num int) (int, error) {
	if num < 0 || num > 0xffff {
		return 0, s.semNumErr("sem get", num, unix.EINVAL)
	}
	v, err := semctl(int(s), num, semGetVal, 0)
	if err != nil {
		return 0, s.semNumErr("sem get", num, err)
	}
	return v, nil
}

// SetVal sets semaphore num to val (0 to [SemValueMax]), waking waiters
// and clearing every process's undo entry for it.
func (s SemSet) SetVal(num, val int) error {
	const op = "sem set"
	if val < 0 || val > SemValueMax {
		return &Error{Op: op, Subject: idSubject(int(s)), Err: &LimitError{What: "value", Size: int64(val), Limit: SemValueMax, Name: "SEMVMX"}}
	}
	if num < 0 || num > 0xffff {
		return s.semNumErr(op, num, unix.EINVAL)
	}
	if _, err := semctl(int(s), num, semSetVal, uintptr(val)); err != nil {
		return s.semNumErr(op, num, err)
	}
	return nil
}

// GetAll returns the values of every semaphore of the set.
func (s SemSet) GetAll() ([]uint16, error) {
	info, err := s.Stat()
	if err != nil {
		return nil, idErr("sem get", int(s), unwrapOp(err))
	}
	vals := make([]uint16, info.NSems)
	if _, err := semctlPtr(int(s), 0, semGetAll, unsafe.Pointer(&vals[0])); err != nil {
		return nil, idErr("sem get", int(s), err)
	}
	return vals, nil
}

// SetAll sets every semaphore of the set; vals must have one value per
// semaphore, each at most [SemValueMax].
func (s SemSet) SetAll(vals []uint16) error {
	const op = "sem set"
	info, err := s.Stat()
	if err != nil {
		return idErr(op, int(s), unwrapOp(err))
	}
	if len(vals) != info.NSems {
		return &Error{Op: op, Subject: idSubject(int(s)), Err: fmt.Errorf("%d values for %d semaphores: %w", len(vals), info.NSems, ErrBadArg)}
	}
	for _, v := range vals {
		if v > SemValueMax {
			return &Error{Op: op, Subject: idSubject(int(s)), Err: &LimitError{What: "value", Size: int64(v), Limit: SemValueMax, Name: "SEMVMX"}}
		}
	}
	if _, err := semctlPtr(int(s), 0, semSetAll, unsafe.Pointer(&vals[0])); err != nil {
		return idErr(op, int(s), err)
	}
	return nil
}

// SemState is the state of one semaphore, as `ipcs -s -i` prints it.
type SemState struct {
	Value  int
	PID    int // process of the last operation
	NCount int // processes waiting for the value to grow
	ZCount int // processes waiting for the value to be 0
}

// Sem returns the state of semaphore num (GETVAL, GETPID, GETNCNT, GETZCNT).
func (s SemSet) Sem(num int) (SemState, error) {
	var st SemState
	for _, f := range []struct {
		cmd int
		p   *int
	}{{semGetVal, &st.Value}, {semGetPID, &st.PID}, {semGetNCnt, &st.NCount}, {semGetZCnt, &st.ZCount}} {
		if num < 0 || num > 0xffff {
			return SemState{}, s.semNumErr("sem state", num, unix.EINVAL)
		}
		v, err := semctl(int(s), num, f.cmd, 0)
		if err != nil {
			return SemState{}, s.semNumErr("sem state", num, err)
		}
		*f.p = v
	}
	return st, nil
}

// Stat returns the set's state (IPC_STAT).
func (s SemSet) Stat() (SemSetInfo, error) {
	var ds semidDS
	if _, err := semctlPtr(int(s), 0, unix.IPC_STAT, unsafe.Pointer(&ds)); err != nil {
		return SemSetInfo{}, idErr("sem stat", int(s), err)
	}
	return SemSetInfo{
		ID:    s,
		Perm:  permFrom(&ds.Perm),
		NSems: int(ds.Nsems),
		Otime: unixTime(ds.Otime),
		Ctime: unixTime(ds.Ctime),
	}, nil
}

// Remove removes the set now (IPC_RMID); blocked operations fail with an
// error matching [ErrNoID].
func (s SemSet) Remove() error {
	_, err := semctl(int(s), 0, unix.IPC_RMID, 0)
	return idErr("sem remove", int(s), err)
}
