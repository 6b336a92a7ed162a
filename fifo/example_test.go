package fifo_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ipsh/ipsh/fifo"
)

// Two sides meet at a FIFO: the writer's Open waits for the reader and the
// reader's Open waits for the writer, both bounded by the context.
func Example() {
	dir, err := os.MkdirTemp("", "fifo-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "pipe")
	if err := fifo.Create(path, 0); err != nil {
		fmt.Println(err)
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		w, err := fifo.Open(ctx, path, os.O_WRONLY)
		if err != nil {
			done <- err
			return
		}
		_, err = io.WriteString(w, "hello through a fifo\n")
		done <- errors.Join(err, w.Close())
	}()

	r, err := fifo.Open(ctx, path, os.O_RDONLY)
	if err != nil {
		fmt.Println(err)
		return
	}
	data, err := io.ReadAll(r)
	r.Close()
	fmt.Print(string(data))
	fmt.Println(err, <-done)
	// Output:
	// hello through a fifo
	// <nil> <nil>
}

// An Open with no peer ends when its context does.
func ExampleOpen_timeout() {
	dir, err := os.MkdirTemp("", "fifo-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "nobody-reads")
	if err := fifo.Create(path, 0o600); err != nil {
		fmt.Println(err)
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = fifo.Open(ctx, path, os.O_WRONLY)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output: true
}

// Create never replaces a path, and says whether what is there is a FIFO.
func ExampleCreate() {
	dir, err := os.MkdirTemp("", "fifo-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	pipe := filepath.Join(dir, "pipe")
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)

	fmt.Println(fifo.Create(pipe, 0o640))
	for _, p := range []string{pipe, file} {
		err := fifo.Create(p, 0)
		fmt.Println(errors.Is(err, fs.ErrExist), errors.Is(err, fifo.ErrNotFIFO))
	}
	fi, _ := os.Stat(pipe)
	fmt.Println(fi.Mode())
	// Output:
	// <nil>
	// true false
	// true true
	// prw-r-----
}
