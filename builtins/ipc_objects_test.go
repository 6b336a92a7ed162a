package builtins_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ipsh/ipsh/shm"
)

// ipcCheck runs each script in one session and compares stdout and the
// status; stderr must be empty for status 0.
type ipcStep struct {
	script string
	out    string
	status int
	err    string // regexp that stderr must match when status != 0 ("" = empty)
}

func ipcSteps(t *testing.T, s *ipcSession, steps []ipcStep) {
	t.Helper()
	for _, st := range steps {
		res := s.run(st.script)
		ok := res.status == st.status && res.out == st.out
		if st.err == "" {
			ok = ok && res.err == ""
		} else {
			ok = ok && regexp.MustCompile(st.err).MatchString(res.err)
		}
		if !ok {
			t.Errorf("%s\ngot %v\nwant status %d, stdout %q, stderr ~ %q", st.script, res, st.status, st.out, st.err)
		}
	}
}

func TestIPCShmPOSIX(t *testing.T) {
	t.Parallel()
	s := newIpcSession(t)
	ipcSteps(t, s, []ipcStep{
		{script: `shm create -s 16 -m 640 ${P}a && echo ok`, out: "ok\n"},
		{script: `printf 'hello' | shm write ${P}a; shm write -o 5 ${P}a ' world'; shm read -n 11 ${P}a`, out: "hello world"},
		{script: `shm read -o 6 -n 5 -v v ${P}a; echo "[$v]"`, out: "[world]\n"},
		{script: `shm stat ${P}a | grep -E '^(size|mode)'`, out: "size  16\nmode  0640\n"},
		{script: `shm stat --json ${P}a | grep -o '"size":16,"mode":"0640"'`, out: "\"size\":16,\"mode\":\"0640\"\n"},
		// Objects never grow: too much data is refused whole.
		{script: `shm write -o 10 ${P}a 0123456789`, status: 1, err: `^shm: write /\S+a: 10 bytes at offset 10 do not fit in 16 bytes\n$`},
		{script: `head -c 100 /dev/zero | shm write ${P}a`, status: 1, err: `^shm: write /\S+a: more than the 16 bytes that fit at offset 0 \(size 16\)\n$`},
		{script: `shm read -o 17 ${P}a`, status: 1, err: `^shm: read /\S+a: offset 17 is past the end \(size 16\)\n$`},
		{script: `shm create ${P}a`, status: 1, err: `^shm: create /\S+a: .*exists.*\n$`},
		{script: `shm read ${P}nosuch`, status: 1, err: `^shm: open /\S+nosuch: .*no such file.*\n$`},
		{script: `shm create noslash`, status: 2, err: `^shm: noslash: invalid name`},
		{script: `shm create -s 1Q ${P}b`, status: 2, err: `^shm: invalid size "1Q"\nusage: shm create`},
		{script: `shm create -m 999 ${P}b`, status: 2, err: `invalid mode "999"`},
		{script: `shm write`, status: 2, err: `missing /name, -i ID or -k KEY`},
		{script: `shm rm ${P}a && shm rm ${P}a`, status: 1, err: `^shm: remove /\S+a: .*no such file.*\n$`},
		{script: `shm create -s 1K ${P}c; ipc ls | grep -c "${P}c  0600  1024  present  no"`, out: "1\n"},
	})
	s.r.Close()
	if _, err := os.Stat(shm.Dir + strings.TrimPrefix(ipcPrefix+t.Name()+"-c", "")); !os.IsNotExist(err) {
		t.Errorf("the session did not remove its object: %v", err)
	}
}

