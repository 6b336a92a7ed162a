//go:build linux

package sockets

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// errNilSocket is the cause when a nil socket is passed.
var errNilSocket = errors.New("nil socket")

// withFD calls fn with c's descriptor, keeping c from being closed while fn
// runs. It never changes the descriptor's blocking mode.
func withFD(c syscall.Conn, fn func(fd int) error) error {
	if c == nil {
		return errNilSocket
	}
	rc, err := c.SyscallConn()
	if err != nil {
		if errors.Is(err, os.ErrInvalid) {
			return errNilSocket
		}
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = fn(int(fd)) }); err != nil {
		if _, ok := c.(*os.File); ok {
			return os.ErrClosed // instead of internal/poll's unexported error
		}
		return err
	}
	return ferr
}

// maxPollMillis bounds one poll(2) timeout; longer waits loop.
const maxPollMillis = 1 << 30

// waitFD waits until fd has one of events, ctx is done or its deadline
// passes. It returns nil on readiness, including error and hang-up
// conditions, which the following system call reports.
func waitFD(ctx context.Context, fd int, events int16) error {
	if err := ctx.Err(); err != nil {
		return ctxErr(err)
	}
	fds := []unix.PollFd{{Fd: int32(fd), Events: events}}
	if ctx.Done() != nil {
		efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
		if err != nil {
			return os.NewSyscallError("eventfd", err)
		}
		done := make(chan struct{})
		stop := context.AfterFunc(ctx, func() {
			defer close(done)
			one := [8]byte{1, 0, 0, 0, 0, 0, 0, 1}
			unix.Write(efd, one[:])
		})
		defer func() {
			if !stop() {
				<-done
			}
			unix.Close(efd)
		}()
		fds = append(fds, unix.PollFd{Fd: int32(efd), Events: unix.POLLIN})
	}
	for {
		timeout := -1
		if dl, ok := ctx.Deadline(); ok {
			d := time.Until(dl)
			if d <= 0 {
				return ErrTimeout
			}
			timeout = int(min((d+time.Millisecond-1)/time.Millisecond, maxPollMillis))
		}
		n, err := unix.Poll(fds, timeout)
		switch {
		case err == unix.EINTR || n == 0:
			continue
		case err != nil:
			return os.NewSyscallError("poll", err)
		case fds[0].Revents != 0:
			return nil
		case len(fds) > 1 && fds[1].Revents != 0:
			return ctxErr(ctx.Err())
		}
	}
}

// retry runs op until it stops failing with EAGAIN or EINTR, waiting for
// events on fd between attempts.
func retry(ctx context.Context, fd int, events int16, op func() error) error {
	if err := ctx.Err(); err != nil {
		return ctxErr(err)
	}
	for {
		err := op()
		switch err {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if err := waitFD(ctx, fd, events); err != nil {
				return err
			}
		default:
			return err
		}
	}
}

// networkOf names the network of a socket from its domain and type.
func networkOf(domain, typ int) string {
	switch domain {
	case unix.AF_INET, unix.AF_INET6:
		switch typ {
		case unix.SOCK_STREAM:
			return "tcp"
		case unix.SOCK_DGRAM:
			return "udp"
		}
	case unix.AF_UNIX:
		switch typ {
		case unix.SOCK_STREAM:
			return "unix"
		case unix.SOCK_DGRAM:
			return "unixgram"
		case unix.SOCK_SEQPACKET:
			return "unixpacket"
		}
	}
	return ""
}

func familyName(domain int) string {
	switch domain {
	case unix.AF_INET:
		return "inet"
	case unix.AF_INET6:
		return "inet6"
	case unix.AF_UNIX:
		return "unix"
	}
	return "family " + strconv.Itoa(domain)
}

func typeName(typ int) string {
	switch typ {
	case unix.SOCK_STREAM:
		return "stream"
	case unix.SOCK_DGRAM:
		return "dgram"
	case unix.SOCK_SEQPACKET:
		return "seqpacket"
	case unix.SOCK_RAW:
		return "raw"
	}
	return "type " + strconv.Itoa(typ)
}

func sockType(network string) int {
	switch networks[network] {
	case "dgram":
		return unix.SOCK_DGRAM
	case "seqpacket":
		return unix.SOCK_SEQPACKET
	}
	return unix.SOCK_STREAM
}

// socketKind returns the network name, domain and type of the socket fd.
func socketKind(fd int) (network string, domain, typ int, err error) {
	if domain, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN); err != nil {
		return "", 0, 0, err
	}
	if typ, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE); err != nil {
		return "", 0, 0, err
	}
	return networkOf(domain, typ), domain, typ, nil
}

// sockName returns the local (peer false) or remote address of fd. It
// reads the raw sockaddr so that an unnamed Unix socket gives an empty Path.
func sockName(fd int, network string, peer bool) (Addr, error) {
	var rsa unix.RawSockaddrAny
	l := uint32(unix.SizeofSockaddrAny)
	trap := uintptr(unix.SYS_GETSOCKNAME)
	if peer {
		trap = unix.SYS_GETPEERNAME
	}
	_, _, e := unix.RawSyscall(trap, uintptr(fd), uintptr(unsafe.Pointer(&rsa)), uintptr(unsafe.Pointer(&l)))
	if e != 0 {
		return Addr{}, e
	}
	return rawToAddr(network, &rsa, l), nil
}

