package signals_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipsh/ipsh/signals"
)

func TestMkTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mask := umask(t)
	seen := map[string]bool{}
	for range 50 {
		p, err := signals.MkTemp(dir, "", false)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(p)
		if filepath.Dir(p) != dir || !strings.HasPrefix(base, "tmp.") || len(base) != len(signals.DefaultTemplate) || strings.Contains(base, "XXX") {
			t.Fatalf("path %q", p)
		}
		if seen[p] {
			t.Fatalf("%s made twice", p)
		}
		seen[p] = true
		fi, err := os.Lstat(p)
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600&^mask {
			t.Fatalf("%s: %v, %v", p, fi.Mode(), err)
		}
	}
	d, err := signals.MkTemp(dir, "sub.XXX", true)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(d); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700&^mask {
		t.Fatalf("%s: %v, %v", d, fi.Mode(), err)
	}
	abs, err := signals.MkTemp("", filepath.Join(d, "abs.XXXXXX"), false)
	if err != nil || filepath.Dir(abs) != d {
		t.Fatalf("absolute template: %q, %v", abs, err)
	}
	full, err := signals.MkTemp(d, "nested/f.XXX", false)
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("template in a missing directory: %q, %v", full, err)
	}
	for _, bad := range []string{"XX", "aXXb", "dir/", "XXX/"} {
		if p, err := signals.MkTemp(dir, bad, false); !errors.Is(err, signals.ErrTemplate) {
			t.Errorf("template %q: %q, %v", bad, p, err)
		}
	}
	if _, err := signals.MkTemp(dir, "/abs/XXX", false); !errors.Is(err, signals.ErrTemplate) {
		t.Errorf("absolute template with a dir: %v", err)
	}
	_, err = signals.MkTemp(dir, "XX", false)
	if want := "mktemp XX: invalid template"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestMkTempCollisions plants symlinks on a share of the names a 3-X
// template can give and checks that MkTemp steps over them without
// following any (the 300 calls most likely hit a planted name and retry).
func TestMkTempCollisions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	planted := map[string]bool{}
	for _, a := range alphabet {
		for _, b := range alphabet[:4] {
			for _, c := range alphabet[:4] {
				name := filepath.Join(dir, "p"+string(a)+string(b)+string(c))
				if err := os.Symlink(target, name); err != nil {
					t.Fatal(err)
				}
				planted[name] = true
			}
		}
	}
	for range 300 {
		p, err := signals.MkTemp(dir, "pXXX", false)
		if err != nil {
			t.Fatal(err)
		}
		if planted[p] {
			t.Fatalf("%s was planted", p)
		}
		if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
			t.Fatalf("%s is not a fresh regular file", p)
		}
	}
	if _, err := os.Lstat(target); err == nil {
		t.Fatal("a symlink was followed")
	}
}
