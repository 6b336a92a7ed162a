package builtins

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/ipsh/ipsh/signals"
)

func procExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func TestProcPidfileLifecycle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pid := strconv.Itoa(os.Getpid())
	res := procRun(t, dir, `
pidfile create a.pid; echo create=$?
pidfile read a.pid; echo read=$?
pidfile check a.pid; echo check=$?
pidfile signal a.pid 0; echo signal=$?
pidfile create a.pid; echo again=$?
`)
	want := "create=0\n" + pid + "\nread=0\ncheck=0\nsignal=0\nagain=1\n"
	if res.out != want || res.status != 0 {
		t.Errorf("got status %d, stdout\n%s\nwant\n%s", res.status, res.out, want)
	}
	if want := "pidfile: create " + filepath.Join(dir, "a.pid") + ": held by pid " + pid + "\n"; res.err != want {
		t.Errorf("stderr %q, want %q", res.err, want)
	}
	if procExists(filepath.Join(dir, "a.pid")) {
		t.Error("a.pid was not removed when the session ended")
	}
	// A kept one stays, stale, once the shell process that made it has
	// exited. (In one process, its lock lasts until the runner is garbage
	// collected: see procState.)
	if out, err := procHelper(t, dir, `pidfile create -k -p 4242 kept.pid`).CombinedOutput(); err != nil {
		t.Fatalf("helper: %v: %s", err, out)
	}
	res = procRun(t, dir, `pidfile read kept.pid; echo read=$?; pidfile check kept.pid; echo check=$?
pidfile signal kept.pid TERM; echo signal=$?
pidfile remove kept.pid; echo remove=$?`)
	want = "4242\nread=1\ncheck=1\nsignal=1\nremove=0\n"
	if res.out != want {
		t.Errorf("stale pidfile: stdout\n%s\nwant\n%s", res.out, want)
	}
	if want := "pidfile: signal " + filepath.Join(dir, "kept.pid") + ": no live owner\n"; res.err != want {
		t.Errorf("stderr %q, want %q", res.err, want)
	}
	if procExists(filepath.Join(dir, "kept.pid")) {
		t.Error("pidfile remove left a stale pidfile")
	}
}

// TestProcPidfileNotInherited checks that commands the shell runs do not
// get the pidfile's locked descriptor.
func TestProcPidfileNotInherited(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	res := procRun(t, dir, `pidfile create x.pid || exit 9
sh -c 'for f in /proc/$$/fd/*; do readlink "$f"; done; true'`)
	if res.status != 0 {
		t.Fatalf("status %d: %s", res.status, res.err)
	}
	if strings.Count(res.out, "\n") < 3 {
		t.Fatalf("the child listed no fds: %q", res.out)
	}
	if strings.Contains(res.out, "x.pid") {
		t.Errorf("a child inherited the pidfile:\n%s", res.out)
	}
}

func TestProcPidfileRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "target"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target", filepath.Join(dir, "link.pid")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.pid"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ script, msg string }{
		{"pidfile create link.pid", "pidfile: create " + dir + "/link.pid: is a symbolic link\n"},
		{"pidfile create fifo.pid", "pidfile: create " + dir + "/fifo.pid: not a regular file\n"},
		{"pidfile read fifo.pid", "pidfile: read " + dir + "/fifo.pid: not a regular file\n"},
		{"pidfile check link.pid", "pidfile: check " + dir + "/link.pid: is a symbolic link\n"},
		{"pidfile create dir.pid/x", "pidfile: create " + dir + "/dir.pid/x: no such file or directory\n"},
	} {
		res := procRun(t, dir, tc.script)
		if res.status != 1 || res.err != tc.msg || res.out != "" {
			t.Errorf("%s: status %d, stderr %q, want 1 and %q", tc.script, res.status, res.err, tc.msg)
		}
	}
	if fi, err := os.Lstat(filepath.Join(dir, "link.pid")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was touched")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "target")); len(b) != 0 {
		t.Errorf("the symlink's target was written: %q", b)
	}
}

func TestProcPidfileBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		script string
		status int
		msg    string // first line of stderr
	}{
		{"pidfile", 2, "pidfile: missing subcommand"},
		{"pidfile frob x", 2, "pidfile: frob: unknown subcommand"},
		{"pidfile create", 2, "pidfile: create: expected one PATH"},
		{"pidfile create -p abc x.pid", 2, "pidfile: create: invalid pid 'abc'"},
		{"pidfile create -p 0 x.pid", 2, "pidfile: create: invalid pid '0'"},
		{"pidfile create -z x.pid", 2, "pidfile: create: invalid option -- 'z'"},
		{"pidfile read", 2, "pidfile: read: expected one PATH"},
		{"pidfile read missing.pid", 1, "pidfile: read " + dir + "/missing.pid: no such file or directory"},
		{"pidfile check missing.pid", 1, ""},
		{"pidfile remove missing.pid", 1, "pidfile: remove " + dir + "/missing.pid: no such file or directory"},
		{"pidfile signal missing.pid TERM", 1, "pidfile: signal " + dir + "/missing.pid: no such file or directory"},
		{"pidfile create a.pid; pidfile signal a.pid FOO", 1, "pidfile: FOO: invalid signal specification"},
		{"pidfile signal a.pid", 2, "pidfile: signal: expected PATH and SIG"},
		{"echo junk > j.pid; pidfile read j.pid", 1, "pidfile: read " + dir + "/j.pid: no valid pid in file"},
	} {
		res := procRun(t, dir, tc.script)
		first, _, _ := strings.Cut(res.err, "\n")
		if res.status != tc.status || first != tc.msg {
			t.Errorf("%s: status %d, stderr %q; want %d, %q", tc.script, res.status, res.err, tc.status, tc.msg)
		}
		if tc.status == 1 && strings.Count(res.err, "\n") > 1 {
			t.Errorf("%s: more than one line: %q", tc.script, res.err)
		}
	}
}

