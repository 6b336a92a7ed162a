// Command shutdown shows a graceful shutdown with ipsh's signals package:
// the parent starts a child (itself, with -child) that loops doing work,
// sleeps, sends it SIGTERM, waits for it and reports its status. The child
// catches SIGTERM, says so, finishes its current step and exits 0.
//
//	shutdown [-sleep 5s]
//
// The parent waits for the child's "ready" line before its sleep starts:
// SIGTERM sent before the child has subscribed would kill it outright.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/signals"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("shutdown", flag.ContinueOnError)
	flags.SetOutput(stderr)
	sleep := flags.Duration("sleep", 5*time.Second, "how long the parent lets the child work")
	child := flags.Bool("child", false, "run as the child (internal)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *child {
		return work(stdout)
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "shutdown: %v\n", err)
		return 1
	}
	cmd := exec.Command(exe, "-child")
	cmd.Stderr = stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintf(stderr, "shutdown: %v\n", err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "shutdown: %v\n", err)
		return 1
	}
	lines := bufio.NewReader(pipe)
	ready, err := lines.ReadString('\n')
	if err != nil {
		fmt.Fprintf(stderr, "shutdown: child: %v\n", err)
		cmd.Process.Kill()
		cmd.Wait()
		return 1
	}
	fmt.Fprintf(stdout, "parent: started child %d\n", cmd.Process.Pid)
	io.WriteString(stdout, ready)
	time.Sleep(*sleep)
	fmt.Fprintln(stdout, "parent: sending TERM")
	if err := signals.Send(cmd.Process.Pid, syscall.SIGTERM); err != nil {
		fmt.Fprintf(stderr, "shutdown: %v\n", err)
	}
	io.Copy(stdout, lines) // the child's last words, until it closes stdout
	err = cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintf(stderr, "shutdown: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "parent: child exited with status %d\n", cmd.ProcessState.ExitCode())
	return 0
}

// work is the child: it loops until SIGTERM.
func work(stdout io.Writer) int {
	sigs := make(chan os.Signal, 1)
	stop := signals.Notify(sigs, syscall.SIGTERM)
	defer stop()
	fmt.Fprintln(stdout, "child: ready")
	steps := 0
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			steps++ // a unit of work
		case <-sigs:
			fmt.Fprintln(stdout, "child: caught TERM, cleaning up")
			return 0
		}
	}
}
