// Package ipcfifo tests rendezvous.sh: "ls -l >fifo &" meets "cat <fifo".
package ipcfifo

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestRendezvous(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a", "b", "c"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := exec.Command("ls", "-l", dir).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := runScript(t, "rendezvous.sh", dir); got != string(want) {
		t.Errorf("rendezvous.sh printed\n%s\nwant\n%s", got, want)
	}
}
