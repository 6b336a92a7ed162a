package shm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

const (
	ringMagic      = 0x42525049 // "IPRB"
	ringVersion    = 1
	ringHeaderSize = 4096
	// RingMinCapacity and RingMaxCapacity bound a ring's data capacity.
	RingMinCapacity = 4096
	RingMaxCapacity = 1 << 40
	// ringSlice bounds one futex sleep, so that ctx cancellation and a
	// dead peer are noticed.
	ringSlice = 100 * time.Millisecond
	ringSpin  = 200
	// ringInitGrace is how long an opener waits for an existing object
	// to be laid out as a ring before deciding it is not one.
	ringInitGrace = 500 * time.Millisecond
)

// ringHeader lives at offset 0 of the shared object. Every field is read
// and written with atomics; the indices and the futex words sit on their
// own cache lines.
type ringHeader struct {
	magic        atomic.Uint32
	version      uint32
	capacity     uint64
	writerPID    atomic.Int32
	readerPID    atomic.Int32
	writerClosed atomic.Uint32
	readerClosed atomic.Uint32
	_            [32]byte

	head atomic.Uint64 // bytes written so far; only the writer stores it
	_    [56]byte
	tail atomic.Uint64 // bytes read so far; only the reader stores it
	_    [56]byte

	dataSeq       atomic.Uint32 // futex: bumped when data arrives for a waiting reader
	readerWaiting atomic.Uint32
	_             [56]byte
	spaceSeq      atomic.Uint32 // futex: bumped when room appears for a waiting writer
	writerWaiting atomic.Uint32
	_             [56]byte
}

// CreateRing creates the POSIX shared memory object name (see [Create])
// and lays out an empty ring buffer in it, with room for capacity bytes
// rounded up to a power of two between [RingMinCapacity] and
// [RingMaxCapacity]. One process then opens it with [OpenRingWriter] and
// one with [OpenRingReader].
//
// The object stays in /dev/shm until [Remove]d. Once both sides have
// opened the ring, removing the name does not disturb them, so removing
// it right away leaves nothing behind even if a side is killed.
func CreateRing(name string, capacity int, mode os.FileMode) (err error) {
	const op = "ring create"
	if capacity < 1 || capacity > RingMaxCapacity {
		return nameErr(op, name, fmt.Errorf("capacity %d: %w (want 1 to %d)", capacity, ErrBadArg, RingMaxCapacity))
	}
	c := uint64(max(capacity, RingMinCapacity))
	if c&(c-1) != 0 {
		c = 1 << bits.Len64(c)
	}
	o, err := Create(name, int64(ringHeaderSize+c), mode)
	if err != nil {
		return &Error{Op: op, Subject: name, Err: unwrapOp(err)}
	}
	defer o.Close()
	defer func() {
		if err != nil {
			Remove(name)
		}
	}()
	m, err := o.Map(0, ringHeaderSize, true)
	if err != nil {
		return &Error{Op: op, Subject: name, Err: unwrapOp(err)}
	}
	defer m.Unmap()
	h := (*ringHeader)(unsafe.Pointer(&m.Bytes()[0]))
	h.version = ringVersion
	h.capacity = c
	h.magic.Store(ringMagic) // last: publishes the header
	return nil
}

// ring is one side's view of a ring buffer.
type ring struct {
	name string
	m    *Mapping
	h    *ringHeader
	data []byte
	mask uint64
	size uint64
}

func openRing(ctx context.Context, op, name string) (r *ring, err error) {
	var o *Object
	var seen time.Time // when the object was first found uninitialized
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		o, err = Open(name, os.O_RDWR)
		if err == nil {
			var fi ObjectInfo
			if fi, err = o.Stat(); err == nil && fi.Size >= ringHeaderSize+RingMinCapacity {
				m, merr := o.Map(0, ringHeaderSize, false)
				if merr != nil {
					o.Close()
					return nil, &Error{Op: op, Subject: name, Err: unwrapOp(merr)}
				}
				h := (*ringHeader)(unsafe.Pointer(&m.Bytes()[0]))
				magic, version, c := h.magic.Load(), h.version, h.capacity
				m.Unmap()
				if magic == ringMagic {
					if version != ringVersion || c < RingMinCapacity || c&(c-1) != 0 || fi.Size != int64(ringHeaderSize+c) {
						o.Close()
						return nil, &Error{Op: op, Subject: name, Err: fmt.Errorf("%w: version %d, capacity %d, size %d", ErrRing, version, c, fi.Size)}
					}
					break
				}
			}
			o.Close()
			if err != nil {
				return nil, &Error{Op: op, Subject: name, Err: unwrapOp(err)}
			}
			if seen.IsZero() {
				seen = time.Now()
			} else if time.Since(seen) > ringInitGrace {
				return nil, &Error{Op: op, Subject: name, Err: fmt.Errorf("%w: not initialized after %v", ErrRing, ringInitGrace)}
			}
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, &Error{Op: op, Subject: name, Err: unwrapOp(err)}
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			if err == nil {
				err = fmt.Errorf("%w: not initialized", ErrRing)
			} else {
				err = unwrapOp(err)
			}
			return nil, &Error{Op: op, Subject: name, Err: fmt.Errorf("%w (while waiting: %v)", ctx.Err(), err)}
		case <-t.C:
		}
	}
	defer o.Close()
	m, err := o.Map(0, 0, true)
	if err != nil {
		return nil, &Error{Op: op, Subject: name, Err: unwrapOp(err)}
	}
	h := (*ringHeader)(unsafe.Pointer(&m.Bytes()[0]))
	return &ring{name: name, m: m, h: h, data: m.Bytes()[ringHeaderSize:], mask: h.capacity - 1, size: h.capacity}, nil
}

