package builtins

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestProcMktemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tmp := t.TempDir()
	res := procRun(t, dir, `mkdir sub
mktemp
mktemp -d
mktemp -k
mktemp foo.XXXX
mktemp -p sub bar.XXXXX
mktemp --tmpdir=sub -d baz.XXX
mktemp -t qux.XXXXXX
mktemp -u
mktemp -d -k kept.XXX`, "TMPDIR="+tmp)
	if res.status != 0 || res.err != "" {
		t.Fatalf("status %d: %s", res.status, res.err)
	}
	paths := strings.Fields(res.out)
	if len(paths) != 9 {
		t.Fatalf("printed %q", res.out)
	}
	for i, want := range []struct {
		dir, prefix string
		n           int
	}{
		{tmp, "tmp.", 10}, {tmp, "tmp.", 10}, {tmp, "tmp.", 10},
		{dir, "foo.", 4}, {dir + "/sub", "bar.", 5}, {dir + "/sub", "baz.", 3},
		{tmp, "qux.", 6}, {tmp, "tmp.", 10}, {dir, "kept.", 3},
	} {
		d, base := filepath.Split(paths[i])
		if filepath.Clean(d) != want.dir || !strings.HasPrefix(base, want.prefix) || len(base) != len(want.prefix)+want.n {
			t.Errorf("path %d: %s, want %s/%s + %d characters", i, paths[i], want.dir, want.prefix, want.n)
		}
	}
	// After the session: only the kept ones and nothing else.
	for i, p := range paths {
		_, err := os.Lstat(p)
		kept := i == 2 || i == 8
		if kept != (err == nil) {
			t.Errorf("%s: exists %v after the session, want %v", p, err == nil, kept)
		}
	}
	for _, p := range []string{paths[2], paths[8]} {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if want := os.FileMode(0o600); fi.IsDir() {
			if fi.Mode().Perm() != 0o700 {
				t.Errorf("%s: mode %v, want 0700", p, fi.Mode())
			}
		} else if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode(), want)
		}
		os.Remove(p)
	}
}

func TestProcMktempModes(t *testing.T) {
	// Not parallel: umask is the process's, and the script changes it.
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	dir := t.TempDir()
	res := procRun(t, dir, `umask 0; f=$(mktemp) d=$(mktemp -d); stat -c %a "$f" "$d"`, "TMPDIR="+dir)
	if res.out != "600\n700\n" {
		t.Errorf("modes %q (stderr %q), want 600 and 700", res.out, res.err)
	}
}

func TestProcMktempBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		script string
		status int
		msg    string
	}{
		{"mktemp fooXX", 1, "mktemp: fooXX: invalid template"},
		{"mktemp -q fooXX", 1, ""},
		{"mktemp -t a/XXX", 1, "mktemp: invalid template, 'a/XXX', contains directory separator"},
		{"mktemp -p /tmp /abs.XXX", 1, "mktemp: invalid template, '/abs.XXX'; with --tmpdir, it may not be absolute"},
		{"mktemp -p /nonexistent", 1, "mktemp: /nonexistent/tmp."},
		{"mktemp a.XXX b.XXX", 2, "mktemp: too many templates"},
		{"mktemp -z", 2, "mktemp: invalid option -- 'z'"},
	} {
		res := procRun(t, dir, tc.script)
		first, _, _ := strings.Cut(res.err, "\n")
		if res.status != tc.status || !strings.HasPrefix(first, tc.msg) || (tc.msg == "" && res.err != "") {
			t.Errorf("%s: status %d, stderr %q; want %d, %q", tc.script, res.status, res.err, tc.status, tc.msg)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
}
