package shm

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// SegmentInfo describes a System V shared memory segment, as
// [Segment.Stat] (IPC_STAT) and [Segments] (/proc/sysvipc/shm) return it.
type SegmentInfo struct {
	ID     Segment
	Perm   Perm
	Size   uint64 // bytes
	CPID   int    // creator
	LPID   int    // last shmat/shmdt
	Nattch uint64 // current attaches
	Atime  time.Time
	Dtime  time.Time
	Ctime  time.Time
	// RSS and Swap are the resident and swapped bytes; only [Segments]
	// fills them (zero from [Segment.Stat]).
	RSS  uint64
	Swap uint64
}

// QueueInfo describes a System V message queue, as [Queue.Stat] and
// [Queues] return it.
type QueueInfo struct {
	ID     Queue
	Perm   Perm
	CBytes uint64 // bytes now in the queue ("used-bytes")
	QNum   uint64 // messages now in the queue
	// QBytes is the queue's byte limit (msg_qbytes). [Queues] fills it
	// with IPC_STAT when the caller may read the queue, else leaves 0.
	QBytes uint64
	LSPID  int // last msgsnd
	LRPID  int // last msgrcv
	Stime  time.Time
	Rtime  time.Time
	Ctime  time.Time
}

// SemSetInfo describes a System V semaphore set, as [SemSet.Stat] and
// [SemSets] return it.
type SemSetInfo struct {
	ID    SemSet
	Perm  Perm
	NSems int
	Otime time.Time // last semop
	Ctime time.Time
}

// Segments lists every System V shared memory segment visible in
// /proc/sysvipc/shm, in the kernel's order.
func Segments() ([]SegmentInfo, error) {
	rows, err := readTable("/proc/sysvipc/shm")
	if err != nil {
		return nil, err
	}
	out := make([]SegmentInfo, 0, len(rows))
	for _, r := range rows {
		out = append(out, SegmentInfo{
			ID:     Segment(r.int("shmid")),
			Perm:   r.perm(),
			Size:   r.uint("size"),
			CPID:   int(r.int("cpid")),
			LPID:   int(r.int("lpid")),
			Nattch: r.uint("nattch"),
			Atime:  unixTime(r.int("atime")),
			Dtime:  unixTime(r.int("dtime")),
			Ctime:  unixTime(r.int("ctime")),
			RSS:    r.uint("rss"),
			Swap:   r.uint("swap"),
		})
	}
	return out, nil
}

// Queues lists every System V message queue visible in /proc/sysvipc/msg.
func Queues() ([]QueueInfo, error) {
	rows, err := readTable("/proc/sysvipc/msg")
	if err != nil {
		return nil, err
	}
	out := make([]QueueInfo, 0, len(rows))
	for _, r := range rows {
		qi := QueueInfo{
			ID:     Queue(r.int("msqid")),
			Perm:   r.perm(),
			CBytes: r.uint("cbytes"),
			QNum:   r.uint("qnum"),
			LSPID:  int(r.int("lspid")),
			LRPID:  int(r.int("lrpid")),
			Stime:  unixTime(r.int("stime")),
			Rtime:  unixTime(r.int("rtime")),
			Ctime:  unixTime(r.int("ctime")),
		}
		var ds msqidDS
		if msgctl(int(qi.ID), unix.IPC_STAT, unsafe.Pointer(&ds)) == nil {
			qi.QBytes = ds.Qbytes
		}
		out = append(out, qi)
	}
	return out, nil
}

// SemSets lists every System V semaphore set visible in /proc/sysvipc/sem.
func SemSets() ([]SemSetInfo, error) {
	rows, err := readTable("/proc/sysvipc/sem")
	if err != nil {
		return nil, err
	}
	out := make([]SemSetInfo, 0, len(rows))
	for _, r := range rows {
		out = append(out, SemSetInfo{
			ID:    SemSet(r.int("semid")),
			Perm:  r.perm(),
			NSems: int(r.int("nsems")),
			Otime: unixTime(r.int("otime")),
			Ctime: unixTime(r.int("ctime")),
		})
	}
	return out, nil
}

