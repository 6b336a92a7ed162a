package engine

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

func biEcho(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	newline, escapes := true, r.opts.xpgEcho
	for len(args) > 0 {
		a := args[0]
		if len(a) < 2 || a[0] != '-' || strings.Trim(a[1:], "neE") != "" {
			break
		}
		for _, c := range a[1:] {
			switch c {
			case 'n':
				newline = false
			case 'e':
				escapes = true
			case 'E':
				escapes = false
			}
		}
		args = args[1:]
	}
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if escapes {
			s, stop := echoEscapes(a)
			b.WriteString(s)
			if stop {
				return r.writeOut("echo", b.String())
			}
		} else {
			b.WriteString(a)
		}
	}
	if newline {
		b.WriteByte('\n')
	}
	return r.writeOut("echo", b.String())
}

// echoEscapes interprets echo -e escapes; stop is set by \c.
func echoEscapes(s string) (string, bool) { return backslashEscapes(s, false) }

// backslashEscapes interprets echo -e escapes; printfB adds the \NNN octal
// form (no leading 0) that printf's %b accepts.
func backslashEscapes(s string, printfB bool) (string, bool) {
	if !strings.Contains(s, `\`) {
		return s, false
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'c':
			return b.String(), true
		case 'e', 'E':
			b.WriteByte(0x1b)
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '\\':
			b.WriteByte('\\')
		case '1', '2', '3', '4', '5', '6', '7':
			if !printfB {
				b.WriteByte('\\')
				b.WriteByte(s[i])
				continue
			}
			n, j := 0, i
			for ; j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7'; j++ {
				n = n*8 + int(s[j]-'0')
			}
			b.WriteByte(byte(n))
			i = j - 1
		case '0':
			n, j := 0, i+1
			for ; j < len(s) && j < i+4 && s[j] >= '0' && s[j] <= '7'; j++ {
				n = n*8 + int(s[j]-'0')
			}
			b.WriteByte(byte(n))
			i = j - 1
		case 'x':
			n, j := 0, i+1
			for ; j < len(s) && j < i+3 && isHex(s[j]); j++ {
				n = n*16 + hexVal(s[j])
			}
			if j == i+1 {
				b.WriteString(`\x`)
			} else {
				b.WriteByte(byte(n))
			}
			i = j - 1
		case 'u', 'U':
			max := 4
			if s[i] == 'U' {
				max = 8
			}
			n, j := 0, i+1
			for ; j < len(s) && j < i+1+max && isHex(s[j]); j++ {
				n = n*16 + hexVal(s[j])
			}
			if j == i+1 {
				b.WriteByte('\\')
				b.WriteByte(s[i])
			} else {
				b.WriteRune(rune(n))
			}
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String(), false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

func biPrintf(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	varName := ""
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		if args[0] == "--" {
			args = args[1:]
			break
		}
		if args[0] == "-v" && len(args) > 1 {
			varName = args[1]
			args = args[2:]
			continue
		}
		if strings.HasPrefix(args[0], "-v") {
			varName = args[0][2:]
			args = args[1:]
			continue
		}
		break
	}
	if len(args) == 0 {
		r.errorf("printf: usage: printf [-v var] format [arguments]")
		return 2
	}
	format, args := args[0], args[1:]
	out, st := r.printfFormat(format, args)
	if varName != "" {
		if err := r.assignTarget(varName, out); err != nil {
			r.errorf("printf: %v", err)
			return 1
		}
		return st
	}
	if w := r.writeOut("printf", out); w != 0 {
		return w
	}
	return st
}

// assignTarget assigns to NAME or NAME[SUB].
func (r *Runner) assignTarget(target, val string) error {
	if i := strings.IndexByte(target, '['); i > 0 && strings.HasSuffix(target, "]") {
		name, key := target[:i], target[i+1:len(target)-1]
		if !syntax.ValidName(name) {
			return &varError{target, "not a valid identifier"}
		}
		return r.setElem(name, key, false, val, false)
	}
	if !syntax.ValidName(target) {
		return &varError{"`" + target + "'", "not a valid identifier"}
	}
	return r.setString(target, val)
}