// claim takes a role (writer or reader) for this process.
func (r *ring) claim(op, role string, pid *atomic.Int32) error {
	me := int32(os.Getpid())
	if !pid.CompareAndSwap(0, me) {
		other := pid.Load()
		r.m.Unmap()
		return &Error{Op: op, Subject: r.name, Err: fmt.Errorf("%w: %s already attached (pid %d)", ErrRing, role, other)}
	}
	return nil
}

func futexWait(addr *atomic.Uint32, val uint32, d time.Duration) {
	ts := unix.NsecToTimespec(int64(d))
	// FUTEX_WAIT (0), not FUTEX_WAIT_PRIVATE: the word is shared between processes.
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), 0, uintptr(val), uintptr(unsafe.Pointer(&ts)), 0, 0)
}

func futexWake(addr *atomic.Uint32) {
	// FUTEX_WAKE (1), shared.
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), 1, 1<<30, 0, 0, 0)
}

// alive reports whether process pid still runs (not a zombie).
func alive(pid int32) bool {
	if pid <= 0 {
		return true // not attached yet
	}
	if err := unix.Kill(int(pid), 0); err == unix.ESRCH {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(int(pid)) + "/stat")
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z' && s[i+2] != 'X'
	}
	return true
}

// RingWriter is the producer side of a ring buffer: an [io.Writer] into
// shared memory. It is for one goroutine at a time.
type RingWriter struct {
	r         *ring
	head      uint64 // local copy of h.head
	tailCache uint64
	closed    bool
}

// OpenRingWriter attaches to the ring called name as its only producer.
// If the ring does not exist or is not initialized yet, it waits for it
// until ctx is done, so two unrelated processes may start in either
// order; give ctx a deadline. Close the writer to signal end of data.
func OpenRingWriter(ctx context.Context, name string) (*RingWriter, error) {
	const op = "ring open writer"
	r, err := openRing(ctx, op, name)
	if err != nil {
		return nil, err
	}
	if err := r.claim(op, "writer", &r.h.writerPID); err != nil {
		return nil, err
	}
	return &RingWriter{r: r, head: r.h.head.Load(), tailCache: r.h.tail.Load()}, nil
}

// Capacity returns the ring's data capacity in bytes.
func (w *RingWriter) Capacity() int { return int(w.r.size) }

func (w *RingWriter) err(op string, err error) error {
	return &Error{Op: op, Subject: w.r.name, Err: err}
}

// free returns the free bytes, refreshing the reader's index only when
// the cached one shows a full ring.
func (w *RingWriter) free() uint64 {
	f := w.r.size - (w.head - w.tailCache)
	if f == 0 {
		w.tailCache = w.r.h.tail.Load()
		f = w.r.size - (w.head - w.tailCache)
	}
	return f
}

