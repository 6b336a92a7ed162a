package builtins

import "github.com/ipsh/ipsh/engine"

// procBuiltins are the process-control builtins: pidfile, flock, daemon,
// mktemp, sigwait.
func procBuiltins() []*engine.Builtin { return nil }
