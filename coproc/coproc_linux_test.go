//go:build linux

package coproc_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/coproc"
	"golang.org/x/sys/unix"
)

const helperEnv = "COPROC_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "password":
		os.Exit(helperPassword())
	default:
		fmt.Fprintln(os.Stderr, "unknown helper", os.Getenv(helperEnv))
		os.Exit(2)
	}
}

// helperPassword asks for a password on its controlling terminal with echo
// off, as getpass(3) does, and says how long it was.
func helperPassword() int {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		fmt.Println("no tty:", err)
		return 1
	}
	defer tty.Close()
	fd := int(tty.Fd())
	saved, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		fmt.Println("tcgetattr:", err)
		return 1
	}
	noecho := *saved
	noecho.Lflag &^= unix.ECHO
	unix.IoctlSetTermios(fd, unix.TCSETS, &noecho)
	defer unix.IoctlSetTermios(fd, unix.TCSETS, saved)
	tty.WriteString("Password:")
	var pw []byte
	b := make([]byte, 1)
	for {
		n, err := tty.Read(b)
		if n == 0 || err != nil || b[0] == '\n' || b[0] == '\r' {
			break
		}
		pw = append(pw, b[0])
	}
	fmt.Fprintf(tty, "\nwelcome, %d bytes\n", len(pw))
	return 0
}

var transports = []coproc.Transport{coproc.PTY, coproc.Pipes}

// start starts name args on transport with a cleanup that kills and reaps it.
func start(t *testing.T, tr coproc.Transport, name string, args ...string) *coproc.Coproc {
	t.Helper()
	return startOpts(t, coproc.Options{Transport: tr}, exec.Command(name, args...))
}

func startOpts(t *testing.T, opts coproc.Options, cmd *exec.Cmd) *coproc.Coproc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c, err := coproc.Start(ctx, cmd, opts)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		c.Close()
		c.Wait()
		c.CloseRead()
	})
	return c
}

func timeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

var re = regexp.MustCompile

func expect(t *testing.T, c *coproc.Coproc, patterns ...*regexp.Regexp) coproc.Match {
	t.Helper()
	m, err := c.Expect(timeout(t, 20*time.Second), patterns...)
	if err != nil {
		t.Fatalf("expect %v: %v (before %q)", patterns, err, m.Before)
	}
	return m
}

func exitCode(t *testing.T, c *coproc.Coproc) int {
	t.Helper()
	st, err := c.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if st.ExitCode() < 0 {
		t.Logf("status: %v", st)
	}
	return st.ExitCode()
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.String(), func(t *testing.T) {
			t.Parallel()
			c := start(t, tr, "cat")
			for i := 0; i < 3; i++ {
				line := fmt.Sprintf("line %d\r\n", i)
				if err := c.SendString(line); err != nil {
					t.Fatal(err)
				}
				// Raw mode: the CR/LF pair comes back unchanged.
				m := expect(t, c, re(`line \d\r\n`))
				if m.Text != line || m.Before != "" || m.Index != 0 {
					t.Fatalf("got %+v, want %q", m, line)
				}
			}
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			if m, err := c.Expect(timeout(t, 20*time.Second), re(`x`)); err != io.EOF || m.Index != -1 {
				t.Fatalf("after Close: %+v, %v; want io.EOF", m, err)
			}
			if code := exitCode(t, c); code != 0 {
				t.Fatalf("exit %d", code)
			}
			if c.ReadFile() != nil || c.WriteFile() != nil {
				t.Fatal("files still open after EOF and Close")
			}
		})
	}
}

// A block-buffering program answers each line at once on a pty, and only
// at exit on pipes.
func TestBlockBuffering(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.String(), func(t *testing.T) {
			t.Parallel()
			c := start(t, tr, "sed", "s/question/answer/")
			c.SendString("question 1\n")
			m, err := c.Expect(timeout(t, 500*time.Millisecond), re(`answer 1\n`))
			if tr == coproc.PTY && err != nil {
				t.Fatalf("pty: %v", err)
			}
			if tr == coproc.Pipes {
				if !errors.Is(err, coproc.ErrTimeout) {
					t.Fatalf("pipes: got %+v, %v; want a timeout", m, err)
				}
				c.Close() // sed flushes at exit
				expect(t, c, re(`answer 1\n`))
			}
		})
	}
}

