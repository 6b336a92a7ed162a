package builtins

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/shm"
)

// Output formats and size units of ipcs, as util-linux names them.
const (
	ipcsNormal = iota
	ipcsTime
	ipcsPID
	ipcsCreator
	ipcsLimits
	ipcsStatus
)

const (
	ipcsUnitDefault = iota
	ipcsUnitBytes
	ipcsUnitKB
	ipcsUnitHuman
)

const ipcsSynopsis = `ipcs [-m] [-q] [-s] [-a] [-t | -p | -c | -l | -u] [-b | --human] [--json]
ipcs (-m | -q | -s) -i ID [-b | --human] [--json]`

const ipcsHelp = `Show System V IPC objects as util-linux's ipcs does, with the same
columns and headers.

Resources (default all): -m, --shmems shared memory segments; -q,
--queues message queues; -s, --semaphores semaphore sets; -a, --all all.
Formats: -t, --time times; -p, --pid pids; -c, --creator creators and
owners; -l, --limits kernel limits; -u, --summary usage. Sizes: -b,
--bytes in bytes; --human with K, M, G suffixes. -i, --id ID details one
object of the single resource given. --json prints the same information
as JSON (every field, whatever the format flags).

Unlike util-linux's ipcs, an id that names no object is an error
(status 1).`

func ipcIpcsBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "ipcs",
		Synopsis: ipcsSynopsis,
		Summary:  "Show System V message queues, shared memory segments and semaphore sets.",
		Help:     ipcsHelp,
		Run:      ipcIpcsRun,
	}
}

// ipcNames looks up user and group names once per invocation.
type ipcNames struct {
	users, groups map[uint32]string
	found         map[string]bool
}

func newIpcNames() *ipcNames {
	return &ipcNames{users: map[uint32]string{}, groups: map[uint32]string{}, found: map[string]bool{}}
}

// user returns the user name of uid and whether there is one.
func (n *ipcNames) user(uid uint32) (string, bool) {
	k := "u" + strconv.FormatUint(uint64(uid), 10)
	if s, ok := n.users[uid]; ok {
		return s, n.found[k]
	}
	s := strconv.FormatUint(uint64(uid), 10)
	if u, err := user.LookupId(s); err == nil {
		s = u.Username
		n.found[k] = true
	}
	n.users[uid] = s
	return s, n.found[k]
}

func (n *ipcNames) group(gid uint32) string {
	if s, ok := n.groups[gid]; ok {
		return s
	}
	s := strconv.FormatUint(uint64(gid), 10)
	if g, err := user.LookupGroupId(s); err == nil {
		s = g.Name
	}
	n.groups[gid] = s
	return s
}

// idOwner prints "%-Wd %-10.10s" (or the uid as %-10u), as ipcs does.
func (n *ipcNames) idOwner(w io.Writer, width, id int, uid uint32) {
	if name, ok := n.user(uid); ok {
		if len(name) > 10 {
			name = name[:10]
		}
		fmt.Fprintf(w, "%-*d %-10s", width, id, name)
		return
	}
	fmt.Fprintf(w, "%-*d %-10d", width, id, uid)
}

// perms prints a line of the creator format (ipc_print_perms).
func (n *ipcNames) perms(w io.Writer, id int, p shm.Perm) {
	cu, _ := n.user(p.CUID)
	u, _ := n.user(p.UID)
	fmt.Fprintf(w, "%-10d %-10o %-10s %-10s %-10s %-10s\n", id, p.Mode&0o777, cu, n.group(p.CGID), u, n.group(p.GID))
}

// ipcHuman formats a size as util-linux's size_to_human_string with
// one-letter suffixes: 100B, 4K, 1.5M, 16E.
func ipcHuman(b uint64) string {
	shft := 10
	for ; shft <= 60; shft += 10 {
		if b < 1<<shft {
			break
		}
	}
	exp := shft - 10
	letter := "BKMGTPE"[exp/10]
	dec := b
	var frac uint64
	if exp > 0 {
		dec = b >> exp
		frac = b & (1<<exp - 1)
	}
	if frac != 0 {
		if frac >= math.MaxUint64/1000 {
			frac = ((frac / 1024) * 1000) / (1 << (exp - 10))
		} else {
			frac = (frac * 1000) / (1 << exp)
		}
		frac = (frac + 50) / 100
		if frac == 10 {
			dec++
			frac = 0
		}
	}
	if frac != 0 {
		return fmt.Sprintf("%d.%d%c", dec, frac, letter)
	}
	return fmt.Sprintf("%d%c", dec, letter)
}

// ipcPrintSize is util-linux's ipc_print_size.
func ipcPrintSize(w io.Writer, unit int, msg string, size uint64, end string, width int) {
	switch {
	case msg == "":
	case strings.HasSuffix(msg, "="):
		io.WriteString(w, msg)
	case unit == ipcsUnitBytes:
		fmt.Fprintf(w, "%s (bytes) = ", msg)
	case unit == ipcsUnitKB:
		fmt.Fprintf(w, "%s (kbytes) = ", msg)
	default:
		fmt.Fprintf(w, "%s = ", msg)
	}
	switch unit {
	case ipcsUnitDefault, ipcsUnitBytes:
		fmt.Fprintf(w, "%*d", width, size)
	case ipcsUnitKB:
		fmt.Fprintf(w, "%*d", width, size/1024)
	default:
		fmt.Fprintf(w, "%*s", width, ipcHuman(size))
	}
	io.WriteString(w, end)
}

// ipcCtime formats t as ctime(3) does, without the newline, or "Not set".
func ipcCtime(t time.Time) string {
	if t.IsZero() || t.Unix() == 0 {
		return "Not set"
	}
	return t.Local().Format("Mon Jan _2 15:04:05 2006")
}

