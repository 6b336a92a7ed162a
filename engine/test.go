package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// testExpr evaluates a [[ ]] expression.
func (r *Runner) testExpr(ctx context.Context, x syntax.TestExpr) (bool, error) {
	switch x := x.(type) {
	case *syntax.Word:
		s, err := r.literal(x)
		return s != "", err
	case *syntax.ParenTest:
		return r.testExpr(ctx, x.X)
	case *syntax.UnaryTest:
		if x.Op == syntax.TsNot {
			ok, err := r.testExpr(ctx, x.X)
			return !ok, err
		}
		w, ok := x.X.(*syntax.Word)
		if !ok {
			return false, fmt.Errorf("unexpected operand")
		}
		s, err := r.literal(w)
		if err != nil {
			return false, err
		}
		return r.unaryTest(x.Op.String(), s)
	case *syntax.BinaryTest:
		switch x.Op {
		case syntax.AndTest:
			ok, err := r.testExpr(ctx, x.X)
			if err != nil || !ok {
				return false, err
			}
			return r.testExpr(ctx, x.Y)
		case syntax.OrTest:
			ok, err := r.testExpr(ctx, x.X)
			if err != nil || ok {
				return ok, err
			}
			return r.testExpr(ctx, x.Y)
		}
		lw, _ := x.X.(*syntax.Word)
		rw, _ := x.Y.(*syntax.Word)
		left, err := r.literal(lw)
		if err != nil {
			return false, err
		}
		switch x.Op {
		case syntax.TsMatch, syntax.TsNoMatch, syntax.TsMatchShort:
			pat, err := r.pattern(rw)
			if err != nil {
				return false, err
			}
			m := r.matchPattern(pat, left, false)
			return m == (x.Op != syntax.TsNoMatch), nil
		case syntax.TsReMatch:
			re, err := r.regexWord(rw)
			if err != nil {
				return false, err
			}
			return r.reMatch(left, re)
		}
		right, err := r.literal(rw)
		if err != nil {
			return false, err
		}
		return r.binaryTest(x.Op.String(), left, right, true)
	}
	return false, fmt.Errorf("unsupported test expression %T", x)
}

// regexWord renders the right side of =~: quoted parts match literally.
func (r *Runner) regexWord(w *syntax.Word) (string, error) {
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			b.WriteString(p.Value)
		case *syntax.SglQuoted, *syntax.DblQuoted:
			s, err := r.literal(&syntax.Word{Parts: []syntax.WordPart{p}})
			if err != nil {
				return "", err
			}
			b.WriteString(regexp.QuoteMeta(s))
		default:
			s, err := r.literal(&syntax.Word{Parts: []syntax.WordPart{p}})
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
	}
	return b.String(), nil
}

func (r *Runner) reMatch(s, re string) (bool, error) {
	rx, err := regexp.Compile(ereToGo(re))
	if err != nil {
		return false, &testErr{2, "invalid regular expression"}
	}
	m := rx.FindStringSubmatch(s)
	if m == nil {
		r.setVariable("BASH_REMATCH", expand.Variable{Set: true, Kind: expand.Indexed, List: []string{}})
		return false, nil
	}
	r.setVariable("BASH_REMATCH", expand.Variable{Set: true, Kind: expand.Indexed, List: m})
	return true, nil
}

// ereToGo adapts POSIX ERE bracket classes to Go's syntax.
func ereToGo(re string) string {
	return re
}

type testErr struct {
	status int
	msg    string
}

func (e *testErr) Error() string { return e.msg }

func (r *Runner) path(s string) string {
	if n, ok := strings.CutPrefix(s, "/dev/fd/"); ok {
		// The shell's fd N is not the process's fd N.
		if fd, err := strconv.Atoi(n); err == nil {
			if f := r.fds.Get(fd); f != nil {
				return "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
			}
		}
	}
	if filepath.IsAbs(s) || s == "" {
		return s
	}
	return filepath.Join(r.dir, s)
}

