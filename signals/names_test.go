package signals_test

import (
	"errors"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/ipsh/ipsh/signals"
)

func bash(t *testing.T, args ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("bash comparison skipped in -short mode")
	}
	path, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	out, err := exec.Command(path, args...).Output()
	if err != nil {
		t.Fatalf("bash %q: %v", args, err)
	}
	return string(out)
}

func TestListTableMatchesBash(t *testing.T) {
	want := bash(t, "-c", "kill -l")
	if got := signals.ListTable(); got != want {
		t.Errorf("ListTable:\n%q\nbash kill -l:\n%q", got, want)
	}
	if want := bash(t, "-c", "trap -l"); signals.ListTable() != want {
		t.Errorf("ListTable differs from trap -l")
	}
}

func TestListPOSIXMatchesBash(t *testing.T) {
	want := bash(t, "--posix", "-c", "kill -l")
	if got := signals.ListPOSIX(); got != want {
		t.Errorf("ListPOSIX:\n%q\nbash --posix kill -l:\n%q", got, want)
	}
}

// listArgs are `kill -l ARG` arguments for the differential test.
var listArgs = []string{
	"0", "1", "9", "15", "31", "32", "33", "34", "37", "49", "50", "63", "64", "65",
	"128", "129", "143", "160", "192", "193", "255", "256", "-1", "-0", "+15", "015",
	" 15", "15 ", "\t9\n", "1 5", "0x1f", "", " ", "2147483647", "99999999999999999999",
	"TERM", "term", "SIGTERM", "sigterm", "SigTerm", "SIG", "sig", "SIGSIGTERM", "EXIT",
	"exit", "SIGEXIT", "DEBUG", "debug", "ERR", "RETURN", "SIGDEBUG", "HUP", "SYS",
	"STKFLT", "PWR", "WINCH", "IO", "POLL", "IOT", "CLD", "UNUSED", "RTMIN", "rtmin",
	"SIGRTMIN", "RTMIN+0", "RTMIN+1", "RTMIN+15", "RTMIN+16", "RTMIN+30", "RTMIN+31",
	"RTMIN+-0", "RTMIN+ 3", "RTMIN++3", "RTMIN+03", "RTMIN+", "RTMIN-1", "sigrtmin+3",
	"SIGRTMIN+30", "RTMAX", "SIGRTMAX", "RTMAX-0", "RTMAX-1", "RTMAX-14", "RTMAX-15",
	"rtmax-2", "SIGRTMAX-2", "RTMAX+1", "TERM ", " TERM", "USR1", "SIGUSR2", "KILL",
	"STOP", "ALRM", "VTALRM", "ZZZ", "15x", "1e1",
}

// bashListOne runs bash's `kill -l ARG` for every listArgs entry and
// returns "status\toutput" for each.
func bashListOne(t *testing.T) []string {
	script := `for a; do out=$(kill -l "$a" 2>/dev/null); printf '%s\t%s\0' "$?" "$out"; done`
	return strings.Split(strings.TrimSuffix(bash(t, append([]string{"-c", script, "x"}, listArgs...)...), "\x00"), "\x00")
}

func TestListOneMatchesBash(t *testing.T) {
	lines := bashListOne(t)
	if len(lines) != len(listArgs) {
		t.Fatalf("bash gave %d lines for %d args", len(lines), len(listArgs))
	}
	for i, arg := range listArgs {
		if arg == "-1" || arg == "-0" {
			continue // bash's kill takes these as options
		}
		rc, want, _ := strings.Cut(lines[i], "\t")
		got, err := signals.ListOne(arg)
		if (err == nil) != (rc == "0") || got != want {
			t.Errorf("ListOne(%q) = %q, %v; bash: %q, status %s", arg, got, err, want, rc)
		}
		if err != nil && !errors.Is(err, signals.ErrInvalidSignal) {
			t.Errorf("ListOne(%q) error %v is not ErrInvalidSignal", arg, err)
		}
	}
}

