//go:build linux

package ledger_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/ipsh/ipsh/ledger"
)

const helperEnv = "IPSH_LEDGER_TEST_HELPER"

// made lists the System V ids and POSIX names the tests create, for the
// final check that none is left behind.
var made struct {
	sync.Mutex
	sysv  map[string][]int // "msg", "sem", "shm" → ids
	posix []string         // "/dev/shm/x", "mq:/x"
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		os.Exit(helperMain(dir))
	}
	made.sysv = map[string][]int{}
	code := m.Run()
	if left := leftovers(); len(left) > 0 {
		fmt.Fprintln(os.Stderr, "left behind:", left)
		code = 1
	}
	os.Exit(code)
}

// leftovers returns the objects of the list made that still exist, read
// from /proc/sysvipc and /dev/shm.
func leftovers() []string {
	made.Lock()
	defer made.Unlock()
	var left []string
	for kind, ids := range made.sysv {
		data, err := os.ReadFile("/proc/sysvipc/" + kind)
		if err != nil {
			continue
		}
		present := map[int]bool{}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			if f := strings.Fields(line); len(f) > 1 {
				id, _ := strconv.Atoi(f[1])
				present[id] = true
			}
		}
		for _, id := range ids {
			if present[id] {
				left = append(left, fmt.Sprintf("sysv %s %d", kind, id))
			}
		}
	}
	for _, p := range made.posix {
		if q, ok := strings.CutPrefix(p, "mq:"); ok {
			if mqExists(q) {
				left = append(left, p)
			}
		} else if _, err := os.Lstat(p); err == nil {
			left = append(left, p)
		}
	}
	return left
}

func record(kind string, id int) {
	made.Lock()
	defer made.Unlock()
	made.sysv[kind] = append(made.sysv[kind], id)
}

func recordPOSIX(p string) {
	made.Lock()
	defer made.Unlock()
	made.posix = append(made.posix, p)
}

// Makers of real objects. Each registers a cleanup that fails the test if
// the object still exists at the end (and removes it).

func sysvGet(t testing.TB, nr uintptr, args ...uintptr) int {
	t.Helper()
	a := append(args, 0, 0, 0)
	id, _, errno := unix.Syscall(nr, a[0], a[1], a[2])
	if errno != 0 {
		t.Fatalf("syscall %d: %v", nr, errno)
	}
	return int(id)
}

func newMsg(t testing.TB) int {
	id := sysvGet(t, unix.SYS_MSGGET, unix.IPC_PRIVATE, unix.IPC_CREAT|0o600)
	record("msg", id)
	return id
}

func newSem(t testing.TB, n int) int {
	id := sysvGet(t, unix.SYS_SEMGET, unix.IPC_PRIVATE, uintptr(n), unix.IPC_CREAT|0o600)
	record("sem", id)
	return id
}

func newShm(t testing.TB, size int) int {
	id, err := unix.SysvShmGet(unix.IPC_PRIVATE, size, unix.IPC_CREAT|0o600)
	if err != nil {
		t.Fatal(err)
	}
	record("shm", id)
	return id
}

func msgSend(t testing.TB, id int, text string) {
	t.Helper()
	buf := make([]byte, 8+len(text))
	*(*int64)(unsafe.Pointer(&buf[0])) = 1
	copy(buf[8:], text)
	if _, _, errno := unix.Syscall6(unix.SYS_MSGSND, uintptr(id), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(text)), 0, 0, 0); errno != 0 {
		t.Fatal(errno)
	}
}

func rmSysV(kind string, id int) {
	switch kind {
	case "msg":
		unix.Syscall(unix.SYS_MSGCTL, uintptr(id), unix.IPC_RMID, 0)
	case "sem":
		unix.Syscall6(unix.SYS_SEMCTL, uintptr(id), 0, unix.IPC_RMID, 0, 0, 0)
	case "shm":
		unix.SysvShmCtl(id, unix.IPC_RMID, nil)
	}
}

