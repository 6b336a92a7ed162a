package engine_test

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/ipsh/ipsh/engine"
)

// benchScript runs src b.N times in one runner; profile with
// go test -bench X -cpuprofile cpu.out ./engine.
func benchScript(b *testing.B, src string) {
	f, err := engine.Parse(strings.NewReader(src), "bench")
	if err != nil {
		b.Fatal(err)
	}
	r, err := engine.New(engine.StdIO(nil, io.Discard, os.Stderr), engine.Env([]string{"PATH=/usr/bin:/bin"}))
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := r.RunFile(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
}

// One iteration of bench/ workload 3.
func BenchmarkArithLoop(b *testing.B) {
	benchScript(b, `i=0; while [ $i -lt 1000 ]; do i=$((i+1)); done`)
}

// One thousand iterations of bench/ workload 4.
func BenchmarkParamExpCaseFunc(b *testing.B) {
	benchScript(b, `f() { r=$1; }
x=/usr/local/lib/libfoo.so.1
i=0 c=0
while [ $i -lt 1000 ]; do
	a=${x##*/}; b=${x%.*}; l=${#x}
	case $a in *.so.*) c=$((c + 1)) ;; esac
	f "$b"
	i=$((i + 1))
done`)
}

// Command substitution of a builtin (workload 7).
func BenchmarkCmdSubst(b *testing.B) {
	benchScript(b, `x=$(echo hi)`)
}

// A builtin piped into a builtin (part of workload 6).
func BenchmarkBuiltinPipe(b *testing.B) {
	benchScript(b, `echo a | { read -r x; }`)
}

// Spawning a program and waiting for it (workload 2).
func BenchmarkSpawnTrue(b *testing.B) {
	benchScript(b, `/bin/true`)
}

// One thousand line round trips through `coproc cat` on pipes, the shell's
// share of bench/coproc.
func BenchmarkCoprocPipesLoop(b *testing.B) {
	benchScript(b, `shopt -s coproc_pipes
coproc cat
for ((i = 0; i < 1000; i++)); do
	echo "$i" >&${COPROC[1]}
	read -r -u ${COPROC[0]} l
	[[ $l == "$i" ]] || exit 1
done
exec {COPROC[1]}>&-
wait $COPROC_PID`)
}

// The same loop on a pty, the default transport.
func BenchmarkCoprocPTYLoop(b *testing.B) {
	benchScript(b, `coproc cat
for ((i = 0; i < 1000; i++)); do
	echo "$i" >&${COPROC[1]}
	read -r -u ${COPROC[0]} l
	[[ $l == "$i" ]] || exit 1
done
exec {COPROC[1]}>&-
wait $COPROC_PID`)
}