// readOpts are the read builtin's options.
type readOpts struct {
	raw, silent bool
	array       string
	delim       byte
	nchars      int
	exact       bool
	timeout     float64
	hasTimeout  bool
	fd          int
	prompt      string
}

func biRead(r *Runner, ctx context.Context, args []string) int {
	o := readOpts{delim: '\n', nchars: -1}
	args = args[1:]
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		for i := 1; i < len(a); i++ {
			c := a[i]
			needArg := strings.IndexByte("adnNptui", c) >= 0
			var val string
			if needArg {
				if i+1 < len(a) {
					val = a[i+1:]
				} else if len(args) > 0 {
					val, args = args[0], args[1:]
				} else {
					r.errorf("read: -%c: option requires an argument", c)
					return 2
				}
			}
			switch c {
			case 'r':
				o.raw = true
			case 's':
				o.silent = true
			case 'e':
			case 'a':
				o.array = val
			case 'd':
				if val == "" {
					o.delim = 0
				} else {
					o.delim = val[0]
				}
			case 'n', 'N':
				n, err := strconv.Atoi(val)
				if err != nil || n < 0 {
					r.errorf("read: %s: invalid number", val)
					return 2
				}
				o.nchars = n
				o.exact = c == 'N'
			case 'p':
				o.prompt = val
			case 't':
				f, err := strconv.ParseFloat(val, 64)
				if err != nil || f < 0 {
					r.errorf("read: %s: invalid timeout specification", val)
					return 2
				}
				o.timeout, o.hasTimeout = f, true
			case 'u':
				n, err := strconv.Atoi(val)
				if err != nil || n < 0 {
					r.errorf("read: %s: invalid file descriptor specification", val)
					return 2
				}
				o.fd = n
			case 'i':
			default:
				r.errorf("read: -%c: invalid option", c)
				r.errorf("read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]")
				return 2
			}
			if needArg {
				break
			}
		}
	}
	for _, n := range args {
		if !syntax.ValidName(n) {
			r.errorf("read: `%s': not a valid identifier", n)
			return 1
		}
	}
	f := r.fds.Get(o.fd)
	if f == nil {
		r.errorf("read: %d: invalid file descriptor: Bad file descriptor", o.fd)
		return 1
	}
	if o.silent {
		// -s: the terminal does not echo what is typed (off before the
		// prompt, so nothing typed after it is echoed).
		if restore := noEcho(f); restore != nil {
			defer restore()
		}
	}
	if o.prompt != "" && isTerminal(f) {
		io.WriteString(r.stderrW(), o.prompt)
	}
	if o.hasTimeout && o.timeout == 0 {
		// read -t 0: is input available?
		return oneIf(!pollReadable(f, 0))
	}
	line, eof, timedOut, err := r.readInput(f, o)
	if err != nil {
		r.errorf("read: read error: %d: %s", o.fd, errText(err))
		return 1
	}
	st := 0
	if eof {
		st = 1
	}
	if timedOut {
		st = 142
	}
	ifsLine := line
	if o.exact {
		if len(args) == 0 && o.array == "" {
			r.setString("REPLY", line)
		} else if o.array != "" {
			r.setVariable(o.array, expand.Variable{Set: true, Kind: expand.Indexed, List: []string{line}})
		} else {
			r.setString(args[0], line)
			for _, n := range args[1:] {
				r.setString(n, "")
			}
		}
		return st
	}
	if o.array != "" {
		fields := readFields(r.ifs(), ifsLine, -1, o.raw)
		if err := r.setVariable(o.array, expand.Variable{Set: true, Kind: expand.Indexed, List: append([]string{}, fields...)}); err != nil {
			r.errorf("read: %v", err)
			return 1
		}
		return st
	}
	if len(args) == 0 {
		if !o.raw {
			line = unbackslash(line)
		}
		r.setString("REPLY", line)
		return st
	}
	fields := readFields(r.ifs(), ifsLine, len(args), o.raw)
	for i, n := range args {
		v := ""
		if i < len(fields) {
			v = fields[i]
		}
		if err := r.setString(n, v); err != nil {
			r.errorf("read: %v", err)
			return 1
		}
	}
	return st
}