type row map[string]string

func (r row) int(k string) int64 {
	v, _ := strconv.ParseInt(r[k], 10, 64)
	return v
}

func (r row) uint(k string) uint64 {
	v, _ := strconv.ParseUint(r[k], 10, 64)
	return v
}

func (r row) perm() Perm {
	mode, _ := strconv.ParseUint(r["perms"], 8, 32)
	return Perm{
		Key:  Key(int32(r.int("key"))),
		UID:  uint32(r.uint("uid")),
		GID:  uint32(r.uint("gid")),
		CUID: uint32(r.uint("cuid")),
		CGID: uint32(r.uint("cgid")),
		Mode: uint32(mode),
	}
}

// readTable parses a /proc/sysvipc file by its header line.
func readTable(path string) ([]row, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Op: "list", Subject: path, Err: err}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	if !sc.Scan() {
		return nil, nil
	}
	head := strings.Fields(sc.Text())
	var rows []row
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) != len(head) {
			return nil, &Error{Op: "list", Subject: path, Err: fmt.Errorf("line %q: %d fields, header has %d", sc.Text(), len(f), len(head))}
		}
		r := make(row, len(head))
		for i, h := range head {
			r[h] = f[i]
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// Limits holds the kernel's IPC limits: everything `ipcs -l` prints and
// the POSIX message queue limits. Sizes are as the kernel keeps them.
type Limits struct {
	ShmMax   uint64 // max segment size in bytes (/proc/sys/kernel/shmmax)
	ShmAll   uint64 // max total shared memory in pages (shmall)
	ShmMni   uint64 // max number of segments (shmmni)
	ShmMin   uint64 // min segment size in bytes (SHMMIN, always 1)
	PageSize int    // page size in bytes, the unit of ShmAll

	MsgMax uint64 // max message size in bytes (msgmax)
	MsgMnb uint64 // default max bytes in a queue (msgmnb)
	MsgMni uint64 // max number of queues (msgmni)

	SemMsl uint64 // max semaphores per set (first field of /proc/sys/kernel/sem)
	SemMns uint64 // max semaphores system wide
	SemOpm uint64 // max operations per semop call
	SemMni uint64 // max number of sets
	SemVmx int    // max semaphore value (SEMVMX, 32767)

	MQQueuesMax      uint64 // /proc/sys/fs/mqueue/queues_max; 0 if unreadable
	MQMsgMax         uint64 // max mq_maxmsg for unprivileged creators (msg_max)
	MQMsgSizeMax     uint64 // max mq_msgsize (msgsize_max)
	MQMsgDefault     uint64 // default mq_maxmsg (msg_default)
	MQMsgSizeDefault uint64 // default mq_msgsize (msgsize_default)
}

// SemValueMax is SEMVMX, the largest value a semaphore can hold.
const SemValueMax = 32767

// ReadLimits reads the limits from /proc/sys/kernel and /proc/sys/fs/mqueue.
// The System V values are required; the POSIX queue ones are left 0 when
// their files are missing.
func ReadLimits() (Limits, error) {
	l := Limits{ShmMin: 1, PageSize: os.Getpagesize(), SemVmx: SemValueMax}
	for _, f := range []struct {
		name string
		p    *uint64
	}{
		{"shmmax", &l.ShmMax}, {"shmall", &l.ShmAll}, {"shmmni", &l.ShmMni},
		{"msgmax", &l.MsgMax}, {"msgmnb", &l.MsgMnb}, {"msgmni", &l.MsgMni},
	} {
		v, err := readProcUint("/proc/sys/kernel/" + f.name)
		if err != nil {
			return Limits{}, err
		}
		*f.p = v
	}
	sem, err := readProcUints("/proc/sys/kernel/sem")
	if err != nil {
		return Limits{}, err
	}
	if len(sem) != 4 {
		return Limits{}, &Error{Op: "limits", Subject: "/proc/sys/kernel/sem", Err: fmt.Errorf("want 4 fields, got %d", len(sem))}
	}
	l.SemMsl, l.SemMns, l.SemOpm, l.SemMni = sem[0], sem[1], sem[2], sem[3]
	for _, f := range []struct {
		name string
		p    *uint64
	}{
		{"queues_max", &l.MQQueuesMax}, {"msg_max", &l.MQMsgMax}, {"msgsize_max", &l.MQMsgSizeMax},
		{"msg_default", &l.MQMsgDefault}, {"msgsize_default", &l.MQMsgSizeDefault},
	} {
		if v, err := readProcUint("/proc/sys/fs/mqueue/" + f.name); err == nil {
			*f.p = v
		}
	}
	return l, nil
}

func readProcUints(path string) ([]uint64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Op: "limits", Subject: path, Err: err}
	}
	var out []uint64
	for _, f := range strings.Fields(string(data)) {
		v, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return nil, &Error{Op: "limits", Subject: path, Err: err}
		}
		out = append(out, v)
	}
	return out, nil
}