func TestIPCShmSysV(t *testing.T) {
	t.Parallel()
	s := newIpcSession(t)
	id := strings.TrimSpace(s.must(`touch $D/k; shm create --sysv -k "$(ftok $D/k 9)" -s 64 -m 600`))
	m, err := shm.Segment(ipcAtoi(t, id)).Attach(true)
	if err != nil {
		t.Fatal(err)
	}
	ipcSteps(t, s, []ipcStep{
		{script: `shm write -i ` + id + ` abc; shm write -k "$(ftok $D/k 9)" -o 3 def; shm read -i ` + id + ` -n 6`, out: "abcdef"},
		{script: `shm stat -k "$(ftok $D/k 9)" | grep -E '^(id|size|nattch|status) '`, out: "id     " + id + "\nsize   64\nnattch 1\nstatus -\n"},
		{script: `shm create --sysv -k "$(ftok $D/k 9)" -s 64`, status: 1, err: `^shm: create key 0x[0-9a-f]{8}: .*exists.*\n$`},
		{script: `shm create --sysv -p -k 0x1 -s 1`, status: 2, err: `-k and -p exclude each other`},
		{script: `shm create --sysv`, status: 2, err: `needs -s SIZE`},
		{script: `shm read -i 2147483647`, status: 1, err: `^shm: stat id 2147483647: no such id.*\n$`},
		{script: `shm read -k 0x7ffffff1`, status: 1, err: `^shm: get key 0x7ffffff1: .*\n$`},
		{script: `shm rm -i ` + id + `; shm stat -i ` + id + ` | grep -E '^(key|status) '`, out: "key    0x00000000\nstatus dest\n"},
	})
	m.Unmap()
	if res := s.run(`shm stat -i ` + id); res.status != 1 {
		t.Errorf("segment still there after the last detach: %v", res)
	}
}

func TestIPCMsg(t *testing.T) {
	t.Parallel()
	s := newIpcSession(t)
	q := strings.TrimSpace(s.must(`msg create`))
	ipcSteps(t, s, []ipcStep{
		{script: `for t in 3 1 2 5; do msg send -t $t ` + q + ` "m$t"; done; msg stat ` + q + ` | grep -E '^(messages|bytes) '`, out: "messages 4\nbytes    8\n"},
		// Kernel type selection: -t 2 first of type 2; -t -4 lowest type <= 4;
		// --except -t 3 first not of type 3; 0 the first.
		{script: `msg recv -t 2 --type-var T ` + q + `; echo " $T"`, out: "m2 2\n"},
		{script: `msg recv -t -4 ` + q + `; echo`, out: "m1\n"},
		{script: `msg recv --except -t 3 ` + q + `; echo`, out: "m5\n"},
		{script: `msg recv -v v ` + q + `; echo "$v"`, out: "m3\n"},
		// Empty: --nowait and -T give a quiet status 1.
		{script: `msg recv --nowait ` + q + `; echo $?; msg recv -T 0.05 ` + q + `; echo $?`, out: "1\n1\n"},
		// Standard input, and a receiver waiting in the background.
		{script: `msg recv -t 7 ` + q + ` & printf 'from stdin\n' | msg send -t 7 ` + q + `; wait`, out: "from stdin\n"},
		{script: `head -c 8192 /dev/zero | msg send ` + q + ` && msg recv ` + q + ` | wc -c`, out: "8192\n"},
		{script: `head -c 9000 /dev/zero | msg send ` + q, status: 1, err: `^msg: send id \d+: message of more than 8192 bytes on standard input exceeds msgmax \(8192 bytes\)\n$`},
		{script: `msg send ` + q + ` "$(printf '%9000s' x)"`, status: 1, err: `^msg: send id \d+: message of 9000 bytes exceeds msgmax \(8192 bytes\)\n$`},
		{script: `msg send ` + q + ` abcdef; msg recv -n 3 ` + q, status: 1, err: `^msg: recv id \d+: .*\n$`},
		{script: `msg recv -n 3 --truncate ` + q + `; echo`, out: "abc\n"},
		{script: `msg send -t 0 ` + q + ` x`, status: 2, err: `invalid type "0"`},
		{script: `msg recv --except ` + q, status: 2, err: `--except needs -t TYPE > 0`},
		{script: `msg send 2147483647 x`, status: 1, err: `^msg: send id 2147483647: no such id.*\n$`},
		{script: `msg recv -k 0x7ffffff2`, status: 1, err: `^msg: get key 0x7ffffff2: .*\n$`},
		{script: `msg recv -z ` + q, status: 2, err: `^msg: unknown option -z\nusage: msg recv `},
		{script: `msg rm ` + q + `; msg stat ` + q, status: 1, err: `^msg: stat id \d+: no such id.*\n$`},
	})
}

