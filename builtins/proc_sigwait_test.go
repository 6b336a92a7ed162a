package builtins

import (
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/signals"
)

// TestProcSigwait sends a real-time signal, whose default action in a Go
// program is to do nothing, so that a signal sent before sigwait listens
// is harmless; it is sent again until sigwait returns.
func TestProcSigwait(t *testing.T) {
	sig := signals.RTMin + 7
	var (
		res  procResult
		wg   sync.WaitGroup
		done = make(chan struct{})
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		res = procRun(t, t.TempDir(), `sigwait -t 60 USR2 RTMIN+7 && echo status=$?`)
	}()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for loop := true; loop; {
		select {
		case <-done:
			loop = false
		case <-tick.C:
			syscall.Kill(syscall.Getpid(), sig)
		}
	}
	wg.Wait()
	if res.out != "RTMIN+7\nstatus=0\n" || res.err != "" {
		t.Errorf("stdout %q stderr %q", res.out, res.err)
	}
}

func TestProcSigwaitTimeout(t *testing.T) {
	t.Parallel()
	res := procRun(t, t.TempDir(), `sigwait -t 0.05 RTMAX; echo status=$?; sigwait --timeout=0 RTMAX-1; echo status=$?`)
	if res.out != "status=1\nstatus=1\n" || res.err != "" {
		t.Errorf("stdout %q stderr %q", res.out, res.err)
	}
}

func TestProcSigwaitBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		script string
		status int
		msg    string
	}{
		{"sigwait", 2, "sigwait: missing signal"},
		{"sigwait FOO", 1, "sigwait: FOO: invalid signal specification"},
		{"sigwait HUP RTMAX-15", 1, "sigwait: RTMAX-15: invalid signal specification"},
		{"sigwait KILL", 1, "sigwait: KILL: cannot be caught"},
		{"sigwait SIGSTOP", 1, "sigwait: SIGSTOP: cannot be caught"},
		{"sigwait EXIT", 1, "sigwait: EXIT: cannot be caught"},
		{"sigwait -t x HUP", 2, "sigwait: invalid timeout value: 'x'"},
		{"sigwait -HUP", 2, "sigwait: invalid option -- 'H'"},
	} {
		res := procRun(t, dir, tc.script)
		first, _, _ := strings.Cut(res.err, "\n")
		if res.status != tc.status || first != tc.msg {
			t.Errorf("%s: status %d, stderr %q; want %d, %q", tc.script, res.status, res.err, tc.status, tc.msg)
		}
	}
}
