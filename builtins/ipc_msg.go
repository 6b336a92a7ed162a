package builtins

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/shm"
)

const ipcMsgSynopsis = `msg create [-k KEY | -p] [-m MODE] [--keep] [-v VAR]
msg send [-t TYPE] [--nowait] [-T SECS] (Q | -k KEY) [TEXT]
msg recv [-t TYPE] [--except] [--nowait] [-T SECS] [-n MAX] [--truncate] [-v VAR] [--type-var VAR] (Q | -k KEY)
msg stat [--json] (Q | -k KEY)
msg rm (Q... | -k KEY)`

const ipcMsgHelp = `System V message queues. Q is a queue id (what create prints); -k KEY
names the queue by key instead (0x%08x as ftok prints, decimal or octal).

create makes a new queue (private unless -k; -p says so explicitly), mode
MODE in octal (default 0600), prints its id or stores it in VAR. The
session removes it at exit unless --keep is given (see ipc keep).

send puts TEXT (the arguments joined by spaces, sent as they are, without
a newline) or all of standard input on the queue as one message of type
TYPE (default 1, must be >= 1). A message over msgmax bytes is refused.
When the queue is full, send waits, at most SECS seconds with -T.

recv takes one message and writes its body to standard output (or VAR;
--type-var gets its type). TYPE selects as msgrcv(2) does: 0 (default)
the first message; N > 0 the first of type N (--except: of any other
type); N < 0 the first of the lowest type <= |N|. A message longer than
MAX bytes (default msgmax) stays queued and is an error, unless
--truncate cuts it.

Exit status: 0 on success; 1, with nothing printed, when --nowait found
no message (recv) or a full queue (send), or when -T expired; 1 with a
message for other failures; 2 for usage errors.

Examples:
    q=$(msg create); msg send -t 2 "$q" hello; msg recv -t 2 "$q"
    while msg recv --nowait -v m "$q"; do echo "got $m"; done`

func ipcMsgBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "msg",
		Synopsis: ipcMsgSynopsis,
		Summary:  "Create, send to, receive from, inspect and remove System V message queues.",
		Help:     ipcMsgHelp,
		Run:      ipcMsgRun,
	}
}

func ipcGetQueue(k shm.Key) (int, error) {
	q, err := shm.GetQueue(k)
	return int(q), err
}

// ipcSysVCreateFlags are the flags of msg create and sem create.
func ipcSysVCreateFlags() []ipcFlag {
	return []ipcFlag{{short: 'k', arg: true}, {short: 'p'}, {short: 'm', long: "mode", arg: true},
		{long: "keep"}, {short: 'v', arg: true}}
}

// ipcCreateKey returns the key and mode of a create subcommand.
func ipcCreateKey(opts ipcOpts) (shm.Key, os.FileMode, error) {
	if opts.has("k") && opts.has("p") {
		return 0, 0, errors.New("-k and -p exclude each other")
	}
	key := shm.Private
	if opts.has("k") {
		k, err := ipcParseKey(opts.last("k"))
		if err != nil {
			return 0, 0, err
		}
		key = k
	}
	mode := os.FileMode(0o600)
	if opts.has("mode") {
		m, err := ipcParseMode(opts.last("mode"))
		if err != nil {
			return 0, 0, err
		}
		mode = m
	}
	return key, mode, nil
}

// ipcTimeoutCtx returns ctx limited to the -T/-t timeout, if any.
func ipcTimeoutCtx(ctx context.Context, opts ipcOpts, key string) (context.Context, context.CancelFunc, error) {
	if !opts.has(key) {
		return ctx, func() {}, nil
	}
	d, err := ipcParseSeconds(opts.last(key))
	if err != nil {
		return ctx, func() {}, err
	}
	c, cancel := context.WithTimeout(ctx, d)
	return c, cancel, nil
}

