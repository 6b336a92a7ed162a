// Command poll is fetchmail's daemon pattern written with ipsh's signals
// package: one program is both the controller and the daemon.
//
//	poll            start the daemon if none is running, else wake it up
//	                with SIGUSR1 (it polls at once) and exit
//	poll -q         ask the running daemon to terminate (SIGTERM)
//
// The daemon is found through its pidfile, which is live exactly while the
// daemon holds its lock: signals.Daemon creates it, hands the lock to the
// daemon as fd 3 and writes the daemon's pid once it runs, so a crashed
// daemon leaves a stale pidfile that the next start takes over. The daemon
// logs every wake-up and removes its pidfile on the way out.
//
// The daemon subscribes to its signals before it logs "started"; a signal
// that came earlier would kill it, so a controller that starts it and
// signals it at once should wait for that line (the test does).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/signals"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("poll", flag.ContinueOnError)
	flags.SetOutput(stderr)
	quit := flags.Bool("q", false, "terminate the running daemon")
	pidfile := flags.String("pidfile", "/tmp/poll.pid", "the daemon's pidfile")
	logfile := flags.String("log", "/tmp/poll.log", "the daemon's log")
	interval := flags.Duration("interval", 5*time.Minute, "time between polls")
	daemon := flags.Bool("daemon", false, "run as the daemon (internal)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	switch {
	case *daemon:
		return serve(*pidfile, *interval, stdout)
	case *quit:
		pid, _ := signals.Check(*pidfile)
		if err := signals.Signal(*pidfile, syscall.SIGTERM); err != nil {
			fmt.Fprintf(stderr, "poll: no daemon running: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "poll: asked daemon %d to terminate\n", pid)
		return 0
	}
	pid, _ := signals.Check(*pidfile)
	err := signals.Signal(*pidfile, syscall.SIGUSR1)
	if err == nil {
		fmt.Fprintf(stdout, "poll: woke daemon %d\n", pid)
		return 0
	}
	if !errors.Is(err, signals.ErrNotLive) && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "poll: %v\n", err)
		return 1
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "poll: %v\n", err)
		return 1
	}
	d := &signals.Daemon{
		Path:    exe,
		Args:    []string{"poll", "-daemon", "-pidfile", *pidfile, "-interval", interval.String()},
		Pidfile: *pidfile,
		Stdout:  *logfile,
		Stderr:  *logfile,
	}
	proc, err := d.Start()
	if err != nil {
		// Another poll may have started one meanwhile: its pidfile is live.
		fmt.Fprintf(stderr, "poll: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "poll: started daemon %d\n", proc.Pid)
	// We exit now; init (or a subreaper) adopts and reaps the daemon.
	proc.Release()
	return 0
}

// serve is the daemon: it polls every interval, and at once on SIGUSR1,
// until SIGTERM or SIGINT.
func serve(pidfile string, interval time.Duration, log io.Writer) int {
	sigs := make(chan os.Signal, 4)
	stop := signals.Notify(sigs, syscall.SIGUSR1, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	fmt.Fprintf(log, "daemon %d started\n", os.Getpid())
	tick := time.NewTicker(interval)
	defer tick.Stop()
	wakeups := 0
	for {
		select {
		case <-tick.C:
			fmt.Fprintln(log, "poll (timer)")
		case s := <-sigs:
			if s == syscall.SIGUSR1 {
				wakeups++
				fmt.Fprintf(log, "wake-up %d (%v)\n", wakeups, signals.Name(s.(syscall.Signal)))
				continue
			}
			fmt.Fprintf(log, "%v: removing pidfile and exiting\n", signals.Name(s.(syscall.Signal)))
			if err := removeOwnPidfile(pidfile); err != nil {
				fmt.Fprintf(log, "poll: %v\n", err)
				return 1
			}
			return 0
		}
	}
}

// removeOwnPidfile removes pidfile if it is still the file whose lock this
// daemon holds on fd 3 (signals.Daemon's convention), so that a pidfile
// replaced meanwhile is left alone.
func removeOwnPidfile(pidfile string) error {
	var held, now syscall.Stat_t
	if err := syscall.Fstat(3, &held); err != nil {
		return fmt.Errorf("remove %s: %w", pidfile, err)
	}
	if err := syscall.Lstat(pidfile, &now); err != nil {
		if errors.Is(err, syscall.ENOENT) {
			return nil
		}
		return fmt.Errorf("remove %s: %w", pidfile, err)
	}
	if held.Dev != now.Dev || held.Ino != now.Ino {
		return nil
	}
	if err := os.Remove(pidfile); err != nil {
		return err
	}
	return nil
}
