package redirect_test

import (
	"os"
	"testing"

	"github.com/ipsh/ipsh/redirect"
)

func pipe(t *testing.T) (*os.File, *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	return r, w
}

// A private slot is usable through Get but left out of Files, and a
// redirection exposes it.
func TestPrivate(t *testing.T) {
	var tb redirect.Table
	defer tb.CloseAll()
	r, w := pipe(t)
	tb.Set(0, r)
	if err := tb.SetPrivate(12, w, nil); err != nil {
		t.Fatal(err)
	}
	if tb.Get(12) != w || !tb.Private(12) || tb.Private(0) || tb.Private(13) {
		t.Fatal("Get or Private wrong")
	}
	if fs := tb.Files(); len(fs) != 1 || fs[0] != r {
		t.Fatalf("Files = %v, want only fd 0", fs)
	}
	if n, _ := tb.Free(10); n != 10 {
		t.Fatalf("Free(10) = %d", n)
	}
	if n, _ := tb.Free(12); n != 13 {
		t.Fatalf("Free(12) = %d: a private slot is taken", n)
	}

	// Clones keep the mark; a dup to another fd is not private.
	c := tb.Clone()
	defer c.CloseAll()
	if !c.Private(12) {
		t.Fatal("clone lost the mark")
	}
	c.Dup(12, 1)
	if c.Private(1) || c.Files()[1] != w || len(c.Files()) != 2 {
		t.Fatalf("dup: Files = %v", c.Files())
	}
	// A dup onto itself exposes it in that table only.
	c.Dup(12, 12)
	if c.Private(12) || len(c.Files()) != 13 || c.Files()[12] != w {
		t.Fatal("12>&12 did not expose fd 12")
	}
	if !tb.Private(12) {
		t.Fatal("the original lost its mark")
	}
	// Adopt carries the mark; another file at the fd clears it.
	var o redirect.Table
	defer o.CloseAll()
	o.Adopt(&tb, 12)
	if !o.Private(12) {
		t.Fatal("Adopt lost the mark")
	}
	r2, w2 := pipe(t)
	defer r2.Close()
	o.Set(12, w2)
	if o.Private(12) {
		t.Fatal("Set kept the mark")
	}
	if err := tb.SetPrivate(-1, w2, nil); err == nil {
		t.Fatal("SetPrivate(-1) succeeded")
	}
	if err := tb.SetPrivate(3, nil, nil); err == nil {
		t.Fatal("SetPrivate(nil file) succeeded")
	}
}

// The release function runs once, when the last table drops the file,
// instead of Close.
func TestPrivateRelease(t *testing.T) {
	r, w := pipe(t)
	defer r.Close()
	calls := 0
	var tb redirect.Table
	tb.SetPrivate(10, w, func() error { calls++; return w.Close() })
	c := tb.Clone()
	c.Dup(10, 1)
	tb.Close(10)
	if calls != 0 {
		t.Fatal("released while a clone refers to it")
	}
	c.Close(10)
	if calls != 0 {
		t.Fatal("released while fd 1 refers to it")
	}
	c.CloseAll()
	if calls != 1 {
		t.Fatalf("released %d times", calls)
	}
	if _, err := w.Write([]byte("x")); err == nil {
		t.Fatal("file still open")
	}
}