// ipcTimedOut reports whether err comes from tctx's own deadline while
// the parent ctx is still live. (A library may see the deadline pass in
// the kernel before tctx's timer marks it done.)
func ipcTimedOut(ctx, tctx context.Context, err error) bool {
	if ctx.Err() != nil || tctx == ctx || !errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	d, ok := tctx.Deadline()
	pd, pok := ctx.Deadline()
	return ok && (!pok || d.Before(pd))
}

func ipcMsgRun(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	if len(args) < 2 {
		return ipcUsage(c, ipcMsgSynopsis, "", "missing subcommand")
	}
	sub, rest := args[1], args[2:]
	key := ipcFlag{short: 'k', arg: true}
	flags := map[string][]ipcFlag{
		"create": ipcSysVCreateFlags(),
		"send":   {{short: 't', long: "type", arg: true}, {long: "nowait"}, {short: 'T', long: "timeout", arg: true}, key},
		"recv": {{short: 't', long: "type", arg: true}, {long: "except"}, {long: "nowait"},
			{short: 'T', long: "timeout", arg: true}, {short: 'n', long: "max", arg: true}, {long: "truncate"},
			{short: 'v', arg: true}, {long: "type-var", arg: true}, key},
		"stat": {{long: "json"}, key},
		"rm":   {key},
	}
	fl, ok := flags[sub]
	if !ok {
		return ipcUsage(c, ipcMsgSynopsis, "", "unknown subcommand %q", sub)
	}
	opts, pos, err := ipcGetopt(rest, fl)
	if err != nil {
		return ipcUsage(c, ipcMsgSynopsis, sub, "%v", err)
	}
	usage := func(format string, a ...any) error { return ipcUsage(c, ipcMsgSynopsis, sub, format, a...) }
	if sub == "create" {
		if len(pos) > 0 {
			return usage("unexpected argument %q", pos[0])
		}
		k, mode, err := ipcCreateKey(opts)
		if err != nil {
			return usage("%v", err)
		}
		q, err := shm.CreateQueue(k, mode)
		if err != nil {
			return ipcFail(c, err)
		}
		if err := ipcRecord(c, ledger.Object{Kind: ledger.SysVQueue, ID: int(q), Keep: opts.has("keep")}, func() { q.Remove() }); err != nil {
			return ipcFailf(c, "create id %d: %v", int(q), err)
		}
		return ipcPrintID(c, opts.last("v"), int(q))
	}
	// The queue: -k KEY, or the first operand.
	idArg := ""
	if !opts.has("k") {
		if len(pos) == 0 {
			return usage("missing queue id or -k KEY")
		}
		idArg, pos = pos[0], pos[1:]
	}
	ref, err := ipcRef(opts, idArg)
	if err != nil {
		return usage("%v", err)
	}
	if sub == "rm" {
		return ipcRemoveRefs(c, ref, pos, ledger.SysVQueue, ipcGetQueue, func(id int) error { return shm.Queue(id).Remove() }, usage)
	}
	if sub != "send" && len(pos) > 0 {
		return usage("unexpected argument %q", pos[0])
	}
	id, err := ref.resolve(ipcGetQueue)
	if err != nil {
		return ipcFail(c, err)
	}
	q := shm.Queue(id)
	switch sub {
	case "send":
		return ipcMsgSend(ctx, c, q, opts, pos, usage)
	case "recv":
		return ipcMsgRecv(ctx, c, q, opts, usage)
	default: // stat
		info, err := q.Stat()
		if err != nil {
			return ipcFail(c, err)
		}
		asJSON := opts.has("json")
		tm := func(t time.Time) any {
			if asJSON {
				return ipcJSONTime(t)
			}
			return t
		}
		return ipcPrintFields(c, []ipcField{
			{"id", id}, {"key", info.Perm.Key.String()}, {"mode", ipcModeText(info.Perm.Mode & 0o777)},
			{"uid", info.Perm.UID}, {"gid", info.Perm.GID}, {"cuid", info.Perm.CUID}, {"cgid", info.Perm.CGID},
			{"messages", info.QNum}, {"bytes", info.CBytes}, {"qbytes", info.QBytes},
			{"lspid", info.LSPID}, {"lrpid", info.LRPID},
			{"stime", tm(info.Stime)}, {"rtime", tm(info.Rtime)}, {"ctime", tm(info.Ctime)},
		}, asJSON)
	}
}