func TestIPCSem(t *testing.T) {
	t.Parallel()
	s := newIpcSession(t)
	id := strings.TrimSpace(s.must(`sem create -n 3`))
	ipcSteps(t, s, []ipcStep{
		{script: `sem set ` + id + ` 0 2; sem op ` + id + ` 0:-1 1:+3 2:+1; sem get ` + id, out: "1 3 1\n"},
		// All or nothing: 0:-1 could, 2:-2 could not, so neither happens.
		{script: `sem op --nowait ` + id + ` 0:-1 2:-2; echo $?; sem get ` + id, out: "1\n1 3 1\n"},
		{script: `sem op -t 0.05 ` + id + ` 2:-5; echo $?; sem get ` + id + ` 2`, out: "1\n1\n"},
		{script: `sem op ` + id + ` 1:0 & until [ "$(sem stat ` + id + ` | awk '$1==1{print $4}')" = 1 ]; do sleep 0.01; done
			sem stat ` + id + ` | tail -n 3 | awk '{print $1,$2,$3,$4}'; sem set ` + id + ` 1 0; wait; echo done`,
			out: "0 1 0 0\n1 3 0 1\n2 1 0 0\ndone\n"},
		{script: `sem set --all ` + id + ` 4 5 6; sem get ` + id, out: "4 5 6\n"},
		{script: `sem set --all ` + id + ` 4 5`, status: 1, err: `^sem: set id \d+: 2 values for a set of 3 semaphores\n$`},
		{script: `sem set ` + id + ` 0 40000`, status: 1, err: `^sem: set id \d+: value of 40000 exceeds SEMVMX \(32767\)\n$`},
		{script: `sem op ` + id + ` 3:+1`, status: 1, err: `^sem: op id \d+: semaphore number out of range: 3 \(the set has 3, numbered 0 to 2\)\n$`},
		{script: `sem get ` + id + ` 5`, status: 1, err: `^sem: get id \d+: semaphore number out of range: 5`},
		{script: `sem op ` + id + ` 1+1`, status: 2, err: `invalid operation "1\+1"`},
		{script: `sem op ` + id, status: 2, err: `missing operations`},
		{script: `sem create -n 0`, status: 2, err: `invalid number of semaphores "0"`},
		{script: `sem get 2147483647`, status: 1, err: `^sem: get id 2147483647: no such id.*\n$`},
		{script: `sem rm ` + id + ` && sem get ` + id, status: 1, err: `no such id`},
	})
}

func TestIPCSemTooMany(t *testing.T) {
	t.Parallel()
	lim, err := shm.ReadLimits()
	if err != nil {
		t.Fatal(err)
	}
	res := ipcRun(t, `sem create -n `+strings.TrimSpace(strings.Repeat("9", 1))+`999999`)
	if lim.SemMsl < 9999999 && (res.status != 1 || !regexp.MustCompile(`^sem: create key private: .*semmsl.*\n$`).MatchString(res.err)) {
		t.Errorf("too many semaphores: %v", res)
	}
}

// TestIPCSemUndo checks that --undo operations are reverted when the
// process that made them exits.
func TestIPCSemUndo(t *testing.T) {
	t.Parallel()
	s := newIpcSession(t)
	id := strings.TrimSpace(s.must(`sem create`))
	out, err := ipcHelperCmd(t, `sem op --undo `+id+` 0:+5; sem get `+id, false).CombinedOutput()
	if err != nil || string(out) != "5\n" {
		t.Fatalf("helper: %v %q", err, out)
	}
	if got := s.must(`sem get ` + id); got != "0\n" {
		t.Errorf("after the helper exited the value is %q, want 0", got)
	}
}

