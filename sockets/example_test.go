package sockets_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ipsh/ipsh/sockets"
)

func ExampleParseAddr() {
	for _, s := range []string{"tcp:localhost:8080", "tcp6:[::1]:22", "unix:@ipsh", "udp:127.0.0.1:99999"} {
		a, err := sockets.ParseAddr(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: network %s host %q port %d path %q\n", a, a.Network, a.Host, a.Port, a.Path)
	}
	a, _ := sockets.ParseDevPath("/dev/tcp/127.0.0.1/80")
	fmt.Println(a)
	// Output:
	// tcp:localhost:8080: network tcp host "localhost" port 8080 path ""
	// tcp6:[::1]:22: network tcp6 host "::1" port 22 path ""
	// unix:@ipsh: network unix host "" port 0 path "@ipsh"
	// parse address "udp:127.0.0.1:99999": port 99999 out of range 0..65535
	// tcp:127.0.0.1:80
}

// A Unix-domain echo server answering two clients, one at a time.
func ExampleServe() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	addr := sockets.Addr{Network: "unix", Path: filepath.Join(dir, "echo.sock")}
	ln, err := sockets.Listen(ctx, addr, sockets.ListenOptions{}) // mode 0600
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close() // closes the socket and removes the path

	done := make(chan error, 1)
	go func() {
		done <- sockets.Serve(ctx, ln.File(), sockets.ServeOptions{MaxConn: 1, Count: 2},
			func(ctx context.Context, conn *os.File) error {
				line, err := bufio.NewReader(conn).ReadString('\n')
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(conn, "Hello Client, you said: %s", line)
				return err
			})
	}()
	for _, name := range []string{"Ann", "Bob"} {
		conn, err := sockets.Dial(ctx, addr)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Fprintf(conn, "I am %s.\n", name)
		sockets.Shutdown(conn, sockets.ShutWrite) // request done
		reply, _ := io.ReadAll(conn)
		conn.Close()
		fmt.Print(string(reply))
	}
	fmt.Println("serve:", <-done)
	// Output:
	// Hello Client, you said: I am Ann.
	// Hello Client, you said: I am Bob.
	// serve: <nil>
}

// Datagrams keep their boundaries; the server answers the client's
// autobound address.
func ExampleRecvMsg() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	box, err := sockets.Listen(ctx, sockets.Addr{Network: "unixgram", Path: filepath.Join(dir, "mailbox")}, sockets.ListenOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer box.Close()
	client, err := sockets.Dial(ctx, box.Addr())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.Close()
	sockets.Send(ctx, client, []byte("first"), nil)
	sockets.Send(ctx, client, []byte("second message"), nil)
	for range 2 {
		m, err := sockets.RecvMsg(ctx, box.File(), sockets.RecvOptions{Cred: true})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%q from our pid: %v\n", m.Data, m.PID == os.Getpid())
		sockets.Send(ctx, box.File(), []byte("ok"), &m.From)
	}
	reply, _, _ := sockets.Recv(ctx, client, 0)
	fmt.Printf("reply %q\n", reply)
	// Output:
	// "first" from our pid: true
	// "second message" from our pid: true
	// reply "ok"
}
