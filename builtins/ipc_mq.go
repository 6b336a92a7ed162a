package builtins

import (
	"context"
	"os"
	"strconv"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/shm"
)

const ipcMQSynopsis = `mq create [-m MODE] [--max-msgs N --msg-size BYTES] [--keep] /name
mq send [-p PRIO] [--nowait] [-T SECS] /name [TEXT]
mq recv [--nowait] [-T SECS] [-v VAR] [--prio-var VAR] /name
mq stat [--json] /name
mq rm /name...`

const ipcMQHelp = `POSIX message queues (mq_open), named "/name".

create makes a new queue with mode MODE (default 0600) holding up to N
messages of up to BYTES bytes each (both or neither; the defaults come
from /proc/sys/fs/mqueue). The session removes it at exit unless --keep
is given (see ipc keep).

send puts TEXT (the arguments joined by spaces, without a newline) or
all of standard input on the queue with priority PRIO (0 to 32767,
default 0); recv takes the oldest message of the highest priority and
writes it to standard output or VAR (--prio-var gets its priority).
Both wait while the queue is full or empty, at most SECS with -T.

Exit status: 0 on success; 1, with nothing printed, when --nowait found
the queue empty (recv) or full (send), or -T expired; 1 with a message
for other failures; 2 for usage errors.

Example:
    mq create /jobs; mq send -p 5 /jobs urgent; mq send /jobs later
    mq recv /jobs    # urgent`

func ipcMQBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "mq",
		Synopsis: ipcMQSynopsis,
		Summary:  "Create, send to, receive from, inspect and remove POSIX message queues.",
		Help:     ipcMQHelp,
		Run:      ipcMQRun,
	}
}

