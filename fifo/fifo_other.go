//go:build !linux

package fifo

import (
	"context"
	"errors"
	"io/fs"
	"os"
)

// Create makes a FIFO at path; on this system it always fails with an
// error wrapping [errors.ErrUnsupported].
func Create(path string, mode fs.FileMode) error {
	return &Error{Op: "mkfifo", Path: path, Err: errors.ErrUnsupported}
}

// Open opens the FIFO at path; on this system it always fails with an
// error wrapping [errors.ErrUnsupported].
func Open(ctx context.Context, path string, flag int) (*os.File, error) {
	return nil, &Error{Op: "open", Path: path, Err: errors.ErrUnsupported}
}
