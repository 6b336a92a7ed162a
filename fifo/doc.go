// Package fifo creates named pipes (FIFOs) and opens them without letting
// the caller deadlock.
//
// Opening a FIFO with open(2) blocks until the other side opens it too, and
// nothing can interrupt that wait. [Open] instead probes with O_NONBLOCK, or
// waits on a thread of its own that it knows how to release, so that a
// [context.Context] can cancel the wait or time it out. The file it returns is in blocking mode, ready to
// be handed to a child process as one of its standard streams.
//
// # Safety
//
// [Create] makes the FIFO with exactly the mode asked for (0600 by default),
// whatever the umask. [Open] refuses a final path component that is a
// symbolic link, and anything that is not a FIFO (a regular file, a device,
// a socket…): the object is checked with fstat(2) on an O_PATH descriptor
// before it is opened for reading or writing, and it is then opened through
// that descriptor, so it cannot be swapped between the check and the open.
// Symbolic links in the directories leading to the FIFO are followed.
//
// # What it leaves out
//
// The package knows nothing of shells: the mkfifo builtin, its flag parsing
// and its messages live elsewhere. It does not record or remove the FIFOs
// it creates; see the ledger package for that. It is Linux only; on other
// systems every function returns an error wrapping [errors.ErrUnsupported].
package fifo
