//go:build linux

package sockets

import (
	"context"
	"errors"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// Remove unlinks the socket file if the path still holds the socket that
// was created (same device and inode, not followed through a symlink). A
// path that no longer exists is not an error; a path that now holds
// anything else is left alone and the error's cause is [ErrReplaced].
func (p CreatedPath) Remove() error {
	var st unix.Stat_t
	if err := unix.Lstat(p.Path, &st); err != nil {
		if err == unix.ENOENT {
			return nil
		}
		return &Error{Op: "remove", Subject: p.Path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFSOCK || st.Dev != p.Dev || st.Ino != p.Ino {
		return &Error{Op: "remove", Subject: p.Path, Err: ErrReplaced}
	}
	if err := unix.Unlink(p.Path); err != nil && err != unix.ENOENT {
		return &Error{Op: "remove", Subject: p.Path, Err: err}
	}
	return nil
}

// Listen binds a socket to a and, for stream and seqpacket networks,
// listens on it. The context bounds the host name lookup.
//
// For a Unix path, the socket file is created with opts.Mode (0600 by
// default) and never exists with a more permissive mode: the mode is set on
// the socket before bind(2), which creates the file with it less the umask,
// and the bits the umask removed are added afterwards. An existing path is
// replaced only when it is a socket that nobody listens on (a probe connect
// is refused); a live socket fails with "address already in use", and a
// regular file, directory, FIFO, symlink or device is left alone and fails
// with an error that matches [fs.ErrExist]. The new path is recorded (see
// [Listener.Created]) and removed by [Listener.Close].
//
// A unixgram socket gets SO_PASSCRED, so that [RecvMsg] can report who
// sent each datagram.
//
// For IP networks an empty host listens on every local address (dual-stack
// IPv6 and IPv4 for tcp and udp); tcp listeners set SO_REUSEADDR.
// Errors are [*Error]s with Op "listen".
func Listen(ctx context.Context, a Addr, opts ListenOptions) (*Listener, error) {
	l, err := listen(ctx, a, opts)
	if err != nil {
		return nil, &Error{Op: "listen", Subject: a.String(), Err: err}
	}
	return l, nil
}

func listen(ctx context.Context, a Addr, opts ListenOptions) (*Listener, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if opts.Backlog < 0 {
		return nil, errors.New("negative backlog " + strconv.Itoa(opts.Backlog))
	}
	if opts.Mode&^os.ModePerm != 0 {
		return nil, errors.New("mode " + opts.Mode.String() + " has more than permission bits")
	}
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	if opts.Backlog == 0 {
		opts.Backlog = unix.SOMAXCONN
	}
	if opts.Mode == 0 {
		opts.Mode = 0o600
	}
	if a.IsUnix() {
		return listenUnix(a, opts)
	}
	ips, err := resolve(ctx, a, true)
	if err != nil {
		return nil, err
	}
	var first error
	for _, ip := range ips {
		l, err := listenIP(a, ip, opts)
		if err == nil {
			return l, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

func listenIP(a Addr, ip netip.Addr, opts ListenOptions) (l *Listener, err error) {
	domain := ipDomain(ip)
	sa, err := ipSockaddr(domain, ip, a.Port)
	if err != nil {
		return nil, err
	}
	typ := sockType(a.Network)
	fd, err := unix.Socket(domain, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	defer func() {
		if err != nil {
			unix.Close(fd)
		}
	}()
	if typ == unix.SOCK_STREAM {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
			return nil, os.NewSyscallError("setsockopt", err)
		}
	}
	if domain == unix.AF_INET6 {
		v6only := 1
		if ip.IsUnspecified() && (a.Network == "tcp" || a.Network == "udp") {
			v6only = 0
		}
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, v6only); err != nil {
			return nil, os.NewSyscallError("setsockopt", err)
		}
	}
	if err := unix.Bind(fd, sa); err != nil {
		return nil, err
	}
	if typ == unix.SOCK_STREAM {
		if err := unix.Listen(fd, opts.Backlog); err != nil {
			return nil, os.NewSyscallError("listen", err)
		}
	}
	bound, err := sockName(fd, a.Network, false)
	if err != nil {
		return nil, os.NewSyscallError("getsockname", err)
	}
	return &Listener{f: newFile(fd, bound.String()), addr: bound}, nil
}

func listenUnix(a Addr, opts ListenOptions) (l *Listener, err error) {
	typ := sockType(a.Network)
	fd, err := unix.Socket(unix.AF_UNIX, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	defer func() {
		if err != nil {
			unix.Close(fd)
		}
	}()
	l = &Listener{addr: a}
	if !a.IsAbstract() {
		abs, err := filepath.Abs(a.Path)
		if err != nil {
			return nil, err
		}
		if err := clearStale(abs, typ); err != nil {
			return nil, err
		}
		// bind(2) creates the file with the socket inode's mode less the
		// umask, so it is never more permissive than opts.Mode.
		if err := unix.Fchmod(fd, uint32(opts.Mode.Perm())); err != nil {
			return nil, os.NewSyscallError("fchmod", err)
		}
		if err := unix.Bind(fd, &unix.SockaddrUnix{Name: a.Path}); err != nil {
			return nil, err
		}
		l.created, err = fixMode(abs, opts.Mode.Perm())
		if err != nil {
			return nil, err
		}
		l.owns = true
		defer func() {
			if err != nil {
				l.created.Remove()
			}
		}()
	} else if err := unix.Bind(fd, &unix.SockaddrUnix{Name: a.Path}); err != nil {
		return nil, err
	}
	if typ == unix.SOCK_DGRAM {
		// Have the kernel record the sender's credentials on every
		// datagram, for RecvMsg.
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSCRED, 1); err != nil {
			return nil, os.NewSyscallError("setsockopt", err)
		}
	} else if err := unix.Listen(fd, opts.Backlog); err != nil {
		return nil, os.NewSyscallError("listen", err)
	}
	l.f = newFile(fd, a.String())
	return l, nil
}

// fixMode records the identity of the socket file that bind just created
// and adds the permission bits that the umask removed. It opens the path
// with O_PATH|O_NOFOLLOW and changes the mode through /proc/self/fd, so a
// symlink planted in the meantime is never followed.
func fixMode(path string, mode os.FileMode) (CreatedPath, error) {
	pfd, err := unix.Open(path, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return CreatedPath{}, os.NewSyscallError("open", err)
	}
	defer unix.Close(pfd)
	var st unix.Stat_t
	if err := unix.Fstat(pfd, &st); err != nil {
		return CreatedPath{}, os.NewSyscallError("fstat", err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFSOCK {
		return CreatedPath{}, errors.New("socket path replaced while binding")
	}
	cp := CreatedPath{Path: path, Dev: st.Dev, Ino: st.Ino}
	if os.FileMode(st.Mode&0o777) != mode {
		proc := "/proc/self/fd/" + strconv.Itoa(pfd)
		if err := unix.Fchmodat(unix.AT_FDCWD, proc, uint32(mode), 0); err != nil {
			cp.Remove()
			return CreatedPath{}, os.NewSyscallError("chmod", err)
		}
	}
	return cp, nil
}

// pathExistsError is the cause when a non-socket occupies a socket path.
type pathExistsError struct{ kind string }

func (e *pathExistsError) Error() string {
	return "path exists and is a " + e.kind + ", not a socket"
}

func (e *pathExistsError) Is(target error) bool { return target == fs.ErrExist }

func kindOf(m os.FileMode) string {
	switch m.Type() {
	case 0:
		return "regular file"
	case os.ModeDir:
		return "directory"
	case os.ModeSymlink:
		return "symlink"
	case os.ModeNamedPipe:
		return "FIFO"
	case os.ModeDevice, os.ModeDevice | os.ModeCharDevice:
		return "device"
	}
	return "file of type " + m.Type().String()
}

// clearStale removes path if it is a socket nobody listens on. Anything
// else at path is an error.
func clearStale(path string, typ int) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode().Type() != os.ModeSocket {
		return &pathExistsError{kindOf(fi.Mode())}
	}
	live, err := probe(path, typ)
	if err != nil {
		return err
	}
	if live {
		return unix.EADDRINUSE
	}
	again, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !os.SameFile(fi, again) {
		return unix.EADDRINUSE
	}
	if err := unix.Unlink(path); err != nil && err != unix.ENOENT {
		return os.NewSyscallError("unlink", err)
	}
	return nil
}

// probe reports whether some socket is bound to the socket file at path,
// by connecting to it without blocking.
func probe(path string, typ int) (bool, error) {
	fd, err := unix.Socket(unix.AF_UNIX, typ|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		return false, os.NewSyscallError("socket", err)
	}
	defer unix.Close(fd)
	switch err := unix.Connect(fd, &unix.SockaddrUnix{Name: path}); err {
	case nil, unix.EAGAIN, unix.EINPROGRESS, unix.EPROTOTYPE:
		return true, nil
	case unix.ECONNREFUSED, unix.ENOENT:
		return false, nil
	default:
		return false, os.NewSyscallError("probe connect", err)
	}
}
