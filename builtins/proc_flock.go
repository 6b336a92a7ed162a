package builtins

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/signals"
)

const procFlockHelp = `Takes a flock(2) lock as util-linux flock(1) does: on an fd the shell
has open (the lock then lasts as long as that open file, shared by the
shell's subshells and children), or on a file around a command, which
runs with the lock held and whose status flock returns.

  -s, --shared              take a shared (read) lock
  -x, -e, --exclusive       take an exclusive (write) lock (the default)
  -u, --unlock              drop the lock
  -n, --nb, --nonblock      fail at once, with status 1, if the lock is held
  -w, --wait, --timeout SECS
                            give up after SECS (fractions allowed), status 1;
                            0 is the same as -n
  -E, --conflict-exit-code N
                            status for -n and -w failures instead of 1
  -o, --close               do not pass the lock file to the command
  -c, --command CMD         run CMD with the shell (here: ipsh, eval'd in a
                            subshell, so functions are visible)
  --range OFFSET:LEN        lock LEN bytes from OFFSET (LEN 0: to the end of
                            file, however far it grows) with an
                            open-file-description fcntl lock instead of
                            flock(2); -x needs the file open for writing
  --verbose                 report wait time and the command run
  -F, --no-fork             accepted and ignored

As with flock(1), the command inherits the lock file (at the lowest fd >= 10
not open in the shell) unless -o is given, so a process it leaves in the
background keeps the lock. A -n or -w failure is silent unless --verbose.
Unlike flock(1), usage errors give status 2 and failures to open the file
or find the fd status 1 (flock(1) uses 64, 65, 66).`

func procFlockBuiltin() *engine.Builtin {
	b := &engine.Builtin{
		Name: "flock",
		Synopsis: "flock [-s|-x|-u] [-n] [-w SECS] [-E CODE] [-o] [--range OFFSET:LEN] PATH COMMAND [ARG...]\n" +
			"flock [-s|-x|-u] [-n] [-w SECS] [-E CODE] [-o] [--range OFFSET:LEN] PATH -c COMMAND\n" +
			"flock [-s|-x|-u] [-n] [-w SECS] [-E CODE] [--range OFFSET:LEN] FD",
		Summary: "Manage file locks from the shell, like util-linux flock(1).",
		Help:    procFlockHelp,
	}
	b.Run = procFlock
	return b
}

var procFlockFlags = []procFlag{
	{short: 's', long: "shared", group: "type"},
	{short: 'x', long: "exclusive", group: "type"},
	{short: 'e', long: "exclusive", group: "type"},
	{short: 'u', long: "unlock", group: "type"},
	{short: 'n', long: "nonblock"},
	{long: "nb"},
	{short: 'w', long: "timeout", arg: true},
	{long: "wait", arg: true},
	{short: 'E', long: "conflict-exit-code", arg: true},
	{short: 'o', long: "close"},
	{short: 'F', long: "no-fork"},
	{long: "verbose"},
	{long: "range", arg: true},
}

func procFlock(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, rest, err := procGetopt(args[1:], procFlockFlags)
	if err != nil {
		return c.Usagef("%v", err)
	}
	// The last of -s, -x, -u wins, as in flock(1).
	how := signals.Exclusive
	switch opts.last("type") {
	case "shared":
		how = signals.Shared
	case "unlock":
		how = signals.Unlock
	}
	wait := !opts.has("nonblock") && !opts.has("nb")
	var timeout time.Duration
	for _, k := range []string{"timeout", "wait"} {
		if opts.has(k) {
			d, err := procSeconds(opts.last(k))
			if err != nil {
				return c.Usagef("%v", err)
			}
			timeout = d
			if d == 0 {
				wait = false
			}
		}
	}
	conflict := 1
	if opts.has("conflict-exit-code") {
		n, err := strconv.Atoi(opts.last("conflict-exit-code"))
		if err != nil || n < 0 || n > 255 {
			return c.Usagef("exit code out of range (expected 0 to 255)")
		}
		conflict = n
	}
	ranged := opts.has("range")
	var off, length int64
	if ranged {
		off, length, err = procRange(opts.last("range"))
		if err != nil {
			return c.Usagef("%v", err)
		}
	}
	verbose := opts.has("verbose")
	if len(rest) == 0 {
		return c.Usagef("not enough arguments")
	}

	var f *os.File
	var cmd []string
	if len(rest) == 1 {
		n, err := strconv.Atoi(rest[0])
		if err != nil || n < 0 || strings.TrimSpace(rest[0]) != rest[0] {
			return c.Usagef("bad file descriptor: '%s'", rest[0])
		}
		if f = c.File(n); f == nil {
			return c.Errorf("%d: bad file descriptor", n)
		}
	} else {
		if rest[1] == "-c" || rest[1] == "--command" {
			if len(rest) != 3 {
				return c.Usagef("%s requires exactly one command argument", rest[1])
			}
			cmd = []string{"eval", rest[2]}
		} else {
			cmd = rest[1:]
		}
		path := procAbs(c, rest[0])
		lf, err := signals.OpenLockFile(path, ranged && how == signals.Exclusive)
		if err != nil {
			return c.Errorf("cannot open lock file %s: %s", rest[0], procErrno(err))
		}
		defer lf.Close()
		f = lf
	}

	lctx := ctx
	if wait && timeout > 0 {
		var cancel context.CancelFunc
		lctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	start := time.Now()
	if ranged {
		err = signals.LockRange(lctx, f, off, length, how, wait)
	} else {
		err = signals.Flock(lctx, f, how, wait)
	}
	if err != nil {
		switch {
		case errors.Is(err, signals.ErrWouldBlock):
			if verbose {
				fmt.Fprintf(c.Stderr(), "flock: failed to get lock\n")
			}
			return engine.ExitStatus(conflict)
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
			if verbose {
				fmt.Fprintf(c.Stderr(), "flock: timeout while waiting to get lock\n")
			}
			return engine.ExitStatus(conflict)
		case ctx.Err() != nil:
			return engine.ExitStatus(1)
		}
		return c.Errorf("%s", procErrText(err))
	}
	if verbose {
		d := time.Since(start)
		fmt.Fprintf(c.Stderr(), "flock: getting lock took %d.%06d seconds\n", d/time.Second, (d%time.Second)/time.Microsecond)
	}
	if cmd == nil {
		return nil
	}
	if verbose {
		name := cmd[0]
		if name == "eval" {
			name = cmd[1]
		}
		fmt.Fprintf(c.Stderr(), "flock: executing %s\n", name)
	}
	var files map[int]*os.File
	if !opts.has("close") {
		n := 10
		for c.File(n) != nil {
			n++
		}
		files = map[int]*os.File{n: f}
	}
	return c.Run(ctx, cmd, files)
}

// procRange parses flock --range's OFFSET:LEN.
func procRange(s string) (off, length int64, err error) {
	a, b, ok := strings.Cut(s, ":")
	if ok {
		off, err = strconv.ParseInt(a, 10, 64)
		if err == nil {
			length, err = strconv.ParseInt(b, 10, 64)
		}
	}
	if !ok || err != nil || off < 0 || length < 0 {
		return 0, 0, fmt.Errorf("invalid range '%s' (want OFFSET:LEN, LEN 0 for to the end)", s)
	}
	return off, length, nil
}