// TestParseMatchesBash checks Parse against `kill -l NAME` for names, which
// uses the same decoder as `kill -s NAME`, and against kill's range for
// numbers.
func TestParseMatchesBash(t *testing.T) {
	lines := bashListOne(t)
	for i, arg := range listArgs {
		rc, want, _ := strings.Cut(lines[i], "\t")
		sig, err := signals.Parse(arg)
		if n, ok := number(arg); ok {
			if ok := n >= 0 && n <= 64; ok != (err == nil) || (ok && int(sig) != n) {
				t.Errorf("Parse(%q) = %d, %v", arg, sig, err)
			}
			continue
		}
		switch want {
		case "65", "66", "67": // DEBUG, ERR, RETURN: trap only
			rc = "1"
		}
		if (err == nil) != (rc == "0") || (err == nil && itoa(int(sig)) != want) {
			t.Errorf("Parse(%q) = %d, %v; bash kill -l: %q, status %s", arg, sig, err, want, rc)
		}
	}
}

// number reports whether s is a number for bash (surrounding blanks, sign).
func number(s string) (int, bool) {
	s = strings.TrimRight(strings.TrimLeft(s, " \t\n"), " \t")
	if s == "" {
		return 0, false
	}
	neg := false
	if s[0] == '+' || s[0] == '-' {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	if len(s) > 18 {
		return -1, strings.Trim(s, "0123456789") == "" // too big: invalid
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want syscall.Signal
	}{
		{"TERM", syscall.SIGTERM}, {"SIGTERM", syscall.SIGTERM}, {"term", syscall.SIGTERM},
		{"15", syscall.SIGTERM}, {"0", 0}, {"EXIT", 0}, {"RTMIN", 34}, {"RTMIN+3", 37},
		{"SIGRTMAX-2", 62}, {"rtmax", 64}, {"32", 32}, {"sigchld", syscall.SIGCHLD},
	} {
		got, err := signals.Parse(tc.spec)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tc.spec, got, err, tc.want)
		}
	}
	_, err := signals.Parse("FOO")
	if got, want := err.Error(), `parse signal "FOO": invalid signal specification`; got != want {
		t.Errorf("Parse(FOO) error %q, want %q", got, want)
	}
	var e *signals.Error
	if !errors.As(err, &e) || e.Op != "parse signal" || !errors.Is(err, signals.ErrInvalidSignal) {
		t.Errorf("Parse(FOO) error %#v", err)
	}
	for _, bad := range []string{"", "129", "65", "-1", "DEBUG", "RETURN", "ERR", "SIG", "RTMAX-15"} {
		if sig, err := signals.Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %d, want error", bad, sig)
		}
	}
}

func TestNameRoundTrip(t *testing.T) {
	for sig := syscall.Signal(0); sig < signals.NSig; sig++ {
		name := signals.Name(sig)
		if got, err := signals.Parse(name); err != nil || got != sig {
			t.Errorf("Parse(Name(%d) = %q) = %d, %v", sig, name, got, err)
		}
		if got, err := signals.Parse("SIG" + name); sig != 0 && (sig < 32 || sig > 33) && (err != nil || got != sig) {
			t.Errorf("Parse(SIG%s) = %d, %v", name, got, err)
		}
	}
	if got := signals.Name(99); got != "99" {
		t.Errorf("Name(99) = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, a := range listArgs {
		f.Add(a)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		sig, err := signals.Parse(spec)
		if err != nil {
			if !errors.Is(err, signals.ErrInvalidSignal) {
				t.Fatalf("Parse(%q): %v", spec, err)
			}
		} else {
			if sig < 0 || sig >= signals.NSig {
				t.Fatalf("Parse(%q) = %d out of range", spec, sig)
			}
			if back, err := signals.Parse(signals.Name(sig)); err != nil || back != sig {
				t.Fatalf("round trip of %q: %d -> %q -> %d, %v", spec, sig, signals.Name(sig), back, err)
			}
		}
		signals.ListOne(spec)
	})
}

func TestSend(t *testing.T) {
	cmd := helperCmd(t, "pause")
	startHelper(t, cmd)
	if err := signals.Send(cmd.Process.Pid, 0); err != nil {
		t.Fatal(err)
	}
	if err := signals.Send(cmd.Process.Pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if st := waitExit(t, cmd.Process); st.Signal() != syscall.SIGTERM {
		t.Fatalf("helper ended with %v", st)
	}
	err := signals.Send(cmd.Process.Pid, syscall.SIGTERM)
	if want := "kill " + itoa(cmd.Process.Pid) + ": no such process"; err == nil || err.Error() != want {
		t.Fatalf("Send to reaped pid: %v, want %q", err, want)
	}
}
