//go:build linux

package sockets

import (
	"context"
	"errors"
	"io"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// maxStreamRecv is the read size for stream sockets when none is given.
const maxStreamRecv = 64 << 10

// Send sends data on the socket c. On a datagram or seqpacket socket it is
// one message, sent whole or not at all; to, if not nil, is its destination
// (needed when the socket is not connected). On a stream socket every byte
// is written and to must be nil.
//
// Send waits with poll(2) while the socket cannot take the data (a unixgram
// receiver's queue is full), until ctx is done or its deadline passes. It
// never raises SIGPIPE. Errors are [*Error]s with Op "send".
func Send(ctx context.Context, c syscall.Conn, data []byte, to *Addr) error {
	err := withFD(c, func(fd int) error {
		_, domain, typ, err := socketKind(fd)
		if err != nil {
			return err
		}
		var sa unix.Sockaddr
		if to != nil {
			if typ == unix.SOCK_STREAM {
				return errors.New("destination address given for a stream socket")
			}
			if sa, err = destSockaddr(ctx, domain, *to); err != nil {
				return err
			}
		}
		if typ != unix.SOCK_STREAM {
			return retry(ctx, fd, unix.POLLOUT, func() error {
				_, err := unix.SendmsgN(fd, data, nil, sa, unix.MSG_DONTWAIT|unix.MSG_NOSIGNAL)
				return err
			})
		}
		for len(data) > 0 {
			var n int
			err := retry(ctx, fd, unix.POLLOUT, func() (err error) {
				n, err = unix.SendmsgN(fd, data, nil, nil, unix.MSG_DONTWAIT|unix.MSG_NOSIGNAL)
				return err
			})
			if err != nil {
				return err
			}
			data = data[n:]
		}
		return nil
	})
	if err != nil {
		return &Error{Op: "send", Subject: subject(c), Err: err}
	}
	return nil
}

// destSockaddr resolves a destination for a socket of the given domain.
func destSockaddr(ctx context.Context, domain int, to Addr) (unix.Sockaddr, error) {
	if err := to.Validate(); err != nil {
		return nil, err
	}
	if to.IsUnix() {
		if domain != unix.AF_UNIX {
			return nil, errors.New("unix destination " + to.String() + " for an IP socket")
		}
		return &unix.SockaddrUnix{Name: to.Path}, nil
	}
	if domain == unix.AF_UNIX {
		return nil, errors.New("IP destination " + to.String() + " for a unix socket")
	}
	ips, err := resolve(ctx, to, false)
	if err != nil {
		return nil, err
	}
	for _, ip := range ips {
		if domain == unix.AF_INET6 || ip.Unmap().Is4() {
			return ipSockaddr(domain, ip, to.Port)
		}
	}
	return nil, errors.New("no IPv4 address for " + to.String())
}

// RecvMsg is [Recv] with options; it also reports the sender's credentials
// on Unix sockets, and reports truncation in [Message.Truncated] instead of
// an error.
func RecvMsg(ctx context.Context, c syscall.Conn, opts RecvOptions) (Message, error) {
	var m Message
	if opts.Size < 0 {
		return m, &Error{Op: "recv", Subject: subject(c), Err: errors.New("negative buffer size")}
	}
	err := withFD(c, func(fd int) error {
		network, domain, typ, err := socketKind(fd)
		if err != nil {
			return err
		}
		var oob []byte
		if opts.Cred && domain == unix.AF_UNIX {
			if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSCRED, 1); err != nil {
				return os.NewSyscallError("setsockopt", err)
			}
			oob = make([]byte, unix.CmsgSpace(unix.SizeofUcred)+unix.CmsgSpace(4*16))
		}
		size := opts.Size
		if size == 0 && typ == unix.SOCK_STREAM {
			size = maxStreamRecv
		}
		if size == 0 {
			// Peek at the length of the next datagram.
			err := retry(ctx, fd, unix.POLLIN, func() (err error) {
				size, _, err = unix.Recvfrom(fd, nil, unix.MSG_PEEK|unix.MSG_TRUNC|unix.MSG_DONTWAIT)
				return err
			})
			if err != nil {
				return err
			}
		}
		buf := make([]byte, size)
		var (
			n, oobn, flags int
			from           unix.Sockaddr
		)
		err = retry(ctx, fd, unix.POLLIN, func() (err error) {
			n, oobn, flags, from, err = unix.Recvmsg(fd, buf, oob, unix.MSG_DONTWAIT|unix.MSG_CMSG_CLOEXEC)
			return err
		})
		if err != nil {
			return err
		}
		m.Data = buf[:n]
		m.Truncated = flags&unix.MSG_TRUNC != 0
		m.From = sockaddrToAddr(network, from)
		if from == nil && typ != unix.SOCK_DGRAM {
			if peer, err := sockName(fd, network, true); err == nil {
				m.From = peer
			}
		}
		if oobn > 0 {
			cmsgs, err := unix.ParseSocketControlMessage(oob[:oobn])
			if err != nil {
				return os.NewSyscallError("recvmsg", err)
			}
			for i := range cmsgs {
				closeRights(&cmsgs[i])
				if ucred, err := unix.ParseUnixCredentials(&cmsgs[i]); err == nil && ucred.Pid != 0 {
					m.PID, m.UID, m.GID = int(ucred.Pid), int(ucred.Uid), int(ucred.Gid)
					m.HasCred = true
				}
			}
		}
		if n == 0 && typ == unix.SOCK_STREAM && size > 0 {
			return io.EOF
		}
		return nil
	})
	if err != nil {
		return Message{}, &Error{Op: "recv", Subject: subject(c), Err: err}
	}
	return m, nil
}

