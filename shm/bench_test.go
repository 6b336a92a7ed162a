package shm_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/shm"
)

// Run them all in one go, 4 GiB per transfer benchmark:
//
//	go test ./shm -run '^$' -bench . -benchtime 65536x
//
// (65536 iterations of 64 KiB = 4 GiB; the message benchmark then makes
// 65536 round trips.)

const benchBlock = 64 << 10

// startReader starts helper h and waits for its "ready" line.
func startReader(b *testing.B, cmd *exec.Cmd) *bufio.Reader {
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	br := bufio.NewReader(out)
	if line, err := br.ReadString('\n'); err != nil || line != "ready\n" {
		b.Fatalf("helper said %q, %v", line, err)
	}
	return br
}

// finishReader checks the byte count the helper reports and waits for it.
func finishReader(b *testing.B, cmd *exec.Cmd, br *bufio.Reader, want int64) {
	line, _ := br.ReadString('\n')
	if err := cmd.Wait(); err != nil {
		b.Fatalf("reader: %v (%q)", err, line)
	}
	if got, _ := strconv.ParseInt(strings.TrimSpace(line), 10, 64); got != want {
		b.Fatalf("reader got %q bytes, want %d", line, want)
	}
}

// BenchmarkRingTwoProcesses writes 64 KiB blocks into a 1 MiB shm ring
// read by another process in 64 KiB reads.
func BenchmarkRingTwoProcesses(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	name := newName(b)
	if err := shm.CreateRing(name, 1<<20, 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := helperCmd(ctx, b, "ring-reader", name)
	br := startReader(b, cmd)
	w, err := shm.OpenRingWriter(ctx, name)
	if err != nil {
		b.Fatal(err)
	}
	shm.Remove(name)
	buf := make([]byte, benchBlock)
	fillPattern(buf, 0)
	b.SetBytes(benchBlock)
	b.ResetTimer()
	for range b.N {
		if _, err := w.Write(buf); err != nil {
			b.Fatal(err)
		}
	}
	w.Close()
	finishReader(b, cmd, br, int64(b.N)*benchBlock)
}

// BenchmarkPipeTwoProcesses does the same through an os.Pipe.
func BenchmarkPipeTwoProcesses(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	pr, pw, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	defer pw.Close()
	cmd := helperCmd(ctx, b, "pipe-reader")
	cmd.ExtraFiles = []*os.File{pr}
	br := startReader(b, cmd)
	pr.Close()
	buf := make([]byte, benchBlock)
	fillPattern(buf, 0)
	b.SetBytes(benchBlock)
	b.ResetTimer()
	for range b.N {
		if _, err := pw.Write(buf); err != nil {
			b.Fatal(err)
		}
	}
	pw.Close()
	finishReader(b, cmd, br, int64(b.N)*benchBlock)
}

// BenchmarkMemcpy is the ceiling: copy() of 64 KiB blocks, once with the
// same block (cache-hot) and once cycling through 1 MiB as the ring does.
func BenchmarkMemcpy(b *testing.B) {
	for _, c := range []struct {
		name string
		span int
	}{{"hot64K", benchBlock}, {"ring1M", 1 << 20}} {
		b.Run(c.name, func(b *testing.B) {
			src := make([]byte, benchBlock)
			fillPattern(src, 0)
			dst := make([]byte, c.span)
			b.SetBytes(benchBlock)
			off := 0
			for range b.N {
				copy(dst[off:off+benchBlock], src)
				off = (off + benchBlock) % c.span
			}
		})
	}
}

// BenchmarkMsgRoundTrip measures SysV message round trips between two
// processes: 1-byte messages of type 1 out, type 2 back.
func BenchmarkMsgRoundTrip(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	q := newQueue(b, shm.Private, 0o600)
	cmd := helperCmd(ctx, b, "pong", strconv.Itoa(int(q)))
	br := startReader(b, cmd)
	bg := context.Background() // cannot be cancelled: the direct path
	msg := []byte{'x'}
	opts := shm.RecvOptions{Type: 2, MaxSize: 16}
	b.ResetTimer()
	for range b.N {
		if err := q.Send(bg, 1, msg, false); err != nil {
			b.Fatal(err)
		}
		if _, err := q.Recv(bg, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	q.Send(bg, 1, []byte("q"), false)
	if err := cmd.Wait(); err != nil {
		line, _ := br.ReadString('\n')
		b.Fatalf("pong: %v %s", err, line)
	}
}
