package builtins_test

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/ipsh/ipsh/shm"
)

// ipcNeedNS skips tests that must see every System V object of the
// namespace, when TestMain could not make a private one.
func ipcNeedNS(t *testing.T) {
	if os.Getenv(ipcNSEnv) == "" {
		t.Skip("needs the private IPC namespace (run as root)")
	}
}

// utilIpcs runs util-linux's ipcs with args (as uid when cred is set).
func utilIpcs(t *testing.T, cred *syscall.Credential, args ...string) string {
	t.Helper()
	path, err := exec.LookPath("ipcs")
	if err != nil {
		t.Skip("util-linux ipcs not installed")
	}
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ipcs %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestIPCIpcsMatchesUtilLinux creates objects of every kind and state and
// checks that every listing of the ipcs builtin is byte for byte what
// util-linux's ipcs prints for them.
func TestIPCIpcsMatchesUtilLinux(t *testing.T) {
	ipcNeedNS(t)
	s := newIpcSession(t)
	// A segment attached by us (nattch 1), one removed while attached
	// (status dest, key 0), keyed and private objects, modes, messages,
	// semaphore values, and objects owned by nobody and by a uid without
	// a passwd entry.
	ids := s.must(`
		touch $D/k
		seg=$(shm create --sysv -k "$(ftok $D/k 1)" -s 1536 -m 640)
		seg2=$(shm create --sysv -s 3M)
		q=$(msg create -k "$(ftok $D/k 2)" -m 604)
		msg send -t 2 $q hello; msg send $q "a longer message"
		q2=$(msg create)
		sem=$(sem create -n 3 -k "$(ftok $D/k 3)" -m 666); sem set $sem 1 7; sem op $sem 2:+1
		sem2=$(sem create)
		echo $seg $seg2 $q $q2 $sem $sem2`)
	f := strings.Fields(ids)
	seg, seg2 := ipcAtoi(t, f[0]), ipcAtoi(t, f[1])
	m1, err := shm.Segment(seg).Attach(false)
	if err != nil {
		t.Fatal(err)
	}
	defer m1.Unmap()
	m2, err := shm.Segment(seg2).Attach(true)
	if err != nil {
		t.Fatal(err)
	}
	defer m2.Unmap()
	s.must("shm rm -i " + f[1]) // dest while attached
	// Objects of other owners.
	for _, uid := range []uint32{65534, 54321} {
		cmd := exec.Command("ipcmk", "-Q", "-S", "1", "-M", "10")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ipcmk as %d: %v\n%s", uid, err, out)
		}
	}
	defer s.run("ipcrm -a")
	cases := [][]string{
		{}, {"-a"}, {"-m"}, {"-q"}, {"-s"}, {"-t"}, {"-p"}, {"-c"}, {"-u"}, {"-l"},
		{"-b"}, {"--human"}, {"-m", "-t"}, {"-q", "-p"}, {"-s", "-c"}, {"-s", "-p"}, {"-mq", "--human"},
		{"-l", "-b"}, {"-l", "--human"}, {"-u", "-b"}, {"-u", "--human"}, {"-m", "-l"}, {"-q", "-u"},
		{"-t", "-c"}, {"-c", "-p"}, {"-qs", "-t"},
		{"-m", "-i", f[0]}, {"-m", "-i", f[1]}, {"-m", "-i", f[0], "--human"}, {"-m", "-i", f[0], "-b"},
		{"-q", "-i", f[2]}, {"-q", "-i", f[2], "--human"}, {"-s", "-i", f[4]}, {"-s", "-i", f[5]},
	}
	for _, args := range cases {
		want := utilIpcs(t, nil, args...)
		got := s.run("ipcs " + strings.Join(args, " "))
		if got.status != 0 || got.err != "" {
			t.Errorf("ipcs %v: %v", args, got)
			continue
		}
		if got.out != want {
			t.Errorf("ipcs %s differs from util-linux:\n--- ours\n%s\n--- util-linux\n%s", strings.Join(args, " "), got.out, want)
		}
	}
	// As nobody: the queue root owns is listed but not readable, so its
	// qbytes is 0 in both.
	out, err := ipcHelperCmd(t, "ipcs; ipcs -q -i "+f[2]+"; ipcs -c", true).CombinedOutput()
	if err != nil {
		t.Fatalf("ipcs as nobody: %v\n%s", err, out)
	}
	nobody := &syscall.Credential{Uid: 65534, Gid: 65534}
	want := utilIpcs(t, nobody) + utilIpcs(t, nobody, "-q", "-i", f[2]) + utilIpcs(t, nobody, "-c")
	if string(out) != want {
		t.Errorf("ipcs as nobody differs:\n--- ours\n%s\n--- util-linux\n%s", out, want)
	}
}

// TestIPCIpcsErrors checks ipcs's usage and lookup errors.
func TestIPCIpcsErrors(t *testing.T) {
	for _, tc := range []struct {
		args   string
		status int
		err    string
	}{
		{"-x", 2, "ipcs: unknown option -x\n"},
		{"-i 3", 1, "ipcs: when using an ID, a single resource must be specified\n"},
		{"-m -q -i 3", 1, "ipcs: when using an ID, a single resource must be specified\n"},
		{"-m -i 2147483647", 1, "ipcs: id 2147483647 not found\n"},
		{"-q -i 2147483647", 1, "ipcs: id 2147483647 not found\n"},
		{"-s -i 2147483647", 1, "ipcs: id 2147483647 not found\n"},
		{"-m -i abc", 2, "ipcs: invalid id \"abc\""},
		{"extra", 2, "ipcs: unexpected argument \"extra\"\n"},
	} {
		res := ipcRun(t, "ipcs "+tc.args)
		if res.status != tc.status || !strings.HasPrefix(res.err, tc.err) || res.out != "" {
			t.Errorf("ipcs %s: want status %d and %q, got %v", tc.args, tc.status, tc.err, res)
		}
	}
}

