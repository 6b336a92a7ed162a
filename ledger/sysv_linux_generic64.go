//go:build linux && (arm64 || riscv64 || loong64)

package ledger

import "golang.org/x/sys/unix"

// semid64 is struct semid64_ds of asm-generic for 64-bit architectures.
type semid64 struct {
	Perm  unix.SysvIpcPerm
	Otime int64
	Ctime int64
	Nsems uint64
	_     [2]uint64
}
