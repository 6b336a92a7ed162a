package sockets

import (
	"context"
	"errors"
	"net"
	"os"
	"syscall"
)

// Error is the error returned by every function of the package. It prints as
// "op subject: cause", for example "connect tcp:127.0.0.1:9: connection
// refused", where the subject is an address in this package's syntax, a path
// or the name of a file.
type Error struct {
	// Op is the operation: "parse address", "connect", "listen", "accept",
	// "send", "recv", "shutdown", "peer", "sendfd", "recvfd", "describe",
	// "socketpair", "remove" or "serve".
	Op string
	// Subject names the object the operation was applied to.
	Subject string
	// Err is the cause, usually a syscall.Errno, [ErrTimeout],
	// [ErrBadAddress] or a context error.
	Err error
}

// Error returns "op subject: cause", or "op: cause" without a subject.
func (e *Error) Error() string {
	s := e.Op
	if e.Subject != "" {
		s += " " + e.Subject
	}
	if e.Err == nil {
		return s
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Timeout reports whether the operation ran out of time.
func (e *Error) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.Err, &t) && t.Timeout()
}

// ErrTimeout is the cause of an [Error] when the context's deadline passed
// before the operation could complete. It matches [context.DeadlineExceeded]
// and [os.ErrDeadlineExceeded] with [errors.Is], and its Timeout method
// reports true.
var ErrTimeout error = timeoutError{}

type timeoutError struct{}

func (timeoutError) Error() string   { return "timed out" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }
func (timeoutError) Is(target error) bool {
	return target == context.DeadlineExceeded || target == os.ErrDeadlineExceeded
}

// ErrBadAddress is matched by [errors.Is] for every error about a malformed
// address: a bad syntax, an unknown network, a missing or out-of-range port,
// a path that is too long.
var ErrBadAddress = errors.New("bad address")

// addrError is the cause of a parse failure; it matches ErrBadAddress.
type addrError string

func (e addrError) Error() string        { return string(e) }
func (e addrError) Is(target error) bool { return target == ErrBadAddress }

// ctxErr turns a context error into the cause reported to callers.
func ctxErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	return err
}

// subject names c in error messages.
func subject(c syscall.Conn) string {
	switch v := c.(type) {
	case *os.File:
		if v != nil {
			return v.Name()
		}
	case net.Conn:
		if a := FromNetAddr(v.RemoteAddr()); a.Network != "" {
			return a.String()
		}
		return FromNetAddr(v.LocalAddr()).String()
	case net.Listener:
		return FromNetAddr(v.Addr()).String()
	case net.PacketConn:
		return FromNetAddr(v.LocalAddr()).String()
	}
	return "socket"
}
