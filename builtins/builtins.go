// Package builtins holds ipsh's IPC builtins: thin adapters that parse
// arguments, call one of the plain Go libraries (signals, sockets, shm,
// fifo, coproc, ledger) and print results. They use only the engine's
// exported Builtin API, the same one embedders have.
//
// Install them into a runner with engine.Builtins(builtins.All()...).
package builtins

import "github.com/ipsh/ipsh/engine"

// All returns a fresh set of every builtin in this package.
func All() []*engine.Builtin {
	var all []*engine.Builtin
	all = append(all, procBuiltins()...)
	all = append(all, ipcBuiltins()...)
	all = append(all, sockBuiltins()...)
	all = append(all, coprocBuiltins()...)
	return all
}
