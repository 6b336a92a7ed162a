package builtins

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/sockets"
)

// sockBuiltins is the sock builtin: sockets as shell objects.
func sockBuiltins() []*engine.Builtin {
	return []*engine.Builtin{{
		Name:     "sock",
		Synopsis: sockSynopsis,
		Summary:  "Open, serve and inspect TCP, UDP and Unix-domain sockets as shell fds.",
		Help:     sockHelp,
		Run:      runSock,
	}}
}

// sockSub is one subcommand of sock.
type sockSub struct {
	synopsis string
	run      func(ctx context.Context, c *engine.Call, s *sockCmd) error
}

// sockCmd is one invocation of a subcommand: its parsed options and
// arguments.
type sockCmd struct {
	name  string            // subcommand
	opts  map[string]string // option -> value ("" for a switch)
	args  []string          // operands
	usage string            // the subcommand's synopsis
}

func (s *sockCmd) has(opt string) bool { _, ok := s.opts[opt]; return ok }

// sockSubs maps each subcommand to its synopsis and implementation. It is
// built per call, so the package holds no mutable state.
func sockSubs() map[string]sockSub {
	return map[string]sockSub{
		"connect":  {"sock connect [-v VAR] [-t SECS] ADDR", sockConnect},
		"listen":   {"sock listen [-v VAR] [-a ADDRVAR] [-b BACKLOG] [-m MODE] ADDR", sockListen},
		"accept":   {"sock accept [-v VAR] [-p PEERVAR] [-t SECS] LISTENFD", sockAccept},
		"serve":    {"sock serve [-c MAXCONN] [-n COUNT] [-b BACKLOG] [-m MODE] ADDR|-u FD -- CMD [ARG...]", sockServe},
		"send":     {"sock send [-t SECS] [-u FD | ADDR] [--to ADDR] [DATA]", sockSend},
		"recv":     {"sock recv [-u FD] [-t SECS] [-s SIZE] [-v VAR] [--from VAR] [--cred VAR]", sockRecv},
		"shutdown": {"sock shutdown -u FD r|w|rw", sockShutdown},
		"peer":     {"sock peer [-u FD] [-v VAR] [--json]", sockPeer},
		"sendfd":   {"sock sendfd [-t SECS] -u FD FD2...", sockSendFD},
		"recvfd":   {"sock recvfd [-t SECS] -u FD [-v VAR]", sockRecvFD},
		"ls":       {"sock ls [--json]", sockList},
	}
}

// sockOrder is the order of the subcommands in the synopsis.
var sockOrder = [...]string{"connect", "listen", "accept", "serve", "send", "recv", "shutdown", "peer", "sendfd", "recvfd", "ls"}

const sockSynopsis = `sock connect [-v VAR] [-t SECS] ADDR
sock listen [-v VAR] [-a ADDRVAR] [-b BACKLOG] [-m MODE] ADDR
sock accept [-v VAR] [-p PEERVAR] [-t SECS] LISTENFD
sock serve [-c MAXCONN] [-n COUNT] [-b BACKLOG] [-m MODE] ADDR|-u FD -- CMD [ARG...]
sock send [-t SECS] [-u FD | ADDR] [--to ADDR] [DATA]
sock recv [-u FD] [-t SECS] [-s SIZE] [-v VAR] [--from VAR] [--cred VAR]
sock shutdown -u FD r|w|rw
sock peer [-u FD] [-v VAR] [--json]
sock sendfd [-t SECS] -u FD FD2...
sock recvfd [-t SECS] -u FD [-v VAR]
sock ls [--json]`

