package engine

import (
	"fmt"
	"io"
	"runtime/debug"
)

// internalErrorStatus is the status of a command whose execution hit a bug
// in ipsh (EX_SOFTWARE).
const internalErrorStatus = 70

// catch recovers a panic in the runner's own code, reports it as one error
// line (and the stack, for the bug report) and turns it into a status, so
// no panic crosses the API or takes a goroutine subshell's process down.
func (r *Runner) catch(status *int) {
	p := recover()
	if p == nil {
		return
	}
	io.WriteString(r.stderrW(), fmt.Sprintf("ipsh: internal error: %v\n%s", p, debug.Stack()))
	r.exiting = true
	r.exitCode = internalErrorStatus
	if status != nil {
		*status = internalErrorStatus
	}
}

// catchErr is catch for the API entry points: a panic becomes the error.
func (r *Runner) catchErr(err *error) {
	p := recover()
	if p == nil {
		return
	}
	io.WriteString(r.stderrW(), fmt.Sprintf("ipsh: internal error: %v\n%s", p, debug.Stack()))
	r.status = internalErrorStatus
	if !r.opts.interactive {
		// A script stops; an interactive shell gives the prompt back.
		r.exiting = true
		r.exitCode = internalErrorStatus
	}
	*err = ExitStatus(internalErrorStatus)
}
