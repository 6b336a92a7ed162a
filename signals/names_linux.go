package signals

import (
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

const (
	// RTMin is the first real-time signal as glibc programs (and bash) see
	// it: the kernel's 32 and 33 are reserved by glibc's thread library.
	RTMin = syscall.Signal(34)
	// RTMax is the last real-time signal.
	RTMax = syscall.Signal(64)
	// NSig is one more than the highest signal number, bash's NSIG.
	NSig = 65
)

// stdNames is the read-only table of the standard signals as bash names
// them, without the SIG prefix.
var stdNames = [...]struct {
	sig  syscall.Signal
	name string
}{
	{unix.SIGHUP, "HUP"}, {unix.SIGINT, "INT"}, {unix.SIGQUIT, "QUIT"},
	{unix.SIGILL, "ILL"}, {unix.SIGTRAP, "TRAP"}, {unix.SIGABRT, "ABRT"},
	{unix.SIGBUS, "BUS"}, {unix.SIGFPE, "FPE"}, {unix.SIGKILL, "KILL"},
	{unix.SIGUSR1, "USR1"}, {unix.SIGSEGV, "SEGV"}, {unix.SIGUSR2, "USR2"},
	{unix.SIGPIPE, "PIPE"}, {unix.SIGALRM, "ALRM"}, {unix.SIGTERM, "TERM"},
	{unix.SIGSTKFLT, "STKFLT"}, {unix.SIGCHLD, "CHLD"}, {unix.SIGCONT, "CONT"},
	{unix.SIGSTOP, "STOP"}, {unix.SIGTSTP, "TSTP"}, {unix.SIGTTIN, "TTIN"},
	{unix.SIGTTOU, "TTOU"}, {unix.SIGURG, "URG"}, {unix.SIGXCPU, "XCPU"},
	{unix.SIGXFSZ, "XFSZ"}, {unix.SIGVTALRM, "VTALRM"}, {unix.SIGPROF, "PROF"},
	{unix.SIGWINCH, "WINCH"}, {unix.SIGIO, "IO"}, {unix.SIGPWR, "PWR"},
	{unix.SIGSYS, "SYS"},
}

// rtSplit is the last offset from RTMin named RTMIN+n; higher real-time
// signals are named RTMAX-n, as bash does.
const rtSplit = (int(RTMax) - int(RTMin)) / 2

// Name returns bash's name for sig without the SIG prefix: "TERM",
// "RTMIN+3", "RTMAX-2", "EXIT" for 0. A number with no name (32, 33, or
// outside 0–64) is returned in decimal, as `trap -p` prints it, so
// Parse(Name(s)) == s for every s in 0–64.
func Name(sig syscall.Signal) string {
	if sig == 0 {
		return "EXIT"
	}
	for _, e := range stdNames {
		if e.sig == sig {
			return e.name
		}
	}
	if sig >= RTMin && sig <= RTMax {
		off := int(sig - RTMin)
		switch {
		case off == 0:
			return "RTMIN"
		case off <= rtSplit:
			return "RTMIN+" + strconv.Itoa(off)
		case sig == RTMax:
			return "RTMAX"
		default:
			return "RTMAX-" + strconv.Itoa(int(RTMax-sig))
		}
	}
	return strconv.Itoa(int(sig))
}

// named reports whether bash has a name for sig (it lists it in `kill -l`).
func named(sig syscall.Signal) bool {
	return sig > 0 && sig < NSig && (sig < 32 || sig >= RTMin)
}

// Parse decodes a signal specification the way bash's kill and trap do:
//
//   - a decimal number 0–64, with optional surrounding blanks and sign
//     ("15", " 15", "+15", "015"); 0 is the null signal, which only checks
//     that a process exists;
//   - a name, in any case, with or without the SIG prefix: "TERM", "SIGTERM",
//     "term", "SigUsr1";
//   - "EXIT" (any case, no SIG prefix) for 0, as bash's kill accepts it;
//   - "RTMIN+n" for n in 0–30, and the listed names "RTMIN+1"…"RTMIN+15",
//     "RTMAX-14"…"RTMAX-1", "RTMAX" (bash rejects "RTMAX-15" and "RTMAX-0").
//
// Numbers above 128 are not exit statuses here; see [ListOne] for that.
// Anything else is an [*Error] with Op "parse signal", the quoted spec and
// [ErrInvalidSignal]. The trap pseudo-signals DEBUG, ERR and RETURN are not
// signals and are rejected.
func Parse(spec string) (syscall.Signal, error) {
	if sig, ok := decode(spec); ok && sig < NSig {
		return sig, nil
	}
	return 0, &Error{Op: "parse signal", Subject: strconv.Quote(spec), Err: ErrInvalidSignal}
}

// trapNames are bash's pseudo-signals, numbered after the real ones; only
// `kill -l NAME` shows their numbers.
var trapNames = [...]string{"DEBUG", "ERR", "RETURN"}

// decode is bash's decode_signal with DSIG_NOCASE|DSIG_SIGPREFIX. It may
// return the pseudo-signals NSig… for DEBUG, ERR and RETURN.
func decode(spec string) (syscall.Signal, bool) {
	if n, ok := legalNumber(spec); ok {
		if n >= 0 && n < NSig {
			return syscall.Signal(n), true
		}
		return 0, false
	}
	for _, prefix := range [...]string{"SIGRTMIN+", "RTMIN+"} {
		if len(spec) >= len(prefix) && strings.EqualFold(spec[:len(prefix)], prefix) {
			n, ok := legalNumber(spec[len(prefix):])
			if ok && n >= 0 && n <= int64(RTMax-RTMin) {
				return RTMin + syscall.Signal(n), true
			}
			return 0, false
		}
	}
	if strings.EqualFold(spec, "EXIT") {
		return 0, true
	}
	name := spec
	if len(name) > 3 && strings.EqualFold(name[:3], "SIG") {
		name = name[3:]
	}
	for sig := syscall.Signal(1); sig < NSig; sig++ {
		if named(sig) && strings.EqualFold(name, Name(sig)) {
			return sig, true
		}
	}
	for i, n := range trapNames {
		if strings.EqualFold(spec, n) {
			return NSig + syscall.Signal(i), true
		}
	}
	return 0, false
}

// legalNumber is bash's legal_number: strtoimax in base 10 with optional
// leading white space and sign, at least one digit, only spaces and tabs
// after it, and no overflow.
func legalNumber(s string) (int64, bool) {
	const blanks = " \t\n\v\f\r"
	s = strings.TrimLeft(s, blanks)
	end := 0
	if end < len(s) && (s[end] == '+' || s[end] == '-') {
		end++
	}
	digits := end
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == digits || strings.TrimLeft(s[end:], " \t") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s[:end], 10, 64)
	return n, err == nil
}

