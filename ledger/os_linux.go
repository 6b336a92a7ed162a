//go:build linux

package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

const oNoFollow = unix.O_NOFOLLOW

// shmDir is where Linux keeps POSIX shared memory objects.
const shmDir = "/dev/shm"

// RuntimeDir returns the directory for ledger files: $XDG_RUNTIME_DIR,
// else /run/user/UID, else os.TempDir()/ipsh-UID, which it creates with
// mode 0700 when missing. A candidate is taken only if it is a directory
// (not a symbolic link) owned by the effective user and not writable by
// group or others; the last one must pass or RuntimeDir fails.
func RuntimeDir() (string, error) {
	if d := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(d) && checkDir(d) == nil {
		return d, nil
	}
	uid := strconv.Itoa(os.Geteuid())
	if d := "/run/user/" + uid; checkDir(d) == nil {
		return d, nil
	}
	d := filepath.Join(os.TempDir(), "ipsh-"+uid)
	if err := os.Mkdir(d, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", &Error{Op: "create", Subject: d, Err: err}
	}
	if err := checkDir(d); err != nil {
		return "", err
	}
	return d, nil
}

// checkDir checks that dir is a directory, not a symbolic link, owned by
// the effective user and not writable by anyone else.
func checkDir(dir string) error {
	var st unix.Stat_t
	err := unix.Lstat(dir, &st)
	switch {
	case err != nil:
	case st.Mode&unix.S_IFMT == unix.S_IFLNK:
		err = errors.New("is a symbolic link")
	case st.Mode&unix.S_IFMT != unix.S_IFDIR:
		err = unix.ENOTDIR
	case int(st.Uid) != os.Geteuid():
		err = fmt.Errorf("owned by uid %d, not %d", st.Uid, os.Geteuid())
	case st.Mode&0o022 != 0:
		err = fmt.Errorf("mode %#o: writable by group or others", st.Mode&0o7777)
	}
	if err != nil {
		return &Error{Op: "check", Subject: dir, Err: err}
	}
	return nil
}

// checkOwnFile checks that f is a regular file owned by the effective user.
func checkOwnFile(f *os.File) error {
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return errors.New("not a regular file")
	}
	if int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("owned by uid %d, not %d", st.Uid, os.Geteuid())
	}
	return nil
}

// procStart returns the start time of process pid in clock ticks after
// boot: field 22 of /proc/PID/stat.
func procStart(pid int) (uint64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 20 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	return strconv.ParseUint(f[19], 10, 64)
}

// running reports whether process pid runs and, when start is not 0, is
// the process that started at that time (and not a later one that was
// given the same pid). When it cannot tell, it says yes.
func running(pid int, start uint64) bool {
	if pid <= 0 {
		return false
	}
	if err := unix.Kill(pid, 0); err == unix.ESRCH {
		return false
	}
	if start == 0 {
		return true
	}
	now, err := procStart(pid)
	if errors.Is(err, fs.ErrNotExist) {
		_, perr := os.Stat("/proc/self/stat")
		return perr != nil // no /proc at all: cannot tell
	}
	return err != nil || now == start
}

// wantType is the file type an object of kind k must have.
func wantType(k Kind) uint32 {
	switch k {
	case FIFO:
		return unix.S_IFIFO
	case Socket:
		return unix.S_IFSOCK
	case TempDir:
		return unix.S_IFDIR
	}
	return unix.S_IFREG
}

// typeName names the type bits of a mode_t for messages.
func typeName(m uint32) string {
	switch m & unix.S_IFMT {
	case unix.S_IFREG:
		return "regular file"
	case unix.S_IFDIR:
		return "directory"
	case unix.S_IFLNK:
		return "symbolic link"
	case unix.S_IFSOCK:
		return "socket"
	case unix.S_IFIFO:
		return "fifo"
	case unix.S_IFCHR:
		return "character device"
	case unix.S_IFBLK:
		return "block device"
	}
	return "unknown file type"
}

// fileMode converts a mode_t to a [fs.FileMode].
func fileMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	}
	if m&unix.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&unix.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&unix.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}

// path returns the file of an object named by a path or a POSIX shm name.
func path(o Object) string {
	if o.Kind == POSIXShm {
		return shmDir + o.Name
	}
	return o.Name
}

// gone reports whether err says that an object does not exist (any more).
func gone(err error) bool {
	return err == unix.ENOENT || err == unix.EINVAL || err == unix.EIDRM
}