func TestExpectTimeout(t *testing.T) {
	t.Parallel()
	c := start(t, coproc.PTY, "cat")
	c.SendString("something\n")
	expect(t, c, re(`some`))
	m, err := c.Expect(timeout(t, 100*time.Millisecond), re(`never`))
	if !errors.Is(err, coproc.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v; want ErrTimeout", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Fatalf("timeout matches context.Canceled: %v", err)
	}
	if want := "expect cat[" + fmt.Sprint(c.Pid()) + "]: timeout"; err.Error() != want {
		t.Fatalf("message %q, want %q", err, want)
	}
	if m.Index != -1 || !strings.HasPrefix("thing\n", m.Before) {
		t.Fatalf("match %+v", m)
	}
	// Nothing was consumed.
	if m := expect(t, c, re(`\n`)); m.Before != "thing" {
		t.Fatalf("after timeout: %+v", m)
	}
}

func TestExpectCancel(t *testing.T) {
	t.Parallel()
	c := start(t, coproc.PTY, "cat")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	_, err := c.Expect(ctx, re(`never`))
	if !errors.Is(err, context.Canceled) || errors.Is(err, coproc.ErrTimeout) {
		t.Fatalf("got %v; want context.Canceled", err)
	}
	// The coprocess still works.
	c.SendString("ok\n")
	expect(t, c, re(`ok\n`))
}

func TestExpectSeveralPatterns(t *testing.T) {
	t.Parallel()
	c := start(t, coproc.PTY, "cat")
	c.SendString("xx foo bar key=42 baz\n")
	// The earliest match wins, whichever pattern it is.
	m := expect(t, c, re(`bar`), re(`foo`), re(`baz`))
	if m.Index != 1 || m.Text != "foo" || m.Before != "xx " {
		t.Fatalf("first: %+v", m)
	}
	// At the same place, the first pattern given wins.
	m = expect(t, c, re(` bar`), re(` ba[rz]`))
	if m.Index != 0 || m.Before != "" {
		t.Fatalf("second: %+v", m)
	}
	m = expect(t, c, re(`(\w+)=(\d+)(x)?`))
	if m.Text != "key=42" || len(m.Groups) != 3 || m.Groups[0] != "key" || m.Groups[1] != "42" || m.Groups[2] != "" {
		t.Fatalf("groups: %+v", m)
	}
	if m := expect(t, c, re(`\n`)); m.Before != " baz" {
		t.Fatalf("rest: %+v", m)
	}
}

func TestExpectSpanningReads(t *testing.T) {
	t.Parallel()
	c := start(t, coproc.PTY, "cat")
	c.SendString("abc")
	// Wait until "abc" has been read, without consuming it.
	for i := 0; ; i++ {
		m, err := c.Expect(timeout(t, 100*time.Millisecond), re(`abcdef`))
		if !errors.Is(err, coproc.ErrTimeout) {
			t.Fatalf("got %+v, %v", m, err)
		}
		if m.Before == "abc" {
			break
		}
		if i == 100 {
			t.Fatalf("cat did not echo: %+v", m)
		}
	}
	c.SendString("def\n")
	if m := expect(t, c, re(`abcdef`)); m.Before != "" {
		t.Fatalf("%+v", m)
	}
}

func TestExpectErrors(t *testing.T) {
	t.Parallel()
	c := start(t, coproc.PTY, "cat")
	if _, err := c.Expect(context.Background()); err == nil {
		t.Fatal("no patterns: no error")
	}
	if _, err := c.Expect(context.Background(), re(`x`), nil); err == nil {
		t.Fatal("nil pattern: no error")
	}
}

// Output written before the child exits is read after it, then io.EOF,
// never EIO.
func TestReadAfterExit(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.String(), func(t *testing.T) {
			t.Parallel()
			c := start(t, tr, "sh", "-c", `i=0; while [ $i -lt 200 ]; do echo "line $i"; i=$((i+1)); done; printf partial; exit 3`)
			if code := exitCode(t, c); code != 3 {
				t.Fatalf("exit %d", code)
			}
			m := expect(t, c, re(`line 199\n`))
			if !strings.HasPrefix(m.Before, "line 0\n") {
				t.Fatalf("%+v", m)
			}
			m, err := c.Expect(timeout(t, 20*time.Second), re(`never`))
			if err != io.EOF || m.Before != "partial" {
				t.Fatalf("got %+v, %v; want the remainder and io.EOF", m, err)
			}
			b, err := io.ReadAll(c)
			if err != nil || string(b) != "partial" {
				t.Fatalf("ReadAll: %q, %v", b, err)
			}
			if n, err := c.Read(make([]byte, 10)); n != 0 || err != io.EOF {
				t.Fatalf("Read after EOF: %d, %v", n, err)
			}
		})
	}
}

