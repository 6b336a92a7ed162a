// Package sockecho tests the TCP echo servers (iterative and with sock
// serve) and the book-title client, run under ipsh.
package sockecho

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/examples/internal/exampletest"
)

func TestMain(m *testing.M) { exampletest.Main(m) }

func TestEcho(t *testing.T) {
	books, err := os.ReadFile("books.txt")
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(string(books), "\n"), "\n") {
		want.WriteString("echo: " + l + "\n")
	}
	sh := exampletest.Ipsh(t)
	for _, server := range []string{"echo-server.sh", "echo-serve.sh"} {
		t.Run(server, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			dir := t.TempDir()
			const clients = 3
			srv := sh.Command(ctx, dir, exampletest.Script(server), "0", "3")
			out, err := srv.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			srv.Stderr = &stderr
			if err := srv.Start(); err != nil {
				t.Fatal(err)
			}
			defer srv.Wait()
			first, err := bufio.NewReader(out).ReadString('\n')
			prefix := strings.TrimSuffix(server, ".sh") + ": listening on "
			if err != nil || !strings.HasPrefix(first, prefix+"tcp:127.0.0.1:") {
				srv.Process.Kill()
				t.Fatalf("server said %q (%v)", first, err)
			}
			addr := strings.TrimSpace(strings.TrimPrefix(first, prefix))
			for i := 0; i < clients; i++ {
				cl := sh.Command(ctx, dir, exampletest.Script("client.sh"), addr)
				got, err := cl.CombinedOutput()
				if err != nil || string(got) != want.String() {
					t.Errorf("client %d: %v\n%s\nwant:\n%s", i, err, got, want.String())
				}
			}
			if err := srv.Wait(); err != nil {
				t.Errorf("server: %v\n%s", err, stderr.String())
			}
			if server == "echo-server.sh" && strings.Count(stderr.String(), "from tcp:127.0.0.1:") != clients {
				t.Errorf("server log:\n%s", stderr.String())
			}
		})
	}
}
