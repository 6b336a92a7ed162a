package shm_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipsh/ipsh/shm"
)

func TestFtok(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keyfile")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		t.Fatal(err)
	}
	for _, proj := range []byte{1, 'A', 0xff} {
		k, err := shm.Ftok(path, proj)
		if err != nil {
			t.Fatal(err)
		}
		want := uint32(st.Ino&0xffff) | uint32(st.Dev&0xff)<<16 | uint32(proj)<<24
		if uint32(k) != want {
			t.Errorf("Ftok(%d) = %v, want %#08x", proj, k, want)
		}
		if k.String() != fmt.Sprintf("0x%08x", want) {
			t.Errorf("String = %s", k)
		}
	}
	if _, err := shm.Ftok(filepath.Join(t.TempDir(), "none"), 1); !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "ftok ") {
		t.Errorf("Ftok of missing path: %v", err)
	}
}

// testKey returns a key from a fresh temporary file.
func testKey(t *testing.T) shm.Key {
	path := filepath.Join(t.TempDir(), "k")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := shm.Ftok(path, 'T')
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSegment(t *testing.T) {
	key := testKey(t)
	seg := newSegment(t, key, 10000, 0o640)
	if _, err := shm.CreateSegment(key, 10000, 0o640); !errors.Is(err, fs.ErrExist) {
		t.Errorf("duplicate key: %v", err)
	}
	if got, err := shm.GetSegment(key); err != nil || got != seg {
		t.Errorf("GetSegment = %v, %v; want %v", got, err, seg)
	}
	m, err := seg.Attach(false)
	if err != nil {
		t.Fatal(err)
	}
	copy(m.Bytes()[5000:], "segment data")
	info, err := seg.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != 10000 || info.Nattch != 1 || info.CPID != os.Getpid() || info.LPID != os.Getpid() ||
		info.Perm.Perm() != 0o640 || info.Perm.Key != key || info.Perm.UID != uint32(os.Getuid()) || info.Atime.IsZero() {
		t.Errorf("Stat = %+v", info)
	}
	buf := make([]byte, 12)
	if _, err := seg.ReadAt(buf, 5000); err != nil || string(buf) != "segment data" {
		t.Errorf("ReadAt = %q, %v", buf, err)
	}
	if _, err := seg.WriteAt([]byte("xyz"), 9999); err == nil {
		t.Error("WriteAt past the end succeeded")
	}
	if err := m.Unmap(); err != nil {
		t.Fatal(err)
	}
	if info, _ := seg.Stat(); info.Nattch != 0 || info.Dtime.IsZero() {
		t.Errorf("after detach: %+v", info)
	}
	// Listed in /proc/sysvipc/shm with the same fields.
	list, err := shm.Segments()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range list {
		if s.ID == seg {
			found = true
			if s.Size != 10000 || s.Perm.Key != key || s.Perm.Perm() != 0o640 || s.CPID != os.Getpid() {
				t.Errorf("listed %+v", s)
			}
		}
	}
	if !found {
		t.Errorf("segment %d not listed", seg)
	}
	// Remove while attached: SHM_DEST until the last detach.
	m, err = seg.Attach(true)
	if err != nil {
		t.Fatal(err)
	}
	if err := seg.Remove(); err != nil {
		t.Fatal(err)
	}
	if info, err := seg.Stat(); err != nil || info.Perm.Mode&shm.SegmentDest == 0 {
		t.Errorf("removed but attached: %+v, %v", info, err)
	}
	m.Unmap()
	_, err = seg.Stat()
	if !errors.Is(err, shm.ErrNoID) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat after removal: %v", err)
	}
}

