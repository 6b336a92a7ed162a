package builtins_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsh/ipsh/shm"
)

// TestIPCPermissionDenied runs the builtins as nobody against objects
// root made with mode 0600: each refusal is one clear line, status 1.
func TestIPCPermissionDenied(t *testing.T) {
	s := newIpcSession(t)
	ids := strings.Fields(s.must(`shm create -s 8 ${P}p; mq create ${P}q; chmod 755 $D; mkfifo $D/f
		q=$(msg create); m=$(shm create --sysv -s 8); se=$(sem create); echo $q $m $se $P $D`))
	q, m, se, p, d := ids[0], ids[1], ids[2], ids[3], ids[4]
	for _, tc := range []struct{ script, err string }{
		{`msg send ` + q + ` hi`, `^msg: send id ` + q + `: .*permission denied.*\n$`},
		{`msg recv --nowait ` + q, `^msg: recv id ` + q + `: .*permission denied.*\n$`},
		{`msg stat ` + q, `^msg: stat id ` + q + `: .*permission denied.*\n$`},
		{`shm read -i ` + m, `^shm: stat id ` + m + `: .*permission denied.*\n$`},
		{`sem op ` + se + ` 0:+1`, `^sem: op id ` + se + `: .*permission denied.*\n$`},
		{`sem get ` + se, `^sem: get id ` + se + `: .*permission denied.*\n$`},
		{`shm read ` + p + `p`, `^shm: open ` + p + `p: .*permission denied.*\n$`},
		{`shm rm ` + p + `p`, `^shm: remove ` + p + `p: .*(permission denied|operation not permitted).*\n$`},
		{`mq send ` + p + `q x`, `^mq: open ` + p + `q: .*permission denied.*\n$`},
		{`fifo open -r -t 1 ` + d + `/f`, `^fifo: open ` + d + `/f: .*permission denied.*\n$`},
		{`ipcrm -q ` + q, `^ipcrm: permission denied for id \(` + q + `\)\n$`},
		{`msg rm ` + q, `^msg: remove id ` + q + `: .*(permission denied|operation not permitted).*\n$`},
	} {
		cmd := ipcHelperCmd(t, tc.script, true)
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		status := 0
		if ee, ok := err.(*exec.ExitError); ok {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if status != 1 || out.String() != "" || !regexp.MustCompile("(?i)"+tc.err).MatchString(errb.String()) {
			t.Errorf("as nobody: %s\nstatus %d, stdout %q, stderr %q; want status 1 and %s", tc.script, status, out.String(), errb.String(), tc.err)
		}
	}
	// Nothing was touched.
	if got := s.must(`msg stat ` + q + ` | grep messages; sem get ` + se); got != "messages 0\n0\n" {
		t.Errorf("objects changed: %q", got)
	}
}

// TestIPCKernelLimits lowers the limits of the test's IPC namespace and
// checks that requests over them fail with one line naming the limit.
func TestIPCKernelLimits(t *testing.T) {
	ipcNeedNS(t)
	for _, f := range []string{"shmmax", "msgmax"} {
		path := "/proc/sys/kernel/" + f
		old, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("4096"), 0); err != nil {
			t.Skip(err)
		}
		t.Cleanup(func() { os.WriteFile(path, old, 0) })
	}
	res := ipcRun(t, `shm create --sysv -s 1M; echo $?; q=$(msg create); msg send $q "$(printf '%5000s' x)"; echo $?
		head -c 4097 /dev/zero | msg send $q; echo $?; head -c 4096 /dev/zero | msg send $q; echo $?`)
	if res.out != "1\n1\n1\n0\n" {
		t.Errorf("statuses: %v", res)
	}
	want := `^shm: create key private: segment size of 1048576 bytes exceeds shmmax \(4096 bytes\)
msg: send id \d+: message of 5000 bytes exceeds msgmax \(4096 bytes\)
msg: send id \d+: message of more than 4096 bytes on standard input exceeds msgmax \(4096 bytes\)
$`
	if !regexp.MustCompile(want).MatchString(res.err) {
		t.Errorf("errors:\n%s\nwant\n%s", res.err, want)
	}
}

