package redirect

import (
	"context"
	"os"

	"github.com/ipsh/ipsh/sockets"
)

// IsDevPath reports whether a redirection target names one of bash's
// socket paths, /dev/tcp/HOST/PORT or /dev/udp/HOST/PORT, which
// [DialDevPath] opens instead of the file system.
func IsDevPath(path string) bool { return sockets.IsDevPath(path) }

// DialDevPath opens bash's /dev/tcp/HOST/PORT or /dev/udp/HOST/PORT path
// as a connected socket: a TCP connection, or a UDP socket whose default
// destination is HOST:PORT. HOST is a name, an IPv4 literal or an IPv6
// literal (with or without brackets); PORT is a number or a service name.
//
// The file is in blocking mode and close-on-exec, ready to be installed in
// a [Table] and passed to child processes; the caller owns it. ctx bounds
// the name lookup and the connect: its deadline is the connect timeout.
//
// Errors are [*sockets.Error]s: "parse address" for a malformed path
// (matching [sockets.ErrBadAddress]), "connect" otherwise, wrapping the
// syscall.Errno when there is one (ECONNREFUSED, ENETUNREACH...), so that a
// shell can print bash's "Connection refused".
func DialDevPath(ctx context.Context, path string) (*os.File, error) {
	a, err := sockets.ParseDevPath(path)
	if err != nil {
		return nil, err
	}
	return sockets.Dial(ctx, a)
}