func (r *Runner) unaryTest(op, s string) (bool, error) {
	stat := func(follow bool) (os.FileInfo, bool) {
		var fi os.FileInfo
		var err error
		if follow {
			fi, err = os.Stat(r.path(s))
		} else {
			fi, err = os.Lstat(r.path(s))
		}
		return fi, err == nil
	}
	mode := func(m os.FileMode) bool {
		fi, ok := stat(true)
		return ok && fi.Mode()&m != 0
	}
	switch op {
	case "-z":
		return s == "", nil
	case "-n":
		return s != "", nil
	case "-e", "-a":
		_, ok := stat(true)
		return ok, nil
	case "-f":
		fi, ok := stat(true)
		return ok && fi.Mode().IsRegular(), nil
	case "-d":
		fi, ok := stat(true)
		return ok && fi.IsDir(), nil
	case "-L", "-h":
		fi, ok := stat(false)
		return ok && fi.Mode()&os.ModeSymlink != 0, nil
	case "-p":
		return mode(os.ModeNamedPipe), nil
	case "-S":
		return mode(os.ModeSocket), nil
	case "-b":
		fi, ok := stat(true)
		return ok && fi.Mode()&os.ModeDevice != 0 && fi.Mode()&os.ModeCharDevice == 0, nil
	case "-c":
		return mode(os.ModeCharDevice), nil
	case "-s":
		fi, ok := stat(true)
		return ok && fi.Size() > 0, nil
	case "-g":
		return mode(os.ModeSetgid), nil
	case "-u":
		return mode(os.ModeSetuid), nil
	case "-k":
		return mode(os.ModeSticky), nil
	case "-r":
		return unix.Access(r.path(s), unix.R_OK) == nil, nil
	case "-w":
		return unix.Access(r.path(s), unix.W_OK) == nil, nil
	case "-x":
		return unix.Access(r.path(s), unix.X_OK) == nil, nil
	case "-O":
		var st unix.Stat_t
		return unix.Stat(r.path(s), &st) == nil && int(st.Uid) == os.Geteuid(), nil
	case "-G":
		var st unix.Stat_t
		return unix.Stat(r.path(s), &st) == nil && int(st.Gid) == os.Getegid(), nil
	case "-N":
		var st unix.Stat_t
		return unix.Stat(r.path(s), &st) == nil && st.Mtim.Nano() > st.Atim.Nano(), nil
	case "-t":
		n, err := strconv.Atoi(s)
		if err != nil {
			return false, nil
		}
		f := r.fds.Get(n)
		return f != nil && isTerminal(f), nil
	case "-o":
		return r.optOn(s), nil
	case "-v":
		if i := strings.IndexByte(s, '['); i > 0 && strings.HasSuffix(s, "]") {
			v := r.lookup(s[:i])
			k := s[i+1 : len(s)-1]
			switch v.Kind {
			case expand.Associative:
				_, ok := v.Map[k]
				return ok, nil
			case expand.Indexed:
				n, err := r.arithString(k)
				if err != nil {
					return false, nil
				}
				_, ok := arrayGet(v.List, v.Indexes, n)
				return ok, nil
			}
			return false, nil
		}
		return r.lookup(s).IsSet(), nil
	case "-R":
		v, _ := r.vars.find(s)
		return v != nil && v.Kind == expand.NameRef, nil
	}
	return false, &testErr{2, op + ": unary operator expected"}
}

func (r *Runner) binaryTest(op, x, y string, dbl bool) (bool, error) {
	num := func() (int, int, error) {
		if dbl {
			a, err := r.arithString(x)
			if err != nil {
				return 0, 0, err
			}
			b, err := r.arithString(y)
			return a, b, err
		}
		a, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil {
			return 0, 0, &testErr{2, x + ": integer expression expected"}
		}
		b, err := strconv.Atoi(strings.TrimSpace(y))
		if err != nil {
			return 0, 0, &testErr{2, y + ": integer expression expected"}
		}
		return a, b, nil
	}
	switch op {
	case "=", "==":
		if dbl {
			return r.matchPattern(y, x, false), nil
		}
		return x == y, nil
	case "!=":
		if dbl {
			return !r.matchPattern(y, x, false), nil
		}
		return x != y, nil
	case "<":
		return x < y, nil
	case ">":
		return x > y, nil
	case "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
		a, b, err := num()
		if err != nil {
			return false, err
		}
		switch op {
		case "-eq":
			return a == b, nil
		case "-ne":
			return a != b, nil
		case "-lt":
			return a < b, nil
		case "-le":
			return a <= b, nil
		case "-gt":
			return a > b, nil
		}
		return a >= b, nil
	case "-nt", "-ot":
		f1, e1 := os.Stat(r.path(x))
		f2, e2 := os.Stat(r.path(y))
		if op == "-nt" {
			return e1 == nil && (e2 != nil || f1.ModTime().After(f2.ModTime())), nil
		}
		return e2 == nil && (e1 != nil || f1.ModTime().Before(f2.ModTime())), nil
	case "-ef":
		var s1, s2 unix.Stat_t
		if unix.Stat(r.path(x), &s1) != nil || unix.Stat(r.path(y), &s2) != nil {
			return false, nil
		}
		return s1.Dev == s2.Dev && s1.Ino == s2.Ino, nil
	}
	return false, &testErr{2, op + ": binary operator expected"}
}

var unaryOps = map[string]bool{"-z": true, "-n": true, "-e": true, "-a": true, "-f": true, "-d": true, "-L": true, "-h": true, "-p": true, "-S": true, "-b": true, "-c": true, "-s": true, "-g": true, "-u": true, "-k": true, "-r": true, "-w": true, "-x": true, "-O": true, "-G": true, "-N": true, "-t": true, "-o": true, "-v": true, "-R": true}