// ipcCtime16 is "%-20.16s" of ctime(t)+4, as the -t listings print it.
func ipcCtime16(t time.Time) string {
	s := "Not set"
	if !t.IsZero() && t.Unix() != 0 {
		s = t.Local().Format("Jan _2 15:04:05 2006")[:16]
	}
	return fmt.Sprintf(" %-20s", s)
}

func ipcIpcsRun(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, pos, err := ipcGetopt(args[1:], []ipcFlag{
		{short: 'i', long: "id", arg: true}, {short: 'm', long: "shmems"}, {short: 'q', long: "queues"},
		{short: 's', long: "semaphores"}, {short: 'a', long: "all"}, {short: 't', long: "time"},
		{short: 'p', long: "pid"}, {short: 'c', long: "creator"}, {short: 'l', long: "limits"},
		{short: 'u', long: "summary"}, {long: "human"}, {short: 'b', long: "bytes"}, {long: "json"},
		{short: 'h', long: "help"},
	})
	if err != nil {
		return ipcUsage(c, ipcsSynopsis, "", "%v", err)
	}
	if opts.has("help") {
		fmt.Fprintf(c.Stdout(), "%s\n\n%s\n", ipcsSynopsis, ipcsHelp)
		return nil
	}
	if len(pos) > 0 {
		return ipcUsage(c, ipcsSynopsis, "", "unexpected argument %q", pos[0])
	}
	// As in util-linux, the last format and unit flags win.
	format, unit := ipcsNormal, ipcsUnitDefault
	msg, shmOn, sem := opts.has("queues"), opts.has("shmems"), opts.has("semaphores")
	for _, a := range args[1:] {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		if strings.HasPrefix(a, "--") {
			switch a {
			case "--time":
				format = ipcsTime
			case "--pid":
				format = ipcsPID
			case "--creator":
				format = ipcsCreator
			case "--limits":
				format = ipcsLimits
			case "--summary":
				format = ipcsStatus
			case "--human":
				unit = ipcsUnitHuman
			case "--bytes":
				unit = ipcsUnitBytes
			}
			continue
		}
		for _, ch := range a[1:] {
			if ch == 'i' {
				break // the rest is the id
			}
			switch ch {
			case 't':
				format = ipcsTime
			case 'p':
				format = ipcsPID
			case 'c':
				format = ipcsCreator
			case 'l':
				format = ipcsLimits
			case 'u':
				format = ipcsStatus
			case 'b':
				unit = ipcsUnitBytes
			}
		}
	}
	if opts.has("all") {
		msg, shmOn, sem = true, true, true
	}
	asJSON := opts.has("json")
	names := newIpcNames()
	if opts.has("id") {
		id, err := ipcParseID(opts.last("id"))
		if err != nil {
			return ipcUsage(c, ipcsSynopsis, "", "%v", err)
		}
		n := 0
		for _, b := range []bool{msg, shmOn, sem} {
			if b {
				n++
			}
		}
		if n != 1 {
			return ipcFailf(c, "when using an ID, a single resource must be specified")
		}
		switch {
		case msg:
			return ipcsPrintMsg(c, names, id, unit, asJSON)
		case shmOn:
			return ipcsPrintShm(c, names, id, unit, asJSON)
		default:
			return ipcsPrintSem(c, names, id, asJSON)
		}
	}
	if !msg && !shmOn && !sem {
		msg, shmOn, sem = true, true, true
	}
	if asJSON {
		return ipcsJSON(c, names, format, msg, shmOn, sem)
	}
	var b strings.Builder
	b.WriteString("\n")
	if msg {
		if err := ipcsDoMsg(&b, names, format, unit); err != nil {
			return ipcFail(c, err)
		}
		b.WriteString("\n")
	}
	if shmOn {
		if err := ipcsDoShm(&b, names, format, unit); err != nil {
			return ipcFail(c, err)
		}
		b.WriteString("\n")
	}
	if sem {
		if err := ipcsDoSem(&b, names, format); err != nil {
			return ipcFail(c, err)
		}
		b.WriteString("\n")
	}
	_, err = io.WriteString(c.Stdout(), b.String())
	return err
}

