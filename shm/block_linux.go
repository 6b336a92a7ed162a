package shm

import (
	"context"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// blocking runs call, a System V IPC system call that may sleep in the
// kernel, until it returns something other than EINTR, and makes it
// obey ctx.
//
// msgsnd, msgrcv, semop and semtimedop are never restarted after a signal
// handler runs (signal(7)), so cancellation works by interrupting the
// thread: when ctx can be cancelled, the call runs on a locked OS thread
// and a watcher goroutine sends that thread SIGURG (the signal the Go
// runtime itself uses for preemption, and always handles) until the call
// returns. The watcher is joined before blocking returns. When ctx cannot
// be cancelled (Done returns nil) the call runs directly, with no
// goroutine and no thread locking.
func blocking(ctx context.Context, call func() unix.Errno) error {
	done := ctx.Done()
	if done == nil {
		for {
			if e := call(); e != unix.EINTR {
				return errOrNil(e)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	pid, tid := unix.Getpid(), unix.Gettid()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-stop:
			return
		case <-done:
		}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			unix.Tgkill(pid, tid, unix.SIGURG)
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	defer func() {
		close(stop)
		wg.Wait()
	}()
	for {
		e := call()
		if e != unix.EINTR {
			return errOrNil(e)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

func errOrNil(e unix.Errno) error {
	if e == 0 {
		return nil
	}
	return e
}