// waitSpace waits until the ring has free room.
func (w *RingWriter) waitSpace(ctx context.Context) error {
	h := w.r.h
	for i := 0; i < ringSpin; i++ {
		if w.free() > 0 {
			return nil
		}
		if i > ringSpin/2 {
			runtime.Gosched()
		}
	}
	for {
		seq := h.spaceSeq.Load()
		h.writerWaiting.Store(1)
		if w.free() > 0 {
			h.writerWaiting.Store(0)
			return nil
		}
		if h.readerClosed.Load() != 0 {
			return io.ErrClosedPipe
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		futexWait(&h.spaceSeq, seq, ringSlice)
		if h.spaceSeq.Load() == seq && !alive(h.readerPID.Load()) {
			return ErrPeerGone
		}
	}
}

func (w *RingWriter) publish(n uint64) {
	h := w.r.h
	w.head += n
	h.head.Store(w.head)
	if h.readerWaiting.Load() != 0 && h.readerWaiting.Swap(0) != 0 {
		h.dataSeq.Add(1)
		futexWake(&h.dataSeq)
	}
}

// Write copies p into the ring, waiting for room as needed, and returns
// len(p) or an error: [io.ErrClosedPipe] when the reader has closed,
// [ErrPeerGone] when the reader died.
func (w *RingWriter) Write(p []byte) (int, error) {
	return w.WriteContext(context.Background(), p)
}

// WriteContext is [RingWriter.Write] that stops waiting for room when
// ctx is done, returning the bytes written so far and ctx's error.
func (w *RingWriter) WriteContext(ctx context.Context, p []byte) (n int, err error) {
	const op = "ring write"
	if w.closed {
		return 0, w.err(op, ErrClosed)
	}
	for len(p) > 0 {
		if w.r.h.readerClosed.Load() != 0 {
			return n, w.err(op, io.ErrClosedPipe)
		}
		f := w.free()
		if f == 0 {
			if err := w.waitSpace(ctx); err != nil {
				return n, w.err(op, err)
			}
			continue
		}
		k := min(f, uint64(len(p)))
		off := w.head & w.r.mask
		c := copy(w.r.data[off:], p[:k])
		if uint64(c) < k {
			copy(w.r.data, p[c:k])
		}
		w.publish(k)
		p = p[k:]
		n += int(k)
	}
	return n, nil
}

// Reserve waits until the ring has free room and returns the contiguous
// free bytes at the write position (at least 1, at most the room left
// before the end of the ring). Fill a prefix of it and call
// [RingWriter.Commit]; the slice is valid until then.
func (w *RingWriter) Reserve(ctx context.Context) ([]byte, error) {
	const op = "ring reserve"
	if w.closed {
		return nil, w.err(op, ErrClosed)
	}
	if w.r.h.readerClosed.Load() != 0 {
		return nil, w.err(op, io.ErrClosedPipe)
	}
	f := w.free()
	if f == 0 {
		if err := w.waitSpace(ctx); err != nil {
			return nil, w.err(op, err)
		}
		f = w.free()
	}
	off := w.head & w.r.mask
	return w.r.data[off : off+min(f, w.r.size-off)], nil
}

// Commit publishes n bytes written into the slice of the last
// [RingWriter.Reserve].
func (w *RingWriter) Commit(n int) error {
	if w.closed {
		return w.err("ring commit", ErrClosed)
	}
	if n < 0 || uint64(n) > w.free() {
		return w.err("ring commit", fmt.Errorf("%d bytes: %w", n, ErrBadArg))
	}
	w.publish(uint64(n))
	return nil
}

// ReadFrom reads from src straight into the ring until io.EOF,
// implementing [io.ReaderFrom] (so [io.Copy] uses it).
func (w *RingWriter) ReadFrom(src io.Reader) (int64, error) {
	var total int64
	for {
		buf, err := w.Reserve(context.Background())
		if err != nil {
			return total, err
		}
		n, rerr := src.Read(buf)
		if n > 0 {
			w.publish(uint64(n))
			total += int64(n)
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, rerr
		}
	}
}

// Close marks the end of the data, wakes the reader, which gets [io.EOF]
// once it has read everything, and unmaps the ring. It does not remove
// the object. A second Close returns an error matching [ErrClosed].
func (w *RingWriter) Close() error {
	if w.closed {
		return w.err("ring close", ErrClosed)
	}
	w.closed = true
	h := w.r.h
	h.writerClosed.Store(1)
	h.dataSeq.Add(1)
	futexWake(&h.dataSeq)
	return w.r.m.Unmap()
}

// RingReader is the consumer side of a ring buffer: an [io.Reader] from
// shared memory. It is for one goroutine at a time.
type RingReader struct {
	r         *ring
	tail      uint64
	headCache uint64
	closed    bool
}

// OpenRingReader attaches to the ring called name as its only consumer,
// waiting for the ring to exist as [OpenRingWriter] does.
func OpenRingReader(ctx context.Context, name string) (*RingReader, error) {
	const op = "ring open reader"
	r, err := openRing(ctx, op, name)
	if err != nil {
		return nil, err
	}
	if err := r.claim(op, "reader", &r.h.readerPID); err != nil {
		return nil, err
	}
	return &RingReader{r: r, tail: r.h.tail.Load(), headCache: r.h.head.Load()}, nil
}

// Capacity returns the ring's data capacity in bytes.
func (rd *RingReader) Capacity() int { return int(rd.r.size) }

func (rd *RingReader) err(op string, err error) error {
	if err == io.EOF {
		return io.EOF
	}
	return &Error{Op: op, Subject: rd.r.name, Err: err}
}

func (rd *RingReader) avail() uint64 {
	a := rd.headCache - rd.tail
	if a == 0 {
		rd.headCache = rd.r.h.head.Load()
		a = rd.headCache - rd.tail
	}
	return a
}

// waitData waits until the ring holds data; io.EOF when the writer has
// closed and everything is read, io.ErrUnexpectedEOF when it died.
func (rd *RingReader) waitData(ctx context.Context) error {
	h := rd.r.h
	for i := 0; i < ringSpin; i++ {
		if rd.avail() > 0 {
			return nil
		}
		if i > ringSpin/2 {
			runtime.Gosched()
		}
	}
	for {
		seq := h.dataSeq.Load()
		h.readerWaiting.Store(1)
		closed := h.writerClosed.Load() != 0
		if rd.avail() > 0 {
			h.readerWaiting.Store(0)
			return nil
		}
		if closed {
			return io.EOF
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		futexWait(&h.dataSeq, seq, ringSlice)
		if h.dataSeq.Load() == seq && !alive(h.writerPID.Load()) && h.writerClosed.Load() == 0 && rd.avail() == 0 {
			return fmt.Errorf("%w: %w", ErrPeerGone, io.ErrUnexpectedEOF)
		}
	}
}

func (rd *RingReader) release(n uint64) {
	h := rd.r.h
	rd.tail += n
	h.tail.Store(rd.tail)
	if h.writerWaiting.Load() != 0 && h.writerWaiting.Swap(0) != 0 {
		h.spaceSeq.Add(1)
		futexWake(&h.spaceSeq)
	}
}

// Read copies up to len(p) bytes out of the ring, waiting until there is
// at least one. After the writer closes and the ring is drained it
// returns [io.EOF]; if the writer died without closing, an error
// matching [ErrPeerGone] and [io.ErrUnexpectedEOF].
func (rd *RingReader) Read(p []byte) (int, error) {
	return rd.ReadContext(context.Background(), p)
}

// ReadContext is [RingReader.Read] that stops waiting when ctx is done.
func (rd *RingReader) ReadContext(ctx context.Context, p []byte) (int, error) {
	const op = "ring read"
	if rd.closed {
		return 0, rd.err(op, ErrClosed)
	}
	if len(p) == 0 {
		return 0, nil
	}
	a := rd.avail()
	if a == 0 {
		if err := rd.waitData(ctx); err != nil {
			return 0, rd.err(op, err)
		}
		a = rd.avail()
	}
	k := min(a, uint64(len(p)))
	off := rd.tail & rd.r.mask
	c := copy(p[:k], rd.r.data[off:])
	if uint64(c) < k {
		copy(p[c:k], rd.r.data)
	}
	rd.release(k)
	return int(k), nil
}

// Peek waits for data and returns the contiguous readable bytes at the
// read position, without consuming them; call [RingReader.Consume]
// afterwards. The slice is valid until then. It returns [io.EOF] as Read
// does.
func (rd *RingReader) Peek(ctx context.Context) ([]byte, error) {
	const op = "ring peek"
	if rd.closed {
		return nil, rd.err(op, ErrClosed)
	}
	a := rd.avail()
	if a == 0 {
		if err := rd.waitData(ctx); err != nil {
			return nil, rd.err(op, err)
		}
		a = rd.avail()
	}
	off := rd.tail & rd.r.mask
	return rd.r.data[off : off+min(a, rd.r.size-off)], nil
}

// Consume releases n bytes returned by [RingReader.Peek] to the writer.
func (rd *RingReader) Consume(n int) error {
	if rd.closed {
		return rd.err("ring consume", ErrClosed)
	}
	if n < 0 || uint64(n) > rd.headCache-rd.tail {
		return rd.err("ring consume", fmt.Errorf("%d bytes: %w", n, ErrBadArg))
	}
	rd.release(uint64(n))
	return nil
}

// WriteTo writes everything until the writer closes straight from the
// ring to dst, implementing [io.WriterTo] (so [io.Copy] uses it).
func (rd *RingReader) WriteTo(dst io.Writer) (int64, error) {
	var total int64
	for {
		buf, err := rd.Peek(context.Background())
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
		n, werr := dst.Write(buf)
		if n > 0 {
			rd.release(uint64(n))
			total += int64(n)
		}
		if werr != nil {
			return total, werr
		}
	}
}

// Close detaches the reader: a writer blocked on a full ring, and every
// later write, fails with [io.ErrClosedPipe]. It unmaps the ring but
// does not remove the object.
func (rd *RingReader) Close() error {
	if rd.closed {
		return rd.err("ring close", ErrClosed)
	}
	rd.closed = true
	h := rd.r.h
	h.readerClosed.Store(1)
	h.spaceSeq.Add(1)
	futexWake(&h.spaceSeq)
	return rd.r.m.Unmap()
}
