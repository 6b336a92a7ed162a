//go:build linux && amd64

package ledger

import "golang.org/x/sys/unix"

// semid64 is struct semid64_ds of x86-64, which pads the times.
type semid64 struct {
	Perm  unix.SysvIpcPerm
	Otime int64
	_     uint64
	Ctime int64
	_     uint64
	Nsems uint64
	_     [2]uint64
}
