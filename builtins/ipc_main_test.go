package builtins_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/shm"
)

// ipcNSEnv is set in the copy of the test binary that TestMain runs in a
// private IPC namespace; ipcHelperEnv selects a helper role.
const (
	ipcNSEnv     = "IPSH_IPC_TEST_NS"
	ipcHelperEnv = "IPSH_IPC_TEST_HELPER"
)

// ipcPrefix starts the POSIX names (/dev/shm, mqueue) the tests use.
var ipcPrefix = fmt.Sprintf("/ipsh-ipctest-%d-", os.Getpid())

// TestMain runs the package's tests, as root, in a private IPC namespace
// (a re-executed copy of the test binary), so that the System V objects
// of other programs running on the machine neither disturb the ipcs
// comparisons nor hide a leak; it then checks that the tests left the
// System V objects and /dev/shm as they found them.
func TestMain(m *testing.M) {
	if role := os.Getenv(ipcHelperEnv); role != "" {
		os.Exit(ipcHelper(role, os.Args[1:]))
	}
	if os.Geteuid() == 0 && os.Getenv(ipcNSEnv) == "" {
		cmd := exec.Command(os.Args[0], os.Args[1:]...)
		cmd.Env = append(os.Environ(), ipcNSEnv+"=1")
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWIPC}
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case err == nil:
			os.Exit(0)
		case errors.As(err, &ee) && ee.Exited():
			os.Exit(ee.ExitCode())
		case errors.As(err, &ee):
			fmt.Fprintln(os.Stderr, "test binary in IPC namespace:", err)
			os.Exit(1)
		}
		// No namespace to be had: run here.
	}
	before := ipcSnapshot()
	code := m.Run()
	after := ipcSnapshot()
	var left []string
	for k := range after {
		if before[k] {
			continue
		}
		// In our own namespace every new System V object is ours; on
		// the shared /dev/shm only names with our prefix are.
		if os.Getenv(ipcNSEnv) != "" && !strings.HasPrefix(k, "posix ") || strings.HasPrefix(k, "posix "+ipcPrefix) {
			left = append(left, k)
		}
	}
	if len(left) > 0 {
		sort.Strings(left)
		fmt.Fprintf(os.Stderr, "FAIL: tests left IPC objects behind: %v\n", left)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// ipcSnapshot lists the System V objects (from /proc/sysvipc) and the
// entries of /dev/shm that exist now.
func ipcSnapshot() map[string]bool {
	set := map[string]bool{}
	for _, kind := range []string{"shm", "msg", "sem"} {
		b, err := os.ReadFile("/proc/sysvipc/" + kind)
		if err != nil {
			panic(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		for _, l := range lines[1:] {
			f := strings.Fields(l)
			if len(f) > 1 {
				set[kind+" "+f[1]] = true // key id
			}
		}
	}
	ents, err := os.ReadDir(shm.Dir)
	if err != nil {
		panic(err)
	}
	for _, e := range ents {
		set["posix /"+e.Name()] = true
	}
	return set
}

// ipcResult is what a script printed and its exit status.
type ipcResult struct {
	out, err string
	status   int
}

func (r ipcResult) String() string {
	return fmt.Sprintf("status %d\nstdout:\n%s\nstderr:\n%s", r.status, r.out, r.err)
}

// ipcRunner makes a runner with every builtin, the variable P set to a
// fresh POSIX name prefix and D to a temporary directory, and a ledger
// file in another temporary directory. It is closed at the end of the
// test.
func ipcRunner(t *testing.T, stdin io.Reader, out, errw io.Writer) *engine.Runner {
	t.Helper()
	dir := t.TempDir()
	ldir := t.TempDir()
	// The ledger refuses a directory others can write; t.TempDir obeys
	// the process umask, which a parallel test's `umask 0` can change.
	os.Chmod(ldir, 0o700)
	p := ipcPrefix + strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) + "-"
	t.Cleanup(func() { ipcRemovePrefix(p) })
	r, err := engine.New(
		engine.StdIO(stdin, out, errw),
		engine.Dir(dir),
		engine.Env(append(os.Environ(), "P="+p, "D="+dir, "LEDGERDIR="+ldir)),
		engine.Builtins(builtins.All()...),
		engine.LedgerOptions(ledger.Dir(ldir)),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// ipcRemovePrefix removes the POSIX objects whose names start with p.
func ipcRemovePrefix(p string) {
	ents, _ := os.ReadDir(shm.Dir)
	for _, e := range ents {
		if strings.HasPrefix("/"+e.Name(), p) {
			os.Remove(filepath.Join(shm.Dir, e.Name()))
		}
	}
	for _, n := range []string{"q", "q2", "jobs"} {
		shm.RemoveMQ(p + n)
	}
}

func ipcCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// ipcSession is a runner whose output is captured per script. Its stdio
// are all files: when one of them is not, the engine closes fds 0-2 at
// the end of the first run and later runs print nothing (an engine
// limitation, see the report).
type ipcSession struct {
	t        *testing.T
	r        *engine.Runner
	out, err *os.File
}

func newIpcSession(t *testing.T) *ipcSession {
	s := &ipcSession{t: t}
	dir := t.TempDir()
	var err error
	for _, f := range []**os.File{&s.out, &s.err} {
		*f, err = os.OpenFile(filepath.Join(dir, fmt.Sprint(len(dir), f == &s.err)), os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { (*f).Close() })
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { null.Close() })
	s.r = ipcRunner(t, null, s.out, s.err)
	return s
}

// run runs script and returns what it printed.
func (s *ipcSession) run(script string) ipcResult {
	s.t.Helper()
	s.out.Truncate(0)
	s.err.Truncate(0)
	err := s.r.Run(ipcCtx(s.t), strings.NewReader(script), "t")
	out, _ := os.ReadFile(s.out.Name())
	errb, _ := os.ReadFile(s.err.Name())
	return ipcResult{string(out), string(errb), engine.ExitCode(err)}
}

// must runs script and fails the test unless it succeeds.
func (s *ipcSession) must(script string) string {
	s.t.Helper()
	res := s.run(script)
	if res.status != 0 {
		s.t.Fatalf("%s\n%v", script, res)
	}
	return res.out
}

// ipcRun runs script in a fresh runner, closes it, and returns the result.
func ipcRun(t *testing.T, script string) ipcResult {
	t.Helper()
	return ipcRunStdin(t, "", script)
}

func ipcRunStdin(t *testing.T, stdin, script string) ipcResult {
	t.Helper()
	var out, errb bytes.Buffer
	r := ipcRunner(t, strings.NewReader(stdin), &out, &errb)
	err := r.Run(ipcCtx(t), strings.NewReader(script), "t")
	if cerr := r.Close(); cerr != nil {
		t.Errorf("close runner: %v", cerr)
	}
	return ipcResult{out.String(), errb.String(), engine.ExitCode(err)}
}

// ipcHelper runs a helper role of the re-executed test binary.
func ipcHelper(role string, args []string) int {
	switch role {
	case "script":
		// script TEXT: run TEXT through a runner on our stdio, with its
		// ledger file in $IPSH_IPC_TEST_LEDGER if set.
		lopt := ledger.Memory()
		if d := os.Getenv("IPSH_IPC_TEST_LEDGER"); d != "" {
			lopt = ledger.Dir(d)
		}
		r, err := engine.New(
			engine.StdIO(os.Stdin, os.Stdout, os.Stderr),
			engine.Env(os.Environ()),
			engine.Builtins(builtins.All()...),
			engine.LedgerOptions(lopt),
		)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 100
		}
		err = r.Run(context.Background(), strings.NewReader(args[0]), "helper")
		r.Close()
		return engine.ExitCode(err)
	}
	fmt.Fprintln(os.Stderr, "unknown helper", role)
	return 2
}

// ipcHelperCmd returns a command running script in a copy of the test
// binary; asNobody runs it as uid and gid 65534, from a copy of the
// binary that nobody can execute.
func ipcHelperCmd(t *testing.T, script string, asNobody bool) *exec.Cmd {
	bin := os.Args[0]
	if asNobody {
		bin = ipcNobodyBinary(t)
	}
	cmd := exec.CommandContext(ipcCtx(t), bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), ipcHelperEnv+"=script")
	cmd.Args = append(cmd.Args[:1], script)
	if asNobody {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		cmd.Dir = "/"
		cmd.Env = append(cmd.Env, "HOME=/", "XDG_RUNTIME_DIR=")
	}
	return cmd
}

// ipcNobodyBinary copies the test binary where user nobody can run it.
func ipcNobodyBinary(t *testing.T) string {
	if os.Geteuid() != 0 {
		t.Skip("needs root to switch to nobody")
	}
	dir := t.TempDir()
	for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
		if strings.HasPrefix(d, os.TempDir()) && d != os.TempDir() {
			os.Chmod(d, 0o755)
		}
	}
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "ipc.test")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// ipcAtoi parses the trimmed integer output of a script.
func ipcAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("want a number, got %q", s)
	}
	return n
}
