package signals_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/signals"
)

func ExampleParse() {
	for _, spec := range []string{"TERM", "sigusr1", "9", "RTMIN+3", "SIGRTMAX-2", "EXIT"} {
		sig, err := signals.Parse(spec)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s = %d = %s\n", spec, int(sig), signals.Name(sig))
	}
	_, err := signals.Parse("FOO")
	fmt.Println(err)
	fmt.Println(errors.Is(err, signals.ErrInvalidSignal))
	// Output:
	// TERM = 15 = TERM
	// sigusr1 = 10 = USR1
	// 9 = 9 = KILL
	// RTMIN+3 = 37 = RTMIN+3
	// SIGRTMAX-2 = 62 = RTMAX-2
	// EXIT = 0 = EXIT
	// parse signal "FOO": invalid signal specification
	// true
}

// ListOne gives `kill -l ARG`: an exit status above 128 names the signal
// that ended a process.
func ExampleListOne() {
	for _, arg := range []string{"143", "15", "TERM", "sigrtmin+1"} {
		out, _ := signals.ListOne(arg)
		fmt.Printf("kill -l %s: %s\n", arg, out)
	}
	// Output:
	// kill -l 143: TERM
	// kill -l 15: TERM
	// kill -l TERM: 15
	// kill -l sigrtmin+1: 35
}

func ExampleListTable() {
	lines := strings.SplitAfter(signals.ListTable(), "\n")
	fmt.Printf("%q\n", lines[0])
	// Output:
	// " 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n"
}

func ExampleCreate() {
	dir, err := os.MkdirTemp("", "pidfile-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "app.pid")

	pf, err := signals.Create(path, 1234)
	if err != nil {
		fmt.Println(err)
		return
	}
	pid, live, err := signals.Read(path)
	fmt.Println(pid, live, err)

	_, err = signals.Create(path, 5678)
	fmt.Println(strings.Replace(err.Error(), dir, "DIR", 1))

	pf.Close() // the lock is gone: the file is stale
	pid, live, err = signals.Read(path)
	fmt.Println(pid, live, err)
	// Output:
	// 1234 true <nil>
	// create DIR/app.pid: held by pid 1234
	// 1234 false <nil>
}

func ExampleWait() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := signals.Wait(ctx, syscall.SIGUSR1)
	fmt.Println(err)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// wait for USR1: context deadline exceeded
	// true
}
