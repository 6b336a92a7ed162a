package signals_test

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/ipsh/ipsh/signals"
)

func TestPidfileCreateReadRemove(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.pid")
	pf, err := signals.Create(path, 4321)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "4321\n" {
		t.Fatalf("file holds %q, %v", data, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm, want := fi.Mode().Perm(), os.FileMode(0o644)&^umask(t); perm != want {
		t.Errorf("mode %v, want %v", perm, want)
	}
	if pid, live, err := signals.Read(path); err != nil || !live || pid != 4321 {
		t.Fatalf("Read = %d, %v, %v", pid, live, err)
	}
	if pid, err := signals.Check(path); err != nil || pid != 4321 {
		t.Fatalf("Check = %d, %v", pid, err)
	}

	// A second creator, in this process or another, is refused.
	_, err = signals.Create(path, os.Getpid())
	var held *signals.HeldError
	if !errors.As(err, &held) || held.PID != 4321 || !errors.Is(err, signals.ErrWouldBlock) {
		t.Fatalf("second Create: %v", err)
	}
	if want := "create " + path + ": held by pid 4321"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}

	if err := pf.SetPID(77); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "77\n" || pf.PID() != 77 {
		t.Fatalf("after SetPID: %q, PID() = %d", data, pf.PID())
	}
	if err := pf.SetPID(0); !errors.Is(err, signals.ErrNoPID) {
		t.Errorf("SetPID(0): %v", err)
	}
	if err := pf.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after Remove: %v", err)
	}
	if err := pf.Close(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Close after Remove: %v", err)
	}
	if pf.File() != nil {
		t.Error("File() after Remove is not nil")
	}
	if _, _, err := signals.Read(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a removed pidfile: %v", err)
	}
	if _, err := signals.Create(path, 0); !errors.Is(err, signals.ErrNoPID) {
		t.Errorf("Create with pid 0: %v", err)
	}
}

func umask(t *testing.T) os.FileMode {
	t.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "Umask:"); ok {
			var m uint32
			fmt.Sscanf(strings.TrimSpace(v), "%o", &m)
			return os.FileMode(m)
		}
	}
	return 0o022
}

func TestPidfileStaleTakeover(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.pid")
	// A stale pidfile: a long pid, no lock.
	if err := os.WriteFile(path, []byte("1234567\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if pid, live, err := signals.Read(path); err != nil || live || pid != 1234567 {
		t.Fatalf("Read stale = %d, %v, %v", pid, live, err)
	}
	if _, err := signals.Check(path); !errors.Is(err, signals.ErrNotLive) {
		t.Fatalf("Check stale: %v", err)
	}
	if err := signals.Signal(path, 0); !errors.Is(err, signals.ErrNotLive) {
		t.Fatalf("Signal stale: %v", err)
	}
	pf, err := signals.Create(path, 42)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "42\n" {
		t.Fatalf("after takeover: %q", data)
	}
	// Close leaves the file, stale again.
	if err := pf.Close(); err != nil {
		t.Fatal(err)
	}
	if pid, live, err := signals.Read(path); err != nil || live || pid != 42 {
		t.Fatalf("Read after Close = %d, %v, %v", pid, live, err)
	}
	// Garbage in a stale file.
	os.WriteFile(path, []byte("garbage"), 0o644)
	if _, live, err := signals.Read(path); live || !errors.Is(err, signals.ErrNoPID) {
		t.Fatalf("Read garbage: %v, %v", live, err)
	}
}

func TestPidfileRefusesNonRegular(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("1\n"), 0o644)
	link := filepath.Join(dir, "link.pid")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.pid")
	os.Symlink(filepath.Join(dir, "nowhere"), dangling)
	fifo := filepath.Join(dir, "fifo.pid")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want error
	}{
		{link, signals.ErrSymlink},
		{dangling, signals.ErrSymlink},
		{fifo, signals.ErrNotRegular},
		{dir, signals.ErrNotRegular},
		{"/dev/null", signals.ErrNotRegular},
	} {
		if pf, err := signals.Create(tc.path, 1); !errors.Is(err, tc.want) {
			t.Errorf("Create(%s) = %v, %v; want %v", tc.path, pf, err, tc.want)
		}
		if _, _, err := signals.Read(tc.path); !errors.Is(err, tc.want) {
			t.Errorf("Read(%s): %v; want %v", tc.path, err, tc.want)
		}
	}
	if data, _ := os.ReadFile(target); string(data) != "1\n" {
		t.Errorf("symlink target changed: %q", data)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("a dangling symlink's target was created")
	}
	_, err := signals.Create(link, 1)
	if want := "create " + link + ": is a symbolic link"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestPidfileChildHoldsLock hands the locked file to a child: after the
