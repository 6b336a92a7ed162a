package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// knownDiffs reads testdata/diff/KNOWN-DIFFERENCES: "name.sh: reason".
func knownDiffs(t *testing.T, dir string) map[string]string {
	known := map[string]string{}
	f, err := os.Open(filepath.Join(dir, "KNOWN-DIFFERENCES"))
	if os.IsNotExist(err) {
		return known
	}
	if err != nil {
		t.Fatalf("known differences: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("known differences: bad line %q", line)
		}
		known[strings.TrimSpace(name)] = strings.TrimSpace(reason)
	}
	return known
}

type shellResult struct {
	stdout, stderr string
	code           int
}

func runShell(t *testing.T, shell []string, env []string, script, dir string) shellResult {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, shell[0], append(shell[1:], script)...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = nil
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %s: %v", shell[0], script, err)
		}
		code = ee.ExitCode()
		if code < 0 {
			code = 128 + int(ee.Sys().(interface{ Signal() os.Signal }).Signal().(interface{ String() string }).String()[0])
		}
	}
	if ctx.Err() != nil {
		t.Fatalf("%s %s: timed out", shell[0], script)
	}
	return shellResult{out.String(), errb.String(), code}
}

// TestDiff runs every testdata/diff/*.sh under bash and under ipsh and
// compares stdout and exit status (and stderr where the script asks).
func TestDiff(t *testing.T) {
	if testing.Short() {
		t.Skip("differential suite skipped in -short mode")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not installed")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs("../../testdata/diff")
	scripts, _ := filepath.Glob(filepath.Join(dir, "*.sh"))
	if len(scripts) == 0 {
		t.Fatal("no scripts in testdata/diff")
	}
	known := knownDiffs(t, dir)
	for _, script := range scripts {
		name := filepath.Base(script)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(script)
			if err != nil {
				t.Fatal(err)
			}
			head := string(src[:min(len(src), 300)])
			wantStderr := strings.Contains(head, "# diff: stderr")
			run := func(shell []string, extra ...string) shellResult {
				tmp := t.TempDir()
				env := []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + tmp, "LC_ALL=C", "TZ=UTC"}
				return runShell(t, shell, append(env, extra...), script, tmp)
			}
			want := run([]string{bash})
			got := run([]string{self}, "IPSH_TEST_AS_SHELL=1")
			var problems []string
			if got.stdout != want.stdout {
				problems = append(problems, "stdout differs:\n--- bash\n"+want.stdout+"\n--- ipsh\n"+got.stdout)
			}
			if got.code != want.code {
				problems = append(problems, "exit status: bash "+itoa(want.code)+", ipsh "+itoa(got.code)+"\nipsh stderr:\n"+got.stderr)
			}
			if wantStderr && got.stderr != want.stderr {
				problems = append(problems, "stderr differs:\n--- bash\n"+want.stderr+"\n--- ipsh\n"+got.stderr)
			}
			reason, isKnown := known[name]
			switch {
			case len(problems) > 0 && isKnown:
				t.Skipf("known difference: %s", reason)
			case len(problems) > 0:
				t.Errorf("%s\n(ipsh stderr: %s)", strings.Join(problems, "\n"), got.stderr)
			case isKnown:
				t.Logf("listed in KNOWN-DIFFERENCES but now matches bash: %s", name)
			}
		})
	}
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
