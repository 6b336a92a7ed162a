package engine_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/ipsh/ipsh/engine"
	"golang.org/x/sys/unix"
)

func openFds(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

func newRunner(t *testing.T, out *bytes.Buffer, extra ...engine.Option) *engine.Runner {
	t.Helper()
	opts := append([]engine.Option{
		engine.StdIO(nil, out, out),
		engine.Env([]string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}),
		engine.Dir(t.TempDir()),
	}, extra...)
	r, err := engine.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// After 10,000 pipelines the process has the fds it started with.
func TestPipelinesLeakNoFds(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var out bytes.Buffer
	r := newRunner(t, &out)
	before := openFds(t)
	script := `
for ((i = 0; i < 9800; i++)); do echo a | { read -r x; } ; done
for ((i = 0; i < 200; i++)); do echo b | cat >/dev/null; done
x=$(echo sub); y=$(cat <(echo psub))
echo "done $x $y"`
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := r.Run(ctx, strings.NewReader(script), "pipes"); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if got := strings.TrimSpace(out.String()); got != "done sub psub" {
		t.Fatalf("output %q", got)
	}
	r.Close()
	// The stdio copiers close their pipe ends asynchronously; give them a moment.
	deadline := time.Now().Add(5 * time.Second)
	for openFds(t) > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := openFds(t); after > before {
		t.Fatalf("open fds: %d before, %d after", before, after)
	}
}

// A child receives exactly the fds the script gave it, at their numbers.
func TestChildGetsOnlyTableFds(t *testing.T) {
	var out bytes.Buffer
	r := newRunner(t, &out)
	defer r.Close()
	dir := t.TempDir()
	script := `exec 3>` + filepath.Join(dir, "three") + ` {hi}>` + filepath.Join(dir, "hi") + `
exec 4>&1 4>&-
sleep 30 >/dev/null 2>&1 &
echo "$! $hi"`
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := r.Run(ctx, strings.NewReader(script), "fds"); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	fields := strings.Fields(out.String())
	if len(fields) != 2 {
		t.Fatalf("output %q", out.String())
	}
	pid, err := strconv.Atoi(fields[0])
	if err != nil || pid <= 0 {
		t.Fatalf("bad pid in output %q", out.String())
	}
	defer unix.Kill(pid, unix.SIGKILL)
	ents, err := os.ReadDir("/proc/" + fields[0] + "/fd")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	want := []string{"0", "1", fields[1], "2", "3"} // ReadDir sorts by name
	if strings.Join(got, " ") != strings.Join(want, " ") {
		var targets []string
		for _, fd := range got {
			l, _ := os.Readlink("/proc/" + fields[0] + "/fd/" + fd)
			targets = append(targets, fd+"->"+l)
		}
		t.Fatalf("child fds %v, want %v", targets, want)
	}
	if target, _ := os.Readlink("/proc/" + fields[0] + "/fd/3"); target != filepath.Join(dir, "three") {
		t.Fatalf("fd 3 is %s", target)
	}
	if target, _ := os.Readlink("/proc/" + fields[0] + "/fd/0"); target != "/dev/null" {
		t.Fatalf("background stdin is %s, want /dev/null", target)
	}
}

// A thousand background jobs and a wait leave no child, zombie or not.
func TestBackgroundJobsLeaveNoChild(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var out bytes.Buffer
	r := newRunner(t, &out)
	defer r.Close()
	script := `for ((i = 0; i < 1000; i++)); do true & done
{ exit 3; } & p=$!
wait $p; echo "compound $?"
sh -c 'exit 5' & wait $!; echo "program $?"
wait; echo all`
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := r.Run(ctx, strings.NewReader(script), "jobs"); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if got := out.String(); got != "compound 3\nprogram 5\nall\n" {
		t.Logf("status %d", r.Status())
		t.Fatalf("output %q", got)
	}
	// Reaping happens in the job goroutines; wait for them to finish.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := unix.Wait4(-1, nil, unix.WNOHANG, nil)
		if err == unix.ECHILD {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("children remain: wait4 says %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Cancelling the context stops foreground and background processes.
func TestCancelStopsProcesses(t *testing.T) {
	var out bytes.Buffer
	r := newRunner(t, &out)
	defer r.Close()
	dir := t.TempDir()
	pidfile := filepath.Join(dir, "bg")
	script := `sleep 60 & echo $! > ` + pidfile + `
sleep 60 | cat`
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx, strings.NewReader(script), "cancel") }()
	var bgPid int
	for i := 0; i < 500 && bgPid == 0; i++ {
		b, _ := os.ReadFile(pidfile)
		bgPid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		time.Sleep(10 * time.Millisecond)
	}
	if bgPid == 0 {
		t.Fatal("background pid never written")
	}
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	deadline := time.Now().Add(10 * time.Second)
	for unix.Kill(bgPid, 0) == nil {
		if time.Now().After(deadline) {
			unix.Kill(bgPid, unix.SIGKILL)
			t.Fatalf("background sleep %d survived cancellation", bgPid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// read -s turns the terminal's echo off while it reads, and back on after.
func TestReadSilentOnTerminal(t *testing.T) {
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Skip("no pty:", err)
	}
	defer ptm.Close()
	defer pts.Close()
	var out bytes.Buffer
	r, err := engine.New(engine.StdIO(pts, &out, pts)) // the prompt goes to stderr
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	done := make(chan error, 1)
	go func() {
		done <- r.Run(context.Background(), strings.NewReader(`read -s -p 'Password: ' pw; echo "got $pw"`), "")
	}()
	// Wait for the prompt, then check echo is off while read waits.
	buf := make([]byte, 64)
	n, _ := ptm.Read(buf)
	if !strings.Contains(string(buf[:n]), "Password: ") {
		t.Fatalf("prompt %q", buf[:n])
	}
	tios, err := unix.IoctlGetTermios(int(pts.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if tios.Lflag&unix.ECHO != 0 {
		t.Error("echo still on during read -s")
	}
	ptm.Write([]byte("s3cret\n"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "got s3cret\n" {
		t.Fatalf("output %q", got)
	}
	tios, _ = unix.IoctlGetTermios(int(pts.Fd()), unix.TCGETS)
	if tios.Lflag&unix.ECHO == 0 {
		t.Error("echo not restored after read -s")
	}
}

// A runner that ran background compound jobs leaves no fd after Close,
// and its sentinel processes end.
func TestGoroutineJobsLeaveNoFds(t *testing.T) {
	before := openFds(t)
	var out bytes.Buffer
	r := newRunner(t, &out)
	if err := r.Run(context.Background(), strings.NewReader(`{ true; } & wait; { sleep 0.05; } & echo $!`), "gj"); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	r.Close()
	deadline := time.Now().Add(5 * time.Second)
	for openFds(t) > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := openFds(t); after > before {
		t.Fatalf("open fds: %d before, %d after", before, after)
	}
}