func TestSegmentBadInput(t *testing.T) {
	if _, err := shm.CreateSegment(shm.Private, 0, 0o600); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("size 0: %v", err)
	}
	_, err := shm.CreateSegment(shm.Private, 1<<62, 0o600)
	if err == nil {
		t.Fatal("segment of 4 EiB created")
	}
	t.Log(err)
	bad := shm.Segment(1 << 30)
	_, err = bad.Stat()
	if want := fmt.Sprintf("shm stat id %d: no such id (EINVAL)", 1<<30); err == nil || err.Error() != want {
		t.Errorf("unknown id: %v, want %s", err, want)
	}
	if _, err := bad.Attach(false); !errors.Is(err, shm.ErrNoID) {
		t.Errorf("attach unknown id: %v", err)
	}
	if err := bad.Remove(); !errors.Is(err, shm.ErrNoID) {
		t.Errorf("remove unknown id: %v", err)
	}
	if _, err := shm.GetSegment(testKey(t)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("GetSegment of unused key: %v", err)
	}
}

func TestQueueTypes(t *testing.T) {
	ctx := testCtx(t)
	q := newQueue(t, shm.Private, 0o600)
	for _, m := range []shm.Message{{Type: 3, Data: []byte("c1")}, {Type: 1, Data: []byte("a1")}, {Type: 2, Data: []byte("b1")}, {Type: 3, Data: []byte("c2")}, {Type: 1, Data: []byte("a2")}} {
		if err := q.Send(ctx, m.Type, m.Data, false); err != nil {
			t.Fatal(err)
		}
	}
	info, err := q.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if info.QNum != 5 || info.CBytes != 10 || info.LSPID != os.Getpid() || info.QBytes == 0 || info.Perm.Perm() != 0o600 {
		t.Errorf("Stat = %+v", info)
	}
	for _, c := range []struct {
		opts shm.RecvOptions
		want string
	}{
		{shm.RecvOptions{Type: 2}, "2 b1"},                            // first of type 2
		{shm.RecvOptions{Type: 3, Except: true}, "1 a1"},              // first not of type 3
		{shm.RecvOptions{Type: -3}, "1 a2"},                           // lowest type <= 3
		{shm.RecvOptions{}, "3 c1"},                                   // first of any type
		{shm.RecvOptions{Type: 3, MaxSize: 1, Truncate: true}, "3 c"}, // cut to 1 byte
	} {
		m, err := q.Recv(ctx, c.opts)
		if err != nil {
			t.Fatalf("Recv %+v: %v", c.opts, err)
		}
		if got := fmt.Sprintf("%d %s", m.Type, m.Data); got != c.want {
			t.Errorf("Recv %+v = %q, want %q", c.opts, got, c.want)
		}
	}
	_, err = q.Recv(ctx, shm.RecvOptions{NoWait: true})
	if !errors.Is(err, shm.ErrNoMessage) || !errors.Is(err, unix.ENOMSG) {
		t.Errorf("empty queue: %v", err)
	}
	if info, _ := q.Stat(); info.QNum != 0 || info.LRPID != os.Getpid() || info.Rtime.IsZero() {
		t.Errorf("after receiving: %+v", info)
	}
	list, err := shm.Queues()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range list {
		found = found || (e.ID == q && e.QBytes == info.QBytes && e.LRPID == os.Getpid())
	}
	if !found {
		t.Errorf("queue %d not listed as expected in %+v", q, list)
	}
}

func TestQueueLimitsAndErrors(t *testing.T) {
	ctx := testCtx(t)
	q := newQueue(t, shm.Private, 0o600)
	l, err := shm.ReadLimits()
	if err != nil {
		t.Fatal(err)
	}
	big := make([]byte, l.MsgMax+1)
	err = q.Send(ctx, 1, big, true)
	var le *shm.LimitError
	if !errors.As(err, &le) || le.Limit != int64(l.MsgMax) || le.Size != int64(len(big)) {
		t.Fatalf("oversized message: %v", err)
	}
	want := fmt.Sprintf("msg send id %d: message of %d bytes exceeds msgmax (%d bytes)", q, len(big), l.MsgMax)
	if err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
	if err := q.Send(ctx, 0, []byte("x"), true); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("type 0: %v", err)
	}
	if err := q.Send(ctx, 1, []byte("long message"), false); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Recv(ctx, shm.RecvOptions{MaxSize: 4}); !errors.Is(err, unix.E2BIG) || !strings.Contains(err.Error(), "longer than 4 bytes") {
		t.Errorf("short buffer: %v", err)
	}
	if _, err := q.Recv(ctx, shm.RecvOptions{Type: -1, Except: true}); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("except with type -1: %v", err)
	}
	// Fill the queue: a non-blocking send then would block.
	if err := q.SetQueueBytes(20); err != nil {
		t.Fatal(err)
	}
	if err := q.Send(ctx, 1, make([]byte, 10), true); !errors.Is(err, shm.ErrWouldBlock) {
		t.Errorf("send to a full queue: %v", err)
	}
	bad := shm.Queue(1 << 30)
	if err := bad.Send(ctx, 1, []byte("x"), true); !errors.Is(err, shm.ErrNoID) {
		t.Errorf("send to unknown id: %v", err)
	}
	if _, err := bad.Recv(ctx, shm.RecvOptions{NoWait: true}); !errors.Is(err, shm.ErrNoID) {
		t.Errorf("recv from unknown id: %v", err)
	}
	if _, err := bad.Stat(); !errors.Is(err, shm.ErrNoID) {
		t.Errorf("stat unknown id: %v", err)
	}
	if _, err := shm.GetQueue(testKey(t)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("GetQueue of unused key: %v", err)
	}
}