func TestProcPidfileRemove(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// Held by another open file naming another pid: refused.
	other, err := signals.Create(filepath.Join(dir, "other.pid"), 4242)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// Held by another open file naming this process, as a daemon's fd 3.
	mine, err := signals.Create(filepath.Join(dir, "mine.pid"), os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Close()
	res := procRun(t, dir, `
pidfile remove other.pid; echo other=$?
pidfile remove mine.pid; echo mine=$?
pidfile create held.pid; pidfile remove held.pid; echo held=$?
[ -e held.pid ] || echo gone
pidfile create held.pid; echo recreate=$?`)
	if want := "other=1\nmine=0\nheld=0\ngone\nrecreate=0\n"; res.out != want {
		t.Errorf("stdout\n%s\nwant\n%s", res.out, want)
	}
	if want := "pidfile: remove " + dir + "/other.pid: held by pid 4242\n"; res.err != want {
		t.Errorf("stderr %q, want %q", res.err, want)
	}
	if !procExists(filepath.Join(dir, "other.pid")) || procExists(filepath.Join(dir, "mine.pid")) || procExists(filepath.Join(dir, "held.pid")) {
		t.Error("wrong files removed")
	}
}

// TestProcPidfileRaceProcesses has several shell processes race `pidfile
// create` on one path: exactly one wins each round, and the winner's
// session removes the file when it ends. (The signals package has the
// 20-process, 100-round version of this race.)
func TestProcPidfileRaceProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	t.Parallel()
	dir := t.TempDir()
	const procs, rounds = 4, 5
	script := `if pidfile create race.pid 2>/dev/null; then echo won; else echo lost; fi; read x; exit 0`
	for round := range rounds {
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			won   int
			lines []string
		)
		cmds := make([]*procCmd, procs)
		for i := range cmds {
			cmds[i] = startProcCmd(t, dir, script)
		}
		for _, c := range cmds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				line, _ := c.out.ReadString('\n')
				mu.Lock()
				defer mu.Unlock()
				lines = append(lines, strings.TrimSpace(line))
				if line == "won\n" {
					won++
				}
			}()
		}
		wg.Wait()
		for _, c := range cmds {
			c.finish(t)
		}
		if won != 1 {
			t.Fatalf("round %d: %d winners: %v", round, won, lines)
		}
		if procExists(filepath.Join(dir, "race.pid")) {
			t.Fatalf("round %d: the winner's pidfile was not removed at exit", round)
		}
	}
}

// TestProcPidfileRaceRunners races runners of one process: flock(2)
// locks conflict between open files, even in one process.
func TestProcPidfileRaceRunners(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for round := range 10 {
		var wg sync.WaitGroup
		results := make([]procResult, 8)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = procRun(t, dir, `pidfile create r.pid 2>/dev/null && echo won`)
			}()
		}
		wg.Wait()
		won := 0
		for _, r := range results {
			if r.out == "won\n" {
				won++
			}
		}
		// A runner that won may have ended, and its file been removed,
		// before a later one started: at least one wins, and every
		// winner's file is gone at the end.
		if won < 1 {
			t.Fatalf("round %d: no winner", round)
		}
		if procExists(filepath.Join(dir, "r.pid")) {
			t.Fatalf("round %d: pidfile left behind", round)
		}
	}
}

// procCmd is a helper shell process with a pipe to its stdin.
type procCmd struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startProcCmd(t *testing.T, dir, script string) *procCmd {
	t.Helper()
	cmd := procHelper(t, dir, script)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pc := &procCmd{cmd: cmd, in: in, out: bufio.NewReader(out)}
	t.Cleanup(func() {
		if pc.cmd.ProcessState == nil {
			pc.cmd.Process.Kill()
			pc.cmd.Wait()
		}
	})
	return pc
}

// finish closes the helper's stdin and waits for it to exit.
func (p *procCmd) finish(t *testing.T) {
	t.Helper()
	p.in.Close()
	io.Copy(io.Discard, p.out)
	if err := p.cmd.Wait(); err != nil {
		t.Errorf("helper: %v", err)
	}
}