// One MiB of random bytes goes through cat and back unchanged.
func TestLargeCat(t *testing.T) {
	t.Parallel()
	data := make([]byte, 1<<20)
	rand.Read(data)
	for _, tr := range transports {
		t.Run(tr.String(), func(t *testing.T) {
			t.Parallel()
			var transcript bytes.Buffer
			c := startOpts(t, coproc.Options{Transport: tr, Transcript: &transcript}, exec.Command("cat"))
			errc := make(chan error, 1)
			go func() {
				// A writer and a reader must run at once: the kernel
				// buffers only a few KiB.
				errc <- c.Send(data)
			}()
			got := make([]byte, len(data))
			if _, err := io.ReadFull(c, got); err != nil {
				t.Fatal(err)
			}
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatal("data changed on the way")
			}
			c.Close()
			if b, err := io.ReadAll(c); err != nil || len(b) != 0 {
				t.Fatalf("after Close: %d bytes, %v", len(b), err)
			}
			if !bytes.Equal(transcript.Bytes(), data) {
				t.Fatalf("transcript has %d bytes", transcript.Len())
			}
			if code := exitCode(t, c); code != 0 {
				t.Fatalf("exit %d", code)
			}
		})
	}
}

// Close gives end of file: to a reader blocked in read, after a partial
// line, and after many lines sent just before.
func TestCloseEOF(t *testing.T) {
	t.Parallel()
	lines := strings.Repeat("the quick brown fox\n", 5000)
	for _, tr := range transports {
		for _, input := range []string{"", "partial", "line\n", lines} {
			name := fmt.Sprintf("%v/%d", tr, len(input))
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				c := start(t, tr, "wc", "-c")
				if input == "" {
					// Let wc block in read(2) first.
					time.Sleep(50 * time.Millisecond)
				}
				errc := make(chan error, 1)
				go func() {
					err := c.SendString(input)
					if err == nil {
						err = c.Close()
					}
					errc <- err
				}()
				m := expect(t, c, re(`(\d+)`))
				if err := <-errc; err != nil {
					t.Fatal(err)
				}
				if m.Groups[0] != fmt.Sprint(len(input)) {
					t.Fatalf("wc counted %s, want %d", m.Groups[0], len(input))
				}
				if code := exitCode(t, c); code != 0 {
					t.Fatalf("exit %d", code)
				}
			})
		}
	}
}

func TestSendAfterClose(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		c := start(t, tr, "cat")
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
		if err := c.SendString("x"); !errors.Is(err, os.ErrClosed) {
			t.Fatalf("%v: Send after Close: %v", tr, err)
		}
	}
}

func TestResize(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("sh", "-c", `trap 'stty size; kill $!; exit' WINCH; stty size; echo ready; while :; do sleep 10 & wait $!; done`)
	c := startOpts(t, coproc.Options{Size: &coproc.Winsize{Rows: 10, Cols: 40}}, cmd)
	expect(t, c, re(`10 40\r?\n`))
	expect(t, c, re(`ready\n`))
	if err := c.Resize(30, 100); err != nil {
		t.Fatal(err)
	}
	if sz, err := c.Size(); err != nil || sz != (coproc.Winsize{Rows: 30, Cols: 100}) {
		t.Fatalf("Size: %v, %v", sz, err)
	}
	expect(t, c, re(`30 100\r?\n`))

	p := start(t, coproc.Pipes, "cat")
	if err := p.Resize(1, 1); !errors.Is(err, coproc.ErrNotTerminal) {
		t.Fatalf("Resize on pipes: %v", err)
	}
}

func TestCopySize(t *testing.T) {
	t.Parallel()
	user := startOpts(t, coproc.Options{Size: &coproc.Winsize{Rows: 33, Cols: 77}}, exec.Command("cat"))
	c := start(t, coproc.PTY, "cat")
	// The user's terminal here is another coprocess's pty master.
	if err := c.CopySize(user.ReadFile()); err != nil {
		t.Fatal(err)
	}
	if sz, _ := c.Size(); sz != (coproc.Winsize{Rows: 33, Cols: 77}) {
		t.Fatalf("size %v", sz)
	}
	f, err := os.Open("/dev/null")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := c.CopySize(f); !errors.Is(err, coproc.ErrNotTerminal) {
		t.Fatalf("CopySize(/dev/null): %v", err)
	}
}

