package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// checkRlimit reports whether the process could set rl for res.
func checkRlimit(res int, rl unix.Rlimit) error {
	var cur unix.Rlimit
	if err := unix.Getrlimit(res, &cur); err != nil {
		return err
	}
	if rl.Cur > rl.Max && rl.Max != unix.RLIM_INFINITY || rl.Cur == unix.RLIM_INFINITY && rl.Max != unix.RLIM_INFINITY {
		return unix.EINVAL
	}
	if (rl.Max > cur.Max || rl.Max == unix.RLIM_INFINITY && cur.Max != unix.RLIM_INFINITY) && unix.Geteuid() != 0 {
		return unix.EPERM
	}
	return nil
}

// runString parses and runs src in the current shell (eval, traps).
func (r *Runner) runString(ctx context.Context, src, name string) int {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
	if err != nil {
		r.errorf("%s: %v", name, parseErr(err))
		return 2
	}
	rewriteArith(f)
	r.stmts(ctx, f.Stmts)
	return r.status
}

// runSource runs a script from rd in the current shell, statement by
// statement.
func (r *Runner) runSource(ctx context.Context, rd io.Reader, name string) int {
	p := syntax.NewParser(syntax.Variant(syntax.LangBash))
	oldFile := r.fileName
	r.fileName = name
	defer func() { r.fileName = oldFile }()
	r.status = 0
	for st, err := range stmtsSeq(p, rd) {
		if err != nil {
			fmt.Fprintf(r.stderrW(), "%v\n", parseErr(err))
			r.status = 2
			if !r.opts.interactive && r.sourceDepth == 0 {
				r.exiting = true
				r.exitCode = 2
			}
			return 2
		}
		r.stmt(ctx, st)
		if r.stop() {
			break
		}
	}
	return r.status
}

// runTrapCode runs a trap's command. As in bash, $LINENO and
// $BASH_COMMAND inside it name the command that set it off.
func (r *Runner) runTrapCode(ctx context.Context, code string) {
	wasTrap, line, trig := r.inTrap, r.line, r.trapCall
	if !wasTrap {
		r.trapCall = r.curCall
	}
	r.inTrap = true
	r.runString(ctx, code, "trap")
	r.inTrap, r.line, r.trapCall = wasTrap, line, trig
}

func biSource(r *Runner, ctx context.Context, args []string) int {
	if len(args) < 2 {
		r.errorf("%s: filename argument required", args[0])
		return 2
	}
	name := args[1]
	path := name
	if !strings.Contains(name, "/") {
		if p, err := r.lookSource(name); err == nil {
			path = p
		}
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.dir, path)
	}
	data, err := r.readShellFile(name, path)
	if err != nil {
		r.errorf("%s: %s", name, errText(err))
		if !r.opts.interactive && r.opts.posix {
			r.exiting = true
			r.exitCode = 1
		}
		return 1
	}
	if len(args) > 2 {
		old := r.params
		r.params = args[2:]
		defer func() { r.params = old }()
	}
	r.sourceDepth++
	r.srcNames = append(r.srcNames, name)
	st := r.runSource(ctx, strings.NewReader(string(data)), name)
	r.srcNames = r.srcNames[:len(r.srcNames)-1]
	r.sourceDepth--
	if r.returning && r.funcDepth == 0 || r.returning && r.sourceDepth >= 0 {
		r.returning = false
		st = r.status
	}
	return st
}

// readShellFile reads a file the shell opens itself, honouring the paths
// the shell handles (/dev/stdin, /dev/fd/N: `source /dev/stdin <<EOF`).
func (r *Runner) readShellFile(name, path string) ([]byte, error) {
	if strings.HasPrefix(name, "/dev/") {
		f, err := r.openPath(name, os.O_RDONLY)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(f)
	}
	return os.ReadFile(path)
}