// TestIPCIpcsJSON checks that --json lists the same objects.
func TestIPCIpcsJSON(t *testing.T) {
	res := ipcRun(t, `q=$(msg create); msg send $q hi; echo $q; ipcs -q --json; ipcs -q -i $q --json; ipcs -l --json; ipcs -u --json`)
	if res.status != 0 {
		t.Fatal(res)
	}
	id := strings.SplitN(res.out, "\n", 2)[0]
	for _, re := range []string{
		`"queues": \[`, `"id": ` + id + `,\n\s*"owner": "root"`, `"used_bytes": 2,`, `"messages": 1,`,
		`"msgmax": \d+`, `"shmmax": \d+`, `"semvmx": 32767`, `"queues": \d+`,
	} {
		if !regexp.MustCompile(re).MatchString(res.out) {
			t.Errorf("ipcs --json output lacks %s:\n%s", re, res.out)
		}
	}
}

// TestIPCIpcrm removes by id and by key, in the new and the old syntax,
// and checks the error messages against util-linux's ipcrm.
func TestIPCIpcrm(t *testing.T) {
	ipcNeedNS(t)
	s := newIpcSession(t)
	out := s.must(`touch $D/k
		m=$(shm create --sysv -s 10 -k "$(ftok $D/k 1)"); q=$(msg create -k "$(ftok $D/k 2)"); se=$(sem create -k "$(ftok $D/k 3)")
		echo "$m $q $se"
		ipcrm -v -M "$(ftok $D/k 1)" -Q "$(ftok $D/k 2)" -S "$(ftok $D/k 3)"
		ipcs -m -q -s | grep -c 0x || true
		m=$(shm create --sysv -s 10); q=$(msg create); se=$(sem create)
		ipcrm -m $m -q $q -s $se; ipcs | grep -c 0x || true
		q=$(msg create); q2=$(msg create); ipcrm msg $q $q2
		ipcmk -Q -S 1 -M 1 >/dev/null; ipcrm --all=msg; ipcs -q | grep -c 0x || true; ipcrm -a; ipcs | grep -c 0x || true
		ipc ls`)
	lines := strings.Split(out, "\n")
	ids := strings.Fields(lines[0])
	want := "removing shared memory segment id `" + ids[0] + "'\nremoving message queue id `" + ids[1] + "'\nremoving semaphore id `" + ids[2] + "'\n" +
		"0\n0\nresource(s) deleted\n0\n0\nTYPE  NAME/ID  MODE  SIZE  STATE  KEEP\n"
	if got := strings.Join(lines[1:], "\n"); got != want {
		t.Errorf("ipcrm session:\n%s\nwant:\n%s", got, want)
	}
	// Errors, as util-linux's ipcrm words them.
	ipcrm, err := exec.LookPath("ipcrm")
	if err != nil {
		t.Skip("util-linux ipcrm not installed")
	}
	for _, args := range [][]string{
		{"-m", "99999"}, {"-q", "99999", "-s", "99998"}, {"-M", "0x1234"}, {"-Q", "0"},
		{"shm", "99999"}, {"-m", "abc"}, {"-S", "zz"}, {"sem", "x", "99999"},
	} {
		cmd := exec.Command(ipcrm, args...)
		wantOut, _ := cmd.CombinedOutput()
		wantStatus := cmd.ProcessState.ExitCode()
		res := s.run("ipcrm " + strings.Join(args, " "))
		if res.out+res.err != string(wantOut) || res.status != wantStatus {
			t.Errorf("ipcrm %v: got %v\nwant status %d and\n%s", args, res, wantStatus, wantOut)
		}
	}
	if res := s.run("ipcrm -x"); res.status != 2 || !strings.HasPrefix(res.err, "ipcrm: unknown option -x\n") {
		t.Errorf("ipcrm -x: %v", res)
	}
}

// TestIPCIpcmk checks ipcmk's output, modes and sizes.
func TestIPCIpcmk(t *testing.T) {
	s := newIpcSession(t)
	out := s.must(`ipcmk -M 2K -Q -S 4 -p 0600`)
	re := regexp.MustCompile(`^Shared memory id: (\d+)\nMessage queue id: (\d+)\nSemaphore id: (\d+)\n$`)
	m := re.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("ipcmk printed %q", out)
	}
	st := s.must("shm stat -i " + m[1] + " | grep -E '^(size|mode)'; sem stat " + m[3] + " | grep nsems; msg stat " + m[2] + " | grep mode")
	if st != "size   2048\nmode   0600\nnsems 4\nmode     0600\n" {
		t.Errorf("ipcmk objects:\n%s", st)
	}
	for _, args := range []string{"", "-M", "-M 1Q", "-S 0", "-p 999 -Q", "-Z"} {
		if res := s.run("ipcmk " + args); res.status != 2 || res.out != "" {
			t.Errorf("ipcmk %s: %v", args, res)
		}
	}
}
