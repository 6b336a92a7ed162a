package shm

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Dir is where Linux keeps POSIX shared memory objects (a tmpfs).
const Dir = "/dev/shm"

// ValidName reports whether name is a portable POSIX IPC name: a leading
// '/', then 1 to 255 bytes with no other '/' and no NUL, and not "/." or
// "/..". It returns nil or an error matching [ErrInvalidName].
func ValidName(name string) error {
	rest, ok := strings.CutPrefix(name, "/")
	if !ok || rest == "" || rest == "." || rest == ".." || len(rest) > 255 ||
		strings.ContainsAny(rest, "/\x00") {
		return ErrInvalidName
	}
	return nil
}

// Object is an open POSIX shared memory object (shm_open). It is safe
// for concurrent use by several goroutines, except that Close must not
// race with other calls.
type Object struct {
	f    *os.File
	name string
}

// ObjectInfo describes a POSIX shared memory object.
type ObjectInfo struct {
	Name    string      // "/name"
	Size    int64       // bytes
	Mode    os.FileMode // permission bits
	UID     uint32
	GID     uint32
	ModTime time.Time
}

func nameErr(op, name string, err error) error {
	if name == "" {
		name = `""`
	}
	return &Error{Op: op, Subject: name, Err: err}
}

// Create creates a new object of size bytes and permission bits mode,
// with shm_open's O_CREAT|O_EXCL semantics plus O_NOFOLLOW and O_CLOEXEC:
// it fails with an error matching [fs.ErrExist] if anything, even a
// symbolic link, already has the name. The mode is applied exactly
// (fchmod), not filtered by the umask. The object is opened read-write;
// Close it, and [Remove] it when no process needs it any more.
func Create(name string, size int64, mode os.FileMode) (o *Object, err error) {
	const op = "shm create"
	if err := ValidName(name); err != nil {
		return nil, nameErr(op, name, err)
	}
	if size < 0 {
		return nil, nameErr(op, name, fmt.Errorf("size %d: %w", size, ErrBadArg))
	}
	var fs unix.Statfs_t
	if unix.Statfs(Dir, &fs) == nil && fs.Blocks > 0 {
		if total := fs.Blocks * uint64(fs.Bsize); uint64(size) > total {
			return nil, nameErr(op, name, &LimitError{What: "object size", Size: size, Limit: int64(min(total, 1<<63-1)), Name: "the size of " + Dir, Unit: "bytes"})
		}
	}
	path := Dir + name
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, uint32(mode.Perm()))
	if err != nil {
		return nil, nameErr(op, name, err)
	}
	defer func() {
		if err != nil {
			unix.Unlink(path)
			unix.Close(fd)
		}
	}()
	if err := unix.Fchmod(fd, uint32(mode.Perm())); err != nil {
		return nil, nameErr(op, name, err)
	}
	if err := unix.Ftruncate(fd, size); err != nil {
		return nil, nameErr(op, name, fmt.Errorf("size %d: %w", size, err))
	}
	return &Object{f: os.NewFile(uintptr(fd), path), name: name}, nil
}

// Open opens an existing object. flag is [os.O_RDONLY] or [os.O_RDWR]
// (other bits are ignored). It refuses symbolic links (O_NOFOLLOW) and
// anything that is not a regular file, without blocking on a planted FIFO.
func Open(name string, flag int) (o *Object, err error) {
	const op = "shm open"
	if err := ValidName(name); err != nil {
		return nil, nameErr(op, name, err)
	}
	acc := flag & unix.O_ACCMODE
	if acc != unix.O_RDONLY && acc != unix.O_RDWR {
		return nil, nameErr(op, name, fmt.Errorf("flag %#x: %w", flag, ErrBadArg))
	}
	path := Dir + name
	fd, err := unix.Open(path, acc|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, nameErr(op, name, err)
	}
	defer func() {
		if err != nil {
			unix.Close(fd)
		}
	}()
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, nameErr(op, name, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, nameErr(op, name, errors.New("not a regular file"))
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		return nil, nameErr(op, name, err)
	}
	return &Object{f: os.NewFile(uintptr(fd), path), name: name}, nil
}

// Name returns the object's name, such as "/x".
func (o *Object) Name() string { return o.name }

// File returns the underlying file. It stays owned by o: do not close it.
func (o *Object) File() *os.File { return o.f }

// Close closes the object's descriptor. Mappings made with [Object.Map]
// stay valid until unmapped. A second Close returns an error.
func (o *Object) Close() error {
	if err := o.f.Close(); err != nil {
		return nameErr("shm close", o.name, err)
	}
	return nil
}

// Stat returns the object's size, mode and owner.
func (o *Object) Stat() (ObjectInfo, error) {
	fi, err := o.f.Stat()
	if err != nil {
		return ObjectInfo{}, nameErr("shm stat", o.name, err)
	}
	return objectInfo(o.name, fi), nil
}

