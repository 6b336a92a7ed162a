// Command askpass asks for a password on its terminal, as login programs
// do: it opens /dev/tty (not stdin), turns echo off while the password is
// typed, and says whether the password is "open sesame".
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

func main() {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "askpass: no terminal:", err)
		os.Exit(2)
	}
	defer tty.Close()
	fd := int(tty.Fd())
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		fmt.Fprintln(os.Stderr, "askpass:", err)
		os.Exit(2)
	}
	noEcho := *old
	noEcho.Lflag &^= unix.ECHO
	unix.IoctlSetTermios(fd, unix.TCSETS, &noEcho)
	fmt.Fprint(tty, "Password: ")
	line, _ := bufio.NewReader(tty).ReadString('\n')
	unix.IoctlSetTermios(fd, unix.TCSETS, old)
	fmt.Fprintln(tty)
	if strings.TrimRight(line, "\r\n") == "open sesame" {
		fmt.Fprintln(tty, "Welcome.")
		return
	}
	fmt.Fprintln(tty, "Access denied.")
	os.Exit(1)
}
