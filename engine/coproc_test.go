package engine_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
)

// runCoproc runs script in a fresh runner with the builtins installed and
// returns its output (stdout and stderr) and exit status. The runner is
// closed before it returns.
func runCoproc(t *testing.T, script string, opts ...engine.Option) (string, int) {
	t.Helper()
	// A file, not a buffer: a coprocess on pipes holds the shell's stderr
	// and outlives the run, and a run waits for the end of output that
	// goes through a pipe to a writer that is not a file.
	out, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	opts = append([]engine.Option{
		engine.StdIO(nil, out, out),
		engine.Env([]string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}),
		engine.Dir(t.TempDir()),
		engine.Builtins(builtins.All()...),
	}, opts...)
	r, err := engine.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err = r.Run(ctx, strings.NewReader(script), "t")
	if cerr := r.Close(); cerr != nil {
		t.Errorf("close: %v", cerr)
	}
	b, rerr := os.ReadFile(out.Name())
	if rerr != nil {
		t.Fatal(rerr)
	}
	if ctx.Err() != nil {
		t.Fatalf("script timed out; output so far:\n%s", b)
	}
	return string(b), engine.ExitCode(err)
}

// coprocBashTests run under bash and under ipsh with coproc_pipes, and
// must print the same. The scripts avoid what differs on purpose: bash
// unsets NAME and NAME_PID (and closes the fds) as soon as the coprocess
// is reaped, so they save the pid and read before waiting.
var coprocBashTests = []struct {
	name, script string
	// bashDiffers marks a known divergence: bash loses the output.
	bashDiffers bool
}{
	{"variables", `
coproc C { read x; echo "got $x"; read x; exit 3; }
echo "st=$? n=${#C[@]}"
[[ ${C[0]} =~ ^[0-9]+$ && ${C[1]} =~ ^[0-9]+$ && ${C[0]} != "${C[1]}" ]] && echo fds
[[ $C_PID == "$!" && $C_PID -gt 0 ]] && echo pid
pid=$C_PID
echo hello >&${C[1]}
read -u ${C[0]} y; echo "read=$? y=$y"
exec {C[1]}>&-
wait $pid; echo "wait=$?"
`, false},
	{"default name", `
coproc cat
echo one >&${COPROC[1]}
read -u ${COPROC[0]} l; echo "l=$l"
pid=$COPROC_PID
exec {COPROC[1]}>&-
wait $pid; echo "cat=$?"
`, false},
	{"status", `
coproc { exit 7; }
echo "coproc=$?"
pid=$!
wait $pid; echo "wait=$?"
coproc X ( echo sub; read; exit 2 )
read -u ${X[0]} l; echo "$l"
pid=$X_PID
exec {X[1]}>&-
wait $pid; echo "wait=$?"
`, false},
	{"kill", `
coproc sleep 100
pid=$COPROC_PID
kill $pid
wait $pid; echo "wait=$?"
`, false},
	{"function", `
f() { while read -r a; do echo "f:$a"; done; }
coproc F { f; }
echo x >&${F[1]}; read -u ${F[0]} r; echo "$r"
echo y >&${F[1]}; read -u ${F[0]} r; echo "$r"
pid=$F_PID
exec {F[1]}>&-
wait $pid; echo "wait=$?"
`, false},
	{"stderr", `
coproc E { echo to-err >&2; echo to-out; read; }
read -u ${E[0]} l; echo "l=$l"
pid=$E_PID; exec {E[1]}>&-; wait $pid
`, false},
	{"redirection", `
coproc R { cat; } 2>/dev/null
echo a >&${R[1]}; read -u ${R[0]} l; echo "l=$l"
pid=$R_PID; exec {R[1]}>&-; wait $pid; echo "wait=$?"
`, false},
	{"jobs", `
coproc sleep 5
jobs
kill %1 && echo killed
`, false},
	{"sort", `
coproc sort -r
printf '%s\n' b c a >&${COPROC[1]}
exec {COPROC[1]}>&-
while read -u ${COPROC[0]} l; do echo "$l"; done
`, true},
}

func TestCoprocLikeBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil || testing.Short() {
		t.Skip("no bash, or -short")
	}
	for _, tc := range coprocBashTests {
		if tc.bashDiffers {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bash, "-c", tc.script)
			cmd.Env = []string{"PATH=/usr/bin:/bin"}
			cmd.Dir = t.TempDir()
			want, _ := cmd.CombinedOutput()
			got, _ := runCoproc(t, "shopt -s coproc_pipes\n"+tc.script)
			// bash names itself in a warning ipsh does not print.
			if got != string(want) {
				t.Errorf("ipsh:\n%s\nbash:\n%s", got, want)
			}
		})
	}
}

// The same scripts on a pty print the same, but for stderr, which is the
// terminal there.
func TestCoprocPTYLikePipes(t *testing.T) {
	for _, tc := range coprocBashTests {
		if tc.name == "stderr" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pty, _ := runCoproc(t, tc.script)
			pipes, _ := runCoproc(t, "shopt -s coproc_pipes\n"+tc.script)
			if pty != pipes {
				t.Errorf("pty:\n%s\npipes:\n%s", pty, pipes)
			}
		})
	}
}