func objectInfo(name string, fi os.FileInfo) ObjectInfo {
	oi := ObjectInfo{Name: name, Size: fi.Size(), Mode: fi.Mode().Perm(), ModTime: fi.ModTime()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		oi.UID, oi.GID = st.Uid, st.Gid
	}
	return oi
}

// StatName returns the size, mode and owner of the object called name
// without opening it. A symbolic link is reported, not followed.
func StatName(name string) (ObjectInfo, error) {
	if err := ValidName(name); err != nil {
		return ObjectInfo{}, nameErr("shm stat", name, err)
	}
	fi, err := os.Lstat(Dir + name)
	if err != nil {
		return ObjectInfo{}, nameErr("shm stat", name, unwrapPath(err))
	}
	return objectInfo(name, fi), nil
}

// List returns every regular file in [Dir] as an object, sorted by name.
// Other POSIX IPC (named semaphores "sem.*") is listed as well, since it
// lives there too.
func List() ([]ObjectInfo, error) {
	ents, err := os.ReadDir(Dir)
	if err != nil {
		return nil, &Error{Op: "shm list", Subject: Dir, Err: unwrapPath(err)}
	}
	var out []ObjectInfo
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, objectInfo("/"+e.Name(), fi))
	}
	return out, nil
}

// Truncate changes the object's size.
func (o *Object) Truncate(size int64) error {
	if size < 0 {
		return nameErr("shm truncate", o.name, fmt.Errorf("size %d: %w", size, ErrBadArg))
	}
	if err := o.f.Truncate(size); err != nil {
		return nameErr("shm truncate", o.name, fmt.Errorf("size %d: %w", size, unwrapPath(err)))
	}
	return nil
}

// ReadAt reads len(p) bytes at offset off (pread), implementing
// [io.ReaderAt]: it returns [io.EOF] at or past the end.
func (o *Object) ReadAt(p []byte, off int64) (int, error) {
	n, err := o.f.ReadAt(p, off)
	if err != nil && err != io.EOF {
		return n, nameErr("shm read", o.name, unwrapPath(err))
	}
	return n, err
}

// WriteAt writes p at offset off (pwrite), implementing [io.WriterAt].
// Shared memory objects do not grow on write: bytes that would land past
// the object's size are not written, and the error wraps
// [io.ErrShortWrite]. Grow the object with [Object.Truncate] first.
func (o *Object) WriteAt(p []byte, off int64) (int, error) {
	const op = "shm write"
	if off < 0 {
		return 0, nameErr(op, o.name, fmt.Errorf("offset %d: %w", off, ErrBadArg))
	}
	fi, err := o.f.Stat()
	if err != nil {
		return 0, nameErr(op, o.name, unwrapPath(err))
	}
	size := fi.Size()
	short := false
	if off+int64(len(p)) > size {
		short = true
		if off >= size {
			p = nil
		} else {
			p = p[:size-off]
		}
	}
	n, err := o.f.WriteAt(p, off)
	if err != nil {
		return n, nameErr(op, o.name, unwrapPath(err))
	}
	if short {
		return n, nameErr(op, o.name, fmt.Errorf("object size is %d bytes: %w", size, io.ErrShortWrite))
	}
	return n, nil
}

// Map maps length bytes of the object starting at off (a multiple of the
// page size) with MAP_SHARED, writable or read-only. length 0 maps from
// off to the end. Unmap the result with [Mapping.Unmap]; it outlives
// Close of the object.
func (o *Object) Map(off int64, length int, writable bool) (*Mapping, error) {
	const op = "shm map"
	if off < 0 || off%int64(os.Getpagesize()) != 0 || length < 0 {
		return nil, nameErr(op, o.name, fmt.Errorf("offset %d length %d: %w", off, length, ErrBadArg))
	}
	if length == 0 {
		fi, err := o.f.Stat()
		if err != nil {
			return nil, nameErr(op, o.name, unwrapPath(err))
		}
		if fi.Size() <= off {
			return nil, nameErr(op, o.name, fmt.Errorf("offset %d: nothing to map in %d bytes: %w", off, fi.Size(), ErrBadArg))
		}
		length = int(fi.Size() - off)
	}
	prot := unix.PROT_READ
	if writable {
		prot |= unix.PROT_WRITE
	}
	b, err := unix.Mmap(int(o.f.Fd()), off, length, prot, unix.MAP_SHARED)
	if err != nil {
		return nil, nameErr(op, o.name, err)
	}
	return &Mapping{b: b, alive: true}, nil
}

// Remove unlinks the object called name (shm_unlink). Processes that
// have it open or mapped keep using it until they let go.
func Remove(name string) error {
	if err := ValidName(name); err != nil {
		return nameErr("shm remove", name, err)
	}
	if err := unix.Unlink(Dir + name); err != nil {
		return nameErr("shm remove", name, err)
	}
	return nil
}

// unwrapPath strips an *fs.PathError, whose path would repeat the subject.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
