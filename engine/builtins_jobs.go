package engine

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/ipsh/ipsh/signals"
	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// parseSig parses a signal by name or number with the signals package;
// with pseudo, the trap pseudo-signals (EXIT, ERR, RETURN, DEBUG) are
// returned as names with sig 0.
func parseSig(s string, pseudo bool) (syscall.Signal, string, bool) {
	if pseudo {
		switch up := strings.TrimPrefix(strings.ToUpper(s), "SIG"); up {
		case "EXIT", "0":
			return 0, "EXIT", true
		case "ERR", "RETURN", "DEBUG":
			return 0, up, true
		}
	}
	sig, err := signals.Parse(s)
	if err != nil {
		return 0, "", false
	}
	return sig, signals.Name(sig), true
}

func biTrap(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	print := false
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "-l" {
		return biKill(r, ctx, []string{"kill", "-l"})
	}
	if len(args) > 0 && args[0] == "-p" {
		print = true
		args = args[1:]
	}
	if len(args) == 0 || print {
		traps := r.traps
		if r.subshell && len(traps) == 0 {
			traps = r.inheritedTraps
		}
		var names []string
		if len(args) > 0 {
			for _, a := range args {
				_, n, ok := parseSig(a, true)
				if ok {
					names = append(names, n)
				}
			}
		} else {
			for n := range traps {
				names = append(names, n)
			}
			sort.Slice(names, func(i, j int) bool { return sigOrder(names[i]) < sigOrder(names[j]) })
		}
		var b strings.Builder
		for _, n := range names {
			cmd, ok := traps[n]
			if !ok {
				continue
			}
			disp := n
			if n != "EXIT" && n != "ERR" && n != "RETURN" && n != "DEBUG" {
				disp = "SIG" + n
			}
			fmt.Fprintf(&b, "trap -- %s %s\n", aliasQuote(cmd), disp)
		}
		return r.writeOut("trap", b.String())
	}
	action := args[0]
	sigs := args[1:]
	reset := action == "-"
	if len(sigs) == 0 {
		// trap SIG: reset
		if _, _, ok := parseSig(action, true); ok {
			sigs = []string{action}
			reset = true
		}
	} else if _, err := strconv.Atoi(action); err == nil {
		// trap 1 2: all args are signals, reset
		sigs = args
		reset = true
	}
	st := 0
	for _, s := range sigs {
		sig, name, ok := parseSig(s, true)
		if !ok {
			r.errorf("trap: %s: invalid signal specification", s)
			st = 1
			continue
		}
		if reset {
			delete(r.traps, name)
			r.trapChanged(sig, name, "", true)
			continue
		}
		r.traps[name] = action
		r.trapChanged(sig, name, action, false)
	}
	return st
}

func sigOrder(n string) int {
	if n == "EXIT" {
		return 0
	}
	if s, _, ok := parseSig(n, false); ok {
		return int(s)
	}
	return 100
}

// trapChanged is the hook where signal dispositions follow the trap table.
func (r *Runner) trapChanged(sig syscall.Signal, name, action string, reset bool) {
	if sig == 0 || r.subshell {
		// Signal dispositions are the process's: only the main shell
		// changes them. A subshell's trap still records the command.
		return
	}
	r.shared.sig.set(sig, action, reset)
}

