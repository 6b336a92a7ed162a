package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestMain makes the test binary the poll program when re-executed with
// POLL_EXAMPLE_MAIN set, so that it can start itself as the daemon. The
// test process becomes a child subreaper: the daemons that the poll
// processes leave behind are reparented to it, and it reaps them.
func TestMain(m *testing.M) {
	if os.Getenv("POLL_EXAMPLE_MAIN") == "1" {
		main()
	}
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func poll(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	args = append([]string{"-pidfile", filepath.Join(dir, "poll.pid"), "-log", filepath.Join(dir, "poll.log")}, args...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "POLL_EXAMPLE_MAIN=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return out.String(), cmd.ProcessState.ExitCode()
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestPoll(t *testing.T) {
	dir := t.TempDir()
	logf := filepath.Join(dir, "poll.log")
	logHas := func(s string) func() bool {
		return func() bool { b, _ := os.ReadFile(logf); return strings.Contains(string(b), s) }
	}

	out, code := poll(t, dir)
	var pid int
	if _, err := fmt.Sscanf(out, "poll: started daemon %d\n", &pid); err != nil || code != 0 {
		t.Fatalf("first poll: %q, status %d", out, code)
	}
	t.Cleanup(func() {
		unix.Kill(pid, unix.SIGKILL)
		var ws unix.WaitStatus
		unix.Wait4(pid, &ws, 0, nil)
	})
	waitFor(t, "the daemon to start", logHas("started"))
	for i := 1; i <= 2; i++ {
		out, code = poll(t, dir)
		if want := "poll: woke daemon " + strconv.Itoa(pid) + "\n"; out != want || code != 0 {
			t.Fatalf("poll %d: %q status %d, want %q", i, out, code, want)
		}
		waitFor(t, "wake-up "+strconv.Itoa(i), logHas("wake-up "+strconv.Itoa(i)))
	}
	out, code = poll(t, dir, "-q")
	if want := "poll: asked daemon " + strconv.Itoa(pid) + " to terminate\n"; out != want || code != 0 {
		t.Fatalf("poll -q: %q status %d, want %q", out, code, want)
	}
	var ws unix.WaitStatus
	if _, err := unix.Wait4(pid, &ws, 0, nil); err != nil || ws.ExitStatus() != 0 {
		t.Fatalf("daemon: wait4: %v, status %v", err, ws)
	}
	b, _ := os.ReadFile(logf)
	want := "daemon " + strconv.Itoa(pid) + " started\nwake-up 1 (USR1)\nwake-up 2 (USR1)\nTERM: removing pidfile and exiting\n"
	if string(b) != want {
		t.Errorf("log:\n%s\nwant:\n%s", b, want)
	}
	if _, err := os.Lstat(filepath.Join(dir, "poll.pid")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pidfile left behind: %v", err)
	}
	out, code = poll(t, dir, "-q")
	if !strings.HasPrefix(out, "poll: no daemon running: ") || code != 1 {
		t.Errorf("poll -q with no daemon: %q status %d", out, code)
	}
}
