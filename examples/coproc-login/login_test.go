// Package coproclogin tests login.sh, which drives askpass on a pty.
package coproclogin

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
)

func TestLogin(t *testing.T) {
	askpass := filepath.Join(t.TempDir(), "askpass")
	build := exec.Command("go", "build", "-o", askpass, "./askpass")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src, err := os.ReadFile("login.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ password, want string }{
		{"open sesame", "logged in\naskpass status 0\n"},
		{"guess", "refused\naskpass status 1\n"},
	} {
		out, err := os.CreateTemp(t.TempDir(), "out")
		if err != nil {
			t.Fatal(err)
		}
		r, err := engine.New(
			engine.StdIO(nil, out, out),
			engine.Env([]string{"PATH=" + os.Getenv("PATH")}),
			engine.Params("login.sh", askpass, tc.password),
			engine.Builtins(builtins.All()...),
		)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		err = r.Run(ctx, strings.NewReader(string(src)), "login.sh")
		cancel()
		r.Close()
		b, _ := os.ReadFile(out.Name())
		out.Close()
		if string(b) != tc.want || err != nil {
			t.Errorf("password %q: %v, output:\n%s\nwant:\n%s", tc.password, err, b, tc.want)
		}
	}
}
