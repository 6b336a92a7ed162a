// Package signals is ipsh's library for signals and the things daemons are
// controlled with: bash-compatible signal names, signal subscriptions,
// pidfiles, file locks, detached daemons and safe temporary files.
//
// It knows nothing of the shell: the kill, trap, sigwait, pidfile, flock,
// daemon and mktemp builtins are thin adapters over it, and a Go program can
// use it directly. It is the only ipsh package that imports os/signal.
//
// # Signal names
//
// [Parse] and [Name] follow bash on Linux with glibc: the standard signals
// 1–31 by their kernel names (HUP … SYS), 0 as EXIT, and the real-time
// signals 34–64 as RTMIN, RTMIN+1 … RTMIN+15, RTMAX-14 … RTMAX-1, RTMAX.
// Signals 32 and 33 are reserved by glibc and have no name. [ListTable],
// [ListPOSIX] and [ListOne] produce the output of bash's `kill -l`, byte for
// byte.
//
// # Subscriptions and delivery
//
// [Notify], [Ignore], [Reset] and [Wait] wrap os/signal; each subscription
// returns a function that undoes it. The process's signal dispositions are
// global, so the functions here act on the whole process.
//
// The kernel keeps one pending bit per standard signal (1–31): a standard
// signal sent while the same one is still pending is merged with it, so two
// quick SIGUSR1 are delivered at least once, not necessarily twice.
// Real-time signals (34–64) queue in the kernel: each one sent is delivered.
// Go's runtime adds a second merge on top: os/signal keeps one pending bit
// per signal number, standard or real-time, until its dispatcher goroutine
// has handed the signal to the subscribed channels, and a channel send that
// would block is dropped. So, in a Go program, a burst of N identical
// signals, real-time ones included, is seen between 1 and N times; a signal
// that arrives after the previous one was received is always seen. In
// practice a burst sent by one process is seen once. Use a buffered
// channel. The tests in this package check both layers.
//
// # Pidfiles, locks, daemons
//
// A pidfile ([Create]) is live while an exclusive flock(2) on it is held;
// the lock, never the pid written in it, decides who owns it. [Flock] and
// [LockRange] give util-linux flock(1) semantics and open-file-description
// byte-range locks. [Daemon] starts a detached process that holds its own
// pidfile lock. [MkTemp] creates files and directories with O_EXCL.
//
// The package is Linux-only. It does not reap processes it did not start, and
// it never removes a path whose lock it does not hold.
package signals