func (r *Runner) lookSource(name string) (string, error) {
	for _, dir := range filepath.SplitList(r.lookup("PATH").String()) {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", errNotFound
}

func biExec(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	argv0 := ""
	clearEnv := false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		if a == "--" {
			args = args[1:]
			break
		}
		switch a {
		case "-c":
			clearEnv = true
		case "-l":
		case "-a":
			if len(args) < 2 {
				r.errorf("exec: -a: option requires an argument")
				return 2
			}
			argv0 = args[1]
			args = args[1:]
		default:
			r.errorf("exec: %s: invalid option", a)
			return 2
		}
		args = args[1:]
	}
	if len(args) == 0 {
		return 0
	}
	path, err := r.lookPath(args[0])
	if err != nil {
		code := 127
		if errors.Is(err, errIsDir) {
			r.errorf("exec: %s: cannot execute: Is a directory", args[0])
			code = 126
		} else {
			r.errorf("exec: %s: not found", args[0])
		}
		if !r.opts.interactive {
			r.exiting = true
			r.exitCode = code
		}
		return code
	}
	argv := slices.Clone(args)
	if argv0 != "" {
		argv[0] = argv0
	}
	env := r.environ()
	if clearEnv {
		env = nil
	}
	if r.shared.realExec != nil && !r.subshell {
		// Replace the process: move the table onto the real fds.
		r.runExitTrapForExec(ctx)
		err := r.shared.realExec(path, argv, env, r.fds.Files())
		r.errorf("exec: %s: %s", args[0], errText(err))
		r.exiting = true
		r.exitCode = 126
		return 126
	}
	p, err := r.spawnJob(path, argv, env, r.fds)
	if err != nil {
		r.errorf("exec: %s: %s", args[0], errText(err))
		r.exiting = true
		r.exitCode = 126
		return 126
	}
	r.fds.CloseAll()
	p.wait(ctx, false)
	r.exiting = true
	r.exitCode = p.status
	return p.status
}

func (r *Runner) runExitTrapForExec(ctx context.Context) {}

// RealExec makes `exec cmd` in the main shell replace the process, as in
// a standalone shell. fn receives the fd table as files indexed by fd and
// must not return on success. Without it, exec runs the command and then
// ends the run with its status, which is what an embedded engine wants.
func RealExec(fn func(path string, argv, env []string, files []*os.File) error) Option {
	return func(r *Runner) error { r.shared.realExec = fn; return nil }
}

// ExecProcess replaces the current process image, installing files as fds
// 0..n-1. It is the function cmd/ipsh passes to [RealExec].
func ExecProcess(path string, argv, env []string, files []*os.File) error {
	// Duplicate everything above the target range first, so dup2 cannot
	// clobber a source before it is used.
	n := len(files)
	tmp := make([]int, n)
	for i, f := range files {
		tmp[i] = -1
		if f == nil {
			continue
		}
		fd, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, max(n, 3)+10)
		if err != nil {
			return err
		}
		tmp[i] = fd
	}
	for i := 0; i < n; i++ {
		if tmp[i] < 0 {
			unix.Close(i)
			continue
		}
		if err := unix.Dup3(tmp[i], i, 0); err != nil {
			return err
		}
	}
	for i := n; i < 3; i++ {
		// keep stdio the process had if the table is shorter
	}
	return syscall.Exec(path, argv, env)
}

func biCommand(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	mode := ""
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		a := args[0]
		if a == "--" {
			args = args[1:]
			break
		}
		for _, c := range a[1:] {
			switch c {
			case 'v', 'V':
				mode = string(c)
			case 'p':
			default:
				r.errorf("command: -%c: invalid option", c)
				return 2
			}
		}
		args = args[1:]
	}
	if len(args) == 0 {
		return 0
	}
	if mode != "" {
		st := 0
		for _, n := range args {
			if !r.describe(n, mode == "V", false, "") {
				st = 1
				if mode == "V" {
					r.errorf("command: %s: not found", n)
				}
			}
		}
		return st
	}
	if bi := coreBuiltin(args[0]); bi != nil {
		return bi(r, ctx, args)
	}
	if b, ok := r.shared.builtins[args[0]]; ok {
		return r.runBuiltin(ctx, b, args)
	}
	r.runProgram(ctx, args, nil, nil, false)
	return r.status
}

