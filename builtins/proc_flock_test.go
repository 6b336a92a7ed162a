package builtins

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipsh/ipsh/signals"
)

// procHold opens path for writing and takes lock how on it from the test
// process, so that the shells under test see it held elsewhere.
func procHold(t *testing.T, path string, how signals.LockType) *os.File {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if err := signals.Flock(context.Background(), f, how, false); err != nil {
		t.Fatal(err)
	}
	return f
}

// procFlockCases run under ipsh and, with util-linux flock(1), under bash:
// both must print the same. "held" is exclusively locked by the test.
var procFlockCases = []struct{ name, script, want string }{
	{"nonblock conflict", `flock -n held true; echo $?`, "1\n"},
	{"conflict exit code", `flock -n -E 9 held true; echo $?`, "9\n"},
	{"conflict exit code long", `flock --nonblock --conflict-exit-code=7 held true; echo $?`, "7\n"},
	{"zero exit code", `flock -E 0 -n held echo ran; echo $?`, "0\n"},
	{"timeout", `flock -w 0.1 held true; echo $?`, "1\n"},
	{"timeout zero", `flock -w 0 held true; echo $?`, "1\n"},
	{"shared conflict", `flock -s -n held true; echo $?`, "1\n"},
	{"last type wins", `flock -s -x -s -n held true; echo $?`, "1\n"},
	{"command status", `flock free sh -c 'exit 7'; echo $?`, "7\n"},
	{"command output", `flock -n free echo hi; echo $?`, "hi\n0\n"},
	{"dash c", `flock free -c 'echo via-c; exit 3'; echo $?`, "via-c\n3\n"},
	{"fd lock", `exec 9>free; flock -n 9; echo $?; flock -n free true; echo $?; flock -u 9; flock -n free true; echo $?`, "0\n1\n0\n"},
	{"fd shared", `: > free; exec 9<free; flock -s 9; echo $?; flock -s -n free true; echo $?; flock -n free true; echo $?`, "0\n0\n1\n"},
	{"subshell idiom", `( flock -n 8 || exit 1; echo inside; flock -n free true; echo $? ) 8>free; flock -n free true; echo $?`, "inside\n1\n0\n"},
	{"wait for release", `flock -x free sleep 0.3 & sleep 0.05; flock -w 30 free echo got; wait`, "got\n"},
	{"command inherits lock", `flock -n free sh -c 'flock -n free true; echo $?'`, "1\n"},
	{"directory", `mkdir -p d; flock -n d echo dir`, "dir\n"},
}

func TestProcFlockCompat(t *testing.T) {
	t.Parallel()
	for _, tc := range procFlockCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			procHold(t, filepath.Join(dir, "held"), signals.Exclusive)
			res := procRun(t, dir, tc.script)
			if res.out != tc.want || res.err != "" {
				t.Errorf("ipsh: stdout %q stderr %q, want %q", res.out, res.err, tc.want)
			}
		})
	}
}

// TestProcFlockBash checks the table against bash and util-linux flock(1).
func TestProcFlockBash(t *testing.T) {
	if testing.Short() {
		t.Skip("differential test")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("no flock(1)")
	}
	t.Parallel()
	for _, tc := range procFlockCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			procHold(t, filepath.Join(dir, "held"), signals.Exclusive)
			cmd := exec.Command(bash, "-c", tc.script)
			cmd.Dir = dir
			out, err := cmd.Output()
			if err != nil || string(out) != tc.want {
				t.Errorf("bash: %v: stdout %q, want %q", err, out, tc.want)
			}
		})
	}
}

func TestProcFlockRange(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := procHold(t, filepath.Join(dir, "held"), signals.Shared) // a flock, independent of ranges
	if err := signals.LockRange(context.Background(), f, 0, 10, signals.Exclusive, false); err != nil {
		t.Fatal(err)
	}
	res := procRun(t, dir, `
flock -n --range 5:10 held true; echo overlap=$?
flock -n --range 10:5 held true; echo after=$?
flock -n --range 0:0 held true; echo toend=$?
flock -n --range 100:0 held true; echo far=$?
flock -n -x held true; echo whole=$?
exec 7<>mine; flock --range 0:4 7; echo mine=$?
flock -n --range 2:1 mine true; echo conflict=$?
flock -n --range 4:4 mine true; echo free=$?
flock -u --range 0:4 7; flock -n --range 2:1 mine true; echo unlocked=$?
exec 6<mine; flock --range 0:1 -x 6; echo readonly=$?
`)
	want := "overlap=1\nafter=0\ntoend=1\nfar=0\nwhole=1\nmine=0\nconflict=1\nfree=0\nunlocked=0\nreadonly=1\n"
	if res.out != want {
		t.Errorf("stdout\n%s\nwant\n%s\nstderr %s", res.out, want, res.err)
	}
	if !strings.Contains(res.err, "flock: ") || strings.Count(res.err, "\n") != 1 {
		t.Errorf("stderr: want one line for the read-only fd, got %q", res.err)
	}
}

func TestProcFlockBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		script string
		status int
		msg    string // first line of stderr
	}{
		{"flock", 2, "flock: not enough arguments"},
		{"flock -w abc f true", 2, "flock: invalid timeout value: 'abc'"},
		{"flock -w -1 f true", 2, "flock: invalid timeout value: '-1'"},
		{"flock -E 300 f true", 2, "flock: exit code out of range (expected 0 to 255)"},
		{"flock -Z f true", 2, "flock: invalid option -- 'Z'"},
		{"flock --bogus f true", 2, "flock: unrecognized option '--bogus'"},
		{"flock -w", 2, "flock: option requires an argument -- 'w'"},
		{"flock abc", 2, "flock: bad file descriptor: 'abc'"},
		{"flock 55", 1, "flock: 55: bad file descriptor"},
		{"flock f -c", 2, "flock: -c requires exactly one command argument"},
		{"flock f -c a b", 2, "flock: -c requires exactly one command argument"},
		{"flock --range 5 f true", 2, "flock: invalid range '5' (want OFFSET:LEN, LEN 0 for to the end)"},
		{"flock --range -1:2 f true", 2, "flock: invalid range '-1:2' (want OFFSET:LEN, LEN 0 for to the end)"},
		{"flock /nonexistent/x true", 1, "flock: cannot open lock file /nonexistent/x: no such file or directory"},
		{"flock f /nonexistent/cmd", 127, ""},
	} {
		res := procRun(t, dir, tc.script)
		first, _, _ := strings.Cut(res.err, "\n")
		if res.status != tc.status || (tc.msg != "" && first != tc.msg) {
			t.Errorf("%s: status %d, stderr %q; want %d, %q", tc.script, res.status, res.err, tc.status, tc.msg)
		}
	}
}
