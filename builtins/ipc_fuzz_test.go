package builtins

import (
	"strings"
	"testing"
)

// FuzzIPCParsers feeds arbitrary text to the parsers of the IPC builtins'
// user input: option lists, sizes, modes, keys, ids, timeouts and
// semaphore operations. They must return an error, never panic, and
// accept what they print back.
func FuzzIPCParsers(f *testing.F) {
	for _, s := range []string{"-s 4096 /x", "--size=1M -m 0640 --keep", "-qt", "-ashm", "-k 0x1234abcd",
		"1K", "2MiB", "3GB", "0x7fffffff", "-1", "0:+1", "1:-2", "2:0", "9999999999999999999Z", "1.5", ""} {
		f.Add(s)
	}
	flags := []ipcFlag{{short: 's', long: "size", arg: true}, {short: 'm', arg: true}, {long: "keep"},
		{short: 'q'}, {short: 't'}, {short: 'a', long: "all", optional: true}, {short: 'k', arg: true}}
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Fields(s)
		if _, pos, err := ipcGetopt(words, flags); err == nil {
			for _, p := range pos {
				if !strings.Contains(s, p) {
					t.Fatalf("%q: operand %q is not in the input", s, p)
				}
			}
		}
		if n, err := ipcParseSize(s); err == nil && n < 0 {
			t.Fatalf("size %q gave %d", s, n)
		}
		if m, err := ipcParseMode(s); err == nil && m > 0o777 {
			t.Fatalf("mode %q gave %o", s, m)
		}
		if k, err := ipcParseKey(s); err == nil {
			if k2, err := ipcParseKey(k.String()); err != nil || k2 != k {
				t.Fatalf("key %q: %v does not round-trip (%v)", s, k, err)
			}
		}
		if id, err := ipcParseID(s); err == nil && id < 0 {
			t.Fatalf("id %q gave %d", s, id)
		}
		if d, err := ipcParseSeconds(s); err == nil && d < 0 {
			t.Fatalf("timeout %q gave %v", s, d)
		}
		if op, err := ipcParseSemOp(s); err == nil {
			if op2, err := ipcParseSemOp(op.String()); err != nil || op2 != op {
				t.Fatalf("op %q: %v does not round-trip (%v)", s, op, err)
			}
		}
		_ = ipcHuman(uint64(len(s)) << (len(s) % 64))
	})
}