func TestQueueKeyed(t *testing.T) {
	key := testKey(t)
	q := newQueue(t, key, 0o644)
	if got, err := shm.GetQueue(key); err != nil || got != q {
		t.Errorf("GetQueue = %v, %v", got, err)
	}
	if _, err := shm.CreateQueue(key, 0o644); !errors.Is(err, fs.ErrExist) || !strings.HasPrefix(err.Error(), "msg create key "+key.String()) {
		t.Errorf("duplicate: %v", err)
	}
}

func TestQueueRecvCancel(t *testing.T) {
	q := newQueue(t, shm.Private, 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := q.Recv(ctx, shm.RecvOptions{Type: 7})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled Recv: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Recv ignored cancellation")
	}
	// A deadline works the same way, and a message still arrives after it.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	if _, err := q.Recv(ctx2, shm.RecvOptions{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Recv past deadline: %v", err)
	}
	if err := q.Send(context.Background(), 7, []byte("late"), false); err != nil {
		t.Fatal(err)
	}
	ctx3, cancel3 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel3()
	if m, err := q.Recv(ctx3, shm.RecvOptions{}); err != nil || string(m.Data) != "late" {
		t.Errorf("Recv = %+v, %v", m, err)
	}
}

func TestQueueRemovedWhileWaiting(t *testing.T) {
	q, err := shm.CreateQueue(shm.Private, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	track("msg", int(q))
	done := make(chan error)
	go func() {
		_, err := q.Recv(testCtx(t), shm.RecvOptions{})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := q.Remove(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, shm.ErrNoID) {
		t.Errorf("Recv on a removed queue: %v", err)
	}
}

func TestSemaphores(t *testing.T) {
	ctx := testCtx(t)
	s := newSemSet(t, 3, 0o600)
	if err := s.SetAll([]uint16{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if v, err := s.GetAll(); err != nil || fmt.Sprint(v) != "[1 2 3]" {
		t.Errorf("GetAll = %v, %v", v, err)
	}
	// Atomic: the second operation cannot proceed, so neither happens.
	err := s.Op(ctx, []shm.SemOp{{Num: 0, Op: -1}, {Num: 1, Op: -5, Flags: shm.SemNoWait}}, 0)
	if !errors.Is(err, shm.ErrWouldBlock) {
		t.Errorf("nowait op: %v", err)
	}
	if v, _ := s.GetAll(); fmt.Sprint(v) != "[1 2 3]" {
		t.Errorf("partial operation applied: %v", v)
	}
	if err := s.Op(ctx, []shm.SemOp{{Num: 0, Op: -1}, {Num: 2, Op: 4}}, 0); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.GetAll(); fmt.Sprint(v) != "[0 2 7]" {
		t.Errorf("after op: %v", v)
	}
	err = s.Op(ctx, []shm.SemOp{{Num: 0, Op: -1}}, 30*time.Millisecond)
	if !errors.Is(err, shm.ErrTimeout) || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("timed op: %v", err)
	}
	if err := s.SetVal(1, 9); err != nil {
		t.Fatal(err)
	}
	if v, err := s.GetVal(1); err != nil || v != 9 {
		t.Errorf("GetVal = %d, %v", v, err)
	}
	st, err := s.Sem(2)
	if err != nil || st.Value != 7 || st.PID != os.Getpid() {
		t.Errorf("Sem(2) = %+v, %v", st, err)
	}
	info, err := s.Stat()
	if err != nil || info.NSems != 3 || info.Otime.IsZero() || info.Perm.Perm() != 0o600 {
		t.Errorf("Stat = %+v, %v", info, err)
	}
	list, err := shm.SemSets()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range list {
		found = found || (e.ID == s && e.NSems == 3)
	}
	if !found {
		t.Errorf("set %d not listed", s)
	}
	if got := (shm.SemOp{Num: 2, Op: 1}).String(); got != "2:+1" {
		t.Errorf("SemOp.String = %q", got)
	}
}

func TestSemaphoreBadInput(t *testing.T) {
	ctx := testCtx(t)
	s := newSemSet(t, 2, 0o600)
	id := strconv.Itoa(int(s))
	err := s.Op(ctx, []shm.SemOp{{Num: 5, Op: 1}}, 0)
	if want := "sem op id " + id + ": semaphore number out of range: 5 (the set has 2, numbered 0 to 1)"; err == nil || err.Error() != want || !errors.Is(err, shm.ErrBadSemNum) {
		t.Errorf("op on sem 5: %v", err)
	}
	for _, f := range []func() error{
		func() error { _, err := s.GetVal(2); return err },
		func() error { return s.SetVal(-1, 1) },
		func() error { _, err := s.Sem(100); return err },
	} {
		if err := f(); !errors.Is(err, shm.ErrBadSemNum) {
			t.Errorf("bad number: %v", err)
		}
	}
	if err := s.SetVal(0, shm.SemValueMax+1); !errors.As(err, new(*shm.LimitError)) {
		t.Errorf("value over SEMVMX: %v", err)
	}
	if err := s.SetAll([]uint16{1}); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("SetAll with 1 value: %v", err)
	}
	if err := s.Op(ctx, nil, 0); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("no ops: %v", err)
	}
	l, err := shm.ReadLimits()
	if err != nil {
		t.Fatal(err)
	}
	_, err = shm.CreateSemSet(shm.Private, int(l.SemMsl)+1, 0o600)
	var le *shm.LimitError
	if !errors.As(err, &le) || le.Limit != int64(l.SemMsl) {
		t.Errorf("too many semaphores: %v", err)
	}
	t.Log(err)
	ops := make([]shm.SemOp, l.SemOpm+1)
	if err := s.Op(ctx, ops, 0); !errors.As(err, &le) || le.Name != "semopm" {
		t.Errorf("too many operations: %v", err)
	}
	if _, err := shm.SemSet(1 << 30).GetVal(0); !errors.Is(err, shm.ErrNoID) {
		t.Errorf("unknown set: %v", err)
	}
	if err := shm.SemSet(1<<30).Op(ctx, []shm.SemOp{{Op: 1}}, 0); !errors.Is(err, shm.ErrNoID) {
		t.Errorf("op on unknown set: %v", err)
	}
}

func TestSemaphoreCancelAndUndo(t *testing.T) {
	s := newSemSet(t, 1, 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Op(ctx, []shm.SemOp{{Op: -1}}, 0) }()
	time.Sleep(50 * time.Millisecond)
	if st, _ := s.Sem(0); st.NCount != 1 {
		t.Errorf("waiting count = %d", st.NCount)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled op: %v", err)
	}

	// SEM_UNDO in a child is reverted when the child exits.
	cmd := helperCmd(testCtx(t), t, "sem-undo", strconv.Itoa(int(s)))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := make([]byte, 5)
	if _, err := out.Read(line); err != nil || string(line) != "done\n" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	if v, _ := s.GetVal(0); v != 5 {
		t.Errorf("value while the child lives = %d", v)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.GetVal(0); v != 0 {
		t.Errorf("value after the child exited = %d, want 0 (undone)", v)
	}
}
