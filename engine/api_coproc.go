package engine

import (
	"fmt"

	"github.com/ipsh/ipsh/coproc"
)

// CoprocInfo describes a coprocess started by the coproc keyword.
type CoprocInfo struct {
	// Name is the coprocess's name, the array variable its fds are in.
	Name string
	// Pid is its process id, $NAME_PID; for a compound command, the pid
	// of the process that stands for its job.
	Pid int
	// Transport is "pty" or "pipes".
	Transport string
	// State is "running", "exited N" or "killed SIGNAL" (such as
	// "killed Terminated").
	State string
	// ReadFd and WriteFd are its fds in the shell's table, as the coproc
	// keyword allotted them; -1 once the script has closed them.
	ReadFd, WriteFd int
}

// Coproc returns the most recent coprocess that the coproc keyword started
// under name in this shell or one of its subshells, for the builtins that
// talk to it (send, expect, interact, winsize). The Coproc stays owned by
// the shell: it is closed when the script closes the coprocess's fds (or
// the runner is closed), and must not be closed or waited for by the
// caller. The error names the coprocess when there is none.
func (c *Call) Coproc(name string) (*coproc.Coproc, error) {
	e := c.r.shared.coproc.lookup(name)
	if e == nil {
		return nil, fmt.Errorf("%s: no such coprocess", name)
	}
	return e.c, nil
}

// Coprocs lists the coprocesses that are running or whose fds the script
// has not closed, oldest first.
func (c *Call) Coprocs() []CoprocInfo {
	var out []CoprocInfo
	for _, e := range c.r.shared.coproc.live() {
		info := CoprocInfo{
			Name:      e.name,
			Pid:       e.pid,
			Transport: e.transport.String(),
			State:     e.state(),
			ReadFd:    e.readFd,
			WriteFd:   e.writeFd,
		}
		e.mu.Lock()
		if e.readClosed {
			info.ReadFd = -1
		}
		if e.writeClosed {
			info.WriteFd = -1
		}
		e.mu.Unlock()
		out = append(out, info)
	}
	return out
}
