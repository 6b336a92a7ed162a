package sockets

import (
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"sync"
	"syscall"
)

// ListenOptions tunes [Listen]. The zero value is ready to use.
type ListenOptions struct {
	// Backlog is the length of the queue of connections not yet accepted.
	// Zero means the system maximum (net.core.somaxconn). It is ignored for
	// datagram networks.
	Backlog int
	// Mode is the permission of a Unix socket file; only the permission
	// bits may be set. Zero means 0600. Connecting to a socket file needs
	// write permission on it. Mode is ignored for IP and abstract
	// addresses, which have no file.
	Mode os.FileMode
}

// Listener is a bound socket: a listening socket for stream and seqpacket
// networks, or a bound datagram socket for udp and unixgram, which is read
// with [Recv] rather than accepted from. Its methods are safe for
// concurrent use.
type Listener struct {
	f       *os.File
	addr    Addr
	created CreatedPath
	owns    bool

	once     sync.Once
	closeErr error
}

// File returns the bound socket as a blocking-mode, close-on-exec file. The
// file belongs to the Listener: [Listener.Close] closes it. A caller that
// keeps the file (a shell's fd table) and the path (see
// [Listener.Created]) beyond the Listener need not call Close.
func (l *Listener) File() *os.File { return l.f }

// Addr returns the bound address. For IP networks the host is the bound IP
// and the port is the one the kernel chose when Port was 0.
func (l *Listener) Addr() Addr { return l.addr }

// Created returns the socket path that [Listen] created and whether there
// is one; abstract and IP addresses have none.
func (l *Listener) Created() (CreatedPath, bool) { return l.created, l.owns }

// Accept waits for a connection; see [Accept].
func (l *Listener) Accept(ctx context.Context) (*os.File, Addr, error) {
	return Accept(ctx, l.f)
}

// Close closes the socket and removes the socket path Listen created, if
// it still holds the socket (see [CreatedPath.Remove]). Later calls return
// the first call's result.
func (l *Listener) Close() error {
	l.once.Do(func() {
		err := l.f.Close()
		if l.owns {
			if rerr := l.created.Remove(); err == nil {
				err = rerr
			}
		}
		l.closeErr = err
	})
	return l.closeErr
}

// NetListener returns a [net.Listener] (or, for datagram networks, an
// error) sharing the socket, for Go programs. It leaves the shared file
// description in non-blocking mode, so File should not be given to child
// processes afterwards. Closing either one does not close the other, and
// neither removes the path.
func (l *Listener) NetListener() (net.Listener, error) {
	nl, err := net.FileListener(l.f)
	if err != nil {
		return nil, &Error{Op: "listen", Subject: l.addr.String(), Err: err}
	}
	return nl, nil
}

// CreatedPath records a Unix socket file created by [Listen], so that its
// owner can remove it later, for example when a shell session ends.
type CreatedPath struct {
	// Path is the absolute path of the socket file.
	Path string
	// Dev and Ino identify the file that was created.
	Dev, Ino uint64
}

// ErrReplaced is the cause of the error from [CreatedPath.Remove] when the
// path no longer holds the socket that was created there.
var ErrReplaced = errors.New("path no longer holds the socket created there; not removed")

// ErrTruncated is the cause of the error from [Recv] when a datagram was
// longer than the buffer; the rest of it is lost.
var ErrTruncated = errors.New("message truncated")

// RecvOptions tunes [RecvMsg]. The zero value reads one whole message.
type RecvOptions struct {
	// Size is the most bytes to read. Zero means the whole next datagram,
	// whatever its size, or up to 64 KiB from a stream socket.
	Size int
	// Cred asks, on a Unix socket, for the credentials of the process that
	// sent the message, as checked by the kernel. It sets SO_PASSCRED on
	// the socket; the kernel records credentials only for messages sent
	// while that option is set, which [Listen] sets on unixgram sockets.
	Cred bool
}

