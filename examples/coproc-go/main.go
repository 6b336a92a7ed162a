// Command coproc-go holds the dialogue of examples/coproc-dialogue from Go
// with package coproc: sed, which buffers its output on a pipe, answers
// each line at once on a pty.
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"time"

	"github.com/ipsh/ipsh/coproc"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "coproc-go:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	c, err := coproc.Start(ctx, exec.Command("sed", "s/^/answer: /"), coproc.Options{})
	if err != nil {
		return err
	}
	answer := regexp.MustCompile(`answer: (.*)\n`)
	for _, q := range []string{"one", "two"} {
		if err := c.SendString(q + "\n"); err != nil {
			return err
		}
		tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		m, err := c.Expect(tctx, answer)
		cancel()
		if err != nil {
			return err
		}
		fmt.Printf("pty: %s\n", m.Groups[0])
	}
	c.Close()
	if _, err := c.Wait(); err != nil {
		return err
	}
	return c.CloseRead()
}
