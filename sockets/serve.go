package sockets

import (
	"context"
	"errors"
	"os"
	"sync"
	"syscall"
	"time"
)

// ServeOptions tunes [Serve]. The zero value serves any number of
// connections, all at once, until the context is cancelled.
type ServeOptions struct {
	// MaxConn is the most handlers that run at once. Zero means no limit.
	// While MaxConn handlers run, Serve stops accepting: further
	// connections wait in the listener's backlog and are not refused.
	MaxConn int
	// Count stops Serve after it has accepted Count connections and their
	// handlers have returned. Zero means no limit.
	Count int
	// HandlerContext is the context handlers receive. Nil means a context
	// with ctx's values that is never cancelled, so that cancelling Serve's
	// ctx stops accepting but lets running handlers finish; set it to stop
	// them as well.
	HandlerContext context.Context
	// OnError, if not nil, is called with each error a handler returns and
	// the peer's address. It may be called from several goroutines at
	// once. Nil means handler errors are dropped.
	OnError func(peer Addr, err error)
}

// Serve accepts connections on ln, inetd style, and runs handler for each
// in its own goroutine, with the connection as a blocking-mode [*os.File]
// named after the peer. Serve closes the connection when handler returns;
// handler may close it earlier (to pass it to a child process and drop its
// own copy, for example).
//
// Serve stops accepting when ctx is done or opts.Count connections have
// been accepted, then waits for every running handler before it returns:
// it leaves no goroutine behind. It returns nil after Count connections, the
// context's error (see [ErrTimeout]) after cancellation, or the [*Error]
// from [Accept] when accepting fails for good. Transient accept failures
// (out of fds or memory) are retried after a short pause.
func Serve(ctx context.Context, ln syscall.Conn, opts ServeOptions, handler func(ctx context.Context, conn *os.File) error) error {
	if handler == nil {
		return &Error{Op: "serve", Subject: subject(ln), Err: errors.New("nil handler")}
	}
	if opts.MaxConn < 0 || opts.Count < 0 {
		return &Error{Op: "serve", Subject: subject(ln), Err: errors.New("negative MaxConn or Count")}
	}
	hctx := opts.HandlerContext
	if hctx == nil {
		hctx = context.WithoutCancel(ctx)
	}
	var sem chan struct{}
	if opts.MaxConn > 0 {
		sem = make(chan struct{}, opts.MaxConn)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	pause := 5 * time.Millisecond
	for accepted := 0; opts.Count == 0 || accepted < opts.Count; {
		if sem != nil {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return ctxErr(ctx.Err())
			}
		}
		conn, peer, err := Accept(ctx, ln)
		if err != nil {
			if sem != nil {
				<-sem
			}
			if ctx.Err() != nil {
				return ctxErr(ctx.Err())
			}
			if temporary(err) {
				t := time.NewTimer(pause)
				select {
				case <-t.C:
				case <-ctx.Done():
					t.Stop()
					return ctxErr(ctx.Err())
				}
				pause = min(2*pause, time.Second)
				continue
			}
			return err
		}
		pause = 5 * time.Millisecond
		accepted++
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if sem != nil {
					<-sem
				}
			}()
			defer conn.Close()
			if err := handler(hctx, conn); err != nil && opts.OnError != nil {
				opts.OnError(peer, err)
			}
		}()
	}
	return nil
}

// temporary reports whether an accept error may go away by itself.
func temporary(err error) bool {
	for _, e := range []syscall.Errno{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