func ipcsDoMsg(w io.Writer, names *ipcNames, format, unit int) error {
	switch format {
	case ipcsLimits:
		l, err := shm.ReadLimits()
		if err != nil {
			return err
		}
		if unit == ipcsUnitDefault {
			unit = ipcsUnitBytes
		}
		fmt.Fprintf(w, "------ Messages Limits --------\n")
		fmt.Fprintf(w, "max queues system wide = %d\n", l.MsgMni)
		ipcPrintSize(w, unit, "max size of message", l.MsgMax, "\n", 0)
		ipcPrintSize(w, unit, "default max size of queue", l.MsgMnb, "\n", 0)
		return nil
	case ipcsStatus:
		u, err := shm.ReadUsage()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "------ Messages Status --------\n")
		fmt.Fprintf(w, "allocated queues = %d\n", u.Queues)
		fmt.Fprintf(w, "used headers = %d\n", u.Messages)
		end := "\n"
		if unit == ipcsUnitDefault {
			end = " bytes\n"
		}
		ipcPrintSize(w, unit, "used space", u.MessageBytes, end, 0)
		return nil
	case ipcsCreator:
		fmt.Fprintf(w, "------ Message Queues Creators/Owners --------\n")
		fmt.Fprintf(w, "%-10s %-10s %-10s %-10s %-10s %-10s\n", "msqid", "perms", "cuid", "cgid", "uid", "gid")
	case ipcsTime:
		fmt.Fprintf(w, "------ Message Queues Send/Recv/Change Times --------\n")
		fmt.Fprintf(w, "%-8s %-10s %-20s %-20s %-20s\n", "msqid", "owner", "send", "recv", "change")
	case ipcsPID:
		fmt.Fprintf(w, "------ Message Queues PIDs --------\n")
		fmt.Fprintf(w, "%-10s %-10s %-10s %-10s\n", "msqid", "owner", "lspid", "lrpid")
	default:
		size := "used-bytes"
		if unit == ipcsUnitHuman {
			size = "size"
		}
		fmt.Fprintf(w, "------ Message Queues --------\n")
		fmt.Fprintf(w, "%-10s %-10s %-10s %-10s %-12s %-12s\n", "key", "msqid", "owner", "perms", size, "messages")
	}
	qs, err := shm.Queues()
	if err != nil {
		return err
	}
	for _, q := range qs {
		id := int(q.ID)
		switch format {
		case ipcsCreator:
			names.perms(w, id, q.Perm)
		case ipcsTime:
			names.idOwner(w, 8, id, q.Perm.UID)
			fmt.Fprintf(w, "%s%s%s\n", ipcCtime16(q.Stime), ipcCtime16(q.Rtime), ipcCtime16(q.Ctime))
		case ipcsPID:
			names.idOwner(w, 8, id, q.Perm.UID)
			fmt.Fprintf(w, "  %5d     %5d\n", q.LSPID, q.LRPID)
		default:
			fmt.Fprintf(w, "%s ", q.Perm.Key)
			names.idOwner(w, 10, id, q.Perm.UID)
			fmt.Fprintf(w, " %-10o ", q.Perm.Mode&0o777)
			if unit == ipcsUnitHuman {
				ipcPrintSize(w, unit, "", q.CBytes, "      ", 6)
			} else {
				ipcPrintSize(w, unit, "", q.CBytes, "", -12)
			}
			fmt.Fprintf(w, " %-12d\n", q.QNum)
		}
	}
	return nil
}

func ipcsDoShm(w io.Writer, names *ipcNames, format, unit int) error {
	switch format {
	case ipcsLimits:
		l, err := shm.ReadLimits()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "------ Shared Memory Limits --------\n")
		fmt.Fprintf(w, "max number of segments = %d\n", l.ShmMni)
		u := unit
		if u == ipcsUnitDefault {
			u = ipcsUnitKB
		}
		ipcPrintSize(w, u, "max seg size", l.ShmMax, "\n", 0)
		pg := uint64(l.PageSize)
		if unit == ipcsUnitKB || unit == ipcsUnitDefault {
			tmp := l.ShmAll * (pg / 1024)
			if l.ShmAll != 0 && tmp/l.ShmAll != pg/1024 {
				tmp = math.MaxUint64 - math.MaxUint64%(pg/1024)
			}
			fmt.Fprintf(w, "max total shared memory (kbytes) = %d\n", tmp)
		} else {
			tmp := l.ShmAll * pg
			if l.ShmAll != 0 && tmp/l.ShmAll != pg {
				tmp = math.MaxUint64 - math.MaxUint64%pg
			}
			ipcPrintSize(w, unit, "max total shared memory", tmp, "\n", 0)
		}
		u = unit
		if u == ipcsUnitDefault {
			u = ipcsUnitBytes
		}
		ipcPrintSize(w, u, "min seg size", l.ShmMin, "\n", 0)
		return nil
	case ipcsStatus:
		u, err := shm.ReadUsage()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "------ Shared Memory Status --------\n")
		fmt.Fprintf(w, "segments allocated %d\npages allocated %d\npages resident  %d\npages swapped   %d\nSwap performance: %d attempts\t %d successes\n",
			u.Segments, u.PagesAllocated, u.PagesResident, u.PagesSwapped, u.SwapAttempts, u.SwapSuccesses)
		return nil
	case ipcsCreator:
		fmt.Fprintf(w, "------ Shared Memory Segment Creators/Owners --------\n")
		fmt.Fprintf(w, "%-10s %-10s %-10s %-10s %-10s %-10s\n", "shmid", "perms", "cuid", "cgid", "uid", "gid")
	case ipcsTime:
		fmt.Fprintf(w, "------ Shared Memory Attach/Detach/Change Times --------\n")
		fmt.Fprintf(w, "%-10s %-10s %-20s %-20s %-20s\n", "shmid", "owner", "attached", "detached", "changed")
	case ipcsPID:
		fmt.Fprintf(w, "------ Shared Memory Creator/Last-op PIDs --------\n")
		fmt.Fprintf(w, "%-10s %-10s %-10s %-10s\n", "shmid", "owner", "cpid", "lpid")
	default:
		size := "bytes"
		if unit == ipcsUnitHuman {
			size = "size"
		}
		fmt.Fprintf(w, "------ Shared Memory Segments --------\n")
		fmt.Fprintf(w, "%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key", "shmid", "owner", "perms", size, "nattch", "status")
	}
	segs, err := shm.Segments()
	if err != nil {
		return err
	}
	for _, s := range segs {
		id := int(s.ID)
		switch format {
		case ipcsCreator:
			names.perms(w, id, s.Perm)
		case ipcsTime:
			names.idOwner(w, 10, id, s.Perm.UID)
			fmt.Fprintf(w, "%s%s%s\n", ipcCtime16(s.Atime), ipcCtime16(s.Dtime), ipcCtime16(s.Ctime))
		case ipcsPID:
			names.idOwner(w, 10, id, s.Perm.UID)
			fmt.Fprintf(w, " %-10d %-10d\n", s.CPID, s.LPID)
		default:
			fmt.Fprintf(w, "%s ", s.Perm.Key)
			names.idOwner(w, 10, id, s.Perm.UID)
			fmt.Fprintf(w, " %-10o ", s.Perm.Mode&0o777)
			if unit == ipcsUnitHuman {
				ipcPrintSize(w, unit, "", s.Size, "    ", 6)
			} else {
				ipcPrintSize(w, unit, "", s.Size, "", -10)
			}
			dest, locked := " ", " "
			if s.Perm.Mode&shm.SegmentDest != 0 {
				dest = "dest"
			}
			if s.Perm.Mode&shm.SegmentLocked != 0 {
				locked = "locked"
			}
			fmt.Fprintf(w, " %-10d %-6s %-6s\n", s.Nattch, dest, locked)
		}
	}
	return nil
}

