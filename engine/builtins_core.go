package engine

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// coreFunc is a builtin that needs the runner's insides.
type coreFunc func(r *Runner, ctx context.Context, args []string) int

// coreBuiltin returns the engine's own builtin called name, or nil.
func coreBuiltin(name string) coreFunc {
	switch name {
	case ":", "true":
		return func(*Runner, context.Context, []string) int { return 0 }
	case "false":
		return func(*Runner, context.Context, []string) int { return 1 }
	case "echo":
		return biEcho
	case "printf":
		return biPrintf
	case "read":
		return biRead
	case "mapfile", "readarray":
		return biMapfile
	case "cd":
		return biCd
	case "pwd":
		return biPwd
	case "pushd":
		return biPushd
	case "popd":
		return biPopd
	case "dirs":
		return biDirs
	case "eval":
		return biEval
	case "source", ".":
		return biSource
	case "exec":
		return biExec
	case "command":
		return biCommand
	case "type":
		return biType
	case "builtin":
		return biBuiltin
	case "hash":
		return biHash
	case "getopts":
		return biGetopts
	case "exit":
		return biExit
	case "return":
		return biReturn
	case "break", "continue":
		return biBreak
	case "shift":
		return biShift
	case "set":
		return biSet
	case "unset":
		return biUnset
	case "export", "readonly", "declare", "typeset", "local":
		return biDeclare
	case "let":
		return biLet
	case "trap":
		return biTrap
	case "wait":
		return biWait
	case "umask":
		return biUmask
	case "ulimit":
		return biUlimit
	case "times":
		return biTimes
	case "shopt":
		return biShopt
	case "alias":
		return biAlias
	case "unalias":
		return biUnalias
	case "help":
		return biHelp
	case "test", "[":
		return biTest
	case "kill":
		return biKill
	case "jobs":
		return biJobs
	case "disown":
		return biDisown
	case "fg", "bg":
		return biFgBg
	case "caller":
		return biCaller
	case "enable":
		return biEnable
	}
	return nil
}

// specialBuiltins are POSIX special builtins: in posix mode, prefix
// assignments to them persist.
var specialBuiltins = map[string]bool{
	":": true, ".": true, "break": true, "continue": true, "eval": true, "exec": true,
	"exit": true, "export": true, "readonly": true, "return": true, "set": true,
	"shift": true, "trap": true, "unset": true, "times": true, "source": true,
}

// keywords are the shell's reserved words, for `type`.
var keywords = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "fi": true, "case": true, "esac": true,
	"for": true, "select": true, "while": true, "until": true, "do": true, "done": true,
	"in": true, "function": true, "time": true, "{": true, "}": true, "!": true, "[[": true,
	"]]": true, "coproc": true,
}

