package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/ipsh/ipsh/signals"
)

// TestMain makes the test binary the reload program when re-executed with
// RELOAD_EXAMPLE_MAIN set.
func TestMain(m *testing.M) {
	if os.Getenv("RELOAD_EXAMPLE_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

func TestReload(t *testing.T) {
	dir := t.TempDir()
	conf, pidf := filepath.Join(dir, "reload.conf"), filepath.Join(dir, "reload.pid")
	write := func(s string) {
		if err := os.WriteFile(conf, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("greeting = hello\n# comment\nport=80\n")
	cmd := exec.Command(os.Args[0], "-config", conf, "-pidfile", pidf)
	cmd.Env = append(os.Environ(), "RELOAD_EXAMPLE_MAIN=1")
	cmd.Stderr = os.Stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	out := bufio.NewReader(pipe)
	expect := func(want string) {
		t.Helper()
		line, err := out.ReadString('\n')
		if line != want+"\n" {
			t.Fatalf("got %q (%v), want %q", line, err, want)
		}
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	expect("pid " + pid + ": loaded greeting=hello port=80")
	// A second instance finds the pidfile live.
	second := exec.Command(os.Args[0], "-config", conf, "-pidfile", pidf)
	second.Env = cmd.Env
	if msg, err := second.CombinedOutput(); err == nil || string(msg) != "reload: create "+pidf+": held by pid "+pid+"\n" {
		t.Errorf("second instance: %v: %q", err, msg)
	}

	write("greeting=bonjour\nport=8080\n")
	if err := signals.Signal(pidf, syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	expect("HUP: reloaded greeting=bonjour port=8080")
	write("broken\n")
	if err := signals.Signal(pidf, syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	expect("HUP: " + conf + ":1: want key=value; keeping greeting=bonjour port=8080")
	if err := signals.Signal(pidf, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	expect("TERM: exiting")
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(pidf); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pidfile left behind: %v", err)
	}
}