// resolveJob finds a job by %spec or pid.
func (r *Runner) resolveJob(spec string) (*job, int, error) {
	jobs := r.jobs.list()
	if strings.HasPrefix(spec, "%") {
		s := spec[1:]
		var found []*job
		switch {
		case s == "" || s == "+" || s == "%":
			for _, j := range jobs {
				if j.id == r.jobs.cur {
					return j, 0, nil
				}
			}
			if len(jobs) > 0 {
				return jobs[len(jobs)-1], 0, nil
			}
		case s == "-":
			for _, j := range jobs {
				if j.id == r.jobs.prev {
					return j, 0, nil
				}
			}
		case s[0] >= '0' && s[0] <= '9':
			n, err := strconv.Atoi(s)
			if err == nil {
				for _, j := range jobs {
					if j.id == n {
						return j, 0, nil
					}
				}
			}
		case s[0] == '?':
			for _, j := range jobs {
				if strings.Contains(j.cmd, s[1:]) {
					found = append(found, j)
				}
			}
		default:
			for _, j := range jobs {
				if strings.HasPrefix(j.cmd, s) {
					found = append(found, j)
				}
			}
		}
		if len(found) == 1 {
			return found[0], 0, nil
		}
		if len(found) > 1 {
			return nil, 0, fmt.Errorf("%s: ambiguous job spec", spec)
		}
		return nil, 0, fmt.Errorf("%s: no such job", spec)
	}
	pid, err := strconv.Atoi(spec)
	if err != nil {
		return nil, 0, fmt.Errorf("`%s': not a pid or valid job spec", spec)
	}
	return r.jobs.byPid(pid), pid, nil
}

func biWait(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	anyOne := false
	pVar := ""
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		switch a {
		case "-n":
			anyOne = true
		case "-f":
		case "-p":
			if len(args) == 0 {
				r.errorf("wait: -p: option requires an argument")
				return 2
			}
			pVar, args = args[0], args[1:]
		default:
			r.errorf("wait: %s: invalid option", a)
			r.errorf("wait: usage: wait [-fn] [-p var] [id ...]")
			return 2
		}
	}
	if anyOne {
		return r.waitAny(ctx, args, pVar)
	}
	if len(args) == 0 {
		for _, j := range r.jobs.snapshot() {
			if j.stopped {
				continue
			}
			if st, ok := r.waitJob(ctx, j); !ok {
				return st
			}
		}
		r.jobs.waitAll(ctx, r)
		r.jobs.pruneDone()
		return 0
	}
	st := 0
	for _, a := range args {
		j, pid, err := r.resolveJob(a)
		if err != nil {
			r.errorf("wait: %v", err)
			st = 127
			continue
		}
		if j == nil {
			if s, ok := r.jobs.reapedStatus(pid); ok {
				st = s
				continue
			}
			r.errorf("wait: pid %d is not a child of this shell", pid)
			st = 127
			continue
		}
		s, ok := r.waitJob(ctx, j)
		if !ok {
			return s
		}
		st = s
		if pVar != "" {
			r.setString(pVar, strconv.Itoa(j.pid))
		}
		r.jobs.remove(j)
	}
	return st
}

// waitJob waits for j, or until a trapped signal arrives (ok false).
func (r *Runner) waitJob(ctx context.Context, j *job) (int, bool) {
	select {
	case <-j.done:
		return j.status, true
	case <-ctx.Done():
		return 130, false
	case sig := <-r.shared.trapped():
		r.pendingSig(sig)
		return 128 + int(sig), false
	}
}

func (r *Runner) waitAny(ctx context.Context, ids []string, pVar string) int {
	var cands []*job
	if len(ids) == 0 {
		cands = r.jobs.snapshot()
	} else {
		for _, a := range ids {
			if j, _, err := r.resolveJob(a); err == nil && j != nil {
				cands = append(cands, j)
			}
		}
	}
	var live []*job
	for _, j := range cands {
		if !j.hidden {
			live = append(live, j)
		}
	}
	if len(live) == 0 {
		return 127
	}
	for {
		for _, j := range live {
			if j.finished() {
				r.jobs.remove(j)
				if pVar != "" {
					r.setString(pVar, strconv.Itoa(j.pid))
				}
				return j.status
			}
		}
		cases := make(chan *job, len(live))
		stop := make(chan struct{})
		for _, j := range live {
			go func(j *job) {
				select {
				case <-j.done:
					cases <- j
				case <-stop:
				}
			}(j)
		}
		select {
		case <-cases:
			close(stop)
		case <-ctx.Done():
			close(stop)
			return 130
		case sig := <-r.shared.trapped():
			close(stop)
			r.pendingSig(sig)
			return 128 + int(sig)
		}
	}
}

