package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// The API an interactive front end (the ipsh REPL) needs: names for
// completion, the job table, and prompt expansion.

// Prompt markers: [Runner.ExpandPrompt] puts the text between \[ and \]
// of a prompt between these two bytes, as readline does, so that a line
// editor can leave it out of the prompt's width.
const (
	PromptIgnoreStart = '\x01'
	PromptIgnoreEnd   = '\x02'
)

// JobState is the state of a job in the job table.
type JobState int

// The states of a job.
const (
	JobRunning JobState = iota
	JobStopped
	JobDone
)

// JobInfo describes one job of the runner's job table.
type JobInfo struct {
	// ID is the job number (%n).
	ID int
	// PID is $! for the job: its program's pid, or its group leader's.
	PID int
	// Command is the job's command text.
	Command string
	// State is running, stopped or done.
	State JobState
	// Status is the exit status once done (128+n if killed by signal n).
	Status int
	// Current tells the current job (%+).
	Current bool
}

// Jobs returns the runner's jobs, oldest first.
func (r *Runner) Jobs() []JobInfo {
	r.jobs.syncStops()
	var out []JobInfo
	for _, j := range r.jobs.list() {
		ji := JobInfo{ID: j.id, PID: j.pid, Command: j.cmd, Current: j.id == r.jobs.cur}
		switch {
		case j.finished():
			ji.State, ji.Status = JobDone, j.status
		case j.stopped:
			ji.State = JobStopped
		}
		out = append(out, ji)
	}
	return out
}

// ReportJobs writes to w, as bash does before a prompt, a line for each
// job that ended since the last report (then forgets it) and for each
// background job that stopped.
func (r *Runner) ReportJobs(w io.Writer) {
	r.jobs.syncStops()
	for _, j := range r.jobs.list() {
		switch {
		case j.finished():
			fmt.Fprintf(w, "[%d]%s  %-24s%s\n", j.id, r.jobMark(j), jobState(j), j.cmd)
			r.jobs.remove(j)
		case j.stopped && !j.stopNoticed:
			j.stopNoticed = true
			fmt.Fprintf(w, "[%d]%s  %-24s%s\n", j.id, r.jobMark(j), jobState(j), j.cmd)
		}
	}
}

func (r *Runner) jobMark(j *job) string {
	switch j.id {
	case r.jobs.cur:
		return "+"
	case r.jobs.prev:
		return "-"
	}
	return " "
}

// HangUpJobs sends SIGHUP, then SIGCONT, to the stopped jobs, as a shell
// does when its session ends: a stopped job would otherwise never end.
// Running background jobs are left alone.
func (r *Runner) HangUpJobs() {
	r.jobs.syncStops()
	for _, j := range r.jobs.list() {
		if !j.stopped || j.finished() {
			continue
		}
		if t := j.target(); t != 0 {
			unix.Kill(t, unix.SIGHUP)
			unix.Kill(t, unix.SIGCONT)
		}
	}
}

// FuncNames returns the names of the defined functions, sorted.
func (r *Runner) FuncNames() []string { return sortedKeys(r.funcs) }

// AliasNames returns the names of the defined aliases, sorted.
func (r *Runner) AliasNames() []string { return sortedKeys(r.aliases) }

// VarNames returns the names of the set variables, sorted.
func (r *Runner) VarNames() []string {
	var names []string
	r.vars.each(func(name string, v *variable) bool {
		if v.IsSet() {
			names = append(names, name)
		}
		return true
	})
	sort.Strings(names)
	return names
}

