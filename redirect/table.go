// Package redirect holds a shell's file-descriptor table and resolves the
// special paths that redirections accept.
//
// A [Table] maps small integers (0, 1, 2, and any other number a script
// opens, such as 3 or a {var} fd above 9) to open files. Tables are cheap to
// [Table.Clone]: a clone shares the underlying *os.File values through
// reference counts, and a file is closed when the last table referring to it
// drops it. This is how goroutine subshells get "a copy of the fd table"
// without a dup(2) per entry.
//
// The package knows nothing of shell syntax: it deals in fd numbers, open
// flags and *os.File values.
package redirect

import (
	"fmt"
	"os"
	"sync/atomic"
)

// shared is one open file referenced by one or more table slots.
type shared struct {
	f    *os.File
	refs atomic.Int32
	// release, if not nil, is called instead of f.Close when the last
	// slot drops the file (see SetPrivate).
	release func() error
}

func (s *shared) ref() *shared { s.refs.Add(1); return s }

func (s *shared) unref() error {
	if s.refs.Add(-1) == 0 {
		if s.release != nil {
			return s.release()
		}
		return s.f.Close()
	}
	return nil
}

// Table is a file-descriptor table. The zero value is an empty table.
// A Table is not safe for concurrent use; give each goroutine its own
// [Table.Clone].
type Table struct {
	slots []*shared
	// priv[fd] marks a private slot (see SetPrivate); fds past its end
	// are not private.
	priv []bool
}

// Error reports a failed operation on a table slot.
type Error struct {
	Op  string
	Fd  int
	Err error
}

// Error returns "op fd: cause".
func (e *Error) Error() string { return fmt.Sprintf("%s %d: %v", e.Op, e.Fd, e.Err) }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrBadFd is the cause reported for a slot that holds no open file.
var ErrBadFd = fmt.Errorf("bad file descriptor")

// MaxFd is the highest fd number a table accepts.
const MaxFd = 1023

// Get returns the file at fd, or nil if fd is not open.
func (t *Table) Get(fd int) *os.File {
	if fd < 0 || fd >= len(t.slots) || t.slots[fd] == nil {
		return nil
	}
	return t.slots[fd].f
}

// Set installs f at fd, closing whatever was there (when no other table
// refers to it). The table takes ownership of f. A nil f closes fd.
func (t *Table) Set(fd int, f *os.File) error {
	if fd < 0 || fd > MaxFd {
		return &Error{"set", fd, ErrBadFd}
	}
	var s *shared
	if f != nil {
		s = &shared{f: f}
		s.refs.Store(1)
	}
	return t.put(fd, s)
}

func (t *Table) put(fd int, s *shared) error {
	t.setPriv(fd, false)
	for fd >= len(t.slots) {
		if s == nil {
			return nil
		}
		t.slots = append(t.slots, nil)
	}
	old := t.slots[fd]
	t.slots[fd] = s
	if old != nil {
		return old.unref()
	}
	return nil
}

// Close closes fd in this table. Closing a closed fd is not an error.
func (t *Table) Close(fd int) error {
	if fd < 0 || fd >= len(t.slots) {
		return nil
	}
	return t.put(fd, nil)
}

// Dup makes newfd refer to the same open file as oldfd, as dup2(2) does.
func (t *Table) Dup(oldfd, newfd int) error {
	if newfd < 0 || newfd > MaxFd {
		return &Error{"dup", newfd, ErrBadFd}
	}
	if oldfd < 0 || oldfd >= len(t.slots) || t.slots[oldfd] == nil {
		return &Error{"dup", oldfd, ErrBadFd}
	}
	if oldfd == newfd {
		// A redirection of a private fd onto itself (12>&12) exposes it.
		t.setPriv(newfd, false)
		return nil
	}
	return t.put(newfd, t.slots[oldfd].ref())
}

// Move makes newfd refer to oldfd's file and closes oldfd (the shell's
// N>&M- operator).
func (t *Table) Move(oldfd, newfd int) error {
	if err := t.Dup(oldfd, newfd); err != nil {
		return err
	}
	if oldfd == newfd {
		return nil
	}
	return t.Close(oldfd)
}