func biKill(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	if len(args) == 0 {
		r.errorf("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]")
		return 2
	}
	sig := syscall.SIGTERM
	if args[0] == "-l" || args[0] == "-L" {
		if len(args) == 1 {
			return r.writeOut("kill", signals.ListTable())
		}
		st := 0
		for _, a := range args[1:] {
			out, err := signals.ListOne(a)
			if err != nil {
				r.errorf("kill: %s: invalid signal specification", a)
				st = 1
				continue
			}
			if out != "" {
				fmt.Fprintln(r.stdoutW(), out)
			}
		}
		return st
	}
	switch {
	case args[0] == "-s" || args[0] == "-n":
		if len(args) < 2 {
			r.errorf("kill: %s: option requires an argument", args[0])
			return 2
		}
		s, _, ok := parseSig(args[1], false)
		if !ok {
			r.errorf("kill: %s: invalid signal specification", args[1])
			return 1
		}
		sig = s
		args = args[2:]
	case args[0] == "--":
		args = args[1:]
	case strings.HasPrefix(args[0], "-") && len(args[0]) > 1:
		s, _, ok := parseSig(args[0][1:], false)
		if !ok {
			if _, err := strconv.Atoi(args[0][1:]); err != nil || true {
				r.errorf("kill: %s: invalid signal specification", args[0][1:])
				return 1
			}
		}
		sig = s
		args = args[1:]
	}
	if len(args) == 0 {
		r.errorf("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]")
		return 2
	}
	st := 0
	for _, a := range args {
		var target int
		if strings.HasPrefix(a, "%") {
			j, _, err := r.resolveJob(a)
			if err != nil || j == nil {
				r.errorf("kill: %s: no such job", a)
				st = 1
				continue
			}
			if j.pg != nil && j.pg.pgid > 0 {
				target = -j.pg.pgid
			} else {
				target = j.pid
			}
			if j.stopped && (sig == syscall.SIGTERM || sig == syscall.SIGHUP) {
				// A stopped job must run to act on the signal, as bash
				// continues it after sending.
				defer unix.Kill(target, syscall.SIGCONT)
			}
			if sig == syscall.SIGCONT || sig == syscall.SIGTERM || sig == syscall.SIGHUP {
				j.setRunning()
			}
		} else {
			n, err := strconv.Atoi(a)
			if err != nil {
				r.errorf("kill: %s: arguments must be process or job IDs", a)
				st = 1
				continue
			}
			target = n
		}
		self := target == r.shared.pid || target == 0 || target == -unix.Getpgrp()
		before := r.shared.sig.seen.Load()
		if err := unix.Kill(target, sig); err == nil && self && sig != 0 {
			r.shared.sig.awaitSelf(before)
			continue
		} else if err != nil {
			r.errorf("kill: (%s) - %s", a, errText(err))
			st = 1
		}
	}
	return st
}

