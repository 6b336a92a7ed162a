// Package signalssh tests the shell examples poll.sh, shutdown.sh and
// reload.sh. Each runs under ipsh (the test binary re-executed as ipsh)
// and, as a check of the scripts themselves, under bash with
// bashshim.bash standing in for ipsh's pidfile and daemon builtins.
package signalssh

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/examples/internal/exampletest"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { exampletest.Main(m) }

// shell is an interpreter the examples are run with.
type shell struct {
	name string
	path string
	env  []string
}

func shells(t *testing.T) []shell {
	ip := exampletest.Ipsh(t)
	sh := []shell{{ip.Name, ip.Path, ip.Env}}
	if bash, err := exec.LookPath("bash"); err == nil {
		_, e1 := exec.LookPath("flock")
		_, e2 := exec.LookPath("setsid")
		if e1 == nil && e2 == nil {
			shim, _ := filepath.Abs("bashshim.bash")
			sh = append(sh, shell{"bash", bash, []string{"IPSH=" + bash, "BASH_ENV=" + shim}})
		}
	}
	return sh
}

func (sh shell) command(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(sh.path, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), sh.env...)
	return cmd
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func script(name string) string {
	p, _ := filepath.Abs(name)
	return p
}

func TestPoll(t *testing.T) {
	for _, sh := range shells(t) {
		t.Run(sh.name, func(t *testing.T) {
			dir := t.TempDir()
			pidf, logf := filepath.Join(dir, "poll.pid"), filepath.Join(dir, "poll.log")
			sh.env = append(sh.env[:len(sh.env):len(sh.env)], "POLL_PIDFILE="+pidf, "POLL_LOG="+logf)
			poll := func(args ...string) (string, int) {
				t.Helper()
				cmd := sh.command(dir, append([]string{script("poll.sh")}, args...)...)
				out, err := cmd.CombinedOutput()
				var ee *exec.ExitError
				if err != nil && !errors.As(err, &ee) {
					t.Fatal(err)
				}
				return string(out), cmd.ProcessState.ExitCode()
			}
			logHas := func(s string) func() bool {
				return func() bool { b, _ := os.ReadFile(logf); return strings.Contains(string(b), s) }
			}
			out, code := poll()
			var pid int
			if _, err := fmt.Sscanf(out, "poll: started daemon %d\n", &pid); err != nil || code != 0 {
				t.Fatalf("first poll: %q, status %d", out, code)
			}
			t.Cleanup(func() {
				unix.Kill(pid, unix.SIGKILL)
				unix.Wait4(pid, nil, 0, nil)
			})
			waitFor(t, "the daemon to start", logHas("started"))
			for i := 1; i <= 2; i++ {
				out, code = poll()
				if want := "poll: woke daemon " + strconv.Itoa(pid) + "\n"; out != want || code != 0 {
					t.Fatalf("poll %d: %q status %d, want %q", i, out, code, want)
				}
				waitFor(t, "wake-up "+strconv.Itoa(i), logHas("wake-up "+strconv.Itoa(i)))
			}
			out, code = poll("-q")
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
			if _, err := os.Lstat(pidf); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("pidfile left behind: %v", err)
			}
			if out, code = poll("-q"); out != "poll: no daemon running\n" || code != 1 {
				t.Errorf("poll -q with no daemon: %q status %d", out, code)
			}
		})
	}
}

func TestShutdown(t *testing.T) {
	for _, sh := range shells(t) {
		t.Run(sh.name, func(t *testing.T) {
			// The spec's 5 s, shortened to 0.2 s.
			out, err := sh.command(t.TempDir(), script("shutdown.sh"), "0.2").CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			want := regexp.MustCompile(`^parent: started child \d+
child: ready
parent: sending TERM
child: caught TERM, cleaning up
parent: child exited with status 0
$`)
			if !want.Match(out) {
				t.Errorf("output:\n%s", out)
			}
		})
	}
}

func TestReload(t *testing.T) {
	for _, sh := range shells(t) {
		t.Run(sh.name, func(t *testing.T) {
			dir := t.TempDir()
			conf, pidf := filepath.Join(dir, "reload.conf"), filepath.Join(dir, "reload.pid")
			write := func(s string) {
				if err := os.WriteFile(conf, []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("greeting=hello\nport=80\n")
			sh.env = append(sh.env[:len(sh.env):len(sh.env)], "RELOAD_PIDFILE="+pidf)
			cmd := sh.command(dir, script("reload.sh"), conf)
			cmd.Stderr = os.Stderr
			pipe, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
			out := bufio.NewReader(pipe)
			expect := func(want string) {
				t.Helper()
				line, err := out.ReadString('\n')
				if line != want+"\n" {
					t.Fatalf("got %q (%v), want %q", line, err, want)
				}
			}
			pid := cmd.Process.Pid
			expect("pid " + strconv.Itoa(pid) + ": loaded greeting=hello port=80")
			write("greeting=bonjour\nport=8080\n")
			syscall.Kill(pid, syscall.SIGHUP)
			expect("HUP: reloaded greeting=bonjour port=8080")
			syscall.Kill(pid, syscall.SIGTERM)
			expect("TERM: exiting")
			if err := cmd.Wait(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Lstat(pidf); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("pidfile left behind: %v", err)
			}
		})
	}
}
