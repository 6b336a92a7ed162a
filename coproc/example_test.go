//go:build linux

package coproc_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"syscall"
	"time"

	"github.com/ipsh/ipsh/coproc"
)

// Talk to sed on a pty: although sed buffers its output by blocks when it
// writes to a pipe, each line is answered at once.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := coproc.Start(ctx, exec.Command("sed", "s/ping/pong/"), coproc.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := 1; i <= 2; i++ {
		c.SendString(fmt.Sprintf("ping %d\n", i))
		m, err := c.Expect(ctx, regexp.MustCompile(`pong (\d)\n`))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("answer %s\n", m.Groups[0])
	}
	c.Close() // end of file: sed exits
	rest, _ := io.ReadAll(c)
	st, _ := c.Wait()
	fmt.Printf("rest %q, exit status %d\n", rest, st.ExitCode())
	// Output:
	// answer 1
	// answer 2
	// rest "", exit status 0
}

// Expect with several patterns reports which one matched first, and a
// timeout when none does.
func ExampleCoproc_Expect() {
	ctx := context.Background()
	c, err := coproc.Start(ctx, exec.Command("sh", "-c", `echo "Login: "; read x; echo "Welcome, $x"; sleep 5`), coproc.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Wait()
	defer c.Signal(syscall.SIGKILL)
	defer c.CloseRead()

	login, welcome := regexp.MustCompile(`Login: `), regexp.MustCompile(`Welcome, (\w+)`)
	m, _ := c.Expect(ctx, welcome, login)
	fmt.Println("pattern", m.Index)
	c.SendString("ann\n")
	m, _ = c.Expect(ctx, welcome, login)
	fmt.Println("pattern", m.Index, m.Groups[0])

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = c.Expect(short, login)
	fmt.Println(errors.Is(err, coproc.ErrTimeout))
	// Output:
	// pattern 1
	// pattern 0 ann
	// true
}
