// Package exampletest runs the examples' scripts in tests: the test binary
// re-executes itself as ipsh (with the engine and every builtin), so the
// scripts run in separate processes without building cmd/ipsh.
//
// It is test support for the examples, not an API.
package exampletest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
	"golang.org/x/sys/unix"
)

// ShellEnv, set to 1, makes a test binary that calls [Main] act as ipsh.
const ShellEnv = "IPSH_EXAMPLE_SHELL"

// Main is the TestMain of the example packages. With ShellEnv set it runs
// the process as `ipsh SCRIPT ARGS...` or `ipsh -c SRC ARGS...` and exits;
// otherwise it makes the test process a child subreaper (so that it can
// reap the servers the examples put in the background) and runs the
// tests.
func Main(m *testing.M) {
	if os.Getenv(ShellEnv) == "1" {
		os.Exit(ipsh(os.Args[1:]))
	}
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		fmt.Fprintln(os.Stderr, "prctl:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

func ipsh(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "ipsh: usage: ipsh SCRIPT [ARG...] | ipsh -c SRC [NAME ARG...]")
		return 2
	}
	name, src := args[0], ""
	if args[0] == "-c" && len(args) > 1 {
		name, src = "ipsh", args[1]
		args = args[1:]
	} else {
		b, err := os.ReadFile(args[0])
		if err != nil {
			fmt.Fprintf(os.Stderr, "ipsh: %v\n", err)
			return 127
		}
		src = string(b)
	}
	r, err := engine.New(
		engine.StdIO(os.Stdin, os.Stdout, os.Stderr),
		engine.Env(os.Environ()),
		engine.Params(name, args[1:]...),
		engine.RealExec(engine.ExecProcess),
		engine.Builtins(builtins.All()...),
	)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipsh: %v\n", err)
		return 2
	}
	defer r.Close()
	err = r.Run(context.Background(), strings.NewReader(src), name)
	var se *engine.ScriptError
	if errors.As(err, &se) {
		fmt.Fprintln(os.Stderr, se)
	}
	return engine.ExitCode(err)
}

// Shell is an interpreter the example scripts run under.
type Shell struct {
	Name string   // "ipsh" or "bash"
	Path string   // the program
	Env  []string // added to the environment; IPSH names the interpreter
}

// Ipsh returns the test binary as ipsh, reachable as "ipsh" in PATH and
// as $IPSH, from a directory that every user can read.
func Ipsh(t *testing.T) Shell {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := PublicDir(t)
	dst := filepath.Join(bin, "ipsh")
	if err := copyFile(exe, dst); err != nil {
		t.Fatal(err)
	}
	return Shell{"ipsh", dst, []string{ShellEnv + "=1", "IPSH=" + dst, "PATH=" + bin + ":" + os.Getenv("PATH")}}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}

// Bash returns bash running the scripts with BASH_ENV=shim, or skips the
// test when bash is missing.
func Bash(t *testing.T, shim string) Shell {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found")
	}
	shim, _ = filepath.Abs(shim)
	return Shell{"bash", bash, []string{"IPSH=" + bash, "BASH_ENV=" + shim}}
}

// Command returns a command running the shell with args in dir.
func (sh Shell) Command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, sh.Path, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), sh.Env...)
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// Script returns the absolute path of an example file.
func Script(name string) string {
	p, _ := filepath.Abs(name)
	return p
}

// PublicDir returns a temporary directory with a short name that every
// user can enter (for socket paths and for programs run as nobody),
// removed when the test ends.
func PublicDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "sockex")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(d, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

// WaitFor polls cond every 10ms until it holds, failing the test after 30s.
func WaitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// Reap waits for pid, a child or an orphan adopted by this subreaper, to
// exit, killing it first if kill is set, and returns its wait status.
// It gives up after 30s.
func Reap(t *testing.T, pid int, kill bool) unix.WaitStatus {
	t.Helper()
	if kill {
		unix.Kill(pid, unix.SIGKILL)
	}
	var ws unix.WaitStatus
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		wpid, err := unix.Wait4(pid, &ws, unix.WNOHANG, nil)
		if wpid == pid || err != nil {
			return ws
		}
		if time.Now().After(deadline) {
			unix.Kill(pid, unix.SIGKILL)
			unix.Wait4(pid, &ws, 0, nil)
			t.Errorf("process %d did not exit; killed", pid)
			return ws
		}
	}
}

// RunScript runs "ipsh SCRIPT ARGS..." with the test binary as ipsh (in
// PATH too, for scripts that start ipsh), in a private IPC namespace when
// root so that other programs' System V objects do not show. It returns
// stdout and fails the test on a non-zero status or any stderr output.
func RunScript(t *testing.T, script string, args ...string) string {
	t.Helper()
	sh := Ipsh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := sh.Command(ctx, "", append([]string{script}, args...)...)
	cmd.Env = append(cmd.Env, "TMPDIR="+t.TempDir(), "LC_ALL=C")
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWIPC}
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("ipsh %s %v: %v\nstdout:\n%s\nstderr:\n%s", script, args, err, out, stderr.String())
	}
	return string(out)
}
