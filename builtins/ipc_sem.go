package builtins

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/shm"
)

const ipcSemSynopsis = `sem create [-k KEY | -p] [-n NSEMS] [-m MODE] [--keep] [-v VAR]
sem op [--undo] [--nowait] [-t SECS] (S | -k KEY) N:OP...
sem get (S | -k KEY) [N]
sem set (S | -k KEY) N VALUE
sem set --all (S | -k KEY) VALUE...
sem stat [--json] (S | -k KEY)
sem rm (S... | -k KEY)`

const ipcSemHelp = `System V semaphore sets. S is a set id (what create prints); -k KEY names
the set by key instead. Semaphores are numbered from 0.

create makes a set of NSEMS semaphores (default 1), all 0, private unless
-k, mode MODE (default 0600), and prints its id or stores it in VAR. The
session removes it at exit unless --keep is given (see ipc keep).

op performs all its operations atomically (semop): either all happen or
none. N:+K adds K to semaphore N; N:-K waits until it is at least K and
subtracts K; N:0 waits until it is 0. --undo makes the kernel revert the
operations when the shell exits (SEM_UNDO); --nowait fails instead of
waiting; -t SECS waits at most SECS seconds.

get prints the value of semaphore N, or all values on one line. set
sets one value, or every value of the set with --all. stat prints the
set and a table of semaphores (value, ncount, zcount, pid).

Exit status: 0 on success; 1, with nothing printed, when op could not
proceed with --nowait or -t expired; 1 with a message for other failures
(unknown ids, numbers outside the set, values over 32767); 2 for usage
errors.

Example (a mutex):
    s=$(sem create); sem set "$s" 0 1
    sem op --undo "$s" 0:-1; critical-section; sem op --undo "$s" 0:+1`

func ipcSemBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "sem",
		Synopsis: ipcSemSynopsis,
		Summary:  "Create, operate on, inspect and remove System V semaphore sets.",
		Help:     ipcSemHelp,
		Run:      ipcSemRun,
	}
}

func ipcGetSemSet(k shm.Key) (int, error) {
	s, err := shm.GetSemSet(k)
	return int(s), err
}

// ipcParseSemOp parses "N:+K", "N:-K", "N:K" or "N:0".
func ipcParseSemOp(s string) (shm.SemOp, error) {
	n, op, ok := strings.Cut(s, ":")
	bad := fmt.Errorf("invalid operation %q (want N:+K, N:-K or N:0)", s)
	if !ok {
		return shm.SemOp{}, bad
	}
	num, err := strconv.ParseUint(n, 10, 16)
	if err != nil {
		return shm.SemOp{}, fmt.Errorf("invalid semaphore number in %q (want 0 to 65535)", s)
	}
	v, err := strconv.ParseInt(strings.TrimPrefix(op, "+"), 10, 16)
	if err != nil || op == "" || op == "+" || strings.HasPrefix(op, "+-") || strings.HasPrefix(op, "++") {
		return shm.SemOp{}, bad
	}
	return shm.SemOp{Num: uint16(num), Op: int16(v)}, nil
}

