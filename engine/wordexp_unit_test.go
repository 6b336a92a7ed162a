package engine

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newTestRunner(t *testing.T, out *bytes.Buffer) *Runner {
	t.Helper()
	dir := t.TempDir()
	r, err := New(StdIO(nil, out, out), Env([]string{"PATH=/usr/bin:/bin", "HOME=/home/me"}), Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestWordExpSplit checks the field splitting state machine against
// bash's results (taken from bash 5.2).
func TestWordExpSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ifs, in string
		unset   bool
		want    []string
	}{
		{unset: true, in: "  a  b  ", want: []string{"a", "b"}},
		{ifs: ":", in: ":a::b:", want: []string{"", "a", "", "b"}},
		{ifs: ":", in: ":", want: []string{""}},
		{ifs: ":", in: "::", want: []string{"", ""}},
		{ifs: ":", in: "a: :b", want: []string{"a", " ", "b"}},
		{ifs: ": ", in: "a: :b", want: []string{"a", "", "b"}},
		{ifs: ": ", in: "a :b", want: []string{"a", "b"}},
		{ifs: ": ", in: "  :a", want: []string{"", "a"}},
		{ifs: ": ", in: " a  ", want: []string{"a"}},
		{ifs: " ,", in: "a , b,,c  ,d", want: []string{"a", "b", "", "c", "d"}},
		{ifs: "", in: " a b ", want: []string{" a b "}},
		{ifs: "", in: "", want: nil},
		{ifs: "é", in: "aébéc", want: []string{"a", "b", "c"}},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		r := newTestRunner(t, &out)
		if tc.unset {
			r.unsetVar("IFS")
		} else if err := r.setString("IFS", tc.ifs); err != nil {
			t.Fatal(err)
		}
		w := wordExp{r: r, mode: modeFields}
		w.addSeg(tc.in, segExp)
		w.finish()
		var got []string
		for _, f := range w.fields {
			got = append(got, joinSegs(f))
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("IFS=%q split %q: got %q, want %q", tc.ifs, tc.in, got, tc.want)
		}
	}
}

// TestQuickRemove checks that the regexp-free removals agree with the
// regexps they stand for.
func TestQuickRemove(t *testing.T) {
	t.Parallel()
	var sh shared
	pats := []string{"", "*", "*/", "*.", "/*", ".*", "lib", "*lib", "lib*", "*o", "o*", "1"}
	strs := []string{"", "/usr/local/lib/libfoo.so.1", "lib", "ooo", "a.b.c", "/"}
	for _, pat := range pats {
		for _, suffix := range []bool{false, true} {
			for _, small := range []bool{false, true} {
				f := quickRemove(pat, suffix, small, false)
				if f == nil {
					continue
				}
				rx, ok := sh.removeRx(pat, suffix, small, false)
				if !ok {
					t.Fatalf("pattern %q does not compile", pat)
				}
				for _, s := range strs {
					want := s
					if loc := rx.FindStringSubmatchIndex(s); loc != nil {
						want = s[:loc[2]] + s[loc[3]:]
					}
					if got := f(s); got != want {
						t.Errorf("remove %q (suffix %v small %v) from %q: got %q, want %q", pat, suffix, small, s, got, want)
					}
				}
			}
		}
	}
}

// TestWordExpScripts runs expansions through the runner. The expected
// outputs are bash 5.2's.
func TestWordExpScripts(t *testing.T) {
	t.Parallel()
	pr := `p() { printf '<%s>' "$@"; echo; }` + "\n"
	tests := []struct{ script, want string }{
		{`set -- x y z; p "pre-$@-post" "A${@}B"`, "<pre-x><y><z-post><Ax><y><zB>\n"},
		{`set --; p "$@" "${@:-x}" "${@:+y}" x"$@"`, "<x><x>\n"},
		{`IFS=:; set -- "a:" b; p $@; x=$@; p "$x"`, "<a><><b>\n<a: b>\n"},
		{`IFS=; set -- "a b" "" c; p $@ "$*"`, "<a b><c><a bc>\n"},
		{`unset u; s=S; p "${u:-'$s'}" ${u:-"a b" c} "${u:-~}" ${u:-~}`, "<'S'><a b><c><~></home/me>\n"},
		{`star='*'; t='x*y*z'; p "${t#*"$star"}" "${t#*$star}"`, "<y*z><x*y*z>\n"},
		{`x=abc r='&'; p "${x/b/[&]}" "${x/b/"&"}" "${x/b/\&}" "${x/b/$r$r}"`, "<a[b]c><a&c><a&c><abbc>\n"},
		{`a=(apple banana); p "${a[@]/#/pre-}" "${a[@]/%/-suf}" "${a[@]/%a/A}"`, "<pre-apple><pre-banana><apple-suf><banana-suf><apple><bananA>\n"},
		{`s="it's"; n=$'a\nb'; a=('x y' ''); p "${s@Q}" "${n@Q}" "${a[@]@Q}"`, `<'it'\''s'><$'a\nb'><'x y'><''>` + "\n"},
		{`declare -i i=3; declare -r ro=1; x=v; p "${i@a}" "${ro@A}" "${x@A}"`, "<i><declare -r ro='1'><x='v'>\n"},
		{`s=abcdef; p "${s: -10}" "${s:2:100}" "${s: -1:1}" "${s:1:-1}"`, "<><cdef><f><bcde>\n"},
		{`a=(a b c d); p ${a[-1]} ${a[-10]} next 2>/dev/null`, "t: line 2: a: bad array subscript\n<d><next>\n"},
		{`ref=x x=val; declare -n nr=x; p "${!ref}" "${!nr}" "${nr}"`, "<val><x><val>\n"},
		{`AB1=1 AB2=2; p "${!AB@}" "${!AB*}"`, "<AB1><AB2><AB1 AB2>\n"},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		r := newTestRunner(t, &out)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := r.Run(ctx, strings.NewReader(pr+tc.script), "t")
		cancel()
		if err != nil && ExitCode(err) != 0 {
			t.Errorf("%s: %v", tc.script, err)
		}
		if got := out.String(); got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.script, got, tc.want)
		}
	}
}

// TestWordExpGlob checks pathname expansion with nullglob, failglob,
// extglob and GLOBIGNORE.
func TestWordExpGlob(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	r := newTestRunner(t, &out)
	for _, f := range []string{"a.c", "b.h", "c.o", ".dot"} {
		if err := os.WriteFile(filepath.Join(r.dir, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script := `p() { printf '<%s>' "$@"; echo; }
p * nomatch*
shopt -s extglob
p @(a|b).?
p !(*.c)
shopt -u extglob
GLOBIGNORE='*.o'; p *; unset GLOBIGNORE
shopt -s nullglob; p x nomatch*; shopt -u nullglob
shopt -s failglob; p nomatch*; echo not reached
`
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := r.Run(ctx, strings.NewReader(script), "t")
	if ExitCode(err) != 1 {
		t.Errorf("failglob: exit code %d, want 1", ExitCode(err))
	}
	want := "<a.c><b.h><c.o><nomatch*>\n<a.c><b.h>\n<b.h><c.o>\n<.dot><a.c><b.h>\n<x>\nt: line 9: no match: nomatch*\n"
	if got := out.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
