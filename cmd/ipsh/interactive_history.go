package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/ipsh/ipsh/engine"
	"mvdan.cc/sh/v3/syntax"
)

// defaultHistSize is HISTSIZE when it is not set (liner keeps at most
// liner.HistoryLimit entries for recall anyway).
const defaultHistSize = 1000

// history is the session's command history: what the history builtin
// shows and $HISTFILE keeps. Entries are single lines; a statement typed
// on several lines is kept as one line when it can be, otherwise it stays
// multi-line in memory and is not written to the file.
type history struct {
	mu      sync.Mutex
	r       *engine.Runner
	entries []string
	// synced is called after the builtin changes the list (-c, -d, -r),
	// so the line editor's copy follows.
	synced func(entries []string)
}

// historyEntry returns the history line for src, a complete statement
// list that f is the parse of (nil after a syntax error). Lines that start
// with a space are not kept (""), as with bash's HISTCONTROL=ignorespace.
func historyEntry(src string, f *syntax.File) string {
	if strings.HasPrefix(src, " ") || strings.HasPrefix(src, "\t") {
		return ""
	}
	src = strings.TrimRight(src, "\n")
	if !strings.Contains(src, "\n") || f == nil {
		return src
	}
	var b strings.Builder
	if err := syntax.NewPrinter(syntax.SingleLine(true)).Print(&b, f); err != nil {
		return src
	}
	return strings.TrimRight(b.String(), "\n")
}

// configure sets HISTFILE and HISTSIZE when they are unset.
func (h *history) configure(r *engine.Runner) {
	h.r = r
	if _, ok := r.Var("HISTFILE"); !ok {
		if home, _ := r.Var("HOME"); home != "" {
			r.SetVar("HISTFILE", filepath.Join(home, ".ipsh_history"))
		}
	}
	if _, ok := r.Var("HISTSIZE"); !ok {
		r.SetVar("HISTSIZE", strconv.Itoa(defaultHistSize))
	}
}

// size is HISTSIZE (in memory) or HISTFILESIZE (in the file).
func (h *history) size(name string) int {
	if h.r == nil {
		return defaultHistSize
	}
	v, ok := h.r.Var(name)
	if !ok && name == "HISTFILESIZE" {
		return h.size("HISTSIZE")
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return defaultHistSize
	}
	return n
}

func (h *history) file() string {
	if h.r == nil {
		return ""
	}
	f, _ := h.r.Var("HISTFILE")
	return f
}

// add appends an entry unless it repeats the last one, and reports
// whether it did.
func (h *history) add(e string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if e == "" || len(h.entries) > 0 && h.entries[len(h.entries)-1] == e {
		return false
	}
	h.entries = append(h.entries, e)
	if n := h.size("HISTSIZE"); len(h.entries) > n {
		h.entries = append([]string(nil), h.entries[len(h.entries)-n:]...)
	}
	return true
}

// load reads $HISTFILE.
func (h *history) load() error {
	path := h.file()
	if path == "" {
		return nil
	}
	return h.read(path)
}

func (h *history) read(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			h.add(line)
		}
	}
	return sc.Err()
}

// save writes the last HISTFILESIZE single-line entries to $HISTFILE,
// replacing it atomically, mode 0600.
func (h *history) save() error {
	path := h.file()
	if path == "" {
		return nil
	}
	return h.write(path)
}

func (h *history) write(path string) error {
	h.mu.Lock()
	var lines []string
	for _, e := range h.entries {
		if !strings.Contains(e, "\n") {
			lines = append(lines, e)
		}
	}
	h.mu.Unlock()
	if n := h.size("HISTFILESIZE"); len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ipsh_history.*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	for _, l := range lines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

const historySynopsis = "history [-c] [-d OFFSET] [N]\nhistory -r [FILE]\nhistory -w [FILE]"

const historyHelp = `Without options, list the history with line numbers; N lists the last
N entries. -c clears the list, -d OFFSET deletes one entry (negative
counts from the end). -r appends the lines of FILE to the list, -w writes
the list to FILE (both default to $HISTFILE).
Lines starting with a space are not kept, nor repeats of the previous
line. HISTSIZE bounds the list, HISTFILESIZE the file (default HISTSIZE).`

// builtin returns the history builtin over h.
func (h *history) builtin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "history",
		Synopsis: historySynopsis,
		Summary:  "Display or manipulate the command history.",
		Help:     historyHelp,
		Run:      h.run,
	}
}

func (h *history) run(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	args = args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 && !isNumber(args[0]) {
		op := args[0]
		file := h.file()
		switch op {
		case "-c":
			h.mu.Lock()
			h.entries = nil
			h.mu.Unlock()
		case "-d":
			if len(args) < 2 {
				return c.Usagef("-d: option requires an argument")
			}
			n, err := strconv.Atoi(args[1])
			h.mu.Lock()
			if n < 0 {
				n = len(h.entries) + n + 1
			}
			if err != nil || n < 1 || n > len(h.entries) {
				h.mu.Unlock()
				return c.Errorf("%s: history position out of range", args[1])
			}
			h.entries = append(h.entries[:n-1:n-1], h.entries[n:]...)
			h.mu.Unlock()
		case "-r", "-w":
			if len(args) > 1 {
				file = args[1]
			}
			if file == "" {
				return c.Errorf("%s: no history file", op)
			}
			var err error
			if op == "-r" {
				err = h.read(file)
			} else {
				err = h.write(file)
			}
			if err != nil {
				return c.Errorf("%s: %s", file, errText(err))
			}
			if op == "-w" {
				return nil
			}
		default:
			return c.Usagef("%s: invalid option", op)
		}
		if h.synced != nil {
			h.mu.Lock()
			e := append([]string(nil), h.entries...)
			h.mu.Unlock()
			h.synced(e)
		}
		return nil
	}
	h.mu.Lock()
	entries := append([]string(nil), h.entries...)
	h.mu.Unlock()
	first := 0
	if len(args) > 0 {
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 0 {
			return c.Usagef("%s: numeric argument required", args[0])
		}
		first = max(0, len(entries)-n)
	}
	var b strings.Builder
	for i := first; i < len(entries); i++ {
		fmt.Fprintf(&b, "%5d  %s\n", i+1, entries[i])
	}
	_, err := c.Stdout().Write([]byte(b.String()))
	return err
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}
