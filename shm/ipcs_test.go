package shm_test

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/ipsh/ipsh/shm"
)

// TestLimitsMatchIpcs compares ReadLimits with util-linux's `ipcs -l`.
func TestLimitsMatchIpcs(t *testing.T) {
	l, err := shm.ReadLimits()
	if err != nil {
		t.Fatal(err)
	}
	if l.MsgMax == 0 || l.SemMsl == 0 || l.ShmMni == 0 || l.PageSize == 0 || l.SemVmx != 32767 {
		t.Errorf("limits = %+v", l)
	}
	out, err := exec.Command("ipcs", "-l").Output()
	if err != nil {
		t.Skip("no util-linux ipcs:", err)
	}
	vals := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, " = "); ok {
			vals[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	for k, want := range map[string]uint64{
		"max queues system wide":            l.MsgMni,
		"max size of message (bytes)":       l.MsgMax,
		"default max size of queue (bytes)": l.MsgMnb,
		"max number of segments":            l.ShmMni,
		"max seg size (kbytes)":             l.ShmMax >> 10,
		"min seg size (bytes)":              l.ShmMin,
		"max number of arrays":              l.SemMni,
		"max semaphores per array":          l.SemMsl,
		"max semaphores system wide":        l.SemMns,
		"max ops per semop call":            l.SemOpm,
		"semaphore max value":               uint64(l.SemVmx),
	} {
		if vals[k] != strconv.FormatUint(want, 10) {
			t.Errorf("%s: ipcs says %q, ReadLimits %d", k, vals[k], want)
		}
	}
}

// TestListingMatchesIpcs checks that objects appear in util-linux's ipcs
// with the ids, keys and counts the listing functions report.
func TestListingMatchesIpcs(t *testing.T) {
	if _, err := exec.LookPath("ipcs"); err != nil {
		t.Skip("no util-linux ipcs")
	}
	key := testKey(t)
	q := newQueue(t, key, 0o640)
	if err := q.Send(testCtx(t), 1, []byte("12345"), false); err != nil {
		t.Fatal(err)
	}
	seg := newSegment(t, shm.Private, 5000, 0o600)
	sem := newSemSet(t, 4, 0o600)
	out, err := exec.Command("ipcs", "-a").Output()
	if err != nil {
		t.Fatal(err)
	}
	find := func(section string, id int) []string {
		_, sec, _ := strings.Cut(string(out), section)
		_, sec, _ = strings.Cut(sec, "\n")
		sec, _, _ = strings.Cut(sec, "------")
		for _, line := range strings.Split(sec, "\n") {
			f := strings.Fields(line)
			if len(f) > 2 && f[1] == strconv.Itoa(id) {
				return f
			}
		}
		return nil
	}
	// key msqid owner perms used-bytes messages
	if f := find("Message Queues", int(q)); len(f) != 6 || f[0] != key.String() || f[3] != "640" || f[4] != "5" || f[5] != "1" {
		t.Errorf("ipcs queue line %v", f)
	}
	// key shmid owner perms bytes nattch [status]
	if f := find("Shared Memory Segments", int(seg)); len(f) < 6 || f[0] != "0x00000000" || f[3] != "600" || f[4] != "5000" || f[5] != "0" {
		t.Errorf("ipcs segment line %v", f)
	}
	// key semid owner perms nsems
	if f := find("Semaphore Arrays", int(sem)); len(f) != 5 || f[4] != "4" {
		t.Errorf("ipcs semaphore line %v", f)
	}
	qs, _ := shm.Queues()
	for _, e := range qs {
		if e.ID == q && (e.Perm.Key != key || e.CBytes != 5 || e.QNum != 1) {
			t.Errorf("Queues entry %+v", e)
		}
	}
}

func TestUsage(t *testing.T) {
	seg := newSegment(t, shm.Private, 3*4096, 0o600)
	_ = seg
	newSemSet(t, 2, 0o600)
	u, err := shm.ReadUsage()
	if err != nil {
		t.Fatal(err)
	}
	if u.Segments < 1 || u.PagesAllocated < 3 || u.SemSets < 1 || u.AllocatedSemaphores < 2 {
		t.Errorf("Usage = %+v", u)
	}
	out, err := exec.Command("ipcs", "-u").Output()
	if err != nil {
		t.Skip("no util-linux ipcs:", err)
	}
	// Other processes may create objects meanwhile; only check the format
	// carries the same labels we fill.
	for _, label := range []string{"allocated queues", "used headers", "used space", "segments allocated", "pages allocated", "pages resident", "pages swapped", "used arrays", "allocated semaphores"} {
		if !strings.Contains(string(out), label) {
			t.Errorf("ipcs -u lacks %q", label)
		}
	}
}
