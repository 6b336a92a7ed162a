// Package sockmailbox tests the unixgram mailbox: messages from root and
// from nobody are logged with the uid and pid the kernel reports.
package sockmailbox

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/examples/internal/exampletest"
)

func TestMain(m *testing.M) { exampletest.Main(m) }

func TestMailbox(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sh := exampletest.Ipsh(t)
	dir := exampletest.PublicDir(t)
	path := filepath.Join(dir, "mailbox.sock")
	box := sh.Command(ctx, dir, exampletest.Script("mailbox.sh"), path)
	out, err := box.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	box.Stderr = &stderr
	if err := box.Start(); err != nil {
		t.Fatal(err)
	}
	defer box.Wait()
	defer box.Process.Kill()
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "mailbox: open at "+path {
		t.Fatalf("mailbox said %q; stderr %q", lines.Text(), stderr.String())
	}
	post := func(asNobody bool, msg string) int {
		t.Helper()
		cmd := sh.Command(ctx, dir, exampletest.Script("post.sh"), path, msg)
		if asNobody {
			if os.Getuid() != 0 {
				t.Skip("needs root to post as nobody")
			}
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("post.sh %q: %v: %s", msg, err, b)
		}
		return cmd.Process.Pid
	}
	var want []string
	for _, m := range []struct {
		nobody bool
		msg    string
	}{{false, "hello from root"}, {true, "hello from nobody"}, {false, "quit"}} {
		pid := post(m.nobody, m.msg)
		uid := os.Getuid()
		if m.nobody {
			uid = 65534
		}
		want = append(want, fmt.Sprintf("from uid %d pid %d: %s", uid, pid, m.msg))
	}
	want = append(want, "mailbox: closed")
	var got []string
	for lines.Scan() {
		got = append(got, lines.Text())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("mailbox log:\n%s\nwant:\n%s\nstderr: %s", strings.Join(got, "\n"), strings.Join(want, "\n"), stderr.String())
	}
	if err := box.Wait(); err != nil {
		t.Errorf("mailbox: %v", err)
	}
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("socket left behind: %v", err)
	}
}
