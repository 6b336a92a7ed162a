//go:build linux

package sockets

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// maxFiles is SCM_MAX_FD, the most descriptors one message can carry.
const maxFiles = 253

// SendFD passes open files over the Unix socket c (SCM_RIGHTS), with one
// byte of data, so that the receiver gets descriptors for the same open
// files. The caller keeps its own files open and may close them when SendFD
// returns. At most 253 files go in one call. SendFD waits with poll(2)
// while the socket is full, until ctx is done. Errors are [*Error]s with
// Op "sendfd".
func SendFD(ctx context.Context, c syscall.Conn, files ...*os.File) error {
	err := func() error {
		switch {
		case len(files) == 0:
			return errors.New("no files to send")
		case len(files) > maxFiles:
			return errors.New("more than " + strconv.Itoa(maxFiles) + " files")
		}
		return withFD(c, func(sfd int) error {
			return controlFiles(files, nil, func(fds []int) error {
				rights := unix.UnixRights(fds...)
				return retry(ctx, sfd, unix.POLLOUT, func() error {
					_, err := unix.SendmsgN(sfd, []byte{'F'}, rights, nil, unix.MSG_DONTWAIT|unix.MSG_NOSIGNAL)
					return err
				})
			})
		})
	}()
	if err != nil {
		return &Error{Op: "sendfd", Subject: subject(c), Err: err}
	}
	return nil
}

// controlFiles calls fn with the descriptors of files, keeping each file
// from being closed meanwhile.
func controlFiles(files []*os.File, fds []int, fn func([]int) error) error {
	if len(files) == 0 {
		return fn(fds)
	}
	if files[0] == nil {
		return errors.New("nil file")
	}
	return withFD(files[0], func(fd int) error {
		return controlFiles(files[1:], append(fds, fd), fn)
	})
}

// RecvFD receives the files passed by one [SendFD] call (or any sender
// using SCM_RIGHTS) on the Unix socket c. The new descriptors are
// close-on-exec (MSG_CMSG_CLOEXEC) and the caller owns the files, which are
// named after what /proc/self/fd shows for them. RecvFD waits with poll(2)
// until a message arrives, ctx is done or its deadline passes. At the end
// of a stream the error matches [io.EOF]; a message without descriptors is
// an error. Errors are [*Error]s with Op "recvfd".
func RecvFD(ctx context.Context, c syscall.Conn) ([]*os.File, error) {
	var files []*os.File
	err := withFD(c, func(fd int) error {
		buf := make([]byte, 1)
		oob := make([]byte, unix.CmsgSpace(4*maxFiles)+unix.CmsgSpace(unix.SizeofUcred))
		var n, oobn, flags int
		err := retry(ctx, fd, unix.POLLIN, func() (err error) {
			n, oobn, flags, _, err = unix.Recvmsg(fd, buf, oob, unix.MSG_DONTWAIT|unix.MSG_CMSG_CLOEXEC)
			return err
		})
		if err != nil {
			return err
		}
		var fds []int
		if oobn > 0 {
			cmsgs, err := unix.ParseSocketControlMessage(oob[:oobn])
			if err != nil {
				return os.NewSyscallError("recvmsg", err)
			}
			for i := range cmsgs {
				if got, err := unix.ParseUnixRights(&cmsgs[i]); err == nil {
					fds = append(fds, got...)
				}
			}
		}
		if flags&unix.MSG_CTRUNC != 0 {
			for _, fd := range fds {
				unix.Close(fd)
			}
			return errors.New("control data truncated; descriptors lost")
		}
		if len(fds) == 0 {
			if n == 0 {
				return io.EOF
			}
			return errors.New("message carried no file descriptors")
		}
		for _, fd := range fds {
			name, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd))
			if err != nil {
				name = "fd " + strconv.Itoa(fd)
			}
			files = append(files, newFile(fd, name))
		}
		return nil
	})
	if err != nil {
		return nil, &Error{Op: "recvfd", Subject: subject(c), Err: err}
	}
	return files, nil
}
