package engine

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// claimInheritedFds makes every fd above 2 that the process inherited
// without close-on-exec close-on-exec, so a child receives only the fds in
// a runner's table. With adopt, those fds also enter the table at their
// numbers, as a standalone shell sees the fds it was started with.
func (r *Runner) claimInheritedFds(adopt bool) {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range ents {
		fd, err := strconv.Atoi(e.Name())
		if err != nil || fd < 3 {
			continue
		}
		flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		if err != nil || flags&unix.FD_CLOEXEC != 0 {
			continue // ours (the Go runtime's, or the directory read itself)
		}
		unix.FcntlInt(uintptr(fd), unix.F_SETFD, flags|unix.FD_CLOEXEC)
		if adopt && r.fds.Get(fd) == nil {
			r.fds.Set(fd, os.NewFile(uintptr(fd), "inherited:"+e.Name()))
		}
	}
}

// InheritFds makes the fds the process was started with (above 2) part of
// the shell's fd table, so scripts can use them and children receive them,
// as with bash. cmd/ipsh sets it; an embedded runner starts with only 0-2.
func InheritFds() Option {
	return func(r *Runner) error { r.inheritFds = true; return nil }
}
