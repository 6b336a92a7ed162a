package builtins

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/ipsh/ipsh/coproc"
	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/signals"
)

// coprocBuiltins are the builtins that talk to the coprocesses the coproc
// keyword starts: send, expect, interact, winsize and coprocs.
func coprocBuiltins() []*engine.Builtin {
	return []*engine.Builtin{
		{
			Name:     "send",
			Synopsis: "send [-c NAME] [-n] [--] TEXT...",
			Summary:  "Write text to a coprocess's input.",
			Help: `Writes the TEXT arguments, separated by spaces, to the input of the
coprocess NAME (default COPROC), adding nothing unless -n is given, which
adds a newline. Status 0, or 1 if the coprocess's input is closed.
Example: coproc cat; send -n hello; expect hello`,
			Run: runSend,
		},
		{
			Name:     "expect",
			Synopsis: "expect [-c NAME] [-t SECS] [--] REGEX...",
			Summary:  "Wait until a coprocess's output matches a pattern.",
			Help: `Reads the output of the coprocess NAME (default COPROC) until it
matches one of the regular expressions (Go RE2 syntax), and consumes it
through the match. The earliest match wins; of patterns matching at the
same place, the first given. Sets EXPECT_MATCH (the matched text),
EXPECT_GROUPS (array of its capture groups), EXPECT_BEFORE (the output
before it) and EXPECT_INDEX (the 1-based number of the pattern).
-t SECS gives up after SECS seconds (a decimal number); without -t expect
waits as long as it takes. On timeout or end of output EXPECT_INDEX is 0,
EXPECT_MATCH empty and EXPECT_BEFORE holds the output not consumed.
Status: 0 match, 1 timeout, 2 end of output; usage errors also give 2,
and other errors (no such coprocess) 3.
Output that expect has read is no longer in the coprocess's fd: do not
mix expect and read -u on one coprocess.`,
			Run: runExpect,
		},
		{
			Name:     "interact",
			Synopsis: "interact [-c NAME] [-e ESC]",
			Summary:  "Connect the terminal to a coprocess both ways.",
			Help: `Connects standard input and output to the coprocess NAME (default
COPROC) until the escape character is typed (default ^], given as a
character, ^X, or "" for none), standard input ends, or the coprocess's
output ends. A terminal on standard input is put in raw mode meanwhile,
and its window size is copied to the coprocess's pty now and on every
SIGWINCH. Status 0 after the escape or end of input, 2 when the
coprocess's output ended, 1 on error.`,
			Run: runInteract,
		},
		{
			Name:     "winsize",
			Synopsis: "winsize [-c NAME] [ROWS COLS]",
			Summary:  "Set or print a coprocess's terminal size.",
			Help: `Sets the window size of the pty of the coprocess NAME (default COPROC);
the kernel sends SIGWINCH to its foreground process group. Without ROWS
and COLS, prints the current size as "ROWS COLS". Fails on pipes.`,
			Run: runWinsize,
		},
		{
			Name:     "coprocs",
			Synopsis: "coprocs [--json]",
			Summary:  "List the coprocesses.",
			Help: `Lists the coprocesses that are running or whose fds are still open:
name, pid, transport (pty or pipes), state (running, exited N, killed
SIGNAL) and the read and write fds (- once closed). --json prints one
JSON array of objects with the fields name, pid, transport, state,
read_fd and write_fd (-1 once closed).`,
			Run: runCoprocs,
		},
	}
}

// coprocDefault is the name the coproc keyword uses without one.
const coprocDefault = "COPROC"

