package builtins_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
)

// sockHelperEnv selects a helper role when the test binary re-executes
// itself with -test.run=^TestSockHelperProcess$.
const sockHelperEnv = "IPSH_SOCK_TEST_HELPER"

// TestSockHelperProcess is not a test: it is the body of the helper
// processes the other tests start (see sockHelper). It does nothing when
// the helper variable is unset.
func TestSockHelperProcess(t *testing.T) {
	role := os.Getenv(sockHelperEnv)
	if role == "" {
		return
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(sockHelperMain(role, args))
}

// sockHelperMain runs in a child process. "script" runs args[0] as an
// ipsh script with the sock builtin; its status is the script's.
func sockHelperMain(role string, args []string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	switch role {
	case "script":
		r, err := engine.New(
			engine.StdIO(os.Stdin, os.Stdout, os.Stderr),
			engine.Env(os.Environ()),
			engine.Params("ipsh", args[1:]...),
			engine.Builtins(builtins.All()...),
		)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
		err = r.Run(ctx, strings.NewReader(args[0]), "helper")
		if cerr := r.Close(); cerr != nil {
			fmt.Fprintln(os.Stderr, "close:", cerr)
		}
		return engine.ExitCode(err)
	}
	fmt.Fprintln(os.Stderr, "unknown helper role", role)
	return 4
}

// sockHelper returns a command running the test binary as a helper.
func sockHelper(ctx context.Context, role string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{"-test.run=^TestSockHelperProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), sockHelperEnv+"="+role)
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// result is what a script run gave.
type result struct {
	out, err string
	status   int
}

// run runs script in a fresh runner with the builtins installed and its
// ledger in a temporary directory, closes the runner, and returns the
// output and status.
func run(t *testing.T, script string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return runCtx(ctx, t, script)
}

func runCtx(ctx context.Context, t *testing.T, script string) result {
	t.Helper()
	var out, errb bytes.Buffer
	r, err := engine.New(
		engine.StdIO(strings.NewReader(""), &out, &errb),
		engine.Env(os.Environ()),
		engine.Builtins(builtins.All()...),
		engine.LedgerOptions(ledger.Dir(t.TempDir())),
	)
	if err != nil {
		t.Fatal(err)
	}
	err = r.Run(ctx, strings.NewReader(script), "t")
	if cerr := r.Close(); cerr != nil {
		t.Errorf("close runner: %v", cerr)
	}
	if ctx.Err() != nil {
		t.Fatalf("script timed out: %v\nstdout:\n%s\nstderr:\n%s", ctx.Err(), out.String(), errb.String())
	}
	return result{out.String(), errb.String(), engine.ExitCode(err)}
}

// want checks a result.
func (r result) want(t *testing.T, out, errOut string, status int) {
	t.Helper()
	if r.out != out || r.err != errOut || r.status != status {
		t.Errorf("got status %d\nstdout: %q\nstderr: %q\nwant status %d\nstdout: %q\nstderr: %q", r.status, r.out, r.err, status, out, errOut)
	}
}

// openFDs returns the number of fds this process has open.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents) - 1 // the directory itself
}

// children returns the pids of this process's live children.
func children(t *testing.T) []int {
	t.Helper()
	// Children may belong to any thread: scan every task.
	var pids []int
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		b, err := os.ReadFile(filepath.Join("/proc/self/task", task.Name(), "children"))
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				pids = append(pids, n)
			}
		}
	}
	return pids
}

// sockDir returns a short temporary directory for socket paths (the
// limit is 107 bytes) that uid 65534 can enter.
func sockDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "sockt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(d, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}
