package engine_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ipsh/ipsh/engine"
)

// Every run of a runner reaches the caller's writers, not just the first.
func TestRunsShareStdio(t *testing.T) {
	var out bytes.Buffer
	r, err := engine.New(engine.StdIO(strings.NewReader("line\n"), &out, &out))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, src := range []string{"echo one", "echo two >&2", "exec 3>&1; echo three >&3", "echo four"} {
		if err := r.Run(context.Background(), strings.NewReader(src), ""); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
	}
	if got := out.String(); got != "one\ntwo\nthree\nfour\n" {
		t.Fatalf("output %q", got)
	}
}