func TestIPCMQ(t *testing.T) {
	t.Parallel()
	s := newIpcSession(t)
	ipcSteps(t, s, []ipcStep{
		{script: `mq create --max-msgs 2 --msg-size 16 ${P}q && mq send ${P}q low && mq send -p 9 ${P}q high; mq stat ${P}q | grep -E '^(messages|max-msgs|msg-size)'`,
			out: "messages 2\nmax-msgs 2\nmsg-size 16\n"},
		{script: `mq send --nowait ${P}q x; echo $?; mq send -T 0.05 ${P}q x; echo $?`, out: "1\n1\n"},
		{script: `mq recv --prio-var p ${P}q; echo " $p"; mq recv -v v ${P}q; echo "$v"`, out: "high 9\nlow\n"},
		{script: `mq recv --nowait ${P}q; echo $?`, out: "1\n"},
		{script: `mq send ${P}q 01234567890123456`, status: 1, err: `^mq: send /\S+q: message of 17 bytes exceeds the queue's msgsize \(16 bytes\)\n$`},
		{script: `mq send -p 40000 ${P}q x`, status: 2, err: `invalid priority "40000"`},
		{script: `mq create --max-msgs 2 ${P}q2`, status: 2, err: `give both --max-msgs and --msg-size`},
		{script: `mq recv ${P}nosuch`, status: 1, err: `^mq: open /\S+nosuch: .*\n$`},
		{script: `mq rm ${P}q && mq stat ${P}q`, status: 1, err: `^mq: open /\S+q: `},
	})
}

func TestIPCFifo(t *testing.T) {
	t.Parallel()
	s := newIpcSession(t)
	ipcSteps(t, s, []ipcStep{
		{script: `mkfifo -m 640 $D/f && [ -p $D/f ] && stat -c %a $D/f`, out: "640\n"},
		{script: `mkfifo $D/f`, status: 1, err: `^mkfifo: mkfifo \S+/f: file exists\n$`},
		{script: `touch $D/reg; mkfifo $D/reg`, status: 1, err: `^mkfifo: mkfifo \S+/reg: .*not a fifo.*\n$`},
		{script: `ln -s $D/f $D/link; mkfifo $D/link`, status: 1, err: `^mkfifo: mkfifo \S+/link: .*\n$`},
		{script: `mkfifo -m 9 $D/g`, status: 2, err: `invalid mode`},
		// The rendezvous of two unrelated openers, with a timeout so a
		// missing peer cannot hang the script.
		{script: `echo hello >$D/f & fifo open -r -t 10 -v fd $D/f && cat <&$fd; exec {fd}<&-; wait`, out: "hello\n"},
		{script: `fifo open -w -t 0.1 -v fd $D/f`, status: 1, err: `^fifo: open \S+/f: no reader within 100ms\n$`},
		{script: `fifo open -r -t 0.1 --fd 7 $D/f`, status: 1, err: `^fifo: open \S+/f: no writer within 100ms\n$`},
		{script: `fifo open --rw --fd 7 $D/f && echo hi >&7 && head -c 3 <&7; exec 7<&-`, out: "hi\n"},
		{script: `fifo open -r $D/reg`, status: 1, err: `^fifo: open \S+/reg: .*not a fifo.*\n$`},
		{script: `fifo open -r -w $D/f`, status: 2, err: `give one of -r, -w and --rw`},
		{script: `fifo close`, status: 2, err: `unknown subcommand "close"`},
	})
	dir := strings.TrimSpace(s.must(`echo $D`))
	s.r.Close()
	if _, err := os.Lstat(dir + "/f"); !os.IsNotExist(err) {
		t.Errorf("the FIFO outlived the session: %v", err)
	}
}

func TestIPCFtok(t *testing.T) {
	t.Parallel()
	res := ipcRun(t, `touch $D/x; a=$(ftok $D/x 1); b=$(ftok x 1); c=$(ftok $D/x A); [ "$a" = "$b" ] && echo same; echo "${#a} ${a:0:4} ${c:0:4}"; ftok $D/nosuch 1`)
	if res.out != "same\n10 0x01 0x41\n" || res.status != 1 || !regexp.MustCompile(`^ftok: \S+/nosuch: .*no such file.*\n$`).MatchString(res.err) {
		t.Errorf("ftok: %v", res)
	}
	if res := ipcRun(t, `ftok / 300`); res.status != 2 {
		t.Errorf("ftok / 300: %v", res)
	}
}
