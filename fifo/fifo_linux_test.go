//go:build linux

package fifo_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/fifo"
)

// helperEnv selects a helper mode when the test binary is re-executed.
const helperEnv = "IPSH_FIFO_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "cat": // a plain blocking open, as any program does
		f, err := os.Open(os.Args[len(os.Args)-1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		io.Copy(os.Stdout, f)
		os.Exit(0)
	case "cat-open": // fifo.Open for reading, then copy to stdout
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		f, err := fifo.Open(ctx, os.Args[len(os.Args)-1], os.O_RDONLY)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		io.Copy(os.Stdout, f)
		os.Exit(0)
	case "read-timeout": // fifo.Open for reading with no writer
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := fifo.Open(ctx, os.Args[len(os.Args)-1], os.O_RDONLY)
		fmt.Print(errors.Is(err, context.DeadlineExceeded))
		os.Exit(0)
	case "open-write": // fifo.Open as an unprivileged user
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, err := fifo.Open(ctx, os.Args[len(os.Args)-1], os.O_WRONLY)
		fmt.Print(err)
		os.Exit(0)
	}
	os.Exit(2)
}

// testCtx bounds a test so that a bug hangs nothing forever.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func makeFIFO(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fifo")
	if err := fifo.Create(path, 0); err != nil {
		t.Fatal(err)
	}
	return path
}

func helper(t *testing.T, mode string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	return cmd
}

// A shell writer and an Open reader meet at the FIFO.
func TestRendezvousShellWriter(t *testing.T) {
	t.Parallel()
	path := makeFIFO(t)
	cmd := exec.Command("sh", "-c", `printf 'hello\nworld\n' >"$1"`, "sh", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f, err := fifo.Open(testCtx(t), path, os.O_RDONLY)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal(err)
	}
	data, err := io.ReadAll(f)
	f.Close()
	if werr := cmd.Wait(); werr != nil {
		t.Fatal(werr)
	}
	if err != nil || string(data) != "hello\nworld\n" {
		t.Fatalf("read %q, %v", data, err)
	}
}

// An Open writer meets a process that opens the FIFO with a plain blocking
// open(2), started before or after it.
func TestRendezvousBlockingReader(t *testing.T) {
	t.Parallel()
	for _, readerFirst := range []bool{true, false} {
		t.Run(fmt.Sprint("readerFirst=", readerFirst), func(t *testing.T) {
			t.Parallel()
			path := makeFIFO(t)
			cmd := helper(t, "cat", path)
			var out bytes.Buffer
			cmd.Stdout = &out
			cmd.Stderr = os.Stderr
			type result struct {
				f   *os.File
				err error
			}
			ch := make(chan result, 1)
			if readerFirst {
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
			}
			go func() {
				f, err := fifo.Open(testCtx(t), path, os.O_WRONLY)
				ch <- result{f, err}
			}()
			if !readerFirst {
				time.Sleep(20 * time.Millisecond) // let the writer probe a few times
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
			}
			r := <-ch
			if r.err != nil {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatal(r.err)
			}
			fmt.Fprintln(r.f, "from Go")
			r.f.Close()
			if err := cmd.Wait(); err != nil {
				t.Fatal(err)
			}
			if out.String() != "from Go\n" {
				t.Fatalf("child read %q", out.String())
			}
		})
	}
}

