package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// asMain makes the test binary run main when the server starts itself in
// the background.
const asMain = "HELLO_GO_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMain) == "1" {
		main()
	}
	// Adopt the background server, to reap it.
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		fmt.Fprintln(os.Stderr, "prctl:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

func TestHelloGo(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM} {
		t.Run(unix.SignalName(sig), func(t *testing.T) {
			dir, err := os.MkdirTemp("", "hello")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(dir)
			path := filepath.Join(dir, "hello.sock")
			exe, _ := os.Executable()
			cmd := exec.Command(exe, "server", path)
			cmd.Env = append(os.Environ(), asMain+"=1")
			out, err := cmd.Output()
			var pid int
			if _, serr := fmt.Sscanf(string(out), "server: started, pid %d\n", &pid); err != nil || serr != nil {
				t.Fatalf("server: %q %v", out, err)
			}
			defer unix.Kill(pid, unix.SIGKILL)
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSocket != 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("no socket")
				}
			}
			for range 2 {
				var stdout, stderr bytes.Buffer
				if code := run([]string{"client", path}, &stdout, &stderr); code != 0 {
					t.Fatalf("client: %d %s", code, stderr.String())
				}
				if want := fmt.Sprintf("Hello Client %d, this is the Server.\n", os.Getpid()); stdout.String() != want {
					t.Errorf("client printed %q, want %q", stdout.String(), want)
				}
			}
			if err := unix.Kill(pid, sig); err != nil {
				t.Fatal(err)
			}
			var ws unix.WaitStatus
			if _, err := unix.Wait4(pid, &ws, 0, nil); err != nil || ws.ExitStatus() != 0 {
				t.Errorf("server: %v status %v", err, ws)
			}
			if _, err := os.Lstat(path); !os.IsNotExist(err) {
				t.Errorf("socket left behind: %v", err)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"frob"}, &stdout, &stderr); code != 2 || !strings.HasPrefix(stderr.String(), "usage:") {
		t.Errorf("%d %q", code, stderr.String())
	}
	if code := run([]string{"client", "/nonexistent/x.sock"}, &stdout, &stderr); code != 1 {
		t.Errorf("client of a missing socket: %d", code)
	}
}