func sortedKeys[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// BuiltinSynopsis returns the usage lines of builtin name (several forms
// separated by newlines), and whether there is such a builtin.
func (r *Runner) BuiltinSynopsis(name string) (string, bool) {
	if b, ok := r.shared.builtins[name]; ok {
		if b.Synopsis == "" {
			return name, true
		}
		return b.Synopsis, true
	}
	if s, ok := coreSummaries[name]; ok {
		return s[0], true
	}
	return "", false
}

// CoprocNames returns the names of the live coprocesses: the variables
// NAME that hold two fds while NAME_PID holds a running process's pid, as
// the coproc keyword sets them. Sorted.
func (r *Runner) CoprocNames() []string {
	var names []string
	r.vars.each(func(name string, v *variable) bool {
		base, ok := strings.CutSuffix(name, "_PID")
		if !ok || base == "" || !v.IsSet() {
			return true
		}
		pid, err := strconv.Atoi(v.String())
		if err != nil || pid <= 0 || unix.Kill(pid, 0) != nil {
			return true
		}
		if fds := r.lookup(base); fds.Kind == expand.Indexed && len(fds.List) == 2 {
			names = append(names, base)
		}
		return true
	})
	sort.Strings(names)
	return names
}

// ExpandPrompt expands a prompt string as bash does PS1 and PS2: first the
// backslash escapes (\u \h \H \w \W \$ \j \? \t \T \@ \A \d \D{fmt} \n \r
// \a \e \s \v \V \! \# \\ \nnn \[ \]), then, like a here-document,
// parameter expansion, command substitution and arithmetic (bash's
// promptvars). What an escape gives is never expanded again. hist is the
// number \! and \# show. The text between \[ and \] comes back between
// [PromptIgnoreStart] and [PromptIgnoreEnd]. $? and PIPESTATUS are kept;
// an expansion error leaves the text unexpanded.
func (r *Runner) ExpandPrompt(ctx context.Context, ps string, hist int) string {
	s := r.promptEscapes(ps, hist)
	if !strings.ContainsAny(s, "$`") {
		return unquotePrompt(s)
	}
	if err := r.begin(ctx); err != nil {
		return unquotePrompt(s)
	}
	defer r.end()
	st, pst := r.status, r.pipeStatus
	defer func() { r.status, r.pipeStatus = st, pst }()
	w, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Document(strings.NewReader(s))
	if err != nil {
		return unquotePrompt(s)
	}
	out, err := r.document(w)
	if err != nil {
		return unquotePrompt(s)
	}
	return out
}

// unquotePrompt removes the backslashes promptEscapes added.
func unquotePrompt(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\$`", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// promptEscapes decodes the backslash escapes of a prompt, quoting what
// they give for a here-document expansion.
func (r *Runner) promptEscapes(ps string, hist int) string {
	var b strings.Builder
	lit := func(s string) {
		for i := 0; i < len(s); i++ {
			if strings.IndexByte("\\$`", s[i]) >= 0 {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
	}
	now := time.Now()
	for i := 0; i < len(ps); i++ {
		c := ps[i]
		if c != '\\' || i+1 == len(ps) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := ps[i]; e {
		case 'u':
			lit(userName())
		case 'h':
			h, _ := os.Hostname()
			h, _, _ = strings.Cut(h, ".")
			lit(h)
		case 'H':
			h, _ := os.Hostname()
			lit(h)
		case 'w', 'W':
			lit(r.promptDir(e == 'W'))
		case '$':
			if os.Geteuid() == 0 {
				b.WriteByte('#')
			} else {
				lit("$")
			}
		case 'j':
			lit(strconv.Itoa(len(r.jobs.list())))
		case '?':
			lit(strconv.Itoa(r.status))
		case 't':
			lit(now.Format("15:04:05"))
		case 'T':
			lit(now.Format("03:04:05"))
		case '@':
			lit(now.Format("03:04 PM"))
		case 'A':
			lit(now.Format("15:04"))
		case 'd':
			lit(now.Format("Mon Jan 02"))
		case 'D':
			if i+1 < len(ps) && ps[i+1] == '{' {
				if end := strings.IndexByte(ps[i+1:], '}'); end > 0 {
					lit(strftime(ps[i+2:i+1+end], now))
					i += 1 + end
					continue
				}
			}
			lit(`\D`)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'e':
			b.WriteByte('\x1b')
		case 's':
			lit(filepath.Base(r.arg0))
		case 'v', 'V':
			lit(Version)
		case '!', '#':
			lit(strconv.Itoa(hist))
		case '\\':
			lit(`\`)
		case '[':
			b.WriteByte(PromptIgnoreStart)
		case ']':
			b.WriteByte(PromptIgnoreEnd)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n, j := 0, i
			for ; j < len(ps) && j < i+3 && ps[j] >= '0' && ps[j] <= '7'; j++ {
				n = n*8 + int(ps[j]-'0')
			}
			lit(string([]byte{byte(n)}))
			i = j - 1
		default:
			lit(`\` + string(e))
		}
	}
	return b.String()
}

// promptDir is \w (or \W with base): the working directory, with $HOME
// shown as ~.
func (r *Runner) promptDir(base bool) string {
	dir := r.dir
	if v := r.lookup("PWD"); v.IsSet() && v.String() != "" {
		dir = v.String()
	}
	home := r.lookup("HOME").String()
	if home != "" && home != "/" {
		home = strings.TrimSuffix(home, "/")
		if dir == home {
			return "~"
		}
		if !base && strings.HasPrefix(dir, home+"/") {
			return "~" + dir[len(home):]
		}
	}
	if base && dir != "/" {
		return filepath.Base(dir)
	}
	return dir
}

func userName() string {
	if u, err := user.LookupId(strconv.Itoa(os.Getuid())); err == nil {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return strconv.Itoa(os.Getuid())
}
