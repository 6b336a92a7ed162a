package shm_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ipsh/ipsh/shm"
)

// A message queue delivers messages by type: a receiver asking for type
// 2 skips the type 1 message before it.
func ExampleQueue_Recv() {
	ctx := context.Background()
	q, err := shm.CreateQueue(shm.Private, 0o600)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer q.Remove()
	q.Send(ctx, 1, []byte("for worker one"), false)
	q.Send(ctx, 2, []byte("for worker two"), false)

	m, _ := q.Recv(ctx, shm.RecvOptions{Type: 2})
	fmt.Printf("type %d: %s\n", m.Type, m.Data)
	m, _ = q.Recv(ctx, shm.RecvOptions{})
	fmt.Printf("type %d: %s\n", m.Type, m.Data)
	_, err = q.Recv(ctx, shm.RecvOptions{NoWait: true})
	fmt.Println(strings.Contains(err.Error(), "no message"))
	// Output:
	// type 2: for worker two
	// type 1: for worker one
	// true
}

// Semaphore operations on several semaphores happen atomically, or not
// at all.
func ExampleSemSet_Op() {
	ctx := context.Background()
	s, err := shm.CreateSemSet(shm.Private, 2, 0o600)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Remove()
	s.SetVal(0, 1)

	// Take semaphore 0 and give semaphore 1, in one step.
	err = s.Op(ctx, []shm.SemOp{{Num: 0, Op: -1}, {Num: 1, Op: +1}}, 0)
	vals, _ := s.GetAll()
	fmt.Println(err, vals)

	// Semaphore 0 is now 0: a non-blocking take fails and changes nothing.
	err = s.Op(ctx, []shm.SemOp{{Num: 0, Op: -1, Flags: shm.SemNoWait}, {Num: 1, Op: +1}}, 0)
	vals, _ = s.GetAll()
	fmt.Println(err != nil, vals)
	// Output:
	// <nil> [0 1]
	// true [0 1]
}

// A POSIX shared memory object written through one descriptor and read
// through a mapping of another.
func ExampleCreate() {
	name := fmt.Sprintf("/shm-example-%d", os.Getpid())
	o, err := shm.Create(name, 4096, 0o600)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer shm.Remove(name)
	defer o.Close()
	o.WriteAt([]byte("hello, shared world"), 0)

	r, _ := shm.Open(name, os.O_RDONLY)
	defer r.Close()
	m, _ := r.Map(0, 0, false)
	defer m.Unmap()
	fmt.Println(string(m.Bytes()[:19]), m.Len())
	// Output: hello, shared world 4096
}

// A ring buffer carries a byte stream; here both ends live in one
// process, but usually they are two processes that agree on the name.
func ExampleCreateRing() {
	ctx := context.Background()
	name := fmt.Sprintf("/ring-example-%d", os.Getpid())
	if err := shm.CreateRing(name, 64<<10, 0o600); err != nil {
		fmt.Println(err)
		return
	}
	w, _ := shm.OpenRingWriter(ctx, name)
	r, _ := shm.OpenRingReader(ctx, name)
	shm.Remove(name) // both ends are attached: the name is no longer needed

	go func() {
		io.WriteString(w, "through shared memory\n")
		w.Close() // the reader sees io.EOF after the data
	}()
	io.Copy(os.Stdout, r)
	r.Close()
	// Output: through shared memory
}

func ExampleFtok() {
	k1, _ := shm.Ftok("/", 'a')
	k2, _ := shm.Ftok("/", 'b')
	fmt.Println(k2-k1 == 1<<24)
	// Output: true
}
