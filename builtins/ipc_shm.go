package builtins

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/shm"
)

const ipcShmSynopsis = `shm create [-s SIZE] [-m MODE] [--keep] /name
shm create --sysv [-k KEY | -p] -s SIZE [-m MODE] [--keep] [-v VAR]
shm write [-o OFF] (/name | -i ID | -k KEY) [TEXT]
shm read [-o OFF] [-n LEN] [-v VAR] (/name | -i ID | -k KEY)
shm stat [--json] (/name | -i ID | -k KEY)
shm rm (/name... | -i ID | -k KEY)`

const ipcShmHelp = `POSIX shared memory objects are named "/name" and live in /dev/shm;
System V segments are named by id (-i ID) or by key (-k KEY, such as the
0x%08x value ftok prints; -p or no key makes a private segment).

create makes a new object (never opens an existing one): SIZE bytes
(suffixes K, M, G... for powers of 1024; default 4096 for POSIX objects,
required for segments), mode MODE in octal (default 0600, not filtered by
the umask). The session removes it at exit unless --keep is given (see
ipc keep). A System V create prints the new id, or stores it in VAR.

write copies TEXT, or standard input, to the object at offset OFF
(default 0); objects never grow: data that does not fit is an error and
nothing is written. read copies LEN bytes (default: up to the end) from
offset OFF to standard output, or into VAR (cut at the first NUL byte,
which shell variables cannot hold).

stat prints one "field value" line per field (--json: one object); for
a segment, nattch is the number of attached processes and status shows
"dest" for a segment removed while still attached. rm removes the
objects now (a segment goes when its last process detaches).

Examples:
    shm create -s 64 /counter
    printf '%08d' 0 | shm write /counter
    shm read -n 8 /counter
    id=$(shm create --sysv -k "$(ftok /tmp 7)" -s 1M); shm stat -i "$id"`

func ipcShmBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "shm",
		Synopsis: ipcShmSynopsis,
		Summary:  "Create, read, write, inspect and remove POSIX and System V shared memory.",
		Help:     ipcShmHelp,
		Run:      ipcShmRun,
	}
}

func ipcShmRun(ctx context.Context, args []string) error {
	c := engine.CallFrom(ctx)
	if len(args) < 2 {
		return ipcUsage(c, ipcShmSynopsis, "", "missing subcommand")
	}
	sub, rest := args[1], args[2:]
	flags := map[string][]ipcFlag{
		"create": {{short: 's', long: "size", arg: true}, {short: 'm', long: "mode", arg: true},
			{long: "keep"}, {long: "sysv"}, {short: 'k', long: "key", arg: true},
			{short: 'p', long: "private"}, {short: 'v', arg: true}},
		"write": {{short: 'o', long: "offset", arg: true}, {short: 'i', long: "id", arg: true},
			{short: 'k', long: "key", arg: true}},
		"read": {{short: 'o', long: "offset", arg: true}, {short: 'n', long: "length", arg: true},
			{short: 'v', arg: true}, {short: 'i', long: "id", arg: true}, {short: 'k', long: "key", arg: true}},
		"stat": {{long: "json"}, {short: 'i', long: "id", arg: true}, {short: 'k', long: "key", arg: true}},
		"rm":   {{short: 'i', long: "id", arg: true}, {short: 'k', long: "key", arg: true}},
	}
	fl, ok := flags[sub]
	if !ok {
		return ipcUsage(c, ipcShmSynopsis, "", "unknown subcommand %q", sub)
	}
	opts, pos, err := ipcGetopt(rest, fl)
	if err != nil {
		return ipcUsage(c, ipcShmSynopsis, sub, "%v", err)
	}
	usage := func(format string, a ...any) error { return ipcUsage(c, ipcShmSynopsis, sub, format, a...) }
	if sub == "create" {
		return ipcShmCreate(c, opts, pos, usage)
	}
	sysv := opts.has("id") || opts.has("key")
	if opts.has("id") && opts.has("key") {
		return usage("-i and -k exclude each other")
	}
	var ref ipcSysVRef
	var name string
	if sysv {
		if opts.has("key") {
			opts["k"] = opts["key"]
		}
		if ref, err = ipcRef(opts, opts.last("id")); err != nil {
			return usage("%v", err)
		}
	} else {
		if len(pos) == 0 {
			return usage("missing /name, -i ID or -k KEY")
		}
		name, pos = pos[0], pos[1:]
		if err := shm.ValidName(name); err != nil {
			return usage("%s: %v", name, err)
		}
	}
	var off, length int64 = 0, -1
	if opts.has("offset") {
		if off, err = ipcParseSize(opts.last("offset")); err != nil {
			return usage("offset: %v", err)
		}
	}
	if opts.has("length") {
		if length, err = ipcParseSize(opts.last("length")); err != nil {
			return usage("length: %v", err)
		}
	}
	switch sub {
	case "write":
		if sysv {
			return ipcShmWriteSysV(c, ref, off, pos)
		}
		return ipcShmWrite(c, name, off, pos)
	case "read":
		if len(pos) > 0 {
			return usage("unexpected argument %q", pos[0])
		}
		if sysv {
			return ipcShmReadSysV(c, ref, off, length, opts.last("v"))
		}
		return ipcShmRead(c, name, off, length, opts.last("v"))
	case "stat":
		if len(pos) > 0 {
			return usage("unexpected argument %q", pos[0])
		}
		if sysv {
			return ipcShmStatSysV(c, ref, opts.has("json"))
		}
		return ipcShmStat(c, name, opts.has("json"))
	default: // rm
		if sysv {
			if len(pos) > 0 {
				return usage("unexpected argument %q", pos[0])
			}
			id, err := ref.resolve(ipcGetSegment)
			if err != nil {
				return ipcFail(c, err)
			}
			if err := shm.Segment(id).Remove(); err != nil {
				return ipcFail(c, err)
			}
			ipcForget(c, ledger.SysVShm, "", id)
			return nil
		}
		status := error(nil)
		for _, n := range append([]string{name}, pos...) {
			if err := shm.Remove(n); err != nil {
				status = ipcFail(c, err)
				continue
			}
			ipcForget(c, ledger.POSIXShm, n, -1)
		}
		return status
	}
}

