package shm

import (
	"io"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Mapping is shared memory mapped into this process: a POSIX object
// mapped with [Object.Map] or a System V segment attached with
// [Segment.Attach]. Its bytes are shared with every other process that
// maps the same object; the package adds no locking.
//
// A Mapping must not be used after [Mapping.Unmap], and Unmap must not
// run concurrently with other uses of it.
type Mapping struct {
	b     []byte
	sysv  bool // unmap with shmdt rather than munmap
	alive bool
}

// Bytes returns the mapped memory. The slice is invalid after Unmap:
// touching it then crashes the process.
func (m *Mapping) Bytes() []byte { return m.b }

// Len returns the mapped length in bytes.
func (m *Mapping) Len() int { return len(m.b) }

// ReadAt copies from the mapping at off into p, implementing
// [io.ReaderAt]; it returns [io.EOF] when fewer than len(p) bytes remain.
func (m *Mapping) ReadAt(p []byte, off int64) (int, error) {
	if !m.alive {
		return 0, &Error{Op: "read", Subject: "mapping", Err: ErrClosed}
	}
	if off < 0 {
		return 0, &Error{Op: "read", Subject: "mapping", Err: ErrBadArg}
	}
	if off >= int64(len(m.b)) {
		return 0, io.EOF
	}
	n := copy(p, m.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// WriteAt copies p into the mapping at off, implementing [io.WriterAt];
// it returns [io.ErrShortWrite] when p does not fit.
func (m *Mapping) WriteAt(p []byte, off int64) (int, error) {
	if !m.alive {
		return 0, &Error{Op: "write", Subject: "mapping", Err: ErrClosed}
	}
	if off < 0 || off > int64(len(m.b)) {
		return 0, &Error{Op: "write", Subject: "mapping", Err: ErrBadArg}
	}
	n := copy(m.b[off:], p)
	if n < len(p) {
		return n, io.ErrShortWrite
	}
	return n, nil
}

// Unmap removes the mapping (munmap, or shmdt for a System V segment).
// A second call does nothing and returns nil.
func (m *Mapping) Unmap() error {
	if !m.alive {
		return nil
	}
	m.alive = false
	b := m.b
	m.b = nil
	if len(b) == 0 {
		return nil
	}
	if m.sysv {
		if _, _, e := unix.Syscall(unix.SYS_SHMDT, uintptr(unsafe.Pointer(&b[0])), 0, 0); e != 0 {
			return &Error{Op: "detach", Subject: "segment", Err: e}
		}
		return nil
	}
	if err := unix.Munmap(b); err != nil {
		return &Error{Op: "unmap", Subject: "mapping", Err: err}
	}
	return nil
}
