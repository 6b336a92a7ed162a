// Package coprocdialogue tests dialogue.sh and pair.sh under ipsh.
package coprocdialogue

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
)

// runScript runs a script file with ipsh and returns its output.
func runScript(t *testing.T, path string, args ...string) (string, int) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	r, err := engine.New(
		engine.StdIO(nil, out, out),
		engine.Env([]string{"PATH=" + os.Getenv("PATH")}),
		engine.Params(path, args...),
		engine.Builtins(builtins.All()...),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err = r.Run(ctx, strings.NewReader(string(src)), path)
	r.Close()
	b, _ := os.ReadFile(out.Name())
	return string(b), engine.ExitCode(err)
}

func TestDialogue(t *testing.T) {
	got, st := runScript(t, "dialogue.sh")
	want := `PTY: one
PTY: two
PIPE: no answer (status 1)
UNBUF: one
UNBUF: two
`
	if got != want || st != 0 {
		t.Errorf("status %d, output:\n%s\nwant:\n%s", st, got, want)
	}
}

func TestPair(t *testing.T) {
	got, st := runScript(t, "pair.sh")
	want := "2\n6\n14\n30\n62\n126\nPING pty running\nPONG pty running\n"
	if got != want || st != 0 {
		t.Errorf("status %d, output:\n%s\nwant:\n%s", st, got, want)
	}
}
