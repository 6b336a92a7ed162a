package shm_test

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/ipsh/ipsh/shm"
)

func TestValidName(t *testing.T) {
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"/x", true}, {"/a.b-c_d", true}, {"/" + strings.Repeat("n", 255), true},
		{"", false}, {"/", false}, {"x", false}, {"//x", false}, {"/a/b", false},
		{"/.", false}, {"/..", false}, {"/" + strings.Repeat("n", 256), false}, {"/a\x00b", false},
	} {
		err := shm.ValidName(c.name)
		if (err == nil) != c.ok {
			t.Errorf("ValidName(%q) = %v, want ok=%v", c.name, err, c.ok)
		}
		if err != nil && !errors.Is(err, shm.ErrInvalidName) {
			t.Errorf("ValidName(%q) = %v, not ErrInvalidName", c.name, err)
		}
		if !c.ok {
			_, err := shm.Create(c.name, 1, 0o600)
			if !errors.Is(err, shm.ErrInvalidName) || !strings.HasPrefix(err.Error(), "shm create "+cmp.Or(c.name, `""`)+": invalid name") {
				t.Errorf("Create(%q) = %v", c.name, err)
			}
		}
	}
}

func TestObjectLifecycle(t *testing.T) {
	name := newName(t)
	o, err := shm.Create(name, 8192, 0o640)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	info, err := o.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != 8192 || info.Mode != 0o640 || info.UID != uint32(os.Getuid()) || info.Name != name {
		t.Errorf("Stat = %+v", info)
	}
	if _, err := shm.Create(name, 1, 0o600); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Create: %v, want ErrExist", err)
	}
	if n, err := o.WriteAt([]byte("hello"), 100); n != 5 || err != nil {
		t.Fatalf("WriteAt = %d, %v", n, err)
	}
	// Writes do not grow the object.
	n, err := o.WriteAt([]byte("abcdef"), 8190)
	if n != 2 || !errors.Is(err, io.ErrShortWrite) {
		t.Errorf("WriteAt past end = %d, %v", n, err)
	}

	o2, err := shm.Open(name, os.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	defer o2.Close()
	buf := make([]byte, 5)
	if _, err := o2.ReadAt(buf, 100); err != nil || string(buf) != "hello" {
		t.Errorf("ReadAt = %q, %v", buf, err)
	}
	if _, err := o2.ReadAt(buf, 8190); err != io.EOF {
		t.Errorf("ReadAt at end: %v, want io.EOF", err)
	}
	if _, err := o2.Map(0, 0, true); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("writable Map of read-only object: %v", err)
	}

	// Two mappings of the same object share bytes.
	m1, err := o.Map(0, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := o2.Map(4096, 4096, false)
	if err != nil {
		t.Fatal(err)
	}
	if m1.Len() != 8192 || m2.Len() != 4096 {
		t.Errorf("lengths %d %d", m1.Len(), m2.Len())
	}
	copy(m1.Bytes()[4096:], "shared")
	if !bytes.HasPrefix(m2.Bytes(), []byte("shared")) {
		t.Errorf("mapping not shared: %q", m2.Bytes()[:6])
	}
	if err := m1.Unmap(); err != nil {
		t.Error(err)
	}
	if err := m1.Unmap(); err != nil {
		t.Errorf("second Unmap: %v", err)
	}
	if _, err := m1.ReadAt(buf, 0); !errors.Is(err, shm.ErrClosed) {
		t.Errorf("ReadAt after Unmap: %v", err)
	}
	m2.Unmap()
	if _, err := o.Map(100, 10, false); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("unaligned Map: %v", err)
	}

	if err := o.Truncate(100); err != nil {
		t.Fatal(err)
	}
	if fi, err := shm.StatName(name); err != nil || fi.Size != 100 {
		t.Errorf("StatName = %+v, %v", fi, err)
	}
	list, err := shm.List()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range list {
		found = found || e.Name == name
	}
	if !found {
		t.Errorf("List lacks %s", name)
	}
	if err := shm.Remove(name); err != nil {
		t.Fatal(err)
	}
	if _, err := shm.Open(name, os.O_RDWR); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open after Remove: %v", err)
	}
	err = shm.Remove(name)
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != "shm remove "+name+": no such file or directory" {
		t.Errorf("second Remove: %v", err)
	}
}

func TestObjectRefusesPlantedFiles(t *testing.T) {
	link := newName(t)
	target := newName(t)
	o, err := shm.Create(target, 10, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	if err := os.Symlink(shm.Dir+target, shm.Dir+link); err != nil {
		t.Fatal(err)
	}
	if _, err := shm.Open(link, os.O_RDWR); !errors.Is(err, unix.ELOOP) {
		t.Errorf("Open of a symlink: %v, want ELOOP", err)
	}
	if _, err := shm.Create(link, 10, 0o600); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create over a symlink: %v, want ErrExist", err)
	}
	fifo := newName(t)
	if err := unix.Mkfifo(shm.Dir+fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = shm.Open(fifo, os.O_RDONLY) // must not block
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Open of a FIFO: %v", err)
	}
}

func TestObjectBadInput(t *testing.T) {
	name := newName(t)
	if _, err := shm.Create(name, -1, 0o600); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("negative size: %v", err)
	}
	_, err := shm.Create(name, 1<<62, 0o600)
	if !errors.As(err, new(*shm.LimitError)) || !strings.Contains(err.Error(), "object size of "+strconv.FormatInt(1<<62, 10)+" bytes exceeds the size of /dev/shm (") {
		t.Errorf("huge size: %v", err)
	}
	if _, err := os.Lstat(shm.Dir + name); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("failed Create left %s behind", name)
	}
	if _, err := shm.Open(name, os.O_WRONLY); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("O_WRONLY: %v", err)
	}
}

// TestPermissionDenied opens 0600 objects of every kind as nobody.
func TestPermissionDenied(t *testing.T) {
	name := newName(t)
	o, err := shm.Create(name, 4096, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	q := newQueue(t, shm.Private, 0o600)
	seg := newSegment(t, shm.Private, 4096, 0o600)
	sem := newSemSet(t, 1, 0o600)
	out := runAsNobody(t, "perm", name, strconv.Itoa(int(q)), strconv.Itoa(int(seg)), strconv.Itoa(int(sem)))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		"shm open " + name + ": permission denied",
		"msg recv id " + strconv.Itoa(int(q)) + ": permission denied",
		"shm attach id " + strconv.Itoa(int(seg)) + ": permission denied",
		"sem get id " + strconv.Itoa(int(sem)) + ": permission denied",
	}
	if len(lines) != len(want) {
		t.Fatalf("helper printed %q", out)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("got %q, want %q", lines[i], want[i])
		}
	}
}
