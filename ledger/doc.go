// Package ledger records the IPC objects a session creates, so that they
// can be listed and removed when the session ends.
//
// An object is a FIFO, a socket path, a POSIX shared memory object or
// message queue, a System V shared memory segment, message queue or
// semaphore set, a pidfile, a temporary file or a temporary directory (see
// [Kind]). The session creates it itself, then records it with
// [Ledger.Add]; [Ledger.Clean] or [Ledger.Close] removes every recorded
// object that is not kept ([Object.Keep], [Ledger.Keep]).
//
// # Removing only what we made
//
// Add notes the identity of each object: the device, inode and birth time
// of a path (device and inode of a POSIX queue), the key, creator and change
// time of a System V object (not the change time of a semaphore set, which
// every SETVAL changes). An object is removed only while that identity still holds: a path
// that was removed and replaced by another file, or a System V id now used
// by another object, is left alone and reported with [ErrReplaced]. The
// check and the removal are two system calls, so a process that can write
// the directory can still swap a path in between; the ledger guards against
// mistakes and stale records, not against such a process.
//
// # Crash safety
//
// Unless [Memory] is given, the ledger is also kept in a small JSON file,
// rewritten atomically (a temporary file renamed over it) on every change
// and removed by [Ledger.Close]. It lives in the user's runtime directory
// ([RuntimeDir]) or in the directory given with [Dir], and is named
// ipsh-ledger-PID-RANDOM.json. When a session dies without Close (SIGKILL,
// a crash), its file stays behind; [CleanStale], called later by any
// process of the same user, finds the files of processes that no longer
// run and removes their objects and the files.
//
// # What it leaves out
//
// The ledger creates nothing: the fifo and shm packages and the builtins
// create objects, then record them here. It trusts no record another user
// could have written: ledger files that are not owned by the user, or that
// sit in a directory others can write, are refused. It is Linux only; on
// other systems everything that touches an object or a file fails with an
// error wrapping [errors.ErrUnsupported].
package ledger
