package builtins

import "github.com/ipsh/ipsh/engine"

// ipcBuiltins are the shared-memory and System V builtins: shm, msg, sem,
// mq, ftok, ipcmk, ipcs, ipcrm, mkfifo, ipc.
func ipcBuiltins() []*engine.Builtin { return nil }
