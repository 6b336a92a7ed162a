package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ipsh/ipsh/redirect"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

type tableT = redirect.Table

// call runs a simple command with optional redirections.
func (r *Runner) call(ctx context.Context, ce *syntax.CallExpr, redirs []*syntax.Redirect) {
	r.substRan = false
	r.curCall = ce
	if len(ce.Args) == 0 {
		r.assignOnly(ctx, ce, redirs)
		return
	}
	if r.opts.expandAliases || r.opts.interactive {
		if st, name := r.aliasExpand(ce, redirs); st != nil {
			r.aliasBusy = append(r.aliasBusy, name)
			r.stmt(ctx, st)
			r.aliasBusy = r.aliasBusy[:len(r.aliasBusy)-1]
			return
		}
	}
	args, err := r.fields(ce.Args...)
	if err != nil {
		r.expandError(err)
		return
	}
	if len(args) == 0 {
		// Everything expanded to nothing: assignments still happen.
		r.assignOnly(ctx, &syntax.CallExpr{Assigns: ce.Assigns}, redirs)
		return
	}
	if !r.inTrap {
		r.line = ce.Pos().Line()
	}
	if r.opts.xtrace {
		r.traceAssigns(ce.Assigns)
		r.trace(args...)
	}
	r.exec(ctx, args, ce.Assigns, redirs, false)
	r.lastArg = args[len(args)-1]
}

// exec runs args as a command: function, builtin or program. assigns are
// the command's prefix assignments; tail means nothing runs after it in this
// runner, so a program may take over the fd table.
func (r *Runner) exec(ctx context.Context, args []string, assigns []*syntax.Assign, redirs []*syntax.Redirect, tail bool) {
	name := args[0]
	if body, ok := r.funcs[name]; ok {
		r.withRedirs(ctx, redirs, func() {
			r.withTempAssigns(ctx, assigns, func() { r.callFunc(ctx, name, body, args[1:]) })
		})
		return
	}
	if bi := coreBuiltin(name); bi != nil && len(args) == 2 && args[1] == "--help" && !noHelpFlag[name] {
		// NAME --help prints the same usage as help NAME.
		r.withRedirs(ctx, redirs, func() { r.status = biHelp(r, ctx, []string{"help", name}) })
		return
	}
	if bi := coreBuiltin(name); bi != nil {
		if name == "exec" && len(args) == 1 {
			// exec with redirections only: applied to the shell itself.
			if _, err := r.applyRedirs(ctx, redirs); err != nil {
				r.redirError(err)
				return
			}
			r.status = 0
			return
		}
		r.withRedirs(ctx, redirs, func() {
			if len(assigns) > 0 && specialBuiltins[name] && r.opts.posix {
				if !r.assignAll(ctx, assigns, false) {
					return
				}
				r.status = bi(r, ctx, args)
				return
			}
			r.withTempAssigns(ctx, assigns, func() { r.status = bi(r, ctx, args) })
		})
		return
	}
	if b, ok := r.shared.builtins[name]; ok {
		r.withRedirs(ctx, redirs, func() {
			r.withTempAssigns(ctx, assigns, func() { r.status = r.runBuiltin(ctx, b, args) })
		})
		return
	}
	r.runProgram(ctx, args, assigns, redirs, tail)
}

// noHelpFlag are the builtins that treat --help as an ordinary argument,
// as in bash.
var noHelpFlag = map[string]bool{"echo": true, ":": true, "true": true, "false": true, "test": true, "[": true}

// withRedirs runs fn with redirections applied to a copy of the fd table.
func (r *Runner) withRedirs(ctx context.Context, redirs []*syntax.Redirect, fn func()) {
	if len(redirs) == 0 {
		fn()
		return
	}
	orig := r.fds
	r.fds = orig.Clone()
	changed, err := r.applyRedirs(ctx, redirs)
	if err != nil {
		r.fds.CloseAll()
		r.fds = orig
		r.redirError(err)
		return
	}
	fn()
	r.restoreFds(orig, changed)
}

// withTempAssigns runs fn with prefix assignments visible and exported, then
// removes them.
func (r *Runner) withTempAssigns(ctx context.Context, assigns []*syntax.Assign, fn func()) {
	if len(assigns) == 0 {
		fn()
		return
	}
	r.vars.push()
	tmp := r.vars.localW()
	for _, as := range assigns {
		name := as.Name.Value
		val := ""
		if as.Value != nil {
			s, err := r.assignValue(as.Value)
			if err != nil {
				r.vars.pop()
				r.expandError(err)
				return
			}
			val = s
		}
		if as.Append {
			val = r.lookup(name).String() + val
		}
		if v, _ := r.vars.find(name); v != nil && v.ReadOnly {
			// bash reports it and runs the command without it.
			r.errorf("%s: readonly variable", name)
			continue
		}
		tmp[name] = &variable{Variable: expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: val}}
	}
	r.vars.envGen++
	fn()
	// The function may have pushed and popped; our temp scope is below.
	r.vars.pop()
}

