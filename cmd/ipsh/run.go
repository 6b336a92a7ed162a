package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
)

const usage = `usage: ipsh [options] [script [args...]]
       ipsh [options] -c 'commands' [name [args...]]

options:
  -c          read commands from the first argument
  -s          read commands from standard input
  -n          parse only: check syntax, run nothing
  -e -u -x -f -C -v  the set options of the same letters
  -o NAME     set an option by name (pipefail, errexit, ...)
  -i          interactive
  --norc      do not read ~/.ipshrc
  --version   print the version
  --help      print this help
`

// run is the testable body of the ipsh command.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var opts []string
	var cmdString, parseOnly, fromStdin, forceI, norc bool
	i := 0
parse:
	for ; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			i++
			break parse
		case a == "--help":
			fmt.Fprint(stdout, usage)
			return 0
		case a == "--version":
			fmt.Fprintf(stdout, "ipsh %s\n", engine.Version)
			return 0
		case a == "--norc":
			norc = true
		case a == "--noprofile" || a == "--login" || a == "-l":
		case a == "-o" || a == "+o":
			if i+1 >= len(args) {
				fmt.Fprintf(stderr, "ipsh: %s: option requires an argument\n", a)
				return 2
			}
			if a == "-o" {
				opts = append(opts, args[i+1])
			}
			i++
		case strings.HasPrefix(a, "--"):
			fmt.Fprintf(stderr, "ipsh: %s: invalid option\n%s", a, usage)
			return 2
		case len(a) > 1 && (a[0] == '-' || a[0] == '+'):
			for _, c := range a[1:] {
				switch c {
				case 'c':
					cmdString = true
				case 'n':
					parseOnly = true
				case 's':
					fromStdin = true
				case 'i':
					forceI = a[0] == '-'
				case 'e':
					opts = append(opts, "errexit")
				case 'u':
					opts = append(opts, "nounset")
				case 'x':
					opts = append(opts, "xtrace")
				case 'f':
					opts = append(opts, "noglob")
				case 'C':
					opts = append(opts, "noclobber")
				case 'v':
					opts = append(opts, "verbose")
				case 'a':
					opts = append(opts, "allexport")
				case 'h', 'B', 'm', 'p', 'b', 'E', 'T', 'H', 'P', 'k', 't':
				default:
					fmt.Fprintf(stderr, "ipsh: -%c: invalid option\n%s", c, usage)
					return 2
				}
			}
			if a[0] == '+' {
				opts = nil
			}
		default:
			break parse
		}
	}
	rest := args[i:]

	var src io.Reader
	name := "ipsh"
	fileName := ""
	var params []string
	switch {
	case cmdString:
		if len(rest) == 0 {
			fmt.Fprintln(stderr, "ipsh: -c: option requires an argument")
			return 2
		}
		src = strings.NewReader(rest[0])
		if len(rest) > 1 {
			name = rest[1]
			params = rest[2:]
		}
	case len(rest) > 0 && !fromStdin:
		f, err := os.Open(rest[0])
		if err != nil {
			fmt.Fprintf(stderr, "ipsh: %s: %s\n", rest[0], errText(err))
			return 127
		}
		defer f.Close()
		src = f
		name = rest[0]
		fileName = rest[0]
		params = rest[1:]
	default:
		src = stdin
		params = rest
	}
	if parseOnly {
		if _, err := engine.Parse(src, fileName); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		return 0
	}
	ctx := context.Background()
	eopts := []engine.Option{
		engine.StdIO(stdin, stdout, stderr),
		engine.Env(os.Environ()),
		engine.Params(name, params...),
		engine.Options(opts...),
		engine.RealExec(engine.ExecProcess),
		engine.InheritFds(),
		engine.OwnSignals(),
		engine.Builtins(builtins.All()...),
		engine.ScriptMode(cmdString, !cmdString && fileName == ""),
	}
	if !cmdString && fileName == "" && (forceI || isTerminal(stdin) && isTerminal(stderr)) {
		return runInteractive(eopts, norc, stdin, stdout, stderr)
	}
	r, err := engine.New(eopts...)
	if err != nil {
		fmt.Fprintf(stderr, "ipsh: %v\n", err)
		return 2
	}
	defer r.Close()
	err = r.Run(ctx, src, fileName)
	var se *engine.ScriptError
	if errors.As(err, &se) {
		fmt.Fprintln(stderr, se)
	}
	return engine.ExitCode(err)
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	s := err.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
