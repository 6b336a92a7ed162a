package shm_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/shm"
)

func newChecksum() hash.Hash { return sha256.New() }

func newRing(t *testing.T, capacity int) string {
	name := newName(t)
	if err := shm.CreateRing(name, capacity, 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestRingInProcess(t *testing.T) {
	ctx := testCtx(t)
	name := newRing(t, 5000) // rounded up to 8192
	w, err := shm.OpenRingWriter(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := shm.OpenRingReader(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if w.Capacity() != 8192 || r.Capacity() != 8192 {
		t.Errorf("capacity %d %d", w.Capacity(), r.Capacity())
	}
	if _, err := shm.OpenRingWriter(ctx, name); !errors.Is(err, shm.ErrRing) {
		t.Errorf("second writer: %v", err)
	}
	// The name can go once both sides are attached.
	if err := shm.Remove(name); err != nil {
		t.Fatal(err)
	}
	const total = 1 << 20
	want := make([]byte, total)
	fillPattern(want, 0)
	errc := make(chan error, 1)
	go func() {
		// Writes of odd sizes, larger than the ring, through io.Copy (ReadFrom).
		_, err := io.Copy(w, io.LimitReader(bytes.NewReader(want), total))
		if err == nil {
			err = w.Close()
		}
		errc <- err
	}()
	var got bytes.Buffer
	buf := make([]byte, 3001)
	for {
		n, err := r.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("received %d bytes, differing from the %d sent", got.Len(), total)
	}
	if n, err := r.Read(buf); n != 0 || err != io.EOF {
		t.Errorf("Read after EOF = %d, %v", n, err)
	}
	if _, err := w.Write([]byte("x")); !errors.Is(err, shm.ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestRingZeroCopyAndReaderClose(t *testing.T) {
	ctx := testCtx(t)
	name := newRing(t, 4096)
	w, err := shm.OpenRingWriter(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := shm.OpenRingReader(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	buf, err := w.Reserve(ctx)
	if err != nil || len(buf) != 4096 {
		t.Fatalf("Reserve = %d bytes, %v", len(buf), err)
	}
	copy(buf, "in place")
	if err := w.Commit(8); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(5000); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("Commit past the room: %v", err)
	}
	p, err := r.Peek(ctx)
	if err != nil || string(p) != "in place" {
		t.Fatalf("Peek = %q, %v", p, err)
	}
	if err := r.Consume(3); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	// Fill the ring, then close the reader: the blocked writer fails.
	errc := make(chan error, 1)
	go func() {
		_, err := w.Write(make([]byte, 10000))
		errc <- err
	}()
	p, _ = r.Peek(ctx)
	sb.Write(p[:5])
	if sb.String() != "place" {
		t.Errorf("after Consume: %q", sb.String())
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("write to a closed reader: %v", err)
	}
	w.Close()
	cctx, cancel := context.WithTimeout(ctx, 1)
	defer cancel()
	if _, err := shm.OpenRingReader(cctx, newName(t)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("open of a missing ring: %v", err)
	}
	bad := newName(t)
	o, err := shm.Create(bad, 8192, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	cctx2, cancel2 := context.WithTimeout(ctx, 30*time.Second)
	defer cancel2()
	if _, err := shm.OpenRingReader(cctx2, bad); !errors.Is(err, shm.ErrRing) {
		t.Errorf("open of a non-ring: %v", err)
	}
	if err := shm.CreateRing(newName(t), 0, 0o600); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("capacity 0: %v", err)
	}
}

// TestRingTwoProcesses moves 64 MiB from a child process through a
// 1 MiB ring and compares checksums.
func TestRingTwoProcesses(t *testing.T) {
	size := int64(64 << 20)
	if testing.Short() {
		size = 4 << 20
	}
	ctx := testCtx(t)
	name := newName(t)
	// The child starts first and waits for the ring to appear.
	cmd := helperCmd(ctx, t, "ring-writer", name, strconv.FormatInt(size, 10))
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := shm.CreateRing(name, 1<<20, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := shm.OpenRingReader(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sum := sha256.New()
	n, err := r.WriteTo(sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("writer: %v: %s", err, out.String())
	}
	if n != size || strings.TrimSpace(out.String()) != fmt.Sprintf("%x", sum.Sum(nil)) {
		t.Errorf("got %d bytes with sum %x; writer says %s", n, sum.Sum(nil), out.String())
	}
}

// TestRingWriterDies checks that a reader notices a writer that exits
// without closing.
func TestRingWriterDies(t *testing.T) {
	ctx := testCtx(t)
	name := newRing(t, 4096)
	cmd := helperCmd(ctx, t, "ring-writer", name, "1000", "die")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r, err := shm.OpenRingReader(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	got, err := io.ReadAll(r)
	if !errors.Is(err, shm.ErrPeerGone) || !errors.Is(err, io.ErrUnexpectedEOF) || len(got) != 1000 {
		t.Errorf("ReadAll = %d bytes, %v", len(got), err)
	}
	<-done
	_ = os.Getpid
}