func biBuiltin(r *Runner, ctx context.Context, args []string) int {
	if len(args) < 2 {
		return 0
	}
	if bi := coreBuiltin(args[1]); bi != nil {
		return bi(r, ctx, args[1:])
	}
	if b, ok := r.shared.builtins[args[1]]; ok {
		return r.runBuiltin(ctx, b, args[1:])
	}
	r.errorf("builtin: %s: not a shell builtin", args[1])
	return 1
}

// describe prints what name is, for type and command -v/-V.
func (r *Runner) describe(name string, verbose, all bool, only string) bool {
	w := r.stdoutW()
	found := false
	if only == "" || only == "t" {
		if v, ok := r.aliases[name]; ok && (r.opts.expandAliases || r.opts.interactive) {
			found = true
			switch {
			case only == "t":
				fmt.Fprintln(w, "alias")
			case verbose:
				fmt.Fprintf(w, "%s is aliased to `%s'\n", name, v)
			default:
				fmt.Fprintf(w, "alias %s=%s\n", name, aliasQuote(v))
			}
			if !all {
				return true
			}
		}
		if keywords[name] {
			found = true
			switch {
			case only == "t":
				fmt.Fprintln(w, "keyword")
			case verbose:
				fmt.Fprintf(w, "%s is a shell keyword\n", name)
			default:
				fmt.Fprintln(w, name)
			}
			if !all {
				return true
			}
		}
		if body, ok := r.funcs[name]; ok {
			found = true
			switch {
			case only == "t":
				fmt.Fprintln(w, "function")
			case verbose:
				fmt.Fprintf(w, "%s is a function\n%s", name, funcText(name, body))
			default:
				fmt.Fprintln(w, name)
			}
			if !all {
				return true
			}
		}
		_, isExt := r.shared.builtins[name]
		if coreBuiltin(name) != nil || isExt {
			found = true
			switch {
			case only == "t":
				fmt.Fprintln(w, "builtin")
			case verbose:
				fmt.Fprintf(w, "%s is a shell builtin\n", name)
			default:
				fmt.Fprintln(w, name)
			}
			if !all {
				return true
			}
		}
	}
	var paths []string
	if all && !strings.Contains(name, "/") {
		for _, dir := range filepath.SplitList(r.lookup("PATH").String()) {
			p := filepath.Join(dir, name)
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
				paths = append(paths, p)
			}
		}
	} else {
		_, hashed := r.hash[name]
		if p, err := r.lookPath(name); err == nil {
			if fi, err := os.Stat(p); err == nil && fi.Mode()&0o111 != 0 {
				paths = append(paths, p)
				if hashed && verbose && only == "" {
					fmt.Fprintf(w, "%s is hashed (%s)\n", name, p)
					return true
				}
			}
		}
	}
	for _, p := range paths {
		found = true
		switch {
		case only == "t":
			fmt.Fprintln(w, "file")
		case verbose:
			fmt.Fprintf(w, "%s is %s\n", name, p)
		default:
			fmt.Fprintln(w, p)
		}
		if !all {
			break
		}
	}
	return found
}

func biType(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	all, only, pathOnly, forcePath := false, "", false, false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		a := args[0]
		if a == "--" {
			args = args[1:]
			break
		}
		for _, c := range a[1:] {
			switch c {
			case 'a':
				all = true
			case 't':
				only = "t"
			case 'p':
				pathOnly = true
			case 'P':
				// search PATH even for builtins and functions
				pathOnly, forcePath = true, true
			case 'f':
			default:
				r.errorf("type: -%c: invalid option", c)
				r.errorf("type: usage: type [-afptP] name [name ...]")
				return 2
			}
		}
		args = args[1:]
	}
	st := 0
	for _, n := range args {
		if pathOnly {
			p, err := r.lookPath(n)
			if err != nil || !forcePath && (coreBuiltin(n) != nil || r.funcs[n] != nil) && !strings.Contains(n, "/") && !all {
				if err != nil {
					st = 1
				}
				continue
			}
			fmt.Fprintln(r.stdoutW(), p)
			continue
		}
		if !r.describe(n, only == "", all, only) {
			if only == "" {
				r.errorf("type: %s: not found", n)
			}
			st = 1
		}
	}
	return st
}