func TestCoprocPTY(t *testing.T) {
	t.Parallel()
	got, st := runCoproc(t, `
coproc T { [ -t 0 ] && [ -t 1 ] && echo terminal; stty -a | grep -o -- ' -echo '; }
read -u ${T[0]} a; read -u ${T[0]} b; echo "$a|$b"
# a program leads a session on the pty: /dev/tty is the pty
coproc P sh -c 'echo ok >/dev/tty; tty'
read -u ${P[0]} a; read -u ${P[0]} b
[[ $a == ok && $b == /dev/pts/* ]] && echo ctty
# bytes pass unchanged: no CR/LF translation, no echo
coproc B od -An -c
printf 'a\rb\n' >&${B[1]}; exec {B[1]}>&-
read -r -u ${B[0]} l; echo "$l"
# the output stays readable after the child exits, then EOF, no error
coproc L { echo last; }
pid=$L_PID; wait $pid
read -u ${L[0]} l; echo "l=$l st=$?"
read -u ${L[0]} l; echo "eof st=$?"
coprocs | awk 'NR > 1 {print $1, $3}' | sort
`)
	want := "terminal|-echo\nctty\na  \\r   b  \\n\nl=last st=0\neof st=1\nB pty\nL pty\nP pty\nT pty\n"
	if st != 0 || got != want {
		t.Errorf("status %d, output:\n%s\nwant:\n%s", st, got, want)
	}
}

// Programs get a coprocess's fd only through a redirection, but pipelines
// and subshells of the shell can use it.
func TestCoprocFdsPrivate(t *testing.T) {
	t.Parallel()
	for _, pipes := range []string{"", "shopt -s coproc_pipes\n"} {
		got, st := runCoproc(t, pipes+`
coproc C { cat; }
has() { [[ " $(ls /proc/self/fd $2 | tr '\n' ' ') " == *" $1 "* ]]; }
has ${C[0]} && echo leaked-read
has ${C[1]} && echo leaked-write
eval "has ${C[1]} ${C[1]}>&${C[1]}" && echo redirected
echo x >&${C[1]}
( read -u ${C[0]} l; echo "subshell:$l" )
echo y | cat >&${C[1]}
head -c 2 <&${C[0]} | od -An -c
coproc Z { head -c 1048576 /dev/zero; }
head -c 1048576 <&${Z[0]} | wc -c
`)
		want := "redirected\nsubshell:x\n   y  \\n\n1048576\n"
		if st != 0 || got != want {
			t.Errorf("%q: status %d, output:\n%s\nwant:\n%s", pipes, st, got, want)
		}
	}
}

// One MiB through cat and back, on both transports, while another
// coprocess runs too.
func TestCoprocMegabyte(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	data := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/=-_.,:;\n"), 1<<20/72+1)[:1<<20]
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, pipes := range []string{"", "shopt -s coproc_pipes\n"} {
		out := filepath.Join(dir, "out")
		os.Remove(out)
		got, st := runCoproc(t, pipes+`
coproc A { cat; }
coproc B { while read -r l; do echo "${l^^}"; done; }
cat '`+in+`' >&${A[1]} &
head -c 1048576 <&${A[0]} >'`+out+`'
echo hi >&${B[1]}; read -u ${B[0]} l; echo "$l"
wait $!; exec {A[1]}>&- {B[1]}>&-
`)
		if st != 0 || got != "HI\n" {
			t.Errorf("%q: status %d, output:\n%s", pipes, st, got)
		}
		b, err := os.ReadFile(out)
		if err != nil || !bytes.Equal(b, data) {
			t.Errorf("%q: %d bytes came back, %v", pipes, len(b), err)
		}
	}
}

// coproc NAME prog args: NAME is taken as the name when it is not a
// command, where bash would report "NAME: command not found".
func TestCoprocNamedProgram(t *testing.T) {
	t.Parallel()
	got, st := runCoproc(t, `
coproc UP tr a-z A-Z
echo abc >&${UP[1]}; read -u ${UP[0]} l; echo "$l ${#UP[@]}"
coproc printf '%s\n' plain
read -u ${COPROC[0]} l; echo "$l"
coproc 1bad { :; }
`)
	if !strings.HasPrefix(got, "ABC 2\nplain\n") || st == 0 && !strings.Contains(got, "not a valid identifier") {
		t.Errorf("status %d, output:\n%s", st, got)
	}
}

func TestCoprocNoLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	script := `
coproc A { while read -r l; do echo "a:$l"; done; }
coproc B cat
for i in 1 2 3; do
	send -c A -n $i; expect -c A -t 10 "a:$i\n" || echo bad
	send -c B -n $i; read -u ${B[0]} l; [[ $l == $i ]] || echo bad
done
coproc C sleep 100
kill $C_PID
coproc D cat
coproc E { cat; }
echo done
`
	// Warm up whatever the runtime starts once.
	runCoproc(t, script)
	runCoproc(t, "shopt -s coproc_pipes\n"+script)
	fds, gs := countFds(t), runtime.NumGoroutine()
	for range 3 {
		if got, _ := runCoproc(t, script); got != "done\n" {
			t.Fatalf("output:\n%s", got)
		}
		if got, _ := runCoproc(t, "shopt -s coproc_pipes\n"+script); got != "done\n" {
			t.Fatalf("pipes: output:\n%s", got)
		}
	}
	// The coprocesses end on their own once their input is closed:
	// give them time.
	deadline := time.Now().Add(20 * time.Second)
	for {
		f, g := countFds(t), runtime.NumGoroutine()
		if f <= fds && g <= gs {
			break
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("fds %d -> %d, goroutines %d -> %d\n%s", fds, f, gs, g, buf[:n])
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func countFds(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}
