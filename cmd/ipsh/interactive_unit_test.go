package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ipsh/ipsh/builtins"
	"github.com/ipsh/ipsh/engine"
	"mvdan.cc/sh/v3/syntax"
)

func TestScanLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line   string
		start  int
		quote  byte
		words  []string
		cmdPos bool
	}{
		{"", 0, 0, nil, true},
		{"ec", 0, 0, nil, true},
		{"echo a", 5, 0, []string{"echo"}, false},
		{"echo a | gr", 9, 0, nil, true},
		{"X=1 ls my\\ f", 7, 0, []string{"ls"}, false},
		{`cat "my f`, 4, '"', []string{"cat"}, false},
		{"if true; then ec", 14, 0, nil, true},
		{"echo $HO", 5, 0, []string{"echo"}, false},
	}
	for _, tc := range tests {
		st := scanLine(tc.line)
		if st.start != tc.start || st.quote != tc.quote || !reflect.DeepEqual(st.words, tc.words) || st.cmdPos != tc.cmdPos {
			t.Errorf("scanLine(%q) = %+v", tc.line, st)
		}
	}
}

func TestSynopsisFlags(t *testing.T) {
	t.Parallel()
	got := synopsisFlags("flock [-s|-x|-u] [-n] [-w SECS] [--range OFFSET:LEN] [-dkq] PATH")
	want := []string{"-s", "-x", "-u", "-n", "-w", "--range", "-d", "-k", "-q"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("synopsisFlags = %q, want %q", got, want)
	}
}

func TestQuoteWord(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		q    byte
		want string
	}{
		{"my file", 0, `my\ file`},
		{"a$b", 0, `a\$b`},
		{"my file", '"', `"my file`},
		{"it's", '\'', `'it'\''s`},
		{"~/x=1", 0, `\~/x=1`},
	} {
		if got := quoteWord(tc.in, tc.q); got != tc.want {
			t.Errorf("quoteWord(%q, %q) = %q, want %q", tc.in, tc.q, got, tc.want)
		}
	}
}

func TestHistoryEntry(t *testing.T) {
	t.Parallel()
	parse := func(s string) *syntax.File {
		f, err := syntax.NewParser().Parse(strings.NewReader(s), "")
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, tc := range []struct{ src, want string }{
		{"echo a\n", "echo a"},
		{" echo secret\n", ""},
		{"for i in 1 2\ndo\necho $i\ndone\n", "for i in 1 2; do echo $i; done"},
		{"echo a |\ncat\n", "echo a | cat"},
	} {
		if got := historyEntry(tc.src, parse(tc.src)); got != tc.want {
			t.Errorf("historyEntry(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestHistoryBuiltin(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := &history{}
	r, err := engine.New(engine.Env([]string{"HOME=" + dir, "HISTSIZE=3"}), engine.Builtins(h.builtin()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	h.configure(r)
	for _, e := range []string{"a", "a", "b", "c", "d"} {
		h.add(e)
	}
	if !reflect.DeepEqual(h.entries, []string{"b", "c", "d"}) {
		t.Fatalf("entries = %q", h.entries)
	}
	var out strings.Builder
	r2, _ := engine.New(engine.Env([]string{"HOME=" + dir}), engine.StdIO(nil, &out, &out), engine.Builtins(h.builtin()))
	defer r2.Close()
	r2.Run(context.Background(), strings.NewReader("history 2; history -d 1; history; history -w; history -c; history; history -r; history -x"), "")
	want := "    2  c\n    3  d\n    1  c\n    2  d\nhistory: -x: invalid option\nusage: history [-c] [-d OFFSET] [N]\n"
	if out.String() != want {
		t.Errorf("history output:\n%s\nwant:\n%s", out.String(), want)
	}
	b, err := os.ReadFile(filepath.Join(dir, ".ipsh_history"))
	if err != nil || string(b) != "c\nd\n" {
		t.Errorf("history file = %q, %v", b, err)
	}
	if !reflect.DeepEqual(h.entries, []string{"c", "d"}) {
		t.Errorf("after -r: %q", h.entries)
	}
}

func TestCompleteCandidates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "my file.txt"), nil, 0o600)
	os.Mkdir(filepath.Join(dir, "sub dir"), 0o700)
	r, err := engine.New(engine.Env([]string{"HOME=" + dir, "PATH=/nonexistent", "ZZTOP=1"}), engine.Dir(dir),
		engine.Builtins(builtins.All()...), engine.Interactive(true))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Run(context.Background(), strings.NewReader("zzfunc() { :; }; alias zzalias=ls"), "")
	c := &completer{r: r}
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"zz", []string{"zzalias ", "zzfunc "}},
		{"echo $ZZT", []string{"$ZZTOP"}},
		{"echo ${ZZT", []string{"${ZZTOP}"}},
		{"cat my", []string{`my\ file.txt `}},
		{`cat "my`, []string{`"my file.txt" `}},
		{"cd su", []string{`sub\ dir/`}},
		{"sock con", []string{"connect "}},
		{"sock connect -", []string{"-t ", "-v "}},
		{"mktemp -", []string{"-d ", "-k ", "-p ", "-q ", "-t ", "-u "}},
		{"fg %", []string{}},
		{"{ zzf", []string{"zzfunc "}},
	} {
		_, got, _ := c.complete(tc.line, len([]rune(tc.line)))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("complete(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}