// Free returns the lowest fd at or above min that is not open.
func (t *Table) Free(min int) (int, error) {
	for fd := min; fd <= MaxFd; fd++ {
		if t.Get(fd) == nil {
			return fd, nil
		}
	}
	return -1, &Error{"alloc", min, fmt.Errorf("too many open files")}
}

// Len returns one more than the highest open fd.
func (t *Table) Len() int {
	n := len(t.slots)
	for n > 0 && t.slots[n-1] == nil {
		n--
	}
	return n
}

// Clone returns a table with the same open files. Both tables must be
// closed; the files stay open until neither refers to them.
func (t *Table) Clone() *Table {
	c := &Table{slots: make([]*shared, t.Len(), t.Len()+2)}
	for i, s := range t.slots[:len(c.slots)] {
		if s != nil {
			c.slots[i] = s.ref()
		}
	}
	if len(t.priv) > 0 {
		c.priv = append([]bool(nil), t.priv...)
	}
	return c
}

// Same reports whether fd refers to the same open file in t and in o.
func (t *Table) Same(o *Table, fd int) bool {
	var a, b *shared
	if fd < len(t.slots) {
		a = t.slots[fd]
	}
	if fd < len(o.slots) {
		b = o.slots[fd]
	}
	return a == b
}

// Adopt makes fd in t refer to whatever fd refers to in o, private if it
// is private in o.
func (t *Table) Adopt(o *Table, fd int) error {
	var s *shared
	if fd < len(o.slots) && o.slots[fd] != nil {
		s = o.slots[fd].ref()
	}
	err := t.put(fd, s)
	if s != nil && o.Private(fd) {
		t.setPriv(fd, true)
	}
	return err
}

// Files returns the table as a slice indexed by fd, with nil for closed
// and private slots, as os.StartProcess and syscall.ForkExec expect: it is
// what a program the shell starts inherits. The files remain owned by the
// table.
func (t *Table) Files() []*os.File {
	n := t.Len()
	fs := make([]*os.File, n)
	for i := 0; i < n; i++ {
		if t.slots[i] != nil && !t.Private(i) {
			fs[i] = t.slots[i].f
		}
	}
	for n > 0 && fs[n-1] == nil {
		n--
	}
	return fs[:n]
}

// SetPrivate installs f at fd as [Table.Set] does, but marks the slot
// private: [Table.Files] leaves it out, so programs started with the table
// do not inherit it, while the shell itself can still use it ([Table.Get]).
// A redirection exposes the file: [Table.Dup] to another fd makes a slot
// that is not private, and Dup of the fd onto itself (12>&12) clears the
// mark. Clones keep the mark; putting another file at fd clears it.
//
// If release is not nil, it is called instead of f.Close when the last
// slot of every table referring to f drops it, and it is then responsible
// for closing f. The table takes ownership of f either way.
func (t *Table) SetPrivate(fd int, f *os.File, release func() error) error {
	if fd < 0 || fd > MaxFd {
		return &Error{"set", fd, ErrBadFd}
	}
	if f == nil {
		return &Error{"set", fd, fmt.Errorf("nil file")}
	}
	s := &shared{f: f, release: release}
	s.refs.Store(1)
	err := t.put(fd, s)
	t.setPriv(fd, true)
	return err
}

// Private reports whether fd is open and private (see [Table.SetPrivate]).
func (t *Table) Private(fd int) bool {
	return fd >= 0 && fd < len(t.priv) && t.priv[fd] && t.Get(fd) != nil
}

func (t *Table) setPriv(fd int, on bool) {
	if fd >= len(t.priv) {
		if !on {
			return
		}
		t.priv = append(t.priv, make([]bool, fd+1-len(t.priv))...)
	}
	t.priv[fd] = on
}

// Open returns the open fd numbers in increasing order.
func (t *Table) Open() []int {
	var fds []int
	for i, s := range t.slots {
		if s != nil {
			fds = append(fds, i)
		}
	}
	return fds
}

// CloseAll closes every slot. The first error is returned.
func (t *Table) CloseAll() error {
	var first error
	for i, s := range t.slots {
		if s != nil {
			t.slots[i] = nil
			if err := s.unref(); err != nil && first == nil {
				first = err
			}
		}
	}
	t.slots = t.slots[:0]
	t.priv = nil
	return first
}
