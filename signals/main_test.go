package signals_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/signals"
)

// helperEnv names the helper a re-executed test binary runs instead of the
// tests.
const helperEnv = "IPSH_SIGNALS_HELPER"

func TestMain(m *testing.M) {
	if h := os.Getenv(helperEnv); h != "" {
		os.Exit(runHelper(h))
	}
	code := m.Run()
	if left := children(); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "processes left running by the tests: %v\n", left)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// children returns the pids whose parent is this process.
func children() []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	me := strconv.Itoa(os.Getpid())
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(data)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 && fields[1] == me {
			pids = append(pids, pid)
		}
	}
	return pids
}

// helperCmd returns a command re-executing the test binary as helper name.
func helperCmd(t *testing.T, name string, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(append(os.Environ(), helperEnv+"="+name), env...)
	cmd.Stderr = os.Stderr
	return cmd
}

// testCtx returns a context with a generous timeout that only guards
// against hangs.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func runHelper(name string) int {
	switch name {
	case "default-dies":
		// Default gives SIGUSR1 its kernel action: the process dies of it.
		signals.Default(syscall.SIGUSR1)
		syscall.Kill(os.Getpid(), syscall.SIGUSR1)
		time.Sleep(5 * time.Second)
		return 0
	case "default-then-notify":
		// After Default, a subscription still receives the signal.
		signals.Default(syscall.SIGUSR1)
		c := make(chan os.Signal, 1)
		stop := signals.Notify(c, syscall.SIGUSR1)
		defer stop()
		syscall.Kill(os.Getpid(), syscall.SIGUSR1)
		select {
		case <-c:
			return 0
		case <-time.After(5 * time.Second):
			return 3
		}
	case "pause":
		// A daemon or lock holder: report, then live until killed (at
		// most two minutes, so a crashed test leaves nothing behind).
		wd, _ := os.Getwd()
		fmt.Printf("daemon pid=%d cwd=%s\n", os.Getpid(), wd)
		if os.Getenv("PAUSE_STDERR") != "" {
			fmt.Fprintf(os.Stderr, "daemon stderr\n")
		}
		time.Sleep(2 * time.Minute)
		return 0
	case "status":
		data, err := os.ReadFile("/proc/self/status")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		os.Stdout.Write(data)
		return 0
	case "lock":
		return helperLock()
	case "race":
		return helperRace()
	}
	fmt.Fprintf(os.Stderr, "unknown helper %q\n", name)
	return 2
}

// helperLock takes the lock described by LOCK_PATH, LOCK_KIND (flock or
// range) and LOCK_TYPE (shared or exclusive), says "locked", and holds it
// until its stdin is closed.
func helperLock() int {
	f, err := signals.OpenLockFile(os.Getenv("LOCK_PATH"), true)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	how := signals.Exclusive
	if os.Getenv("LOCK_TYPE") == "shared" {
		how = signals.Shared
	}
	ctx := context.Background()
	if os.Getenv("LOCK_KIND") == "range" {
		err = signals.LockRange(ctx, f, 0, 10, how, false)
	} else {
		err = signals.Flock(ctx, f, how, false)
	}
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	fmt.Println("locked")
	io.Copy(io.Discard, os.Stdin)
	return 0
}

// helperRace takes part in rounds of the pidfile race: for each byte read
// from fd 3 (the barrier) it tries Create on RACE_PATH and reports
// "W"(on) or "L"(ost) on fd 5; then it reads one byte from fd 4 (the
// release), and a winner closes ('c') or removes ('r') its pidfile; then
// it reports "D"(one).
func helperRace() int {
	barrier, release, results := os.NewFile(3, "barrier"), os.NewFile(4, "release"), os.NewFile(5, "results")
	path := os.Getenv("RACE_PATH")
	var b [1]byte
	for {
		if _, err := io.ReadFull(barrier, b[:]); err != nil {
			return 0
		}
		pf, err := signals.Create(path, os.Getpid())
		var held *signals.HeldError
		switch {
		case err == nil:
			fmt.Fprintf(results, "W %d\n", os.Getpid())
		case errors.As(err, &held):
			fmt.Fprintf(results, "L %d\n", held.PID)
		default:
			fmt.Fprintf(results, "E %v\n", err)
		}
		if _, err := io.ReadFull(release, b[:]); err != nil {
			return 1
		}
		if pf != nil {
			if b[0] == 'r' {
				err = pf.Remove()
			} else {
				err = pf.Close()
			}
			if err != nil {
				fmt.Fprintf(results, "E %v\n", err)
			}
		}
		fmt.Fprintf(results, "D\n")
	}
}

// startHelper starts cmd, reads its first stdout line, and arranges for it
// to be killed and reaped at cleanup.
func startHelper(t *testing.T, cmd *exec.Cmd) (first string, stdin io.WriteCloser) {
	t.Helper()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("helper: %v", err)
	}
	return line, stdin
}

// waitExit waits for cmd and returns its wait status.
func waitExit(t *testing.T, p *os.Process) syscall.WaitStatus {
	t.Helper()
	st, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(syscall.WaitStatus)
}

func itoa(n int) string { return strconv.Itoa(n) }

type execCmd = exec.Cmd
