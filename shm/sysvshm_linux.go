package shm

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// Segment is the id of a System V shared memory segment (a shmid). Any
// int can be converted to a Segment; operations on an id that names no
// segment fail with an error matching [ErrNoID].
type Segment int

// CreateSegment creates a new segment of size bytes with permission bits
// mode (IPC_CREAT|IPC_EXCL). With key [Private] the segment has no key.
// An existing key fails with an error matching [fs.ErrExist]; a size
// over shmmax fails with a [*LimitError].
func CreateSegment(key Key, size int, mode os.FileMode) (Segment, error) {
	op := "shm create"
	if size < 1 {
		return -1, &Error{Op: op, Subject: keySubject(key), Err: &LimitError{What: "segment size", Size: int64(size), Limit: 1, Name: "shmmin", Unit: "bytes"}}
	}
	id, err := unix.SysvShmGet(int(key), size, unix.IPC_CREAT|unix.IPC_EXCL|modeFlags(mode))
	if err != nil {
		l, lerr := ReadLimits()
		switch {
		case lerr != nil:
		case err == unix.EINVAL && uint64(size) > l.ShmMax:
			err = &LimitError{What: "segment size", Size: int64(size), Limit: int64(min(l.ShmMax, 1<<63-1)), Name: "shmmax", Unit: "bytes"}
		case err == unix.ENOSPC || err == unix.ENOMEM:
			err = fmt.Errorf("segment of %d bytes (limits: shmmax %d bytes, shmall %d pages, shmmni %d): %w", size, l.ShmMax, l.ShmAll, l.ShmMni, err)
		}
		return -1, &Error{Op: op, Subject: keySubject(key), Err: err}
	}
	return Segment(id), nil
}

// GetSegment returns the id of the existing segment with key. A key with
// no segment fails with an error matching [fs.ErrNotExist].
func GetSegment(key Key) (Segment, error) {
	if key == Private {
		return -1, &Error{Op: "shm get", Subject: keySubject(key), Err: ErrBadArg}
	}
	id, err := unix.SysvShmGet(int(key), 0, 0)
	if err != nil {
		return -1, &Error{Op: "shm get", Subject: keySubject(key), Err: err}
	}
	return Segment(id), nil
}

// Attach maps the segment into this process (shmat), read-only if
// readOnly. Detach it with [Mapping.Unmap].
func (s Segment) Attach(readOnly bool) (*Mapping, error) {
	flag := 0
	if readOnly {
		flag = unix.SHM_RDONLY
	}
	b, err := unix.SysvShmAttach(int(s), 0, flag)
	if err != nil {
		return nil, idErr("shm attach", int(s), err)
	}
	return &Mapping{b: b, sysv: true, alive: true}, nil
}

// Stat returns the segment's state (IPC_STAT).
func (s Segment) Stat() (SegmentInfo, error) {
	var ds unix.SysvShmDesc
	if _, err := unix.SysvShmCtl(int(s), unix.IPC_STAT, &ds); err != nil {
		return SegmentInfo{}, idErr("shm stat", int(s), err)
	}
	return SegmentInfo{
		ID:     s,
		Perm:   permFrom(&ds.Perm),
		Size:   ds.Segsz,
		CPID:   int(ds.Cpid),
		LPID:   int(ds.Lpid),
		Nattch: ds.Nattch,
		Atime:  unixTime(ds.Atime),
		Dtime:  unixTime(ds.Dtime),
		Ctime:  unixTime(ds.Ctime),
	}, nil
}

// Remove marks the segment for removal (IPC_RMID). The kernel destroys it
// when the last process detaches; until then it stays listed with the
// [SegmentDest] flag and key 0.
func (s Segment) Remove() error {
	_, err := unix.SysvShmCtl(int(s), unix.IPC_RMID, nil)
	return idErr("shm remove", int(s), err)
}

// ReadAt attaches the segment read-only, copies from offset off into p
// and detaches. Like [io.ReaderAt], it returns [io.EOF] when fewer than
// len(p) bytes lie past off.
func (s Segment) ReadAt(p []byte, off int64) (int, error) {
	m, err := s.Attach(true)
	if err != nil {
		return 0, err
	}
	defer m.Unmap()
	n, err := m.ReadAt(p, off)
	if err != nil && err != io.EOF {
		return n, idErr("shm read", int(s), unwrapOp(err))
	}
	return n, err
}

// WriteAt attaches the segment, copies p to offset off and detaches. It
// fails with [io.ErrShortWrite] (after writing what fits) when p does
// not fit.
func (s Segment) WriteAt(p []byte, off int64) (int, error) {
	m, err := s.Attach(false)
	if err != nil {
		return 0, err
	}
	defer m.Unmap()
	n, err := m.WriteAt(p, off)
	if err != nil {
		return n, idErr("shm write", int(s), unwrapOp(err))
	}
	return n, nil
}

// unwrapOp strips an *Error so that a caller can rewrap the cause with
// its own op and subject.
func unwrapOp(err error) error {
	if e, ok := err.(*Error); ok {
		return e.Err
	}
	return err
}
