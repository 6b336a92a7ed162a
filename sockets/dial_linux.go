//go:build linux

package sockets

import (
	"context"
	"net/netip"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// Dial connects to a and returns the connected socket as a blocking-mode,
// close-on-exec [*os.File] named a.String(). The caller owns the file.
//
// The context bounds the name lookup and the connection: its deadline is
// the connect timeout (the error then matches [ErrTimeout]) and cancelling
// it abandons the attempt. A host name with several addresses is tried in
// the resolver's order until one connects.
//
// A Unix stream or seqpacket connect waits while the listener's backlog is
// full, as a blocking connect(2) does. A udp or unixgram "connection" only
// sets the default destination; a unixgram socket is also bound to an
// autobound abstract address first, so that the server can reply. TCP
// sockets have TCP_NODELAY set, as in package net.
//
// Errors are [*Error]s with Op "connect", such as
// "connect tcp:127.0.0.1:9: connection refused".
func Dial(ctx context.Context, a Addr) (*os.File, error) {
	fd, err := dial(ctx, a)
	if err != nil {
		return nil, &Error{Op: "connect", Subject: a.String(), Err: err}
	}
	return newFile(fd, a.String()), nil
}

func dial(ctx context.Context, a Addr) (int, error) {
	if err := a.Validate(); err != nil {
		return -1, err
	}
	if err := ctx.Err(); err != nil {
		return -1, ctxErr(err)
	}
	if a.IsUnix() {
		return dialUnix(ctx, a)
	}
	ips, err := resolve(ctx, a, false)
	if err != nil {
		return -1, err
	}
	var first error
	for _, ip := range ips {
		fd, err := dialIP(ctx, a, ip)
		if err == nil {
			return fd, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return -1, first
}

// dialIP connects a non-blocking socket, waits with poll, and then puts the
// socket in blocking mode.
func dialIP(ctx context.Context, a Addr, ip netip.Addr) (fd int, err error) {
	domain := ipDomain(ip)
	sa, err := ipSockaddr(domain, ip, a.Port)
	if err != nil {
		return -1, err
	}
	typ := sockType(a.Network)
	fd, err = unix.Socket(domain, typ|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	defer func() {
		if err != nil {
			unix.Close(fd)
		}
	}()
	if typ == unix.SOCK_STREAM {
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
			return -1, os.NewSyscallError("setsockopt", err)
		}
	}
	switch err := unix.Connect(fd, sa); err {
	case nil, unix.EISCONN:
	case unix.EINPROGRESS, unix.EALREADY, unix.EINTR:
		if err := waitFD(ctx, fd, unix.POLLOUT); err != nil {
			return -1, err
		}
		soerr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err != nil {
			return -1, os.NewSyscallError("getsockopt", err)
		}
		if soerr != 0 {
			return -1, unix.Errno(soerr)
		}
	default:
		return -1, err
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		return -1, os.NewSyscallError("fcntl", err)
	}
	return fd, nil
}

// connectSlice bounds each blocking Unix connect so that cancellation is
// noticed while a listener's backlog stays full.
const connectSlice = 100 * time.Millisecond

// dialUnix connects a blocking Unix socket. A non-blocking connect fails at
// once with EAGAIN when the listener's backlog is full, and there is no
// event to poll for, so the connect blocks with SO_SNDTIMEO (which bounds
// it) set to the time left, in slices so that cancellation is seen too.
func dialUnix(ctx context.Context, a Addr) (fd int, err error) {
	typ := sockType(a.Network)
	fd, err = unix.Socket(unix.AF_UNIX, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	defer func() {
		if err != nil {
			unix.Close(fd)
		}
	}()
	if typ == unix.SOCK_DGRAM {
		// Autobind: an empty name binds a unique abstract address.
		if err := unix.Bind(fd, &unix.SockaddrUnix{}); err != nil {
			return -1, os.NewSyscallError("bind", err)
		}
	}
	sa := &unix.SockaddrUnix{Name: a.Path}
	sliced := ctx.Done() != nil
	for {
		if sliced {
			d := connectSlice
			if dl, ok := ctx.Deadline(); ok {
				left := time.Until(dl)
				if left <= 0 {
					return -1, ErrTimeout
				}
				d = min(d, left)
			}
			tv := unix.NsecToTimeval(max(d, time.Microsecond).Nanoseconds())
			if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv); err != nil {
				return -1, os.NewSyscallError("setsockopt", err)
			}
		}
		err := unix.Connect(fd, sa)
		switch {
		case err == nil:
			if sliced {
				var zero unix.Timeval
				if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &zero); err != nil {
					return -1, os.NewSyscallError("setsockopt", err)
				}
			}
			return fd, nil
		case err == unix.EINTR || (err == unix.EAGAIN && sliced):
			if err := ctx.Err(); err != nil {
				return -1, ctxErr(err)
			}
		default:
			return -1, err
		}
	}
}