// identify checks that o exists and is of its kind, and notes its identity.
func identify(o *Object) error {
	switch {
	case o.Kind.SysV():
		info, err := sysvStat(o.Kind, o.ID)
		if err != nil {
			return err
		}
		if o.Key != 0 && o.Key != info.key {
			return fmt.Errorf("%w: key %#x, not %#x", ErrReplaced, info.key, o.Key)
		}
		o.Key, o.Ctime, o.CreatorUID = info.key, info.ctime, info.cuid
		return nil
	case o.Kind == POSIXQueue:
		st, _, err := queueStat(o.Name)
		if err != nil {
			return err
		}
		return setIdentity(o, st)
	}
	var st unix.Stat_t
	if err := unix.Lstat(path(*o), &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != wantType(o.Kind) {
		return fmt.Errorf("is a %s, not a %s", typeName(st.Mode), typeName(wantType(o.Kind)))
	}
	if err := setIdentity(o, &st); err != nil {
		return err
	}
	o.Birth = birth(path(*o))
	return nil
}

// birth returns the birth time of path in nanoseconds since 1970, or 0 when
// its file system does not keep one.
func birth(path string) int64 {
	var stx unix.Statx_t
	if unix.Statx(unix.AT_FDCWD, path, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_BTIME, &stx) != nil || stx.Mask&unix.STATX_BTIME == 0 {
		return 0
	}
	return stx.Btime.Sec*1e9 + int64(stx.Btime.Nsec)
}

// setIdentity records st as o's identity, checking the one the caller
// gave, if any.
func setIdentity(o *Object, st *unix.Stat_t) error {
	if o.Ino != 0 && (o.Dev != st.Dev || o.Ino != st.Ino) {
		return fmt.Errorf("%w: inode %d:%d, not %d:%d", ErrReplaced, st.Dev, st.Ino, o.Dev, o.Ino)
	}
	o.Dev, o.Ino = st.Dev, st.Ino
	return nil
}

// inspect implements [Object.State].
func inspect(o Object) (State, error) {
	switch {
	case o.Kind.SysV():
		info, err := sysvStat(o.Kind, o.ID)
		if gone(err) {
			return State{}, nil
		}
		if err != nil {
			return State{}, err
		}
		same := info.key == o.Key && info.cuid == o.CreatorUID && (o.Kind == SysVSem || info.ctime == o.Ctime)
		return State{Exists: true, Same: same, Mode: fs.FileMode(info.mode & 0o777), UID: info.uid, Size: info.size, Count: info.count}, nil
	case o.Kind == POSIXQueue:
		st, count, err := queueStat(o.Name)
		if gone(err) {
			return State{}, nil
		}
		if err != nil {
			return State{}, err
		}
		return State{Exists: true, Same: st.Dev == o.Dev && st.Ino == o.Ino, Mode: fileMode(st.Mode) &^ fs.ModeType, UID: int(st.Uid), Count: count}, nil
	}
	var st unix.Stat_t
	if err := unix.Lstat(path(o), &st); err != nil {
		if err == unix.ENOENT {
			return State{}, nil
		}
		return State{}, err
	}
	same := st.Dev == o.Dev && st.Ino == o.Ino
	if same && o.Birth != 0 {
		b := birth(path(o))
		same = b == 0 || b == o.Birth
	}
	return State{Exists: true, Same: same, Mode: fileMode(st.Mode), UID: int(st.Uid), Size: st.Size}, nil
}

// remove removes o if it is still the object recorded. It reports whether
// it removed something; an object already gone is not an error.
func remove(o Object) (bool, error) {
	s, err := inspect(o)
	switch {
	case err != nil:
		return false, err
	case !s.Exists:
		return false, nil
	case !s.Same:
		return false, ErrReplaced
	}
	switch {
	case o.Kind.SysV():
		err = sysvRemove(o.Kind, o.ID)
	case o.Kind == POSIXQueue:
		err = queueUnlink(o.Name)
	case o.Kind == TempDir:
		err = os.RemoveAll(o.Name)
	default:
		err = unix.Unlink(path(o))
	}
	if gone(err) {
		return false, nil
	}
	return err == nil, err
}

// queueStat opens the POSIX queue name ("/name") read-only and returns
// its fstat and the number of messages waiting in it.
func queueStat(name string) (*unix.Stat_t, int64, error) {
	p, err := unix.BytePtrFromString(strings.TrimPrefix(name, "/"))
	if err != nil {
		return nil, 0, err
	}
	fd, _, errno := unix.Syscall6(unix.SYS_MQ_OPEN, uintptr(unsafe.Pointer(p)), unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0, 0, 0, 0)
	if errno != 0 {
		return nil, 0, errno
	}
	defer unix.Close(int(fd))
	var st unix.Stat_t
	if err := unix.Fstat(int(fd), &st); err != nil {
		return nil, 0, err
	}
	var attr [8]int64 // struct mq_attr: flags, maxmsg, msgsize, curmsgs, 4 reserved longs
	if _, _, errno := unix.Syscall(unix.SYS_MQ_GETSETATTR, fd, 0, uintptr(unsafe.Pointer(&attr))); errno != 0 {
		return nil, 0, errno
	}
	return &st, attr[3], nil
}

// queueUnlink removes the POSIX queue name ("/name").
func queueUnlink(name string) error {
	p, err := unix.BytePtrFromString(strings.TrimPrefix(name, "/"))
	if err != nil {
		return err
	}
	if _, _, errno := unix.Syscall(unix.SYS_MQ_UNLINK, uintptr(unsafe.Pointer(p)), 0, 0); errno != 0 {
		return errno
	}
	return nil
}

// sysvInfo is what IPC_STAT tells of a System V object.
type sysvInfo struct {
	key, uid, cuid int
	mode           uint32
	ctime          int64
	size, count    int64
}

func permInfo(p *unix.SysvIpcPerm) sysvInfo {
	return sysvInfo{key: int(p.Key), uid: int(p.Uid), cuid: int(p.Cuid), mode: uint32(p.Mode)}
}

// sysvStat runs IPC_STAT on the System V object id of kind k.
func sysvStat(k Kind, id int) (sysvInfo, error) {
	switch k {
	case SysVShm:
		var d unix.SysvShmDesc
		if _, err := unix.SysvShmCtl(id, unix.IPC_STAT, &d); err != nil {
			return sysvInfo{}, err
		}
		info := permInfo(&d.Perm)
		info.ctime, info.size, info.count = int64(d.Ctime), int64(d.Segsz), int64(d.Nattch)
		return info, nil
	case SysVQueue:
		return msgStat(id)
	}
	return semStat(id)
}

// sysvRemove runs IPC_RMID on the System V object id of kind k.
func sysvRemove(k Kind, id int) error {
	switch k {
	case SysVShm:
		_, err := unix.SysvShmCtl(id, unix.IPC_RMID, nil)
		return err
	case SysVQueue:
		return msgRemove(id)
	}
	return semRemove(id)
}
