// Package coproc runs a program as a coprocess: a child that a Go program
// (or a shell built on this package) keeps talking to in both directions,
// sending it input and waiting for patterns in its output, as expect does.
//
// # Transports
//
// By default ([PTY]) the child runs on a pseudo-terminal in raw mode: no
// echo, no CR/LF translation, no signal characters, so the bytes sent and
// received pass unchanged. The child is a session leader with the terminal
// as its controlling terminal, so a program that asks for a password on
// /dev/tty works, and programs that buffer their output by blocks when it
// is a pipe (sed, python3, most C programs) write each line at once.
// [Pipes] gives bash's coproc behaviour: stdin and stdout are pipes.
//
// # Reading and writing
//
// [Coproc.Send] writes to the child. [Coproc.Expect] waits until the
// output read so far matches one of several regular expressions and
// consumes it through the match; [Coproc.Read] makes a [Coproc] an
// [io.Reader]. There is no background goroutine: output is read by the
// goroutine that calls Expect, Read or [Interact], so a child that writes
// more than the kernel buffers (a few KiB on a pty) blocks until someone
// reads.
//
// A shell hands the raw descriptors to other processes:
// [Coproc.ReadFile] and [Coproc.WriteFile] stay in blocking mode so that
// children can use them. This package reads them with poll(2), so its own
// calls still obey their context.
//
// A program that starts its children its own way (a shell that spawns
// and reaps every process in one place, or runs a compound command in a
// goroutine) uses [Open] instead of [Start]: it gets the parent side and
// the child's ends, and runs the child itself.
//
// # End of file
//
// [Coproc.Close] gives the child end-of-file on its input (on a pty, by
// switching the terminal to canonical input and writing VEOF: see Close).
// The output stays readable after the child exits: reads return whatever
// is still buffered and then [io.EOF]. The output ends when every process
// that holds the terminal or the pipe (the child and whatever it started
// in the background) has closed it, not when the child exits. On Linux a pty master whose slave
// side is closed fails reads with EIO; this package turns that into
// io.EOF, but a process that is handed [Coproc.ReadFile] sees the EIO
// itself (head and wc treat it as an error after printing what they read).
//
// # What is left out
//
// The package knows nothing of shells: no variables, no fd tables. It does
// not install signal handlers either: forwarding a terminal's window size
// on SIGWINCH is the caller's job, with [Coproc.Resize] or
// [Coproc.CopySize]. It runs on Linux only; elsewhere [Start] fails with
// an error wrapping [errors.ErrUnsupported].
package coproc
