package builtins

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/shm"
)

// ipcBuiltins are the shared-memory and System V builtins: shm, msg, sem,
// mq, ftok, ipcmk, ipcs, ipcrm, mkfifo, fifo, ipc.
func ipcBuiltins() []*engine.Builtin {
	return []*engine.Builtin{
		ipcShmBuiltin(),
		ipcFtokBuiltin(),
		ipcMsgBuiltin(),
		ipcSemBuiltin(),
		ipcMQBuiltin(),
		ipcIpcmkBuiltin(),
		ipcIpcsBuiltin(),
		ipcIpcrmBuiltin(),
		ipcMkfifoBuiltin(),
		ipcFifoBuiltin(),
		ipcLedgerBuiltin(),
	}
}

// ipcFlag describes one option for ipcGetopt.
type ipcFlag struct {
	short byte   // the one-letter form, or 0
	long  string // the long form without "--", or ""
	arg   bool   // takes a value
	// optional: takes a value only when attached (-aVAL, --all=VAL).
	optional bool
}

func (f ipcFlag) key() string {
	if f.long != "" {
		return f.long
	}
	return string(f.short)
}

// ipcOpts holds parsed options keyed by long name (or letter). Each
// occurrence appends its value ("" for a flag without one).
type ipcOpts map[string][]string

func (o ipcOpts) has(k string) bool { _, ok := o[k]; return ok }

// last returns the last value of option k, or "".
func (o ipcOpts) last(k string) string {
	v := o[k]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// ipcGetopt parses args as GNU getopt_long does with permutation: options
// may come before or after operands, until "--". Letters group (-qt),
// values attach or follow (-s4096, -s 4096, --size=4096, --size 4096).
// A lone "-" is an operand. Long options must be spelled out in full.
func ipcGetopt(args []string, flags []ipcFlag) (ipcOpts, []string, error) {
	opts := ipcOpts{}
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		if strings.HasPrefix(a, "--") {
			name, val, hasVal := strings.Cut(a[2:], "=")
			var f *ipcFlag
			for j := range flags {
				if flags[j].long == name {
					f = &flags[j]
				}
			}
			if f == nil {
				return nil, nil, fmt.Errorf("unknown option --%s", name)
			}
			switch {
			case (f.arg || f.optional) && hasVal:
			case f.optional:
			case f.arg:
				if i+1 >= len(args) {
					return nil, nil, fmt.Errorf("option --%s needs a value", name)
				}
				i++
				val = args[i]
			case hasVal:
				return nil, nil, fmt.Errorf("option --%s takes no value", name)
			}
			opts[f.key()] = append(opts[f.key()], val)
			continue
		}
		for k := 1; k < len(a); k++ {
			var f *ipcFlag
			for j := range flags {
				if flags[j].short == a[k] {
					f = &flags[j]
				}
			}
			if f == nil {
				return nil, nil, fmt.Errorf("unknown option -%c", a[k])
			}
			if !f.arg && !f.optional {
				opts[f.key()] = append(opts[f.key()], "")
				continue
			}
			val := a[k+1:]
			if val == "" && f.arg {
				if i+1 >= len(args) {
					return nil, nil, fmt.Errorf("option -%c needs a value", a[k])
				}
				i++
				val = args[i]
			}
			opts[f.key()] = append(opts[f.key()], val)
			break
		}
	}
	return opts, pos, nil
}

// ipcUsage prints "name: message" and the synopsis lines of subcommand sub
// (all lines when sub is ""), and returns status 2.
func ipcUsage(c *engine.Call, synopsis, sub string, format string, args ...any) error {
	w := c.Stderr()
	fmt.Fprintf(w, "%s: %s\n", c.Name(), fmt.Sprintf(format, args...))
	prefix := c.Name() + " " + sub
	first := true
	for _, l := range strings.Split(synopsis, "\n") {
		if sub != "" && !strings.HasPrefix(l, prefix+" ") && l != prefix {
			continue
		}
		if first {
			fmt.Fprintf(w, "usage: %s\n", l)
			first = false
		} else {
			fmt.Fprintf(w, "       %s\n", l)
		}
	}
	return engine.ExitStatus(2)
}

// ipcFail prints err as one line "name: op subject: cause" and returns
// status 1. A library error whose operation starts with the builtin's
// name ("msg send") loses that word, so that it is not said twice.
func ipcFail(c *engine.Call, err error) error {
	msg := err.Error()
	var se *shm.Error
	if errors.As(err, &se) && se == err {
		if op, ok := strings.CutPrefix(se.Op, c.Name()+" "); ok {
			e := *se
			e.Op = op
			msg = e.Error()
		} else if se.Op == c.Name() && se.Subject != "" {
			msg = se.Subject + ": " + se.Err.Error()
		}
	}
	fmt.Fprintf(c.Stderr(), "%s: %s\n", c.Name(), msg)
	return engine.ExitStatus(1)
}

