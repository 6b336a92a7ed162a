package shm_test

import (
	"strings"
	"testing"

	"github.com/ipsh/ipsh/shm"
)

func FuzzValidName(f *testing.F) {
	for _, s := range []string{"/x", "", "/", "/..", "/a/b", "x", "/\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if shm.ValidName(name) == nil {
			rest := name[1:]
			if rest == "" || rest == "." || rest == ".." || strings.ContainsAny(rest, "/\x00") || len(rest) > 255 {
				t.Errorf("ValidName accepted %q", name)
			}
		}
	})
}