// A program reading a password from its controlling terminal, echo off.
func TestPassword(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), helperEnv+"=password")
	c := startOpts(t, coproc.Options{}, cmd)
	expect(t, c, re(`Password:`))
	c.SendString("s3cret\n")
	m := expect(t, c, re(`welcome, (\d+) bytes`))
	if m.Groups[0] != "6" || strings.Contains(m.Before, "s3cret") {
		t.Fatalf("%+v", m)
	}
	if code := exitCode(t, c); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

func TestCancelKills(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		for _, delay := range []time.Duration{0, 50 * time.Millisecond} {
			t.Run(fmt.Sprint(tr, delay), func(t *testing.T) {
				t.Parallel()
				// The polite signals are ignored, so only SIGKILL works
				// when delay is set; without, SIGHUP or SIGTERM does.
				script := `echo ready; exec sleep 1000`
				if delay > 0 {
					script = `trap "" HUP TERM; echo ready; exec sleep 1000`
				}
				ctx, cancel := context.WithCancel(context.Background())
				c, err := coproc.Start(ctx, exec.Command("sh", "-c", script), coproc.Options{Transport: tr, KillDelay: delay})
				if err != nil {
					t.Fatal(err)
				}
				defer c.CloseRead()
				defer c.Close()
				expect(t, c, re(`ready`))
				cancel()
				st, err := c.Wait()
				if err != nil {
					t.Fatal(err)
				}
				ws := st.Sys().(syscall.WaitStatus)
				want := syscall.SIGKILL
				if delay == 0 {
					want = syscall.SIGHUP
					if tr == coproc.Pipes {
						want = syscall.SIGTERM
					}
				}
				if !ws.Signaled() || ws.Signal() != want {
					t.Fatalf("status %v, want killed by %v", st, want)
				}
			})
		}
	}
}

func TestSignal(t *testing.T) {
	t.Parallel()
	c := start(t, coproc.Pipes, "sleep", "1000")
	if err := c.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	st, _ := c.Wait()
	if ws := st.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Fatalf("status %v", st)
	}
	if err := c.Signal(syscall.SIGTERM); !errors.Is(err, os.ErrProcessDone) {
		t.Fatalf("Signal after Wait: %v", err)
	}
}

