package builtins

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/signals"
)

const procSigwaitHelp = `Blocks until one of the signals SIG (names as kill takes them: HUP,
SIGUSR1, 15, RTMIN+2) arrives, prints its name without SIG, and returns 0.
With -t, gives up after SECS seconds (fractions allowed) with status 1.
KILL, STOP and EXIT cannot be waited for.

The signals are caught only while sigwait waits: one that arrives between
two sigwait calls gets the shell's disposition then, which is death for
most signals unless a trap is set. A daemon's main loop that must not
miss one traps it as well, e.g. trap : HUP; while sigwait HUP; do ...; done.
Two identical standard signals sent close together may be seen once (the
kernel keeps one pending bit per signal).`

func procSigwaitBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "sigwait",
		Synopsis: "sigwait [-t SECS] SIG...",
		Summary:  "Wait for a signal and print its name.",
		Help:     procSigwaitHelp,
		Run:      procSigwait,
	}
}

func procSigwait(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, rest, err := procGetopt(args[1:], []procFlag{{short: 't', long: "timeout", arg: true}})
	if err != nil {
		return c.Usagef("%v", err)
	}
	if len(rest) == 0 {
		return c.Usagef("missing signal")
	}
	sigs := make([]os.Signal, 0, len(rest))
	for _, a := range rest {
		sig, err := signals.Parse(a)
		if err != nil {
			return c.Errorf("%s: invalid signal specification", a)
		}
		switch sig {
		case 0, syscall.SIGKILL, syscall.SIGSTOP:
			return c.Errorf("%s: cannot be caught", a)
		}
		sigs = append(sigs, sig)
	}
	wctx := ctx
	if opts.has("timeout") {
		d, err := procSeconds(opts.last("timeout"))
		if err != nil {
			return c.Usagef("%v", err)
		}
		var cancel context.CancelFunc
		wctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	// The shell would otherwise treat these as untrapped (and die of
	// SIGUSR1, say) while we wait for them.
	nums := make([]syscall.Signal, len(sigs))
	for i, s := range sigs {
		nums[i] = s.(syscall.Signal)
	}
	release := c.ClaimSignals(nums...)
	defer release()
	got, err := signals.Wait(wctx, sigs...)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			return engine.ExitStatus(1)
		}
		return c.Errorf("%v", err)
	}
	name := got.String()
	if s, ok := got.(syscall.Signal); ok {
		name = signals.Name(s)
	}
	fmt.Fprintln(c.Stdout(), name)
	return nil
}
