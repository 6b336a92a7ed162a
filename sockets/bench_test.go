//go:build linux

package sockets_test

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ipsh/ipsh/sockets"
)

// Throughput: each op moves one chunk of 1 MiB, so -benchtime=1024x moves
// 1 GiB:
//
//	go test -run XXX -bench Throughput -benchtime 1024x ./sockets/
//
// Round trips: each op is one 1-byte request and its 1-byte reply:
//
//	go test -run XXX -bench RoundTrip -benchtime 10000x ./sockets/

const chunk = 1 << 20

// connected returns both ends of a connection over network ("tcp" on
// 127.0.0.1 or "unix" in a temporary directory) as blocking files.
func connected(b *testing.B, network string) (client, server *os.File) {
	b.Helper()
	ctx := context.Background()
	a := sockets.Addr{Network: "tcp", Host: "127.0.0.1"}
	if network == "unix" {
		a = sockets.Addr{Network: "unix", Path: filepath.Join(b.TempDir(), "bench.sock")}
	}
	l, err := sockets.Listen(ctx, a, sockets.ListenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	client, err = sockets.Dial(ctx, l.Addr())
	if err != nil {
		b.Fatal(err)
	}
	server, _, err = l.Accept(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

func toConn(b *testing.B, f *os.File) net.Conn {
	b.Helper()
	c, err := net.FileConn(f)
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.Cleanup(func() { c.Close() })
	return c
}

func BenchmarkThroughput(b *testing.B) {
	for _, network := range []string{"tcp", "unix"} {
		// Blocking files, as a child process gets them: plain read(2)
		// and write(2) of 128 KiB, like socat -b 131072.
		b.Run(network+"/file-128k", func(b *testing.B) {
			client, server := connected(b, network)
			benchCopy(b, client, func(n int64) error {
				buf := make([]byte, 128<<10)
				for n > 0 {
					m, err := server.Read(buf)
					if err != nil {
						return err
					}
					n -= int64(m)
				}
				return nil
			}, 128<<10)
		})
		// net.Conns and io.Copy into /dev/null, which splices.
		b.Run(network+"/conn-splice", func(b *testing.B) {
			client, server := connected(b, network)
			c, s := toConn(b, client), toConn(b, server)
			null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
			if err != nil {
				b.Fatal(err)
			}
			defer null.Close()
			benchCopy(b, c, func(n int64) error {
				_, err := io.Copy(null, io.LimitReader(s, n))
				return err
			}, chunk)
		})
	}
}

// benchCopy writes b.N chunks to w in writes of size wsize while recv
// consumes them.
func benchCopy(b *testing.B, w io.Writer, recv func(n int64) error, wsize int) {
	data := make([]byte, chunk)
	for i := range data {
		data[i] = byte(i)
	}
	b.SetBytes(chunk)
	b.ReportAllocs()
	total := int64(b.N) * chunk
	var wg sync.WaitGroup
	var recvErr error
	b.ResetTimer()
	wg.Go(func() { recvErr = recv(total) })
	for i := 0; i < b.N; i++ {
		for off := 0; off < chunk; off += wsize {
			if _, err := w.Write(data[off : off+wsize]); err != nil {
				b.Fatal(err)
			}
		}
	}
	wg.Wait()
	b.StopTimer()
	if recvErr != nil {
		b.Fatal(recvErr)
	}
}

func BenchmarkRoundTrip(b *testing.B) {
	for _, network := range []string{"tcp", "unix"} {
		b.Run(network+"/file", func(b *testing.B) {
			client, server := connected(b, network)
			benchRoundTrip(b, client, server)
		})
		b.Run(network+"/conn", func(b *testing.B) {
			client, server := connected(b, network)
			benchRoundTrip(b, toConn(b, client), toConn(b, server))
		})
	}
}

// benchRoundTrip sends b.N one-byte requests, each answered by one byte
// from an echo loop.
func benchRoundTrip(b *testing.B, client, server io.ReadWriter) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		buf := make([]byte, 1)
		for {
			if _, err := server.Read(buf); err != nil {
				return
			}
			if _, err := server.Write(buf); err != nil {
				return
			}
		}
	})
	buf := []byte{'x'}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := client.Write(buf); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(client, buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// End the echo loop: shut down the client's side.
	if sc, ok := client.(interface{ CloseWrite() error }); ok {
		sc.CloseWrite()
	} else if f, ok := client.(*os.File); ok {
		sockets.Shutdown(f, sockets.ShutWrite)
	}
}
