//go:build linux

package coproc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// Interact connects a user to c: bytes read from term are sent to the
// child and the child's output (starting with what c has buffered) is
// written to out, until one of these happens:
//
//   - the escape byte is read from term: Interact returns nil; the bytes
//     typed before it are sent, those after it in the same read are
//     dropped. An escape of 0 means none;
//   - term reaches end of file: Interact returns nil, without closing c;
//   - the child's output ends: Interact returns [io.EOF];
//   - ctx is done: Interact returns an error wrapping ctx's error.
//
// If term is a terminal, it is put in raw mode for the duration (so that
// keys reach the child one by one, ^C included) and restored on return.
// Forwarding the user's window size is the caller's job: call
// [Coproc.CopySize] on SIGWINCH, from another goroutine if need be.
// Interact holds c's reading side for its whole duration.
func Interact(ctx context.Context, c *Coproc, term *os.File, out io.Writer, escape byte) (err error) {
	if c == nil || term == nil || out == nil {
		return &Error{Op: "interact", Err: errors.New("nil coprocess, terminal or output")}
	}
	tfd := -1
	if err := withFd(term, func(fd int) error { tfd = fd; return nil }); err != nil {
		return c.errorf("interact", err)
	}
	defer runtime.KeepAlive(term)
	if tio, err := unix.IoctlGetTermios(tfd, unix.TCGETS); err == nil {
		saved := *tio
		cfmakeraw(tio)
		if err := unix.IoctlSetTermios(tfd, unix.TCSETS, tio); err != nil {
			return c.errorf("interact", os.NewSyscallError("tcsetattr", err))
		}
		defer unix.IoctlSetTermios(tfd, unix.TCSETSW, &saved)
	}

	c.readMu.Lock()
	defer c.readMu.Unlock()
	stop := c.watch(ctx)
	defer c.finishRead()
	defer stop()

	const maxPending = 64 << 10 // stop reading term while this much is unsent
	var toChild []byte
	in := make([]byte, 4096)
	for {
		if p := c.pending(); len(p) > 0 {
			n, err := out.Write(p)
			c.consume(n)
			if err != nil {
				return c.errorf("interact", err)
			}
		}
		wfd := -1
		if len(toChild) > 0 {
			c.mu.Lock()
			if c.wfile == nil {
				toChild = nil // the input was closed: nowhere to send
			} else {
				wfd = int(c.wfile.Fd())
			}
			c.mu.Unlock()
		}
		pollTerm := tfd
		if len(toChild) >= maxPending {
			pollTerm = -1
		}
		termReady, writeReady, err := c.readOnce(ctx, pollTerm, wfd)
		if err == io.EOF {
			if p := c.pending(); len(p) > 0 {
				n, werr := out.Write(p)
				c.consume(n)
				if werr != nil {
					return c.errorf("interact", werr)
				}
			}
			return io.EOF
		}
		if err != nil {
			return c.readError("interact", ctx, err)
		}
		if writeReady && len(toChild) > 0 {
			if err := c.sendSome(&toChild); err != nil {
				return err
			}
		}
		if termReady {
			n, err := unix.Read(tfd, in)
			if err == unix.EINTR || err == unix.EAGAIN {
				continue
			}
			if err != nil {
				return c.errorf("interact", os.NewSyscallError("read", err))
			}
			end := n == 0
			if escape != 0 {
				if i := bytes.IndexByte(in[:n], escape); i >= 0 {
					n, end = i, true
				}
			}
			toChild = append(toChild, in[:n]...)
			if end {
				// Send what was typed before the end, as a blocking write.
				if len(toChild) > 0 {
					if _, err := c.Write(toChild); err != nil && !errors.Is(err, os.ErrClosed) {
						return &Error{Op: "interact", Subject: c.subject, Err: errors.Unwrap(err)}
					}
				}
				return nil
			}
		}
	}
}

// sendSome writes a small chunk of *p to the child, one that fits in the
// room poll reported, and removes it from *p.
func (c *Coproc) sendSome(p *[]byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	f := c.wfile
	c.mu.Unlock()
	if f == nil {
		*p = nil
		return nil
	}
	chunk := *p
	if len(chunk) > 256 {
		chunk = chunk[:256]
	}
	n, err := f.Write(chunk)
	*p = (*p)[n:]
	if err != nil {
		if errors.Is(err, unix.EIO) || errors.Is(err, unix.EPIPE) {
			*p = nil // the child is gone; its output will end
			return nil
		}
		return c.errorf("interact", err)
	}
	return nil
}

// cfmakeraw sets tio as cfmakeraw(3) does.
func cfmakeraw(tio *unix.Termios) {
	tio.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP |
		unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	tio.Oflag &^= unix.OPOST
	tio.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	tio.Cflag &^= unix.CSIZE | unix.PARENB
	tio.Cflag |= unix.CS8
	tio.Cc[unix.VMIN] = 1
	tio.Cc[unix.VTIME] = 0
}