// ipcFailf prints "name: op subject: message" and returns status 1.
func ipcFailf(c *engine.Call, format string, args ...any) error {
	fmt.Fprintf(c.Stderr(), "%s: %s\n", c.Name(), fmt.Sprintf(format, args...))
	return engine.ExitStatus(1)
}

// ipcWaitFailure reports whether err is an outcome of not waiting: no
// message, a full queue or unavailable semaphore with --nowait, or an
// expired timeout. Builtins turn those into a quiet status 1.
func ipcWaitFailure(err error) bool {
	return errors.Is(err, shm.ErrNoMessage) || errors.Is(err, shm.ErrWouldBlock) ||
		errors.Is(err, shm.ErrTimeout) || errors.Is(err, os.ErrDeadlineExceeded)
}

// ipcParseSize parses a byte count: digits with an optional suffix K, M,
// G, T, P, E (powers of 1024, optionally followed by "iB") or KB, MB...
// (powers of 1000), as util-linux does.
func ipcParseSize(s string) (int64, error) {
	bad := fmt.Errorf("invalid size %q", s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, bad
	}
	n, err := strconv.ParseUint(s[:i], 10, 63)
	if err != nil {
		return 0, fmt.Errorf("invalid size %q: too large", s)
	}
	suf := s[i:]
	if suf == "" || suf == "B" {
		return int64(n), nil
	}
	exp := strings.IndexByte("KMGTPE", byte(strings.ToUpper(suf[:1])[0])) + 1
	if exp == 0 {
		return 0, bad
	}
	base := uint64(1024)
	switch suf[1:] {
	case "", "iB", "ib":
	case "B", "b":
		base = 1000
	default:
		return 0, bad
	}
	for ; exp > 0; exp-- {
		if n > math.MaxInt64/base {
			return 0, fmt.Errorf("invalid size %q: too large", s)
		}
		n *= base
	}
	return int64(n), nil
}

// ipcParseMode parses an octal permission mode such as 600 or 0640.
func ipcParseMode(s string) (os.FileMode, error) {
	m, err := strconv.ParseUint(s, 8, 32)
	if err != nil || m > 0o777 {
		return 0, fmt.Errorf("invalid mode %q (want octal permission bits such as 0600)", s)
	}
	return os.FileMode(m), nil
}

// ipcParseKey parses a System V key in C notation (0x1234abcd, decimal,
// or octal with a leading 0), as ipcrm does. Keys are 32 bits; values up
// to 0xffffffff wrap to the signed key_t.
func ipcParseKey(s string) (shm.Key, error) {
	v, err := strconv.ParseInt(s, 0, 64)
	if err != nil || v < math.MinInt32 || v > math.MaxUint32 {
		return 0, fmt.Errorf("invalid key %q (want 0x%%08x, decimal or octal)", s)
	}
	return shm.Key(int32(uint32(v))), nil
}

// ipcParseID parses a System V id: a non-negative decimal number.
func ipcParseID(s string) (int, error) {
	v, err := strconv.ParseInt(s, 10, 32)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("invalid id %q (want a non-negative decimal number)", s)
	}
	return int(v), nil
}

// ipcParseSeconds parses a timeout in seconds, fractions allowed.
func ipcParseSeconds(s string) (time.Duration, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsNaN(f) || f > float64(math.MaxInt64/int64(time.Second)) {
		return 0, fmt.Errorf("invalid timeout %q (want seconds, such as 1.5)", s)
	}
	return time.Duration(f * float64(time.Second)), nil
}

// ipcParseInt parses a decimal integer within [lo, hi] for option what.
func ipcParseInt(what, s string, lo, hi int64) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("invalid %s %q (want an integer from %d to %d)", what, s, lo, hi)
	}
	return v, nil
}

// ipcSysVRef is a System V object named on the command line by id or key.
type ipcSysVRef struct {
	id    int
	key   shm.Key
	byKey bool
	text  string // as given
}

