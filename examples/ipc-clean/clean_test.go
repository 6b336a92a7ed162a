// Package ipcclean tests clean.sh: ipcs is the same before and after a
// script that leaves IPC objects behind, because its session removes
// them.
package ipcclean

import (
	"os"
	"testing"
)

func TestNothingLeftBehind(t *testing.T) {
	if got := runScript(t, "clean.sh"); got != "      1 fifo\n      1 mq\n      1 shm\n      2 sysv-msg\n      2 sysv-sem\n      2 sysv-shm\nnothing left behind\n" {
		t.Errorf("clean.sh printed\n%s", got)
	}
	if os.Geteuid() != 0 {
		t.Log("not root: the ipcs comparison ran in the shared IPC namespace")
	}
}