func unbackslash(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// readInput reads one record from f. For a seekable file it reads a block
// and seeks back past what it did not use, as bash does; otherwise it reads
// one byte at a time so no input is consumed beyond the record. Pipes the
// shell made stay in Go's poller, so a reader waiting for a builtin writer
// parks its goroutine instead of blocking a thread.
func (r *Runner) readInput(f *os.File, o readOpts) (line string, eof, timedOut bool, err error) {
	var b []byte
	seekable := false
	readf, isCoproc := r.coprocRead(f, o.timeout, o.hasTimeout) // coproc.go
	if isCoproc {
		// buffered by the coprocess's reader
	} else if !o.hasTimeout {
		fi, serr := f.Stat()
		if serr == nil && (fi.Mode().IsRegular() || fi.Mode()&os.ModeDevice != 0 && fi.Mode()&os.ModeCharDevice == 0) {
			if _, serr := f.Seek(0, io.SeekCurrent); serr == nil {
				seekable = true
			}
		}
		if serr == nil && fi.Mode()&os.ModeCharDevice != 0 && isTerminal(f) {
			// A reader blocked on a terminal can miss the wake-up when
			// the terminal's mode changes under it (a coprocess's pty
			// switched to canonical input to deliver end of file): wait
			// with poll, which looks again every 100 ms.
			inner := readf
			readf = func(p []byte) (int, error) {
				for !pollReadable(f, 100*time.Millisecond) {
					if err := r.ctx.Err(); err != nil {
						return 0, err
					}
				}
				return inner(p)
			}
		}
	} else {
		deadline := time.Now().Add(time.Duration(o.timeout * float64(time.Second)))
		if f.SetReadDeadline(deadline) == nil {
			defer f.SetReadDeadline(time.Time{})
		} else if !pollReadable(f, time.Until(deadline)) {
			return "", false, true, nil
		}
	}
	count := 0
	limit := o.nchars
	bp := r.shared.lineBufs.Get().(*[]byte) // reused: read runs often
	defer r.shared.lineBufs.Put(bp)
	buf := *bp
	escaped := false
	for {
		if limit >= 0 && count >= limit {
			return string(b), false, false, nil
		}
		var chunk []byte
		want := 1
		if seekable {
			want = len(buf)
		}
		n, rerr := readf(buf[:want])
		if n == 0 {
			switch {
			case rerr == nil:
				continue
			case errors.Is(rerr, io.EOF):
				return string(b), true, false, nil
			case errors.Is(rerr, os.ErrDeadlineExceeded):
				return string(b), false, true, nil
			case errors.Is(rerr, unix.EINTR):
				continue
			case ptyEOF(f, rerr):
				// a coprocess's pty whose child side is closed
				return string(b), true, false, nil
			}
			return string(b), false, false, rerr
		}
		chunk = buf[:n]
		for i, c := range chunk {
			stop := false
			if limit >= 0 && count >= limit {
				stop = true
			} else if escaped {
				escaped = false
				if c == '\n' {
					// line continuation: drop the backslash-newline
					b = b[:len(b)-1]
					count--
				} else {
					b = append(b, c)
					count++
				}
			} else if c == o.delim && !o.exact {
				if seekable {
					f.Seek(int64(i+1-len(chunk)), io.SeekCurrent)
				}
				return string(b), false, false, nil
			} else {
				if c == '\\' && !o.raw {
					escaped = true
				}
				b = append(b, c)
				count++
			}
			if stop {
				if seekable {
					f.Seek(int64(i-len(chunk)), io.SeekCurrent)
				}
				return string(b), false, false, nil
			}
		}
	}
}

func pollReadable(f *os.File, d time.Duration) bool {
	ms := int(d / time.Millisecond)
	if d > 0 && ms == 0 {
		ms = 1
	}
	fds := []unix.PollFd{{Fd: int32(f.Fd()), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(fds, ms)
		if err == unix.EINTR {
			continue
		}
		return err == nil && n > 0
	}
}

// noEcho turns echo off on the terminal f and returns what restores it, or
// nil when f is not a terminal.
func noEcho(f *os.File) func() {
	fd := int(f.Fd())
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil
	}
	old := *t
	t.Lflag &^= unix.ECHO | unix.ECHONL
	if unix.IoctlSetTermios(fd, unix.TCSETS, t) != nil {
		return nil
	}
	return func() { unix.IoctlSetTermios(fd, unix.TCSETS, &old) }
}

func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

func biMapfile(r *Runner, ctx context.Context, args []string) int {
	name := "MAPFILE"
	delim := byte('\n')
	count, origin, skip, fd := 0, 0, 0, 0
	trim := false
	keepOld := false
	callback, quantum := "", 5000
	args = args[1:]
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		c := a[1]
		var val string
		if strings.IndexByte("dnOsuCc", c) >= 0 {
			if len(a) > 2 {
				val = a[2:]
			} else if len(args) > 0 {
				val, args = args[0], args[1:]
			} else {
				r.errorf("mapfile: -%c: option requires an argument", c)
				return 2
			}
		}
		num := func() (int, bool) {
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				r.errorf("mapfile: %s: invalid number", val)
				return 0, false
			}
			return n, true
		}
		var ok = true
		switch c {
		case 't':
			trim = true
		case 'd':
			if val == "" {
				delim = 0
			} else {
				delim = val[0]
			}
		case 'n':
			count, ok = num()
		case 'O':
			origin, ok = num()
			keepOld = true
		case 's':
			skip, ok = num()
		case 'u':
			fd, ok = num()
		case 'C':
			callback = val
		case 'c':
			quantum, ok = num()
			if ok && quantum == 0 {
				r.errorf("mapfile: %s: invalid callback quantum", val)
				return 1
			}
		default:
			r.errorf("mapfile: -%c: invalid option", c)
			return 2
		}
		if !ok {
			return 1
		}
	}
	if len(args) > 0 {
		name = args[0]
	}
	f := r.fds.Get(fd)
	if f == nil {
		r.errorf("mapfile: %d: invalid file descriptor: Bad file descriptor", fd)
		return 1
	}
	var list []string
	var idx []int
	if keepOld {
		v := r.lookup(name)
		if v.Kind == expand.Indexed {
			list, idx = append([]string(nil), v.List...), append([]int(nil), v.Indexes...)
			if v.Indexes == nil {
				idx = nil
			}
		}
	}
	o := readOpts{delim: delim, nchars: -1, raw: true}
	n := 0
	for count == 0 || n < count {
		line, eof, _, err := r.readInput(f, o)
		if err != nil {
			break
		}
		if eof && line == "" {
			break
		}
		if skip > 0 {
			skip--
			if eof {
				break
			}
			continue
		}
		if !trim && !eof {
			line += string(delim)
		}
		list, idx = arraySet(list, idx, origin+n, line)
		n++
		if callback != "" && n%quantum == 0 {
			// bash evaluates "callback index line" every quantum lines.
			r.runString(ctx, callback+" "+strconv.Itoa(origin+n-1)+" "+shellQuote(line), "mapfile")
		}
		if eof {
			break
		}
	}
	if list == nil {
		list = []string{}
	}
	if err := r.setVariable(name, expand.Variable{Set: true, Kind: expand.Indexed, List: list, Indexes: idx}); err != nil {
		r.errorf("mapfile: %v", err)
		return 1
	}
	return 0
}
