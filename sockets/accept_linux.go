//go:build linux

package sockets

import (
	"context"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Accept waits for a connection on the listening socket ln and returns it
// as a blocking-mode, close-on-exec [*os.File] named after the peer
// address, with that address. The caller owns the file.
//
// ln may be a [Listener]'s file, any listening [*os.File] (a shell has only
// the fd), or a [*net.TCPListener] or [*net.UnixListener]. Accept waits with
// poll(2) until a connection is pending, ctx is done or its deadline passes
// (the error then matches [ErrTimeout]). When another process shares the
// socket and takes the pending connection first, Accept waits again; on a
// blocking-mode socket it may then wait in accept(2) for the next
// connection without noticing ctx. Errors are [*Error]s with Op "accept".
func Accept(ctx context.Context, ln syscall.Conn) (*os.File, Addr, error) {
	var (
		nfd  = -1
		peer Addr
	)
	err := withFD(ln, func(fd int) error {
		network, _, typ, err := socketKind(fd)
		if err != nil {
			return err
		}
		for {
			if err := waitFD(ctx, fd, unix.POLLIN); err != nil {
				return err
			}
			var rsa unix.RawSockaddrAny
			l := uint32(unix.SizeofSockaddrAny)
			r, _, e := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(unsafe.Pointer(&rsa)),
				uintptr(unsafe.Pointer(&l)), unix.SOCK_CLOEXEC, 0, 0)
			switch e {
			case 0:
				nfd = int(r)
				peer = rawToAddr(network, &rsa, l)
				if network == "tcp" && typ == unix.SOCK_STREAM {
					unix.SetsockoptInt(nfd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
				}
				return nil
			case unix.EAGAIN, unix.EINTR, unix.ECONNABORTED:
				continue
			default:
				return e
			}
		}
	})
	if err != nil {
		return nil, Addr{}, &Error{Op: "accept", Subject: subject(ln), Err: err}
	}
	name := peer.String()
	if peer.IsUnix() && peer.Path == "" {
		name = subject(ln)
	}
	return newFile(nfd, name), peer, nil
}