func biHash(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	if len(args) == 0 {
		if len(r.hash) == 0 {
			r.errorf("hash: hash table empty")
			return 0
		}
		var b strings.Builder
		b.WriteString("hits\tcommand\n")
		names := make([]string, 0, len(r.hash))
		for n := range r.hash {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			fmt.Fprintf(&b, "   1\t%s\n", r.hash[n])
		}
		return r.writeOut("hash", b.String())
	}
	st := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch a {
		case "-r":
			clear(r.hash)
			continue
		case "-d":
			for _, n := range args[i+1:] {
				if _, ok := r.hash[n]; !ok {
					r.errorf("hash: %s: not found", n)
					st = 1
				}
				delete(r.hash, n)
			}
			return st
		case "-t":
			for _, n := range args[i+1:] {
				p, ok := r.hash[n]
				if !ok {
					r.errorf("hash: %s: not found", n)
					st = 1
					continue
				}
				if len(args[i+1:]) > 1 {
					fmt.Fprintf(r.stdoutW(), "%s\t%s\n", n, p)
				} else {
					fmt.Fprintln(r.stdoutW(), p)
				}
			}
			return st
		case "-p":
			if i+2 >= len(args)+0 && i+2 > len(args) {
				r.errorf("hash: -p: option requires an argument")
				return 2
			}
			r.hash[args[i+2]] = args[i+1]
			return 0
		case "-l":
			for n, p := range r.hash {
				fmt.Fprintf(r.stdoutW(), "builtin hash -p %s %s\n", p, n)
			}
			return 0
		}
		if coreBuiltin(a) != nil {
			continue
		}
		delete(r.hash, a)
		if _, err := r.lookPath(a); err != nil {
			r.errorf("hash: %s: not found", a)
			st = 1
		}
	}
	return st
}

func biGetopts(r *Runner, ctx context.Context, args []string) int {
	if len(args) < 3 {
		r.errorf("getopts: usage: getopts optstring name [arg ...]")
		return 2
	}
	optstr, name := args[1], args[2]
	params := r.params
	if len(args) > 3 {
		params = args[3:]
	}
	silent := strings.HasPrefix(optstr, ":")
	if silent {
		optstr = optstr[1:]
	}
	optind, _ := strconv.Atoi(r.lookup("OPTIND").String())
	if optind < 1 {
		optind = 1
	}
	// sub-position within a clustered argument
	pos := r.getoptsPos
	if r.getoptsInd != optind {
		pos = 0
	}
	finish := func() int {
		r.setString(name, "?")
		r.unsetVar("OPTARG")
		r.setString("OPTIND", strconv.Itoa(optind))
		r.getoptsPos, r.getoptsInd = 0, optind
		return 1
	}
	if optind > len(params) {
		return finish()
	}
	arg := params[optind-1]
	if pos == 0 {
		if arg == "--" {
			optind++
			return finish()
		}
		if len(arg) < 2 || arg[0] != '-' {
			return finish()
		}
		pos = 1
	}
	c := arg[pos]
	pos++
	next := func() {
		if pos >= len(arg) {
			optind++
			pos = 0
		}
	}
	i := strings.IndexByte(optstr, c)
	if i < 0 || c == ':' {
		if silent {
			r.setString("OPTARG", string(c))
		} else {
			fmt.Fprintf(r.stderrW(), "%s: illegal option -- %c\n", r.arg0, c)
			r.unsetVar("OPTARG")
		}
		r.setString(name, "?")
		next()
	} else if i+1 < len(optstr) && optstr[i+1] == ':' {
		if pos < len(arg) {
			r.setString("OPTARG", arg[pos:])
			optind++
			pos = 0
			r.setString(name, string(c))
		} else if optind < len(params) {
			r.setString("OPTARG", params[optind])
			optind += 2
			pos = 0
			r.setString(name, string(c))
		} else {
			if silent {
				r.setString(name, ":")
				r.setString("OPTARG", string(c))
			} else {
				fmt.Fprintf(r.stderrW(), "%s: option requires an argument -- %c\n", r.arg0, c)
				r.setString(name, "?")
				r.unsetVar("OPTARG")
			}
			optind++
			pos = 0
		}
	} else {
		r.setString(name, string(c))
		r.unsetVar("OPTARG")
		next()
	}
	r.setString("OPTIND", strconv.Itoa(optind))
	r.getoptsPos, r.getoptsInd = pos, optind
	return 0
}

