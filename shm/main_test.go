package shm_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/shm"
)

const helperEnv = "SHM_TEST_HELPER"

// namePrefix marks the POSIX objects this test binary creates.
var namePrefix = fmt.Sprintf("/ipsh-shmtest-%d-", os.Getpid())

var nameSeq atomic.Int64

// tracked records the System V ids the tests create, to check at the end
// that none is left. Test-only bookkeeping.
var tracked struct {
	sync.Mutex
	ids map[string]bool // "shm 3", "msg 5", "sem 7"
}

func track(kind string, id int) {
	tracked.Lock()
	defer tracked.Unlock()
	if tracked.ids == nil {
		tracked.ids = map[string]bool{}
	}
	tracked.ids[kind+" "+strconv.Itoa(id)] = true
}

func TestMain(m *testing.M) {
	if h := os.Getenv(helperEnv); h != "" {
		os.Exit(runHelper(h, os.Args[1:]))
	}
	before := snapshot()
	code := m.Run()
	after := snapshot()
	var left []string
	tracked.Lock()
	for k := range after {
		if before[k] {
			continue
		}
		if tracked.ids[k] || strings.HasPrefix(k, "posix "+namePrefix) {
			left = append(left, k)
		}
	}
	tracked.Unlock()
	if len(left) > 0 {
		sort.Strings(left)
		fmt.Fprintf(os.Stderr, "FAIL: tests left IPC objects behind: %v\n", left)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// snapshot lists the System V ids and /dev/shm names that exist now.
func snapshot() map[string]bool {
	set := map[string]bool{}
	segs, err := shm.Segments()
	must(err)
	for _, s := range segs {
		set["shm "+strconv.Itoa(int(s.ID))] = true
	}
	qs, err := shm.Queues()
	must(err)
	for _, q := range qs {
		set["msg "+strconv.Itoa(int(q.ID))] = true
	}
	ss, err := shm.SemSets()
	must(err)
	for _, s := range ss {
		set["sem "+strconv.Itoa(int(s.ID))] = true
	}
	objs, err := os.ReadDir(shm.Dir)
	must(err)
	for _, o := range objs {
		set["posix /"+o.Name()] = true
	}
	return set
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// newName returns a fresh POSIX IPC name and removes whatever has it at
// the end of the test.
func newName(t testing.TB) string {
	name := namePrefix + strconv.FormatInt(nameSeq.Add(1), 10)
	t.Cleanup(func() {
		os.Remove(shm.Dir + name)
		shm.RemoveMQ(name)
	})
	return name
}

func newQueue(t testing.TB, key shm.Key, mode os.FileMode) shm.Queue {
	q, err := shm.CreateQueue(key, mode)
	if err != nil {
		t.Fatal(err)
	}
	track("msg", int(q))
	t.Cleanup(func() { q.Remove() })
	return q
}

func newSemSet(t testing.TB, n int, mode os.FileMode) shm.SemSet {
	s, err := shm.CreateSemSet(shm.Private, n, mode)
	if err != nil {
		t.Fatal(err)
	}
	track("sem", int(s))
	t.Cleanup(func() { s.Remove() })
	return s
}

func newSegment(t testing.TB, key shm.Key, size int, mode os.FileMode) shm.Segment {
	s, err := shm.CreateSegment(key, size, mode)
	if err != nil {
		t.Fatal(err)
	}
	track("shm", int(s))
	t.Cleanup(func() { s.Remove() })
	return s
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// helperCmd re-executes the test binary as helper h.
func helperCmd(ctx context.Context, t testing.TB, h string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), helperEnv+"="+h)
	cmd.Stderr = os.Stderr
	return cmd
}

// nobodyBinary copies the test binary where user nobody can run it.
func nobodyBinary(t *testing.T) string {
	if os.Geteuid() != 0 {
		t.Skip("needs root to switch to nobody")
	}
	dir := t.TempDir()
	for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		if strings.HasPrefix(d, os.TempDir()) {
			os.Chmod(d, 0o755)
		}
	}
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "shm.test")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// runAsNobody runs helper h as uid/gid 65534 and returns its output.
func runAsNobody(t *testing.T, h string, args ...string) string {
	bin := nobodyBinary(t)
	cmd := exec.CommandContext(testCtx(t), bin, args...)
	cmd.Env = append(os.Environ(), helperEnv+"="+h)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper %s as nobody: %v\n%s", h, err, out)
	}
	return string(out)
}