func biJobs(r *Runner, ctx context.Context, args []string) int {
	r.jobs.syncStops()
	pidsOnly, long, running, stopped := false, false, false, false
	var specs []string
	for _, a := range args[1:] {
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			for _, c := range a[1:] {
				switch c {
				case 'p':
					pidsOnly = true
				case 'l':
					long = true
				case 'r':
					running = true
				case 's':
					stopped = true
				case 'n':
				default:
					r.errorf("jobs: -%c: invalid option", c)
					r.errorf("jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]")
					return 2
				}
			}
			continue
		}
		specs = append(specs, a)
	}
	jobs := r.jobs.list()
	if len(specs) > 0 {
		jobs = nil
		for _, s := range specs {
			j, _, err := r.resolveJob(s)
			if err != nil || j == nil {
				r.errorf("jobs: %s: no such job", s)
				return 1
			}
			jobs = append(jobs, j)
		}
	}
	var b strings.Builder
	for _, j := range jobs {
		done := j.finished()
		if running && (done || j.stopped) || stopped && !j.stopped {
			continue
		}
		if pidsOnly {
			fmt.Fprintf(&b, "%d\n", j.pid)
			continue
		}
		mark := " "
		if j.id == r.jobs.cur {
			mark = "+"
		} else if j.id == r.jobs.prev {
			mark = "-"
		}
		state := "Running"
		switch {
		case j.stopped:
			state = "Stopped"
		case done && j.status == 0:
			state = "Done"
		case done && j.status > 128:
			state = sigDesc(j.status - 128)
		case done:
			state = fmt.Sprintf("Exit %d", j.status)
		}
		cmd := j.cmd
		if !done && !j.stopped {
			cmd += " &"
		}
		if long {
			fmt.Fprintf(&b, "[%d]%s %d %-24s%s\n", j.id, mark, j.pid, state, cmd)
		} else {
			fmt.Fprintf(&b, "[%d]%s  %-24s%s\n", j.id, mark, state, cmd)
		}
		if done {
			r.jobs.remove(j)
		}
	}
	return r.writeOut("jobs", b.String())
}

// sigDescs are the C library's descriptions of signals (strsignal), which
// bash prints for a job killed by one.
var sigDescs = [...]string{1: "Hangup", 2: "Interrupt", 3: "Quit", 4: "Illegal instruction",
	5: "Trace/breakpoint trap", 6: "Aborted", 7: "Bus error", 8: "Floating point exception",
	9: "Killed", 10: "User defined signal 1", 11: "Segmentation fault", 12: "User defined signal 2",
	13: "Broken pipe", 14: "Alarm clock", 15: "Terminated", 16: "Stack fault", 17: "Child exited",
	18: "Continued", 19: "Stopped (signal)", 20: "Stopped", 21: "Stopped (tty input)",
	22: "Stopped (tty output)", 23: "Urgent I/O condition", 24: "CPU time limit exceeded",
	25: "File size limit exceeded", 26: "Virtual timer expired", 27: "Profiling timer expired",
	28: "Window changed", 29: "I/O possible", 30: "Power failure", 31: "Bad system call"}

func sigDesc(n int) string {
	if n > 0 && n < len(sigDescs) {
		return sigDescs[n]
	}
	if n >= int(signals.RTMin) && n <= int(signals.RTMax) {
		return fmt.Sprintf("Real-time signal %d", n-int(signals.RTMin))
	}
	return fmt.Sprintf("Unknown signal %d", n)
}

func biDisown(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	if len(args) > 0 && (args[0] == "-a" || args[0] == "-r") {
		for _, j := range r.jobs.list() {
			r.jobs.remove(j)
		}
		return 0
	}
	if len(args) > 0 && args[0] == "-h" {
		args = args[1:]
	}
	if len(args) == 0 {
		args = []string{"%+"}
	}
	st := 0
	for _, a := range args {
		j, _, err := r.resolveJob(a)
		if err != nil || j == nil {
			r.errorf("disown: %s: no such job", a)
			st = 1
			continue
		}
		r.jobs.remove(j)
	}
	return st
}

func biFgBg(r *Runner, ctx context.Context, args []string) int {
	if !r.opts.monitor && !r.shared.term.interactive {
		r.errorf("%s: no job control", args[0])
		return 1
	}
	spec := "%+"
	if len(args) > 1 {
		spec = args[1]
	}
	j, _, err := r.resolveJob(spec)
	if err != nil || j == nil {
		r.errorf("%s: %s: no such job", args[0], spec)
		return 1
	}
	if r.shared.fgbg == nil {
		r.errorf("%s: no job control", args[0])
		return 1
	}
	return r.shared.fgbg(r, ctx, j, args[0] == "fg")
}

// coprocClause starts a coprocess (see coproc.go).
func (r *Runner) coprocClause(ctx context.Context, cc *syntax.CoprocClause) {
	r.status = r.shared.coproc.start(r, ctx, cc)
}