func biUmask(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	sym, printP := false, false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-S":
			sym = true
		case "-p":
			printP = true
		default:
			r.errorf("umask: %s: invalid option", args[0])
			return 2
		}
		args = args[1:]
	}
	cur := unix.Umask(0)
	unix.Umask(cur)
	if len(args) == 0 {
		var s string
		if sym {
			s = symMask(cur)
		} else {
			s = fmt.Sprintf("%04o", cur)
		}
		if printP {
			s = "umask " + map[bool]string{true: "-S ", false: ""}[sym] + s
		}
		return r.writeOut("umask", s+"\n")
	}
	m, err := strconv.ParseUint(args[0], 8, 32)
	if err != nil {
		nm, ok := parseSymMask(args[0], cur)
		if !ok {
			r.errorf("umask: %s: invalid symbolic mode operator", args[0])
			return 1
		}
		m = uint64(nm)
	}
	unix.Umask(int(m & 0o777))
	return 0
}

func symMask(mask int) string {
	perm := ^mask & 0o777
	part := func(shift int) string {
		s := ""
		bits := perm >> shift & 7
		if bits&4 != 0 {
			s += "r"
		}
		if bits&2 != 0 {
			s += "w"
		}
		if bits&1 != 0 {
			s += "x"
		}
		return s
	}
	return "u=" + part(6) + ",g=" + part(3) + ",o=" + part(0)
}

func parseSymMask(s string, cur int) (int, bool) {
	perm := ^cur & 0o777
	for _, clause := range strings.Split(s, ",") {
		i := strings.IndexAny(clause, "=+-")
		if i < 0 {
			return 0, false
		}
		who, op, what := clause[:i], clause[i], clause[i+1:]
		if who == "" || who == "a" {
			who = "ugo"
		}
		bits := 0
		for _, c := range what {
			switch c {
			case 'r':
				bits |= 4
			case 'w':
				bits |= 2
			case 'x':
				bits |= 1
			default:
				return 0, false
			}
		}
		for _, w := range who {
			shift := map[rune]int{'u': 6, 'g': 3, 'o': 0}[w]
			switch op {
			case '=':
				perm = perm&^(7<<shift) | bits<<shift
			case '+':
				perm |= bits << shift
			case '-':
				perm &^= bits << shift
			}
		}
	}
	return ^perm & 0o777, true
}

var ulimitTable = []struct {
	flag    byte
	res     int
	name    string
	unit    string
	divisor uint64
}{
	{'c', unix.RLIMIT_CORE, "core file size", "blocks", 512},
	{'d', unix.RLIMIT_DATA, "data seg size", "kbytes", 1024},
	{'e', unix.RLIMIT_NICE, "scheduling priority", "", 1},
	{'f', unix.RLIMIT_FSIZE, "file size", "blocks", 512},
	{'i', unix.RLIMIT_SIGPENDING, "pending signals", "", 1},
	{'l', unix.RLIMIT_MEMLOCK, "max locked memory", "kbytes", 1024},
	{'m', unix.RLIMIT_RSS, "max memory size", "kbytes", 1024},
	{'n', unix.RLIMIT_NOFILE, "open files", "", 1},
	{'q', unix.RLIMIT_MSGQUEUE, "POSIX message queues", "bytes", 1},
	{'r', unix.RLIMIT_RTPRIO, "real-time priority", "", 1},
	{'s', unix.RLIMIT_STACK, "stack size", "kbytes", 1024},
	{'t', unix.RLIMIT_CPU, "cpu time", "seconds", 1},
	{'u', unix.RLIMIT_NPROC, "max user processes", "", 1},
	{'v', unix.RLIMIT_AS, "virtual memory", "kbytes", 1024},
	{'x', unix.RLIMIT_LOCKS, "file locks", "", 1},
}

