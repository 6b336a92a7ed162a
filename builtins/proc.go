package builtins

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/signals"
)

// procBuiltins are the process-control builtins: pidfile, flock, daemon,
// mktemp, sigwait. They share one procState, so the pidfiles a session
// holds are known to every call of `pidfile` in that session.
func procBuiltins() []*engine.Builtin {
	st := newProcState()
	return []*engine.Builtin{
		procPidfileBuiltin(st),
		procFlockBuiltin(),
		procDaemonBuiltin(),
		procMktempBuiltin(),
		procSigwaitBuiltin(),
	}
}

// procFlag describes one option of a builtin for procGetopt.
type procFlag struct {
	short rune   // the one-letter form, or 0
	long  string // the long form without "--", or ""
	arg   bool   // takes an argument
	// optional: takes an argument only in the --long=VALUE form.
	optional bool
	// group, if set, is the key instead of the name, and the value stored
	// for an option without argument is its long name: the last of a
	// group of exclusive options (-s, -x, -u) is then opts.last(group).
	group string
}

func (f procFlag) key() string {
	if f.group != "" {
		return f.group
	}
	if f.long != "" {
		return f.long
	}
	return string(f.short)
}

// flagValue is what an option without argument stores.
func (f procFlag) flagValue() string {
	if f.group != "" {
		return f.long
	}
	return ""
}

// procOpts holds parsed options, keyed by long name (or the letter when an
// option has no long name). Each occurrence appends one value ("" for an
// option without argument).
type procOpts map[string][]string

func (o procOpts) has(k string) bool { _, ok := o[k]; return ok }

// last returns the last value given to option k.
func (o procOpts) last(k string) string {
	v := o[k]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// procGetopt parses the options at the front of args as getopt_long with a
// leading "+" does: it stops at the first operand or after "--", accepts
// grouped letters (-nx), attached or separate arguments (-w5, -w 5,
// --timeout=5, --timeout 5) and unambiguous long-option prefixes. A lone
// "-" is an operand.
func procGetopt(args []string, flags []procFlag) (procOpts, []string, error) {
	opts := procOpts{}
	i := 0
	for i < len(args) {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		if strings.HasPrefix(a, "--") {
			name, val, hasVal := strings.Cut(a[2:], "=")
			var f *procFlag
			for j := range flags {
				if flags[j].long == name {
					f = &flags[j]
					break
				}
			}
			if f == nil {
				var cands []*procFlag
				for j := range flags {
					if flags[j].long != "" && strings.HasPrefix(flags[j].long, name) {
						cands = append(cands, &flags[j])
					}
				}
				switch len(cands) {
				case 0:
					return nil, nil, fmt.Errorf("unrecognized option '--%s'", name)
				case 1:
					f = cands[0]
				default:
					return nil, nil, fmt.Errorf("option '--%s' is ambiguous", name)
				}
			}
			switch {
			case (f.arg || f.optional) && hasVal:
			case f.optional:
			case f.arg:
				if i+1 >= len(args) {
					return nil, nil, fmt.Errorf("option '--%s' requires an argument", f.long)
				}
				i++
				val = args[i]
			case hasVal:
				return nil, nil, fmt.Errorf("option '--%s' doesn't allow an argument", f.long)
			default:
				val = f.flagValue()
			}
			opts[f.key()] = append(opts[f.key()], val)
			i++
			continue
		}
		rs := []rune(a[1:])
		for k := 0; k < len(rs); k++ {
			var f *procFlag
			for j := range flags {
				if flags[j].short == rs[k] {
					f = &flags[j]
					break
				}
			}
			if f == nil {
				return nil, nil, fmt.Errorf("invalid option -- '%c'", rs[k])
			}
			if !f.arg {
				opts[f.key()] = append(opts[f.key()], f.flagValue())
				continue
			}
			val := string(rs[k+1:])
			if val == "" {
				if i+1 >= len(args) {
					return nil, nil, fmt.Errorf("option requires an argument -- '%c'", rs[k])
				}
				i++
				val = args[i]
			}
			opts[f.key()] = append(opts[f.key()], val)
			break
		}
		i++
	}
	return opts, args[i:], nil
}

// procSeconds parses a duration in seconds as flock -w and sigwait -t take
// it: a non-negative decimal number, fractions allowed ("0.5").
func procSeconds(s string) (time.Duration, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 0 || f != f || f > float64(1<<62)/float64(time.Second) {
		return 0, fmt.Errorf("invalid timeout value: '%s'", s)
	}
	return time.Duration(f * float64(time.Second)), nil
}

// procAbs makes path absolute against the shell's working directory.
func procAbs(c *engine.Call, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(c.Dir(), path)
}

// procSignal parses a signal argument as kill does: a name with or
// without SIG, a number, optionally after one leading dash ("-HUP").
func procSignal(spec string) (syscall.Signal, error) {
	s := spec
	if len(s) > 1 && s[0] == '-' {
		s = s[1:]
	}
	sig, err := signals.Parse(s)
	if err != nil {
		return 0, fmt.Errorf("%s: invalid signal specification", spec)
	}
	return sig, nil
}

// procErrText returns the text of err for a one-line message: the
// library's "op subject: cause" as it is, and an *fs.PathError likewise
// but with the cause in lower case as the shell prints it.
func procErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		var se *signals.Error
		if !errors.As(err, &se) {
			return pe.Op + " " + pe.Path + ": " + procErrno(pe.Err)
		}
	}
	return err.Error()
}

// procTrimOp returns procErrText(err) without a leading "op " equal to
// the builtin's name, which the builtin prints already ("daemon: daemon
// /x.pid: …" becomes "daemon: /x.pid: …").
func procTrimOp(op string, err error) string {
	return strings.TrimPrefix(procErrText(err), op+" ")
}

// procReOp returns the text of a library error with its operation
// replaced by op: signals.Check reports "read PATH: …", which `pidfile
// check` prints as "check PATH: …".
func procReOp(op string, err error) string {
	var se *signals.Error
	if errors.As(err, &se) {
		return (&signals.Error{Op: op, Subject: se.Subject, Err: se.Err}).Error()
	}
	return procErrText(err)
}

func procErrno(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno.Error()
	}
	return err.Error()
}

// procLookPath finds a program the way the shell does, in the shell's
// PATH variable (not the process environment) and relative to its
// directory.
func procLookPath(c *engine.Call, name string) (string, error) {
	if strings.Contains(name, "/") {
		p := procAbs(c, name)
		if err := procExecutable(p); err != nil {
			return "", err
		}
		return p, nil
	}
	path, _ := c.Var("PATH")
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(procAbs(c, dir), name)
		if procExecutable(p) == nil {
			return p, nil
		}
	}
	return "", errors.New("command not found")
}

func procExecutable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return errors.New(procErrno(err))
	}
	if fi.IsDir() {
		return errors.New("is a directory")
	}
	if fi.Mode()&0o111 == 0 {
		return errors.New("permission denied")
	}
	return nil
}
