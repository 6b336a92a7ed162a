package builtins_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/signals"
)

// waitFor polls cond every 10ms until it holds or ctx is done.
func waitFor(ctx context.Context, t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// settle waits (bounded) until the fd count and goroutine count are back to
// the given values and no child process is left, and reports what is not.
func settle(t *testing.T, fds, goroutines int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		nf, ng, kids := openFDs(t), runtime.NumGoroutine(), children(t)
		if nf <= fds && ng <= goroutines && len(kids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("left behind: %d fds (was %d), %d goroutines (was %d), children %v", nf, fds, ng, goroutines, kids)
			if nf > fds {
				ents, _ := os.ReadDir("/proc/self/fd")
				for _, e := range ents {
					l, _ := os.Readlink("/proc/self/fd/" + e.Name())
					t.Logf("fd %s -> %s", e.Name(), l)
				}
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// client connects to network/addr, sends msg and a half-close, and returns
// everything it reads back.
func client(ctx context.Context, network, addr, msg string) (string, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return "", err
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	}
	if _, err := io.WriteString(c, msg); err != nil {
		return "", err
	}
	switch c := c.(type) {
	case *net.TCPConn:
		c.CloseWrite()
	case *net.UnixConn:
		c.CloseWrite()
	}
	b, err := io.ReadAll(c)
	return string(b), err
}

// Not parallel: it counts the process's fds, goroutines and children.
func TestSockServe200Clients(t *testing.T) {
	for _, tc := range []struct {
		name, network string
		handler       string // shell code defining h, run for each connection
	}{
		// An external program gets the socket itself as fds 0 and 1.
		{"tcp-program", "tcp", `h() { sed -u 's/^/echo: /'; }`},
		// A shell function runs in a goroutine subshell.
		{"unix-function", "unix", `h() { read -r line; printf 'echo: %s\n' "$line"; }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
			defer cancel()
			d := sockDir(t)
			addrFile := filepath.Join(d, "addr")
			listen := `sock listen -v l -a addr tcp:127.0.0.1:0`
			if tc.network == "unix" {
				listen = `sock listen -v l -a addr unix:` + d + `/srv.sock`
			}
			const clients = 200
			// os/signal starts its watcher goroutine on first use, for
			// good: start it before counting.
			signals.Notify(make(chan os.Signal, 1), syscall.SIGTERM)()
			fds, gs := openFDs(t), runtime.NumGoroutine()
			script := tc.handler + `
` + listen + ` || exit 9
echo "$addr" > ` + addrFile + `.tmp && mv ` + addrFile + `.tmp ` + addrFile + `
sock serve -c 50 -n ` + fmt.Sprint(clients) + ` -u $l -- h
echo "serve status $?"
exec {l}>&-
`
			res := make(chan result, 1)
			go func() { res <- runCtx(ctx, t, script) }()
			var addr string
			waitFor(ctx, t, "the server's address", func() bool {
				b, err := os.ReadFile(addrFile)
				addr = strings.TrimSpace(string(b))
				return err == nil && addr != ""
			})
			addr = strings.TrimPrefix(strings.TrimPrefix(addr, "tcp:"), "unix:")
			var wg sync.WaitGroup
			errs := make(chan error, clients)
			for i := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					msg := fmt.Sprintf("client %d x%s\n", i, strings.Repeat("x", i))
					got, err := client(ctx, tc.network, addr, msg)
					if err != nil {
						errs <- fmt.Errorf("client %d: %v", i, err)
					} else if want := "echo: " + msg; got != want {
						errs <- fmt.Errorf("client %d: got %q, want %q", i, got, want)
					}
				}()
			}
			wg.Wait()
			close(errs)
			n := 0
			for err := range errs {
				if n++; n <= 5 {
					t.Error(err)
				}
			}
			if n > 0 {
				t.Errorf("%d of %d clients failed", n, clients)
			}
			r := <-res
			r.want(t, "serve status 0\n", "", 0)
			settle(t, fds, gs)
			if tc.network == "unix" {
				if _, err := os.Lstat(filepath.Join(d, "srv.sock")); !os.IsNotExist(err) {
					t.Errorf("socket path left behind: %v", err)
				}
			}
		})
	}
}

func TestSockServeEnvAndCount(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	r := run(t, `
h() { echo "peer=$SOCK_PEER pid=${SOCK_PEER_PID:+set} uid=$SOCK_PEER_UID"; sock peer | cut -d' ' -f1; }
sock serve -n 2 unix:`+d+`/e.sock -- h &
srv=$!
for i in 1 2; do
	for try in $(seq 100); do test -S `+d+`/e.sock && break; sleep 0.05; done
	sock connect -v c unix:`+d+`/e.sock
	cat <&$c
	exec {c}>&-
done
wait $srv
echo "serve status $?"
test -e `+d+`/e.sock || echo "path removed"
`)
	uid := os.Getuid()
	line := fmt.Sprintf("peer=unix: pid=set uid=%d\nunix:\n", uid)
	r.want(t, line+line+"serve status 0\npath removed\n", "", 0)
}

func TestSockServeJobKill(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	r := run(t, `
sock serve unix:`+d+`/j.sock -- cat &
srv=$!
for try in $(seq 100); do test -S `+d+`/j.sock && break; sleep 0.05; done
sock connect -v c unix:`+d+`/j.sock
echo ping >&$c
sock shutdown -u $c w
cat <&$c
exec {c}>&-
kill $srv
wait $srv
echo "job status $?"
test -e `+d+`/j.sock || echo "path removed"
`)
	r.want(t, "ping\njob status 143\npath removed\n", "", 0)
}

// TestSockServeSIGTERM runs a server in a helper process, holds a
// connection open, sends the process SIGTERM and checks that the server
// stops accepting but lets the running handler finish.
func TestSockServeSIGTERM(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	d := sockDir(t)
	path := filepath.Join(d, "term.sock")
	cmd := sockHelper(ctx, "script", `
sock serve unix:`+path+` -- cat
echo "serve status $?"
test -e `+path+` || echo "path removed"
`)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	waitFor(ctx, t, "the socket", func() bool {
		fi, err := os.Lstat(path)
		return err == nil && fi.Mode()&os.ModeSocket != 0
	})
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	br := bufio.NewReader(c)
	fmt.Fprintln(c, "before")
	if line, err := br.ReadString('\n'); err != nil || line != "before\n" {
		t.Fatalf("echo before SIGTERM: %q %v", line, err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The running handler still answers.
	fmt.Fprintln(c, "after")
	if line, err := br.ReadString('\n'); err != nil || line != "after\n" {
		t.Fatalf("echo after SIGTERM: %q %v", line, err)
	}
	c.(*net.UnixConn).CloseWrite()
	if rest, err := io.ReadAll(br); err != nil || len(rest) != 0 {
		t.Errorf("after EOF: %q %v", rest, err)
	}
	b, _ := io.ReadAll(out)
	if err := cmd.Wait(); err != nil {
		t.Errorf("helper: %v\n%s", err, stderr.String())
	}
	if got, want := string(b), "serve status 143\npath removed\n"; got != want {
		t.Errorf("helper printed %q, want %q; stderr %q", got, want, stderr.String())
	}
}
