//go:build linux

package sockets_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipsh/ipsh/sockets"
)

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustParse(t *testing.T, s string) sockets.Addr {
	t.Helper()
	a, err := sockets.ParseAddr(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func listen(t *testing.T, s string, opts sockets.ListenOptions) *sockets.Listener {
	t.Helper()
	l, err := sockets.Listen(testCtx(t), mustParse(t, s), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func dial(t *testing.T, a sockets.Addr) *os.File {
	t.Helper()
	f, err := sockets.Dial(testCtx(t), a)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func countFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// settle polls until f returns true or a generous limit passes.
func settle(f func() bool) bool {
	for i := 0; i < 500; i++ {
		if f() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return f()
}

// echoLine answers one line with "echo: LINE".
func echoLine(_ context.Context, conn *os.File) error {
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	_, err = io.WriteString(conn, "echo: "+line)
	return err
}

func request(ctx context.Context, a sockets.Addr, msg string) (string, error) {
	f, err := sockets.Dial(ctx, a)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.WriteString(f, msg+"\n"); err != nil {
		return "", err
	}
	b, err := io.ReadAll(f)
	return string(b), err
}

// TestServeManyClients runs 200 concurrent clients against Serve with
// MaxConn 50 and checks replies, the concurrency bound and leaks.
func TestServeManyClients(t *testing.T) {
	for _, network := range []string{"tcp:127.0.0.1:0", "unix:"} {
		t.Run(strings.TrimSuffix(network, ":127.0.0.1:0"), func(t *testing.T) {
			testServeMany(t, network)
		})
	}
}

func testServeMany(t *testing.T, network string) {
	if network == "unix:" {
		network += filepath.Join(t.TempDir(), "serve.sock")
	}
	const clients, maxConn = 200, 50
	run := func(n int) {
		ctx := testCtx(t)
		l, err := sockets.Listen(ctx, mustParse(t, network), sockets.ListenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		var running, peak atomic.Int32
		handler := func(ctx context.Context, conn *os.File) error {
			cur := running.Add(1)
			defer running.Add(-1)
			for {
				p := peak.Load()
				if cur <= p || peak.CompareAndSwap(p, cur) {
					break
				}
			}
			time.Sleep(time.Millisecond) // let connections pile up
			return echoLine(ctx, conn)
		}
		var handlerErrs atomic.Int32
		serveErr := make(chan error, 1)
		go func() {
			serveErr <- sockets.Serve(ctx, l.File(), sockets.ServeOptions{
				MaxConn: maxConn, Count: n,
				OnError: func(sockets.Addr, error) { handlerErrs.Add(1) },
			}, handler)
		}()
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				msg := fmt.Sprintf("client %d says %s", i, strings.Repeat("x", i))
				got, err := request(ctx, l.Addr(), msg)
				if err != nil {
					errs <- err
				} else if got != "echo: "+msg+"\n" {
					errs <- fmt.Errorf("client %d got %q", i, got)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if err := <-serveErr; err != nil {
			t.Errorf("Serve: %v", err)
		}
		if handlerErrs.Load() != 0 {
			t.Errorf("%d handler errors", handlerErrs.Load())
		}
		if p := peak.Load(); p > maxConn {
			t.Errorf("%d handlers ran at once, MaxConn is %d", p, maxConn)
		}
		if running.Load() != 0 {
			t.Errorf("Serve returned with %d handlers running", running.Load())
		}
	}
	run(5) // warm up: the runtime's own fds and threads
	fds, goroutines := countFDs(t), runtime.NumGoroutine()
	run(clients)
	if !settle(func() bool { return countFDs(t) <= fds }) {
		t.Errorf("open fds: %d before, %d after", fds, countFDs(t))
	}
	if !settle(func() bool { return runtime.NumGoroutine() <= goroutines }) {
		t.Errorf("goroutines: %d before, %d after", goroutines, runtime.NumGoroutine())
	}
}

func TestServeCancelWaitsForHandlers(t *testing.T) {
	t.Parallel()
	l := listen(t, "tcp:127.0.0.1:0", sockets.ListenOptions{})
	ctx, cancel := context.WithCancel(testCtx(t))
	started := make(chan struct{})
	release := make(chan struct{})
	var finished atomic.Bool
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- sockets.Serve(ctx, l.File(), sockets.ServeOptions{}, func(hctx context.Context, conn *os.File) error {
			close(started)
			<-release
			if hctx.Err() != nil {
				t.Error("handler context cancelled with Serve's")
			}
			finished.Store(true)
			_, err := io.WriteString(conn, "bye\n")
			return err
		})
	}()
	c := dial(t, l.Addr())
	<-started
	cancel()
	select {
	case err := <-serveErr:
		t.Fatalf("Serve returned %v while a handler ran", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-serveErr; !errors.Is(err, context.Canceled) {
		t.Errorf("Serve = %v, want context.Canceled", err)
	}
	if !finished.Load() {
		t.Error("Serve returned before its handler finished")
	}
	if b, _ := io.ReadAll(c); string(b) != "bye\n" {
		t.Errorf("client read %q", b)
	}
	// The listener is still usable: Serve does not close it.
	if _, err := sockets.Describe(l.File()); err != nil {
		t.Error(err)
	}
}

func TestServeCount(t *testing.T) {
	t.Parallel()
	l := listen(t, "unix:"+filepath.Join(t.TempDir(), "s"), sockets.ListenOptions{})
	ctx := testCtx(t)
	var served atomic.Int32
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- sockets.Serve(ctx, l.File(), sockets.ServeOptions{Count: 3, MaxConn: 1}, func(ctx context.Context, conn *os.File) error {
			served.Add(1)
			return echoLine(ctx, conn)
		})
	}()
	for i := range 3 {
		if got, err := request(ctx, l.Addr(), fmt.Sprint(i)); err != nil || got != fmt.Sprintf("echo: %d\n", i) {
			t.Fatalf("request %d: %q, %v", i, got, err)
		}
	}
	if err := <-serveErr; err != nil {
		t.Fatalf("Serve = %v", err)
	}
	if served.Load() != 3 {
		t.Errorf("served %d", served.Load())
	}
	// A fourth client connects (backlog) but nobody serves it.
	c := dial(t, l.Addr())
	sctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, _, err := sockets.Recv(sctx, c, 10); !errors.Is(err, sockets.ErrTimeout) {
		t.Errorf("fourth client: %v, want a timeout", err)
	}
}

func TestServeBadArgs(t *testing.T) {
	t.Parallel()
	l := listen(t, "tcp:127.0.0.1:0", sockets.ListenOptions{})
	if err := sockets.Serve(testCtx(t), l.File(), sockets.ServeOptions{}, nil); err == nil {
		t.Error("nil handler accepted")
	}
	if err := sockets.Serve(testCtx(t), l.File(), sockets.ServeOptions{MaxConn: -1}, echoLine); err == nil {
		t.Error("negative MaxConn accepted")
	}
	f, err := os.Open("/dev/null")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := sockets.Serve(testCtx(t), f, sockets.ServeOptions{}, echoLine); !errors.Is(err, syscall.ENOTSOCK) {
		t.Errorf("Serve on /dev/null = %v, want ENOTSOCK", err)
	}
}

// sizes returns n message sizes, all different.
func sizes(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = 1 + i*37%1500 + i
	}
	return s
}

func TestDatagramBoundaries(t *testing.T) {
	t.Parallel()
	for _, network := range []string{"udp:127.0.0.1:0", "unixgram:", "unixpacket:"} {
		t.Run(strings.TrimSuffix(network, ":127.0.0.1:0"), func(t *testing.T) {
			t.Parallel()
			ctx := testCtx(t)
			addr := network
			if strings.HasPrefix(network, "unix") {
				addr += filepath.Join(t.TempDir(), "g")
			}
			l := listen(t, addr, sockets.ListenOptions{})
			server := l.File()
			if network == "unixpacket:" {
				ready := make(chan *os.File, 1)
				go func() {
					c, _, err := l.Accept(ctx)
					if err != nil {
						t.Error(err)
					}
					ready <- c
				}()
				defer func() {
					if server != l.File() {
						server.Close()
					}
				}()
				client := dial(t, l.Addr())
				server = <-ready
				if server == nil {
					t.FailNow()
				}
				testBoundaries(t, ctx, client, server, true)
				return
			}
			client := dial(t, l.Addr())
			// UDP may drop what overflows the receive buffer, so it
			// sends in batches of ten; unixgram blocks the sender.
			testBoundaries(t, ctx, client, server, network != "udp:127.0.0.1:0")
		})
	}
}

func testBoundaries(t *testing.T, ctx context.Context, client, server *os.File, concurrent bool) {
	want := sizes(100)
	msg := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i%26)}, want[i]) }
	check := func(i int) {
		got, _, err := sockets.Recv(ctx, server, 0)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if !bytes.Equal(got, msg(i)) {
			t.Fatalf("message %d: got %d bytes %.5q, want %d bytes %.5q", i, len(got), got, want[i], msg(i))
		}
	}
	if concurrent {
		var wg sync.WaitGroup
		wg.Go(func() {
			for i := range want {
				if err := sockets.Send(ctx, client, msg(i), nil); err != nil {
					t.Error(err)
					return
				}
			}
		})
		for i := range want {
			check(i)
		}
		wg.Wait()
		return
	}
	for batch := 0; batch < len(want); batch += 10 {
		for i := batch; i < batch+10; i++ {
			if err := sockets.Send(ctx, client, msg(i), nil); err != nil {
				t.Fatal(err)
			}
		}
		for i := batch; i < batch+10; i++ {
			check(i)
		}
	}
}

func TestUnixgramReplyAndCredentials(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	l := listen(t, "unixgram:"+filepath.Join(t.TempDir(), "mailbox"), sockets.ListenOptions{})
	client := dial(t, l.Addr())
	if err := sockets.Send(ctx, client, []byte("letter"), nil); err != nil {
		t.Fatal(err)
	}
	m, err := sockets.RecvMsg(ctx, l.File(), sockets.RecvOptions{Cred: true})
	if err != nil {
		t.Fatal(err)
	}
	if string(m.Data) != "letter" || !m.HasCred || m.PID != os.Getpid() || m.UID != os.Getuid() || m.GID != os.Getgid() {
		t.Errorf("got %+v", m)
	}
	if !m.From.IsAbstract() {
		t.Errorf("client address %v is not autobound", m.From)
	}
	local, err := sockets.Local(client)
	if err != nil || local != m.From {
		t.Errorf("client Local = %v, %v; server saw %v", local, err, m.From)
	}
	if err := sockets.Send(ctx, l.File(), []byte("reply"), &m.From); err != nil {
		t.Fatal(err)
	}
	data, from, err := sockets.Recv(ctx, client, 0)
	if err != nil || string(data) != "reply" || from.Path != l.Addr().Path {
		t.Errorf("reply %q from %v, %v", data, from, err)
	}
	// Truncation is reported.
	sockets.Send(ctx, client, []byte("0123456789"), nil)
	data, _, err = sockets.Recv(ctx, l.File(), 4)
	if !errors.Is(err, sockets.ErrTruncated) || string(data) != "0123" {
		t.Errorf("truncated recv: %q, %v", data, err)
	}
	// An empty datagram is a message too.
	sockets.Send(ctx, client, nil, nil)
	data, _, err = sockets.Recv(ctx, l.File(), 0)
	if err != nil || len(data) != 0 {
		t.Errorf("empty datagram: %q, %v", data, err)
	}
	// Recv times out.
	tctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, _, err := sockets.Recv(tctx, l.File(), 0); !errors.Is(err, sockets.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Recv = %v, want a timeout", err)
	}
	var te interface{ Timeout() bool }
	if _, _, err := sockets.Recv(tctx, l.File(), 0); !errors.As(err, &te) || !te.Timeout() {
		t.Errorf("Recv error %v has no Timeout() true", err)
	}
}

func TestUDPSendTo(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	a := listen(t, "udp:127.0.0.1:0", sockets.ListenOptions{})
	b := listen(t, "udp4:127.0.0.1:0", sockets.ListenOptions{})
	to := b.Addr()
	to.Host = "localhost"
	to.Network = "udp4"
	if err := sockets.Send(ctx, a.File(), []byte("ping"), &to); err != nil {
		t.Fatal(err)
	}
	data, from, err := sockets.Recv(ctx, b.File(), 0)
	if err != nil || string(data) != "ping" || from.Port != a.Addr().Port || from.Host != "127.0.0.1" {
		t.Fatalf("got %q from %v, %v", data, from, err)
	}
	if err := sockets.Send(ctx, b.File(), []byte("pong"), &from); err != nil {
		t.Fatal(err)
	}
	if data, _, err := sockets.Recv(ctx, a.File(), 0); err != nil || string(data) != "pong" {
		t.Fatalf("got %q, %v", data, err)
	}
	bad := mustParse(t, "unix:/x")
	if err := sockets.Send(ctx, a.File(), []byte("x"), &bad); err == nil {
		t.Error("sent to a unix address on a udp socket")
	}
}

// nobodyDir makes a directory that uid 65534 can enter, with a copy of the
// test binary it can run.
func nobodyDir(t *testing.T) (dir, exe string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a child as nobody")
	}
	dir, err := os.MkdirTemp("", "sockets-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exe = filepath.Join(dir, "helper.test")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, exe
}

func runAsNobody(t *testing.T, exe, addr string) (string, int) {
	t.Helper()
	cmd := exec.CommandContext(testCtx(t), exe, addr)
	cmd.Env = append(os.Environ(), helperEnv+"=connect")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return stderr.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

func TestPermissionsNobody(t *testing.T) {
	t.Parallel()
	dir, exe := nobodyDir(t)
	for _, tt := range []struct {
		mode os.FileMode
		ok   bool
	}{{0, false}, {0o600, false}, {0o666, true}} {
		t.Run(tt.mode.String(), func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("s%o", tt.mode))
			l := listen(t, "unix:"+path, sockets.ListenOptions{Mode: tt.mode})
			fi, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.mode
			if want == 0 {
				want = 0o600
			}
			if fi.Mode().Perm() != want || fi.Mode().Type() != os.ModeSocket {
				t.Errorf("socket file mode %v, want %v", fi.Mode(), want)
			}
			ctx := testCtx(t)
			done := make(chan error, 1)
			go func() {
				done <- sockets.Serve(ctx, l.File(), sockets.ServeOptions{Count: 1}, func(_ context.Context, conn *os.File) error {
					p, err := sockets.Peer(conn)
					if err != nil {
						return err
					}
					line, _ := bufio.NewReader(conn).ReadString('\n')
					_, err = fmt.Fprintf(conn, "uid %d said %s", p.UID, line)
					return err
				})
			}()
			out, code := runAsNobody(t, exe, "unix:"+path)
			if !tt.ok {
				if code != 3 || !strings.Contains(out, "connect unix:"+path+": permission denied") {
					t.Errorf("nobody connecting to a %v socket: status %d, %q", want, code, out)
				}
				return
			}
			if code != 0 || out != "uid 65534 said hello from uid 65534\n" {
				t.Errorf("nobody connecting to a %v socket: status %d, %q", want, code, out)
			}
			if err := <-done; err != nil {
				t.Error(err)
			}
		})
	}
}

func TestListenExistingPath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := testCtx(t)
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	mk := map[string]func(p string) error{
		"regular file": func(p string) error { return os.WriteFile(p, []byte("data"), 0o644) },
		"FIFO":         func(p string) error { return unix.Mkfifo(p, 0o600) },
		"symlink":      func(p string) error { return os.Symlink(target, p) },
		"directory":    func(p string) error { return os.Mkdir(p, 0o700) },
		"dangling symlink": func(p string) error {
			return os.Symlink(filepath.Join(dir, "nowhere"), p)
		},
	}
	for kind, make := range mk {
		path := filepath.Join(dir, strings.ReplaceAll(kind, " ", "-"))
		if err := make(path); err != nil {
			t.Fatal(err)
		}
		before, _ := os.Lstat(path)
		l, err := sockets.Listen(ctx, sockets.Addr{Network: "unix", Path: path}, sockets.ListenOptions{})
		if err == nil {
			l.Close()
			t.Errorf("Listen over a %s succeeded", kind)
			continue
		}
		wantKind := kind
		if kind == "dangling symlink" {
			wantKind = "symlink"
		}
		want := "listen unix:" + path + ": path exists and is a " + wantKind + ", not a socket"
		if err.Error() != want || !errors.Is(err, fs.ErrExist) {
			t.Errorf("Listen over a %s: %v, want %s", kind, err, want)
		}
		after, err := os.Lstat(path)
		if err != nil || !os.SameFile(before, after) || after.Mode() != before.Mode() {
			t.Errorf("the %s was touched: %v", kind, err)
		}
	}
	if b, err := os.ReadFile(target); err != nil || string(b) != "keep" {
		t.Errorf("symlink target: %q, %v", b, err)
	}
	for _, network := range []string{"unix", "unixgram", "unixpacket"} {
		// A stale socket: bound once, then closed without removing it.
		path := filepath.Join(dir, "stale-"+network)
		a := sockets.Addr{Network: network, Path: path}
		fd, err := unix.Socket(unix.AF_UNIX, map[string]int{"unix": unix.SOCK_STREAM, "unixgram": unix.SOCK_DGRAM, "unixpacket": unix.SOCK_SEQPACKET}[network], 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := unix.Bind(fd, &unix.SockaddrUnix{Name: path}); err != nil {
			t.Fatal(err)
		}
		unix.Close(fd)
		l, err := sockets.Listen(ctx, a, sockets.ListenOptions{})
		if err != nil {
			t.Fatalf("replacing a stale %s socket: %v", network, err)
		}
		// A live one is refused and stays usable.
		if l2, err := sockets.Listen(ctx, a, sockets.ListenOptions{}); err == nil {
			l2.Close()
			t.Errorf("Listen over a live %s socket succeeded", network)
		} else if want := "listen " + a.String() + ": address already in use"; err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
		// A live socket of another type is refused too.
		other := sockets.Addr{Network: "unix", Path: path}
		if network == "unix" {
			other.Network = "unixgram"
		}
		if l2, err := sockets.Listen(ctx, other, sockets.ListenOptions{}); err == nil {
			l2.Close()
			t.Errorf("Listen %s over a live %s socket succeeded", other.Network, network)
		}
		c := dial(t, a)
		c.Close()
		if err := l.Close(); err != nil {
			t.Error(err)
		}
		if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Close left %s: %v", path, err)
		}
	}
}

func TestCreatedPathReplaced(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s")
	l, err := sockets.Listen(testCtx(t), sockets.Addr{Network: "unix", Path: path}, sockets.ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cp, ok := l.Created()
	if !ok || cp.Path != path {
		t.Fatalf("Created = %+v, %v", cp, ok)
	}
	// Someone replaces the socket with a file: Close must not remove it.
	os.Remove(path)
	os.WriteFile(path, []byte("theirs"), 0o600)
	if err := l.Close(); !errors.Is(err, sockets.ErrReplaced) {
		t.Errorf("Close = %v, want ErrReplaced", err)
	}
	if l.Close() == nil {
		t.Error("second Close did not repeat the first result")
	}
	if b, _ := os.ReadFile(path); string(b) != "theirs" {
		t.Errorf("file was touched: %q", b)
	}
	// Removing a path that is gone is fine.
	os.Remove(path)
	if err := cp.Remove(); err != nil {
		t.Error(err)
	}
	// Abstract and IP listeners create no path.
	for _, s := range []string{fmt.Sprintf("unix:@ipsh-test-%d", os.Getpid()), "tcp:127.0.0.1:0"} {
		l := listen(t, s, sockets.ListenOptions{})
		if _, ok := l.Created(); ok {
			t.Errorf("%s: Created reports a path", s)
		}
	}
}

func TestListenBadOptions(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	a := sockets.Addr{Network: "unix", Path: filepath.Join(t.TempDir(), "s")}
	for _, opts := range []sockets.ListenOptions{{Backlog: -1}, {Mode: os.ModeSetuid | 0o600}, {Mode: os.ModeDir | 0o700}} {
		if l, err := sockets.Listen(ctx, a, opts); err == nil {
			l.Close()
			t.Errorf("Listen with %+v succeeded", opts)
		}
	}
	if _, err := sockets.Listen(ctx, sockets.Addr{Network: "tcp", Port: 70000}, sockets.ListenOptions{}); !errors.Is(err, sockets.ErrBadAddress) {
		t.Errorf("bad port: %v", err)
	}
	if _, err := sockets.Listen(ctx, sockets.Addr{Network: "unix", Path: "/nonexistent-dir/s"}, sockets.ListenOptions{}); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("missing directory: %v", err)
	}
}

func TestConnectErrors(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	// A port that nobody listens on: bind one and close it.
	l := listen(t, "tcp:127.0.0.1:0", sockets.ListenOptions{})
	a := l.Addr()
	l.Close()
	_, err := sockets.Dial(ctx, a)
	want := fmt.Sprintf("connect tcp:127.0.0.1:%d: connection refused", a.Port)
	if err == nil || err.Error() != want || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Dial = %v, want %s", err, want)
	}
	var se *sockets.Error
	if !errors.As(err, &se) || se.Op != "connect" {
		t.Errorf("%v is not a connect *sockets.Error", err)
	}
	path := filepath.Join(t.TempDir(), "none")
	if _, err := sockets.Dial(ctx, sockets.Addr{Network: "unix", Path: path}); err == nil ||
		err.Error() != "connect unix:"+path+": no such file or directory" {
		t.Errorf("Dial to a missing path = %v", err)
	}
	if _, err := sockets.Dial(ctx, sockets.Addr{Network: "tcp", Host: "a b", Port: 1}); !errors.Is(err, sockets.ErrBadAddress) {
		t.Errorf("Dial to a bad address = %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := sockets.Dial(cctx, a); !errors.Is(err, context.Canceled) {
		t.Errorf("Dial with a cancelled context = %v", err)
	}
}

// TestConnectTimeoutUnix fills a Unix listener's backlog (connect then
// blocks, deterministically) and checks that the connect timeout fires and
// that cancellation ends the wait too.
func TestConnectTimeoutUnix(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	l := listen(t, "unix:"+filepath.Join(t.TempDir(), "full"), sockets.ListenOptions{Backlog: 1})
	var timedOut error
	for i := 0; i < 20 && timedOut == nil; i++ {
		dctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		f, err := sockets.Dial(dctx, l.Addr())
		cancel()
		if err == nil {
			t.Cleanup(func() { f.Close() })
			continue
		}
		timedOut = err
	}
	if timedOut == nil {
		t.Fatal("20 connections to a backlog of 1 all succeeded")
	}
	var se *sockets.Error
	if !errors.As(timedOut, &se) || !se.Timeout() || !errors.Is(timedOut, sockets.ErrTimeout) || !errors.Is(timedOut, context.DeadlineExceeded) {
		t.Errorf("got %v, want a timeout", timedOut)
	}
	if want := "connect " + l.Addr().String() + ": timed out"; timedOut.Error() != want {
		t.Errorf("got %q, want %q", timedOut, want)
	}
	cctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := sockets.Dial(cctx, l.Addr()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Dial = %v", err)
	}
}

// TestConnectTimeoutTCP fills a TCP listener's backlog on 127.0.0.1: the
// kernel then drops SYNs and connect waits for retries.
func TestConnectTimeoutTCP(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	l := listen(t, "tcp:127.0.0.1:0", sockets.ListenOptions{Backlog: 1})
	var timedOut error
	for i := 0; i < 64 && timedOut == nil; i++ {
		dctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		f, err := sockets.Dial(dctx, l.Addr())
		cancel()
		if err == nil {
			t.Cleanup(func() { f.Close() })
			continue
		}
		timedOut = err
	}
	if timedOut == nil {
		t.Fatal("64 connections to a backlog of 1 all succeeded")
	}
	if !errors.Is(timedOut, sockets.ErrTimeout) {
		t.Errorf("got %v, want a timeout", timedOut)
	}
}

func TestAcceptTimeoutAndCancel(t *testing.T) {
	t.Parallel()
	l := listen(t, "tcp:127.0.0.1:0", sockets.ListenOptions{})
	ctx, cancel := context.WithTimeout(testCtx(t), 20*time.Millisecond)
	defer cancel()
	if _, _, err := l.Accept(ctx); !errors.Is(err, sockets.ErrTimeout) {
		t.Errorf("Accept = %v, want a timeout", err)
	}
	cctx, cancel2 := context.WithCancel(testCtx(t))
	time.AfterFunc(20*time.Millisecond, cancel2)
	if _, _, err := l.Accept(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Accept = %v, want context.Canceled", err)
	}
	// A net.Listener works as well as a file.
	nl, err := l.NetListener()
	if err != nil {
		t.Fatal(err)
	}
	defer nl.Close()
	c := dial(t, l.Addr())
	conn, peer, err := sockets.Accept(testCtx(t), nl.(*net.TCPListener))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if local, _ := sockets.Local(c); local != peer {
		t.Errorf("accepted peer %v, client is %v", peer, local)
	}
	if conn.Name() != peer.String() {
		t.Errorf("accepted file named %q", conn.Name())
	}
}

func TestShutdownHalfClose(t *testing.T) {
	t.Parallel()
	for _, network := range []string{"tcp:127.0.0.1:0", "unix:"} {
		addr := network
		if network == "unix:" {
			addr += filepath.Join(t.TempDir(), "s")
		}
		ctx := testCtx(t)
		l := listen(t, addr, sockets.ListenOptions{})
		done := make(chan error, 1)
		go func() {
			done <- sockets.Serve(ctx, l.File(), sockets.ServeOptions{Count: 1}, func(_ context.Context, conn *os.File) error {
				// Read the whole request: only EOF ends it.
				req, err := io.ReadAll(conn)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(conn, "got %d bytes: %s", len(req), req)
				return err
			})
		}()
		c := dial(t, l.Addr())
		io.WriteString(c, "request part 1, ")
		io.WriteString(c, "part 2")
		if err := sockets.Shutdown(c, sockets.ShutWrite); err != nil {
			t.Fatal(err)
		}
		reply, err := io.ReadAll(c)
		if err != nil || string(reply) != "got 22 bytes: request part 1, part 2" {
			t.Errorf("%s: reply %q, %v", network, reply, err)
		}
		if _, err := c.Write([]byte("x")); !errors.Is(err, syscall.EPIPE) {
			t.Errorf("write after shutdown: %v", err)
		}
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if _, err := sockets.ParseHow("sideways"); err == nil {
		t.Error("ParseHow accepted sideways")
	}
	for _, s := range []string{"r", "w", "rw"} {
		if h, err := sockets.ParseHow(s); err != nil || h.String() != s {
			t.Errorf("ParseHow(%q) = %v, %v", s, h, err)
		}
	}
	a, _, err := sockets.Pair("unix")
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if err := sockets.Shutdown(a, sockets.ShutWrite); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Shutdown of a closed file = %v", err)
	}
	if err := sockets.Shutdown(nil, sockets.ShutWrite); err == nil || err.Error() != "shutdown socket: nil socket" {
		t.Errorf("Shutdown(nil) = %v", err)
	}
	var nilFile *os.File
	if err := sockets.Shutdown(nilFile, sockets.ShutWrite); err == nil {
		t.Error("Shutdown of a nil *os.File succeeded")
	}
}

func TestSendRecvFD(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	path := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(path, []byte("secret content\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()

	t.Run("socketpair", func(t *testing.T) {
		a, b, err := sockets.Pair("unix")
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		defer b.Close()
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := sockets.SendFD(ctx, a, src, w); err != nil {
			t.Fatal(err)
		}
		w.Close()
		files, err := sockets.RecvFD(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 2 || files[0].Name() != path {
			t.Fatalf("received %v", files)
		}
		for _, f := range files {
			flags, err := unix.FcntlInt(f.Fd(), unix.F_GETFD, 0)
			if err != nil || flags&unix.FD_CLOEXEC == 0 {
				t.Errorf("received fd %s is not close-on-exec", f.Name())
			}
		}
		got, err := io.ReadAll(files[0])
		if err != nil || string(got) != "secret content\n" {
			t.Errorf("read %q, %v", got, err)
		}
		io.WriteString(files[1], "through the pipe")
		files[1].Close()
		files[0].Close()
		if got, _ := io.ReadAll(r); string(got) != "through the pipe" {
			t.Errorf("pipe read %q", got)
		}
		r.Close()
		// Plain data is not a file; the end of the stream is io.EOF.
		a.Write([]byte("x"))
		if _, err := sockets.RecvFD(ctx, b); err == nil || !strings.Contains(err.Error(), "no file descriptors") {
			t.Errorf("RecvFD of plain data = %v", err)
		}
		a.Close()
		if _, err := sockets.RecvFD(ctx, b); !errors.Is(err, io.EOF) {
			t.Errorf("RecvFD at EOF = %v", err)
		}
		if err := sockets.SendFD(ctx, b); err == nil {
			t.Error("SendFD with no files succeeded")
		}
	})

	t.Run("process", func(t *testing.T) {
		a, b, err := sockets.Pair("unix")
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.CommandContext(ctx, self)
		cmd.Env = append(os.Environ(), helperEnv+"=recvfd")
		cmd.ExtraFiles = []*os.File{b}
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		b.Close()
		if _, err := src.Seek(0, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		if err := sockets.SendFD(ctx, a, src); err != nil {
			t.Error(err)
		}
		if err := cmd.Wait(); err != nil || out.String() != "secret content\n" {
			t.Errorf("child: %v, stdout %q, stderr %q", err, out.String(), stderr.String())
		}
	})
}

func TestPeerCredentials(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	l := listen(t, "unix:"+filepath.Join(t.TempDir(), "s"), sockets.ListenOptions{})
	c := dial(t, l.Addr())
	conn, peer, err := l.Accept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if peer.Network != "unix" || peer.Path != "" || peer.String() != "unix:" {
		t.Errorf("unnamed peer %#v prints %q", peer, peer.String())
	}
	for _, f := range []*os.File{conn, c} {
		p, err := sockets.Peer(f)
		if err != nil {
			t.Fatal(err)
		}
		if !p.HasCred || p.PID != os.Getpid() || p.UID != os.Getuid() || p.GID != os.Getgid() {
			t.Errorf("Peer(%s) = %+v", f.Name(), p)
		}
	}
	p, err := sockets.Peer(c)
	if err != nil || p.Addr != l.Addr() {
		t.Errorf("client's peer %v, %v; want %v", p.Addr, err, l.Addr())
	}
	tl := listen(t, "tcp:127.0.0.1:0", sockets.ListenOptions{})
	tc := dial(t, tl.Addr())
	if p, err := sockets.Peer(tc); err != nil || p.HasCred || p.Addr != tl.Addr() {
		t.Errorf("TCP Peer = %+v, %v", p, err)
	}
	if _, err := sockets.Peer(tl.File()); !errors.Is(err, syscall.ENOTCONN) {
		t.Errorf("Peer of a listener = %v, want ENOTCONN", err)
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s")
	l := listen(t, "unix:"+path, sockets.ListenOptions{})
	in, err := sockets.Describe(l.File())
	if err != nil {
		t.Fatal(err)
	}
	want := sockets.Info{Network: "unix", Family: "unix", Type: "stream", Listening: true, Local: l.Addr()}
	if in != want {
		t.Errorf("Describe(listener) = %+v, want %+v", in, want)
	}
	c := dial(t, l.Addr())
	in, err = sockets.Describe(c)
	if err != nil || in.Listening || in.Peer != l.Addr() || in.Local.Path != "" {
		t.Errorf("Describe(client) = %+v, %v", in, err)
	}
	tl := listen(t, "tcp6:[::1]:0", sockets.ListenOptions{})
	in, err = sockets.Describe(tl.File())
	if err != nil || in.Family != "inet6" || in.Network != "tcp" || in.Local.Host != "::1" || in.Local.Port == 0 {
		t.Errorf("Describe(tcp6) = %+v, %v", in, err)
	}
	ul := listen(t, "udp::0", sockets.ListenOptions{})
	in, err = sockets.Describe(ul.File())
	if err != nil || in.Type != "dgram" || in.Listening {
		t.Errorf("Describe(udp) = %+v, %v", in, err)
	}
	f, _ := os.Open("/dev/null")
	defer f.Close()
	if _, err := sockets.Describe(f); err == nil || err.Error() != "describe /dev/null: socket operation on non-socket" {
		t.Errorf("Describe(/dev/null) = %v", err)
	}
}

func TestDialConnAndAbstract(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	l := listen(t, fmt.Sprintf("unix:@ipsh-sockets-test-%d", os.Getpid()), sockets.ListenOptions{})
	done := make(chan error, 1)
	go func() {
		done <- sockets.Serve(ctx, l.File(), sockets.ServeOptions{Count: 1}, echoLine)
	}()
	c, err := sockets.DialConn(ctx, l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	io.WriteString(c, "abstract\n")
	if b, err := io.ReadAll(c); err != nil || string(b) != "echo: abstract\n" {
		t.Errorf("got %q, %v", b, err)
	}
	if err := <-done; err != nil {
		t.Error(err)
	}
	if got := sockets.FromNetAddr(c.RemoteAddr()); got != l.Addr() {
		t.Errorf("FromNetAddr = %v", got)
	}
}

func TestDualStackListen(t *testing.T) {
	t.Parallel()
	l := listen(t, "tcp::0", sockets.ListenOptions{})
	for _, host := range []string{"127.0.0.1", "localhost"} {
		a := sockets.Addr{Network: "tcp", Host: host, Port: l.Addr().Port}
		c := dial(t, a)
		conn, _, err := l.Accept(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		conn.Close()
		c.Close()
	}
}

// TestFilesAreBlocking checks that a child gets ordinary blocking sockets.
func TestFilesAreBlocking(t *testing.T) {
	t.Parallel()
	l := listen(t, "tcp:127.0.0.1:0", sockets.ListenOptions{})
	c := dial(t, l.Addr())
	conn, _, err := l.Accept(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, f := range []*os.File{l.File(), c, conn} {
		flags, err := unix.FcntlInt(f.Fd(), unix.F_GETFL, 0)
		if err != nil || flags&unix.O_NONBLOCK != 0 {
			t.Errorf("%s is non-blocking (%v)", f.Name(), err)
		}
		fdflags, err := unix.FcntlInt(f.Fd(), unix.F_GETFD, 0)
		if err != nil || fdflags&unix.FD_CLOEXEC == 0 {
			t.Errorf("%s is not close-on-exec", f.Name())
		}
	}
	// A child process uses the socket as its stdin and stdout.
	cmd := exec.CommandContext(testCtx(t), "sh", "-c", "read line; echo \"child got $line\"")
	cmd.Stdin, cmd.Stdout = conn, conn
	if err := cmd.Start(); err != nil {
		t.Skip(err)
	}
	io.WriteString(c, "hi\n")
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if b, _ := io.ReadAll(c); string(b) != "child got hi\n" {
		t.Errorf("got %q", b)
	}
}