func sysvExists(kind string, id int) bool {
	var err error
	var buf [256]byte // larger than any *id64_ds
	switch kind {
	case "msg":
		_, _, err = unix.Syscall(unix.SYS_MSGCTL, uintptr(id), unix.IPC_STAT, uintptr(unsafe.Pointer(&buf)))
	case "sem":
		_, _, err = unix.Syscall6(unix.SYS_SEMCTL, uintptr(id), 0, unix.IPC_STAT, uintptr(unsafe.Pointer(&buf)), 0, 0)
	case "shm":
		var d unix.SysvShmDesc
		_, err = unix.SysvShmCtl(id, unix.IPC_STAT, &d)
	}
	if errno, ok := err.(syscall.Errno); ok && errno == 0 {
		err = nil
	}
	return err == nil
}

// mustGoSysV fails t at its end if the System V object still exists.
func mustGoSysV(t testing.TB, kind string, id int) {
	t.Cleanup(func() {
		if sysvExists(kind, id) {
			t.Errorf("sysv %s %d left behind", kind, id)
			rmSysV(kind, id)
		}
	})
}

func shmName(t testing.TB, tag string) string {
	return fmt.Sprintf("/ipsh-ledger-test-%d-%s-%d", os.Getpid(), tag, time.Now().UnixNano())
}

