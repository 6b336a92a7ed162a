package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/signals"
	"github.com/peterh/liner"
	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// defaultPS1 shows the working directory, and the last status when it is
// not zero: "~/src$ " or "~/src [1]$ ".
const defaultPS1 = `\w$(s=$?; ((s)) && printf ' [%d]' $s)\$ `

// isTerminal reports whether f is a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(file.Fd()), unix.TCGETS)
	return err == nil
}

// interactive is one interactive session: the read-parse-run loop over a
// runner, with line editing, history and completion.
type interactive struct {
	r       *engine.Runner
	line    *liner.State
	hist    *history
	stdout  io.Writer
	stderr  io.Writer
	jobCtl  bool
	rawMode liner.ModeApplier

	mu     sync.Mutex
	cancel context.CancelFunc // of the command running, for SIGINT
}

// runInteractive runs an interactive session with a runner built from
// opts, and returns the shell's exit status. liner reads os.Stdin and
// writes os.Stdout, whatever stdin and stdout are.
func runInteractive(opts []engine.Option, norc bool, stdin io.Reader, stdout, stderr io.Writer) int {
	sh := &interactive{stdout: stdout, stderr: stderr, hist: &history{}}
	sh.jobCtl = isTerminal(stdin) && stdin == os.Stdin
	opts = append(opts, engine.Interactive(true), engine.Builtins(sh.hist.builtin()))
	if sh.jobCtl {
		opts = append(opts, engine.JobControl(int(os.Stdin.Fd())))
	}
	r, err := engine.New(opts...)
	if err != nil {
		fmt.Fprintf(stderr, "ipsh: %v\n", err)
		return 2
	}
	defer r.Close()
	sh.r = r
	if os.Getenv("PS1") == "" {
		r.SetVar("PS1", defaultPS1)
	}
	if sh.jobCtl {
		if err := r.ClaimTerminal(); err != nil {
			fmt.Fprintf(stderr, "ipsh: %v\n", err)
			sh.jobCtl = false
		} else {
			defer r.ReleaseTerminal()
		}
	}

	// The shell ignores the job control signals and turns SIGINT into an
	// interrupt of the running command. Caught, not ignored: children
	// get the default actions back when they exec.
	sigc := make(chan os.Signal, 8)
	stopSigs := signals.Notify(sigc, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for s := range sigc {
			if s == syscall.SIGINT {
				sh.interrupt()
			}
		}
	}()
	defer func() {
		stopSigs()
		close(sigc)
		wg.Wait()
	}()

	ctx := context.Background()
	if !norc {
		if st, exited := sh.runRC(ctx); exited {
			return st
		}
	}
	sh.hist.configure(r)
	sh.hist.load()

	sh.line = liner.NewLiner()
	sh.line.SetCtrlCAborts(true)
	sh.line.SetTabCompletionStyle(liner.TabPrints)
	sh.line.SetWordCompleter((&completer{r: r}).complete)
	sh.line.SetBeep(false)
	sh.hist.synced = func(entries []string) {
		sh.line.ClearHistory()
		for _, e := range entries {
			sh.line.AppendHistory(e)
		}
	}
	sh.hist.synced(sh.hist.entries)
	if m, err := liner.TerminalMode(); err == nil {
		sh.rawMode = m
	}
	st := sh.loop(ctx)
	sh.hist.save()
	r.RunExitTrap(ctx)
	r.HangUpJobs()
	sh.line.Close()
	return st
}

// runRC runs $IPSHRC or ~/.ipshrc, if it exists.
func (sh *interactive) runRC(ctx context.Context) (int, bool) {
	path := os.Getenv("IPSHRC")
	if path == "" {
		home, _ := sh.r.Var("HOME")
		if home == "" {
			return 0, false
		}
		path = filepath.Join(home, ".ipshrc")
	}
	f, err := os.Open(path)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(sh.stderr, "ipsh: %s: %s\n", path, errText(err))
		}
		return 0, false
	}
	defer f.Close()
	err = sh.runCmd(ctx, f, path)
	sh.printErr(err)
	if sh.r.Exited() {
		return sh.r.Status(), true
	}
	return 0, false
}

// interrupt stops the running command, if any (SIGINT).
func (sh *interactive) interrupt() {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.cancel != nil {
		sh.cancel()
	}
}

