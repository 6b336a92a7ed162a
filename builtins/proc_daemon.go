package builtins

import (
	"context"
	"fmt"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/signals"
)

const procDaemonHelp = `Starts COMMAND (a program, looked up in $PATH) detached: in a new
session without a controlling terminal, with its working directory /, stdin
/dev/null, stdout and stderr /dev/null or the logs given (appended to,
created with mode 0644), and the shell's exported variables. Prints its pid.

  -p, --pidfile PATH   create PATH as a pidfile before the daemon starts
                       (failing if it is live) and hand its lock to the
                       daemon on fd 3: it is live for as long as the daemon
                       keeps fd 3 open, and names the daemon's pid once it
                       runs. The daemon owns it: the shell does not remove it.
  -o, --stdout LOG     append the daemon's stdout to LOG
  -e, --stderr LOG     append the daemon's stderr to LOG (may be the same)

Go cannot fork without exec, so the daemon stays the shell's child (there is
no double fork). The shell reaps it from a goroutine as soon as it exits, so
it never lingers as a zombie while the shell lives; its exit status is not
reported. After the shell exits, init adopts it.`

func procDaemonBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "daemon",
		Synopsis: "daemon [-p PIDFILE] [-o LOG] [-e ERRLOG] [--] COMMAND [ARG...]",
		Summary:  "Start a command detached from the shell and print its pid.",
		Help:     procDaemonHelp,
		Run:      procDaemon,
	}
}

func procDaemon(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, rest, err := procGetopt(args[1:], []procFlag{
		{short: 'p', long: "pidfile", arg: true},
		{short: 'o', long: "stdout", arg: true},
		{short: 'e', long: "stderr", arg: true},
	})
	if err != nil {
		return c.Usagef("%v", err)
	}
	if len(rest) == 0 {
		return c.Usagef("missing command")
	}
	path, err := procLookPath(c, rest[0])
	if err != nil {
		fmt.Fprintf(c.Stderr(), "daemon: %s: %v\n", rest[0], err)
		if err.Error() == "command not found" || err.Error() == "no such file or directory" {
			return engine.ExitStatus(127)
		}
		return engine.ExitStatus(126)
	}
	d := &signals.Daemon{
		Path: path,
		Args: rest,
		Env:  c.Environ(),
	}
	if p := opts.last("pidfile"); p != "" {
		d.Pidfile = procAbs(c, p)
	}
	if p := opts.last("stdout"); p != "" {
		d.Stdout = procAbs(c, p)
	}
	if p := opts.last("stderr"); p != "" {
		d.Stderr = procAbs(c, p)
	}
	proc, err := d.Start()
	if err != nil {
		return c.Errorf("%s", procTrimOp("daemon", err))
	}
	// The engine reaps only the children it spawned itself, by pid, so
	// this goroutine is the daemon's only waiter. It ends when the daemon
	// does; it may outlive the runner, as the daemon does.
	go proc.Wait()
	fmt.Fprintln(c.Stdout(), proc.Pid)
	return nil
}