func newPOSIXShm(t testing.TB, tag string) string {
	t.Helper()
	name := shmName(t, tag)
	f, err := os.OpenFile("/dev/shm"+name, os.O_RDWR|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	recordPOSIX("/dev/shm" + name)
	defer f.Close()
	if err := f.Truncate(4096); err != nil {
		t.Fatal(err)
	}
	return name
}

func mqOpen(name string, flags int) (int, error) {
	p, _ := unix.BytePtrFromString(name[1:])
	fd, _, errno := unix.Syscall6(unix.SYS_MQ_OPEN, uintptr(unsafe.Pointer(p)), uintptr(flags|unix.O_CLOEXEC), 0o600, 0, 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

func mqExists(name string) bool {
	fd, err := mqOpen(name, unix.O_RDONLY)
	if err == nil {
		unix.Close(fd)
	}
	return err == nil
}

func mqUnlink(name string) {
	p, _ := unix.BytePtrFromString(name[1:])
	unix.Syscall(unix.SYS_MQ_UNLINK, uintptr(unsafe.Pointer(p)), 0, 0)
}

func newMQ(t testing.TB) string {
	t.Helper()
	name := shmName(t, "mq")
	fd, err := mqOpen(name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL)
	if err == unix.ENOSYS {
		t.Skip("no POSIX message queues")
	}
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	recordPOSIX("mq:" + name)
	t.Cleanup(func() {
		if mqExists(name) {
			t.Errorf("mq %s left behind", name)
			mqUnlink(name)
		}
	})
	return name
}

func mustGoPath(t testing.TB, p string) {
	t.Cleanup(func() {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s left behind", p)
			os.RemoveAll(p)
		}
	})
}

func newLedger(t *testing.T, dir string) *ledger.Ledger {
	t.Helper()
	l, err := ledger.New(ledger.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func add(t testing.TB, l *ledger.Ledger, o ledger.Object) ledger.Handle {
	t.Helper()
	h, err := l.Add(o)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func ledgerFiles(t testing.TB, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "ipsh-ledger-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Every kind: Add, List, State, Clean.
func TestAddStateClean(t *testing.T) {
	t.Parallel()
	dir, objs := t.TempDir(), t.TempDir()
	l := newLedger(t, dir)

	fifoPath := filepath.Join(objs, "fifo")
	if err := unix.Mkfifo(fifoPath, 0o600); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.CreateTemp(objs, "tmp")
	if err != nil {
		t.Fatal(err)
	}
	tmp.WriteString("hello")
	tmp.Close()
	tdir := filepath.Join(objs, "tdir")
	os.MkdirAll(filepath.Join(tdir, "a", "b"), 0o700)
	os.WriteFile(filepath.Join(tdir, "a", "b", "f"), []byte("x"), 0o600)
	pidfile := filepath.Join(objs, "pid")
	os.WriteFile(pidfile, []byte("123\n"), 0o644)
	sock := filepath.Join(objs, "sock")
	sfd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	err = unix.Bind(sfd, &unix.SockaddrUnix{Name: sock})
	unix.Close(sfd)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifoPath, tmp.Name(), tdir, pidfile, sock} {
		mustGoPath(t, p)
	}
	msg, shm, sem := newMsg(t), newShm(t, 8192), newSem(t, 3)
	mustGoSysV(t, "msg", msg)
	mustGoSysV(t, "shm", shm)
	mustGoSysV(t, "sem", sem)
	msgSend(t, msg, "hello")
	pshm := newPOSIXShm(t, "all")
	mustGoPath(t, "/dev/shm"+pshm)
	mq := newMQ(t)

	type want struct {
		mode        fs.FileMode
		size, count int64
	}
	cases := []struct {
		o ledger.Object
		want
	}{
		{ledger.Object{Kind: ledger.FIFO, Name: fifoPath}, want{fs.ModeNamedPipe | 0o600, 0, 0}},
		{ledger.Object{Kind: ledger.TempFile, Name: tmp.Name()}, want{0o600, 5, 0}},
		{ledger.Object{Kind: ledger.TempDir, Name: tdir}, want{fs.ModeDir | 0o700, -1, 0}},
		{ledger.Object{Kind: ledger.Pidfile, Name: pidfile}, want{0o644, 4, 0}},
		{ledger.Object{Kind: ledger.Socket, Name: sock}, want{fs.ModeSocket, -1, 0}},
		{ledger.Object{Kind: ledger.SysVQueue, ID: msg}, want{0o600, 5, 1}},
		{ledger.Object{Kind: ledger.SysVShm, ID: shm}, want{0o600, 8192, 0}},
		{ledger.Object{Kind: ledger.SysVSem, ID: sem}, want{0o600, 0, 3}},
		{ledger.Object{Kind: ledger.POSIXShm, Name: pshm}, want{0o600, 4096, 0}},
		{ledger.Object{Kind: ledger.POSIXQueue, Name: mq}, want{0o600, 0, 0}},
	}
	for i, c := range cases {
		if h := add(t, l, c.o); h != ledger.Handle(i+1) {
			t.Fatalf("handle %d for object %d", h, i)
		}
	}
	list := l.List()
	if len(list) != len(cases) {
		t.Fatalf("listed %d objects", len(list))
	}
	for i, o := range list {
		c := cases[i]
		if o.Kind != c.o.Kind || o.Handle != ledger.Handle(i+1) || o.Created.IsZero() {
			t.Fatalf("listed %+v for %+v", o, c.o)
		}
		if o.Kind.SysV() != (o.ID >= 0) || (!o.Kind.SysV() && o.Name != c.o.Name) {
			t.Fatalf("listed %+v", o)
		}
		s, err := o.State()
		if err != nil {
			t.Fatal(err)
		}
		if !s.Exists || !s.Same || s.String() != "present" || s.UID != os.Geteuid() {
			t.Fatalf("%v: state %+v", o, s)
		}
		if c.mode&fs.ModeSocket != 0 {
			s.Mode &^= fs.ModePerm // depends on the umask
		}
		if s.Mode != c.mode || (c.size >= 0 && s.Size != c.size) || s.Count != c.count {
			t.Errorf("%v: state %+v, want %+v", o, s, c.want)
		}
		if found, ok := l.Find(strings.TrimPrefix(o.String(), o.Kind.String()+" ")); !ok || found.Handle != o.Handle {
			t.Errorf("Find(%v) = %v, %v", o, found, ok)
		}
	}

	// The ledger file says the same.
	files := ledgerFiles(t, dir)
	if len(files) != 1 || l.Path() != files[0] {
		t.Fatalf("ledger files %v, Path %q", files, l.Path())
	}
	var data struct {
		PID     int
		Objects []ledger.Object
	}
	b, _ := os.ReadFile(files[0])
	if err := json.Unmarshal(b, &data); err != nil || data.PID != os.Getpid() || !slices.EqualFunc(data.Objects, list, func(a, b ledger.Object) bool { return a.String() == b.String() && a.Ino == b.Ino && a.Ctime == b.Ctime }) {
		t.Fatalf("ledger file: %v\n%s", err, b)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode() != 0o600 {
		t.Fatalf("ledger file mode %v", fi.Mode())
	}

	if err := l.Clean(); err != nil {
		t.Fatal(err)
	}
	if n := len(l.List()); n != 0 {
		t.Fatalf("%d objects left after Clean", n)
	}
	for _, o := range list {
		if s, err := o.State(); err != nil || s.Exists || s.String() != "gone" {
			t.Errorf("%v after Clean: %+v, %v", o, s, err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if files := ledgerFiles(t, dir); len(files) != 0 {
		t.Fatalf("ledger files after Close: %v", files)
	}
}

// Kept objects survive Clean and Close; forgotten ones are not touched.
func TestKeepForgetRemove(t *testing.T) {
	t.Parallel()
	dir, objs := t.TempDir(), t.TempDir()
	l := newLedger(t, dir)
	path := func(name string) string {
		p := filepath.Join(objs, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keptAtAdd := add(t, l, ledger.Object{Kind: ledger.TempFile, Name: path("kept-at-add"), Keep: true})
	keptLater := add(t, l, ledger.Object{Kind: ledger.TempFile, Name: path("kept-later")})
	unkept := add(t, l, ledger.Object{Kind: ledger.TempFile, Name: path("unkept"), Keep: true})
	forgotten := add(t, l, ledger.Object{Kind: ledger.TempFile, Name: path("forgotten")})
	removed := add(t, l, ledger.Object{Kind: ledger.TempFile, Name: path("removed"), Keep: true})
	msg := newMsg(t)
	mustGoSysV(t, "msg", msg)
	keptMsg := add(t, l, ledger.Object{Kind: ledger.SysVQueue, ID: msg, Keep: true})
	_ = keptAtAdd

	if err := l.Keep(keptLater, true); err != nil {
		t.Fatal(err)
	}
	if err := l.Keep(unkept, false); err != nil {
		t.Fatal(err)
	}
	if err := l.Forget(forgotten); err != nil {
		t.Fatal(err)
	}
	if err := l.Remove(removed); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(objs, "removed")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("Remove left the file")
	}
	for _, err := range []error{l.Keep(forgotten, true), l.Forget(removed), l.Remove(999)} {
		if !errors.Is(err, ledger.ErrNotFound) {
			t.Fatalf("unknown handle: %v", err)
		}
	}
	if err := l.Clean(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"kept-at-add": true, "kept-later": true, "unkept": false, "forgotten": true, "removed": false} {
		if _, err := os.Lstat(filepath.Join(objs, name)); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", name, err == nil, want)
		}
	}
	if !sysvExists("msg", msg) {
		t.Fatal("kept queue removed")
	}
	rmSysV("msg", msg) // the test's own cleanup of the kept queue
	if files := ledgerFiles(t, dir); len(files) != 0 {
		t.Fatalf("ledger files after Close: %v", files)
	}
	if _, err := l.Add(ledger.Object{Kind: ledger.TempFile, Name: filepath.Join(objs, "forgotten")}); !errors.Is(err, ledger.ErrClosed) {
		t.Fatalf("Add after Close: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_ = keptMsg
}

// A path replaced by another file after Add is not removed.
func TestReplacedNotRemoved(t *testing.T) {
	t.Parallel()
	objs := t.TempDir()
	l, err := ledger.New(ledger.Memory())
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(objs, "file")
	os.WriteFile(p, []byte("ours"), 0o600)
	add(t, l, ledger.Object{Kind: ledger.TempFile, Name: p})
	// Rename ours away (so that its inode cannot be reused) and put another
	// file in its place.
	os.Rename(p, p+".ours")
	os.WriteFile(p, []byte("theirs"), 0o600)

	o := l.List()[0]
	if s, err := o.State(); err != nil || !s.Exists || s.Same || s.String() != "replaced" {
		t.Fatalf("state %+v, %v", s, err)
	}
	err = l.Clean()
	if !errors.Is(err, ledger.ErrReplaced) {
		t.Fatalf("Clean: %v", err)
	}
	if want := "remove tempfile " + p + ": replaced since it was recorded"; err.Error() != want {
		t.Fatalf("message %q, want %q", err, want)
	}
	if data, _ := os.ReadFile(p); string(data) != "theirs" {
		t.Fatal("the replacement was removed")
	}
	if len(l.List()) != 0 {
		t.Fatal("a replaced object stays listed")
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	// A directory swapped for a symbolic link to another directory.
	l2, _ := ledger.New(ledger.Memory())
	td := filepath.Join(objs, "td")
	other := filepath.Join(objs, "other")
	os.Mkdir(td, 0o700)
	os.Mkdir(other, 0o700)
	os.WriteFile(filepath.Join(other, "precious"), nil, 0o600)
	add(t, l2, ledger.Object{Kind: ledger.TempDir, Name: td})
	os.Rename(td, td+".ours")
	os.Symlink(other, td)
	if err := l2.Close(); !errors.Is(err, ledger.ErrReplaced) {
		t.Fatalf("Close: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, "precious")); err != nil {
		t.Fatal("followed a symlink:", err)
	}
}

func TestAddErrors(t *testing.T) {
	t.Parallel()
	objs := t.TempDir()
	l, _ := ledger.New(ledger.Memory())
	defer l.Close()
	file := filepath.Join(objs, "file")
	os.WriteFile(file, nil, 0o600)
	for _, c := range []struct {
		o    ledger.Object
		want string
	}{
		{ledger.Object{Name: file}, "add kind(0) " + file + ": invalid object kind 0"},
		{ledger.Object{Kind: ledger.FIFO, Name: file}, "add fifo " + file + ": is a regular file, not a fifo"},
		{ledger.Object{Kind: ledger.TempDir, Name: file}, "add tempdir " + file + ": is a regular file, not a directory"},
		{ledger.Object{Kind: ledger.TempFile, Name: filepath.Join(objs, "missing")}, "add tempfile " + filepath.Join(objs, "missing") + ": no such file or directory"},
		{ledger.Object{Kind: ledger.TempFile}, "add tempfile : empty path"},
		{ledger.Object{Kind: ledger.TempDir, Name: "/"}, "add tempdir /: refusing to record the root directory"},
		{ledger.Object{Kind: ledger.POSIXShm, Name: "noslash"}, `add shm noslash: invalid name "noslash": want "/name" with no other slash`},
		{ledger.Object{Kind: ledger.POSIXQueue, Name: "/a/b"}, `add mq /a/b: invalid name "/a/b": want "/name" with no other slash`},
		{ledger.Object{Kind: ledger.POSIXShm, Name: "/.."}, `add shm /..: invalid name "/..": want "/name" with no other slash`},
		{ledger.Object{Kind: ledger.SysVQueue, ID: -1}, "add sysv-msg -1: invalid id -1"},
		{ledger.Object{Kind: ledger.SysVSem, ID: 0x7ffffff0}, "add sysv-sem 2147483632: invalid argument"},
	} {
		_, err := l.Add(c.o)
		if err == nil || err.Error() != c.want {
			t.Errorf("Add(%+v): %v, want %q", c.o, err, c.want)
		}
		var le *ledger.Error
		if !errors.As(err, &le) || le.Op != "add" {
			t.Errorf("error %#v", err)
		}
	}
	// A wrong key, and a wrong inode, are a replaced object.
	msg := newMsg(t)
	mustGoSysV(t, "msg", msg)
	defer rmSysV("msg", msg)
	if _, err := l.Add(ledger.Object{Kind: ledger.SysVQueue, ID: msg, Key: 1234}); !errors.Is(err, ledger.ErrReplaced) {
		t.Errorf("wrong key: %v", err)
	}
	if _, err := l.Add(ledger.Object{Kind: ledger.TempFile, Name: file, Ino: 1, Dev: 1}); !errors.Is(err, ledger.ErrReplaced) {
		t.Errorf("wrong inode: %v", err)
	}
	if len(l.List()) != 0 {
		t.Fatal("failed Adds recorded something")
	}

	// A relative path is made absolute.
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, file)
	if err != nil {
		t.Skip(err)
	}
	h := add(t, l, ledger.Object{Kind: ledger.TempFile, Name: rel, Keep: true})
	if o, ok := l.Find(file); !ok || o.Handle != h {
		t.Fatalf("relative path recorded as %+v", l.List())
	}
}

func TestKindText(t *testing.T) {
	t.Parallel()
	for k := ledger.FIFO; k <= ledger.TempDir; k++ {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back ledger.Kind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Fatalf("%v → %s → %v, %v", k, b, back, err)
		}
	}
	if _, err := ledger.Kind(0).MarshalText(); err == nil {
		t.Fatal("marshalled kind 0")
	}
	if _, err := ledger.ParseKind("pipe"); err == nil || err.Error() != `unknown object kind "pipe"` {
		t.Fatalf("ParseKind: %v", err)
	}
}

// Many goroutines add, keep and list at once; Clean removes everything.
func TestConcurrent(t *testing.T) {
	t.Parallel()
	dir, objs := t.TempDir(), t.TempDir()
	l := newLedger(t, dir)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 25 {
				p := filepath.Join(objs, fmt.Sprintf("f%d-%d", g, i))
				if err := os.WriteFile(p, nil, 0o600); err != nil {
					t.Error(err)
					return
				}
				h, err := l.Add(ledger.Object{Kind: ledger.TempFile, Name: p})
				if err != nil {
					t.Error(err)
					return
				}
				l.Keep(h, i%2 == 0)
				l.Keep(h, false)
				l.List()
			}
		})
	}
	wg.Wait()
	if n := len(l.List()); n != 100 {
		t.Fatalf("%d objects", n)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(objs); len(ents) != 0 {
		t.Fatalf("%d files left", len(ents))
	}
	if files := ledgerFiles(t, dir); len(files) != 0 {
		t.Fatalf("ledger files after Close: %v", files)
	}
}

// helperMain is a session that records objects and is then killed: it
// prints their names on one line and waits for its stdin to close.
func helperMain(dir string) int {
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 1
	}
	objs := os.Getenv(helperEnv + "_OBJS")
	l, err := ledger.New(ledger.Dir(dir))
	if err != nil {
		return fail(err)
	}
	fifoPath := filepath.Join(objs, "fifo")
	tmp := filepath.Join(objs, "tmp")
	kept := filepath.Join(objs, "kept")
	if err := unix.Mkfifo(fifoPath, 0o600); err != nil {
		return fail(err)
	}
	os.WriteFile(tmp, []byte("x"), 0o600)
	os.WriteFile(kept, []byte("x"), 0o600)
	msg, _, errno := unix.Syscall(unix.SYS_MSGGET, unix.IPC_PRIVATE, unix.IPC_CREAT|0o600, 0)
	if errno != 0 {
		return fail(errno)
	}
	shm := fmt.Sprintf("/ipsh-ledger-test-%d-child", os.Getpid())
	if err := os.WriteFile("/dev/shm"+shm, []byte("x"), 0o600); err != nil {
		return fail(err)
	}
	for _, o := range []ledger.Object{
		{Kind: ledger.FIFO, Name: fifoPath},
		{Kind: ledger.TempFile, Name: tmp},
		{Kind: ledger.SysVQueue, ID: int(msg)},
		{Kind: ledger.POSIXShm, Name: shm},
		{Kind: ledger.TempFile, Name: kept, Keep: true},
	} {
		if _, err := l.Add(o); err != nil {
			return fail(err)
		}
	}
	fmt.Println(msg, shm)
	var b [1]byte
	os.Stdin.Read(b[:]) // until killed
	return 0
}

// A session killed with SIGKILL leaves its ledger file; CleanStale removes
// its objects (but not the kept one) and the file.
func TestCleanStaleAfterSIGKILL(t *testing.T) {
	t.Parallel()
	dir, objs := t.TempDir(), t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir, helperEnv+"_OBJS="+objs)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	var msg int
	var shm string
	if _, serr := fmt.Sscan(line, &msg, &shm); err != nil || serr != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper said %q: %v %v", line, err, serr)
	}
	record("msg", msg)
	recordPOSIX("/dev/shm" + shm)
	mustGoSysV(t, "msg", msg)
	mustGoPath(t, "/dev/shm"+shm)
	for _, n := range []string{"fifo", "tmp"} {
		mustGoPath(t, filepath.Join(objs, n))
	}

	// While the session runs, its file is not stale.
	if removed, err := ledger.CleanStale(dir); err != nil || len(removed) != 0 {
		t.Fatalf("CleanStale of a live session: %v, %v", removed, err)
	}
	if len(ledgerFiles(t, dir)) != 1 || !sysvExists("msg", msg) {
		t.Fatal("CleanStale touched a live session")
	}

	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait() // a zombie still counts as running
	if files := ledgerFiles(t, dir); len(files) != 1 {
		t.Fatalf("ledger files after SIGKILL: %v", files)
	}
	removed, err := ledger.CleanStale(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range removed {
		names = append(names, o.String())
	}
	want := []string{
		"fifo " + filepath.Join(objs, "fifo"),
		"tempfile " + filepath.Join(objs, "tmp"),
		"sysv-msg " + strconv.Itoa(msg),
		"shm " + shm,
	}
	if !slices.Equal(names, want) {
		t.Fatalf("removed %q, want %q", names, want)
	}
	if sysvExists("msg", msg) {
		t.Fatal("queue left")
	}
	if files := ledgerFiles(t, dir); len(files) != 0 {
		t.Fatalf("ledger files after CleanStale: %v", files)
	}
	kept := filepath.Join(objs, "kept")
	if _, err := os.Stat(kept); err != nil {
		t.Fatal("kept file removed:", err)
	}
	os.Remove(kept)
}

// procStart reads field 22 of /proc/PID/stat.
func procStart(t *testing.T, pid int) uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Skip("no /proc")
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	n, _ := strconv.ParseUint(f[19], 10, 64)
	return n
}

// writeLedger writes a ledger file as another session would have.
func writeLedger(t *testing.T, path string, pid int, start uint64, objs []ledger.Object) {
	t.Helper()
	b, err := json.Marshal(map[string]any{"version": 1, "pid": pid, "start": start, "objects": objs})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A ledger file whose process id now belongs to another process (here:
// this one, with another start time) is stale; one whose process runs is
// not. The identity checks hold for stale files too.
func TestCleanStalePIDReuse(t *testing.T) {
	t.Parallel()
	dir, objs := t.TempDir(), t.TempDir()
	mem, _ := ledger.New(ledger.Memory())
	defer mem.Forget(1)
	mk := func(name string) ledger.Object {
		p := filepath.Join(objs, name)
		os.WriteFile(p, nil, 0o600)
		h := add(t, mem, ledger.Object{Kind: ledger.TempFile, Name: p})
		o, _ := mem.Find(p)
		mem.Forget(h)
		return o
	}
	stale, live, reborn := mk("stale"), mk("live"), mk("reborn")
	if reborn.Birth == 0 {
		t.Log("no birth times on this file system")
	}
	reborn.Birth-- // as if a new file had been given the inode of ours
	msg := newMsg(t)
	mustGoSysV(t, "msg", msg)
	defer rmSysV("msg", msg)
	h := add(t, mem, ledger.Object{Kind: ledger.SysVQueue, ID: msg})
	changedMsg := mem.List()[0]
	mem.Forget(h)
	changedMsg.Ctime-- // as if another queue now had this id

	pid, start := os.Getpid(), procStart(t, os.Getpid())
	writeLedger(t, filepath.Join(dir, fmt.Sprintf("ipsh-ledger-%d-00000001.json", pid)), pid, start+1, []ledger.Object{stale, changedMsg, reborn})
	writeLedger(t, filepath.Join(dir, fmt.Sprintf("ipsh-ledger-%d-00000002.json", pid)), pid, start, []ledger.Object{live})
	// Half-written files of dead and live processes.
	deadTmp := filepath.Join(dir, "ipsh-ledger-2147483647-00000003.json.tmp")
	liveTmp := filepath.Join(dir, fmt.Sprintf("ipsh-ledger-%d-00000004.json.tmp", pid))
	os.WriteFile(deadTmp, nil, 0o600)
	os.WriteFile(liveTmp, nil, 0o600)

	removed, err := ledger.CleanStale(dir)
	if len(removed) != 1 || removed[0].Name != stale.Name {
		t.Fatalf("removed %v", removed)
	}
	if !errors.Is(err, ledger.ErrReplaced) || !strings.Contains(err.Error(), "remove sysv-msg "+strconv.Itoa(msg)+": replaced") {
		t.Fatalf("err %v", err)
	}
	if !sysvExists("msg", msg) {
		t.Fatal("removed a queue whose ctime differs")
	}
	if _, serr := os.Stat(reborn.Name); reborn.Birth != -1 && (serr != nil || !strings.Contains(err.Error(), "remove tempfile "+reborn.Name+": replaced")) {
		t.Fatalf("removed a file with another birth time: %v", err)
	}
	var left []string
	for _, f := range ledgerFiles(t, dir) {
		left = append(left, filepath.Base(f))
	}
	if want := []string{fmt.Sprintf("ipsh-ledger-%d-00000002.json", pid), filepath.Base(liveTmp)}; !slices.Equal(left, want) {
		t.Fatalf("files left %q, want %q", left, want)
	}
	if _, err := os.Stat(live.Name); err != nil {
		t.Fatal("live session's file removed")
	}
}

// CleanStale trusts no file or directory that another user could have
// planted, and no record naming the root directory.
func TestCleanStaleRefuses(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root to chown")
	}
	dir := t.TempDir()
	victim := t.TempDir()
	os.WriteFile(filepath.Join(victim, "precious"), nil, 0o600)
	var st unix.Stat_t
	unix.Stat(victim, &st)
	foreign := filepath.Join(dir, "ipsh-ledger-2147483647-00000001.json")
	writeLedger(t, foreign, 2147483647, 0, []ledger.Object{{Kind: ledger.TempDir, Name: victim, ID: -1, Dev: st.Dev, Ino: st.Ino}})
	os.Chown(foreign, 65534, 65534)
	bad := filepath.Join(dir, "ipsh-ledger-2147483646-00000001.json")
	writeLedger(t, bad, 2147483646, 0, []ledger.Object{{Kind: ledger.TempDir, Name: "/", ID: -1}})
	link := filepath.Join(dir, "ipsh-ledger-2147483645-00000001.json")
	os.Symlink(foreign, link)

	removed, err := ledger.CleanStale(dir)
	if len(removed) != 0 {
		t.Fatalf("removed %v", removed)
	}
	for _, want := range []string{
		"read " + foreign + ": owned by uid 65534, not 0",
		"read " + bad + ": tempdir /: refusing to record the root directory",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err %v, want %q", err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(victim, "precious")); err != nil {
		t.Fatal(err)
	}

	open := t.TempDir()
	os.Chmod(open, 0o777)
	if _, err := ledger.CleanStale(open); err == nil || err.Error() != "check "+open+": mode 0777: writable by group or others" {
		t.Fatalf("group-writable dir: %v", err)
	}
	if _, err := ledger.New(ledger.Dir(open)); err == nil {
		t.Fatal("New accepted a group-writable dir")
	}
}

// Not parallel: it sets XDG_RUNTIME_DIR and TMPDIR.
func TestRuntimeDir(t *testing.T) {
	good := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", good)
	if d, err := ledger.RuntimeDir(); err != nil || d != good {
		t.Fatalf("RuntimeDir() = %q, %v; want %q", d, err, good)
	}

	// The fallbacks: /run/user/UID when usable, else $TMPDIR/ipsh-UID.
	uid := strconv.Itoa(os.Geteuid())
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	fallback := "/run/user/" + uid
	if fi, err := os.Lstat(fallback); err != nil || !fi.IsDir() {
		fallback = filepath.Join(tmp, "ipsh-"+uid)
	}
	link := filepath.Join(t.TempDir(), "link")
	os.Symlink(good, link)
	open := t.TempDir()
	os.Chmod(open, 0o777)
	for _, xdg := range []string{link, open, "relative", ""} {
		t.Setenv("XDG_RUNTIME_DIR", xdg)
		if d, err := ledger.RuntimeDir(); err != nil || d != fallback {
			t.Fatalf("XDG_RUNTIME_DIR=%q: RuntimeDir() = %q, %v; want %q", xdg, d, err, fallback)
		}
	}
	if fallback != "/run/user/"+uid {
		if fi, err := os.Stat(fallback); err != nil || fi.Mode() != fs.ModeDir|0o700 {
			t.Fatalf("made %s: %v, %v", fallback, fi.Mode(), err)
		}
		// A planted symbolic link is refused.
		os.Remove(fallback)
		os.Symlink(good, fallback)
		if d, err := ledger.RuntimeDir(); err == nil || err.Error() != "check "+fallback+": is a symbolic link" {
			t.Fatalf("planted symlink: %q, %v", d, err)
		}
	}

	// A ledger with the default directory uses it.
	t.Setenv("XDG_RUNTIME_DIR", good)
	l, err := ledger.New()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, nil, 0o600)
	add(t, l, ledger.Object{Kind: ledger.TempFile, Name: p})
	if filepath.Dir(l.Path()) != good {
		t.Fatalf("ledger file %q", l.Path())
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}
