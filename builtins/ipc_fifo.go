package builtins

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/fifo"
	"github.com/ipsh/ipsh/ledger"
)

const ipcMkfifoSynopsis = "mkfifo [-m MODE] [--keep] PATH..."

func ipcMkfifoBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "mkfifo",
		Synopsis: ipcMkfifoSynopsis,
		Summary:  "Make named pipes that the session removes at exit.",
		Help: `Each PATH becomes a FIFO with exactly mode MODE (octal, default 0600,
not filtered by the umask). Nothing existing is replaced: an existing
path is an error, which names what is there when it is not a FIFO (a
regular file, a symbolic link...). The session removes the FIFOs at exit
unless --keep is given (see ipc keep).

Example (a rendezvous):
    mkfifo "$dir/p"; ls -l >"$dir/p" & cat <"$dir/p"; wait`,
		Run: func(ctx context.Context, args []string) error {
			c := engine.CallFrom(ctx)
			opts, pos, err := ipcGetopt(args[1:], []ipcFlag{{short: 'm', long: "mode", arg: true}, {long: "keep"}})
			if err != nil {
				return ipcUsage(c, ipcMkfifoSynopsis, "", "%v", err)
			}
			if len(pos) == 0 {
				return ipcUsage(c, ipcMkfifoSynopsis, "", "missing PATH")
			}
			mode := os.FileMode(0o600)
			if opts.has("mode") {
				if mode, err = ipcParseMode(opts.last("mode")); err != nil {
					return ipcUsage(c, ipcMkfifoSynopsis, "", "%v", err)
				}
			}
			var status error
			for _, p := range pos {
				abs := ipcAbs(c, p)
				if err := fifo.Create(abs, mode); err != nil {
					var fe *fifo.Error
					if errors.As(err, &fe) {
						fe2 := *fe
						fe2.Path = p
						err = &fe2
					}
					status = ipcFail(c, err)
					continue
				}
				if mode&0o777 == 0 {
					// fifo.Create gives mode 0 as DefaultMode; honour -m 0.
					os.Chmod(abs, 0)
				}
				if err := ipcRecord(c, ledger.Object{Kind: ledger.FIFO, Name: abs, Keep: opts.has("keep")}, func() { os.Remove(abs) }); err != nil {
					status = ipcFailf(c, "mkfifo %s: %v", p, err)
				}
			}
			return status
		},
	}
}

const ipcFifoSynopsis = "fifo open (-r | -w | --rw) [-t SECS] [-v VAR | --fd N] PATH"

func ipcFifoBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "fifo",
		Synopsis: ipcFifoSynopsis,
		Summary:  "Open a FIFO into a shell fd without risking a deadlock.",
		Help: `open waits for the other side as open(2) does, but can be interrupted
and gives up after SECS seconds with -t: a script never hangs on a FIFO
nobody opens. -r opens for reading, -w for writing, --rw for both (which
never waits). The file goes to fd N with --fd, else to a free fd from 10
up whose number is stored in VAR (-v) or printed. Close it with
exec N>&-. Symbolic links and paths that are not FIFOs are refused.

Example:
    fifo open -w -t 5 -v fd "$dir/p" || exit 1
    echo hello >&$fd; exec {fd}>&-`,
		Run: ipcFifoRun,
	}
}

func ipcFifoRun(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	if len(args) < 2 || args[1] != "open" {
		if len(args) < 2 {
			return ipcUsage(c, ipcFifoSynopsis, "", "missing subcommand")
		}
		return ipcUsage(c, ipcFifoSynopsis, "", "unknown subcommand %q", args[1])
	}
	opts, pos, err := ipcGetopt(args[2:], []ipcFlag{{short: 'r'}, {short: 'w'}, {long: "rw"},
		{short: 't', long: "timeout", arg: true}, {short: 'v', arg: true}, {long: "fd", arg: true}})
	if err != nil {
		return ipcUsage(c, ipcFifoSynopsis, "", "%v", err)
	}
	if len(pos) != 1 {
		return ipcUsage(c, ipcFifoSynopsis, "", "want one PATH")
	}
	n := 0
	flag := os.O_RDONLY
	for _, f := range []struct {
		k    string
		flag int
	}{{"r", os.O_RDONLY}, {"w", os.O_WRONLY}, {"rw", os.O_RDWR}} {
		if opts.has(f.k) {
			n++
			flag = f.flag
		}
	}
	if n != 1 {
		return ipcUsage(c, ipcFifoSynopsis, "", "give one of -r, -w and --rw")
	}
	if opts.has("v") && opts.has("fd") {
		return ipcUsage(c, ipcFifoSynopsis, "", "-v and --fd exclude each other")
	}
	if v := opts.last("v"); opts.has("v") && !ipcValidName(v) {
		return ipcUsage(c, ipcFifoSynopsis, "", "invalid variable name %q", v)
	}
	fd := -1
	if opts.has("fd") {
		v, err := ipcParseInt("fd", opts.last("fd"), 0, 1023)
		if err != nil {
			return ipcUsage(c, ipcFifoSynopsis, "", "%v", err)
		}
		fd = int(v)
	}
	octx := ctx
	var timeout time.Duration
	if opts.has("timeout") {
		if timeout, err = ipcParseSeconds(opts.last("timeout")); err != nil {
			return ipcUsage(c, ipcFifoSynopsis, "", "%v", err)
		}
		var cancel context.CancelFunc
		octx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	path := pos[0]
	f, err := fifo.Open(octx, ipcAbs(c, path), flag)
	if err != nil {
		if ipcTimedOut(ctx, octx, err) {
			peer := "writer"
			if flag == os.O_WRONLY {
				peer = "reader"
			}
			return ipcFailf(c, "open %s: no %s within %v", path, peer, timeout)
		}
		var fe *fifo.Error
		if errors.As(err, &fe) {
			fe2 := *fe
			fe2.Path = path
			err = &fe2
		}
		return ipcFail(c, err)
	}
	if fd >= 0 {
		if err := c.SetFile(fd, f); err != nil {
			return ipcFailf(c, "open %s: fd %d: %v", path, fd, err)
		}
		return nil
	}
	n, err = c.AddFile(f)
	if err != nil {
		return ipcFailf(c, "open %s: %v", path, err)
	}
	if v := opts.last("v"); v != "" {
		return c.SetVar(v, strconv.Itoa(n))
	}
	_, err = fmt.Fprintln(c.Stdout(), n)
	return err
}
