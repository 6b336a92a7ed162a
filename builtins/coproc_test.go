package builtins_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
)

// coprocRun runs script with the builtins, stdin (nil: none) and output
// to a file, and returns the output and status. ready, if not nil, runs
// in another goroutine with the output file's path while the script runs.
func coprocRun(t *testing.T, stdin *os.File, script string, ready func(out string)) (string, int) {
	t.Helper()
	out, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var in io.Reader
	if stdin != nil {
		in = stdin
	}
	r, err := engine.New(
		engine.StdIO(in, out, out),
		engine.Env([]string{"PATH=/usr/bin:/bin"}),
		engine.Dir(t.TempDir()),
		engine.Builtins(builtins.All()...),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	done := make(chan struct{})
	if ready != nil {
		go func() {
			defer close(done)
			ready(out.Name())
		}()
	} else {
		close(done)
	}
	err = r.Run(ctx, strings.NewReader(script), "t")
	<-done
	if cerr := r.Close(); cerr != nil {
		t.Errorf("close: %v", cerr)
	}
	b, rerr := os.ReadFile(out.Name())
	if rerr != nil {
		t.Fatal(rerr)
	}
	if ctx.Err() != nil {
		t.Fatalf("timed out; output:\n%s", b)
	}
	return string(b), engine.ExitCode(err)
}

func TestCoprocSendExpect(t *testing.T) {
	t.Parallel()
	for _, pipes := range []string{"", "shopt -s coproc_pipes\n"} {
		got, st := coprocRun(t, nil, pipes+`
coproc { while read -r l; do echo "answer: $l"; done; }
send -n hello world
expect -t 10 'answer: (\w+) (\w+)\n'
echo "0: st=$? i=$EXPECT_INDEX m=${EXPECT_MATCH%$'\n'} g=${EXPECT_GROUPS[*]} n=${#EXPECT_GROUPS[@]}"
send -n one; send -n two
expect -t 10 two one
echo "1: st=$? i=$EXPECT_INDEX b=${EXPECT_BEFORE//$'\n'/|}"
expect -t 0.2 nothing
echo "2: st=$? i=$EXPECT_INDEX m=$EXPECT_MATCH b=${EXPECT_BEFORE//$'\n'/|} n=${#EXPECT_GROUPS[@]}"
expect -t 10 '\n'; echo "3: st=$? b=$EXPECT_BEFORE"
coproc S { printf ab; sleep 0.3; printf 'cd\n'; }
expect -c S -t 10 -- 'abcd'; echo "4: st=$? m=$EXPECT_MATCH"
expect -c S -t 10 'x'; echo "5: st=$? b=${EXPECT_BEFORE//$'\n'/|}"
expect -c S 'x'; echo "6: st=$?"
exec {COPROC[1]}>&-
expect 'x'; echo "7: st=$?"
send hi; echo "8: st=$?"
expect -c NONE x; echo "9: st=$?"
send -c NONE x; echo "10: st=$?"
expect -t bad x; echo "11: st=$?"
expect '('; echo "12: st=$?"
expect; echo "13: st=$?"
send; echo "14: st=$?"
send -q x; echo "15: st=$?"
`, nil)
		want := []string{
			"0: st=0 i=1 m=answer: hello world g=hello world n=2",
			"1: st=0 i=2 b=answer: ",
			"2: st=1 i=0 m= b=|answer: two| n=0",
			"3: st=0 b=",
			"4: st=0 m=abcd",
			"5: st=2 b=|",
			"6: st=2",
			"7: st=2",
			"send: send coproc COPROC: closed",
			"8: st=1",
			"expect: NONE: no such coprocess",
			"9: st=3",
			"send: NONE: no such coprocess",
			"10: st=1",
		}
		lines := strings.Split(got, "\n")
		for i, w := range want {
			if i >= len(lines) || lines[i] != w {
				t.Errorf("%q: line %d: want %q; output:\n%s", pipes, i, w, got)
				break
			}
		}
		for _, w := range []string{"11: st=2", "12: st=2", "13: st=2", "14: st=2", "15: st=2", "usage: expect", "usage: send"} {
			if !strings.Contains(got, w) {
				t.Errorf("%q: no %q in output:\n%s", pipes, w, got)
			}
		}
		if st != 0 {
			t.Errorf("status %d", st)
		}
	}
}

func TestCoprocWinsizeCoprocs(t *testing.T) {
	t.Parallel()
	got, _ := coprocRun(t, nil, `
coproc T { read -r; stty size; }
winsize -c T; winsize -c T 40 132; winsize -c T
echo go >&${T[1]}; read -u ${T[0]} l; echo "stty: $l"
winsize -c T 0 10; echo "st=$?"
shopt -s coproc_pipes
coproc P cat
winsize -c P 10 10; echo "st=$?"
wait $T_PID
coprocs | awk '{print $1, $3, $4, $5, $6}'
coprocs --json
`, nil)
	lines := strings.Split(got, "\n")
	want := []string{"24 80", "40 132", "stty: 40 132"}
	for i, w := range want {
		if lines[i] != w {
			t.Fatalf("line %d: want %q; output:\n%s", i, w, got)
		}
	}
	for _, w := range []string{"st=2", "winsize: resize coproc P: not a terminal\nst=1",
		"NAME TRANSPORT STATE READ WRITE", "T pty exited 0 ", "P pipes running "} {
		if !strings.Contains(got, w) {
			t.Errorf("no %q in output:\n%s", w, got)
		}
	}
	var list []map[string]any
	js := lines[len(lines)-2]
	if err := json.Unmarshal([]byte(js), &list); err != nil || len(list) != 2 || list[1]["name"] != "P" || list[1]["transport"] != "pipes" || list[1]["state"] != "running" {
		t.Errorf("json %s: %v", js, err)
	}
}

// interact copies the terminal to the coprocess and back until ^], and
// stops by itself when the coprocess's output ends.
func TestCoprocInteract(t *testing.T) {
	t.Parallel()
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pty:", err)
	}
	defer ptm.Close()
	defer tty.Close()
	got, st := coprocRun(t, tty, `
coproc cat
interact; echo "st=$?"
coproc { echo bye; }
interact; echo "st=$?"
interact -e '^A' -c NONE; echo "st=$?"
interact -e 'ab'; echo "st=$?"
`, func(out string) {
		ptm.Write([]byte("hello\n"))
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if b, _ := os.ReadFile(out); strings.Contains(string(b), "hello") {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		ptm.Write([]byte{0x1d})
	})
	want := "hello\nst=0\nbye\nst=2\ninteract: NONE: no such coprocess\nst=1\n"
	if !strings.HasPrefix(got, want) || !strings.Contains(got, "st=2") || st != 0 {
		t.Errorf("status %d, output:\n%s\nwant prefix:\n%s", st, got, want)
	}
}
