//go:build linux

package coproc_test

import (
	"context"
	"os/exec"
	"regexp"
	"testing"

	"github.com/ipsh/ipsh/coproc"
)

// BenchmarkRoundTrip sends a line to cat and waits for it to come back:
// one round trip per op. Run with -benchtime=10000x for the issue's
// 10,000 round trips.
func BenchmarkRoundTrip(b *testing.B) {
	for _, tr := range transports {
		b.Run(tr.String(), func(b *testing.B) {
			ctx := context.Background()
			c, err := coproc.Start(ctx, exec.Command("cat"), coproc.Options{Transport: tr})
			if err != nil {
				b.Fatal(err)
			}
			line := []byte("the quick brown fox jumps over the lazy dog\n")
			nl := regexp.MustCompile(`\n`)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := c.Send(line); err != nil {
					b.Fatal(err)
				}
				if _, err := c.Expect(ctx, nl); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			c.Close()
			c.CloseRead()
			c.Wait()
		})
	}
}