func ipcMsgSend(ctx context.Context, c *engine.Call, q shm.Queue, opts ipcOpts, pos []string, usage func(string, ...any) error) error {
	mtype := int64(1)
	if opts.has("type") {
		t, err := ipcParseInt("type", opts.last("type"), 1, math.MaxInt64)
		if err != nil {
			return usage("%v", err)
		}
		mtype = t
	}
	tctx, cancel, err := ipcTimeoutCtx(ctx, opts, "timeout")
	if err != nil {
		return usage("%v", err)
	}
	defer cancel()
	lim, err := shm.ReadLimits()
	if err != nil {
		return ipcFail(c, err)
	}
	data, err := ipcReadInput(c, pos, int64(lim.MsgMax))
	if err != nil {
		return ipcFailf(c, "send id %d: %v", int(q), err)
	}
	if len(pos) == 0 && uint64(len(data)) > lim.MsgMax {
		return ipcFailf(c, "send id %d: message of more than %d bytes on standard input exceeds msgmax (%d bytes)", int(q), lim.MsgMax, lim.MsgMax)
	}
	if uint64(len(data)) <= lim.MsgMax {
		// A body over the queue's own byte limit would wait forever.
		if info, err := q.Stat(); err == nil && info.QBytes > 0 && uint64(len(data)) > info.QBytes {
			return ipcFailf(c, "send id %d: message of %d bytes exceeds the queue's limit qbytes (%d bytes)", int(q), len(data), info.QBytes)
		}
	}
	err = q.Send(tctx, mtype, data, opts.has("nowait"))
	if err != nil {
		if ipcWaitFailure(err) || ipcTimedOut(ctx, tctx, err) {
			return engine.ExitStatus(1)
		}
		return ipcFail(c, err)
	}
	return nil
}

func ipcMsgRecv(ctx context.Context, c *engine.Call, q shm.Queue, opts ipcOpts, usage func(string, ...any) error) error {
	ro := shm.RecvOptions{Except: opts.has("except"), NoWait: opts.has("nowait"), Truncate: opts.has("truncate")}
	if opts.has("type") {
		t, err := ipcParseInt("type", opts.last("type"), math.MinInt64+1, math.MaxInt64)
		if err != nil {
			return usage("%v", err)
		}
		ro.Type = t
	}
	if ro.Except && ro.Type <= 0 {
		return usage("--except needs -t TYPE > 0")
	}
	if opts.has("max") {
		n, err := ipcParseInt("max", opts.last("max"), 1, math.MaxInt32)
		if err != nil {
			return usage("%v", err)
		}
		ro.MaxSize = int(n)
	} else if ro.Truncate {
		return usage("--truncate needs -n MAX")
	}
	for _, v := range []string{opts.last("v"), opts.last("type-var")} {
		if v != "" && !ipcValidName(v) {
			return usage("invalid variable name %q", v)
		}
	}
	tctx, cancel, err := ipcTimeoutCtx(ctx, opts, "timeout")
	if err != nil {
		return usage("%v", err)
	}
	defer cancel()
	m, err := q.Recv(tctx, ro)
	if err != nil {
		if ipcWaitFailure(err) || ipcTimedOut(ctx, tctx, err) {
			return engine.ExitStatus(1)
		}
		return ipcFail(c, err)
	}
	if v := opts.last("type-var"); v != "" {
		if err := c.SetVar(v, strconv.FormatInt(m.Type, 10)); err != nil {
			return ipcFail(c, err)
		}
	}
	data := m.Data
	if opts.last("v") != "" {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			data = data[:i]
		}
	}
	return ipcOut(c, opts.last("v"), data)
}

// ipcValidName reports whether s is a shell variable name.
func ipcValidName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}