func biUlimit(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	hard, soft, all := false, false, false
	var flags []byte
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		for _, c := range args[0][1:] {
			switch c {
			case 'H':
				hard = true
			case 'S':
				soft = true
			case 'a':
				all = true
			default:
				ok := false
				for _, e := range ulimitTable {
					if e.flag == byte(c) {
						ok = true
					}
				}
				if !ok {
					r.errorf("ulimit: -%c: invalid option", c)
					return 2
				}
				flags = append(flags, byte(c))
			}
		}
		args = args[1:]
	}
	if !hard && !soft {
		soft = true
	}
	if len(flags) == 0 && !all {
		flags = []byte{'f'}
	}
	fmtVal := func(v, div uint64) string {
		if v == unix.RLIM_INFINITY {
			return "unlimited"
		}
		return strconv.FormatUint(v/div, 10)
	}
	var b strings.Builder
	for _, e := range ulimitTable {
		if !all && !slices.Contains(flags, e.flag) {
			continue
		}
		rl, ok := r.limits[e.res]
		if !ok {
			if err := unix.Getrlimit(e.res, &rl); err != nil {
				r.errorf("ulimit: %s", errText(err))
				return 1
			}
		}
		if len(args) > 0 && !all {
			var v uint64
			if args[0] == "unlimited" {
				v = unix.RLIM_INFINITY
			} else {
				n, err := strconv.ParseUint(args[0], 10, 64)
				if err != nil {
					r.errorf("ulimit: %s: invalid number", args[0])
					return 1
				}
				v = n * e.divisor
			}
			if hard {
				rl.Max = v
			}
			if soft {
				rl.Cur = v
			}
			if r.subshell {
				// A goroutine subshell must not change the limits
				// of the whole process: it keeps its own and
				// applies them to the programs it starts.
				if err := checkRlimit(e.res, rl); err != nil {
					r.errorf("ulimit: %s: cannot modify limit: %s", e.name, errText(err))
					return 1
				}
				if r.limits == nil {
					r.limits = make(map[int]unix.Rlimit)
				}
				r.limits[e.res] = rl
				continue
			}
			if err := unix.Setrlimit(e.res, &rl); err != nil {
				r.errorf("ulimit: %s: cannot modify limit: %s", e.name, errText(err))
				return 1
			}
			continue
		}
		v := rl.Cur
		if hard && !soft {
			v = rl.Max
		}
		if all {
			unit := ""
			if e.unit != "" {
				unit = "(" + e.unit + ", "
			} else {
				unit = "("
			}
			label := fmt.Sprintf("%s %s-%c)", e.name, unit, e.flag)
			fmt.Fprintf(&b, "%-32s%s\n", label, fmtVal(v, e.divisor))
		} else {
			fmt.Fprintf(&b, "%s\n", fmtVal(v, e.divisor))
		}
	}
	return r.writeOut("ulimit", b.String())
}

func biTimes(r *Runner, ctx context.Context, args []string) int {
	t := nowTimes()
	return r.writeOut("times", fmt.Sprintf("%s %s\n%s %s\n", fmtDur(t.user), fmtDur(t.sys), fmtDur(t.cuser), fmtDur(t.csys)))
}

// readLine reads a line from fd for select.
func (r *Runner) readLine(fd int) (string, error) {
	f := r.fds.Get(fd)
	if f == nil {
		return "", unix.EBADF
	}
	line, eof, _, err := r.readInput(f, readOpts{delim: '\n', nchars: -1, raw: true})
	if err != nil {
		return "", err
	}
	if eof && line == "" {
		return "", io.EOF
	}
	return line, nil
}