// coprocArgs parses the options of the coprocess builtins: letters in
// valued take a value, the others are flags. Options end at "--" or the
// first operand.
func coprocArgs(args []string, flags, valued string) (map[byte]string, []string, error) {
	opts := make(map[byte]string)
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			args = args[1:]
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		args = args[1:]
		for i := 1; i < len(a); i++ {
			ch := a[i]
			switch {
			case strings.IndexByte(valued, ch) >= 0:
				v := a[i+1:]
				if v == "" {
					if len(args) == 0 {
						return nil, nil, fmt.Errorf("-%c: option requires an argument", ch)
					}
					v, args = args[0], args[1:]
				}
				opts[ch] = v
				i = len(a)
			case strings.IndexByte(flags, ch) >= 0:
				opts[ch] = ""
			default:
				return nil, nil, fmt.Errorf("-%c: invalid option", ch)
			}
		}
	}
	return opts, args, nil
}

// coprocNamed returns the coprocess named by -c, or the default.
func coprocNamed(c *engine.Call, opts map[byte]string) (*coproc.Coproc, error) {
	name, ok := opts['c']
	if !ok {
		name = coprocDefault
	}
	return c.Coproc(name)
}

func runSend(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, rest, err := coprocArgs(args[1:], "n", "c")
	if err != nil {
		return c.Usagef("%v", err)
	}
	if len(rest) == 0 {
		return c.Usagef("no text")
	}
	co, err := coprocNamed(c, opts)
	if err != nil {
		return c.Errorf("%v", err)
	}
	text := strings.Join(rest, " ")
	if _, ok := opts['n']; ok {
		text += "\n"
	}
	if err := co.SendString(text); err != nil {
		return c.Errorf("%v", coprocErr(err))
	}
	return nil
}

// coprocErr words a library error for a builtin's message.
func coprocErr(err error) error {
	switch {
	case errors.Is(err, os.ErrClosed):
		var ce *coproc.Error
		if errors.As(err, &ce) {
			return fmt.Errorf("%s %s: closed", ce.Op, ce.Subject)
		}
	case errors.Is(err, syscall.EPIPE):
		var ce *coproc.Error
		if errors.As(err, &ce) {
			return fmt.Errorf("%s %s: coprocess has exited", ce.Op, ce.Subject)
		}
	}
	return err
}

func runExpect(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, rest, err := coprocArgs(args[1:], "", "ct")
	if err != nil {
		return c.Usagef("%v", err)
	}
	if len(rest) == 0 {
		return c.Usagef("no pattern")
	}
	patterns := make([]*regexp.Regexp, len(rest))
	for i, p := range rest {
		re, err := regexp.Compile(p)
		if err != nil {
			return c.Usagef("%v", err)
		}
		patterns[i] = re
	}
	if t, ok := opts['t']; ok {
		secs, err := strconv.ParseFloat(t, 64)
		if err != nil || secs < 0 || secs > 1e9 {
			return c.Usagef("-t %s: invalid timeout", t)
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(secs*float64(time.Second)))
		defer cancel()
	}
	co, err := coprocNamed(c, opts)
	if err != nil {
		c.Errorf("%v", err)
		return engine.ExitStatus(3)
	}
	m, err := co.Expect(ctx, patterns...)
	c.SetVar("EXPECT_MATCH", m.Text)
	c.SetVar("EXPECT_BEFORE", m.Before)
	c.SetVar("EXPECT_INDEX", strconv.Itoa(m.Index+1))
	c.SetArray("EXPECT_GROUPS", m.Groups)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, coproc.ErrTimeout):
		return engine.ExitStatus(1)
	case errors.Is(err, io.EOF):
		return engine.ExitStatus(2)
	}
	c.Errorf("%v", coprocErr(err))
	return engine.ExitStatus(3)
}

// parseEscape reads interact's -e: one character, ^X, or "" for none.
func parseEscape(s string) (byte, error) {
	switch {
	case s == "":
		return 0, nil
	case len(s) == 1:
		return s[0], nil
	case len(s) == 2 && s[0] == '^':
		ch := s[1]
		if ch == '?' {
			return 0x7f, nil
		}
		if ch >= 'a' && ch <= 'z' {
			ch -= 'a' - 'A'
		}
		if ch >= '@' && ch <= '_' {
			return ch - '@', nil
		}
	}
	return 0, fmt.Errorf("-e %s: want one character, ^X or \"\"", s)
}