const sockHelp = `Sockets are fds in the shell's fd table, like those of exec {fd}<>FILE:
redirect them (>&$fd, <&$fd), pass them to programs, close them with
exec {fd}>&-. ADDR is NETWORK:ADDRESS as in Go's net package:
tcp:HOST:PORT, tcp4:, tcp6:[::1]:PORT, udp:, udp4:, udp6:, unix:/path,
unixgram:/path, unixpacket:/path, unix:@name (abstract); bash's
/dev/tcp/HOST/PORT and /dev/udp/HOST/PORT are accepted too.

connect   open a connected socket; print its fd, or store it in VAR.
          -t SECS bounds the connect (a full Unix backlog waits otherwise).
listen    bind (and listen on) ADDR; print the fd or store it in VAR;
          -a stores the bound address (useful with port 0). A Unix path is
          created with mode 0600 (-m MODE, octal) and replaces only a dead
          socket, never a file, FIFO or symlink; the session removes it
          when it ends.
accept    wait for one connection on LISTENFD; -p stores the peer address.
serve     inetd style: run CMD for each connection with the socket as fds
          0 and 1, at most MAXCONN at once (-c), stopping after COUNT
          connections (-n). The handler sees SOCK_PEER and, on Unix
          sockets, SOCK_PEER_PID, SOCK_PEER_UID, SOCK_PEER_GID. SIGTERM, a
          signal the script traps (its trap runs when serve returns), or
          cancellation (kill %job of "sock serve ... &") stops accepting and
          waits for the running handlers; the status is then 128+signal.
send      send DATA (or all of stdin) as one message: on fd FD, or on a new
          socket connected to ADDR; --to gives the destination of an
          unconnected datagram socket. No newline is added.
recv      receive one message (one datagram, boundaries kept; up to 64 KiB,
          or SIZE bytes, of a stream) from FD (default 0); print it as is or
          store it in VAR. --from stores the sender's address, --cred the
          sender's (pid uid gid) on Unix sockets. Status 1 at end of stream,
          142 when -t SECS passes, like read -t.
shutdown  half-close: w says "request done" and the peer reads EOF.
peer      the peer's address, with pid=, uid=, gid= on Unix sockets
          (SO_PEERCRED); -v stores (addr pid uid gid) in an array.
sendfd    pass the open files FD2... over the Unix socket FD (SCM_RIGHTS).
recvfd    receive passed files as new fds; print them or store them in
          the array VAR.
ls        the sockets in the fd table, and socket paths the session made.

Errors name the operation and the object, as in
"sock: connect tcp:127.0.0.1:9: connection refused" (status 1); usage
errors and malformed addresses give status 2.`

func runSock(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	if c == nil {
		return errors.New("sock: not called from a shell")
	}
	subs := sockSubs()
	if len(args) < 2 {
		fmt.Fprintf(c.Stderr(), "sock: missing subcommand (want one of %s)\n", strings.Join(sockOrder[:], ", "))
		return engine.ExitStatus(2)
	}
	sub, ok := subs[args[1]]
	if !ok {
		fmt.Fprintf(c.Stderr(), "sock: %s: unknown subcommand (want one of %s)\n", args[1], strings.Join(sockOrder[:], ", "))
		return engine.ExitStatus(2)
	}
	s := &sockCmd{name: args[1], usage: sub.synopsis}
	if len(args) == 3 && args[2] == "--help" {
		fmt.Fprintln(c.Stdout(), sub.synopsis)
		return nil
	}
	if err := s.parse(args[2:]); err != nil {
		return sockUsage(c, s, "%v", err)
	}
	return sub.run(ctx, c, s)
}

// sockOptions lists, per subcommand, the options that take a value and the
// switches.
var sockOptions = map[string]struct{ val, sw string }{
	"connect":  {"v t", ""},
	"listen":   {"v a b m", ""},
	"accept":   {"v p t u", ""},
	"serve":    {"c n b m u", ""},
	"send":     {"u t to", ""},
	"recv":     {"u t s v from cred", ""},
	"shutdown": {"u", ""},
	"peer":     {"u v", "json"},
	"sendfd":   {"u t", ""},
	"recvfd":   {"u t v", ""},
	"ls":       {"", "json"},
}

// parse reads options (-x VALUE, -xVALUE, --long VALUE, --long=VALUE,
// switches) up to the first operand or "--"; the rest are operands. A
// "--" right after the first operand of serve is kept for sockServe.
func (s *sockCmd) parse(args []string) error {
	spec := sockOptions[s.name]
	takes := map[string]bool{}
	for _, o := range strings.Fields(spec.val) {
		takes[o] = true
	}
	for _, o := range strings.Fields(spec.sw) {
		takes[o] = false
	}
	s.opts = map[string]string{}
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		var name, val string
		hasVal := false
		if strings.HasPrefix(a, "--") {
			name, val, hasVal = strings.Cut(a[2:], "=")
			if len(name) < 2 {
				return fmt.Errorf("%s: unknown option", a)
			}
		} else {
			name = a[1:2]
			if len(a) > 2 {
				val, hasVal = a[2:], true
			}
		}
		wants, known := takes[name]
		if !known {
			return fmt.Errorf("%s: unknown option", a)
		}
		if _, dup := s.opts[name]; dup {
			return fmt.Errorf("%s: option given twice", optName(name))
		}
		switch {
		case wants && !hasVal:
			if i+1 >= len(args) {
				return fmt.Errorf("%s: option requires an argument", optName(name))
			}
			i++
			val = args[i]
		case !wants && hasVal:
			return fmt.Errorf("%s: option takes no argument", optName(name))
		}
		s.opts[name] = val
	}
	s.args = args[i:]
	return nil
}

func optName(o string) string {
	if len(o) > 1 {
		return "--" + o
	}
	return "-" + o
}