func biCd(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	physical := false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		if args[0] == "--" {
			args = args[1:]
			break
		}
		switch args[0] {
		case "-P":
			physical = true
		case "-L", "-e", "-@":
		default:
			r.errorf("cd: %s: invalid option", args[0])
			r.errorf("cd: usage: cd [-L|[-P [-e]] [-@]] [dir]")
			return 2
		}
		args = args[1:]
	}
	if len(args) > 1 {
		r.errorf("cd: too many arguments")
		return 1
	}
	var dir string
	print := false
	if len(args) == 0 {
		home, ok := r.Var("HOME")
		if !ok {
			r.errorf("cd: HOME not set")
			return 1
		}
		dir = home
	} else {
		dir = args[0]
		if dir == "-" {
			old, ok := r.Var("OLDPWD")
			if !ok {
				r.errorf("cd: OLDPWD not set")
				return 1
			}
			dir = old
			print = true
		}
	}
	target := dir
	if !filepath.IsAbs(dir) && !strings.HasPrefix(dir, "./") && !strings.HasPrefix(dir, "../") && dir != "." && dir != ".." {
		if cdpath, ok := r.Var("CDPATH"); ok && cdpath != "" {
			for _, p := range filepath.SplitList(cdpath) {
				if p == "" {
					p = "."
				}
				cand := filepath.Join(p, dir)
				if !filepath.IsAbs(cand) {
					cand = filepath.Join(r.dir, cand)
				}
				if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
					target = cand
					print = p != "."
					break
				}
			}
		}
	}
	if err := r.chdir(target, physical); err != nil {
		r.errorf("cd: %s: %s", dir, errText(err))
		return 1
	}
	if print {
		fmt.Fprintln(r.stdoutW(), r.dir)
	}
	return 0
}

// chdir changes the runner's directory; the process's own directory is
// never changed, so goroutine subshells stay independent.
func (r *Runner) chdir(dir string, physical bool) error {
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(r.dir, dir)
	}
	dir = filepath.Clean(dir)
	if physical {
		if p, err := filepath.EvalSymlinks(dir); err == nil {
			dir = p
		}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return unix.ENOTDIR
	}
	if err := unix.Access(dir, unix.X_OK); err != nil {
		return err
	}
	old := r.dir
	r.dir = dir
	r.setString("OLDPWD", old)
	r.setString("PWD", dir)
	return nil
}

func biPwd(r *Runner, ctx context.Context, args []string) int {
	physical := false
	for _, a := range args[1:] {
		switch a {
		case "-P":
			physical = true
		case "-L":
			physical = false
		default:
			r.errorf("pwd: %s: invalid option", a)
			r.errorf("pwd: usage: pwd [-LP]")
			return 2
		}
	}
	d := r.dir
	if physical {
		if p, err := filepath.EvalSymlinks(d); err == nil {
			d = p
		}
	}
	return r.writeOut("pwd", d+"\n")
}

func (r *Runner) dirsLine() string {
	home, _ := r.Var("HOME")
	all := append([]string{r.dir}, reversed(r.dirs)...)
	for i, d := range all {
		if home != "" && (d == home || strings.HasPrefix(d, home+"/")) {
			all[i] = "~" + d[len(home):]
		}
	}
	return strings.Join(all, " ")
}

