package coproc

import (
	"context"
	"errors"
	"io"
	"regexp"
	"strconv"
	"time"
)

// Transport selects how a coprocess's input and output are connected.
type Transport int

const (
	// PTY runs the child on a pseudo-terminal in raw mode. It is the zero
	// value, hence the default.
	PTY Transport = iota
	// Pipes connects the child's stdin and stdout to pipes, as bash does.
	Pipes
)

// String returns "pty" or "pipes".
func (t Transport) String() string {
	switch t {
	case PTY:
		return "pty"
	case Pipes:
		return "pipes"
	}
	return "transport(" + strconv.Itoa(int(t)) + ")"
}

// Winsize is a terminal size in character cells.
type Winsize struct {
	Rows uint16 // number of lines
	Cols uint16 // number of columns
}

// Options configures [Start]. The zero value starts the command on a pty
// of 24 rows and 80 columns, with no transcript.
type Options struct {
	// Transport selects a pty (the zero value, [PTY]) or pipes ([Pipes]).
	Transport Transport

	// Size is the initial terminal size. Nil means 24 rows and 80
	// columns. It is ignored with [Pipes].
	Size *Winsize

	// Transcript, if not nil, receives a copy of every byte read from the
	// child, in order, from whichever goroutine is reading (Expect, Read,
	// Interact); those calls are serialised, so Transcript needs no
	// locking of its own. Its errors are ignored.
	Transcript io.Writer

	// KillDelay is how long the child has to exit after the context given
	// to [Start] is done and it has been asked politely (SIGHUP and
	// SIGCONT to its process group on a pty, SIGTERM on pipes) before it
	// is sent SIGKILL. Zero means 2 seconds; a negative value sends
	// SIGKILL at once.
	KillDelay time.Duration
}

const defaultKillDelay = 2 * time.Second

// Match describes what [Coproc.Expect] found.
type Match struct {
	// Index is the 0-based position, in the patterns given to Expect, of
	// the pattern that matched. It is -1 when nothing matched (the error
	// is then not nil).
	Index int
	// Text is the text the pattern matched.
	Text string
	// Groups holds the pattern's capture groups 1..n, in order; a group
	// that did not take part in the match is "". It is nil for a pattern
	// without groups.
	Groups []string
	// Before is the output that came before the match. When Expect fails
	// (timeout, EOF, cancellation), Before holds all the output buffered
	// and not consumed, which stays readable by the next call.
	Before string
}

// ErrTimeout is matched by [errors.Is] when [Coproc.Expect] gives up because
// its context's deadline passed. Such errors also match
// [context.DeadlineExceeded].
var ErrTimeout error = timeoutError{}

type timeoutError struct{}

func (timeoutError) Error() string   { return "timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// Is reports whether target is [context.DeadlineExceeded], so that a timeout
// matches both ErrTimeout and the context's error.
func (timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// ErrNotTerminal is matched by the error of [Coproc.Resize] and
// [Coproc.CopySize] when the coprocess runs on pipes, or when the file
// given to CopySize is not a terminal.
var ErrNotTerminal = errors.New("not a terminal")

// Error records a failed operation on a coprocess. It prints as
// "op subject: cause", where subject is the program's base name followed by
// its process id, for example "expect cat[1234]: timeout".
type Error struct {
	Op      string // "start", "send", "expect", "read", "close", "signal", "resize", "wait", "interact"
	Subject string // "cat[1234]", or the command's path when it could not start
	Err     error  // the cause; see [Error.Unwrap]
}

// Error returns "op subject: cause".
func (e *Error) Error() string {
	s := e.Op
	if e.Subject != "" {
		s += " " + e.Subject
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause, so that [errors.Is] sees through an *Error to
// [ErrTimeout], [os.ErrClosed], [context.Canceled], syscall errnos…
func (e *Error) Unwrap() error { return e.Err }

// findMatch returns the earliest match of any pattern in b, as expect does:
// the leftmost start wins, and of patterns matching at the same place, the
// first given. loc is the [start, end) of the whole match and sub holds
// the submatch indexes.
func findMatch(b []byte, patterns []*regexp.Regexp) (index int, sub []int) {
	index = -1
	for i, re := range patterns {
		if index >= 0 && sub[0] == 0 {
			break // nothing can start earlier than 0
		}
		s := re.FindSubmatchIndex(b)
		if s == nil {
			continue
		}
		if index < 0 || s[0] < sub[0] {
			index, sub = i, s
		}
	}
	return index, sub
}

// buildMatch turns a match in b into a Match.
func buildMatch(b []byte, index int, sub []int) Match {
	m := Match{
		Index:  index,
		Text:   string(b[sub[0]:sub[1]]),
		Before: string(b[:sub[0]]),
	}
	if n := len(sub)/2 - 1; n > 0 {
		m.Groups = make([]string, n)
		for g := 1; g <= n; g++ {
			if sub[2*g] >= 0 {
				m.Groups[g-1] = string(b[sub[2*g]:sub[2*g+1]])
			}
		}
	}
	return m
}