func ipcsDoSem(w io.Writer, names *ipcNames, format int) error {
	switch format {
	case ipcsLimits:
		l, err := shm.ReadLimits()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "------ Semaphore Limits --------\n")
		fmt.Fprintf(w, "max number of arrays = %d\n", l.SemMni)
		fmt.Fprintf(w, "max semaphores per array = %d\n", l.SemMsl)
		fmt.Fprintf(w, "max semaphores system wide = %d\n", l.SemMns)
		fmt.Fprintf(w, "max ops per semop call = %d\n", l.SemOpm)
		fmt.Fprintf(w, "semaphore max value = %d\n", l.SemVmx)
		return nil
	case ipcsStatus:
		u, err := shm.ReadUsage()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "------ Semaphore Status --------\n")
		fmt.Fprintf(w, "used arrays = %d\n", u.SemSets)
		fmt.Fprintf(w, "allocated semaphores = %d\n", u.AllocatedSemaphores)
		return nil
	case ipcsCreator:
		fmt.Fprintf(w, "------ Semaphore Arrays Creators/Owners --------\n")
		fmt.Fprintf(w, "%-10s %-10s %-10s %-10s %-10s %-10s\n", "semid", "perms", "cuid", "cgid", "uid", "gid")
	case ipcsTime:
		fmt.Fprintf(w, "------ Semaphore Operation/Change Times --------\n")
		fmt.Fprintf(w, "%-8s %-10s %-26s %-26s\n", "semid", "owner", "last-op", "last-changed")
	case ipcsPID:
		return nil
	default:
		fmt.Fprintf(w, "------ Semaphore Arrays --------\n")
		fmt.Fprintf(w, "%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner", "perms", "nsems")
	}
	sets, err := shm.SemSets()
	if err != nil {
		return err
	}
	for _, s := range sets {
		id := int(s.ID)
		switch format {
		case ipcsCreator:
			names.perms(w, id, s.Perm)
		case ipcsTime:
			names.idOwner(w, 8, id, s.Perm.UID)
			fmt.Fprintf(w, "  %-26s %-26s\n", ipcCtime(s.Otime), ipcCtime(s.Ctime))
		default:
			fmt.Fprintf(w, "%s ", s.Perm.Key)
			names.idOwner(w, 10, id, s.Perm.UID)
			fmt.Fprintf(w, " %-10o %-10d\n", s.Perm.Mode&0o777, s.NSems)
		}
	}
	return nil
}

// ipcsObjJSON is one object of `ipcs --json`.
type ipcsObjJSON struct {
	Key    string `json:"key"`
	ID     int    `json:"id"`
	Owner  string `json:"owner"`
	Perms  string `json:"perms"`
	UID    uint32 `json:"uid"`
	GID    uint32 `json:"gid"`
	CUID   uint32 `json:"cuid"`
	CGID   uint32 `json:"cgid"`
	Status string `json:"status,omitempty"`
	// Queues.
	UsedBytes *uint64 `json:"used_bytes,omitempty"`
	Messages  *uint64 `json:"messages,omitempty"`
	QBytes    *uint64 `json:"qbytes,omitempty"`
	LSPID     *int    `json:"lspid,omitempty"`
	LRPID     *int    `json:"lrpid,omitempty"`
	Stime     any     `json:"stime,omitempty"`
	Rtime     any     `json:"rtime,omitempty"`
	// Segments.
	Bytes  *uint64 `json:"bytes,omitempty"`
	Nattch *uint64 `json:"nattch,omitempty"`
	CPID   *int    `json:"cpid,omitempty"`
	LPID   *int    `json:"lpid,omitempty"`
	Atime  any     `json:"atime,omitempty"`
	Dtime  any     `json:"dtime,omitempty"`
	// Semaphore sets.
	NSems *int          `json:"nsems,omitempty"`
	Otime any           `json:"otime,omitempty"`
	Sems  []ipcsSemJSON `json:"sems,omitempty"`
	Ctime any           `json:"ctime"`
}

type ipcsSemJSON struct {
	Num    int `json:"num"`
	Value  int `json:"value"`
	NCount int `json:"ncount"`
	ZCount int `json:"zcount"`
	PID    int `json:"pid"`
}

func ptr[T any](v T) *T { return &v }

func (n *ipcNames) base(id int, p shm.Perm) ipcsObjJSON {
	u, _ := n.user(p.UID)
	return ipcsObjJSON{Key: p.Key.String(), ID: id, Owner: u, Perms: fmt.Sprintf("%o", p.Mode&0o777),
		UID: p.UID, GID: p.GID, CUID: p.CUID, CGID: p.CGID}
}

func ipcQueueJSON(n *ipcNames, q shm.QueueInfo) ipcsObjJSON {
	o := n.base(int(q.ID), q.Perm)
	o.UsedBytes, o.Messages, o.QBytes = ptr(q.CBytes), ptr(q.QNum), ptr(q.QBytes)
	o.LSPID, o.LRPID = ptr(q.LSPID), ptr(q.LRPID)
	o.Stime, o.Rtime, o.Ctime = ipcJSONTime(q.Stime), ipcJSONTime(q.Rtime), ipcJSONTime(q.Ctime)
	return o
}