func TestCloseReadInterrupts(t *testing.T) {
	t.Parallel()
	c := start(t, coproc.PTY, "cat")
	errc := make(chan error, 1)
	go func() {
		_, err := c.Expect(context.Background(), re(`never`))
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := c.CloseRead(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, os.ErrClosed) {
		t.Fatalf("Expect during CloseRead: %v", err)
	}
	if _, err := c.Expect(context.Background(), re(`x`)); !errors.Is(err, os.ErrClosed) {
		t.Fatalf("Expect after CloseRead: %v", err)
	}
	if c.ReadFile() != nil {
		t.Fatal("ReadFile not nil")
	}
}

func TestStartErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if _, err := coproc.Start(ctx, nil, coproc.Options{}); err == nil {
		t.Error("nil cmd")
	}
	cmd := exec.Command("cat")
	cmd.Stdin = strings.NewReader("")
	if _, err := coproc.Start(ctx, cmd, coproc.Options{}); err == nil {
		t.Error("Stdin set")
	}
	if _, err := coproc.Start(ctx, exec.Command("cat"), coproc.Options{Transport: 7}); err == nil {
		t.Error("bad transport")
	}
	if _, err := coproc.Start(ctx, exec.Command("cat"), coproc.Options{Size: &coproc.Winsize{}}); err == nil {
		t.Error("zero size")
	}
	for _, tr := range transports {
		_, err := coproc.Start(ctx, exec.Command("/nonexistent/prog"), coproc.Options{Transport: tr})
		if !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "start /nonexistent/prog: ") {
			t.Errorf("%v: missing program: %v", tr, err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := coproc.Start(cctx, exec.Command("cat"), coproc.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: %v", err)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func waitFor(t *testing.T, b *syncBuffer, s string) {
	t.Helper()
	for i := 0; !strings.Contains(b.String(), s); i++ {
		if i == 2000 {
			t.Fatalf("output %q lacks %q", b.String(), s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestInteract(t *testing.T) {
	t.Parallel()
	// The user's terminal is the slave of another pty, driven through
	// its master as a user would type.
	master, slave, err := openPTY()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	defer slave.Close()
	before, _ := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)

	c := start(t, coproc.PTY, "cat")
	c.SendString("early\n")
	expect(t, c, re(`early`)) // leaves "\n" buffered: Interact writes it first
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- coproc.Interact(context.Background(), c, slave, &out, 0x1d) }()
	master.WriteString("hello\n")
	waitFor(t, &out, "\nhello\n")
	master.Write([]byte{'x', 0x1d, 'y'})
	if err := <-done; err != nil {
		t.Fatalf("Interact: %v", err)
	}
	after, _ := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
	if *before != *after {
		t.Fatal("terminal modes not restored")
	}
	if m := expect(t, c, re(`x`)); m.Before != "" {
		t.Fatalf("%+v", m)
	}

	// The child's output ends: io.EOF. The user's input is a pipe.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	c2 := start(t, coproc.PTY, "sh", "-c", `read x; echo "got $x"`)
	w.WriteString("abc\n")
	var out2 syncBuffer
	if err := coproc.Interact(timeout(t, 20*time.Second), c2, r, &out2, 0); err != io.EOF {
		t.Fatalf("Interact: %v", err)
	}
	if out2.String() != "got abc\n" {
		t.Fatalf("output %q", out2.String())
	}

	// The user's input ends: nil, and the coprocess lives on.
	c3 := start(t, coproc.Pipes, "cat")
	w.WriteString("one\n")
	w.Close()
	var out3 syncBuffer
	if err := coproc.Interact(timeout(t, 20*time.Second), c3, r, &out3, 0); err != nil {
		t.Fatalf("Interact: %v", err)
	}
	c3.SendString("two\n")
	m := expect(t, c3, re(`two\n`))
	if out3.String()+m.Before != "one\n" {
		t.Fatalf("output %q + %q", out3.String(), m.Before)
	}

	// ctx ends it too.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	r2, w2, _ := os.Pipe()
	defer r2.Close()
	defer w2.Close()
	if err := coproc.Interact(ctx, c3, r2, io.Discard, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Interact: %v", err)
	}
}

// openPTY opens a pty for the tests' own use.
func openPTY() (master, slave *os.File, err error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		return nil, nil, err
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	return m, s, nil
}

func countFds(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// After Close, reading to EOF (or CloseRead) and Wait, nothing is left:
// no descriptor, no goroutine. Not parallel: it counts.
func TestNoLeak(t *testing.T) {
	run := func(tr coproc.Transport, abandon bool) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		c, err := coproc.Start(ctx, exec.Command("cat"), coproc.Options{Transport: tr})
		if err != nil {
			t.Fatal(err)
		}
		c.SendString("hello\n")
		if _, err := c.Expect(timeout(t, 20*time.Second), re(`hello`)); err != nil {
			t.Fatal(err)
		}
		// A context watcher that fired and one that did not.
		tctx, tcancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		c.Expect(tctx, re(`never`))
		tcancel()
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if abandon {
			c.Wait()
			c.CloseRead()
			return
		}
		if _, err := io.ReadAll(c); err != nil {
			t.Fatal(err)
		}
		c.Wait()
	}
	run(coproc.PTY, false) // warm up lazily started runtime goroutines
	fds, gs := countFds(t), runtime.NumGoroutine()
	for i := 0; i < 5; i++ {
		for _, tr := range transports {
			run(tr, i%2 == 1)
		}
	}
	if n := countFds(t); n != fds {
		t.Errorf("%d descriptors before, %d after", fds, n)
	}
	for i := 0; runtime.NumGoroutine() > gs; i++ {
		if i == 500 {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines before, %d after:\n%s", gs, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The raw descriptors work in other processes, as a shell uses them:
// `head -c 5 <&${C[0]}` and `echo hi >&${C[1]}`. On a pty, stderr is the
// terminal too.
func TestFilesInOtherProcesses(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.String(), func(t *testing.T) {
			t.Parallel()
			c := start(t, tr, "sh", "-c", `read x; echo "got $x"; read y; echo oops >&2`)
			producer := exec.Command("echo", "hi")
			producer.Stdout = c.WriteFile()
			if err := producer.Run(); err != nil {
				t.Fatal(err)
			}
			head := exec.Command("head", "-c", "7")
			head.Stdin = c.ReadFile()
			out, err := head.Output()
			if err != nil || string(out) != "got hi\n" {
				t.Fatalf("head: %q, %v", out, err)
			}
			c.SendString("more\n")
			m, err := c.Expect(timeout(t, 20*time.Second), re(`oops`))
			if tr == coproc.PTY && err != nil {
				t.Fatalf("stderr not on the pty: %v", err)
			}
			if tr == coproc.Pipes && err != io.EOF {
				t.Fatalf("stderr on the pipe: %+v, %v", m, err)
			}
		})
	}
}
