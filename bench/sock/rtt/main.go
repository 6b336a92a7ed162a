// Command rtt is the client (and baseline server) of bench/sock/run.sh.
//
//	rtt [-n N] [-size B] ADDR    connect to ADDR (tcp:HOST:PORT or unix:/path),
//	                             do N request/response round trips of B bytes,
//	                             print the mean microseconds per round trip
//	rtt -serve ADDR              a Go echo server for one connection, the
//	                             baseline the shells are compared with
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ipsh/ipsh/sockets"
)

func main() {
	n := flag.Int("n", 10000, "round trips")
	size := flag.Int("size", 1, "bytes per request")
	serve := flag.Bool("serve", false, "echo one connection instead")
	wait := flag.Duration("wait", 10*time.Second, "keep retrying the connect this long")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: rtt [-n N] [-size B] ADDR | rtt -serve ADDR")
		os.Exit(2)
	}
	a, err := sockets.ParseAddr(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	if *serve {
		fail(echo(a))
	}
	us, err := roundTrips(a, *n, *size, *wait)
	if err != nil {
		fail(err)
	}
	fmt.Printf("%.2f\n", us)
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "rtt:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// echo serves one connection on a, writing back what it reads.
func echo(a sockets.Addr) error {
	ctx := context.Background()
	l, err := sockets.Listen(ctx, a, sockets.ListenOptions{})
	if err != nil {
		return err
	}
	defer l.Close()
	fmt.Println("ready")
	c, _, err := l.Accept(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = io.Copy(c, c)
	return err
}

// roundTrips connects to a (retrying while the server starts) and returns
// the mean time of n round trips, in microseconds.
func roundTrips(a sockets.Addr, n, size int, wait time.Duration) (float64, error) {
	var c *os.File
	var err error
	for deadline := time.Now().Add(wait); ; time.Sleep(5 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		c, err = sockets.Dial(ctx, a)
		cancel()
		if err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		return 0, err
	}
	defer c.Close()
	req, resp := make([]byte, size), make([]byte, size)
	for i := range req {
		req[i] = 'x'
	}
	// One warm-up round trip.
	if _, err := c.Write(req); err != nil {
		return 0, err
	}
	if _, err := io.ReadFull(c, resp); err != nil {
		return 0, err
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := c.Write(req); err != nil {
			return 0, err
		}
		if _, err := io.ReadFull(c, resp); err != nil {
			return 0, err
		}
	}
	return float64(time.Since(start).Microseconds()) / float64(n), nil
}
