package signals_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/signals"
)

func TestDaemon(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pidfile := filepath.Join(dir, "d.pid")
	outLog, errLog := filepath.Join(dir, "out.log"), filepath.Join(dir, "err.log")
	os.WriteFile(outLog, []byte("earlier line\n"), 0o644)
	d := &signals.Daemon{
		Path:    exe,
		Args:    []string{"daemon-test", "-test.run=^$"},
		Env:     append(os.Environ(), helperEnv+"=pause", "PAUSE_STDERR=1"),
		Pidfile: pidfile,
		Stdout:  outLog,
		Stderr:  errLog,
	}
	proc, err := d.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		proc.Kill()
		proc.Wait()
	})
	pid := proc.Pid

	// The pidfile is live, names the daemon, and refuses a second one.
	if got, err := signals.Check(pidfile); err != nil || got != pid {
		t.Fatalf("Check = %d, %v; want %d", got, err, pid)
	}
	_, err = d.Start()
	if !errors.Is(err, signals.ErrWouldBlock) {
		t.Fatalf("second daemon on the same pidfile: %v", err)
	}
	if want := "daemon " + pidfile + ": held by pid " + strconv.Itoa(pid); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}

	// It logs where it was told to, once it runs.
	want := "earlier line\ndaemon pid=" + strconv.Itoa(pid) + " cwd=/\n"
	waitFile(t, outLog, want)
	waitFile(t, errLog, "daemon stderr\n")

	// Session leader, cwd /, stdin /dev/null, pidfile on fd 3.
	st := procStat(t, pid)
	if st[3] != strconv.Itoa(pid) || st[2] != strconv.Itoa(pid) {
		t.Errorf("session %s, process group %s; want both %d", st[3], st[2], pid)
	}
	if cwd, _ := os.Readlink("/proc/" + strconv.Itoa(pid) + "/cwd"); cwd != "/" {
		t.Errorf("cwd %q", cwd)
	}
	if in, _ := os.Readlink("/proc/" + strconv.Itoa(pid) + "/fd/0"); in != "/dev/null" {
		t.Errorf("stdin %q", in)
	}
	if fd3, _ := os.Readlink("/proc/" + strconv.Itoa(pid) + "/fd/3"); fd3 != pidfile {
		t.Errorf("fd 3 %q, want the pidfile", fd3)
	}
	if fd4, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/fd/4"); err == nil && strings.HasSuffix(fd4, ".log") {
		t.Errorf("a log leaked into the daemon as fd 4: %s", fd4)
	}

	if err := signals.Signal(pidfile, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if ws := waitExit(t, proc); ws.Signal() != syscall.SIGTERM {
		t.Fatalf("daemon ended with %v", ws)
	}
	if _, live, _ := signals.Read(pidfile); live {
		t.Error("pidfile live after the daemon died")
	}
}

// waitFile waits until path holds want; it only guards against hangs.
func waitFile(t *testing.T, path, want string) {
	t.Helper()
	var got []byte
	for range 3000 {
		got, _ = os.ReadFile(path)
		if string(got) == want {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s holds %q, want %q", path, got, want)
}

func TestDaemonErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := (&signals.Daemon{}).Start(); err == nil {
		t.Error("empty Args accepted")
	}
	_, err := (&signals.Daemon{Args: []string{"no-such-program-ipsh"}}).Start()
	if err == nil || !strings.HasPrefix(err.Error(), "daemon no-such-program-ipsh: ") {
		t.Errorf("missing program: %v", err)
	}
	// A program that cannot run leaves no pidfile behind.
	pidfile := filepath.Join(dir, "p.pid")
	_, err = (&signals.Daemon{Path: dir, Args: []string{"x"}, Pidfile: pidfile}).Start()
	if err == nil {
		t.Fatal("a directory ran as a program")
	}
	if _, err := os.Lstat(pidfile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pidfile left after a failed start: %v", err)
	}
	_, err = (&signals.Daemon{Args: []string{"true"}, Stdout: filepath.Join(dir, "no", "log")}).Start()
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("bad log path: %v", err)
	}
}