// coreSummaries documents the engine's builtins for `help`.
var coreSummaries = map[string][2]string{
	":":         {": [arguments]", "Do nothing; succeed."},
	"true":      {"true", "Succeed."},
	"false":     {"false", "Fail."},
	"echo":      {"echo [-neE] [arg ...]", "Write arguments to standard output."},
	"printf":    {"printf [-v var] format [arguments]", "Format and print arguments."},
	"read":      {"read [-ers] [-a array] [-d delim] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]", "Read a line from standard input and split it into fields."},
	"mapfile":   {"mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [array]", "Read lines into an indexed array."},
	"readarray": {"readarray [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [array]", "Read lines into an indexed array."},
	"cd":        {"cd [-L|-P] [dir]", "Change the shell working directory."},
	"pwd":       {"pwd [-LP]", "Print the name of the current working directory."},
	"pushd":     {"pushd [-n] [+N | -N | dir]", "Add a directory to the directory stack."},
	"popd":      {"popd [-n] [+N | -N]", "Remove a directory from the directory stack."},
	"dirs":      {"dirs [-clpv] [+N] [-N]", "Display the directory stack."},
	"eval":      {"eval [arg ...]", "Execute arguments as a shell command."},
	"source":    {"source filename [arguments]", "Execute commands from a file in the current shell."},
	".":         {". filename [arguments]", "Execute commands from a file in the current shell."},
	"exec":      {"exec [-cl] [-a name] [command [argument ...]] [redirection ...]", "Replace the shell with the given command, or apply redirections to the shell."},
	"command":   {"command [-pVv] command [arg ...]", "Execute a simple command or display information about commands."},
	"type":      {"type [-afptP] name [name ...]", "Display information about command type."},
	"builtin":   {"builtin [shell-builtin [arg ...]]", "Execute shell builtins."},
	"hash":      {"hash [-lr] [-p pathname] [-dt] [name ...]", "Remember or display program locations."},
	"getopts":   {"getopts optstring name [arg ...]", "Parse option arguments."},
	"exit":      {"exit [n]", "Exit the shell."},
	"return":    {"return [n]", "Return from a shell function."},
	"break":     {"break [n]", "Exit for, while, or until loops."},
	"continue":  {"continue [n]", "Resume for, while, or until loops."},
	"shift":     {"shift [n]", "Shift positional parameters."},
	"set":       {"set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [arg ...]", "Set or unset values of shell options and positional parameters."},
	"unset":     {"unset [-f] [-v] [-n] [name ...]", "Unset values and attributes of shell variables and functions."},
	"export":    {"export [-fn] [name[=value] ...] or export -p", "Set export attribute for shell variables."},
	"readonly":  {"readonly [-aAf] [name[=value] ...] or readonly -p", "Mark shell variables as unchangeable."},
	"declare":   {"declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]", "Set variable values and attributes."},
	"typeset":   {"typeset [-aAfFgiIlnrtux] name[=value] ...", "Set variable values and attributes."},
	"local":     {"local [option] name[=value] ...", "Define local variables."},
	"let":       {"let arg [arg ...]", "Evaluate arithmetic expressions."},
	"trap":      {"trap [-lp] [[arg] signal_spec ...]", "Trap signals and other events."},
	"wait":      {"wait [-fn] [-p var] [id ...]", "Wait for job completion and return exit status."},
	"umask":     {"umask [-p] [-S] [mode]", "Display or set file mode mask."},
	"ulimit":    {"ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]", "Modify shell resource limits."},
	"times":     {"times", "Display process times."},
	"shopt":     {"shopt [-pqsu] [-o] [optname ...]", "Set and unset shell options."},
	"alias":     {"alias [-p] [name[=value] ... ]", "Define or display aliases."},
	"unalias":   {"unalias [-a] name [name ...]", "Remove each name from the list of defined aliases."},
	"help":      {"help [pattern ...]", "Display information about builtin commands."},
	"test":      {"test [expr]", "Evaluate conditional expression."},
	"[":         {"[ arg... ]", "Evaluate conditional expression."},
	"kill":      {"kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]", "Send a signal to a job."},
	"jobs":      {"jobs [-lnprs] [jobspec ...]", "Display status of jobs."},
	"disown":    {"disown [-h] [-ar] [jobspec ... | pid ...]", "Remove jobs from current shell."},
	"fg":        {"fg [job_spec]", "Move job to the foreground."},
	"bg":        {"bg [job_spec ...]", "Move jobs to the background."},
	"caller":    {"caller [expr]", "Return the context of the current subroutine call."},
	"enable":    {"enable [-a] [name ...]", "List builtins."},
}

