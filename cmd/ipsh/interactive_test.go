package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// These tests drive the real ipsh (this test binary acting as the shell)
// inside tmux, as a person would: keys go in with send-keys and the
// assertions read the screen with capture-pane. Waits poll the screen
// with a generous deadline; nothing is timed.

const screenTimeout = 30 * time.Second

type tmuxShell struct {
	t    *testing.T
	sock string
	home string
	pid  int
}

// startShell runs ipsh in a new tmux server with HOME set to home and
// the given extra environment; the server is killed at cleanup.
func startShell(t *testing.T, home string, env ...string) *tmuxShell {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	s := &tmuxShell{t: t, sock: sock, home: home}
	args := []string{"-S", sock, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-c", home, "--",
		"env", "-i", "HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm", "LANG=C", "IPSH_TEST_AS_SHELL=1"}
	args = append(args, env...)
	args = append(args, exe)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if strings.Contains(s.screen(), "DATA RACE") {
			t.Errorf("race detected in the shell:\n%s", s.screen())
		}
		exec.Command("tmux", "-S", sock, "kill-server").Run()
		if s.pid > 0 {
			// Nothing the shell started may outlive the test.
			s.waitGone(func() bool { return len(children(s.pid)) == 0 && !alive(s.pid) })
		}
	})
	return s
}

func (s *tmuxShell) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.sock}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys sends tmux key names (Enter, Tab, C-c, Up...).
func (s *tmuxShell) keys(keys ...string) {
	s.t.Helper()
	s.tmux(append([]string{"send-keys"}, keys...)...)
}

// typeText types text literally.
func (s *tmuxShell) typeText(text string) { s.t.Helper(); s.tmux("send-keys", "-l", text) }

// line types text and Enter.
func (s *tmuxShell) line(text string) {
	s.t.Helper()
	s.typeText(text)
	s.keys("Enter")
}

func (s *tmuxShell) screen() string {
	out, _ := exec.Command("tmux", "-S", s.sock, "capture-pane", "-p", "-S", "-200").CombinedOutput()
	return strings.TrimRight(string(out), "\n") + "\n"
}

// waitFor polls the screen until ok accepts it.
func (s *tmuxShell) waitFor(what string, ok func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for {
		sc := s.screen()
		if ok(sc) {
			return sc
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; screen:\n%s", what, sc)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// waitText waits until the screen contains text.
func (s *tmuxShell) waitText(text string) string {
	s.t.Helper()
	return s.waitFor(strconv.Quote(text), func(sc string) bool { return strings.Contains(sc, text) })
}

// waitCount waits until text appears at least n times on the screen.
func (s *tmuxShell) waitCount(text string, n int) string {
	s.t.Helper()
	return s.waitFor(strconv.Itoa(n)+"× "+strconv.Quote(text), func(sc string) bool { return strings.Count(sc, text) >= n })
}

// run types a command followed by an echo of a fresh marker and waits for
// the marker's output, so the command has finished.
func (s *tmuxShell) run(cmd string) string {
	s.t.Helper()
	marker := "done-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	s.line(cmd + "; echo " + marker[:5] + "''" + marker[5:])
	return s.waitText("\n" + marker)
}

// shellPid learns the shell's pid with echo $$.
func (s *tmuxShell) shellPid() int {
	s.t.Helper()
	if s.pid == 0 {
		sc := s.run("echo pid=$$.")
		i := strings.LastIndex(sc, "\npid=")
		j := strings.Index(sc[i:], ".")
		n, err := strconv.Atoi(sc[i+5 : i+j])
		if err != nil {
			s.t.Fatalf("no pid on screen:\n%s", sc)
		}
		s.pid = n
	}
	return s.pid
}

// waitChild waits until the shell has a child running name and returns
// its pid.
func (s *tmuxShell) waitChild(name string, state byte) int {
	s.t.Helper()
	pid := s.shellPid()
	var found int
	s.waitGone(func() bool {
		for _, c := range children(pid) {
			if c.comm == name && (state == 0 || c.state == state) {
				found = c.pid
				return true
			}
		}
		return false
	})
	return found
}

func (s *tmuxShell) waitGone(ok func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for !ok() {
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for processes; screen:\n%s", s.screen())
		}
		time.Sleep(30 * time.Millisecond)
	}
}

type procInfo struct {
	pid   int
	comm  string
	state byte
}

// children lists the processes whose parent is ppid, from /proc.
func children(ppid int) []procInfo {
	ents, _ := os.ReadDir("/proc")
	var out []procInfo
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		st := string(b)
		open, close := strings.IndexByte(st, '('), strings.LastIndexByte(st, ')')
		if open < 0 || close < 0 {
			continue
		}
		f := strings.Fields(st[close+1:])
		if len(f) < 2 {
			continue
		}
		if pp, _ := strconv.Atoi(f[1]); pp == ppid {
			out = append(out, procInfo{pid: pid, comm: st[open+1 : close], state: f[0][0]})
		}
	}
	return out
}

func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(b), ')')
	return i > 0 && i+2 < len(b) && b[i+2] != 'Z'
}

