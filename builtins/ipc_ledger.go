package builtins

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
)

const ipcLedgerSynopsis = `ipc ls [--json]
ipc keep [-u] REF...
ipc clean [--stale [-d DIR]] [-v]`

func ipcLedgerBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "ipc",
		Synopsis: ipcLedgerSynopsis,
		Summary:  "List, keep and clean the IPC objects this session created.",
		Help: `Every FIFO, POSIX shared memory object and message queue, System V
segment, queue and semaphore set (and whatever else other builtins
record: sockets, pidfiles, temporary files) the session creates is
recorded in its ledger and removed when the session ends, unless kept.

ls lists them: type, name or id, mode, size, state ("present", "gone",
or "replaced" when the name now leads to another object, which is never
touched) and whether it is kept; --json prints an array.

keep marks objects to survive the session (-u: to be removed again).
REF is a path or /name, an id, or TYPE:REF (sysv-msg:3, fifo:/tmp/p)
when an id is used by several kinds.

clean removes the objects not kept now. With --stale, it instead removes
what sessions killed without cleaning up (SIGKILL, a crash) left
recorded in their ledger files, in DIR or the user's runtime directory;
-v names each object removed.`,
		Run: ipcLedgerRun,
	}
}

func ipcLedgerRun(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	if len(args) < 2 {
		return ipcUsage(c, ipcLedgerSynopsis, "", "missing subcommand")
	}
	sub := args[1]
	flags := map[string][]ipcFlag{
		"ls":    {{long: "json"}},
		"keep":  {{short: 'u'}},
		"clean": {{long: "stale"}, {short: 'd', arg: true}, {short: 'v'}},
	}
	fl, ok := flags[sub]
	if !ok {
		return ipcUsage(c, ipcLedgerSynopsis, "", "unknown subcommand %q", sub)
	}
	opts, pos, err := ipcGetopt(args[2:], fl)
	if err != nil {
		return ipcUsage(c, ipcLedgerSynopsis, sub, "%v", err)
	}
	if sub != "keep" && len(pos) > 0 {
		return ipcUsage(c, ipcLedgerSynopsis, sub, "unexpected argument %q", pos[0])
	}
	if sub == "keep" && len(pos) == 0 {
		return ipcUsage(c, ipcLedgerSynopsis, sub, "missing REF")
	}
	if opts.has("d") && !opts.has("stale") {
		return ipcUsage(c, ipcLedgerSynopsis, sub, "-d goes with --stale")
	}
	l, err := c.Ledger()
	if err != nil {
		return ipcFailf(c, "%s: ledger: %v", sub, err)
	}
	switch sub {
	case "ls":
		return ipcLedgerList(c, l, opts.has("json"))
	case "keep":
		var status error
		for _, ref := range pos {
			o, err := ipcLedgerFind(c, l, ref)
			if err == nil {
				err = l.Keep(o.Handle, !opts.has("u"))
			}
			if err != nil {
				status = ipcFailf(c, "keep %s: %v", ref, err)
			}
		}
		return status
	default: // clean
		if opts.has("stale") {
			dir := opts.last("d")
			if dir == "" && l.Path() != "" {
				dir = filepath.Dir(l.Path())
			}
			removed, err := ledger.CleanStale(dir)
			if opts.has("v") {
				for _, o := range removed {
					fmt.Fprintf(c.Stdout(), "removed %s\n", o)
				}
			}
			if err != nil {
				return ipcFailf(c, "clean --stale: %v", err)
			}
			return nil
		}
		var before []ledger.Object
		if opts.has("v") {
			before = l.List()
		}
		err := l.Clean()
		if opts.has("v") {
			left := map[ledger.Handle]bool{}
			for _, o := range l.List() {
				left[o.Handle] = true
			}
			for _, o := range before {
				if !left[o.Handle] {
					fmt.Fprintf(c.Stdout(), "removed %s\n", o)
				}
			}
		}
		if err != nil {
			for _, e := range ipcSplitErr(err) {
				fmt.Fprintf(c.Stderr(), "ipc: clean: %v\n", e)
			}
			return engine.ExitStatus(1)
		}
		return nil
	}
}

// ipcSplitErr returns the errors joined in err, or err alone.
func ipcSplitErr(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// ipcLedgerFind finds the one record named by ref: a path, /name, an id,
// or KIND:REF.
func ipcLedgerFind(c *engine.Call, l *ledger.Ledger, ref string) (ledger.Object, error) {
	var kind ledger.Kind
	r := ref
	if k, rest, ok := strings.Cut(ref, ":"); ok {
		if pk, err := ledger.ParseKind(k); err == nil {
			kind, r = pk, rest
		}
	}
	var found []ledger.Object
	id, idErr := strconv.Atoi(r)
	for _, o := range l.List() {
		if kind != 0 && o.Kind != kind {
			continue
		}
		switch {
		case o.Kind.SysV():
			if idErr == nil && o.ID == id {
				found = append(found, o)
			}
		case o.Name == r || (strings.Contains(r, "/") && o.Name == ipcAbs(c, r)):
			found = append(found, o)
		}
	}
	switch len(found) {
	case 0:
		return ledger.Object{}, ledger.ErrNotFound
	case 1:
		return found[0], nil
	}
	var kinds []string
	for _, o := range found {
		kinds = append(kinds, o.Kind.String()+":"+r)
	}
	return ledger.Object{}, errors.New("ambiguous; say " + strings.Join(kinds, " or "))
}

type ipcLedgerJSON struct {
	Handle  uint64 `json:"handle"`
	Type    string `json:"type"`
	Name    string `json:"name,omitempty"`
	ID      *int   `json:"id,omitempty"`
	Key     string `json:"key,omitempty"`
	Mode    string `json:"mode,omitempty"`
	Size    int64  `json:"size"`
	Count   int64  `json:"count"`
	State   string `json:"state"`
	Keep    bool   `json:"keep"`
	Created string `json:"created"`
}

func ipcLedgerList(c *engine.Call, l *ledger.Ledger, asJSON bool) error {
	objs := l.List()
	rows := make([]ipcLedgerJSON, 0, len(objs))
	for _, o := range objs {
		row := ipcLedgerJSON{Handle: uint64(o.Handle), Type: o.Kind.String(), Name: o.Name, Keep: o.Keep,
			Created: o.Created.Format(time.RFC3339)}
		if o.Kind.SysV() {
			row.ID = ptr(o.ID)
			row.Key = fmt.Sprintf("0x%08x", uint32(o.Key))
		}
		st, err := o.State()
		switch {
		case err != nil:
			row.State = "error: " + err.Error()
		default:
			row.State = st.String()
			if st.Exists {
				row.Mode = fmt.Sprintf("%04o", uint32(st.Mode.Perm()))
				row.Size, row.Count = st.Size, st.Count
			}
		}
		rows = append(rows, row)
	}
	if asJSON {
		return ipcWriteJSON(c, rows)
	}
	tw := tabwriter.NewWriter(c.Stdout(), 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tNAME/ID\tMODE\tSIZE\tSTATE\tKEEP")
	for _, r := range rows {
		name := r.Name
		if r.ID != nil {
			name = strconv.Itoa(*r.ID)
		}
		mode := r.Mode
		if mode == "" {
			mode = "-"
		}
		keep := "no"
		if r.Keep {
			keep = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", r.Type, name, mode, r.Size, r.State, keep)
	}
	return tw.Flush()
}
