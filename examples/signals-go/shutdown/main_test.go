package main

import (
	"os"
	"os/exec"
	"regexp"
	"testing"
)

// TestMain makes the test binary the shutdown program when re-executed
// with SHUTDOWN_EXAMPLE_MAIN set, so that it can start itself as the child.
func TestMain(m *testing.M) {
	if os.Getenv("SHUTDOWN_EXAMPLE_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

func TestShutdown(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-sleep", "200ms")
	cmd.Env = append(os.Environ(), "SHUTDOWN_EXAMPLE_MAIN=1")
	out, err := cmd.CombinedOutput()
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
}