// `ls -l >fifo & cat <fifo`: the file Open returns is the child's stdin.
func TestPassToChild(t *testing.T) {
	t.Parallel()
	path := makeFIFO(t)
	listed := t.TempDir()
	for _, name := range []string{"a", "b", "c"} {
		if err := os.WriteFile(filepath.Join(listed, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := exec.Command("ls", "-l", listed).Output()
	if err != nil {
		t.Skip("no ls:", err)
	}

	writer := exec.Command("sh", "-c", `ls -l "$2" >"$1"`, "sh", path, listed)
	if err := writer.Start(); err != nil {
		t.Fatal(err)
	}
	defer writer.Wait()
	f, err := fifo.Open(testCtx(t), path, os.O_RDONLY)
	if err != nil {
		writer.Process.Kill()
		t.Fatal(err)
	}
	reader := exec.Command("cat")
	reader.Stdin = f
	got, err := reader.Output()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// Both sides in one Go program.
func TestRendezvousInProcess(t *testing.T) {
	t.Parallel()
	path := makeFIFO(t)
	ctx := testCtx(t)
	errc := make(chan error, 1)
	go func() {
		w, err := fifo.Open(ctx, path, os.O_WRONLY)
		if err == nil {
			_, err = w.WriteString(strings.Repeat("x", 1<<20)) // more than the pipe holds
			err = errors.Join(err, w.Close())
		}
		errc <- err
	}()
	r, err := fifo.Open(ctx, path, os.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, r)
	r.Close()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if err != nil || n != 1<<20 {
		t.Fatalf("read %d bytes, %v", n, err)
	}
}

// A writer that opens and closes without writing releases the reader, which
// then reads end of file.
func TestWriterClosesWithoutWriting(t *testing.T) {
	t.Parallel()
	path := makeFIFO(t)
	cmd := exec.Command("sh", "-c", `: >"$1"`, "sh", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f, err := fifo.Open(testCtx(t), path, os.O_RDONLY)
	if werr := cmd.Wait(); werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if data, err := io.ReadAll(f); err != nil || len(data) != 0 {
		t.Fatalf("read %q, %v", data, err)
	}
}

func TestReadWriteDoesNotWait(t *testing.T) {
	t.Parallel()
	f, err := fifo.Open(testCtx(t), makeFIFO(t), os.O_RDWR)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("loop"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	if _, err := io.ReadFull(f, buf); err != nil || string(buf) != "loop" {
		t.Fatalf("read %q, %v", buf, err)
	}
}

func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc:", err)
	}
	return len(ents)
}

// No peer ever comes: Open ends with the context's error and leaks no fd.
// Not parallel, so that the fd count is this test's alone.
func TestTimeoutNoPeer(t *testing.T) {
	path := makeFIFO(t)
	before := openFDs(t)
	for _, flag := range []int{os.O_RDONLY, os.O_WRONLY} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		f, err := fifo.Open(ctx, path, flag)
		cancel()
		if f != nil {
			f.Close()
			t.Fatalf("flag %d: opened with no peer", flag)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("flag %d: err %v, want DeadlineExceeded", flag, err)
		}
		var fe *fifo.Error
		if !errors.As(err, &fe) || fe.Op != "open" || fe.Path != path {
			t.Fatalf("flag %d: err %#v", flag, err)
		}
		if want := "open " + path + ": context deadline exceeded"; err.Error() != want {
			t.Fatalf("message %q, want %q", err, want)
		}
	}
	if after := openFDs(t); after != before {
		t.Fatalf("%d fds open before, %d after", before, after)
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	path := makeFIFO(t)
	for _, flag := range []int{os.O_RDONLY, os.O_WRONLY} {
		ctx, cancel := context.WithCancel(testCtx(t))
		errc := make(chan error, 1)
		go func() {
			_, err := fifo.Open(ctx, path, flag)
			errc <- err
		}()
		time.Sleep(10 * time.Millisecond)
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("flag %d: %v, want Canceled", flag, err)
		}
	}
	// A context already done: no wait at all, even where a peer is present.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := fifo.Open(ctx, path, os.O_RDWR); !errors.Is(err, context.Canceled) {
		t.Fatalf("done context: %v", err)
	}
}

func TestRefuseNonFIFO(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	pipe := makeFIFO(t)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(pipe, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, kind string }{
		{file, "regular file"},
		{dir, "directory"},
		{link, "symbolic link"},
		{"/dev/null", "character device"},
	} {
		for _, flag := range []int{os.O_RDONLY, os.O_WRONLY, os.O_RDWR} {
			f, err := fifo.Open(testCtx(t), tc.path, flag)
			if f != nil {
				f.Close()
			}
			if !errors.Is(err, fifo.ErrNotFIFO) || errors.Is(err, fs.ErrExist) {
				t.Fatalf("%s flag %d: %v", tc.path, flag, err)
			}
			if want := "open " + tc.path + ": not a fifo (" + tc.kind + ")"; err.Error() != want {
				t.Fatalf("message %q, want %q", err, want)
			}
		}
	}
	if data, _ := os.ReadFile(file); string(data) != "data" {
		t.Fatalf("regular file changed: %q", data)
	}
	_, err := fifo.Open(testCtx(t), filepath.Join(dir, "missing"), os.O_RDONLY)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
}

func TestBadFlag(t *testing.T) {
	t.Parallel()
	path := makeFIFO(t)
	for _, flag := range []int{os.O_WRONLY | os.O_APPEND, os.O_RDONLY | os.O_CREATE, 3, -1} {
		if _, err := fifo.Open(testCtx(t), path, flag); err == nil || !strings.Contains(err.Error(), "invalid flag") {
			t.Fatalf("flag %#x: %v", flag, err)
		}
	}
}

func TestCreate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		mode, want fs.FileMode
	}{
		{0, 0o600},
		{0o666, 0o666}, // the umask does not apply
		{0o640, 0o640},
		{0o600 | fs.ModeSticky, 0o600 | fs.ModeSticky},
	} {
		path := filepath.Join(dir, fmt.Sprintf("f%o", tc.mode))
		if err := fifo.Create(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if want := tc.want | fs.ModeNamedPipe; fi.Mode() != want {
			t.Fatalf("mode %v: got %v, want %v", tc.mode, fi.Mode(), want)
		}
	}

	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	dangling := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "nowhere"), dangling)
	for _, tc := range []struct {
		path    string
		notFIFO bool
		msg     string
	}{
		{filepath.Join(dir, "f0"), false, "file exists"},
		{file, true, "file exists and is not a fifo (regular file)"},
		{dir, true, "file exists and is not a fifo (directory)"},
		{dangling, true, "file exists and is not a fifo (symbolic link)"},
	} {
		err := fifo.Create(tc.path, 0)
		if !errors.Is(err, fs.ErrExist) || errors.Is(err, fifo.ErrNotFIFO) != tc.notFIFO {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if want := "mkfifo " + tc.path + ": " + tc.msg; err.Error() != want {
			t.Fatalf("message %q, want %q", err, want)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("Create followed a dangling symlink")
	}

	for _, mode := range []fs.FileMode{fs.ModeDir | 0o600, fs.ModeNamedPipe | 0o600} {
		if err := fifo.Create(filepath.Join(dir, "bad"), mode); err == nil || !strings.Contains(err.Error(), "invalid mode") {
			t.Fatalf("mode %v: %v", mode, err)
		}
	}
	if err := fifo.Create(filepath.Join(dir, "no", "such"), 0); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing dir: %v", err)
	}
}