func ipcGetSegment(k shm.Key) (int, error) {
	s, err := shm.GetSegment(k)
	return int(s), err
}

func ipcShmCreate(c *engine.Call, opts ipcOpts, pos []string, usage func(string, ...any) error) error {
	mode := os.FileMode(0o600)
	if opts.has("mode") {
		m, err := ipcParseMode(opts.last("mode"))
		if err != nil {
			return usage("%v", err)
		}
		mode = m
	}
	keep := opts.has("keep")
	if opts.has("sysv") || opts.has("key") || opts.has("private") {
		if len(pos) > 0 {
			return usage("unexpected argument %q (System V segments have no name)", pos[0])
		}
		if !opts.has("size") {
			return usage("a System V segment needs -s SIZE")
		}
		if opts.has("key") && opts.has("private") {
			return usage("-k and -p exclude each other")
		}
		size, err := ipcParseSize(opts.last("size"))
		if err != nil {
			return usage("%v", err)
		}
		key := shm.Private
		if opts.has("key") {
			if key, err = ipcParseKey(opts.last("key")); err != nil {
				return usage("%v", err)
			}
		}
		if size > int64(^uint(0)>>1) {
			return ipcFailf(c, "create %s: size %d too large", key, size)
		}
		seg, err := shm.CreateSegment(key, int(size), mode)
		if err != nil {
			return ipcFail(c, err)
		}
		if err := ipcRecord(c, ledger.Object{Kind: ledger.SysVShm, ID: int(seg), Keep: keep}, func() { seg.Remove() }); err != nil {
			return ipcFailf(c, "create id %d: %v", int(seg), err)
		}
		return ipcPrintID(c, opts.last("v"), int(seg))
	}
	if opts.has("v") {
		return usage("-v is for System V segments")
	}
	if len(pos) != 1 {
		return usage("want one /name")
	}
	name := pos[0]
	if err := shm.ValidName(name); err != nil {
		return usage("%s: %v", name, err)
	}
	size := int64(4096)
	if opts.has("size") {
		var err error
		if size, err = ipcParseSize(opts.last("size")); err != nil {
			return usage("%v", err)
		}
	}
	o, err := shm.Create(name, size, mode)
	if err != nil {
		return ipcFail(c, err)
	}
	defer o.Close()
	rec := ledger.Object{Kind: ledger.POSIXShm, Name: name, Keep: keep}
	if fi, err := o.File().Stat(); err == nil {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			rec.Dev, rec.Ino = st.Dev, st.Ino
		}
	}
	if err := ipcRecord(c, rec, func() { shm.Remove(name) }); err != nil {
		return ipcFailf(c, "create %s: %v", name, err)
	}
	return nil
}

// ipcFits checks that n bytes at off fit in size.
func ipcFits(n, off, size int64) error {
	if off > size || n > size-off {
		return fmt.Errorf("%d bytes at offset %d do not fit in %d bytes", n, off, size)
	}
	return nil
}