func runInteract(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, rest, err := coprocArgs(args[1:], "", "ce")
	if err != nil {
		return c.Usagef("%v", err)
	}
	if len(rest) > 0 {
		return c.Usagef("unexpected argument %s", rest[0])
	}
	escape := byte(0x1d) // ^]
	if e, ok := opts['e']; ok {
		if escape, err = parseEscape(e); err != nil {
			return c.Usagef("%v", err)
		}
	}
	co, err := coprocNamed(c, opts)
	if err != nil {
		return c.Errorf("%v", err)
	}
	term := c.Stdin()
	if term == nil {
		return c.Errorf("standard input is closed")
	}
	// Forward the window size, now and on SIGWINCH, when both sides are
	// terminals.
	if co.Transport() == coproc.PTY && co.CopySize(term) == nil {
		winch := make(chan os.Signal, 1)
		stop := signals.Notify(winch, syscall.SIGWINCH)
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-winch:
					co.CopySize(term)
				case <-done:
					return
				}
			}
		}()
		defer func() {
			stop()
			close(done)
			wg.Wait()
		}()
	}
	err = coproc.Interact(ctx, co, term, c.Stdout(), escape)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF):
		return engine.ExitStatus(2)
	}
	return c.Errorf("%v", coprocErr(err))
}

func runWinsize(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, rest, err := coprocArgs(args[1:], "", "c")
	if err != nil {
		return c.Usagef("%v", err)
	}
	if len(rest) != 0 && len(rest) != 2 {
		return c.Usagef("want ROWS and COLS, or nothing")
	}
	co, err := coprocNamed(c, opts)
	if err != nil {
		return c.Errorf("%v", err)
	}
	if len(rest) == 0 {
		ws, err := co.Size()
		if err != nil {
			return c.Errorf("%v", err)
		}
		_, err = fmt.Fprintf(c.Stdout(), "%d %d\n", ws.Rows, ws.Cols)
		return err
	}
	var dims [2]uint16
	for i, s := range rest {
		n, err := strconv.ParseUint(s, 10, 16)
		if err != nil || n == 0 {
			return c.Usagef("%s: want a number of %s from 1 to 65535", s, [2]string{"rows", "columns"}[i])
		}
		dims[i] = uint16(n)
	}
	if err := co.Resize(dims[0], dims[1]); err != nil {
		return c.Errorf("%v", err)
	}
	return nil
}

// coprocJSON is one line of `coprocs --json`.
type coprocJSON struct {
	Name      string `json:"name"`
	Pid       int    `json:"pid"`
	Transport string `json:"transport"`
	State     string `json:"state"`
	ReadFd    int    `json:"read_fd"`
	WriteFd   int    `json:"write_fd"`
}

func runCoprocs(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	asJSON := false
	for _, a := range args[1:] {
		if a != "--json" {
			return c.Usagef("%s: invalid argument", a)
		}
		asJSON = true
	}
	list := c.Coprocs()
	if asJSON {
		out := make([]coprocJSON, 0, len(list))
		for _, i := range list {
			out = append(out, coprocJSON{i.Name, i.Pid, i.Transport, i.State, i.ReadFd, i.WriteFd})
		}
		b, err := json.Marshal(out)
		if err != nil {
			return c.Errorf("%v", err)
		}
		_, err = fmt.Fprintf(c.Stdout(), "%s\n", b)
		return err
	}
	fd := func(n int) string {
		if n < 0 {
			return "-"
		}
		return strconv.Itoa(n)
	}
	tw := tabwriter.NewWriter(c.Stdout(), 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tPID\tTRANSPORT\tSTATE\tREAD\tWRITE")
	for _, i := range list {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", i.Name, i.Pid, i.Transport, i.State, fd(i.ReadFd), fd(i.WriteFd))
	}
	return tw.Flush()
}
