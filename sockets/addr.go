package sockets

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// Addr is a socket address in this package's syntax. The zero Addr is not a
// valid address; it prints as "".
//
// IP networks (tcp, tcp4, tcp6, udp, udp4, udp6) use Host and Port; Unix
// networks (unix, unixgram, unixpacket) use Path.
type Addr struct {
	// Network is one of tcp, tcp4, tcp6, udp, udp4, udp6, unix, unixgram
	// and unixpacket.
	Network string
	// Host is a host name or an IP literal without brackets, possibly with
	// a zone ("fe80::1%eth0"). An empty Host means every local address when
	// listening and the loopback address when connecting.
	Host string
	// Port is the port number, 0..65535. Port 0 asks the kernel to choose
	// one when listening.
	Port int
	// Path is the file system path of a Unix socket, or "@name" for a
	// name in the Linux abstract namespace. It is empty for an unnamed
	// socket (a peer that never bound an address).
	Path string
}

// maxPath is the room in sockaddr_un.sun_path, less the terminating NUL (or
// the leading NUL of an abstract name).
const maxPath = 107

// networks lists the known network names with the socket type each uses.
var networks = map[string]string{
	"tcp": "stream", "tcp4": "stream", "tcp6": "stream",
	"udp": "dgram", "udp4": "dgram", "udp6": "dgram",
	"unix": "stream", "unixgram": "dgram", "unixpacket": "seqpacket",
}

// String returns the address in the syntax that [ParseAddr] reads: for
// example "tcp:127.0.0.1:80", "tcp6:[::1]:80", "tcp::8080" (any host),
// "unix:/run/x.sock" or "unix:@name". An unnamed Unix address prints as
// "unix:" and does not parse back.
func (a Addr) String() string {
	switch {
	case a.Network == "":
		return ""
	case a.IsUnix():
		return a.Network + ":" + a.Path
	default:
		return a.Network + ":" + net.JoinHostPort(a.Host, strconv.Itoa(a.Port))
	}
}

// IsUnix reports whether a is a Unix-domain address (unix, unixgram or
// unixpacket).
func (a Addr) IsUnix() bool { return strings.HasPrefix(a.Network, "unix") }

// IsAbstract reports whether a names a socket in the Linux abstract
// namespace ("unix:@name"), which has no file and no permissions.
func (a Addr) IsAbstract() bool { return a.IsUnix() && strings.HasPrefix(a.Path, "@") }

// IsDatagram reports whether a's network carries datagrams (udp, udp4,
// udp6 and unixgram): messages with boundaries, no connection needed.
func (a Addr) IsDatagram() bool { return networks[a.Network] == "dgram" }

// Validate reports whether a is a well-formed address, with the same
// checks as [ParseAddr]. The error matches [ErrBadAddress].
func (a Addr) Validate() error {
	if a.Network == "" {
		return addrError("missing network")
	}
	if _, ok := networks[a.Network]; !ok {
		return addrError("unknown network " + strconv.Quote(a.Network) +
			" (want tcp, tcp4, tcp6, udp, udp4, udp6, unix, unixgram or unixpacket)")
	}
	if a.IsUnix() {
		if a.Host != "" || a.Port != 0 {
			return addrError(a.Network + " address with a host or port")
		}
		return checkPath(a.Path)
	}
	if a.Path != "" {
		return addrError(a.Network + " address with a path")
	}
	if a.Port < 0 || a.Port > 65535 {
		return addrError("port " + strconv.Itoa(a.Port) + " out of range 0..65535")
	}
	return checkHost(a.Network, a.Host)
}

func checkPath(p string) error {
	switch {
	case p == "":
		return addrError("missing path")
	case p == "@":
		return addrError("empty abstract socket name")
	case strings.IndexByte(p, 0) >= 0:
		return addrError("path contains a NUL byte")
	case len(p) > maxPath:
		return addrError("path longer than " + strconv.Itoa(maxPath) + " bytes")
	}
	return nil
}

func checkHost(network, host string) error {
	if host == "" {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		switch {
		case strings.HasSuffix(network, "4") && !ip.Unmap().Is4():
			return addrError(network + " address with an IPv6 host")
		case strings.HasSuffix(network, "6") && ip.Is4():
			return addrError(network + " address with an IPv4 host")
		}
		return nil
	}
	if strings.Contains(host, ":") {
		return addrError("invalid IPv6 host " + strconv.Quote(host))
	}
	if len(host) > 253 {
		return addrError("host name too long")
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_') {
			return addrError("invalid host " + strconv.Quote(host))
		}
	}
	if strings.HasPrefix(host, ".") || strings.Contains(host, "..") {
		return addrError("invalid host " + strconv.Quote(host))
	}
	return nil
}

// ParseAddr parses an address written as NETWORK:ADDRESS:
//
//	tcp:HOST:PORT  tcp4:HOST:PORT  tcp6:[HOST]:PORT
//	udp:HOST:PORT  udp4:HOST:PORT  udp6:[HOST]:PORT
//	unix:/path  unixgram:/path  unixpacket:/path  unix:@abstract-name
//
// IPv6 literals are written in brackets. HOST may be empty ("tcp::8080").
// PORT is a number from 0 to 65535 or a service name from /etc/services.
// A malformed address gives an [*Error] with Op "parse address" whose cause
// matches [ErrBadAddress]. For a valid address, ParseAddr(a.String())
// returns a again.
func ParseAddr(s string) (Addr, error) {
	a, err := parseAddr(s)
	if err != nil {
		return Addr{}, &Error{Op: "parse address", Subject: strconv.Quote(s), Err: err}
	}
	return a, nil
}

