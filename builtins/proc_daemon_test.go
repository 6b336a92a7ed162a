package builtins

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// procWaitFor polls cond every 10 ms until it holds or 30 s have passed.
func procWaitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// procGone reports whether pid no longer exists, not even as a zombie.
func procGone(pid int) bool {
	return errors.Is(unix.Kill(pid, 0), unix.ESRCH)
}

func TestProcDaemon(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	res := procRun(t, dir, `daemon -p d.pid -o d.log -e d.err sh -c 'echo out $$; pwd; echo err >&2; exec sleep 60'`)
	if res.status != 0 || res.err != "" {
		t.Fatalf("status %d: %s", res.status, res.err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(res.out))
	if err != nil {
		t.Fatalf("daemon printed %q", res.out)
	}
	t.Cleanup(func() {
		unix.Kill(pid, syscall.SIGKILL)
		procWaitFor(t, "the daemon to be reaped", func() bool { return procGone(pid) })
	})
	procWaitFor(t, "the daemon's log", func() bool {
		b, _ := os.ReadFile(filepath.Join(dir, "d.log"))
		return strings.Count(string(b), "\n") == 2
	})
	b, _ := os.ReadFile(filepath.Join(dir, "d.log"))
	if want := "out " + strconv.Itoa(pid) + "\n/\n"; string(b) != want {
		t.Errorf("log %q, want %q", b, want)
	}
	procWaitFor(t, "the daemon's stderr", func() bool {
		b, _ := os.ReadFile(filepath.Join(dir, "d.err"))
		return string(b) == "err\n"
	})
	if sid, err := unix.Getsid(pid); err != nil || sid != pid {
		t.Errorf("getsid(%d) = %d, %v: want a session leader", pid, sid, err)
	}
	// The runner has been closed: the daemon and its pidfile outlive it.
	res = procRun(t, dir, `pidfile read d.pid; pidfile check d.pid; echo live=$?
daemon -p d.pid true; echo again=$?
pidfile signal d.pid TERM; echo signal=$?`)
	want := strconv.Itoa(pid) + "\nlive=0\nagain=1\nsignal=0\n"
	if res.out != want {
		t.Errorf("stdout %q, want %q", res.out, want)
	}
	if want := "daemon: " + dir + "/d.pid: held by pid " + strconv.Itoa(pid) + "\n"; res.err != want {
		t.Errorf("stderr %q, want %q", res.err, want)
	}
	// Reaped by the runner's goroutine: no zombie left.
	procWaitFor(t, "the daemon to exit and be reaped", func() bool { return procGone(pid) })
}

func TestProcDaemonBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "plain"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		script string
		status int
		msg    string
	}{
		{"daemon", 2, "daemon: missing command"},
		{"daemon -x true", 2, "daemon: invalid option -- 'x'"},
		{"daemon -p", 2, "daemon: option requires an argument -- 'p'"},
		{"daemon no-such-program-here", 127, "daemon: no-such-program-here: command not found"},
		{"daemon ./plain", 126, "daemon: ./plain: permission denied"},
		{"daemon -o /nonexistent/log true", 1, "daemon: /nonexistent/log: no such file or directory"},
		{"ln -s x link.pid; daemon -p link.pid true", 1, "daemon: " + dir + "/link.pid: is a symbolic link"},
	} {
		res := procRun(t, dir, tc.script)
		first, _, _ := strings.Cut(res.err, "\n")
		if res.status != tc.status || !strings.HasPrefix(first, tc.msg) {
			t.Errorf("%s: status %d, stderr %q; want %d, %q", tc.script, res.status, res.err, tc.status, tc.msg)
		}
	}
}