func readProcUint(path string) (uint64, error) {
	v, err := readProcUints(path)
	if err != nil {
		return 0, err
	}
	if len(v) != 1 {
		return 0, &Error{Op: "limits", Subject: path, Err: fmt.Errorf("want 1 number, got %d", len(v))}
	}
	return v[0], nil
}

// Usage is the system-wide usage that `ipcs -u` prints, from the kernel's
// SHM_INFO, MSG_INFO and SEM_INFO control calls.
type Usage struct {
	// Message queues.
	Queues       int    // allocated queues
	Messages     int    // used headers: messages in all queues
	MessageBytes uint64 // used space in bytes

	// Shared memory.
	Segments            int    // segments allocated
	PagesAllocated      uint64 // pages allocated (shm_tot)
	PagesResident       uint64 // pages resident
	PagesSwapped        uint64 // pages swapped
	SwapAttempts        uint64 // always 0 on current kernels
	SwapSuccesses       uint64 // always 0 on current kernels
	SemSets             int    // used arrays
	AllocatedSemaphores int    // allocated semaphores
}

// Kernel *_INFO commands.
const (
	shmInfo = 14
	msgInfo = 12
	semInfo = 19
)

type shmInfoStruct struct {
	UsedIDs       int32
	_             int32
	ShmTot        uint64
	ShmRss        uint64
	ShmSwp        uint64
	SwapAttempts  uint64
	SwapSuccesses uint64
}

type msgInfoStruct struct {
	Msgpool, Msgmap, Msgmax, Msgmnb, Msgmni, Msgssz, Msgtql int32
	Msgseg                                                  uint16
}

type semInfoStruct struct {
	Semmap, Semmni, Semmns, Semmnu, Semmsl, Semopm, Semume, Semusz, Semvmx, Semaem int32
}

// ReadUsage asks the kernel for the numbers `ipcs -u` prints.
func ReadUsage() (Usage, error) {
	var u Usage
	var si shmInfoStruct
	if _, _, e := unix.Syscall(unix.SYS_SHMCTL, 0, shmInfo, uintptr(unsafe.Pointer(&si))); e != 0 {
		return Usage{}, &Error{Op: "usage", Subject: "shm", Err: e}
	}
	u.Segments, u.PagesAllocated, u.PagesResident, u.PagesSwapped = int(si.UsedIDs), si.ShmTot, si.ShmRss, si.ShmSwp
	u.SwapAttempts, u.SwapSuccesses = si.SwapAttempts, si.SwapSuccesses
	var mi msgInfoStruct
	if err := msgctl(0, msgInfo, unsafe.Pointer(&mi)); err != nil {
		return Usage{}, &Error{Op: "usage", Subject: "msg", Err: err}
	}
	u.Queues, u.Messages, u.MessageBytes = int(mi.Msgpool), int(mi.Msgmap), uint64(uint32(mi.Msgtql))
	var sm semInfoStruct
	if _, err := semctlPtr(0, 0, semInfo, unsafe.Pointer(&sm)); err != nil {
		return Usage{}, &Error{Op: "usage", Subject: "sem", Err: err}
	}
	u.SemSets, u.AllocatedSemaphores = int(sm.Semusz), int(sm.Semaem)
	return u, nil
}