func ipcSegmentJSON(n *ipcNames, s shm.SegmentInfo) ipcsObjJSON {
	o := n.base(int(s.ID), s.Perm)
	var st []string
	if s.Perm.Mode&shm.SegmentDest != 0 {
		st = append(st, "dest")
	}
	if s.Perm.Mode&shm.SegmentLocked != 0 {
		st = append(st, "locked")
	}
	o.Status = strings.Join(st, ",")
	o.Bytes, o.Nattch, o.CPID, o.LPID = ptr(s.Size), ptr(s.Nattch), ptr(s.CPID), ptr(s.LPID)
	o.Atime, o.Dtime, o.Ctime = ipcJSONTime(s.Atime), ipcJSONTime(s.Dtime), ipcJSONTime(s.Ctime)
	return o
}

func ipcSemSetJSON(n *ipcNames, s shm.SemSetInfo) ipcsObjJSON {
	o := n.base(int(s.ID), s.Perm)
	o.NSems = ptr(s.NSems)
	o.Otime, o.Ctime = ipcJSONTime(s.Otime), ipcJSONTime(s.Ctime)
	return o
}

func ipcWriteJSON(c *engine.Call, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return ipcFail(c, err)
	}
	b = append(b, '\n')
	_, err = c.Stdout().Write(b)
	return err
}

func ipcsJSON(c *engine.Call, names *ipcNames, format int, msg, shmOn, sem bool) error {
	switch format {
	case ipcsLimits:
		l, err := shm.ReadLimits()
		if err != nil {
			return ipcFail(c, err)
		}
		out := map[string]any{}
		if msg {
			out["messages"] = map[string]uint64{"msgmni": l.MsgMni, "msgmax": l.MsgMax, "msgmnb": l.MsgMnb}
		}
		if shmOn {
			out["shared_memory"] = map[string]uint64{"shmmni": l.ShmMni, "shmmax": l.ShmMax, "shmall": l.ShmAll,
				"shmmin": l.ShmMin, "page_size": uint64(l.PageSize)}
		}
		if sem {
			out["semaphores"] = map[string]uint64{"semmni": l.SemMni, "semmsl": l.SemMsl, "semmns": l.SemMns,
				"semopm": l.SemOpm, "semvmx": uint64(l.SemVmx)}
		}
		return ipcWriteJSON(c, out)
	case ipcsStatus:
		u, err := shm.ReadUsage()
		if err != nil {
			return ipcFail(c, err)
		}
		out := map[string]any{}
		if msg {
			out["messages"] = map[string]any{"queues": u.Queues, "messages": u.Messages, "bytes": u.MessageBytes}
		}
		if shmOn {
			out["shared_memory"] = map[string]any{"segments": u.Segments, "pages_allocated": u.PagesAllocated,
				"pages_resident": u.PagesResident, "pages_swapped": u.PagesSwapped}
		}
		if sem {
			out["semaphores"] = map[string]any{"sets": u.SemSets, "semaphores": u.AllocatedSemaphores}
		}
		return ipcWriteJSON(c, out)
	}
	out := map[string][]ipcsObjJSON{}
	if msg {
		qs, err := shm.Queues()
		if err != nil {
			return ipcFail(c, err)
		}
		out["queues"] = []ipcsObjJSON{}
		for _, q := range qs {
			out["queues"] = append(out["queues"], ipcQueueJSON(names, q))
		}
	}
	if shmOn {
		segs, err := shm.Segments()
		if err != nil {
			return ipcFail(c, err)
		}
		out["segments"] = []ipcsObjJSON{}
		for _, s := range segs {
			out["segments"] = append(out["segments"], ipcSegmentJSON(names, s))
		}
	}
	if sem {
		sets, err := shm.SemSets()
		if err != nil {
			return ipcFail(c, err)
		}
		out["semaphores"] = []ipcsObjJSON{}
		for _, s := range sets {
			out["semaphores"] = append(out["semaphores"], ipcSemSetJSON(names, s))
		}
	}
	return ipcWriteJSON(c, out)
}

func ipcsNotFound(c *engine.Call, id int) error {
	return ipcFailf(c, "id %d not found", id)
}

func ipcsPrintMsg(c *engine.Call, names *ipcNames, id, unit int, asJSON bool) error {
	qs, err := shm.Queues()
	if err != nil {
		return ipcFail(c, err)
	}
	for _, q := range qs {
		if int(q.ID) != id {
			continue
		}
		if asJSON {
			return ipcWriteJSON(c, ipcQueueJSON(names, q))
		}
		var b strings.Builder
		p := q.Perm
		fmt.Fprintf(&b, "\nMessage Queue msqid=%d\n", id)
		fmt.Fprintf(&b, "uid=%d\tgid=%d\tcuid=%d\tcgid=%d\tmode=%s\n", p.UID, p.GID, p.CUID, p.CGID, ipcAltOctal(p.Mode))
		lbl := [2]string{"cbytes=", "qbytes="}
		if unit == ipcsUnitHuman {
			lbl = [2]string{"csize=", "qsize="}
		}
		ipcPrintSize(&b, unit, lbl[0], q.CBytes, "\t", 0)
		ipcPrintSize(&b, unit, lbl[1], q.QBytes, "\t", 0)
		fmt.Fprintf(&b, "qnum=%d\tlspid=%d\tlrpid=%d\n", q.QNum, q.LSPID, q.LRPID)
		fmt.Fprintf(&b, "send_time=%-26s\n", ipcCtime(q.Stime))
		fmt.Fprintf(&b, "rcv_time=%-26s\n", ipcCtime(q.Rtime))
		fmt.Fprintf(&b, "change_time=%-26s\n", ipcCtime(q.Ctime))
		b.WriteString("\n")
		_, err := io.WriteString(c.Stdout(), b.String())
		return err
	}
	return ipcsNotFound(c, id)
}

