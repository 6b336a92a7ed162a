//go:build !linux

package sockets

import (
	"context"
	"errors"
	"os"
	"syscall"
)

func unsupported(op string) error {
	return &Error{Op: op, Err: errors.ErrUnsupported}
}

// Dial returns an error matching [errors.ErrUnsupported] on this system.
func Dial(ctx context.Context, a Addr) (*os.File, error) { return nil, unsupported("connect") }

// Listen returns an error matching [errors.ErrUnsupported] on this system.
func Listen(ctx context.Context, a Addr, opts ListenOptions) (*Listener, error) {
	return nil, unsupported("listen")
}

// Accept returns an error matching [errors.ErrUnsupported] on this system.
func Accept(ctx context.Context, ln syscall.Conn) (*os.File, Addr, error) {
	return nil, Addr{}, unsupported("accept")
}

// Remove returns an error matching [errors.ErrUnsupported] on this system.
func (p CreatedPath) Remove() error { return unsupported("remove") }

// Send returns an error matching [errors.ErrUnsupported] on this system.
func Send(ctx context.Context, c syscall.Conn, data []byte, to *Addr) error {
	return unsupported("send")
}

// RecvMsg returns an error matching [errors.ErrUnsupported] on this system.
func RecvMsg(ctx context.Context, c syscall.Conn, opts RecvOptions) (Message, error) {
	return Message{}, unsupported("recv")
}

// Shutdown returns an error matching [errors.ErrUnsupported] on this system.
func Shutdown(c syscall.Conn, how How) error { return unsupported("shutdown") }

// Pair returns an error matching [errors.ErrUnsupported] on this system.
func Pair(network string) (*os.File, *os.File, error) { return nil, nil, unsupported("socketpair") }

// Peer returns an error matching [errors.ErrUnsupported] on this system.
func Peer(c syscall.Conn) (PeerInfo, error) { return PeerInfo{}, unsupported("peer") }

// Describe returns an error matching [errors.ErrUnsupported] on this system.
func Describe(c syscall.Conn) (Info, error) { return Info{}, unsupported("describe") }

// SendFD returns an error matching [errors.ErrUnsupported] on this system.
func SendFD(ctx context.Context, c syscall.Conn, files ...*os.File) error {
	return unsupported("sendfd")
}

// RecvFD returns an error matching [errors.ErrUnsupported] on this system.
func RecvFD(ctx context.Context, c syscall.Conn) ([]*os.File, error) {
	return nil, unsupported("recvfd")
}
