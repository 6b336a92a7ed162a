package signals

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
)

// Daemon describes a command to start detached from its caller, as the
// daemon builtin does. The zero value of every field but Args is usable.
//
// Go cannot fork without exec, so there is no double fork: the daemon is
// the caller's child, a session and process group leader (setsid) with no
// controlling terminal. Because it leads its session it could acquire a
// controlling terminal by opening one without O_NOCTTY; well-behaved
// daemons don't. The caller stays its parent and is responsible for reaping
// it: call Wait on the returned process (from the goroutine or loop that
// reaps your children), or it stays a zombie after it exits until the caller
// exits, when init (or the nearest subreaper) adopts it.
//
// The daemon inherits the caller's umask and signal mask, and the signals
// the caller ignores stay ignored; signals the caller catches are reset to
// their default action by exec.
type Daemon struct {
	// Path is the program to run. If empty, Args[0] is looked up in the
	// caller's PATH with os/exec.LookPath.
	Path string
	// Args is the argument list, Args[0] included. It must not be empty.
	Args []string
	// Env is the environment; nil means the caller's (os.Environ).
	Env []string
	// Dir is the working directory; empty means "/".
	Dir string
	// Pidfile, if not empty, is a pidfile created as by [Create] before
	// the daemon starts, so a second daemon on the same pidfile fails
	// before it runs. Its lock passes to the daemon as file descriptor 3:
	// the pidfile is live exactly as long as the daemon keeps fd 3 open
	// (a daemon that closes every descriptor on start-up makes it stale).
	// It holds the daemon's pid once it runs; until then it is empty.
	Pidfile string
	// Stdout and Stderr are log files opened with O_WRONLY|O_APPEND|O_CREAT
	// and mode 0644; empty means /dev/null. They may be the same path.
	Stdout, Stderr string
}

// Start starts the daemon and returns its process; the pidfile, if any,
// names it by then. On failure nothing is left running and a pidfile it
// created is removed. Errors are [*Error] values with Op "daemon" and the
// object at fault (the program, the pidfile, a log).
func (d *Daemon) Start() (proc *os.Process, err error) {
	if len(d.Args) == 0 {
		return nil, &Error{Op: "daemon", Err: errors.New("no command")}
	}
	path := d.Path
	if path == "" {
		if path, err = exec.LookPath(d.Args[0]); err != nil {
			return nil, &Error{Op: "daemon", Subject: d.Args[0], Err: errUnwrapExec(err)}
		}
	}
	dir := d.Dir
	if dir == "" {
		dir = "/"
	}
	env := d.Env
	if env == nil {
		env = os.Environ()
	}

	var opened []*os.File
	defer func() {
		for _, f := range opened {
			f.Close()
		}
	}()
	open := func(name string, flag int) (*os.File, error) {
		f, err := os.OpenFile(name, flag|syscall.O_CLOEXEC, 0o644)
		if err != nil {
			return nil, &Error{Op: "daemon", Subject: name, Err: errUnwrapPath(err)}
		}
		opened = append(opened, f)
		return f, nil
	}
	logFile := func(name string) (*os.File, error) {
		if name == "" {
			name = os.DevNull
		}
		return open(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE)
	}
	stdin, err := open(os.DevNull, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	stdout, err := logFile(d.Stdout)
	if err != nil {
		return nil, err
	}
	stderr := stdout
	if d.Stderr != d.Stdout {
		if stderr, err = logFile(d.Stderr); err != nil {
			return nil, err
		}
	}
	files := []*os.File{stdin, stdout, stderr}

	var pf *Pidfile
	if d.Pidfile != "" {
		if pf, err = create("daemon", d.Pidfile, 0); err != nil {
			return nil, err
		}
		files = append(files, pf.f)
	}

	proc, err = os.StartProcess(path, d.Args, &os.ProcAttr{
		Dir:   dir,
		Env:   env,
		Files: files,
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
	if err != nil {
		if pf != nil {
			pf.Remove()
		}
		return nil, &Error{Op: "daemon", Subject: path, Err: errUnwrapPath(err)}
	}
	if pf != nil {
		// The daemon shares the lock through fd 3; drop our copy.
		err := pf.SetPID(proc.Pid)
		pf.Close()
		if err != nil {
			proc.Kill()
			proc.Wait()
			return nil, err
		}
	}
	return proc, nil
}

// errUnwrapPath drops an *fs.PathError's own op and path, which our Error
// already states.
func errUnwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func errUnwrapExec(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return ee.Err
	}
	return err
}