func TestInteractiveMultiLineFor(t *testing.T) {
	t.Parallel()
	s := startShell(t, t.TempDir(), "PS1=ipsh> ")
	s.waitText("ipsh>")
	s.line("for i in one two three")
	s.waitText("\n>")
	s.line("do")
	s.line("  echo item-$i")
	s.line("done")
	sc := s.waitText("item-three")
	if !strings.Contains(sc, "item-one\nitem-two\nitem-three") {
		t.Errorf("loop output wrong:\n%s", sc)
	}
	sc = s.run("history")
	if !strings.Contains(sc, "for i in one two three; do echo item-$i; done") {
		t.Errorf("history does not keep the loop as one entry:\n%s", sc)
	}
	// An error, a syntax error and a builtin failure keep the shell.
	s.run("cd /nonexistent-dir")
	s.line("echo )")
	s.waitText("ipsh: ")
	s.run("echo still-here")
	s.line("exit 3")
	s.waitGone(func() bool { return !alive(s.pid) })
}

func TestInteractiveDefaultPrompt(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	s := startShell(t, home)
	s.waitFor("prompt", func(sc string) bool { return strings.HasPrefix(sc, "~#") || strings.HasPrefix(sc, "~$") })
	s.line("false")
	s.waitText("~ [1]")
	s.line("PS1='\\u@\\h:\\W \\j \\? \\$ '")
	s.waitText("@")
	s.keys("C-d")
}

func TestInteractiveCompletion(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, "my file.txt"), []byte("content-of-my-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startShell(t, home, "PS1=ipsh> ")
	s.waitText("ipsh>")
	// A builtin of ipsh.
	s.typeText("histo")
	s.keys("Tab")
	s.waitText("ipsh> history")
	s.keys("C-c")
	// A file whose name has a space.
	s.typeText("cat my")
	s.keys("Tab")
	s.waitText(`cat my\ file.txt`)
	s.keys("Enter")
	s.waitText("content-of-my-file")
	// A variable.
	s.run("MYVARIABLE=value-of-var")
	s.typeText("echo $MYVARIA")
	s.keys("Tab")
	s.waitText("echo $MYVARIABLE")
	s.keys("Enter")
	s.waitText("\nvalue-of-var")
	// A subcommand and the flags of one of ipsh's own builtins.
	s.typeText("pidfile cre")
	s.keys("Tab")
	s.waitText("pidfile create")
	s.typeText("-")
	s.keys("Tab", "Tab")
	s.waitText("-k  -p")
	s.keys("C-c")
	s.line("exit")
}

func TestInteractiveHistoryRestart(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	hist := filepath.Join(home, ".ipsh_history")
	s := startShell(t, home, "PS1=ipsh> ")
	s.waitText("ipsh>")
	s.line("echo first-session")
	s.waitCount("\nfirst-session", 1)
	s.line("echo first-session")
	s.waitCount("\nfirst-session", 2)
	s.line(" echo secret-not-saved")
	s.waitText("\nsecret-not-saved")
	s.keys("C-d")
	s.waitGone(func() bool { _, err := os.Stat(hist); return err == nil })
	b, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(b), "echo first-session") != 1 || strings.Contains(string(b), "secret") {
		t.Errorf("history file:\n%s", b)
	}

	s2 := startShell(t, home, "PS1=ipsh> ")
	s2.waitText("ipsh>")
	s2.keys("Up")
	s2.waitText("ipsh> echo first-session")
	s2.keys("Enter")
	s2.waitText("\nfirst-session")
	// Ctrl-R finds it too.
	s2.keys("C-r")
	s2.typeText("first")
	s2.waitText("reverse-i-search")
	s2.keys("Enter")
	s2.waitCount("\nfirst-session", 2)
	s2.line("exit")
}

func TestInteractiveCtrlC(t *testing.T) {
	t.Parallel()
	s := startShell(t, t.TempDir(), "PS1=ipsh> ")
	s.waitText("ipsh>")
	s.shellPid()
	s.line("sleep 100")
	pid := s.waitChild("sleep", 0)
	s.keys("C-c")
	s.waitGone(func() bool { return !alive(pid) })
	s.run("echo status=$?")
	s.waitText("status=130")
	// Ctrl-C at the prompt clears the line.
	s.typeText("echo never-run")
	s.keys("C-c")
	sc := s.run("echo after")
	if strings.Contains(sc, "\nnever-run") {
		t.Errorf("Ctrl-C did not clear the line:\n%s", sc)
	}
	// Ctrl-C interrupts a loop running in the shell itself, and the shell
	// lives on.
	s.line("while :; do :; done")
	s.waitText("while :; do :; done")
	s.keys("C-c")
	s.run("echo loop-stopped")
	s.line("exit")
}