// sockUsage prints "sock: SUB: message" and the subcommand's synopsis and
// returns status 2.
func sockUsage(c *engine.Call, s *sockCmd, format string, args ...any) error {
	fmt.Fprintf(c.Stderr(), "sock: %s: %s\nusage: %s\n", s.name, fmt.Sprintf(format, args...), s.usage)
	return engine.ExitStatus(2)
}

// sockFail prints "sock: err" and returns status 1.
func sockFail(c *engine.Call, err error) error {
	fmt.Fprintf(c.Stderr(), "sock: %v\n", err)
	return engine.ExitStatus(1)
}

// badInput prints "sock: err" and returns status 2, for malformed operands
// that are not worth a usage line (addresses, modes).
func badInput(c *engine.Call, err error) error {
	fmt.Fprintf(c.Stderr(), "sock: %v\n", err)
	return engine.ExitStatus(2)
}

// parseAddr reads ADDR, accepting bash's /dev/tcp and /dev/udp paths too.
func parseAddr(s string) (sockets.Addr, error) {
	if sockets.IsDevPath(s) {
		return sockets.ParseDevPath(s)
	}
	return sockets.ParseAddr(s)
}

// maxFd is the highest fd number the shell's table accepts.
const maxFd = 1023

// fdArg parses an fd number operand.
func fdArg(what, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxFd || strings.HasPrefix(s, "+") {
		return -1, fmt.Errorf("%s %q: not a file descriptor number (0-%d)", what, s, maxFd)
	}
	return n, nil
}

// sockFile returns the file at fd n, or a "OP fd N: bad file descriptor"
// error.
func sockFile(c *engine.Call, op string, n int) (*os.File, error) {
	f := c.File(n)
	if f == nil {
		return nil, &sockets.Error{Op: op, Subject: "fd " + strconv.Itoa(n), Err: errBadFd}
	}
	return f, nil
}

var errBadFd = errors.New("bad file descriptor")

// fdOpt returns the -u FD option, or def when it is absent (def < 0: the
// option is required).
func (s *sockCmd) fdOpt(def int) (int, error) {
	v, ok := s.opts["u"]
	if !ok {
		if def < 0 {
			return -1, errors.New("-u FD is required")
		}
		return def, nil
	}
	return fdArg("-u", v)
}

// timeout applies -t SECS to ctx. SECS is a non-negative decimal number.
func (s *sockCmd) timeout(ctx context.Context) (context.Context, context.CancelFunc, error) {
	v, ok := s.opts["t"]
	if !ok {
		ctx, cancel := context.WithCancel(ctx)
		return ctx, cancel, nil
	}
	secs, err := strconv.ParseFloat(v, 64)
	if err != nil || secs < 0 || math.IsNaN(secs) || math.IsInf(secs, 0) || secs > 1e9 || strings.ContainsAny(v, "xXpP_") {
		return nil, nil, fmt.Errorf("-t %q: not a number of seconds", v)
	}
	d := time.Duration(secs * float64(time.Second))
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, nil
}

// intOpt parses a non-negative decimal option, with def when absent.
func (s *sockCmd) intOpt(opt string, def, max int) (int, error) {
	v, ok := s.opts[opt]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > max || strings.HasPrefix(v, "+") {
		return 0, fmt.Errorf("%s %q: want a whole number from 0 to %d", optName(opt), v, max)
	}
	return n, nil
}

// modeOpt parses -m MODE, octal permission bits.
func (s *sockCmd) modeOpt() (os.FileMode, error) {
	v, ok := s.opts["m"]
	if !ok {
		return 0, nil
	}
	m, err := strconv.ParseUint(v, 8, 32)
	if err != nil || m == 0 || m > 0o777 {
		return 0, fmt.Errorf("-m %q: want octal permission bits from 1 to 0777", v)
	}
	return os.FileMode(m), nil
}

// varOpts checks that the options naming variables hold valid names.
func (s *sockCmd) varOpts(opts ...string) error {
	for _, o := range opts {
		if v, ok := s.opts[o]; ok && !validVarName(v) {
			return fmt.Errorf("%s %q: not a valid variable name", optName(o), v)
		}
	}
	return nil
}

// validVarName reports whether s is a shell variable name.
func validVarName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return true
}

// setOrPrint stores val in the variable named by option opt, or prints it
// with a newline when the option is absent.
func setOrPrint(c *engine.Call, s *sockCmd, opt, val string) error {
	if name, ok := s.opts[opt]; ok {
		if err := c.SetVar(name, val); err != nil {
			return sockFail(c, fmt.Errorf("%s: %v", s.name, err))
		}
		return nil
	}
	_, err := io.WriteString(c.Stdout(), val+"\n")
	return err
}
