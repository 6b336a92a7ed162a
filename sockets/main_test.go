package sockets_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/sockets"
)

// helperEnv selects a helper role when the test binary re-executes itself.
const helperEnv = "IPSH_SOCKETS_TEST_HELPER"

func TestMain(m *testing.M) {
	if role := os.Getenv(helperEnv); role != "" {
		os.Exit(helper(role, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// helper runs in a child process. Exit status: 0 success, 3 permission
// denied, 4 other failure.
func helper(role string, args []string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	switch role {
	case "connect":
		a, err := sockets.ParseAddr(args[0])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
		f, err := sockets.Dial(ctx, a)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			if errors.Is(err, syscall.EACCES) {
				return 3
			}
			return 4
		}
		defer f.Close()
		fmt.Fprintf(f, "hello from uid %d\n", os.Getuid())
		sockets.Shutdown(f, sockets.ShutWrite)
		reply, err := io.ReadAll(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
		os.Stdout.Write(reply)
		return 0
	case "recvfd":
		// fd 3 is a Unix socket; print the content of the file received.
		sock := os.NewFile(3, "sock")
		files, err := sockets.RecvFD(ctx, sock)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
		for _, f := range files {
			b, err := io.ReadAll(f)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 4
			}
			os.Stdout.Write(b)
			f.Close()
		}
		return 0
	}
	fmt.Fprintln(os.Stderr, "unknown helper", role)
	return 4
}