// An unprivileged process may not open a FIFO it has no permission on.
func TestPermissionDenied(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a child as nobody")
	}
	dir, bin := nobodyDir(t)
	path := filepath.Join(dir, "private")
	if err := fifo.Create(path, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := helper(t, "open-write", path)
	cmd.Path = bin
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "open " + path + ": permission denied"; string(out) != want {
		t.Fatalf("child said %q, want %q", out, want)
	}
}

// The classic two-FIFO dialogue: the client opens its request FIFO for
// writing, then the reply FIFO for reading, and writes only after both.
// Open for reading must return at the writer's open, not at its first
// write, or both sides wait for each other.
func TestTwoFIFODialogue(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	for _, p := range []string{in, out} {
		if err := fifo.Create(p, 0); err != nil {
			t.Fatal(err)
		}
	}
	client := exec.Command("sh", "-c", `exec 3>"$1" 4<"$2"; echo request >&3; read r <&4; echo "got $r"`, "sh", in, out)
	var said bytes.Buffer
	client.Stdout = &said
	if err := client.Start(); err != nil {
		t.Fatal(err)
	}
	defer client.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, err := fifo.Open(ctx, in, os.O_RDONLY)
	if err != nil {
		client.Process.Kill()
		t.Fatal(err)
	}
	defer r.Close()
	w, err := fifo.Open(ctx, out, os.O_WRONLY)
	if err != nil {
		client.Process.Kill()
		t.Fatal(err)
	}
	line := make([]byte, len("request\n"))
	if _, err := io.ReadFull(r, line); err != nil || string(line) != "request\n" {
		t.Fatalf("read %q, %v", line, err)
	}
	fmt.Fprintln(w, "reply")
	w.Close()
	if err := client.Wait(); err != nil {
		t.Fatal(err)
	}
	if said.String() != "got reply\n" {
		t.Fatalf("client said %q", said.String())
	}
}

// Without permission to write the FIFO, a reader cannot release its own
// blocking open: it waits in poll(2) instead, with the same rendezvous and
// the same timeout. Runs as nobody.
func TestReaderWithoutWritePermission(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a child as nobody")
	}
	dir, bin := nobodyDir(t)
	path := filepath.Join(dir, "readonly")
	if err := fifo.Create(path, 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := helper(t, "read-timeout", path)
	cmd.Path = bin
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	if out, err := cmd.Output(); err != nil || string(out) != "true" {
		t.Fatalf("timeout: child said %q, %v", out, err)
	}

	cmd = helper(t, "cat-open", path)
	cmd.Path = bin
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w, err := fifo.Open(testCtx(t), path, os.O_WRONLY)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal(err)
	}
	fmt.Fprintln(w, "to nobody")
	w.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if out.String() != "to nobody\n" {
		t.Fatalf("child read %q", out.String())
	}
}

// nobodyDir returns a directory that nobody can enter and a copy of the
// test binary that nobody can run.
func nobodyDir(t *testing.T) (dir, bin string) {
	dir = t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} { // t.TempDir makes both 0700
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin = filepath.Join(dir, "fifo.test")
	data, err := os.ReadFile(os.Args[0])
	if err == nil {
		err = os.WriteFile(bin, data, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir, bin
}

// Not parallel: counts the goroutines of the whole process.
func TestNoGoroutineLeft(t *testing.T) {
	path := makeFIFO(t)
	before := runtime.NumGoroutine()
	for range 5 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		fifo.Open(ctx, path, os.O_RDONLY)
		fifo.Open(ctx, path, os.O_WRONLY)
		cancel()
	}
	for i := 0; runtime.NumGoroutine() > before; i++ {
		if i == 500 {
			t.Fatalf("%d goroutines before, %d after", before, runtime.NumGoroutine())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