func ipcShmWrite(c *engine.Call, name string, off int64, pos []string) error {
	o, err := shm.Open(name, os.O_RDWR)
	if err != nil {
		return ipcFail(c, err)
	}
	defer o.Close()
	info, err := o.Stat()
	if err != nil {
		return ipcFail(c, err)
	}
	room := max(info.Size-off, 0)
	data, err := ipcReadInput(c, pos, room)
	if err != nil {
		return ipcFailf(c, "write %s: %v", name, err)
	}
	if err := ipcFits(int64(len(data)), off, info.Size); err != nil {
		if len(pos) == 0 && int64(len(data)) > room {
			return ipcFailf(c, "write %s: more than the %d bytes that fit at offset %d (size %d)", name, room, off, info.Size)
		}
		return ipcFailf(c, "write %s: %v", name, err)
	}
	if _, err := o.WriteAt(data, off); err != nil {
		return ipcFail(c, err)
	}
	return nil
}

func ipcShmWriteSysV(c *engine.Call, ref ipcSysVRef, off int64, pos []string) error {
	id, err := ref.resolve(ipcGetSegment)
	if err != nil {
		return ipcFail(c, err)
	}
	info, err := shm.Segment(id).Stat()
	if err != nil {
		return ipcFail(c, err)
	}
	size := int64(info.Size)
	room := max(size-off, 0)
	data, err := ipcReadInput(c, pos, room)
	if err != nil {
		return ipcFailf(c, "write id %d: %v", id, err)
	}
	if err := ipcFits(int64(len(data)), off, size); err != nil {
		if len(pos) == 0 && int64(len(data)) > room {
			return ipcFailf(c, "write id %d: more than the %d bytes that fit at offset %d (size %d)", id, room, off, size)
		}
		return ipcFailf(c, "write id %d: %v", id, err)
	}
	if _, err := shm.Segment(id).WriteAt(data, off); err != nil {
		return ipcFail(c, err)
	}
	return nil
}

// ipcReadRange clamps a read of length (-1: to the end) at off to size.
func ipcReadRange(off, length, size int64) (int64, error) {
	if off > size {
		return 0, fmt.Errorf("offset %d is past the end (size %d)", off, size)
	}
	if length < 0 || length > size-off {
		length = size - off
	}
	return length, nil
}

// ipcOutBytes writes data to stdout, or to VAR cut at the first NUL.
func ipcOutBytes(c *engine.Call, varName string, data []byte) error {
	if varName != "" {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			data = data[:i]
		}
	}
	return ipcOut(c, varName, data)
}

func ipcShmRead(c *engine.Call, name string, off, length int64, varName string) error {
	o, err := shm.Open(name, os.O_RDONLY)
	if err != nil {
		return ipcFail(c, err)
	}
	defer o.Close()
	info, err := o.Stat()
	if err != nil {
		return ipcFail(c, err)
	}
	n, err := ipcReadRange(off, length, info.Size)
	if err != nil {
		return ipcFailf(c, "read %s: %v", name, err)
	}
	buf := make([]byte, n)
	k, err := o.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return ipcFail(c, err)
	}
	return ipcOutBytes(c, varName, buf[:k])
}

func ipcShmReadSysV(c *engine.Call, ref ipcSysVRef, off, length int64, varName string) error {
	id, err := ref.resolve(ipcGetSegment)
	if err != nil {
		return ipcFail(c, err)
	}
	info, err := shm.Segment(id).Stat()
	if err != nil {
		return ipcFail(c, err)
	}
	n, err := ipcReadRange(off, length, int64(info.Size))
	if err != nil {
		return ipcFailf(c, "read id %d: %v", id, err)
	}
	buf := make([]byte, n)
	k, err := shm.Segment(id).ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return ipcFail(c, err)
	}
	return ipcOutBytes(c, varName, buf[:k])
}

// ipcField is one line of a stat listing.
type ipcField struct {
	name  string
	value any
}