func ipcSemRun(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	if len(args) < 2 {
		return ipcUsage(c, ipcSemSynopsis, "", "missing subcommand")
	}
	sub, rest := args[1], args[2:]
	key := ipcFlag{short: 'k', arg: true}
	flags := map[string][]ipcFlag{
		"create": append(ipcSysVCreateFlags(), ipcFlag{short: 'n', long: "nsems", arg: true}),
		"op":     {{long: "undo"}, {long: "nowait"}, {short: 't', long: "timeout", arg: true}, key},
		"get":    {key},
		"set":    {{long: "all"}, key},
		"stat":   {{long: "json"}, key},
		"rm":     {key},
	}
	fl, ok := flags[sub]
	if !ok {
		return ipcUsage(c, ipcSemSynopsis, "", "unknown subcommand %q", sub)
	}
	opts, pos, err := ipcGetopt(rest, fl)
	if err != nil {
		return ipcUsage(c, ipcSemSynopsis, sub, "%v", err)
	}
	usage := func(format string, a ...any) error { return ipcUsage(c, ipcSemSynopsis, sub, format, a...) }
	if sub == "create" {
		if len(pos) > 0 {
			return usage("unexpected argument %q", pos[0])
		}
		k, mode, err := ipcCreateKey(opts)
		if err != nil {
			return usage("%v", err)
		}
		n := int64(1)
		if opts.has("nsems") {
			if n, err = ipcParseInt("number of semaphores", opts.last("nsems"), 1, 1<<31-1); err != nil {
				return usage("%v", err)
			}
		}
		s, err := shm.CreateSemSet(k, int(n), mode)
		if err != nil {
			return ipcFail(c, err)
		}
		if err := ipcRecord(c, ledger.Object{Kind: ledger.SysVSem, ID: int(s), Keep: opts.has("keep")}, func() { s.Remove() }); err != nil {
			return ipcFailf(c, "create id %d: %v", int(s), err)
		}
		return ipcPrintID(c, opts.last("v"), int(s))
	}
	idArg := ""
	if !opts.has("k") {
		if len(pos) == 0 {
			return usage("missing set id or -k KEY")
		}
		idArg, pos = pos[0], pos[1:]
	}
	ref, err := ipcRef(opts, idArg)
	if err != nil {
		return usage("%v", err)
	}
	if sub == "rm" {
		return ipcRemoveRefs(c, ref, pos, ledger.SysVSem, ipcGetSemSet, func(id int) error { return shm.SemSet(id).Remove() }, usage)
	}
	// Check the operands before touching the set.
	var ops []shm.SemOp
	var nums []int64
	switch sub {
	case "op":
		if len(pos) == 0 {
			return usage("missing operations N:OP")
		}
		for _, p := range pos {
			o, err := ipcParseSemOp(p)
			if err != nil {
				return usage("%v", err)
			}
			if opts.has("undo") {
				o.Flags |= shm.SemUndo
			}
			if opts.has("nowait") {
				o.Flags |= shm.SemNoWait
			}
			ops = append(ops, o)
		}
	case "get":
		if len(pos) > 1 {
			return usage("unexpected argument %q", pos[1])
		}
	case "set":
		if !opts.has("all") && len(pos) != 2 {
			return usage("want N and VALUE")
		}
		if opts.has("all") && len(pos) == 0 {
			return usage("want one VALUE per semaphore")
		}
	case "stat":
		if len(pos) > 0 {
			return usage("unexpected argument %q", pos[0])
		}
	}
	for i, p := range pos {
		if sub == "op" {
			break
		}
		lo, hi, what := int64(0), int64(65535), "semaphore number"
		if sub == "set" && (opts.has("all") || i == 1) {
			hi, what = 1<<31-1, "value"
		}
		v, err := ipcParseInt(what, p, lo, hi)
		if err != nil {
			return usage("%v", err)
		}
		nums = append(nums, v)
	}
	id, err := ref.resolve(ipcGetSemSet)
	if err != nil {
		return ipcFail(c, err)
	}
	s := shm.SemSet(id)
	switch sub {
	case "op":
		var timeout time.Duration
		if opts.has("timeout") {
			if timeout, err = ipcParseSeconds(opts.last("timeout")); err != nil {
				return usage("%v", err)
			}
			if timeout == 0 {
				timeout = time.Nanosecond
			}
		}
		if err := s.Op(ctx, ops, timeout); err != nil {
			if ipcWaitFailure(err) {
				return engine.ExitStatus(1)
			}
			return ipcFail(c, err)
		}
		return nil
	case "get":
		if len(nums) == 1 {
			v, err := s.GetVal(int(nums[0]))
			if err != nil {
				return ipcFail(c, err)
			}
			_, err = fmt.Fprintln(c.Stdout(), v)
			return err
		}
		vals, err := s.GetAll()
		if err != nil {
			return ipcFail(c, err)
		}
		txt := make([]string, len(vals))
		for i, v := range vals {
			txt[i] = strconv.Itoa(int(v))
		}
		_, err = fmt.Fprintln(c.Stdout(), strings.Join(txt, " "))
		return err
	case "set":
		if !opts.has("all") {
			if err := s.SetVal(int(nums[0]), int(nums[1])); err != nil {
				return ipcFail(c, err)
			}
			return nil
		}
		info, err := ipcSemInfo(s)
		if err != nil {
			return ipcFail(c, err)
		}
		if len(nums) != info.NSems {
			return ipcFailf(c, "set id %d: %d values for a set of %d semaphores", id, len(nums), info.NSems)
		}
		vals := make([]uint16, len(nums))
		for i, v := range nums {
			if v > shm.SemValueMax {
				return ipcFailf(c, "set id %d: value of %d exceeds SEMVMX (%d)", id, v, shm.SemValueMax)
			}
			vals[i] = uint16(v)
		}
		if err := s.SetAll(vals); err != nil {
			return ipcFail(c, err)
		}
		return nil
	default: // stat
		return ipcSemStat(c, s, opts.has("json"))
	}
}