func parseAddr(s string) (Addr, error) {
	network, rest, ok := strings.Cut(s, ":")
	if !ok {
		if s == "" {
			return Addr{}, addrError("empty address")
		}
		if _, known := networks[s]; known {
			return Addr{}, addrError("missing address after " + s + ":")
		}
		return Addr{}, addrError("missing network (want NETWORK:ADDRESS, as in tcp:HOST:PORT or unix:/path)")
	}
	a := Addr{Network: network}
	if _, known := networks[network]; !known {
		return Addr{}, a.Validate()
	}
	if a.IsUnix() {
		a.Path = rest
		return a, a.Validate()
	}
	host, port, err := splitHostPort(rest)
	if err != nil {
		return Addr{}, err
	}
	a.Host = host
	if a.Port, err = parsePort(network, port); err != nil {
		return Addr{}, err
	}
	return a, a.Validate()
}

func splitHostPort(s string) (host, port string, err error) {
	if s == "" {
		return "", "", addrError("missing host and port")
	}
	host, port, err = net.SplitHostPort(s)
	if err == nil {
		if strings.Contains(host, ":") && !strings.HasPrefix(s, "[") {
			return "", "", addrError("IPv6 host must be in brackets, as [::1]:PORT")
		}
		if strings.HasPrefix(s, "[") {
			if ip, err := netip.ParseAddr(host); err != nil || !ip.Is6() {
				return "", "", addrError("invalid IPv6 host " + strconv.Quote(host))
			}
		}
		return host, port, nil
	}
	var ae *net.AddrError
	if errors.As(err, &ae) {
		switch ae.Err {
		case "missing port in address":
			return "", "", addrError("missing port")
		case "too many colons in address":
			return "", "", addrError("too many colons (write IPv6 hosts in brackets, as [::1]:PORT)")
		}
		return "", "", addrError(ae.Err)
	}
	return "", "", addrError(err.Error())
}

func parsePort(network, s string) (int, error) {
	if s == "" {
		return 0, addrError("missing port")
	}
	if s[0] >= '0' && s[0] <= '9' {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			var ne *strconv.NumError
			if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
				return 0, addrError("port " + s + " out of range 0..65535")
			}
			return 0, addrError("invalid port " + strconv.Quote(s))
		}
		if n > 65535 {
			return 0, addrError("port " + s + " out of range 0..65535")
		}
		return int(n), nil
	}
	if c := s[0]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return 0, addrError("invalid port " + strconv.Quote(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return 0, addrError("invalid port " + strconv.Quote(s))
		}
	}
	n, err := net.DefaultResolver.LookupPort(context.Background(), network[:3], s)
	if err != nil {
		return 0, addrError("unknown port " + strconv.Quote(s))
	}
	return n, nil
}

// IsDevPath reports whether p starts like one of bash's socket paths,
// /dev/tcp/ or /dev/udp/, so that a redirection should open a socket rather
// than a file. [ParseDevPath] checks the rest.
func IsDevPath(p string) bool {
	return strings.HasPrefix(p, "/dev/tcp/") || strings.HasPrefix(p, "/dev/udp/")
}

// ParseDevPath parses bash's /dev/tcp/HOST/PORT and /dev/udp/HOST/PORT
// paths into tcp and udp addresses. HOST may be a name, an IPv4 literal or
// an IPv6 literal with or without brackets; PORT is a number or a service
// name. Errors are as for [ParseAddr].
func ParseDevPath(p string) (Addr, error) {
	a, err := parseDevPath(p)
	if err != nil {
		return Addr{}, &Error{Op: "parse address", Subject: strconv.Quote(p), Err: err}
	}
	return a, nil
}

func parseDevPath(p string) (Addr, error) {
	var a Addr
	switch {
	case strings.HasPrefix(p, "/dev/tcp/"):
		a.Network = "tcp"
	case strings.HasPrefix(p, "/dev/udp/"):
		a.Network = "udp"
	default:
		return a, addrError("not a /dev/tcp/HOST/PORT or /dev/udp/HOST/PORT path")
	}
	rest := p[len("/dev/tcp/"):]
	host, port, ok := strings.Cut(rest, "/")
	switch {
	case !ok && host == "":
		return Addr{}, addrError("missing host and port")
	case !ok:
		return Addr{}, addrError("missing port")
	case host == "":
		return Addr{}, addrError("missing host")
	case strings.Contains(port, "/"):
		return Addr{}, addrError("too many path elements")
	}
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
		if !strings.Contains(host, ":") {
			return Addr{}, addrError("brackets around a host that is not IPv6")
		}
	}
	a.Host = host
	var err error
	if a.Port, err = parsePort(a.Network, port); err != nil {
		return Addr{}, err
	}
	return a, a.Validate()
}

// FromNetAddr converts a [*net.TCPAddr], [*net.UDPAddr] or
// [*net.UnixAddr] to an Addr. Other types, and nil, give the zero Addr.
func FromNetAddr(na net.Addr) Addr {
	switch v := na.(type) {
	case *net.TCPAddr:
		if v == nil {
			return Addr{}
		}
		return Addr{Network: "tcp", Host: ipString(v.IP, v.Zone), Port: v.Port}
	case *net.UDPAddr:
		if v == nil {
			return Addr{}
		}
		return Addr{Network: "udp", Host: ipString(v.IP, v.Zone), Port: v.Port}
	case *net.UnixAddr:
		if v == nil {
			return Addr{}
		}
		return Addr{Network: v.Net, Path: v.Name}
	}
	return Addr{}
}

func ipString(ip net.IP, zone string) string {
	if len(ip) == 0 {
		return ""
	}
	s := ip.String()
	if zone != "" {
		s += "%" + zone
	}
	return s
}
