package redirect_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/redirect"
	"github.com/ipsh/ipsh/sockets"
	"golang.org/x/sys/unix"
)

func TestDialDevPathTCP(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	done := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- err.Error()
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		c.Write([]byte("got " + string(b)))
		done <- string(b)
	}()
	f, err := redirect.DialDevPath(ctx, "/dev/tcp/127.0.0.1/"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := sockets.Shutdown(f, sockets.ShutWrite); err != nil {
		t.Fatal(err)
	}
	reply, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := <-done; got != "hello" {
		t.Errorf("server read %q", got)
	}
	if string(reply) != "got hello" {
		t.Errorf("reply %q", reply)
	}
	// The file is blocking and close-on-exec.
	fl, err := unix.FcntlInt(f.Fd(), unix.F_GETFD, 0)
	if err != nil || fl&unix.FD_CLOEXEC == 0 {
		t.Errorf("FD_CLOEXEC not set: %#x %v", fl, err)
	}
	fl, err = unix.FcntlInt(f.Fd(), unix.F_GETFL, 0)
	if err != nil || fl&unix.O_NONBLOCK != 0 {
		t.Errorf("O_NONBLOCK set: %#x %v", fl, err)
	}
}

func TestDialDevPathUDP(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	port := pc.LocalAddr().(*net.UDPAddr).Port
	f, err := redirect.DialDevPath(ctx, "/dev/udp/127.0.0.1/"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, m := range []string{"one", "two!"} {
		if _, err := f.Write([]byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	pc.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 100)
	for _, want := range []string{"one", "two!"} {
		n, _, err := pc.ReadFrom(buf)
		if err != nil {
			t.Fatal(err)
		}
		if string(buf[:n]) != want {
			t.Errorf("datagram %q, want %q", buf[:n], want)
		}
	}
}

func TestDialDevPathRefused(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// A port that was just free: listen, note it, close.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	f, err := redirect.DialDevPath(ctx, "/dev/tcp/127.0.0.1/"+port)
	if err == nil {
		f.Close()
		t.Fatal("connect succeeded")
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("error %v does not match ECONNREFUSED", err)
	}
	if want := "connect tcp:127.0.0.1:" + port + ": connection refused"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestDialDevPathBad(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, p := range []string{
		"/dev/tcp/",
		"/dev/tcp/127.0.0.1",
		"/dev/tcp/127.0.0.1/",
		"/dev/tcp//80",
		"/dev/tcp/127.0.0.1/65536",
		"/dev/tcp/127.0.0.1/-1",
		"/dev/tcp/127.0.0.1/80/x",
		"/dev/udp/127.0.0.1/nosuchservice",
		"/dev/sctp/127.0.0.1/80",
		"/etc/passwd",
		"",
	} {
		f, err := redirect.DialDevPath(ctx, p)
		if err == nil {
			f.Close()
			t.Errorf("%q: no error", p)
			continue
		}
		if !errors.Is(err, sockets.ErrBadAddress) {
			t.Errorf("%q: error %v does not match ErrBadAddress", p, err)
		}
		if s := err.Error(); s == "" || len(s) > 200 {
			t.Errorf("%q: error %q", p, s)
		}
	}
}

func TestIsDevPath(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"/dev/tcp/h/1": true, "/dev/udp/h/1": true, "/dev/tcp": false,
		"/dev/null": false, "dev/tcp/h/1": false, "": false,
	} {
		if got := redirect.IsDevPath(p); got != want {
			t.Errorf("IsDevPath(%q) = %v", p, got)
		}
	}
}

func FuzzDialDevPathParse(f *testing.F) {
	for _, s := range []string{"/dev/tcp/127.0.0.1/80", "/dev/udp/[::1]/53", "/dev/tcp/a/b/c", "/dev/tcp//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		// Only malformed paths are dialled: an already-cancelled context
		// keeps well-formed ones from touching the network.
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		fl, err := redirect.DialDevPath(ctx, p)
		if err == nil {
			fl.Close()
			t.Fatalf("%q: dial with a cancelled context succeeded", p)
		}
	})
}

func ExampleDialDevPath() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			c.Write([]byte("hello from the server\n"))
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	f, err := redirect.DialDevPath(context.Background(), fmt.Sprintf("/dev/tcp/127.0.0.1/%d", port))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	fmt.Print(string(b))

	_, err = redirect.DialDevPath(context.Background(), "/dev/tcp/127.0.0.1/99999")
	fmt.Println(err)
	// Output:
	// hello from the server
	// parse address "/dev/tcp/127.0.0.1/99999": port 99999 out of range 0..65535
}