// ipcSemInfo returns the state of set s from /proc/sysvipc/sem, and
// from IPC_STAT (for its error) when the set is not listed there.
// shm.SemSet.Stat passes a stack address to semctl as a uintptr through
// a wrapper function, which the kernel may fill after the stack moved
// (seen under -race as nsems 0); the listing does not have that problem.
func ipcSemInfo(s shm.SemSet) (shm.SemSetInfo, error) {
	if sets, err := shm.SemSets(); err == nil {
		for _, info := range sets {
			if info.ID == s {
				return info, nil
			}
		}
	}
	return s.Stat()
}

func ipcSemStat(c *engine.Call, s shm.SemSet, asJSON bool) error {
	info, err := ipcSemInfo(s)
	if err != nil {
		return ipcFail(c, err)
	}
	sems := make([]shm.SemState, info.NSems)
	for i := range sems {
		if sems[i], err = s.Sem(i); err != nil {
			return ipcFail(c, err)
		}
	}
	if asJSON {
		type semJSON struct {
			Num    int `json:"num"`
			Value  int `json:"value"`
			NCount int `json:"ncount"`
			ZCount int `json:"zcount"`
			PID    int `json:"pid"`
		}
		list := make([]semJSON, len(sems))
		for i, st := range sems {
			list[i] = semJSON{i, st.Value, st.NCount, st.ZCount, st.PID}
		}
		return ipcPrintFields(c, []ipcField{
			{"id", int(s)}, {"key", info.Perm.Key.String()}, {"mode", ipcModeText(info.Perm.Mode & 0o777)},
			{"uid", info.Perm.UID}, {"gid", info.Perm.GID}, {"cuid", info.Perm.CUID}, {"cgid", info.Perm.CGID},
			{"nsems", info.NSems}, {"otime", ipcJSONTime(info.Otime)}, {"ctime", ipcJSONTime(info.Ctime)},
			{"sems", list},
		}, true)
	}
	if err := ipcPrintFields(c, []ipcField{
		{"id", int(s)}, {"key", info.Perm.Key.String()}, {"mode", ipcModeText(info.Perm.Mode & 0o777)},
		{"uid", info.Perm.UID}, {"gid", info.Perm.GID}, {"cuid", info.Perm.CUID}, {"cgid", info.Perm.CGID},
		{"nsems", info.NSems}, {"otime", info.Otime}, {"ctime", info.Ctime},
	}, false); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-6s %-6s %-6s %-6s %s\n", "semnum", "value", "ncount", "zcount", "pid")
	for i, st := range sems {
		fmt.Fprintf(&b, "%-6d %-6d %-6d %-6d %d\n", i, st.Value, st.NCount, st.ZCount, st.PID)
	}
	_, err = io.WriteString(c.Stdout(), b.String())
	return err
}