// ipcAltOctal is C's "%#o": a leading 0 unless the value is 0.
func ipcAltOctal(m uint32) string {
	if m == 0 {
		return "0"
	}
	return fmt.Sprintf("0%o", m)
}

func ipcsPrintShm(c *engine.Call, names *ipcNames, id, unit int, asJSON bool) error {
	segs, err := shm.Segments()
	if err != nil {
		return ipcFail(c, err)
	}
	for _, s := range segs {
		if int(s.ID) != id {
			continue
		}
		if asJSON {
			return ipcWriteJSON(c, ipcSegmentJSON(names, s))
		}
		var b strings.Builder
		p := s.Perm
		fmt.Fprintf(&b, "\nShared memory Segment shmid=%d\n", id)
		fmt.Fprintf(&b, "uid=%d\tgid=%d\tcuid=%d\tcgid=%d\n", p.UID, p.GID, p.CUID, p.CGID)
		fmt.Fprintf(&b, "mode=%s\taccess_perms=%s\n", ipcAltOctal(p.Mode), ipcAltOctal(p.Mode&0o777))
		lbl := "bytes="
		if unit == ipcsUnitHuman {
			lbl = "size="
		}
		ipcPrintSize(&b, unit, lbl, s.Size, "\t", 0)
		fmt.Fprintf(&b, "lpid=%d\tcpid=%d\tnattch=%d\n", s.LPID, s.CPID, s.Nattch)
		fmt.Fprintf(&b, "att_time=%-26s\n", ipcCtime(s.Atime))
		fmt.Fprintf(&b, "det_time=%-26s\n", ipcCtime(s.Dtime))
		fmt.Fprintf(&b, "change_time=%-26s\n", ipcCtime(s.Ctime))
		b.WriteString("\n")
		_, err := io.WriteString(c.Stdout(), b.String())
		return err
	}
	return ipcsNotFound(c, id)
}

func ipcsPrintSem(c *engine.Call, names *ipcNames, id int, asJSON bool) error {
	sets, err := shm.SemSets()
	if err != nil {
		return ipcFail(c, err)
	}
	for _, s := range sets {
		if int(s.ID) != id {
			continue
		}
		sems := make([]ipcsSemJSON, s.NSems)
		for i := range sems {
			st, err := shm.SemSet(id).Sem(i)
			if err != nil {
				return ipcFail(c, err)
			}
			sems[i] = ipcsSemJSON{i, st.Value, st.NCount, st.ZCount, st.PID}
		}
		if asJSON {
			o := ipcSemSetJSON(names, s)
			o.Sems = sems
			return ipcWriteJSON(c, o)
		}
		var b strings.Builder
		p := s.Perm
		fmt.Fprintf(&b, "\nSemaphore Array semid=%d\n", id)
		fmt.Fprintf(&b, "uid=%d\t gid=%d\t cuid=%d\t cgid=%d\n", p.UID, p.GID, p.CUID, p.CGID)
		fmt.Fprintf(&b, "mode=%s, access_perms=%s\n", ipcAltOctal(p.Mode), ipcAltOctal(p.Mode&0o777))
		fmt.Fprintf(&b, "nsems = %d\n", s.NSems)
		fmt.Fprintf(&b, "otime = %-26s\n", ipcCtime(s.Otime))
		fmt.Fprintf(&b, "ctime = %-26s\n", ipcCtime(s.Ctime))
		fmt.Fprintf(&b, "%-10s %-10s %-10s %-10s %-10s\n", "semnum", "value", "ncount", "zcount", "pid")
		for _, e := range sems {
			fmt.Fprintf(&b, "%-10d %-10d %-10d %-10d %-10d\n", e.Num, e.Value, e.NCount, e.ZCount, e.PID)
		}
		b.WriteString("\n")
		_, err := io.WriteString(c.Stdout(), b.String())
		return err
	}
	return ipcsNotFound(c, id)
}

const ipcmkSynopsis = "ipcmk [-M SIZE] [-Q] [-S NSEMS] [-p MODE] [--keep]"

func ipcIpcmkBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "ipcmk",
		Synopsis: ipcmkSynopsis,
		Summary:  "Make System V IPC objects with random keys, as util-linux's ipcmk.",
		Help: `-M, --shmem SIZE makes a shared memory segment of SIZE bytes (suffixes
K, M, G... as in util-linux); -Q, --queue a message queue; -S, --semaphore
NSEMS a set of NSEMS semaphores; -p, --mode MODE their permissions
(octal, default 0644). Each gets a fresh random key, and its id is printed
as util-linux prints it ("Shared memory id: 3"). Unlike util-linux, the
session removes the objects at exit unless --keep is given.`,
		Run: ipcIpcmkRun,
	}
}

