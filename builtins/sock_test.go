package builtins_test

import (
	"strings"
	"testing"
)

func TestSockConnectListenAccept(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	r := run(t, `
sock listen -v l -a addr tcp:127.0.0.1:0 || exit 9
case $addr in tcp:127.0.0.1:[1-9]*) ;; *) echo "bad addr $addr"; exit 9;; esac
sock connect -v c "$addr" || exit 9
sock accept -v s -p peer $l || exit 9
echo "hello server" >&$c
sock shutdown -u $c w
read -r line <&$s
echo "server read: $line"
echo "hello client" >&$s
exec {s}>&-
read -r line <&$c
echo "client read: $line"
case $peer in tcp:127.0.0.1:*) echo peer ok;; *) echo "peer $peer";; esac
exec {c}>&- {l}>&-
sock listen -v u unix:`+d+`/s.sock
test -S `+d+`/s.sock && echo socket exists
stat -c %a `+d+`/s.sock
`)
	r.want(t, "server read: hello server\nclient read: hello client\npeer ok\nsocket exists\n600\n", "", 0)
}

func TestSockPrintsFD(t *testing.T) {
	t.Parallel()
	r := run(t, `
fd=$(sock listen tcp:127.0.0.1:0); echo "in subshell: $fd"
sock listen tcp:127.0.0.1:0
sock ls | awk 'NR>1 {print $1, $2, $3}'
`)
	r.want(t, "in subshell: 10\n10\n10 tcp listening\n", "", 0)
}

func TestSockErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		script, err string
		status      int
	}{
		{`sock`, "sock: missing subcommand (want one of connect, listen, accept, serve, send, recv, shutdown, peer, sendfd, recvfd, ls)\n", 2},
		{`sock frob`, "sock: frob: unknown subcommand (want one of connect, listen, accept, serve, send, recv, shutdown, peer, sendfd, recvfd, ls)\n", 2},
		{`sock connect tcp:127.0.0.1:65536`, "sock: parse address \"tcp:127.0.0.1:65536\": port 65536 out of range 0..65535\n", 2},
		{`sock connect tcp:127.0.0.1`, "sock: parse address \"tcp:127.0.0.1\": missing port\n", 2},
		{`sock connect foo:bar`, "", 2},
		{`sock connect`, "sock: connect: want one address\nusage: sock connect [-v VAR] [-t SECS] ADDR\n", 2},
		{`sock connect -x tcp:127.0.0.1:1`, "sock: connect: -x: unknown option\nusage: sock connect [-v VAR] [-t SECS] ADDR\n", 2},
		{`sock connect -t abc tcp:127.0.0.1:1`, "sock: connect: -t \"abc\": not a number of seconds\nusage: sock connect [-v VAR] [-t SECS] ADDR\n", 2},
		{`sock connect -v 1x tcp:127.0.0.1:1`, "sock: connect: -v \"1x\": not a valid variable name\nusage: sock connect [-v VAR] [-t SECS] ADDR\n", 2},
		{`sock connect -v`, "sock: connect: -v: option requires an argument\nusage: sock connect [-v VAR] [-t SECS] ADDR\n", 2},
		{`sock recv -u 7`, "sock: recv fd 7: bad file descriptor\n", 1},
		{`sock recv -u 99999`, "sock: recv: -u \"99999\": not a file descriptor number (0-1023)\nusage: sock recv [-u FD] [-t SECS] [-s SIZE] [-v VAR] [--from VAR] [--cred VAR]\n", 2},
		{`sock send -u 7 hi`, "sock: send fd 7: bad file descriptor\n", 1},
		{`sock shutdown -u 7 w`, "sock: shutdown fd 7: bad file descriptor\n", 1},
		{`sock shutdown -u 0 x`, "sock: shutdown: \"x\": want r, w or rw\nusage: sock shutdown -u FD r|w|rw\n", 2},
		{`sock peer -u 8`, "sock: peer fd 8: bad file descriptor\n", 1},
		{`sock accept 9`, "sock: accept fd 9: bad file descriptor\n", 1},
		{`sock accept`, "sock: accept: want one listening fd\nusage: sock accept [-v VAR] [-p PEERVAR] [-t SECS] LISTENFD\n", 2},
		{`sock listen -m 999 unix:/tmp/x`, "sock: listen: -m \"999\": want octal permission bits from 1 to 0777\nusage: sock listen [-v VAR] [-a ADDRVAR] [-b BACKLOG] [-m MODE] ADDR\n", 2},
		{`sock listen -b -1 tcp:127.0.0.1:0`, "sock: listen: -b \"-1\": want a whole number from 0 to 1048576\nusage: sock listen [-v VAR] [-a ADDRVAR] [-b BACKLOG] [-m MODE] ADDR\n", 2},
		{`sock serve tcp:127.0.0.1:0`, "sock: serve: want a command to run for each connection\nusage: sock serve [-c MAXCONN] [-n COUNT] [-b BACKLOG] [-m MODE] ADDR|-u FD -- CMD [ARG...]\n", 2},
		{`sock serve udp:127.0.0.1:0 -- cat`, "sock: serve udp:127.0.0.1:0: datagram sockets have no connections to serve\n", 2},
		{`sock sendfd -u 0`, "sock: sendfd: want the fds to pass\nusage: sock sendfd [-t SECS] -u FD FD2...\n", 2},
		{`sock recvfd`, "sock: recvfd: -u FD is required\nusage: sock recvfd [-t SECS] -u FD [-v VAR]\n", 2},
		{`sock recv -u 0 extra`, "sock: recv: unexpected operand \"extra\"\nusage: sock recv [-u FD] [-t SECS] [-s SIZE] [-v VAR] [--from VAR] [--cred VAR]\n", 2},
		{`sock peer -u 0`, "", 1},
		{`sock connect /dev/tcp/127.0.0.1`, "sock: parse address \"/dev/tcp/127.0.0.1\": missing port\n", 2},
		{`exec {f}</dev/null; sock recv -u $f`, "", 1},
	} {
		r := run(t, tc.script)
		if testing.Verbose() {
			t.Logf("%s => %d %q", tc.script, r.status, r.err)
		}
		if r.status != tc.status || tc.err != "" && r.err != tc.err || r.out != "" {
			t.Errorf("%s: status %d, stdout %q, stderr %q; want status %d, stderr %q", tc.script, r.status, r.out, r.err, tc.status, tc.err)
		}
		// Every error is one line (plus a usage line for usage errors).
		if lines := strings.Count(r.err, "\n"); lines < 1 || lines > 2 || !strings.HasPrefix(r.err, "sock: ") {
			t.Errorf("%s: stderr %q is not one clear line", tc.script, r.err)
		}
	}
}
