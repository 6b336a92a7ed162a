// Command hello-go is the Unix-domain "hello" client and server of
// examples/sock-unix as a Go program, using the sockets and signals
// packages:
//
//	hello-go server SOCKET   start the server in the background; print its pid
//	hello-go client SOCKET   greet the server and print its answer
//
// The server answers each line "Hello Server, this is PID." with
// "Hello Client PID, this is the Server.", and removes its socket and
// exits on SIGINT, SIGQUIT or SIGTERM.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/signals"
	"github.com/ipsh/ipsh/sockets"
)

// daemonEnv marks the background copy of the server.
const daemonEnv = "HELLO_GO_DAEMON"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 || args[0] != "server" && args[0] != "client" {
		fmt.Fprintln(stderr, "usage: hello-go server|client SOCKET")
		return 2
	}
	var err error
	switch {
	case args[0] == "client":
		err = client(args[1], stdout)
	case os.Getenv(daemonEnv) == "1":
		err = serve(args[1], stdout)
	default:
		err = background(args, stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "hello-go: %v\n", err)
		return 1
	}
	return 0
}

// background starts this program again as the server, in its own session
// with no terminal, and returns without waiting for it.
func background(args []string, stdout io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), daemonEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "server: started, pid %d\n", cmd.Process.Pid)
	return cmd.Process.Release()
}

// serve listens on path and answers greetings until a signal arrives.
func serve(path string, stdout io.Writer) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sig := make(chan os.Signal, 1)
	stop := signals.Notify(sig, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM)
	defer stop()

	l, err := sockets.Listen(ctx, sockets.Addr{Network: "unix", Path: path}, sockets.ListenOptions{})
	if err != nil {
		return err
	}
	defer l.Close() // removes the socket path
	done := make(chan error, 1)
	go func() {
		done <- sockets.Serve(ctx, l.File(), sockets.ServeOptions{MaxConn: 16}, answer)
	}()
	select {
	case s := <-sig:
		cancel()
		<-done
		fmt.Fprintf(stdout, "server: %v, socket removed\n", s)
		return nil
	case err := <-done:
		return err
	}
}

// answer answers the greetings read from one connection.
func answer(ctx context.Context, conn *os.File) error {
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		line := sc.Text()
		reply := "I do not understand: " + line
		if pid, ok := strings.CutPrefix(line, "Hello Server, this is "); ok && strings.HasSuffix(pid, ".") {
			reply = fmt.Sprintf("Hello Client %s, this is the Server.", strings.TrimSuffix(pid, "."))
		}
		if _, err := fmt.Fprintln(conn, reply); err != nil {
			return err
		}
	}
	return sc.Err()
}

// client greets the server at path and prints the answer.
func client(path string, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := sockets.Dial(ctx, sockets.Addr{Network: "unix", Path: path})
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "Hello Server, this is %d.\n", os.Getpid()); err != nil {
		return err
	}
	answer, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return fmt.Errorf("read answer: %v", err)
	}
	_, err = io.WriteString(stdout, answer)
	return err
}
