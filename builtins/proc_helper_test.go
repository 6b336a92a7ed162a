package builtins

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
)

// procResult is what a script run by procRun printed and returned.
type procResult struct {
	out, err string
	status   int
}

// procRun runs script in a fresh runner with every builtin installed, in
// dir, with extra environment pairs, and closes the runner (which removes
// what the session recorded) before returning.
func procRun(t *testing.T, dir, script string, env ...string) procResult {
	t.Helper()
	var out, errb bytes.Buffer
	r, err := engine.New(
		engine.StdIO(strings.NewReader(""), &out, &errb),
		engine.Dir(dir),
		engine.Env(append(os.Environ(), env...)),
		engine.Builtins(All()...),
		engine.LedgerOptions(ledger.Memory()),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err = r.Run(ctx, strings.NewReader(script), "t")
	if cerr := r.Close(); cerr != nil {
		t.Errorf("close runner: %v", cerr)
	}
	return procResult{out.String(), errb.String(), engine.ExitCode(err)}
}

// procHelperEnv selects the helper mode of the test binary: it then runs
// the script in this variable as ipsh would, with the process's stdio.
const procHelperEnv = "IPSH_PROC_HELPER_SCRIPT"

// TestProcHelperProcess is not a test: re-executed by procHelper with
// procHelperEnv set, the test binary becomes a one-script shell.
func TestProcHelperProcess(t *testing.T) {
	script, ok := os.LookupEnv(procHelperEnv)
	if !ok {
		t.Skip("helper process only")
	}
	r, err := engine.New(
		engine.StdIO(os.Stdin, os.Stdout, os.Stderr),
		engine.Env(os.Environ()),
		engine.Builtins(All()...),
		engine.LedgerOptions(ledger.Memory()),
	)
	if err != nil {
		os.Exit(100)
	}
	err = r.Run(context.Background(), strings.NewReader(script), "helper")
	r.Close()
	os.Exit(engine.ExitCode(err))
}

// procHelper returns a command that runs script in a separate process.
func procHelper(t *testing.T, dir, script string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestProcHelperProcess$")
	cmd.Env = append(os.Environ(), procHelperEnv+"="+script)
	cmd.Dir = dir
	return cmd
}
