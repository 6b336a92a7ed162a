// Package socksendfd tests passing an open file with sock sendfd: a client
// running as nobody reads a root-only file through the fd it is given.
package socksendfd

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/examples/internal/exampletest"
)

func TestMain(m *testing.M) { exampletest.Main(m) }

func TestSendFD(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run the client as nobody")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sh := exampletest.Ipsh(t)
	dir := exampletest.PublicDir(t)
	path, secret := filepath.Join(dir, "fd.sock"), filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte("for root's eyes only\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := sh.Command(ctx, dir, exampletest.Script("fd-server.sh"), path, secret, "2")
	out, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	srv.Stderr = &stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Wait()
	defer srv.Process.Kill()
	first, _ := bufio.NewReader(out).ReadString('\n')
	if first != "fd-server: passing "+secret+" on "+path+"\n" {
		t.Fatalf("server said %q; stderr %q", first, stderr.String())
	}
	exampletest.WaitFor(t, "the socket", func() bool { _, err := os.Lstat(path); return err == nil })
	nobody := func(cmd *exec.Cmd) *exec.Cmd {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		return cmd
	}
	// nobody cannot open the file...
	if b, err := nobody(exec.CommandContext(ctx, "cat", secret)).CombinedOutput(); err == nil {
		t.Fatalf("nobody could read the file: %q", b)
	}
	// ...but reads it through the open file the server passes.
	for _, asNobody := range []bool{true, false} {
		cmd := sh.Command(ctx, dir, exampletest.Script("fd-client.sh"), path)
		if asNobody {
			nobody(cmd)
		}
		b, err := cmd.CombinedOutput()
		if err != nil || string(b) != "for root's eyes only\n" {
			t.Errorf("fd-client.sh (nobody %v): %v %q", asNobody, err, b)
		}
	}
	if err := srv.Wait(); err != nil {
		t.Errorf("server: %v %s", err, stderr.String())
	}
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("socket left behind: %v", err)
	}
}
