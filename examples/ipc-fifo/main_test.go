package ipcfifo

import (
	"context"
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
)

// shellEnv makes the test binary behave as ipsh: ipsh SCRIPT ARGS...
const shellEnv = "IPSH_EXAMPLE_SHELL"

func TestMain(m *testing.M) {
	if os.Getenv(shellEnv) == "1" {
		os.Exit(ipsh(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// ipsh runs a script file with every builtin installed; the runner is
// closed at the end, which removes the IPC objects the script made.
func ipsh(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "ipsh: usage: ipsh SCRIPT [ARG...]")
		return 2
	}
	src, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipsh: %v\n", err)
		return 127
	}
	r, err := engine.New(
		engine.StdIO(os.Stdin, os.Stdout, os.Stderr),
		engine.Env(os.Environ()),
		engine.Params(args[0], args[1:]...),
		engine.Builtins(builtins.All()...),
	)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipsh: %v\n", err)
		return 2
	}
	code := engine.ExitCode(r.Run(context.Background(), strings.NewReader(string(src)), args[0]))
	if err := r.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "ipsh: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// runScript runs "ipsh SCRIPT ARGS..." with the test binary as ipsh (in
// PATH too, for the scripts that start ipsh), as root in a private IPC
// namespace so that other programs' System V objects do not show. It
// returns stdout and fails the test on a non-zero status.
func runScript(t *testing.T, script string, args ...string) string {
	t.Helper()
	bin := t.TempDir()
	if err := os.Symlink(os.Args[0], filepath.Join(bin, "ipsh")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "ipsh"), append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), shellEnv+"=1", "PATH="+bin+":"+os.Getenv("PATH"), "TMPDIR="+t.TempDir(), "LC_ALL=C")
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