func ipcIpcmkRun(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	opts, pos, err := ipcGetopt(args[1:], []ipcFlag{
		{short: 'M', long: "shmem", arg: true}, {short: 'Q', long: "queue"},
		{short: 'S', long: "semaphore", arg: true}, {short: 'p', long: "mode", arg: true}, {long: "keep"},
	})
	if err != nil {
		return ipcUsage(c, ipcmkSynopsis, "", "%v", err)
	}
	if len(pos) > 0 {
		return ipcUsage(c, ipcmkSynopsis, "", "unexpected argument %q", pos[0])
	}
	if !opts.has("shmem") && !opts.has("queue") && !opts.has("semaphore") {
		return ipcUsage(c, ipcmkSynopsis, "", "bad usage: give -M, -Q or -S")
	}
	mode := os.FileMode(0o644)
	if opts.has("mode") {
		if mode, err = ipcParseMode(opts.last("mode")); err != nil {
			return ipcUsage(c, ipcmkSynopsis, "", "%v", err)
		}
	}
	var size, nsems int64
	if opts.has("shmem") {
		if size, err = ipcParseSize(opts.last("shmem")); err != nil {
			return ipcUsage(c, ipcmkSynopsis, "", "%v", err)
		}
	}
	if opts.has("semaphore") {
		if nsems, err = ipcParseInt("number of semaphores", opts.last("semaphore"), 1, math.MaxInt32); err != nil {
			return ipcUsage(c, ipcmkSynopsis, "", "%v", err)
		}
	}
	keep := opts.has("keep")
	// create retries with a new random key while the key is taken.
	create := func(mk func(shm.Key) (int, error)) (int, error) {
		for {
			k := shm.Key(rand.Int32())
			if k == shm.Private {
				continue
			}
			id, err := mk(k)
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			return id, err
		}
	}
	if opts.has("shmem") {
		if size > math.MaxInt {
			return ipcFailf(c, "create share memory failed: size %d too large", size)
		}
		id, err := create(func(k shm.Key) (int, error) { s, err := shm.CreateSegment(k, int(size), mode); return int(s), err })
		if err != nil {
			return ipcFail(c, err)
		}
		if err := ipcRecord(c, ledger.Object{Kind: ledger.SysVShm, ID: id, Keep: keep}, func() { shm.Segment(id).Remove() }); err != nil {
			return ipcFailf(c, "create id %d: %v", id, err)
		}
		fmt.Fprintf(c.Stdout(), "Shared memory id: %d\n", id)
	}
	if opts.has("queue") {
		id, err := create(func(k shm.Key) (int, error) { q, err := shm.CreateQueue(k, mode); return int(q), err })
		if err != nil {
			return ipcFail(c, err)
		}
		if err := ipcRecord(c, ledger.Object{Kind: ledger.SysVQueue, ID: id, Keep: keep}, func() { shm.Queue(id).Remove() }); err != nil {
			return ipcFailf(c, "create id %d: %v", id, err)
		}
		fmt.Fprintf(c.Stdout(), "Message queue id: %d\n", id)
	}
	if opts.has("semaphore") {
		id, err := create(func(k shm.Key) (int, error) { s, err := shm.CreateSemSet(k, int(nsems), mode); return int(s), err })
		if err != nil {
			return ipcFail(c, err)
		}
		if err := ipcRecord(c, ledger.Object{Kind: ledger.SysVSem, ID: id, Keep: keep}, func() { shm.SemSet(id).Remove() }); err != nil {
			return ipcFailf(c, "create id %d: %v", id, err)
		}
		fmt.Fprintf(c.Stdout(), "Semaphore id: %d\n", id)
	}
	return nil
}

const ipcrmSynopsis = `ipcrm [-m ID] [-q ID] [-s ID] [-M KEY] [-Q KEY] [-S KEY] [-a[=shm|msg|sem]] [-v]
ipcrm shm|msg|sem ID...`

func ipcIpcrmBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "ipcrm",
		Synopsis: ipcrmSynopsis,
		Summary:  "Remove System V IPC objects by id or key, as util-linux's ipcrm.",
		Help: `-m, --shmem-id ID / -M, --shmem-key KEY remove a shared memory segment;
-q, --queue-id ID / -Q, --queue-key KEY a message queue; -s,
--semaphore-id ID / -S, --semaphore-key KEY a semaphore set. -a, --all
removes every object (of one kind with --all=shm, msg or sem) the user
may remove. -v, --verbose says what is removed. Options act in the order
given; failures are reported as util-linux reports them ("invalid id
(3)", "permission denied for key (0x1234)") and give status 1. The old
form "ipcrm shm|msg|sem ID..." prints "resource(s) deleted". Removed
objects are dropped from the session's ledger.`,
		Run: ipcIpcrmRun,
	}
}

// ipcRmKind is one of the three System V kinds as ipcrm handles them.
type ipcRmKind struct {
	name  string // "shm", "msg", "sem"
	what  string // for -v
	kind  ledger.Kind
	rm    func(id int) error
	get   func(k shm.Key) (int, error)
	stat  func(id int) error
	ids   func() ([]int, error)
	short byte
}

func ipcRmKinds() []ipcRmKind {
	return []ipcRmKind{
		{name: "shm", what: "shared memory segment", kind: ledger.SysVShm, short: 'm',
			rm: func(id int) error { return shm.Segment(id).Remove() }, get: ipcGetSegment,
			stat: func(id int) error { _, err := shm.Segment(id).Stat(); return err },
			ids: func() ([]int, error) {
				l, err := shm.Segments()
				var ids []int
				for _, s := range l {
					ids = append(ids, int(s.ID))
				}
				return ids, err
			}},
		{name: "msg", what: "message queue", kind: ledger.SysVQueue, short: 'q',
			rm: func(id int) error { return shm.Queue(id).Remove() }, get: ipcGetQueue,
			stat: func(id int) error { _, err := shm.Queue(id).Stat(); return err },
			ids: func() ([]int, error) {
				l, err := shm.Queues()
				var ids []int
				for _, s := range l {
					ids = append(ids, int(s.ID))
				}
				return ids, err
			}},
		{name: "sem", what: "semaphore", kind: ledger.SysVSem, short: 's',
			rm: func(id int) error { return shm.SemSet(id).Remove() }, get: ipcGetSemSet,
			stat: func(id int) error { _, err := shm.SemSet(id).Stat(); return err },
			ids: func() ([]int, error) {
				l, err := shm.SemSets()
				var ids []int
				for _, s := range l {
					ids = append(ids, int(s.ID))
				}
				return ids, err
			}},
	}
}

