package builtins_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
)

// lengths is the expected output of the boundary scripts: 1..100 times 37.
func lengths() string {
	var b strings.Builder
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&b, "%d\n", i*37)
	}
	return b.String()
}

// 100 datagrams of different sizes arrive as 100 messages.
func TestSockDatagramBoundaries(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	for _, tc := range []struct{ name, listen, send string }{
		{"udp", `sock listen -v srv -a addr udp:127.0.0.1:0`, `sock connect -v cl "$addr"; send() { sock send -u $cl "$1"; }`},
		{"unixgram", `sock listen -v srv -a addr unixgram:` + d + `/g.sock`, `send() { sock send "$addr" "$1"; }`},
		{"unixgram-to", `sock listen -v srv -a addr unixgram:` + d + `/h.sock`, `sock listen -v cl unixgram:` + d + `/h2.sock; send() { sock send -u $cl --to "$addr" "$1"; }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tc.listen+`
`+tc.send+`
# Ten at a time: a unixgram queue holds about ten messages (the sender
# then waits) and a UDP socket drops what its buffer cannot hold.
for ((b=0; b<10; b++)); do
	for ((i=b*10+1; i<=b*10+10; i++)); do send "$(printf '%*s' $((i*37)) '')" || exit 1; done
	for ((i=0; i<10; i++)); do sock recv -u $srv -t 10 -v m || exit 1; echo ${#m}; done
done
sock recv -u $srv -t 0.1 -v m
echo "empty queue: $?"
`)
			r.want(t, lengths()+"empty queue: 142\n", "", 0)
		})
	}
}

// The mailbox: a unixgram server learns each sender's pid and uid from the
// kernel; sock recv prints a message as is.
func TestSockRecvCredAndFrom(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	r := run(t, `
sock listen -v box unixgram:`+d+`/box.sock
sock listen -v me unixgram:`+d+`/me.sock
sock send -u $me --to unixgram:`+d+`/box.sock "hello box"
sock recv -u $box -v msg --from from --cred who
echo "msg=$msg from=$from n=${#who[@]} uid=${who[1]} gid=${who[2]}"
[ "${who[0]}" = $$ ] && echo "pid is the shell's"
sock send -u $box --to "$from" "reply"
sock recv -u $me
echo
printf 'a\nb\n\n' | sock send unixgram:`+d+`/box.sock
sock recv -u $box | od -c | head -1
`)
	r.want(t, fmt.Sprintf("msg=hello box from=unixgram:%s/me.sock n=3 uid=%d gid=%d\npid is the shell's\nreply\n0000000   a  \\n   b  \\n  \\n\n", d, os.Getuid(), os.Getgid()), "", 0)
}

func TestSockSendFD(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	if err := os.WriteFile(filepath.Join(d, "secret"), []byte("passed content\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, `
sock listen -v l unix:`+d+`/fd.sock
sock connect -v c unix:`+d+`/fd.sock
sock accept -v s $l
exec {f}<`+d+`/secret {g}</dev/null
sock sendfd -u $c $f $g
exec {f}<&-
sock recvfd -u $s -v got
echo "${#got[@]} fds"
cat <&${got[0]}
sock sendfd -u $c 77
echo "status $?"
exec {c}>&-
sock recvfd -u $s -v got
echo "at EOF: $?"
`)
	r.want(t, "2 fds\npassed content\nstatus 1\nat EOF: 1\n", "sock: sendfd fd 77: bad file descriptor\n", 0)
}

func TestSockPeerAndList(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	r := run(t, `
sock listen -v l unix:`+d+`/p.sock
sock connect -v c unix:`+d+`/p.sock
sock accept -v s $l
sock peer -u $s -v p
[ "${p[1]}" = $$ ] && echo "peer pid ok"
sock peer -u $c | sed 's/pid=[0-9]*/pid=N/'
sock peer -u $c --json | sed 's/"pid":[0-9]*/"pid":N/'
sock listen -v u udp:127.0.0.1:0
sock ls
sock ls --json > `+d+`/ls.json
`)
	uid, gid := os.Getuid(), os.Getgid()
	want := fmt.Sprintf("peer pid ok\nunix:%[1]s/p.sock pid=N uid=%[2]d gid=%[3]d\n{\"fd\":11,\"addr\":\"unix:%[1]s/p.sock\",\"pid\":N,\"uid\":%[2]d,\"gid\":%[3]d}\n", d, uid, gid)
	if !strings.HasPrefix(r.out, want) || r.err != "" || r.status != 0 {
		t.Fatalf("got %d %q %q\nwant prefix %q", r.status, r.out, r.err, want)
	}
	ls := strings.Split(strings.TrimSuffix(r.out[len(want):], "\n"), "\n")
	if len(ls) != 5 || !strings.HasPrefix(ls[0], "FD ") {
		t.Fatalf("sock ls:\n%s", r.out[len(want):])
	}
	for i, w := range [][]string{
		{"10", "unix", "listening", "unix:" + d + "/p.sock", "-"},
		{"11", "unix", "connected", "unix:", "unix:" + d + "/p.sock"},
		{"12", "unix", "connected", "unix:" + d + "/p.sock", "unix:"},
		{"13", "udp", "bound"},
	} {
		f := strings.Fields(ls[i+1])
		if len(f) < len(w) || strings.Join(f[:len(w)], " ") != strings.Join(w, " ") {
			t.Errorf("sock ls line %q, want %q", ls[i+1], w)
		}
	}
	b, err := os.ReadFile(filepath.Join(d, "ls.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []map[string]any
	if err := json.Unmarshal(b, &entries); err != nil || len(entries) != 4 || entries[0]["state"] != "listening" || entries[3]["network"] != "udp" {
		t.Errorf("sock ls --json: %s (%v)", b, err)
	}
}

// A socket path that a background server created and still holds is
// listed as a path; the path is removed when the session ends.
func TestSockListServePathAndCleanup(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	r := run(t, `
sock serve unix:`+d+`/bg.sock -- cat &
for try in $(seq 100); do test -S `+d+`/bg.sock && break; sleep 0.05; done
sock ls | tail -n +2 | awk '{print $1, $3, $4}'
sock listen -v l unix:`+d+`/kept-until-exit.sock
exec {l}>&-
test -S `+d+`/kept-until-exit.sock && echo "still there after close"
kill %1
`)
	r.want(t, "- path unix:"+d+"/bg.sock\nstill there after close\n", "", 0)
	for _, p := range []string{"bg.sock", "kept-until-exit.sock"} {
		if _, err := os.Lstat(filepath.Join(d, p)); !os.IsNotExist(err) {
			t.Errorf("%s left behind: %v", p, err)
		}
	}
}

// Whatever is at a socket path and is not a dead socket is left alone.
func TestSockListenKeepsFiles(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	file := filepath.Join(d, "file.sock")
	if err := os.WriteFile(file, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(d, "fifo.sock"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, filepath.Join(d, "link.sock")); err != nil {
		t.Fatal(err)
	}
	r := run(t, `
for p in file fifo link; do sock listen unix:`+d+`/$p.sock; echo "$p: $?"; done
sock listen -v l unix:`+d+`/live.sock
sock listen unix:`+d+`/live.sock; echo "live: $?"
`)
	if r.out != "file: 1\nfifo: 1\nlink: 1\nlive: 1\n" || r.status != 0 {
		t.Errorf("got %d %q %q", r.status, r.out, r.err)
	}
	lines := strings.Split(strings.TrimSuffix(r.err, "\n"), "\n")
	if len(lines) != 4 {
		t.Errorf("want one error line each, got:\n%s", r.err)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "sock: listen unix:"+d+"/") {
			t.Errorf("error line %q", l)
		}
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "precious\n" {
		t.Errorf("regular file: %q %v", b, err)
	}
	if fi, err := os.Lstat(filepath.Join(d, "fifo.sock")); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("fifo: %v %v", fi, err)
	}
	if fi, err := os.Lstat(filepath.Join(d, "link.sock")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("symlink: %v %v", fi, err)
	}
	// A dead socket (bound, then closed without unlinking) is replaced.
	dead := filepath.Join(d, "dead.sock")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: dead}); err != nil {
		t.Fatal(err)
	}
	syscall.Close(fd)
	run(t, `sock listen unix:`+dead+` >/dev/null && echo replaced`).want(t, "replaced\n", "", 0)
}

// A connect to a Unix socket whose backlog is full waits; -t bounds it.
func TestSockConnectTimeout(t *testing.T) {
	t.Parallel()
	d := sockDir(t)
	r := run(t, `
sock listen -b 1 -v l unix:`+d+`/full.sock
for ((i=0; i<10; i++)); do
	sock connect -t 0.3 -v c unix:`+d+`/full.sock 2>`+d+`/err || { echo "status $?"; break; }
done
cat `+d+`/err
`)
	want := "status 1\nsock: connect unix:" + d + "/full.sock: "
	if r.out != want+"timed out\n" || r.status != 0 {
		t.Errorf("got %d %q %q, want a timeout", r.status, r.out, r.err)
	}
}

func TestSockConnectRefused(t *testing.T) {
	t.Parallel()
	// A port that was free a moment ago.
	r := run(t, `sock listen -v l -a a tcp:127.0.0.1:0; exec {l}>&-; sock connect "$a"; echo "status $?"; echo "$a"`)
	lines := strings.Split(r.out, "\n")
	if len(lines) < 2 || lines[0] != "status 1" || r.err != "sock: connect "+lines[1]+": connection refused\n" {
		t.Errorf("got %q %q", r.out, r.err)
	}
}

// A client running as nobody cannot connect to a 0600 socket, and can
// connect to one made with -m 0666.
func TestSockPermissions(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		t.Skip("needs root to run a child as uid 65534")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	d := sockDir(t)
	// The helper binary must be reachable by nobody.
	bin := filepath.Join(d, "helper")
	copyFile(t, os.Args[0], bin)
	var out, errb strings.Builder
	r, err := engine.New(
		engine.StdIO(strings.NewReader(""), &out, &errb),
		engine.Builtins(builtins.All()...),
		engine.LedgerOptions(ledger.Dir(t.TempDir())),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Run(ctx, strings.NewReader(`
sock listen -v private unix:`+d+`/private.sock
sock listen -v public -m 0666 unix:`+d+`/public.sock
`), "t"); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	nobody := func(path string) (string, int) {
		cmd := exec.CommandContext(ctx, bin, "-test.run=^TestSockHelperProcess$", "--", `sock connect unix:`+path+` >/dev/null`)
		cmd.Env = []string{sockHelperEnv + "=script", "PATH=/usr/bin:/bin"}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		cmd.Dir = d
		b, _ := cmd.CombinedOutput()
		return string(b), cmd.ProcessState.ExitCode()
	}
	if msg, code := nobody(d + "/private.sock"); code != 1 || msg != "sock: connect unix:"+d+"/private.sock: permission denied\n" {
		t.Errorf("nobody connecting to a 0600 socket: status %d, %q", code, msg)
	}
	if msg, code := nobody(d + "/public.sock"); code != 0 || msg != "" {
		t.Errorf("nobody connecting to a 0666 socket: status %d, %q", code, msg)
	}
	if err := r.Close(); err != nil {
		t.Error(err)
	}
	for _, p := range []string{"private.sock", "public.sock"} {
		if _, err := os.Lstat(filepath.Join(d, p)); !os.IsNotExist(err) {
			t.Errorf("%s left behind: %v", p, err)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// /dev/tcp paths are addresses too, and a stream shows no boundaries but
// recv -s reads at most SIZE bytes.
func TestSockDevPathAndStreamRecv(t *testing.T) {
	t.Parallel()
	r := run(t, `
sock listen -v l -a a tcp:127.0.0.1:0
port=${a##*:}
sock connect -v c /dev/tcp/127.0.0.1/$port
sock accept -v s $l
sock send -u $c "abcdef"
sock shutdown -u $c w
sock recv -u $s -s 4 -v x; echo "$x"
sock recv -u $s -v x; echo "$x"
sock recv -u $s -v x; echo "eof: $?"
sock send "tcp:127.0.0.1:$port" "one-shot"
sock accept -v s2 $l
cat <&$s2
`)
	r.want(t, "abcd\nef\neof: 1\none-shot", "", 0)
}
