package sockets_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ipsh/ipsh/sockets"
)

func TestParseAddr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want sockets.Addr
		str  string // "" means same as in
	}{
		{"tcp:127.0.0.1:80", sockets.Addr{Network: "tcp", Host: "127.0.0.1", Port: 80}, ""},
		{"tcp:localhost:0", sockets.Addr{Network: "tcp", Host: "localhost"}, ""},
		{"tcp::8080", sockets.Addr{Network: "tcp", Port: 8080}, ""},
		{"tcp4:10.1.2.3:65535", sockets.Addr{Network: "tcp4", Host: "10.1.2.3", Port: 65535}, ""},
		{"tcp6:[::1]:22", sockets.Addr{Network: "tcp6", Host: "::1", Port: 22}, ""},
		{"tcp:[fe80::1%lo]:22", sockets.Addr{Network: "tcp", Host: "fe80::1%lo", Port: 22}, ""},
		{"udp:example.com:53", sockets.Addr{Network: "udp", Host: "example.com", Port: 53}, ""},
		{"udp4:127.0.0.1:9", sockets.Addr{Network: "udp4", Host: "127.0.0.1", Port: 9}, ""},
		{"udp6:[::]:9", sockets.Addr{Network: "udp6", Host: "::", Port: 9}, ""},
		{"tcp:127.0.0.1:00080", sockets.Addr{Network: "tcp", Host: "127.0.0.1", Port: 80}, "tcp:127.0.0.1:80"},
		{"unix:/run/x.sock", sockets.Addr{Network: "unix", Path: "/run/x.sock"}, ""},
		{"unix:rel/x.sock", sockets.Addr{Network: "unix", Path: "rel/x.sock"}, ""},
		{"unixgram:/tmp/g", sockets.Addr{Network: "unixgram", Path: "/tmp/g"}, ""},
		{"unixpacket:/tmp/p", sockets.Addr{Network: "unixpacket", Path: "/tmp/p"}, ""},
		{"unix:@ipsh-test", sockets.Addr{Network: "unix", Path: "@ipsh-test"}, ""},
		{"unix:/path:with:colons", sockets.Addr{Network: "unix", Path: "/path:with:colons"}, ""},
	}
	for _, tt := range tests {
		got, err := sockets.ParseAddr(tt.in)
		if err != nil {
			t.Errorf("ParseAddr(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseAddr(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
		str := tt.str
		if str == "" {
			str = tt.in
		}
		if got.String() != str {
			t.Errorf("ParseAddr(%q).String() = %q, want %q", tt.in, got.String(), str)
		}
		again, err := sockets.ParseAddr(got.String())
		if err != nil || again != got {
			t.Errorf("round trip of %q: %#v, %v", tt.in, again, err)
		}
	}
}

func TestParseAddrBad(t *testing.T) {
	t.Parallel()
	long := "unix:/" + strings.Repeat("x", 107)
	tests := []struct{ in, want string }{
		{"", `parse address "": empty address`},
		{"localhost:80", `unknown network "localhost"`},
		{"/tmp/sock", "missing network"},
		{"tcp", "missing address after tcp:"},
		{"sctp:1.2.3.4:5", `unknown network "sctp"`},
		{"TCP:1.2.3.4:5", `unknown network "TCP"`},
		{"tcp:", "missing host and port"},
		{"tcp:127.0.0.1", "missing port"},
		{"tcp:127.0.0.1:", "missing port"},
		{"tcp:localhost", "missing port"},
		{"tcp:127.0.0.1:65536", "port 65536 out of range 0..65535"},
		{"tcp:127.0.0.1:99999999999999999999999", "out of range 0..65535"},
		{"tcp:127.0.0.1:-1", `invalid port "-1"`},
		{"tcp:127.0.0.1:8o", `invalid port "8o"`},
		{"tcp:127.0.0.1:no-such-service-xyz", `unknown port "no-such-service-xyz"`},
		{"tcp:127.0.0.1:a b", `invalid port "a b"`},
		{"tcp:::1:80", "too many colons"},
		{"tcp:[::1]", "missing port"},
		{"tcp:[::1:80", "missing ']'"},
		{"tcp:ho st:80", `invalid host "ho st"`},
		{"tcp:a/b:80", `invalid host "a/b"`},
		{"tcp:a..b:80", `invalid host "a..b"`},
		{"tcp:[nonsense]:80", `invalid IPv6 host "nonsense"`},
		{"tcp4:[::1]:80", "tcp4 address with an IPv6 host"},
		{"tcp6:127.0.0.1:80", "tcp6 address with an IPv4 host"},
		{"udp6:10.0.0.1:80", "udp6 address with an IPv4 host"},
		{"unix:", "missing path"},
		{"unixgram:", "missing path"},
		{"unix:@", "empty abstract socket name"},
		{"unix:/a\x00b", "NUL byte"},
		{long, "path longer than 107 bytes"},
	}
	for _, tt := range tests {
		a, err := sockets.ParseAddr(tt.in)
		if err == nil {
			t.Errorf("ParseAddr(%q) = %v, want error containing %q", tt.in, a, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "parse address ") {
			t.Errorf("ParseAddr(%q) error %q, want it to contain %q", tt.in, err, tt.want)
		}
		if !errors.Is(err, sockets.ErrBadAddress) {
			t.Errorf("ParseAddr(%q) error %q does not match ErrBadAddress", tt.in, err)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseAddr(%q) error has several lines: %q", tt.in, err)
		}
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	bad := []sockets.Addr{
		{},
		{Network: "tcp", Port: -1},
		{Network: "tcp", Port: 70000},
		{Network: "unix"},
		{Network: "unix", Path: "/x", Port: 1},
		{Network: "udp", Host: "1.2.3.4", Path: "/x"},
		{Network: "bogus", Path: "/x"},
	}
	for _, a := range bad {
		if err := a.Validate(); err == nil || !errors.Is(err, sockets.ErrBadAddress) {
			t.Errorf("%#v.Validate() = %v, want a bad-address error", a, err)
		}
	}
}

func TestParseDevPath(t *testing.T) {
	t.Parallel()
	good := []struct {
		in   string
		want string
	}{
		{"/dev/tcp/127.0.0.1/80", "tcp:127.0.0.1:80"},
		{"/dev/tcp/localhost/8080", "tcp:localhost:8080"},
		{"/dev/udp/10.0.0.1/53", "udp:10.0.0.1:53"},
		{"/dev/tcp/::1/22", "tcp:[::1]:22"},
		{"/dev/tcp/[::1]/22", "tcp:[::1]:22"},
	}
	for _, tt := range good {
		a, err := sockets.ParseDevPath(tt.in)
		if err != nil || a.String() != tt.want {
			t.Errorf("ParseDevPath(%q) = %v, %v; want %s", tt.in, a, err, tt.want)
		}
		if !sockets.IsDevPath(tt.in) {
			t.Errorf("IsDevPath(%q) = false", tt.in)
		}
	}
	bad := []struct{ in, want string }{
		{"/dev/tcp/", "missing host and port"},
		{"/dev/tcp/localhost", "missing port"},
		{"/dev/tcp/localhost/", "missing port"},
		{"/dev/tcp//80", "missing host"},
		{"/dev/tcp/h/80/x", "too many path elements"},
		{"/dev/tcp/h/65536", "out of range"},
		{"/dev/sctp/h/1", "not a /dev/tcp"},
		{"/dev/tcp/[1.2.3.4]/1", "brackets"},
		{"/etc/passwd", "not a /dev/tcp"},
	}
	for _, tt := range bad {
		a, err := sockets.ParseDevPath(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, sockets.ErrBadAddress) {
			t.Errorf("ParseDevPath(%q) = %v, %v; want error containing %q", tt.in, a, err, tt.want)
		}
	}
	if sockets.IsDevPath("/dev/null") {
		t.Error("IsDevPath(/dev/null) = true")
	}
}

func FuzzParseAddr(f *testing.F) {
	for _, s := range []string{"tcp:127.0.0.1:80", "tcp6:[::1]:1", "unix:@x", "unixgram:/a", "udp::0", "tcp:[fe80::1%eth0]:9", "tcp:::", "/dev/tcp/h/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := sockets.ParseAddr(s)
		if err == nil {
			b, err := sockets.ParseAddr(a.String())
			if err != nil || b != a {
				t.Fatalf("%q parsed to %#v, which prints as %q and parses to %#v, %v", s, a, a.String(), b, err)
			}
		}
		if d, err := sockets.ParseDevPath(s); err == nil {
			if e, err := sockets.ParseAddr(d.String()); err != nil || e != d {
				t.Fatalf("dev path %q gave %#v that does not round-trip: %v", s, d, err)
			}
		}
	})
}