// ipcPrintFields prints "name value" lines, or one JSON object.
func ipcPrintFields(c *engine.Call, fields []ipcField, asJSON bool) error {
	w := c.Stdout()
	if asJSON {
		var b strings.Builder
		b.WriteString("{")
		for i, f := range fields {
			if i > 0 {
				b.WriteString(",")
			}
			k, _ := json.Marshal(f.name)
			v, err := json.Marshal(f.value)
			if err != nil {
				return err
			}
			b.Write(k)
			b.WriteString(":")
			b.Write(v)
		}
		b.WriteString("}\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	width := 0
	for _, f := range fields {
		width = max(width, len(f.name))
	}
	var b strings.Builder
	for _, f := range fields {
		v := fmt.Sprint(f.value)
		if t, ok := f.value.(time.Time); ok {
			v = ipcTimeText(t)
		}
		fmt.Fprintf(&b, "%-*s %s\n", width, f.name, v)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ipcTimeText formats t in RFC 3339, or "-" for the zero time.
func ipcTimeText(t time.Time) string {
	if t.IsZero() || t.Unix() == 0 {
		return "-"
	}
	return t.Format(time.RFC3339)
}

// ipcJSONTime is a time that is null in JSON when not set.
func ipcJSONTime(t time.Time) any {
	if t.IsZero() || t.Unix() == 0 {
		return nil
	}
	return t.Format(time.RFC3339)
}

func ipcModeText(m uint32) string { return fmt.Sprintf("%04o", m) }

func ipcShmStat(c *engine.Call, name string, asJSON bool) error {
	info, err := shm.StatName(name)
	if err != nil {
		return ipcFail(c, err)
	}
	mt := any(info.ModTime)
	if asJSON {
		mt = ipcJSONTime(info.ModTime)
	}
	return ipcPrintFields(c, []ipcField{
		{"name", info.Name}, {"size", info.Size}, {"mode", ipcModeText(uint32(info.Mode.Perm()))},
		{"uid", info.UID}, {"gid", info.GID}, {"mtime", mt},
	}, asJSON)
}

func ipcShmStatSysV(c *engine.Call, ref ipcSysVRef, asJSON bool) error {
	id, err := ref.resolve(ipcGetSegment)
	if err != nil {
		return ipcFail(c, err)
	}
	info, err := shm.Segment(id).Stat()
	if err != nil {
		return ipcFail(c, err)
	}
	var status []string
	if info.Perm.Mode&shm.SegmentDest != 0 {
		status = append(status, "dest")
	}
	if info.Perm.Mode&shm.SegmentLocked != 0 {
		status = append(status, "locked")
	}
	st := any(strings.Join(status, ","))
	if !asJSON && len(status) == 0 {
		st = "-"
	} else if asJSON {
		st = append([]string{}, status...)
	}
	tm := func(t time.Time) any {
		if asJSON {
			return ipcJSONTime(t)
		}
		return t
	}
	return ipcPrintFields(c, []ipcField{
		{"id", id}, {"key", info.Perm.Key.String()}, {"size", info.Size},
		{"mode", ipcModeText(info.Perm.Mode & 0o777)}, {"uid", info.Perm.UID}, {"gid", info.Perm.GID},
		{"cuid", info.Perm.CUID}, {"cgid", info.Perm.CGID}, {"cpid", info.CPID}, {"lpid", info.LPID},
		{"nattch", info.Nattch}, {"status", st},
		{"atime", tm(info.Atime)}, {"dtime", tm(info.Dtime)}, {"ctime", tm(info.Ctime)},
	}, asJSON)
}

const ipcFtokSynopsis = "ftok PATH PROJ"

func ipcFtokBuiltin() *engine.Builtin {
	return &engine.Builtin{
		Name:     "ftok",
		Synopsis: ipcFtokSynopsis,
		Summary:  "Print the System V key of a path and a project id, as 0x%08x.",
		Help: `The key is glibc's ftok(3): the low 16 bits of the inode, the low 8 bits
of the device and the project id in the top 8 bits. PROJ is a number
from 0 to 255 (decimal, 0x hex or 0 octal) or a single character. The
same path and project give the same key while the file is not replaced.

Example:
    key=$(ftok /tmp/app.lock 1); msg create -k "$key"`,
		Run: func(ctx context.Context, args []string) error {
			c := engine.CallFrom(ctx)
			_, pos, err := ipcGetopt(args[1:], nil)
			if err != nil {
				return ipcUsage(c, ipcFtokSynopsis, "", "%v", err)
			}
			if len(pos) != 2 {
				return ipcUsage(c, ipcFtokSynopsis, "", "want PATH and PROJ")
			}
			var proj byte
			if v, err := strconv.ParseUint(pos[1], 0, 8); err == nil {
				proj = byte(v)
			} else if len(pos[1]) == 1 {
				proj = pos[1][0]
			} else {
				return ipcUsage(c, ipcFtokSynopsis, "", "invalid project id %q (want 0..255 or one character)", pos[1])
			}
			k, err := shm.Ftok(ipcAbs(c, pos[0]), proj)
			if err != nil {
				return ipcFail(c, err)
			}
			_, err = fmt.Fprintln(c.Stdout(), k.String())
			return err
		},
	}
}