func ipcMQRun(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	if len(args) < 2 {
		return ipcUsage(c, ipcMQSynopsis, "", "missing subcommand")
	}
	sub, rest := args[1], args[2:]
	flags := map[string][]ipcFlag{
		"create": {{short: 'm', long: "mode", arg: true}, {long: "max-msgs", arg: true},
			{long: "msg-size", arg: true}, {long: "keep"}},
		"send": {{short: 'p', long: "prio", arg: true}, {long: "nowait"}, {short: 'T', long: "timeout", arg: true}},
		"recv": {{long: "nowait"}, {short: 'T', long: "timeout", arg: true}, {short: 'v', arg: true},
			{long: "prio-var", arg: true}},
		"stat": {{long: "json"}},
		"rm":   nil,
	}
	fl, ok := flags[sub]
	if !ok {
		return ipcUsage(c, ipcMQSynopsis, "", "unknown subcommand %q", sub)
	}
	opts, pos, err := ipcGetopt(rest, fl)
	if err != nil {
		return ipcUsage(c, ipcMQSynopsis, sub, "%v", err)
	}
	usage := func(format string, a ...any) error { return ipcUsage(c, ipcMQSynopsis, sub, format, a...) }
	if len(pos) == 0 {
		return usage("missing /name")
	}
	for i, n := range pos {
		if i > 0 && sub != "rm" {
			if sub != "send" {
				return usage("unexpected argument %q", n)
			}
			break
		}
		if err := shm.ValidName(n); err != nil {
			return usage("%s: %v", n, err)
		}
	}
	name := pos[0]
	switch sub {
	case "create":
		mode := os.FileMode(0o600)
		if opts.has("mode") {
			if mode, err = ipcParseMode(opts.last("mode")); err != nil {
				return usage("%v", err)
			}
		}
		var attr shm.MQAttr
		if opts.has("max-msgs") != opts.has("msg-size") {
			return usage("give both --max-msgs and --msg-size, or neither")
		}
		if opts.has("max-msgs") {
			if attr.MaxMsg, err = ipcParseInt("number of messages", opts.last("max-msgs"), 1, 1<<31-1); err != nil {
				return usage("%v", err)
			}
			if attr.MsgSize, err = ipcParseSize(opts.last("msg-size")); err != nil || attr.MsgSize < 1 {
				return usage("invalid message size %q", opts.last("msg-size"))
			}
		}
		m, err := shm.CreateMQ(name, mode, attr)
		if err != nil {
			return ipcFail(c, err)
		}
		m.Close()
		if err := ipcRecord(c, ledger.Object{Kind: ledger.POSIXQueue, Name: name, Keep: opts.has("keep")}, func() { shm.RemoveMQ(name) }); err != nil {
			return ipcFailf(c, "create %s: %v", name, err)
		}
		return nil
	case "rm":
		var status error
		for _, n := range pos {
			if err := shm.RemoveMQ(n); err != nil {
				status = ipcFail(c, err)
				continue
			}
			ipcForget(c, ledger.POSIXQueue, n, -1)
		}
		return status
	case "stat":
		m, err := shm.OpenMQ(name, os.O_RDONLY)
		if err != nil {
			return ipcFail(c, err)
		}
		defer m.Close()
		attr, err := m.Attr()
		if err != nil {
			return ipcFail(c, err)
		}
		info, err := m.Stat()
		if err != nil {
			return ipcFail(c, err)
		}
		return ipcPrintFields(c, []ipcField{
			{"name", name}, {"mode", ipcModeText(uint32(info.Mode.Perm()))}, {"uid", info.UID}, {"gid", info.GID},
			{"messages", attr.CurMsgs}, {"max-msgs", attr.MaxMsg}, {"msg-size", attr.MsgSize},
		}, opts.has("json"))
	case "send":
		var prio int64
		if opts.has("prio") {
			if prio, err = ipcParseInt("priority", opts.last("prio"), 0, shm.MQPrioMax-1); err != nil {
				return usage("%v", err)
			}
		}
		tctx, cancel, err := ipcTimeoutCtx(ctx, opts, "timeout")
		if err != nil {
			return usage("%v", err)
		}
		defer cancel()
		m, err := shm.OpenMQ(name, os.O_WRONLY)
		if err != nil {
			return ipcFail(c, err)
		}
		defer m.Close()
		attr, err := m.Attr()
		if err != nil {
			return ipcFail(c, err)
		}
		data, err := ipcReadInput(c, pos[1:], attr.MsgSize)
		if err != nil {
			return ipcFailf(c, "send %s: %v", name, err)
		}
		if len(pos) == 1 && int64(len(data)) > attr.MsgSize {
			return ipcFailf(c, "send %s: message of more than %d bytes on standard input exceeds the queue's msgsize (%d bytes)", name, attr.MsgSize, attr.MsgSize)
		}
		if err := m.Send(tctx, data, uint(prio), opts.has("nowait")); err != nil {
			if ipcWaitFailure(err) || ipcTimedOut(ctx, tctx, err) {
				return engine.ExitStatus(1)
			}
			return ipcFail(c, err)
		}
		return nil
	default: // recv
		for _, v := range []string{opts.last("v"), opts.last("prio-var")} {
			if v != "" && !ipcValidName(v) {
				return usage("invalid variable name %q", v)
			}
		}
		tctx, cancel, err := ipcTimeoutCtx(ctx, opts, "timeout")
		if err != nil {
			return usage("%v", err)
		}
		defer cancel()
		m, err := shm.OpenMQ(name, os.O_RDONLY)
		if err != nil {
			return ipcFail(c, err)
		}
		defer m.Close()
		data, prio, err := m.Recv(tctx, opts.has("nowait"))
		if err != nil {
			if ipcWaitFailure(err) || ipcTimedOut(ctx, tctx, err) {
				return engine.ExitStatus(1)
			}
			return ipcFail(c, err)
		}
		if v := opts.last("prio-var"); v != "" {
			if err := c.SetVar(v, strconv.FormatUint(uint64(prio), 10)); err != nil {
				return ipcFail(c, err)
			}
		}
		return ipcOutBytes(c, opts.last("v"), data)
	}
}
