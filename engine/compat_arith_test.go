package engine

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// runCompat runs src in a fresh runner and returns stdout, stderr and the
// exit status.
func runCompat(t *testing.T, src string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	r, err := New(StdIO(nil, &out, &errb), Env([]string{"PATH=/usr/bin:/bin"}), Dir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = r.Run(ctx, strings.NewReader(src), "t.sh")
	return out.String(), errb.String(), ExitCode(err)
}

func TestCompatArith(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{`echo $((2 ** 3 ** 2)) $((-7 / 2)) $((-7 % 3)) $((1 << 64))`, "512 -3 -1 1\n"},
		{`echo $((9223372036854775807 + 1)) $((0xff)) $((010)) $((2#101)) $((64#_))`, "-9223372036854775808 255 8 5 63\n"},
		{`a='b + 1' b='c * 2' c=5; echo $((a))`, "11\n"},
		{`e='3 + 4'; echo $((e * 2)) $(($e * 2))`, "14 11\n"},
		{`a=(5 10); ((a[1] *= 2, a[2]++)); echo ${a[@]}`, "5 20 1\n"},
		{`declare -A h; ((h[k] += 3)); echo ${h[k]} ${#h[@]}`, "3 1\n"},
		{`declare -i n; n='2 + 3'; n+=4; echo $n`, "9\n"},
		{`let 'x = 1 < 2' y=x+1; echo $x $y $?`, "1 2 0\n"},
		{`echo $(( $((2 + 3)) * $(echo 3) ))`, "15\n"},
		{"f() { echo $(( x + 1 )); }\ndeclare -f f", "f () \n{ \n    echo $((x + 1))\n}\n"},
	}
	for _, tc := range tests {
		out, errs, _ := runCompat(t, tc.src)
		if out != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q (stderr %q)", tc.src, out, tc.want, errs)
		}
	}
}

func TestCompatArithErrors(t *testing.T) {
	t.Parallel()
	// An arithmetic expansion error abandons the rest of the line, with
	// status 1; (( )) and let only fail.
	out, errs, code := runCompat(t, "echo $((1/0)); echo same-line\necho next $?\n((2**-1)); echo $?\nlet 'x=1 2'; echo $?\n")
	if want := "next 1\n1\n1\n"; out != want || code != 0 {
		t.Errorf("got %q status %d, want %q status 0", out, code, want)
	}
	for _, want := range []string{"t.sh: line 1: 1 / 0: division by 0", "((: 2 ** -1: exponent less than 0", "let: x=1 2: syntax error in expression"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q lacks %q", errs, want)
		}
	}
}

func TestCompatReadFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ifs, line string
		n         int
		raw       bool
		want      []string
	}{
		{":", "a:b::c", -1, true, []string{"a", "b", "", "c"}},
		{":", "a:b:", -1, true, []string{"a", "b"}},
		{":", "a:b:", 2, true, []string{"a", "b"}},
		{":", "a:b::", 2, true, []string{"a", "b::"}},
		{": ", " a : b ", 2, true, []string{"a", "b"}},
		{" \t\n", "  x  y  z  ", 2, true, []string{"x", "y  z"}},
		{" ", `a\ b c`, -1, false, []string{"a b", "c"}},
		{" ", `a\ b c`, -1, true, []string{`a\`, "b", "c"}},
	}
	for _, tc := range tests {
		got := readFields(tc.ifs, tc.line, tc.n, tc.raw)
		if !slices.Equal(got, tc.want) {
			t.Errorf("readFields(%q, %q, %d, %v) = %q, want %q", tc.ifs, tc.line, tc.n, tc.raw, got, tc.want)
		}
	}
}

func TestCompatMisc(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{"true | false | true; true; echo ${PIPESTATUS[@]}", "0\n"},
		{"f() { echo o; echo e >&2; }; f 2>/dev/null |& wc -l", "2\n"},
		{"cat <<-EOF\n\t\tx\n\tEOF\n", "x\n"},
		{"cat <<A; cat <<B\na\nA\nb\nB\n", "a\nb\n"},
		{"printf '%b|%q\\n' '\\101' \"it's\"", "A|it\\'s\n"},
		{"echo $'\\cA' | od -An -c | tr -d ' '", "001\\n\n"},
		{"declare -A h=([a]=1 [b]=2); echo ${#h[@]}", "2\n"},
		{"arr=(a b c); declare -n e='arr[1]'; e=B; echo ${arr[@]} $e", "a B c B\n"},
		{"a=1 b=2; declare -n v; for v in a b; do v=$((v*10)); done; echo $a $b", "10 20\n"},
		{"echo x > >(cat >o); sleep 0.1; cat o", "x\n"},
		{"shopt -s expand_aliases\nalias r='echo ' w=word\nr w\nalias ls='ls -d'\nls /", "word\n/\n"},
		{"false; x=$?; echo $x; true a b; echo $_", "1\nb\n"},
		{"f() { local -; set -f; }; f; [[ $- == *f* ]] || echo restored", "restored\n"},
	}
	for _, tc := range tests {
		out, errs, _ := runCompat(t, tc.src)
		if out != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q (stderr %q)", tc.src, out, tc.want, errs)
		}
	}
}
