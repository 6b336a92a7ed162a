package engine_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/engine"
	"mvdan.cc/sh/v3/syntax"
)

// fuzzSafe reports whether a program only uses builtins without side
// effects outside the shell, so random programs cannot touch the machine:
// no redirections, no process substitutions, no coprocesses, and commands
// drawn from a fixed list or defined as functions in the program itself.
func fuzzSafe(f *syntax.File) bool {
	allowed := map[string]bool{
		"echo": true, "printf": true, "true": true, "false": true, ":": true,
		"test": true, "[": true, "let": true, "shift": true, "set": true,
		"unset": true, "local": true, "declare": true, "export": true,
		"readonly": true, "return": true, "break": true, "continue": true,
		"getopts": true, "type": true, "command": true, "exit": true,
	}
	funcs := map[string]bool{}
	ok := true
	syntax.Walk(f, func(n syntax.Node) bool {
		if fd, isFunc := n.(*syntax.FuncDecl); isFunc && fd.Name != nil {
			funcs[fd.Name.Value] = true
		}
		return true
	})
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Redirect, *syntax.ProcSubst, *syntax.CoprocClause:
			ok = false
		case *syntax.CallExpr:
			if len(n.Args) == 0 {
				return true
			}
			name := n.Args[0].Lit()
			if name == "" || !allowed[name] && !funcs[name] {
				ok = false
			}
			if name == "command" || name == "type" {
				for _, a := range n.Args[1:] {
					if a.Lit() == "" || !allowed[a.Lit()] && !funcs[a.Lit()] && !strings.HasPrefix(a.Lit(), "-") {
						ok = false
					}
				}
			}
		}
		return ok
	})
	return ok
}

// FuzzRun feeds programs to the parser and, when they are side-effect free,
// to the runner: nothing may panic, and every run ends.
func FuzzRun(f *testing.F) {
	for _, s := range []string{
		"echo hi", "x=1; echo $((x+2))", "f() { local a=$1; return $a; }; f 3; echo $?",
		"a=(1 2 3); echo ${a[@]:1} ${#a[@]}", "declare -A m=([k]=v); echo ${m[k]}",
		"for i in 1 2; do case $i in 1) echo one;; *) echo many;; esac; done",
		"while false; do :; done; until true; do :; done", "[[ abc =~ b(c) ]] && echo ${BASH_REMATCH[1]}",
		"set -- a b c; shift 2; echo $@", "printf '%s=%d\\n' a 1 b 2", "echo ${x:-def} ${#x} ${x//a/b}",
		"(( i++ )); let 'j = i * 2'; echo $i $j", "x=$(echo sub); echo \"$x\"", "! false && echo ok || echo no",
		"set -e; false; echo unreachable", "set -u; echo $undefined", "echo {1..3} {a,b}c", "exit 3",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := engine.Parse(strings.NewReader(src), "fuzz")
		if err != nil {
			if engine.ExitCode(err) != 2 {
				t.Fatalf("parse error with status %d: %v", engine.ExitCode(err), err)
			}
			return
		}
		if !fuzzSafe(file) {
			return
		}
		r, err := engine.New(engine.StdIO(nil, io.Discard, io.Discard), engine.Env([]string{"PATH=/nonexistent"}), engine.Dir(t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		r.RunFile(ctx, file)
	})
}