// runCmd runs src in the shell, interruptible by SIGINT. It reports
// whether it was interrupted through its effect on sh.r.Exited.
func (sh *interactive) runCmd(ctx context.Context, src io.Reader, name string) error {
	// The run's context is never cancelled but by SIGINT: background
	// jobs started by the command live on after it.
	runCtx, cancel := context.WithCancel(ctx)
	sh.mu.Lock()
	sh.cancel = cancel
	sh.mu.Unlock()
	sh.r.RestoreTerminal()
	err := sh.r.Run(runCtx, src, name)
	sh.mu.Lock()
	sh.cancel = nil
	sh.mu.Unlock()
	if runCtx.Err() != nil {
		// Interrupted: the engine stopped the command as if exiting.
		fmt.Fprintln(sh.stderr)
		sh.r.Run(ctx, strings.NewReader("(exit 130)"), "")
		return nil
	}
	return err
}

func (sh *interactive) printErr(err error) {
	var se *engine.ScriptError
	if errors.As(err, &se) {
		fmt.Fprintf(sh.stderr, "ipsh: %v\n", se)
	}
}

// loop reads, parses and runs commands until exit or end of input.
func (sh *interactive) loop(ctx context.Context) int {
	var buf strings.Builder
	warned := false
	for {
		if buf.Len() == 0 {
			sh.r.ReportJobs(sh.stderr)
		}
		ps := "PS1"
		if buf.Len() > 0 {
			ps = "PS2"
		}
		prompt := sh.prompt(ctx, ps)
		if sh.jobCtl {
			sh.r.RestoreTerminal()
			if sh.rawMode != nil {
				sh.rawMode.ApplyMode()
			}
		}
		text, err := sh.line.Prompt(prompt)
		switch {
		case errors.Is(err, liner.ErrPromptAborted):
			// Ctrl-C: drop the line (and any statement begun).
			buf.Reset()
			continue
		case errors.Is(err, io.EOF):
			if buf.Len() > 0 {
				fmt.Fprintln(sh.stderr, "ipsh: syntax error: unexpected end of file")
				buf.Reset()
				continue
			}
			if !warned && sh.liveJobs() != "" {
				fmt.Fprintf(sh.stderr, "There are %s jobs.\n", sh.liveJobs())
				warned = true
				continue
			}
			fmt.Fprintln(sh.stderr, "exit")
			return sh.r.Status()
		case err != nil:
			fmt.Fprintf(sh.stderr, "ipsh: %v\n", err)
			return 1
		}
		buf.WriteString(text)
		buf.WriteByte('\n')
		src := buf.String()
		if continued(text) {
			continue
		}
		f, perr := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
		if perr != nil && syntax.IsIncomplete(perr) {
			continue
		}
		buf.Reset()
		if strings.TrimSpace(src) == "" {
			continue
		}
		if e := historyEntry(src, f); e != "" && sh.hist.add(e) {
			sh.line.AppendHistory(e)
		}
		warned = false
		err = sh.runCmd(ctx, strings.NewReader(src), "")
		sh.printErr(err)
		if sh.r.Exited() {
			return sh.r.Status()
		}
	}
}

// continued reports whether a line ends with an unquoted backslash.
func continued(line string) bool {
	n := 0
	for i := len(line) - 1; i >= 0 && line[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// liveJobs returns "stopped" or "running" when the shell has such jobs.
func (sh *interactive) liveJobs() string {
	running := false
	for _, j := range sh.r.Jobs() {
		switch j.State {
		case engine.JobStopped:
			return "stopped"
		case engine.JobRunning:
			running = true
		}
	}
	if running {
		return "running"
	}
	return ""
}

// prompt expands PS1 or PS2. Lines before the last one are printed at
// once; the last goes to the line editor, without the invisible \[...\]
// parts and control characters it cannot measure.
func (sh *interactive) prompt(ctx context.Context, name string) string {
	ps, _ := sh.r.Var(name)
	p := sh.r.ExpandPrompt(ctx, ps, len(sh.hist.entries)+1)
	if i := strings.LastIndexByte(p, '\n'); i >= 0 {
		fmt.Fprint(sh.stdout, strings.NewReplacer(string(engine.PromptIgnoreStart), "", string(engine.PromptIgnoreEnd), "").Replace(p[:i+1]))
		p = p[i+1:]
	}
	var b strings.Builder
	hidden := false
	for _, c := range p {
		switch {
		case c == engine.PromptIgnoreStart:
			hidden = true
		case c == engine.PromptIgnoreEnd:
			hidden = false
		case hidden || c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0):
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