var binaryOps = map[string]bool{"=": true, "==": true, "!=": true, "<": true, ">": true, "-eq": true, "-ne": true, "-lt": true, "-le": true, "-gt": true, "-ge": true, "-nt": true, "-ot": true, "-ef": true, "-a": true, "-o": true}

func biTest(r *Runner, ctx context.Context, args []string) int {
	name := args[0]
	args = args[1:]
	if name == "[" {
		if len(args) == 0 || args[len(args)-1] != "]" {
			r.errorf("[: missing `]'")
			return 2
		}
		args = args[:len(args)-1]
	}
	t := &classicTest{r: r, args: args}
	ok, err := t.eval()
	if err != nil {
		var te *testErr
		if errors.As(err, &te) {
			r.errorf("%s: %s", name, te.msg)
			return 2
		}
		r.errorf("%s: %v", name, err)
		return 2
	}
	return oneIf(!ok)
}

// classicTest evaluates test/[ arguments with POSIX's argument-count rules
// and the -a/-o/!/( ) grammar beyond them.
type classicTest struct {
	r    *Runner
	args []string
	pos  int
}

func (t *classicTest) eval() (bool, error) {
	a := t.args
	switch len(a) {
	case 0:
		return false, nil
	case 1:
		return a[0] != "", nil
	case 2:
		if a[0] == "!" {
			return a[1] == "", nil
		}
		if unaryOps[a[0]] {
			return t.r.unaryTest(a[0], a[1])
		}
		return false, &testErr{2, a[0] + ": unary operator expected"}
	case 3:
		if binaryOps[a[1]] && a[1] != "-a" && a[1] != "-o" {
			return t.r.binaryTest(a[1], a[0], a[2], false)
		}
		if a[1] == "-a" || a[1] == "-o" {
			l, r := a[0] != "", a[2] != ""
			if a[1] == "-a" {
				return l && r, nil
			}
			return l || r, nil
		}
		if a[0] == "!" {
			t2 := &classicTest{r: t.r, args: a[1:]}
			ok, err := t2.eval()
			return !ok, err
		}
		if a[0] == "(" && a[2] == ")" {
			return a[1] != "", nil
		}
		return false, &testErr{2, a[1] + ": binary operator expected"}
	case 4:
		if a[0] == "!" {
			t2 := &classicTest{r: t.r, args: a[1:]}
			ok, err := t2.eval()
			return !ok, err
		}
		if a[0] == "(" && a[3] == ")" {
			t2 := &classicTest{r: t.r, args: a[1:3]}
			return t2.eval()
		}
	}
	ok, err := t.or()
	if err == nil && t.pos < len(t.args) {
		return false, &testErr{2, "too many arguments"}
	}
	return ok, err
}

func (t *classicTest) peek() string {
	if t.pos < len(t.args) {
		return t.args[t.pos]
	}
	return ""
}

func (t *classicTest) or() (bool, error) {
	l, err := t.and()
	for err == nil && t.peek() == "-o" {
		t.pos++
		var r bool
		r, err = t.and()
		l = l || r
	}
	return l, err
}

func (t *classicTest) and() (bool, error) {
	l, err := t.not()
	for err == nil && t.peek() == "-a" {
		t.pos++
		var r bool
		r, err = t.not()
		l = l && r
	}
	return l, err
}

func (t *classicTest) not() (bool, error) {
	if t.peek() == "!" && t.pos+1 < len(t.args) {
		t.pos++
		ok, err := t.not()
		return !ok, err
	}
	return t.primary()
}

func (t *classicTest) primary() (bool, error) {
	if t.pos >= len(t.args) {
		return false, &testErr{2, "argument expected"}
	}
	a := t.args[t.pos]
	if a == "(" {
		t.pos++
		ok, err := t.or()
		if err != nil {
			return false, err
		}
		if t.peek() != ")" {
			return false, &testErr{2, "`)' expected"}
		}
		t.pos++
		return ok, nil
	}
	if t.pos+2 < len(t.args)+0 || t.pos+2 == len(t.args)-0 {
		if t.pos+2 <= len(t.args)-1 || t.pos+2 == len(t.args)-1+1 {
			if t.pos+1 < len(t.args) && binaryOps[t.args[t.pos+1]] && t.args[t.pos+1] != "-a" && t.args[t.pos+1] != "-o" && t.pos+2 < len(t.args) {
				x, op, y := a, t.args[t.pos+1], t.args[t.pos+2]
				t.pos += 3
				return t.r.binaryTest(op, x, y, false)
			}
		}
	}
	if unaryOps[a] && t.pos+1 < len(t.args) {
		t.pos += 2
		return t.r.unaryTest(a, t.args[t.pos-1])
	}
	t.pos++
	return a != "", nil
}
