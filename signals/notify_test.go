package signals_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/signals"
)

// Signal tests act on the test process itself; each uses its own signal so
// that they cannot disturb one another, and none runs in parallel.

func kill(t *testing.T, pid int, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(pid, sig); err != nil {
		t.Fatal(err)
	}
}

func TestWait(t *testing.T) {
	// A second subscription keeps SIGUSR1 from killing the test if it
	// arrives before Wait has subscribed.
	guard := make(chan os.Signal, 16)
	defer signals.Notify(guard, syscall.SIGUSR1)()

	type result struct {
		sig os.Signal
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := signals.Wait(testCtx(t), syscall.SIGUSR1, syscall.SIGHUP)
		done <- result{s, err}
	}()
	for {
		kill(t, os.Getpid(), syscall.SIGUSR1)
		select {
		case r := <-done:
			if r.err != nil || r.sig != syscall.SIGUSR1 {
				t.Fatalf("Wait = %v, %v", r.sig, r.err)
			}
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func TestWaitTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	s, err := signals.Wait(ctx, syscall.SIGUSR2)
	if s != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait = %v, %v; want a timeout", s, err)
	}
	if want := "wait for USR2: context deadline exceeded"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if _, err := signals.Wait(context.Background()); err == nil {
		t.Error("Wait with no signal succeeded")
	}
}

// TestGoMergesBursts sends SIGUSR2 twice in a row to the test process and
// counts what os/signal delivers: at least one, at most two.
func TestGoMergesBursts(t *testing.T) {
	c := make(chan os.Signal, 16)
	defer signals.Notify(c, syscall.SIGUSR2)()
	for _, burst := range []int{2, 10} {
		for range burst {
			kill(t, os.Getpid(), syscall.SIGUSR2)
		}
		got := drain(t, c)
		if got < 1 || got > burst {
			t.Fatalf("%d SIGUSR2 in a burst: %d delivered", burst, got)
		}
		t.Logf("%d SIGUSR2 in a burst: %d delivered", burst, got)
	}
	// A signal sent after the previous one was received is never lost.
	for i := range 5 {
		kill(t, os.Getpid(), syscall.SIGUSR2)
		select {
		case <-c:
		case <-time.After(30 * time.Second):
			t.Fatalf("signal %d lost", i)
		}
	}
}

// TestGoMergesRealtime shows that Go merges real-time signals as well,
// although the kernel queues them.
func TestGoMergesRealtime(t *testing.T) {
	rt := signals.RTMin + 5
	c := make(chan os.Signal, 64)
	defer signals.Notify(c, rt)()
	const burst = 20
	for range burst {
		if err := signals.Send(os.Getpid(), rt); err != nil {
			t.Fatal(err)
		}
	}
	got := drain(t, c)
	if got < 1 || got > burst {
		t.Fatalf("%d RTMIN+5 in a burst: %d delivered", burst, got)
	}
	t.Logf("%d RTMIN+5 in a burst: %d delivered", burst, got)
}

// drain waits for one signal on c, then counts those that follow within a
// quiet period.
func drain(t *testing.T, c chan os.Signal) int {
	t.Helper()
	select {
	case <-c:
	case <-time.After(30 * time.Second):
		t.Fatal("no signal delivered")
	}
	n := 1
	for {
		select {
		case <-c:
			n++
		case <-time.After(200 * time.Millisecond):
			return n
		}
	}
}

// TestKernelMergesStandardQueuesRealtime stops a child, sends it two SIGUSR1
// and two RTMIN+3, and reads the kernel's queue: one SIGUSR1 and two
// RTMIN+3 are pending. The child runs as nobody so that the per-user queue
// count (SigQ) is its alone.
func TestKernelMergesStandardQueuesRealtime(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep")
	}
	if os.Getuid() != 0 {
		t.Skip("needs root to run the child as nobody")
	}
	rt := signals.RTMin + 3
	var last string
	for try := range 3 {
		cmd := exec.Command(sleep, "60")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pid := cmd.Process.Pid
		kill(t, pid, syscall.SIGSTOP)
		for procState(t, pid) != "T" {
			time.Sleep(time.Millisecond)
		}
		before := sigQueued(t, pid)
		kill(t, pid, syscall.SIGUSR1)
		kill(t, pid, syscall.SIGUSR1)
		kill(t, pid, rt)
		kill(t, pid, rt)
		after := sigQueued(t, pid)
		pending := procStatus(t, pid, "ShdPnd")
		cmd.Process.Kill()
		cmd.Wait()

		mask, err := strconv.ParseUint(pending, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		want := uint64(1)<<(syscall.SIGUSR1-1) | uint64(1)<<(rt-1)
		if mask != want {
			t.Fatalf("pending mask %#x, want %#x", mask, want)
		}
		if after-before == 3 {
			return
		}
		last = fmt.Sprintf("try %d: %d signals queued, want 3 (1 SIGUSR1 + 2 RTMIN+3)", try, after-before)
		t.Log(last)
	}
	t.Fatal(last)
}

func procStatus(t *testing.T, pid int, field string) string {
	t.Helper()
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return ""
}

func sigQueued(t *testing.T, pid int) int {
	t.Helper()
	q, _, _ := strings.Cut(procStatus(t, pid, "SigQ"), "/")
	n, err := strconv.Atoi(q)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// procState returns the state letter of /proc/PID/stat.
func procState(t *testing.T, pid int) string {
	return procStat(t, pid)[0]
}

// procStat returns the fields of /proc/PID/stat after the command name:
// state, ppid, pgrp, session, …
func procStat(t *testing.T, pid int) []string {
	t.Helper()
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
}

// TestIgnoreInherited checks that Ignore sets SIG_IGN, which a child
// inherits across exec, and that restore undoes it, for a real-time signal
// and for SIGHUP, which the Go runtime treats specially.
func TestIgnoreInherited(t *testing.T) {
	if _, err := exec.LookPath("cat"); err != nil {
		t.Skip("no cat")
	}
	if signals.Ignored(syscall.SIGHUP) {
		t.Skip("SIGHUP ignored on entry (nohup)")
	}
	for _, sig := range []syscall.Signal{signals.RTMin + 7, syscall.SIGHUP} {
		// A non-Go child: the Go runtime replaces an inherited SIG_IGN
		// by its own handler for most signals.
		ignored := func() bool {
			out, err := exec.Command("cat", "/proc/self/status").Output()
			if err != nil {
				t.Fatal(err)
			}
			for line := range strings.Lines(string(out)) {
				if v, ok := strings.CutPrefix(line, "SigIgn:"); ok {
					mask, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
					if err != nil {
						t.Fatal(err)
					}
					return mask&(1<<(sig-1)) != 0
				}
			}
			t.Fatal("no SigIgn")
			return false
		}
		if signals.Ignored(sig) || ignored() {
			t.Fatalf("%v ignored before Ignore", sig)
		}
		restore := signals.Ignore(sig)
		if !signals.Ignored(sig) || !ignored() {
			t.Errorf("%v: child does not inherit the ignore", sig)
		}
		// Ignoring an ignored signal again restores nothing.
		signals.Ignore(sig)()
		if !signals.Ignored(sig) {
			t.Errorf("%v: nested restore undid the outer ignore", sig)
		}
		restore()
		if signals.Ignored(sig) || ignored() {
			t.Errorf("%v: restore left the signal ignored", sig)
		}
		// Reset after Notify and Ignore also gives the default back.
		c := make(chan os.Signal, 1)
		signals.Notify(c, sig)
		signals.Ignore(sig)
		signals.Reset(sig)
		if signals.Ignored(sig) || ignored() {
			t.Errorf("%v: Reset left the signal ignored", sig)
		}
	}
}

// TestNotifyStop checks that a subscription caught signals and that stop
// ends it: after Reset, the default action would apply again.
func TestNotifyStop(t *testing.T) {
	sig := syscall.SIGWINCH // default action: ignore, so safe to send after stop
	c := make(chan os.Signal, 1)
	stop := signals.Notify(c, sig)
	kill(t, os.Getpid(), sig)
	select {
	case s := <-c:
		if s != sig {
			t.Fatalf("got %v", s)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no signal")
	}
	stop()
	kill(t, os.Getpid(), sig)
	select {
	case s := <-c:
		t.Fatalf("got %v after stop", s)
	case <-time.After(100 * time.Millisecond):
	}
	signals.Reset(sig)
}

// Default makes an untrapped SIGUSR1 fatal, as in C, and leaves Notify
// working afterwards.
func TestDefault(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), helperEnv+"=default-dies")
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("default-dies: %v", err)
	}
	ws := ee.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGUSR1 {
		t.Fatalf("default-dies: want death by SIGUSR1, got %v", ws)
	}
	cmd = exec.Command(self)
	cmd.Env = append(os.Environ(), helperEnv+"=default-then-notify")
	if err := cmd.Run(); err != nil {
		t.Fatalf("default-then-notify: %v", err)
	}
}
