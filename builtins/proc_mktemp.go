package builtins

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/signals"
)

const procMktempHelp = `Creates a new file (mode 0600) or directory (mode 0700) with O_EXCL from
TEMPLATE, whose trailing X's (at least 3) become random characters, and
prints its path. It is recorded in the session's ledger and removed, with
all it holds, when the session ends, unless -k is given.

Without TEMPLATE, tmp.XXXXXXXXXX is used and -p is implied. A TEMPLATE
given without -p or -t is taken relative to the current directory.

  -d, --directory       create a directory
  -k, --keep            keep it when the session ends
  -p DIR, --tmpdir[=DIR]
                        take TEMPLATE relative to DIR, or to $TMPDIR (else
                        /tmp) when DIR is not given or empty
  -t                    take TEMPLATE, a single name, relative to $TMPDIR,
                        else the -p DIR, else /tmp
  -u, --dry-run         create nothing, only print a name (unsafe)
  -q, --quiet           print no message on failure`

func procMktempBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "mktemp",
		Synopsis: "mktemp [-dkqtu] [-p DIR] [TEMPLATE]",
		Summary:  "Create a temporary file or directory, removed when the session ends.",
		Help:     procMktempHelp,
		Run:      procMktemp,
	}
}

func procMktemp(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, rest, err := procGetopt(args[1:], []procFlag{
		{short: 'd', long: "directory"},
		{short: 'k', long: "keep"},
		{short: 'q', long: "quiet"},
		{short: 'u', long: "dry-run"},
		{short: 't'},
		{short: 'p', arg: true},
		{long: "tmpdir", optional: true},
	})
	if err != nil {
		return c.Usagef("%v", err)
	}
	quiet := opts.has("quiet")
	fail := func(format string, a ...any) error {
		if quiet {
			return engine.ExitStatus(1)
		}
		return c.Errorf(format, a...)
	}
	if len(rest) > 1 {
		return c.Usagef("too many templates")
	}
	template := signals.DefaultTemplate
	useTmp := opts.has("p") || opts.has("tmpdir") || opts.has("t")
	if len(rest) == 1 {
		template = rest[0]
	} else {
		useTmp = true
	}
	tmpdir := ""
	if opts.has("p") {
		tmpdir = opts.last("p")
	}
	if opts.has("tmpdir") && opts.last("tmpdir") != "" {
		tmpdir = opts.last("tmpdir")
	}
	env, _ := c.Var("TMPDIR")
	if opts.has("t") && env != "" {
		tmpdir = env
	}
	if tmpdir == "" {
		tmpdir = env
	}
	if tmpdir == "" {
		tmpdir = "/tmp"
	}
	var dir string
	switch {
	case opts.has("t") && strings.Contains(template, "/"):
		return fail("invalid template, '%s', contains directory separator", template)
	case useTmp && filepath.IsAbs(template):
		return fail("invalid template, '%s'; with --tmpdir, it may not be absolute", template)
	case useTmp:
		dir = procAbs(c, tmpdir)
	case filepath.IsAbs(template):
		dir = ""
	default:
		dir = c.Dir()
	}
	isDir := opts.has("directory")
	path, err := signals.MkTemp(dir, template, isDir)
	if err != nil {
		return fail("%s", procTrimOp("mktemp", err))
	}
	if opts.has("dry-run") {
		os.Remove(path)
	} else if !opts.has("keep") {
		if err := procRecordTemp(c, path, isDir); err != nil {
			os.RemoveAll(path)
			return fail("%v", err)
		}
	}
	fmt.Fprintln(c.Stdout(), path)
	return nil
}

// procRecordTemp records a temporary file or directory in the session's
// ledger, for removal when the session ends.
func procRecordTemp(c *engine.Call, path string, isDir bool) error {
	l, err := c.Ledger()
	if err != nil {
		return fmt.Errorf("record %s: %w", path, err)
	}
	o := ledger.Object{Kind: ledger.TempFile, Name: path}
	if isDir {
		o.Kind = ledger.TempDir
	}
	var st syscall.Stat_t
	if err := syscall.Lstat(path, &st); err == nil {
		o.Dev, o.Ino = uint64(st.Dev), st.Ino
	}
	if h, err := l.Add(o); h == 0 {
		return err
	}
	return nil
}