func runHelper(h string, args []string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	switch h {
	case "perm":
		// perm POSIXNAME QUEUE SEGMENT SEMSET: try each, print one line each.
		q, _ := strconv.Atoi(args[1])
		seg, _ := strconv.Atoi(args[2])
		sem, _ := strconv.Atoi(args[3])
		_, err := shm.Open(args[0], os.O_RDONLY)
		fmt.Println(err)
		_, err = shm.Queue(q).Recv(ctx, shm.RecvOptions{NoWait: true})
		fmt.Println(err)
		_, err = shm.Segment(seg).Attach(true)
		fmt.Println(err)
		_, err = shm.SemSet(sem).GetVal(0)
		fmt.Println(err)
		return 0
	case "sem-undo":
		// sem-undo SEMSET: add 5 with SEM_UNDO, report, wait for stdin EOF.
		id, _ := strconv.Atoi(args[0])
		if err := shm.SemSet(id).Op(ctx, []shm.SemOp{{Num: 0, Op: 5, Flags: shm.SemUndo}}, 0); err != nil {
			fmt.Println(err)
			return 1
		}
		fmt.Println("done")
		io.Copy(io.Discard, os.Stdin)
		return 0
	case "ring-writer":
		// ring-writer NAME BYTES [die]: write BYTES of pattern, print the checksum.
		n, _ := strconv.ParseInt(args[1], 10, 64)
		w, err := shm.OpenRingWriter(ctx, args[0])
		if err != nil {
			fmt.Println(err)
			return 1
		}
		sum := newChecksum()
		buf := make([]byte, 100_003) // odd size: writes straddle the wrap point
		var off int64
		for off < n {
			k := min(int64(len(buf)), n-off)
			fillPattern(buf[:k], off)
			sum.Write(buf[:k])
			if _, err := w.Write(buf[:k]); err != nil {
				fmt.Println(err)
				return 1
			}
			off += k
		}
		if len(args) > 2 && args[2] == "die" {
			os.Exit(3) // exit without Close
		}
		if err := w.Close(); err != nil {
			fmt.Println(err)
			return 1
		}
		fmt.Printf("%x\n", sum.Sum(nil))
		return 0
	case "ring-reader":
		// ring-reader NAME: read to EOF in 64 KiB reads, print the byte count.
		r, err := shm.OpenRingReader(ctx, args[0])
		if err != nil {
			fmt.Println(err)
			return 1
		}
		fmt.Println("ready")
		buf := make([]byte, 64<<10)
		var total int64
		for {
			n, err := r.Read(buf)
			total += int64(n)
			if err == io.EOF {
				break
			}
			if err != nil {
				fmt.Println(err)
				return 1
			}
		}
		r.Close()
		fmt.Println(total)
		return 0
	case "pipe-reader":
		// pipe-reader: read fd 3 to EOF in 64 KiB reads.
		f := os.NewFile(3, "pipe")
		fmt.Println("ready")
		buf := make([]byte, 64<<10)
		var total int64
		for {
			n, err := f.Read(buf)
			total += int64(n)
			if err != nil {
				break
			}
		}
		fmt.Println(total)
		return 0
	case "pong":
		// pong QUEUE: answer each type-1 message with a type-2 one until
		// a message "q".
		id, _ := strconv.Atoi(args[0])
		q := shm.Queue(id)
		fmt.Println("ready")
		for {
			m, err := q.Recv(context.Background(), shm.RecvOptions{Type: 1, MaxSize: 16})
			if err != nil {
				fmt.Println(err)
				return 1
			}
			if bytes.Equal(m.Data, []byte("q")) {
				return 0
			}
			if err := q.Send(context.Background(), 2, m.Data, false); err != nil {
				fmt.Println(err)
				return 1
			}
		}
	}
	fmt.Fprintln(os.Stderr, "unknown helper", h)
	return 2
}

// fillPattern fills b with a position-dependent pattern starting at
// stream offset off.
func fillPattern(b []byte, off int64) {
	for i := range b {
		x := uint64(off + int64(i))
		b[i] = byte(x*2654435761>>13) ^ byte(x>>8)
	}
}
