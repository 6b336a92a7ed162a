//go:build linux && (amd64 || arm64 || riscv64 || loong64)

package ledger

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// msqid64 is struct msqid64_ds of these 64-bit architectures.
type msqid64 struct {
	Perm                 unix.SysvIpcPerm
	Stime, Rtime, Ctime  int64
	Cbytes, Qnum, Qbytes uint64
	Lspid, Lrpid         int32
	_                    [2]uint64
}

func msgStat(id int) (sysvInfo, error) {
	var d msqid64
	if _, _, errno := unix.Syscall(unix.SYS_MSGCTL, uintptr(id), unix.IPC_STAT, uintptr(unsafe.Pointer(&d))); errno != 0 {
		return sysvInfo{}, errno
	}
	info := permInfo(&d.Perm)
	info.ctime, info.size, info.count = d.Ctime, int64(d.Cbytes), int64(d.Qnum)
	return info, nil
}

func msgRemove(id int) error {
	if _, _, errno := unix.Syscall(unix.SYS_MSGCTL, uintptr(id), unix.IPC_RMID, 0); errno != 0 {
		return errno
	}
	return nil
}

func semStat(id int) (sysvInfo, error) {
	var d semid64
	if _, _, errno := unix.Syscall6(unix.SYS_SEMCTL, uintptr(id), 0, unix.IPC_STAT, uintptr(unsafe.Pointer(&d)), 0, 0); errno != 0 {
		return sysvInfo{}, errno
	}
	info := permInfo(&d.Perm)
	info.ctime, info.count = d.Ctime, int64(d.Nsems)
	return info, nil
}

func semRemove(id int) error {
	if _, _, errno := unix.Syscall6(unix.SYS_SEMCTL, uintptr(id), 0, unix.IPC_RMID, 0, 0, 0); errno != 0 {
		return errno
	}
	return nil
}
