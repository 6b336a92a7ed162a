//go:build !linux

package ledger

import (
	"errors"
	"os"
)

const oNoFollow = 0

// RuntimeDir returns the directory for ledger files; on this system it
// always fails with an error wrapping [errors.ErrUnsupported].
func RuntimeDir() (string, error) {
	return "", &Error{Op: "find", Subject: "runtime directory", Err: errors.ErrUnsupported}
}

func checkDir(dir string) error {
	return &Error{Op: "check", Subject: dir, Err: errors.ErrUnsupported}
}
func checkOwnFile(f *os.File) error      { return errors.ErrUnsupported }
func procStart(pid int) (uint64, error)  { return 0, errors.ErrUnsupported }
func running(pid int, start uint64) bool { return true }
func identify(o *Object) error           { return errors.ErrUnsupported }
func inspect(o Object) (State, error)    { return State{}, errors.ErrUnsupported }
func remove(o Object) (bool, error)      { return false, errors.ErrUnsupported }