func TestInteractiveJobControl(t *testing.T) {
	t.Parallel()
	s := startShell(t, t.TempDir(), "PS1=ipsh> ")
	s.waitText("ipsh>")
	s.shellPid()
	s.line("sleep 100")
	pid := s.waitChild("sleep", 'S')
	s.keys("C-z")
	s.waitText("Stopped                 sleep 100")
	s.waitChild("sleep", 'T')
	sc := s.run("jobs")
	if !strings.Contains(sc, "[1]+  Stopped                 sleep 100") {
		t.Errorf("jobs:\n%s", sc)
	}
	s.run("bg")
	s.waitText("[1]+ sleep 100 &")
	s.waitChild("sleep", 'S')
	sc = s.run("jobs")
	if !strings.Contains(sc, "Running                 sleep 100 &") {
		t.Errorf("jobs after bg:\n%s", sc)
	}
	s.line("fg")
	s.waitText("\nsleep 100\n")
	// The job owns the terminal now: Ctrl-C goes to it.
	s.waitGone(func() bool { return foreground(pid) })
	s.keys("C-c")
	s.waitGone(func() bool { return !alive(pid) })
	sc = s.run("echo st=$?; jobs")
	if !strings.Contains(sc, "st=130") || strings.Contains(sc[strings.LastIndex(sc, "st=130"):], "sleep 100") {
		t.Errorf("after fg and Ctrl-C:\n%s", sc)
	}
	// Ctrl-D warns once about a stopped job, then exits and ends it.
	s.line("sleep 100")
	pid = s.waitChild("sleep", 'S')
	s.keys("C-z")
	s.waitChild("sleep", 'T')
	s.keys("C-d")
	s.waitText("There are stopped jobs.")
	s.keys("C-d")
	s.waitGone(func() bool { return !alive(pid) && !alive(s.pid) })
}

// foreground reports whether pid's process group owns its terminal.
func foreground(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b)[i+1:])
	// state ppid pgrp session tty_nr tpgid
	return len(f) > 5 && f[2] == f[5]
}

func TestInteractiveRawModeRestored(t *testing.T) {
	t.Parallel()
	s := startShell(t, t.TempDir(), "PS1=ipsh> ")
	s.waitText("ipsh>")
	s.shellPid()
	s.line("stty raw -echo; sleep 100")
	pid := s.waitChild("sleep", 0)
	if err := exec.Command("kill", "-KILL", strconv.Itoa(pid)).Run(); err != nil {
		t.Fatal(err)
	}
	s.waitText("Killed")
	// read echoes what is typed only if the terminal has echo on again.
	s.line("read -r got; echo \"got=$got\"")
	s.waitText("read -r got")
	s.line("typed-by-hand")
	sc := s.waitText("got=typed-by-hand")
	if !strings.Contains(sc, "\ntyped-by-hand\n") {
		t.Errorf("terminal echo is off after the raw program died:\n%s", sc)
	}
	s.line("exit")
}

// Ctrl-Z suspends a whole pipeline and a subshell; fg brings each back.
func TestInteractiveSuspendPipeline(t *testing.T) {
	t.Parallel()
	s := startShell(t, t.TempDir(), "PS1=ipsh> ")
	s.waitText("ipsh>")
	s.shellPid()
	s.line("sleep 100 | cat")
	pid := s.waitChild("sleep", 'S')
	s.keys("C-z")
	s.waitText("Stopped                 sleep 100 | cat")
	sc := s.run("jobs")
	if !strings.Contains(sc, "[1]+  Stopped                 sleep 100 | cat") {
		t.Errorf("jobs:\n%s", sc)
	}
	s.line("fg")
	s.waitGone(func() bool { return foreground(pid) })
	s.keys("C-c")
	s.waitGone(func() bool { return !alive(pid) })
	sc = s.run("echo st=$?")
	if !strings.Contains(sc, "st=130") {
		t.Errorf("after fg and Ctrl-C:\n%s", sc)
	}

	s.line("(sleep 100; echo after)")
	pid = s.waitChild("sleep", 'S')
	s.keys("C-z")
	s.waitText("Stopped                 (sleep 100; echo after)")
	s.line("kill %1")
	s.waitGone(func() bool { return !alive(pid) })
}
