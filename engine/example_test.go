package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/ipsh/ipsh/engine"
)

// Run a script with the process's environment and capture its output.
func Example() {
	var out bytes.Buffer
	r, err := engine.New(
		engine.StdIO(nil, &out, os.Stderr),
		engine.Env([]string{"PATH=/usr/bin:/bin"}),
	)
	if err != nil {
		panic(err)
	}
	defer r.Close()
	err = r.Run(context.Background(), strings.NewReader("seq 10 | sort -rn | head -3"), "example")
	fmt.Print(out.String())
	fmt.Println("status", engine.ExitCode(err), "PIPESTATUS", r.PipeStatus())
	// Output:
	// 10
	// 9
	// 8
	// status 0 PIPESTATUS [0 0 0]
}

// Parse once, run many times: state such as variables persists between runs.
func ExampleRunner_RunFile() {
	f, err := engine.Parse(strings.NewReader("n=$((n+1)); echo run $n"), "counter.sh")
	if err != nil {
		panic(err)
	}
	r, _ := engine.New(engine.StdIO(nil, os.Stdout, os.Stderr))
	defer r.Close()
	for i := 0; i < 3; i++ {
		r.RunFile(context.Background(), f)
	}
	// Output:
	// run 1
	// run 2
	// run 3
}

// The exit status is a value: ExitCode turns any error into a status.
func ExampleExitCode() {
	r, _ := engine.New(engine.StdIO(nil, os.Stdout, os.Stderr))
	defer r.Close()
	err := r.Run(context.Background(), strings.NewReader("false || exit 7"), "")
	fmt.Println(engine.ExitCode(err), err)
	// Output:
	// 7 exit status 7
}

// A syntax error is a *ScriptError located as file:line:col.
func ExampleParse() {
	_, err := engine.Parse(strings.NewReader("echo ok\nif true; then\n"), "broken.sh")
	fmt.Println(err)
	fmt.Println(engine.ExitCode(err))
	// Output:
	// broken.sh:2:10: `then` must be followed by a statement list
	// 2
}

// A builtin written in Go sees its arguments, the shell's fds and variables.
func ExampleBuiltins() {
	greet := &engine.Builtin{
		Name:     "greet",
		Synopsis: "greet NAME",
		Summary:  "Print a greeting and remember who was greeted.",
		Run: func(ctx context.Context, args []string) error {
			c := engine.CallFrom(ctx)
			if len(args) != 2 {
				return c.Usagef("expected one name")
			}
			fmt.Fprintf(c.Stdout(), "hello, %s\n", args[1])
			return c.SetVar("GREETED", args[1])
		},
	}
	r, _ := engine.New(engine.StdIO(nil, os.Stdout, os.Stdout), engine.Builtins(greet))
	defer r.Close()
	r.Run(context.Background(), strings.NewReader(`greet world | tr a-z A-Z; greet ipsh; echo "last: $GREETED"; greet`), "")
	// Output:
	// HELLO, WORLD
	// hello, ipsh
	// last: ipsh
	// greet: expected one name
	// usage: greet NAME
}
