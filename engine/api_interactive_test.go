package engine

import (
	"context"
	"strings"
	"testing"
)

func TestExpandPrompt(t *testing.T) {
	dir := t.TempDir()
	r, err := New(Env([]string{"HOME=" + dir, "X=val"}), Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	def := `\w$(s=$?; ((s)) && printf " [%d]" $s)\$ `
	if err := r.Run(ctx, strings.NewReader("false"), ""); err == nil {
		t.Fatal("false succeeded")
	}
	tests := []struct{ ps, want string }{
		{`\w`, "~"},
		{`a\\b`, `a\b`},
		{`$X-\j`, "val-0"},
		{`\[x\]y`, "\x01x\x02y"},
		{`\101\?`, "A1"},
		{`$(echo hi)`, "hi"},
		{def, "~ [1]$ "},
		{`\!`, "7"},
	}
	for _, tc := range tests {
		got := r.ExpandPrompt(ctx, tc.ps, 7)
		if strings.HasSuffix(tc.want, "$ ") && !strings.HasSuffix(got, "$ ") {
			tc.want = strings.TrimSuffix(tc.want, "$ ") + "# "
		}
		if got != tc.want {
			t.Errorf("ExpandPrompt(%q) = %q, want %q", tc.ps, got, tc.want)
		}
	}
	if r.Status() != 1 {
		t.Errorf("status after prompts = %d, want 1", r.Status())
	}
	r.Run(ctx, strings.NewReader("true"), "")
	if got := r.ExpandPrompt(ctx, def, 0); got != "~$ " && got != "~# " {
		t.Errorf("default prompt after success = %q", got)
	}
}

func TestInteractiveNames(t *testing.T) {
	r, err := New(Env([]string{"ZZVAR=1"}), Interactive(true))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Run(context.Background(), strings.NewReader("f1() { :; }; alias ll='ls -l'"), "")
	if got := strings.Join(r.FuncNames(), ","); got != "f1" {
		t.Errorf("FuncNames = %q", got)
	}
	if got := strings.Join(r.AliasNames(), ","); got != "ll" {
		t.Errorf("AliasNames = %q", got)
	}
	if !strings.Contains(","+strings.Join(r.VarNames(), ",")+",", ",ZZVAR,") {
		t.Errorf("VarNames lacks ZZVAR")
	}
	if s, ok := r.BuiltinSynopsis("bg"); !ok || !strings.HasPrefix(s, "bg") {
		t.Errorf("BuiltinSynopsis(bg) = %q, %v", s, ok)
	}
	if len(r.Jobs()) != 0 || len(r.CoprocNames()) != 0 {
		t.Errorf("unexpected jobs or coprocs")
	}
}