// TestIPCLedger checks that the session records what it creates, lists
// it, keeps what it is told to keep and removes the rest when closed.
func TestIPCLedger(t *testing.T) {
	s := newIpcSession(t)
	out := s.must(`q=$(msg create); kq=$(msg create --keep); m=$(shm create --sysv -s 1); se=$(sem create -n 2)
		shm create -s 10 ${P}a; mq create ${P}q; mkfifo $D/f; ipcmk -Q | cut -d' ' -f4
		echo $q $kq $m $se`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	ids := strings.Fields(lines[1])
	mk, q, kq, m, se := lines[0], ids[0], ids[1], ids[2], ids[3]
	var list []struct {
		Type, Name, State, Mode string
		ID                      *int
		Keep                    bool
		Size                    int64
	}
	if err := json.Unmarshal([]byte(s.must(`ipc ls --json`)), &list); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range list {
		n := o.Name
		if o.ID != nil {
			n = "#"
		}
		got = append(got, strings.Join([]string{o.Type, n, o.State, o.Mode}, " "))
	}
	want := []string{"sysv-msg # present 0600", "sysv-msg # present 0600", "sysv-shm # present 0600", "sysv-sem # present 0600",
		"shm " + ipcPrefix + t.Name() + "-a present 0600", "mq " + ipcPrefix + t.Name() + "-q present 0600",
		"fifo " + strings.TrimSpace(s.must(`echo $D`)) + "/f present 0600", "sysv-msg # present 0644"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || !list[1].Keep || list[0].Keep {
		t.Errorf("ipc ls:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	d, p := strings.TrimSpace(s.must(`echo $D`)), ipcPrefix+t.Name()+"-"
	// Removing an object by hand drops it from the ledger; ipc keep and
	// ipc clean; an ambiguous id.
	ipcSteps(t, s, []ipcStep{
		{script: `msg rm ` + q + `; ipc ls | grep -c sysv-msg`, out: "2\n"},
		{script: `ipc keep sysv-sem:` + se + ` ${P}a; ipc ls | grep -E '^(sysv-sem|shm) ' | awk '{print $1, $NF}'`, out: "sysv-sem yes\nshm yes\n"},
		{script: `ipc keep -u ${P}a`},
		{script: `ipc keep nosuch`, status: 1, err: `^ipc: keep nosuch: not in the ledger\n$`},
		{script: `ipc clean -v | sort`, out: "removed fifo " + d + "/f\nremoved mq " + p + "q\nremoved shm " + p + "a\nremoved sysv-msg " + mk + "\nremoved sysv-shm " + m + "\n"},
	})
	// ipc clean removed everything not kept: the queue made by ipcmk, the
	// segment, the POSIX objects and the FIFO.
	for _, script := range []string{`msg stat ` + mk, `shm stat -i ` + m, `shm stat ${P}a`, `mq stat ${P}q`, `[ -e $D/f ]`} {
		if res := s.run(script); res.status == 0 {
			t.Errorf("%s: still there after ipc clean", script)
		}
	}
	if got := s.must(`ipc ls | awk 'NR>1{print $1, $NF}'`); got != "sysv-msg yes\nsysv-sem yes\n" {
		t.Errorf("after clean: %q", got)
	}
	// Close keeps what is kept; remove those by hand.
	s.r.Close()
	defer shm.Queue(ipcAtoi(t, kq)).Remove()
	defer shm.SemSet(ipcAtoi(t, se)).Remove()
	if _, err := shm.Queue(ipcAtoi(t, kq)).Stat(); err != nil {
		t.Errorf("kept queue: %v", err)
	}
	if _, err := shm.SemSet(ipcAtoi(t, se)).Stat(); err != nil {
		t.Errorf("kept set: %v", err)
	}
}

// TestIPCLedgerCloseRemoves checks that closing the runner removes every
// object that was not kept.
func TestIPCLedgerCloseRemoves(t *testing.T) {
	s := newIpcSession(t)
	ids := strings.Fields(s.must(`msg create; shm create --sysv -s 1; sem create; shm create ${P}x; mq create ${P}q; mkfifo $D/f; echo $D`))
	s.r.Close()
	if _, err := shm.Queue(ipcAtoi(t, ids[0])).Stat(); err == nil {
		t.Error("queue left")
	}
	if _, err := shm.Segment(ipcAtoi(t, ids[1])).Stat(); err == nil {
		t.Error("segment left")
	}
	if _, err := shm.SemSet(ipcAtoi(t, ids[2])).Stat(); err == nil {
		t.Error("semaphore set left")
	}
	p := ipcPrefix + t.Name() + "-"
	if _, err := shm.StatName(p + "x"); err == nil {
		t.Error("POSIX shm left")
	}
	if _, err := shm.OpenMQ(p+"q", os.O_RDONLY); err == nil {
		t.Error("POSIX mq left")
	}
	if _, err := os.Lstat(ids[3] + "/f"); err == nil {
		t.Error("FIFO left")
	}
}

// TestIPCLedgerStale kills a session with SIGKILL after it created
// objects, then cleans what it left with ipc clean --stale.
func TestIPCLedgerStale(t *testing.T) {
	s := newIpcSession(t)
	ldir := t.TempDir()
	cmd := ipcHelperCmd(t, `q=$(msg create); mkfifo $LDIR/f; echo $q; exec sleep 60`, false)
	cmd.Env = append(cmd.Env, "IPSH_IPC_TEST_LEDGER="+ldir, "LDIR="+ldir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := stdout.Read(buf)
	q := strings.TrimSpace(string(buf[:n]))
	// The ledger file is written before the id is printed.
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if _, err := shm.Queue(ipcAtoi(t, q)).Stat(); err != nil {
		t.Fatalf("the killed session's queue is already gone: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(ldir, "ipsh-ledger-*.json"))
	if len(files) != 1 {
		t.Fatalf("ledger files: %v", files)
	}
	out := s.must(`ipc clean --stale -d ` + ldir + ` -v | sort`)
	if out != "removed fifo "+ldir+"/f\nremoved sysv-msg "+q+"\n" {
		t.Errorf("ipc clean --stale printed %q", out)
	}
	if _, err := shm.Queue(ipcAtoi(t, q)).Stat(); err == nil {
		t.Error("queue left after ipc clean --stale")
		shm.Queue(ipcAtoi(t, q)).Remove()
	}
	files, _ = filepath.Glob(filepath.Join(ldir, "ipsh-ledger-*.json"))
	if len(files) != 0 {
		t.Errorf("ledger files left: %v", files)
	}
	_ = time.Second
}

// TestIPCHelp checks that every builtin has a synopsis, a summary and
// help, and that --help prints them.
func TestIPCHelp(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"shm", "ftok", "msg", "sem", "mq", "ipcmk", "ipcs", "ipcrm", "mkfifo", "fifo", "ipc"} {
		res := ipcRun(t, name+" --help")
		lines := strings.Split(res.out, "\n")
		if res.status != 0 || len(lines) < 4 || !strings.HasPrefix(lines[0], name) {
			t.Errorf("%s --help: %v", name, res)
		}
		if res := ipcRun(t, name+" --no-such-flag"); res.status != 2 || !strings.Contains(res.err, "usage: "+name) {
			t.Errorf("%s --no-such-flag: %v", name, res)
		}
	}
}