// closeRights closes any descriptors in an SCM_RIGHTS message that nobody
// asked for.
func closeRights(cm *unix.SocketControlMessage) {
	if fds, err := unix.ParseUnixRights(cm); err == nil {
		for _, fd := range fds {
			unix.Close(fd)
		}
	}
}

// Shutdown closes one or both directions of the connection c, for every
// process that shares it: after ShutWrite the peer reads end of file while
// c can still read the reply. It does not close c.
func Shutdown(c syscall.Conn, how How) error {
	if how != ShutRead && how != ShutWrite && how != ShutBoth {
		return &Error{Op: "shutdown", Subject: subject(c), Err: errors.New("invalid direction " + how.String())}
	}
	err := withFD(c, func(fd int) error { return unix.Shutdown(fd, int(how)) })
	if err != nil {
		return &Error{Op: "shutdown", Subject: subject(c), Err: err}
	}
	return nil
}

// Pair returns two connected Unix sockets of the given network (unix,
// unixgram or unixpacket), as socketpair(2) does: blocking-mode,
// close-on-exec files that the caller owns.
func Pair(network string) (*os.File, *os.File, error) {
	a := Addr{Network: network, Path: "socketpair"}
	if err := a.Validate(); err != nil || !a.IsUnix() {
		if err == nil {
			err = addrError("socket pairs are unix, unixgram or unixpacket, not " + network)
		}
		return nil, nil, &Error{Op: "socketpair", Subject: network, Err: err}
	}
	fds, err := unix.Socketpair(unix.AF_UNIX, sockType(network)|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, &Error{Op: "socketpair", Subject: network, Err: err}
	}
	return newFile(fds[0], network+" socketpair"), newFile(fds[1], network+" socketpair"), nil
}

// Peer describes the peer of the connected socket c. Errors are [*Error]s
// with Op "peer"; an unconnected socket gives ENOTCONN.
func Peer(c syscall.Conn) (PeerInfo, error) {
	var p PeerInfo
	err := withFD(c, func(fd int) error {
		network, domain, _, err := socketKind(fd)
		if err != nil {
			return err
		}
		if p.Addr, err = sockName(fd, network, true); err != nil {
			return err
		}
		if domain == unix.AF_UNIX {
			if uc, err := unix.GetsockoptUcred(fd, unix.SOL_SOCKET, unix.SO_PEERCRED); err == nil && uc.Pid > 0 {
				p.PID, p.UID, p.GID, p.HasCred = int(uc.Pid), int(uc.Uid), int(uc.Gid), true
			}
		}
		return nil
	})
	if err != nil {
		return PeerInfo{}, &Error{Op: "peer", Subject: subject(c), Err: err}
	}
	return p, nil
}

// Describe reports the family, type and addresses of the socket c. A file
// that is not a socket gives an error with cause ENOTSOCK. Errors are
// [*Error]s with Op "describe".
func Describe(c syscall.Conn) (Info, error) {
	var in Info
	err := withFD(c, func(fd int) error {
		network, domain, typ, err := socketKind(fd)
		if err != nil {
			return err
		}
		in.Network, in.Family, in.Type = network, familyName(domain), typeName(typ)
		if v, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ACCEPTCONN); err == nil {
			in.Listening = v != 0
		}
		if in.Local, err = sockName(fd, network, false); err != nil {
			return os.NewSyscallError("getsockname", err)
		}
		if peer, err := sockName(fd, network, true); err == nil {
			in.Peer = peer
		}
		return nil
	})
	if err != nil {
		return Info{}, &Error{Op: "describe", Subject: subject(c), Err: err}
	}
	return in, nil
}