// ListTable returns exactly what bash's `kill -l` and `trap -l` print:
// every named signal as "%2d) SIGNAME", five to a line, tab-separated.
func ListTable() string {
	var b strings.Builder
	column := 0
	for sig := syscall.Signal(1); sig < NSig; sig++ {
		if !named(sig) {
			continue
		}
		if sig < 10 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(int(sig)))
		b.WriteString(") SIG")
		b.WriteString(Name(sig))
		column++
		if column < 5 {
			b.WriteByte('\t')
		} else {
			b.WriteByte('\n')
			column = 0
		}
	}
	if column != 0 {
		b.WriteByte('\n')
	}
	return b.String()
}

// ListPOSIX returns what `kill -l` prints in bash's POSIX mode: the names
// without the SIG prefix on one line, separated by spaces.
func ListPOSIX() string {
	var names []string
	for sig := syscall.Signal(1); sig < NSig; sig++ {
		if named(sig) {
			names = append(names, Name(sig))
		}
	}
	return strings.Join(names, " ") + "\n"
}

// ListOne returns the line bash's `kill -l ARG` prints for one argument,
// without the newline:
//
//   - for a number, the signal's name without SIG; a number above 128 is an
//     exit status and stands for the signal number minus 128 ("143" gives
//     "TERM"); 0 gives "EXIT"; 32 and 33 give "" (bash prints nothing);
//   - for a name accepted by [Parse] (or bash's DEBUG, ERR, RETURN), its
//     number in decimal ("TERM" gives "15").
//
// Anything else is an [*Error] with [ErrInvalidSignal], where bash prints
// "invalid signal specification" and sets status 1.
func ListOne(arg string) (string, error) {
	if n, ok := legalNumber(arg); ok {
		if n > 128 {
			n -= 128
		}
		if n < 0 || n >= NSig {
			return "", &Error{Op: "parse signal", Subject: strconv.Quote(arg), Err: ErrInvalidSignal}
		}
		sig := syscall.Signal(n)
		if sig != 0 && !named(sig) {
			return "", nil
		}
		return Name(sig), nil
	}
	sig, ok := decode(arg)
	if !ok {
		return "", &Error{Op: "parse signal", Subject: strconv.Quote(arg), Err: ErrInvalidSignal}
	}
	return strconv.Itoa(int(sig)), nil
}

// Send sends sig to pid with kill(2): pid > 0 is a process, 0 the caller's
// process group, -1 every process it may signal, and -pgid a process group.
// Sig 0 only checks that the target exists. Errors print as
// "kill 1234: no such process".
func Send(pid int, sig syscall.Signal) error {
	if err := unix.Kill(pid, sig); err != nil {
		return &Error{Op: "kill", Subject: strconv.Itoa(pid), Err: err}
	}
	return nil
}