func biPushd(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	noCd := false
	if len(args) > 0 && args[0] == "-n" {
		noCd = true
		args = args[1:]
	}
	if len(args) == 0 {
		if len(r.dirs) == 0 {
			r.errorf("pushd: no other directory")
			return 1
		}
		top := r.dirs[len(r.dirs)-1]
		cur := r.dir
		if err := r.chdir(top, false); err != nil {
			r.errorf("pushd: %s: %s", top, errText(err))
			return 1
		}
		r.dirs[len(r.dirs)-1] = cur
		return r.writeOut("pushd", r.dirsLine()+"\n")
	}
	a := args[0]
	if (a[0] == '+' || a[0] == '-') && len(a) > 1 {
		n, err := strconv.Atoi(a[1:])
		if err == nil {
			all := append([]string{r.dir}, reversed(r.dirs)...)
			if n >= len(all) {
				r.errorf("pushd: %s: directory stack index out of range", a)
				return 1
			}
			if a[0] == '-' {
				n = len(all) - 1 - n
			}
			rot := append(all[n:], all[:n]...)
			if err := r.chdir(rot[0], false); err != nil {
				r.errorf("pushd: %s: %s", rot[0], errText(err))
				return 1
			}
			r.dirs = reversed(rot[1:])
			return r.writeOut("pushd", r.dirsLine()+"\n")
		}
	}
	cur := r.dir
	if !noCd {
		if err := r.chdir(a, false); err != nil {
			r.errorf("pushd: %s: %s", a, errText(err))
			return 1
		}
		r.dirs = append(r.dirs, cur)
	} else {
		r.dirs = append(r.dirs[:0:0], append([]string{a}, r.dirs...)...)
	}
	return r.writeOut("pushd", r.dirsLine()+"\n")
}

func biPopd(r *Runner, ctx context.Context, args []string) int {
	args = args[1:]
	if len(r.dirs) == 0 {
		r.errorf("popd: directory stack empty")
		return 1
	}
	if len(args) > 0 && len(args[0]) > 1 && (args[0][0] == '+' || args[0][0] == '-') {
		n, err := strconv.Atoi(args[0][1:])
		all := append([]string{r.dir}, reversed(r.dirs)...)
		if err != nil || n >= len(all) {
			r.errorf("popd: %s: directory stack index out of range", args[0])
			return 1
		}
		if args[0][0] == '-' {
			n = len(all) - 1 - n
		}
		if n == 0 {
			if err := r.chdir(all[1], false); err != nil {
				r.errorf("popd: %s: %s", all[1], errText(err))
				return 1
			}
			all = all[1:]
		} else {
			all = append(all[:n], all[n+1:]...)
		}
		r.dirs = reversed(all[1:])
		return r.writeOut("popd", r.dirsLine()+"\n")
	}
	top := r.dirs[len(r.dirs)-1]
	if err := r.chdir(top, false); err != nil {
		r.errorf("popd: %s: %s", top, errText(err))
		return 1
	}
	r.dirs = r.dirs[:len(r.dirs)-1]
	return r.writeOut("popd", r.dirsLine()+"\n")
}

func biDirs(r *Runner, ctx context.Context, args []string) int {
	verbose, perLine, long := false, false, false
	for _, a := range args[1:] {
		switch a {
		case "-c":
			r.dirs = nil
			return 0
		case "-v":
			verbose = true
		case "-p":
			perLine = true
		case "-l":
			long = true
		default:
			if len(a) > 1 && (a[0] == '+' || a[0] == '-') {
				n, err := strconv.Atoi(a[1:])
				all := append([]string{r.dir}, reversed(r.dirs)...)
				if err != nil || n >= len(all) {
					r.errorf("dirs: %s: directory stack index out of range", a)
					return 1
				}
				if a[0] == '-' {
					n = len(all) - 1 - n
				}
				return r.writeOut("dirs", all[n]+"\n")
			}
			r.errorf("dirs: %s: invalid option", a)
			return 2
		}
	}
	all := append([]string{r.dir}, reversed(r.dirs)...)
	home, _ := r.Var("HOME")
	if !long && home != "" {
		for i, d := range all {
			if d == home || strings.HasPrefix(d, home+"/") {
				all[i] = "~" + d[len(home):]
			}
		}
	}
	var b strings.Builder
	switch {
	case verbose:
		for i, d := range all {
			fmt.Fprintf(&b, "%2d  %s\n", i, d)
		}
	case perLine:
		for _, d := range all {
			b.WriteString(d + "\n")
		}
	default:
		b.WriteString(strings.Join(all, " ") + "\n")
	}
	return r.writeOut("dirs", b.String())
}