// Help returns the usage lines and summaries of every builtin the runner
// has, sorted by name, as `help` prints them.
func (r *Runner) builtinNames() []string {
	var names []string
	for n := range coreSummaries {
		names = append(names, n)
	}
	for n := range r.shared.builtins {
		if _, ok := coreSummaries[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// BuiltinNames returns the names of all builtins, sorted.
func (r *Runner) BuiltinNames() []string { return r.builtinNames() }

func biHelp(r *Runner, ctx context.Context, args []string) int {
	w := r.stdoutW()
	if len(args) == 1 {
		fmt.Fprintf(w, "ipsh %s. Builtins (help NAME for details):\n\n", Version)
		for _, n := range r.builtinNames() {
			fmt.Fprintf(w, "  %-12s %s\n", n, r.summaryOf(n))
		}
		return 0
	}
	st := 0
	for _, n := range args[1:] {
		if b, ok := r.shared.builtins[n]; ok {
			printHelp(w, b)
			continue
		}
		if s, ok := coreSummaries[n]; ok {
			fmt.Fprintf(w, "%s: %s\n    %s\n", n, s[0], s[1])
			continue
		}
		r.errorf("help: no help topics match `%s'.", n)
		st = 1
	}
	return st
}

func (r *Runner) summaryOf(n string) string {
	if b, ok := r.shared.builtins[n]; ok {
		return b.Summary
	}
	return coreSummaries[n][1]
}

func biExit(r *Runner, ctx context.Context, args []string) int {
	code := r.status
	if len(args) > 1 {
		n, err := strconv.Atoi(args[1])
		if err != nil {
			r.errorf("exit: %s: numeric argument required", args[1])
			code = 2
		} else {
			code = n & 0xff
		}
	}
	r.exiting = true
	r.exitCode = code
	return code
}

func biReturn(r *Runner, ctx context.Context, args []string) int {
	if r.funcDepth == 0 && r.sourceDepth == 0 {
		r.errorf("return: can only `return' from a function or sourced script")
		return 1
	}
	code := r.status
	if len(args) > 1 {
		n, err := strconv.Atoi(args[1])
		if err != nil {
			r.errorf("return: %s: numeric argument required", args[1])
			code = 2
		} else {
			code = n & 0xff
		}
	}
	r.returning = true
	return code
}

func biBreak(r *Runner, ctx context.Context, args []string) int {
	n := 1
	if len(args) > 1 {
		v, err := strconv.Atoi(args[1])
		if err != nil || v < 1 {
			r.errorf("%s: %s: loop count out of range", args[0], args[1])
			return 1
		}
		n = v
	}
	// bash breaks out of as many loops as there are.
	n = min(n, max(r.loopDepth, 1))
	if args[0] == "break" {
		r.breakN = n
	} else {
		r.contN = n
	}
	return 0
}

func biShift(r *Runner, ctx context.Context, args []string) int {
	n := 1
	if len(args) > 1 {
		v, err := strconv.Atoi(args[1])
		if err != nil {
			r.errorf("shift: %s: numeric argument required", args[1])
			return 1
		}
		if v < 0 {
			r.errorf("shift: %s: shift count out of range", args[1])
			return 1
		}
		n = v
	}
	if n > len(r.params) {
		return 1
	}
	r.params = r.params[n:]
	return 0
}

func biLet(r *Runner, ctx context.Context, args []string) int {
	if len(args) < 2 {
		r.errorf("let: expression expected")
		return 1
	}
	n := 0
	for _, a := range args[1:] {
		v, err := r.arithString(a)
		if err != nil {
			r.errorf("let: %v", err)
			return 1
		}
		n = v
	}
	return oneIf(n == 0)
}

func biEval(r *Runner, ctx context.Context, args []string) int {
	src := strings.Join(args[1:], " ")
	if strings.TrimSpace(src) == "" {
		return 0
	}
	return r.runString(ctx, src, "eval")
}

func biCaller(r *Runner, ctx context.Context, args []string) int {
	if r.funcDepth == 0 {
		return 1
	}
	r.writeOut("caller", fmt.Sprintf("%d %s\n", r.line, r.fileName))
	return 0
}

func biEnable(r *Runner, ctx context.Context, args []string) int {
	var b strings.Builder
	for _, n := range r.builtinNames() {
		fmt.Fprintf(&b, "enable %s\n", n)
	}
	return r.writeOut("enable", b.String())
}