// ipcRmWhy words a removal failure as util-linux does.
func ipcRmWhy(err error, byKey bool) string {
	what := "id"
	if byKey {
		what = "key"
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "permission denied for " + what
	case errors.Is(err, unix.EIDRM):
		return "already removed " + what
	case errors.Is(err, fs.ErrNotExist):
		return "invalid " + what
	}
	return what + " failed: " + err.Error()
}

func ipcIpcrmRun(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	kinds := ipcRmKinds()
	failed := false
	removeID := func(k ipcRmKind, id int, verbose bool, subject string, byKey bool) {
		if verbose {
			fmt.Fprintf(c.Stdout(), "removing %s id `%d'\n", k.what, id)
		}
		if err := k.rm(id); err != nil {
			fmt.Fprintf(c.Stderr(), "ipcrm: %s (%s)\n", ipcRmWhy(err, byKey), subject)
			failed = true
			return
		}
		ipcForget(c, k.kind, "", id)
	}
	// The old form: ipcrm shm|msg|sem ID...
	if len(args) > 1 && (args[1] == "shm" || args[1] == "msg" || args[1] == "sem") {
		if len(args) < 3 {
			return ipcUsage(c, ipcrmSynopsis, "", "not enough arguments")
		}
		var k ipcRmKind
		for _, kk := range kinds {
			if kk.name == args[1] {
				k = kk
			}
		}
		for _, a := range args[2:] {
			id, err := strconv.ParseInt(a, 10, 32)
			if err != nil || id < 0 {
				fmt.Fprintf(c.Stderr(), "ipcrm: invalid id: %s\n", a)
				failed = true
				continue
			}
			removeID(k, int(id), false, a, false)
		}
		if failed {
			return engine.ExitStatus(1)
		}
		fmt.Fprintln(c.Stdout(), "resource(s) deleted")
		return nil
	}
	fl := []ipcFlag{
		{short: 'm', long: "shmem-id", arg: true}, {short: 'M', long: "shmem-key", arg: true},
		{short: 'q', long: "queue-id", arg: true}, {short: 'Q', long: "queue-key", arg: true},
		{short: 's', long: "semaphore-id", arg: true}, {short: 'S', long: "semaphore-key", arg: true},
		{short: 'a', long: "all", optional: true}, {short: 'v', long: "verbose"},
	}
	// Check the whole command line first, then act in order.
	opts, pos, err := ipcGetopt(args[1:], fl)
	if err != nil {
		return ipcUsage(c, ipcrmSynopsis, "", "%v", err)
	}
	if len(pos) > 0 {
		return ipcUsage(c, ipcrmSynopsis, "", "unexpected argument %q", pos[0])
	}
	if a := opts.last("all"); opts.has("all") && a != "" && a != "shm" && a != "msg" && a != "sem" {
		return ipcUsage(c, ipcrmSynopsis, "", "unknown argument: %s", a)
	}
	verbose := opts.has("verbose")
	// Re-walk the arguments to keep their order.
	type action struct {
		flag byte
		val  string
	}
	var acts []action
	for i := 1; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "--") {
			name, val, hasVal := strings.Cut(a[2:], "=")
			for _, f := range fl {
				if f.long == name {
					if f.arg && !hasVal {
						i++
						val = args[i]
					}
					acts = append(acts, action{f.short, val})
				}
			}
			continue
		}
		for k := 1; k < len(a); k++ {
			ch := a[k]
			if ch == 'v' {
				acts = append(acts, action{'v', ""})
				continue
			}
			val := a[k+1:]
			if ch != 'a' && val == "" {
				i++
				val = args[i]
			}
			acts = append(acts, action{ch, val})
			break
		}
	}
	for _, act := range acts {
		switch act.flag {
		case 'v':
		case 'a':
			for _, k := range kinds {
				if act.val != "" && act.val != k.name {
					continue
				}
				ids, err := k.ids()
				if err != nil {
					return ipcFail(c, err)
				}
				for _, id := range ids {
					// Like util-linux (SHM_STAT...), skip what we may not read.
					if err := k.stat(id); errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrNotExist) {
						continue
					}
					removeID(k, id, verbose, strconv.Itoa(id), false)
				}
			}
		default:
			for _, k := range kinds {
				if act.flag == k.short {
					id, err := strconv.ParseInt(act.val, 10, 32)
					if err != nil || id < 0 {
						return ipcFailf(c, "failed to parse argument: '%s'", act.val)
					}
					removeID(k, int(id), verbose, act.val, false)
				}
				if act.flag == k.short-'a'+'A' {
					key, err := ipcParseKey(act.val)
					if err != nil {
						return ipcFailf(c, "failed to parse argument: '%s'", act.val)
					}
					if key == shm.Private {
						fmt.Fprintf(c.Stderr(), "ipcrm: illegal key (%s)\n", act.val)
						failed = true
						continue
					}
					id, err := k.get(key)
					if err != nil {
						fmt.Fprintf(c.Stderr(), "ipcrm: %s (%s)\n", ipcRmWhy(err, true), act.val)
						failed = true
						continue
					}
					removeID(k, id, verbose, act.val, true)
				}
			}
		}
	}
	if failed {
		return engine.ExitStatus(1)
	}
	return nil
}
