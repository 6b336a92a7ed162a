package shm

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// Key is a System V IPC key, as returned by [Ftok]. [Private] (0) asks
// for a new object that no key can find (IPC_PRIVATE).
type Key int32

// Private is IPC_PRIVATE: create an object without a key.
const Private Key = 0

// String formats k as util-linux's ipcs does: 0x%08x.
func (k Key) String() string { return fmt.Sprintf("0x%08x", uint32(k)) }

func keySubject(k Key) string {
	if k == Private {
		return "key private"
	}
	return "key " + k.String()
}

// Ftok turns an existing path and a project byte into a key exactly as
// glibc's ftok(3) does: (st_ino & 0xffff) | ((st_dev & 0xff) << 16) |
// (proj << 24). It follows symbolic links like stat(2). proj 0 is
// accepted, as glibc accepts it, though ftok(3) says it is unspecified.
func Ftok(path string, proj byte) (Key, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return 0, &Error{Op: "ftok", Subject: path, Err: err}
	}
	return Key(uint32(st.Ino&0xffff) | uint32(st.Dev&0xff)<<16 | uint32(proj)<<24), nil
}

// Perm is the ownership and permissions of a System V object
// (struct ipc_perm).
type Perm struct {
	Key  Key
	UID  uint32 // owner
	GID  uint32
	CUID uint32 // creator
	CGID uint32
	// Mode holds the 9 permission bits plus the kernel's status flags:
	// for shared segments 01000 (SHM_DEST, removed but still attached)
	// and 02000 (SHM_LOCKED). See [Perm.Perm].
	Mode uint32
	Seq  uint16 // slot usage sequence number (0 when listed from /proc)
}

// Perm returns the 9 permission bits of p.Mode as an [os.FileMode].
func (p Perm) Perm() os.FileMode { return os.FileMode(p.Mode & 0o777) }

// Status flags in [Perm.Mode] of shared memory segments.
const (
	SegmentDest   = 0o1000 // SHM_DEST: marked for removal, destroyed at the last detach
	SegmentLocked = 0o2000 // SHM_LOCKED: locked in memory (SHM_LOCK)
)

func permFrom(p *unix.SysvIpcPerm) Perm {
	return Perm{Key: Key(p.Key), UID: p.Uid, GID: p.Gid, CUID: p.Cuid, CGID: p.Cgid, Mode: p.Mode, Seq: p.Seq}
}

// unixTime turns a kernel time in seconds into a time.Time; 0 ("not
// set") becomes the zero time.
func unixTime(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0)
}

func modeFlags(mode os.FileMode) int {
	return int(mode.Perm())
}
