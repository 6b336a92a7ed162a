package engine

import (
	"context"
	"os"
	"strings"
	"sync"
	"syscall"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// Files returns the shell's open fds and their files, for builtins that
// list what the session holds (such as `sock ls`). The map is a fresh
// copy; the table keeps ownership of the files: do not close them.
func (c *Call) Files() map[int]*os.File {
	m := make(map[int]*os.File)
	for _, n := range c.r.fds.Open() {
		if f := c.r.fds.Get(n); f != nil {
			m[n] = f
		}
	}
	return m
}

// RunEnv is [Call.Run] with extra exported variables, given as
// "name=value" pairs, set in the subshell that runs args (as inetd-style
// servers set the peer's address for their handlers). Pairs without "=" or
// with an invalid name are skipped. The caller's variables are unchanged.
//
// Several RunEnv and Run calls of one Call may run at once from different
// goroutines while the builtin waits for them, as `sock serve` does: each
// runs over its own copy of the shell's state.
func (c *Call) RunEnv(ctx context.Context, args []string, files map[int]*os.File, env []string) error {
	if len(args) == 0 {
		return nil
	}
	s := c.r.sub()
	for n, f := range files {
		if f == nil {
			s.fds.Close(n)
			continue
		}
		nf, err := dupFile(f)
		if err != nil {
			s.fds.CloseAll()
			return err
		}
		s.fds.Set(n, nf)
	}
	for _, kv := range env {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !syntax.ValidName(name) {
			continue
		}
		s.setVariable(name, expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: val})
		if v, _ := s.vars.find(name); v != nil {
			v.Exported = true
		}
		s.vars.envGen++
	}
	s.ctx = ctx
	s.exec(ctx, args, nil, nil, true)
	st := s.finishSubshell(ctx)
	if st == 0 {
		return nil
	}
	return ExitStatus(uint8(st))
}

// TrapArrivals lets a long-running builtin (such as `sock serve`) stop
// when a signal the script traps arrives, as `wait` does: the returned
// channel receives the first trapped signal that arrives for the main shell
// while the builtin runs. The signal stays pending, so the shell runs its
// trap once the builtin returns, as after any foreground command. In a
// subshell or a background job the channel never receives.
//
// Call stop when done; it ends and waits for the goroutine TrapArrivals
// starts.
func (c *Call) TrapArrivals() (arrived <-chan syscall.Signal, stop func()) {
	out := make(chan syscall.Signal, 1)
	if c.r.subshell || c.r.shared.sig == nil {
		return out, func() {}
	}
	pending := c.r.shared.sig.pending
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case sig := <-pending:
			select {
			case pending <- sig: // leave it for the trap
			default:
			}
			out <- sig
		case <-done:
		}
	}()
	var once sync.Once
	return out, func() { once.Do(func() { close(done); wg.Wait() }) }
}
