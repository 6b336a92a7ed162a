package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ipsh/ipsh/redirect"
	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// redirError is a failed redirection, printed as "target: cause".
type redirErr struct {
	target string
	err    error
}

// Unwrap returns the cause.
func (e *redirErr) Unwrap() error { return e.err }

func (e *redirErr) Error() string {
	if e.err == nil {
		return e.target
	}
	return e.target + ": " + errText(e.err)
}

// applyRedirs applies redirections to r.fds and returns the fds they set.
func (r *Runner) applyRedirs(ctx context.Context, redirs []*syntax.Redirect) (map[int]bool, error) {
	return r.applyRedirsTo(ctx, r.fds, redirs)
}

// applyRedirsTo applies redirections to the table t, expanding words in r.
func (r *Runner) applyRedirsTo(ctx context.Context, t *tableT, redirs []*syntax.Redirect) (map[int]bool, error) {
	changed := make(map[int]bool, len(redirs))
	for _, rd := range redirs {
		fd, err := r.redirect(ctx, t, rd)
		if err != nil {
			return changed, err
		}
		if fd >= 0 {
			changed[fd] = true
		}
		if rd.Op == syntax.RdrAll || rd.Op == syntax.AppAll {
			changed[2] = true
		}
	}
	return changed, nil
}

func (r *Runner) redirWord(w *syntax.Word) (string, error) {
	fs, err := r.fields(w)
	if err != nil {
		return "", err
	}
	if len(fs) != 1 {
		s := printNode(w)
		return "", &redirErr{s, errors.New("ambiguous redirect")}
	}
	return fs[0], nil
}

// redirect applies one redirection and returns the fd it set, or -1 for a
// {var} fd that the command must keep.
func (r *Runner) redirect(ctx context.Context, t *tableT, rd *syntax.Redirect) (int, error) {
	fd := 1
	switch rd.Op {
	case syntax.RdrIn, syntax.RdrInOut, syntax.DplIn, syntax.Hdoc, syntax.DashHdoc, syntax.WordHdoc:
		fd = 0
	}
	varName := ""
	if rd.N != nil {
		v := rd.N.Value
		if strings.HasPrefix(v, "{") && strings.HasSuffix(v, "}") {
			varName = v[1 : len(v)-1]
		} else {
			n, err := strconv.Atoi(v)
			if err != nil || n > 1023 {
				return 0, &redirErr{v, errors.New("bad file descriptor")}
			}
			fd = n
		}
	}
	if varName != "" {
		// {var}>&- closes the fd named by the variable.
		if (rd.Op == syntax.DplOut || rd.Op == syntax.DplIn) && rd.Word != nil && printNode(rd.Word) == "-" {
			n, err := strconv.Atoi(r.lookup(varName).String())
			if err != nil {
				return 0, &redirErr{varName, errors.New("ambiguous redirect")}
			}
			t.Close(n)
			return -1, nil
		}
		n, err := t.Free(10)
		if err != nil {
			return 0, err
		}
		fd = n
	}
	var f *os.File
	var err error
	switch rd.Op {
	case syntax.RdrOut, syntax.RdrClob, syntax.AppOut, syntax.RdrIn, syntax.RdrInOut, syntax.RdrAll, syntax.AppAll:
		name, err := r.redirWord(rd.Word)
		if err != nil {
			return 0, err
		}
		flag := os.O_RDONLY
		switch rd.Op {
		case syntax.RdrOut, syntax.RdrAll:
			flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			if r.opts.noclobber {
				flag |= noclobberFlag
			}
		case syntax.RdrClob:
			flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		case syntax.AppOut, syntax.AppAll:
			flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
		case syntax.RdrInOut:
			flag = os.O_RDWR | os.O_CREATE
		}
		f, err = r.openIn(t, name, flag)
		if err != nil {
			return 0, &redirErr{name, err}
		}
		if rd.Op == syntax.RdrAll || rd.Op == syntax.AppAll {
			t.Set(1, f)
			t.Dup(1, 2)
			return 1, nil
		}
	case syntax.DplIn, syntax.DplOut:
		w, err := r.redirWord(rd.Word)
		if err != nil {
			return 0, err
		}
		if w == "-" {
			t.Close(fd)
			return fd, nil
		}
		move := strings.HasSuffix(w, "-")
		src := strings.TrimSuffix(w, "-")
		n, aerr := strconv.Atoi(src)
		if aerr != nil {
			if rd.Op == syntax.DplOut && rd.N == nil && !move {
				// >&file is &>file.
				f, err := r.openIn(t, w, os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
				if err != nil {
					return 0, &redirErr{w, err}
				}
				t.Set(1, f)
				t.Dup(1, 2)
				return 1, nil
			}
			return 0, &redirErr{w, errors.New("ambiguous redirect")}
		}
		if t.Get(n) == nil {
			return 0, &redirErr{src, unix.EBADF}
		}
		if move {
			err = t.Move(n, fd)
		} else {
			err = t.Dup(n, fd)
		}
		if err != nil {
			return 0, &redirErr{src, unix.EBADF}
		}
		if varName != "" {
			r.setString(varName, strconv.Itoa(fd))
			return -1, nil
		}
		return fd, nil
	case syntax.Hdoc, syntax.DashHdoc:
		body, err := r.hdocBody(rd)
		if err != nil {
			return 0, err
		}
		f, err = dataFile(body)
		if err != nil {
			return 0, err
		}
	case syntax.WordHdoc:
		s, err := r.literal(rd.Word)
		if err != nil {
			return 0, err
		}
		f, err = dataFile(s + "\n")
		if err != nil {
			return 0, err
		}
	default:
		return 0, fmt.Errorf("unsupported redirection %s", rd.Op)
	}
	if err != nil {
		return 0, err
	}
	t.Set(fd, f)
	if varName != "" {
		r.setString(varName, strconv.Itoa(fd))
		return -1, nil
	}
	return fd, nil
}

// errWouldBlock reports that opening a redirection target would block the
// shell (a FIFO with no peer yet); see startProgram.
var errWouldBlock = errors.New("open would block")

// noclobberFlag marks an open that must not truncate an existing regular
// file; openIn turns it into the right checks.
const noclobberFlag = 1 << 30

// openIn opens a redirection target, resolving the paths the shell handles
// itself against the table t.
func (r *Runner) openIn(t *tableT, name string, flag int) (*os.File, error) {
	switch {
	case name == "/dev/stdin":
		return dupEntry(t, 0)
	case name == "/dev/stdout":
		return dupEntry(t, 1)
	case name == "/dev/stderr":
		return dupEntry(t, 2)
	case strings.HasPrefix(name, "/dev/fd/"):
		n, err := strconv.Atoi(name[len("/dev/fd/"):])
		if err != nil {
			return nil, unix.ENOENT
		}
		if t.Get(n) == nil && t != r.fds && r.fds.Get(n) != nil {
			// a process substitution made while expanding the
			// redirections of a command with its own table
			t = r.fds
		}
		return dupEntry(t, n)
	case strings.HasPrefix(name, "/dev/tcp/") || strings.HasPrefix(name, "/dev/udp/"):
		ctx, cancel := context.WithTimeout(r.ctx, 30*time.Second)
		defer cancel()
		return redirect.DialDevPath(ctx, name)
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.dir, path)
	}
	if r.noBlockOpen {
		if fi, err := os.Stat(path); err == nil && fi.Mode()&os.ModeNamedPipe != 0 {
			return nil, errWouldBlock
		}
	}
	if flag&noclobberFlag != 0 {
		flag &^= noclobberFlag
		fi, err := os.Stat(path)
		if err == nil && fi.Mode().IsRegular() {
			return nil, errors.New("cannot overwrite existing file")
		}
		if err != nil {
			flag |= os.O_EXCL
		} else {
			flag &^= os.O_TRUNC
		}
	}
	return os.OpenFile(path, flag, 0o666)
}

