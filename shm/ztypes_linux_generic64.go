//go:build linux && (arm64 || riscv64 || loong64)

package shm

import "golang.org/x/sys/unix"

// Kernel structures for 64-bit architectures that use
// include/uapi/asm-generic/msgbuf.h and sembuf.h.

type msqidDS struct {
	Perm   unix.SysvIpcPerm
	Stime  int64
	Rtime  int64
	Ctime  int64
	Cbytes uint64
	Qnum   uint64
	Qbytes uint64
	Lspid  int32
	Lrpid  int32
	_      uint64
	_      uint64
}

type semidDS struct {
	Perm  unix.SysvIpcPerm
	Otime int64
	Ctime int64
	Nsems uint64
	_     uint64
	_     uint64
}
