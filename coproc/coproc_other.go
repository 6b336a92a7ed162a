//go:build !linux

package coproc

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"regexp"
)

// Coproc is a running coprocess; on this system none can be started.
type Coproc struct{}

// Start fails on this system with an error wrapping [errors.ErrUnsupported].
func Start(ctx context.Context, cmd *exec.Cmd, opts Options) (*Coproc, error) {
	return nil, &Error{Op: "start", Err: errors.ErrUnsupported}
}

func unsupported(op string) error { return &Error{Op: op, Err: errors.ErrUnsupported} }

// Pid returns 0 on this system.
func (c *Coproc) Pid() int { return 0 }

// Transport returns [PTY] on this system.
func (c *Coproc) Transport() Transport { return PTY }

// ReadFile returns nil on this system.
func (c *Coproc) ReadFile() *os.File { return nil }

// WriteFile returns nil on this system.
func (c *Coproc) WriteFile() *os.File { return nil }

// Buffered returns 0 on this system.
func (c *Coproc) Buffered() int { return 0 }

// Write fails on this system.
func (c *Coproc) Write(p []byte) (int, error) { return 0, unsupported("send") }

// Send fails on this system.
func (c *Coproc) Send(p []byte) error { return unsupported("send") }

// SendString fails on this system.
func (c *Coproc) SendString(s string) error { return unsupported("send") }

// Close fails on this system.
func (c *Coproc) Close() error { return unsupported("close") }

// CloseRead fails on this system.
func (c *Coproc) CloseRead() error { return unsupported("close") }

// Expect fails on this system.
func (c *Coproc) Expect(ctx context.Context, patterns ...*regexp.Regexp) (Match, error) {
	return Match{Index: -1}, unsupported("expect")
}

// Read fails on this system.
func (c *Coproc) Read(p []byte) (int, error) { return 0, unsupported("read") }

// ReadContext fails on this system.
func (c *Coproc) ReadContext(ctx context.Context, p []byte) (int, error) {
	return 0, unsupported("read")
}

// Signal fails on this system.
func (c *Coproc) Signal(sig os.Signal) error { return unsupported("signal") }

// Resize fails on this system.
func (c *Coproc) Resize(rows, cols uint16) error { return unsupported("resize") }

// Size fails on this system.
func (c *Coproc) Size() (Winsize, error) { return Winsize{}, unsupported("size") }

// CopySize fails on this system.
func (c *Coproc) CopySize(from *os.File) error { return unsupported("resize") }

// Wait fails on this system.
func (c *Coproc) Wait() (*os.ProcessState, error) { return nil, unsupported("wait") }

// Interact fails on this system.
func Interact(ctx context.Context, c *Coproc, term *os.File, out io.Writer, escape byte) error {
	return unsupported("interact")
}

// Open fails on this system with an error wrapping [errors.ErrUnsupported].
func Open(name string, opts Options) (*Coproc, *os.File, *os.File, error) {
	return nil, nil, nil, &Error{Op: "open", Subject: name, Err: errors.ErrUnsupported}
}

// ErrNoProcess is matched by the errors of [Coproc.Wait] and
// [Coproc.Signal] on a coprocess made by [Open].
var ErrNoProcess = errors.New("no process")
