// Command ipsh is a bash-flavoured shell whose strength is plumbing: real
// pipes, FIFOs, sockets, shared memory, SysV IPC, signals and coprocesses.
//
// Usage:
//
//	ipsh [options] [script [args...]]
//	ipsh [options] -c 'commands' [name [args...]]
//	ipsh [options] < script
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
