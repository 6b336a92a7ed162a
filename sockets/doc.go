// Package sockets opens, serves and inspects TCP, UDP and Unix-domain
// sockets and returns them as blocking-mode [*os.File]s that can be put in a
// shell's fd table or handed to child processes, or as [net.Conn]s for Go
// programs.
//
// # Addresses
//
// Addresses follow the network names of package net, written as
// NETWORK:ADDRESS: tcp:HOST:PORT, tcp4:, tcp6:[::1]:PORT, udp:, udp4:, udp6:,
// unix:/path, unixgram:/path, unixpacket:/path, and unix:@name for the Linux
// abstract namespace. [ParseAddr] reads them, [Addr.String] writes them back,
// and [ParseDevPath] reads bash's /dev/tcp/HOST/PORT and /dev/udp/HOST/PORT.
//
// # Files and modes
//
// Every file returned by [Dial], [Accept], [Listener.File], [Pair] and
// [RecvFD] is close-on-exec, and the sockets this package creates are in
// blocking mode, so a child process that inherits one sees an ordinary
// blocking socket. The functions that take a socket accept any
// [syscall.Conn]: an [*os.File] (blocking or not), a [*net.TCPConn], a
// [*net.UnixConn], a [*net.UnixListener] and so on. They wait with poll(2)
// and use non-blocking flags per call (MSG_DONTWAIT), so they never change the
// blocking mode of a file description that a child may share, and a context
// bounds every wait: its deadline is the timeout and cancelling it ends the
// wait.
//
// # Unix socket paths
//
// [Listen] creates socket paths safely: the file is created with the
// requested mode (0600 by default) and never exists with a more permissive
// one, an existing path is replaced only when it is a socket nobody listens
// on, and the path is removed by [Listener.Close] or [CreatedPath.Remove] only
// while it still holds the socket that was created.
//
// # What it leaves out
//
// The package knows nothing of shells: no fd numbers, no builtins, no output.
// It does no TLS, proxying or name-service caching; host names are resolved
// with the net package's default resolver. Only Linux is supported; on other
// systems the socket functions return [errors.ErrUnsupported].
package sockets
