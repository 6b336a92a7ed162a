//go:build linux && amd64

package shm

import "golang.org/x/sys/unix"

// Kernel structures for x86-64 (include/uapi/asm-generic/msgbuf.h and
// arch/x86/include/uapi/asm/sembuf.h).

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
	_     uint64
	Ctime int64
	_     uint64
	Nsems uint64
	_     uint64
	_     uint64
}
