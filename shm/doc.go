// Package shm gives Go programs Linux shared memory and the other local
// IPC objects that share its namespace and its habit of being left
// behind: POSIX shared memory objects, System V shared segments, message
// queues and semaphore sets, POSIX message queues, listings of all of
// them for ipcs-style tools, and a cross-process ring buffer.
//
// It is plain Go over golang.org/x/sys/unix, with raw system calls where
// x/sys has no wrapper, and knows nothing of shells.
//
// # POSIX shared memory
//
// [Create], [Open], [Remove], [StatName] and [List] work on names such as
// "/x" under [Dir] with shm_open(3) semantics: creation is O_EXCL,
// O_NOFOLLOW and O_CLOEXEC, the mode is applied exactly, and opening
// refuses symbolic links and non-regular files. An [Object] reads and
// writes with pread/pwrite (it never grows on write) and maps with
// [Object.Map]. A [Mapping] is the mapped memory.
//
// # System V IPC
//
// Ids are small integer types with methods: [Segment], [Queue] and
// [SemSet]. CreateX makes a new object (IPC_CREAT|IPC_EXCL) under a
// [Key] from [Ftok] or [Private]; GetX finds an existing one by key; any
// int converts to an id. Message receives and semaphore operations wait
// in the kernel and obey a context: when the context can be cancelled the
// waiting thread is interrupted with SIGURG (see [Queue.Recv]).
//
// # POSIX message queues
//
// [CreateMQ], [OpenMQ] and [RemoveMQ], with priorities and attributes.
// Waits obey a context in slices of 50ms, because these calls are
// restarted after signals.
//
// # Listing and limits
//
// [Segments], [Queues] and [SemSets] parse /proc/sysvipc; [ReadLimits]
// and [ReadUsage] give what `ipcs -l` and `ipcs -u` print, and
// [SemSet.Sem] the per-semaphore detail of `ipcs -s -i`. Formatting is
// left to the caller.
//
// # Ring buffer
//
// [CreateRing], [OpenRingWriter] and [OpenRingReader] give two processes
// that agree on a name a single-producer single-consumer byte stream
// through a POSIX shared memory object: one copy in, one copy out, the
// indices kept with atomics in a shared header, and sleeping on shared
// (not private) futexes when the ring is empty or full. [RingWriter] and
// [RingReader] implement io.Writer, io.ReaderFrom, io.Reader and
// io.WriterTo, and offer Reserve/Commit and Peek/Consume to fill and
// drain the ring in place.
//
// # Errors
//
// Failures are [*Error] values printing as "op subject: cause", e.g.
// "msg send id 3: message of 9000 bytes exceeds msgmax (8192 bytes)".
// Causes match the package's sentinels ([ErrNoID], [ErrBadSemNum],
// [ErrNoMessage], [ErrWouldBlock], [ErrTimeout], ...), [*LimitError], the
// fs.Err* sentinels and the kernel's unix.Errno with errors.Is/As.
//
// # Left out
//
// POSIX named semaphores (sem_open, which glibc implements in user
// space), mq_notify, listing POSIX message queues (that needs the mqueue
// file system mounted, which it often is not), SHM_LOCK/SHM_HUGETLB,
// changing owners with IPC_SET (only a queue's byte limit can be set), and
// any object bookkeeping: the caller records and removes what it creates.
// The System V structure layouts are those of 64-bit Linux (amd64, arm64,
// riscv64, loong64); other platforms do not build. The ring detects a
// dead peer by its pid, so both sides must share a pid namespace.
package shm