// ipcRef builds the reference from -k KEY (opts key "k") or an id string.
func ipcRef(opts ipcOpts, id string) (ipcSysVRef, error) {
	if opts.has("k") {
		k, err := ipcParseKey(opts.last("k"))
		if err != nil {
			return ipcSysVRef{}, err
		}
		if k == shm.Private {
			return ipcSysVRef{}, errors.New("key 0 is IPC_PRIVATE and names no object; use the id")
		}
		return ipcSysVRef{key: k, byKey: true, text: opts.last("k")}, nil
	}
	n, err := ipcParseID(id)
	if err != nil {
		return ipcSysVRef{}, err
	}
	return ipcSysVRef{id: n, text: id}, nil
}

// resolve returns the id, looking the key up with get.
func (r ipcSysVRef) resolve(get func(shm.Key) (int, error)) (int, error) {
	if !r.byKey {
		return r.id, nil
	}
	return get(r.key)
}

// ipcRecord records a newly created object in the session's ledger. When
// the ledger cannot be had and the object is not to be kept, undo is
// called and the error returned, so nothing is created unrecorded. A
// ledger file that cannot be written is reported as a warning only.
func ipcRecord(c *engine.Call, o ledger.Object, undo func()) error {
	l, err := c.Ledger()
	if err != nil {
		if o.Keep {
			return nil
		}
		undo()
		return fmt.Errorf("ledger: %w", err)
	}
	if _, err := l.Add(o); err != nil {
		if errors.Is(err, ledger.ErrClosed) || !ipcRecorded(l, o) {
			if o.Keep {
				return nil
			}
			undo()
			return err
		}
		fmt.Fprintf(c.Stderr(), "%s: warning: %v\n", c.Name(), err)
	}
	return nil
}

func ipcRecorded(l *ledger.Ledger, o ledger.Object) bool {
	for _, r := range l.List() {
		if ipcSame(r, o.Kind, o.Name, o.ID) {
			return true
		}
	}
	return false
}

func ipcSame(r ledger.Object, k ledger.Kind, name string, id int) bool {
	if r.Kind != k {
		return false
	}
	if k.SysV() {
		return r.ID == id
	}
	return r.Name == name
}

// ipcForget drops the ledger records of an object the user removed.
func ipcForget(c *engine.Call, k ledger.Kind, name string, id int) {
	l, err := c.Ledger()
	if err != nil {
		return
	}
	if !k.SysV() && k != ledger.POSIXShm && k != ledger.POSIXQueue {
		name = ipcAbs(c, name)
	}
	for _, r := range l.List() {
		if ipcSame(r, k, name, id) {
			l.Forget(r.Handle)
		}
	}
}

// ipcAbs makes path absolute against the shell's directory.
func ipcAbs(c *engine.Call, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(c.Dir(), path)
}

// ipcReadInput returns TEXT when given, else all of stdin, refusing more
// than max bytes (max < 0: no limit). It reads one byte past max so the
// caller can report the size as over the limit.
func ipcReadInput(c *engine.Call, pos []string, max int64) ([]byte, error) {
	if len(pos) > 0 {
		return []byte(strings.Join(pos, " ")), nil
	}
	in := c.Stdin()
	if in == nil {
		return nil, errors.New("no TEXT and standard input is closed")
	}
	var r io.Reader = in
	if max >= 0 {
		r = io.LimitReader(in, max+1)
	}
	return io.ReadAll(r)
}

// ipcOut writes data to VAR when name is not "", else to stdout.
func ipcOut(c *engine.Call, varName string, data []byte) error {
	if varName != "" {
		return c.SetVar(varName, string(data))
	}
	_, err := c.Stdout().Write(data)
	return err
}

// ipcPrintID prints id on stdout, or stores it in VAR.
func ipcPrintID(c *engine.Call, varName string, id int) error {
	if varName != "" {
		return c.SetVar(varName, strconv.Itoa(id))
	}
	_, err := fmt.Fprintln(c.Stdout(), id)
	return err
}

// ipcRemoveRefs removes the System V objects first and rest name (rest are
// more ids), reporting each failure and dropping each removed object from
// the session's ledger: the `rm` subcommand of msg and sem.
func ipcRemoveRefs(c *engine.Call, first ipcSysVRef, rest []string, kind ledger.Kind,
	get func(shm.Key) (int, error), remove func(id int) error, usage func(string, ...any) error) error {
	refs := []ipcSysVRef{first}
	for _, p := range rest {
		r, err := ipcRef(ipcOpts{}, p)
		if err != nil {
			return usage("%v", err)
		}
		refs = append(refs, r)
	}
	var status error
	for _, r := range refs {
		id, err := r.resolve(get)
		if err == nil {
			err = remove(id)
		}
		if err != nil {
			status = ipcFail(c, err)
			continue
		}
		ipcForget(c, kind, "", id)
	}
	return status
}