// rawToAddr converts a raw sockaddr of length l.
func rawToAddr(network string, rsa *unix.RawSockaddrAny, l uint32) Addr {
	a := Addr{Network: network}
	switch rsa.Addr.Family {
	case unix.AF_UNIX:
		pp := (*unix.RawSockaddrUnix)(unsafe.Pointer(rsa))
		n := int(l) - 2
		if n <= 0 {
			return a
		}
		n = min(n, len(pp.Path))
		b := unsafe.Slice((*byte)(unsafe.Pointer(&pp.Path[0])), n)
		if b[0] == 0 {
			a.Path = "@" + string(b[1:])
			return a
		}
		for i, c := range b {
			if c == 0 {
				b = b[:i]
				break
			}
		}
		a.Path = string(b)
	case unix.AF_INET:
		pp := (*unix.RawSockaddrInet4)(unsafe.Pointer(rsa))
		p := (*[2]byte)(unsafe.Pointer(&pp.Port))
		a.Port = int(p[0])<<8 | int(p[1])
		a.Host = netip.AddrFrom4(pp.Addr).String()
	case unix.AF_INET6:
		pp := (*unix.RawSockaddrInet6)(unsafe.Pointer(rsa))
		p := (*[2]byte)(unsafe.Pointer(&pp.Port))
		a.Port = int(p[0])<<8 | int(p[1])
		a.Host = ip6String(pp.Addr, pp.Scope_id)
	}
	return a
}

func ip6String(b [16]byte, scope uint32) string {
	ip := netip.AddrFrom16(b)
	if ip.Is4In6() {
		return ip.Unmap().String()
	}
	if scope != 0 {
		zone := strconv.FormatUint(uint64(scope), 10)
		if ifi, err := net.InterfaceByIndex(int(scope)); err == nil {
			zone = ifi.Name
		}
		ip = ip.WithZone(zone)
	}
	return ip.String()
}

// sockaddrToAddr converts a unix.Sockaddr; nil gives an unnamed address.
func sockaddrToAddr(network string, sa unix.Sockaddr) Addr {
	a := Addr{Network: network}
	switch v := sa.(type) {
	case *unix.SockaddrUnix:
		a.Path = v.Name
	case *unix.SockaddrInet4:
		a.Host = netip.AddrFrom4(v.Addr).String()
		a.Port = v.Port
	case *unix.SockaddrInet6:
		a.Host = ip6String(v.Addr, v.ZoneId)
		a.Port = v.Port
	}
	return a
}

// ipSockaddr builds the sockaddr for ip:port in the given domain, mapping
// IPv4 addresses into IPv6 for AF_INET6 sockets.
func ipSockaddr(domain int, ip netip.Addr, port int) (unix.Sockaddr, error) {
	if domain == unix.AF_INET {
		ip = ip.Unmap()
		if !ip.Is4() {
			return nil, fmt.Errorf("IPv6 address %s on an IPv4 socket", ip)
		}
		return &unix.SockaddrInet4{Port: port, Addr: ip.As4()}, nil
	}
	sa := &unix.SockaddrInet6{Port: port, Addr: ip.As16()}
	if z := ip.Zone(); z != "" {
		if n, err := strconv.Atoi(z); err == nil {
			sa.ZoneId = uint32(n)
		} else if ifi, err := net.InterfaceByName(z); err == nil {
			sa.ZoneId = uint32(ifi.Index)
		} else {
			return nil, fmt.Errorf("unknown zone %q", z)
		}
	}
	return sa, nil
}

func ipDomain(ip netip.Addr) int {
	if ip.Is4() {
		return unix.AF_INET
	}
	return unix.AF_INET6
}

// resolve returns the IP addresses for a's host: the loopback (or, for
// listen, the wildcard) address when Host is empty, the literal, or the
// resolver's answers filtered by the network's family.
func resolve(ctx context.Context, a Addr, listen bool) ([]netip.Addr, error) {
	want := "ip"
	switch a.Network[len(a.Network)-1] {
	case '4':
		want = "ip4"
	case '6':
		want = "ip6"
	}
	if a.Host == "" {
		switch {
		case want == "ip6" && listen:
			return []netip.Addr{netip.IPv6Unspecified()}, nil
		case want == "ip6":
			return []netip.Addr{netip.IPv6Loopback()}, nil
		case want == "ip" && listen:
			// Dual-stack [::] first, as package net does; 0.0.0.0 if
			// the system has no IPv6.
			return []netip.Addr{netip.IPv6Unspecified(), netip.IPv4Unspecified()}, nil
		case listen:
			return []netip.Addr{netip.IPv4Unspecified()}, nil
		default:
			return []netip.Addr{netip.AddrFrom4([4]byte{127, 0, 0, 1})}, nil
		}
	}
	if ip, err := netip.ParseAddr(a.Host); err == nil {
		return []netip.Addr{ip}, nil
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, want, a.Host)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctxErr(ctx.Err())
		}
		var de *net.DNSError
		if errors.As(err, &de) && de.IsNotFound {
			return nil, fmt.Errorf("no such host %q", a.Host)
		}
		return nil, err
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("no address for host %q", a.Host)
	}
	return ips, nil
}

// newFile wraps a descriptor this package created.
func newFile(fd int, name string) *os.File {
	return os.NewFile(uintptr(fd), name)
}