// parent closes its copy the pidfile stays live, Signal reaches the child,
// and the pidfile goes stale when the child dies.
func TestPidfileChildHoldsLock(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "child.pid")
	pf, err := signals.Create(path, os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	cmd := helperCmd(t, "pause")
	cmd.ExtraFiles = []*os.File{pf.File()}
	startHelper(t, cmd)
	if err := pf.SetPID(cmd.Process.Pid); err != nil {
		t.Fatal(err)
	}
	if err := pf.Close(); err != nil {
		t.Fatal(err)
	}
	if pid, err := signals.Check(path); err != nil || pid != cmd.Process.Pid {
		t.Fatalf("Check = %d, %v; want live %d", pid, err, cmd.Process.Pid)
	}
	if _, err := signals.Create(path, os.Getpid()); !errors.Is(err, signals.ErrWouldBlock) {
		t.Fatalf("Create over the child's pidfile: %v", err)
	}
	if err := signals.Signal(path, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if st := waitExit(t, cmd.Process); st.Signal() != syscall.SIGTERM {
		t.Fatalf("child ended with %v", st)
	}
	if _, live, _ := signals.Read(path); live {
		t.Fatal("pidfile live after its owner died")
	}
	err = signals.Signal(path, syscall.SIGTERM)
	if !errors.Is(err, signals.ErrNotLive) {
		t.Fatalf("Signal after death: %v", err)
	}
	if want := "signal " + path + ": no live owner"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// TestPidfileRaceGoroutines: many goroutines of one process, one winner.
func TestPidfileRaceGoroutines(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "g.pid")
	for round := range 50 {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var winners []*signals.Pidfile
		for i := range 16 {
			wg.Go(func() {
				pf, err := signals.Create(path, 1000+i)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					winners = append(winners, pf)
				} else if !errors.Is(err, signals.ErrWouldBlock) {
					t.Errorf("round %d: %v", round, err)
				}
			})
		}
		wg.Wait()
		if len(winners) != 1 {
			t.Fatalf("round %d: %d winners", round, len(winners))
		}
		if round%2 == 0 {
			winners[0].Remove()
		} else {
			winners[0].Close()
		}
	}
}

// TestPidfileRaceProcesses: 20 processes try Create on one path at once,
// 100 rounds; exactly one wins each round. Even rounds end with the
// winner removing the pidfile, odd ones with it leaving it stale, so both
// creation and takeover are raced.
func TestPidfileRaceProcesses(t *testing.T) {
	const procs, rounds = 20, 100
	path := filepath.Join(t.TempDir(), "race.pid")
	barrierR, barrierW := pipe(t)
	releaseR, releaseW := pipe(t)
	resultsR, resultsW := pipe(t)
	var cmds []*execCmd
	for range procs {
		cmd := helperCmd(t, "race", "RACE_PATH="+path)
		cmd.ExtraFiles = []*os.File{barrierR, releaseR, resultsW}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	t.Cleanup(func() {
		barrierW.Close()
		for _, c := range cmds {
			c.Process.Kill()
			c.Wait()
		}
	})
	barrierR.Close()
	releaseR.Close()
	resultsW.Close()
	results := bufio.NewScanner(resultsR)
	next := func() string {
		if !results.Scan() {
			t.Fatalf("helpers stopped reporting: %v", results.Err())
		}
		return results.Text()
	}
	for round := range rounds {
		barrierW.Write([]byte(strings.Repeat("g", procs)))
		wins := 0
		for range procs {
			switch line := next(); line[0] {
			case 'W':
				wins++
			case 'L':
			default:
				t.Fatalf("round %d: %s", round, line)
			}
		}
		if wins != 1 {
			t.Fatalf("round %d: %d winners", round, wins)
		}
		how := "c"
		if round%2 == 0 {
			how = "r"
		}
		releaseW.Write([]byte(strings.Repeat(how, procs)))
		for range procs {
			if line := next(); line != "D" {
				t.Fatalf("round %d: %s", round, line)
			}
		}
	}
	barrierW.Close()
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("helper: %v", err)
		}
	}
	cmds = nil
}

func pipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	return r, w
}
