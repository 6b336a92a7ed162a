package plumbing_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
)

const want = `19
pipestatus: 141 0
< b
> x
through fd 3
swapped: to-stderr
job a: 0
job b: 3
alice uses ipsh
bob uses bash
`

func runScript(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("plumbing.sh")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	r, err := engine.New(
		engine.StdIO(nil, &out, os.Stderr),
		engine.Env(os.Environ()),
		engine.Builtins(builtins.All()...),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := r.Run(ctx, bytes.NewReader(src), "plumbing.sh"); err != nil {
		t.Fatalf("run: %v", err)
	}
	return out.String()
}

func TestPlumbing(t *testing.T) {
	if got := runScript(t); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

// The example is plain bash too: bash prints the same.
func TestPlumbingMatchesBash(t *testing.T) {
	if testing.Short() {
		t.Skip("bash comparison skipped in -short mode")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	out, err := exec.Command("bash", "plumbing.sh").Output()
	if err != nil {
		t.Fatalf("bash: %v", err)
	}
	if string(out) != want {
		t.Fatalf("bash printed:\n%s", out)
	}
}