// assignOnly handles a command made only of assignments and redirections.
//
// Its status is that of the last command substitution it ran, or 0; $?
// in the values is still the previous command's.
func (r *Runner) assignOnly(ctx context.Context, ce *syntax.CallExpr, redirs []*syntax.Redirect) {
	defer func() {
		if !r.substRan && !r.discard && !r.exiting {
			r.status = 0
		}
	}()
	if len(redirs) > 0 {
		orig := r.fds
		r.fds = orig.Clone()
		_, err := r.applyRedirs(ctx, redirs)
		r.fds.CloseAll()
		r.fds = orig
		if err != nil {
			r.redirError(err)
			return
		}
	}
	// Each assignment is traced by assign, after its value is expanded.
	r.tracingAssign = r.opts.xtrace
	r.assignAll(ctx, ce.Assigns, false)
	r.tracingAssign = false
}

// assignAll performs assignments in the shell; it reports success.
func (r *Runner) assignAll(ctx context.Context, assigns []*syntax.Assign, local bool) bool {
	for _, as := range assigns {
		if err := r.assign(ctx, as, declOpts{}); err != nil {
			// bash abandons the current top-level command.
			r.errorf("%v", err)
			r.status = 1
			r.discard = true
			return false
		}
	}
	return true
}

// callFunc runs a shell function.
func (r *Runner) callFunc(ctx context.Context, name string, body *syntax.Stmt, args []string) {
	if r.funcDepth >= 1000 {
		r.errorf("%s: maximum function nesting level exceeded (1000)", name)
		r.status = 1
		r.exiting = true
		r.exitCode = 1
		return
	}
	oldParams := r.params
	oldLocalOpts := r.localOpts
	r.localOpts = nil
	r.params = args
	r.funcDepth++
	r.funcNames = append(r.funcNames, name)
	r.callLines = append(r.callLines, r.line)
	r.vars.push()
	r.stmt(ctx, body)
	r.vars.pop()
	r.funcNames = r.funcNames[:len(r.funcNames)-1]
	r.line = r.callLines[len(r.callLines)-1]
	r.callLines = r.callLines[:len(r.callLines)-1]
	r.funcDepth--
	r.params = oldParams
	if r.localOpts != nil {
		r.opts = *r.localOpts
	}
	r.localOpts = oldLocalOpts
	if r.returning {
		r.returning = false
	}
	if cmd, ok := r.traps["RETURN"]; ok && !r.inTrap {
		st := r.status
		r.runTrapCode(ctx, cmd)
		r.status = st
	}
}

// runBuiltin calls an installed builtin, recovering a panic as an error.
func (r *Runner) runBuiltin(ctx context.Context, b *Builtin, args []string) (status int) {
	c := &Call{r: r, name: b.Name}
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(r.stderrW(), "ipsh: %s: internal error: %v\n", b.Name, p)
			status = 1
		}
	}()
	if len(args) == 2 && args[1] == "--help" {
		printHelp(r.stdoutW(), b)
		return 0
	}
	err := b.Run(withCall(ctx, c), args)
	if err == nil {
		return 0
	}
	var es ExitStatus
	if errors.As(err, &es) {
		return int(es)
	}
	if errors.Is(err, errPipe) {
		r.exitPipe()
		return 141
	}
	fmt.Fprintf(r.stderrW(), "%s: %v\n", b.Name, err)
	return 1
}

// lookPath finds a program in PATH, with a cache like bash's hash table.
func (r *Runner) lookPath(name string) (string, error) {
	if strings.Contains(name, "/") {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(r.dir, p)
		}
		fi, err := os.Stat(p)
		if err != nil {
			return "", err
		}
		if fi.IsDir() {
			return "", errIsDir
		}
		return p, nil
	}
	if p, ok := r.hash[name]; ok {
		return p, nil
	}
	return r.lookPathIn(name, r.lookup("PATH").String(), r.opts.hashall)
}

// lookPathIn searches path for name, remembering the result when cache.
func (r *Runner) lookPathIn(name, path string, cache bool) (string, error) {
	if strings.Contains(name, "/") {
		return r.lookPath(name)
	}
	var found string
	executable := false
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		if !filepath.IsAbs(p) {
			p = filepath.Join(r.dir, p)
		}
		fi, err := os.Stat(p)
		if err != nil || fi.IsDir() {
			continue
		}
		if fi.Mode()&0o111 != 0 {
			found = p
			executable = true
			break
		}
		if found == "" {
			found = p // not executable: remembered for the 126 error
		}
	}
	if found == "" {
		return "", errNotFound
	}
	if cache && executable {
		// A non-executable match is not remembered: it gives the 126
		// error now, and a program installed later must be found.
		r.hash[name] = found
	}
	return found, nil
}

var (
	errNotFound = errors.New("command not found")
	errIsDir    = errors.New("Is a directory")
)