// openPath opens a file for a builtin, honouring the special paths.
func (r *Runner) openPath(name string, flag int) (*os.File, error) {
	return r.openIn(r.fds, name, flag)
}

// dupEntry duplicates an open fd of the table into a new *os.File.
func dupEntry(t *tableT, n int) (*os.File, error) {
	f := t.Get(n)
	if f == nil {
		return nil, unix.EBADF
	}
	return dupFile(f)
}

// dataFile returns a readable file holding s: a pipe when it fits in the
// pipe buffer, otherwise a memfd (seekable, so read can be fast).
func dataFile(s string) (*os.File, error) {
	if len(s) < 60000 {
		pr, pw, err := rawPipe()
		if err != nil {
			return nil, err
		}
		_, err = pw.WriteString(s)
		pw.Close()
		if err != nil {
			pr.Close()
			return nil, err
		}
		return pr, nil
	}
	fd, err := unix.MemfdCreate("ipsh-heredoc", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "heredoc")
	if _, err := f.WriteString(s); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, 0); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (r *Runner) hdocBody(rd *syntax.Redirect) (string, error) {
	if rd.Hdoc == nil {
		return "", nil
	}
	if hdocQuoted(rd.Word) {
		var b strings.Builder
		for _, p := range rd.Hdoc.Parts {
			if l, ok := p.(*syntax.Lit); ok {
				b.WriteString(l.Value)
			} else {
				b.WriteString(printNode(p))
			}
		}
		s := b.String()
		if rd.Op == syntax.DashHdoc {
			s = stripTabs(s)
		}
		return s, nil
	}
	w := rd.Hdoc
	if rd.Op == syntax.DashHdoc {
		w = stripWordTabs(w)
	}
	s, err := r.document(w)
	if err != nil {
		return "", err
	}
	return s, nil
}

// stripWordTabs returns a copy of a here-document body with the leading
// tabs of each line removed from its literal text (<<-), before expansion,
// so tabs that expansions produce stay.
func stripWordTabs(w *syntax.Word) *syntax.Word {
	parts := make([]syntax.WordPart, len(w.Parts))
	bol := true
	for i, p := range w.Parts {
		l, ok := p.(*syntax.Lit)
		if !ok {
			parts[i] = p
			bol = false
			continue
		}
		lines := strings.Split(l.Value, "\n")
		for j, line := range lines {
			if j > 0 || bol {
				lines[j] = strings.TrimLeft(line, "\t")
			}
		}
		bol = (len(lines) > 1 || bol) && lines[len(lines)-1] == ""
		parts[i] = &syntax.Lit{ValuePos: l.ValuePos, ValueEnd: l.ValueEnd, Value: strings.Join(lines, "\n")}
	}
	return &syntax.Word{Parts: parts}
}

func stripTabs(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, "\t")
	}
	return strings.Join(lines, "")
}

func hdocQuoted(w *syntax.Word) bool {
	if w == nil {
		return false
	}
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.SglQuoted, *syntax.DblQuoted:
			return true
		case *syntax.Lit:
			if strings.Contains(p.Value, "\\") {
				return true
			}
		}
	}
	return false
}