// Message is a message read by [RecvMsg].
type Message struct {
	// Data is the message.
	Data []byte
	// From is the sender's address. It is an unnamed Unix address (empty
	// Path) when the sender never bound one.
	From Addr
	// Truncated reports that the datagram was longer than the buffer.
	Truncated bool
	// PID, UID and GID identify the sending process when HasCred is true.
	PID, UID, GID int
	// HasCred reports whether the kernel supplied the credentials.
	HasCred bool
}

// Recv reads one message from the socket c: one datagram from a udp or
// unixgram socket (message boundaries kept), or up to bufsize bytes from a
// stream socket. bufsize 0 reads the whole datagram whatever its size (64
// KiB on a stream). It returns the message and the sender's address.
//
// Recv waits with poll(2) until a message arrives, ctx is done or its
// deadline passes (the error then matches [ErrTimeout]). At the end of a
// stream the error matches [io.EOF]. A datagram longer than bufsize is
// returned cut short with an error matching [ErrTruncated]. Errors are
// [*Error]s with Op "recv".
func Recv(ctx context.Context, c syscall.Conn, bufsize int) ([]byte, Addr, error) {
	m, err := RecvMsg(ctx, c, RecvOptions{Size: bufsize})
	if err == nil && m.Truncated {
		err = &Error{Op: "recv", Subject: subject(c), Err: ErrTruncated}
	}
	return m.Data, m.From, err
}

// How selects the direction [Shutdown] closes.
type How int

// The directions for [Shutdown].
const (
	ShutRead  How = 0 // no more receiving ("r")
	ShutWrite How = 1 // no more sending: the peer reads EOF ("w")
	ShutBoth  How = 2 // both ("rw")
)

// String returns "r", "w" or "rw".
func (h How) String() string {
	switch h {
	case ShutRead:
		return "r"
	case ShutWrite:
		return "w"
	case ShutBoth:
		return "rw"
	}
	return "How(" + strconv.Itoa(int(h)) + ")"
}

// ParseHow parses "r", "w" or "rw" (also "read", "write", "both").
func ParseHow(s string) (How, error) {
	switch s {
	case "r", "read":
		return ShutRead, nil
	case "w", "write":
		return ShutWrite, nil
	case "rw", "wr", "both":
		return ShutBoth, nil
	}
	return 0, &Error{Op: "shutdown", Subject: strconv.Quote(s), Err: errors.New("want r, w or rw")}
}

// PeerInfo describes the other end of a connected socket.
type PeerInfo struct {
	// Addr is the peer's address; unnamed (empty Path) for a Unix peer
	// that never bound one.
	Addr Addr
	// PID, UID and GID identify the peer process when HasCred is true:
	// for Unix stream and seqpacket sockets, the kernel's record of the
	// process that connected (or listened), from SO_PEERCRED.
	PID, UID, GID int
	// HasCred reports whether the credentials are known.
	HasCred bool
}

// Info describes a socket, as [Describe] returns it.
type Info struct {
	// Network is the package's network name: tcp, udp, unix, unixgram or
	// unixpacket (tcp and udp for both IPv4 and IPv6), or "" for other
	// kinds of socket.
	Network string
	// Family is "inet", "inet6" or "unix".
	Family string
	// Type is "stream", "dgram" or "seqpacket".
	Type string
	// Listening reports whether the socket is listening for connections.
	Listening bool
	// Local is the address the socket is bound to; an unbound Unix socket
	// has an empty Path.
	Local Addr
	// Peer is the connected peer's address, or the zero Addr when the
	// socket is not connected.
	Peer Addr
}

// Local returns the address the socket c is bound to.
func Local(c syscall.Conn) (Addr, error) {
	in, err := Describe(c)
	return in.Local, err
}

// DialConn is [Dial] returning a [net.Conn] (a *net.TCPConn, *net.UDPConn
// or *net.UnixConn) for Go programs; the descriptor is in non-blocking mode
// and driven by Go's network poller.
func DialConn(ctx context.Context, a Addr) (net.Conn, error) {
	f, err := Dial(ctx, a)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		return nil, &Error{Op: "connect", Subject: a.String(), Err: err}
	}
	return c, nil
}
