// Package ipcdispatch tests dispatch.sh: two workers each receive only
// their type of message from one queue.
package ipcdispatch

import "testing"

func TestDispatch(t *testing.T) {
	got := runScript(t, "dispatch.sh", "resize:a.png", "mail:bob", "mail:alice", "resize:b.png", "resize:c.png")
	want := "images: a.png\nimages: b.png\nimages: c.png\nmail: bob\nmail: alice\nmessages 0\n"
	if got != want {
		t.Errorf("dispatch.sh printed\n%s\nwant\n%s", got, want)
	}
}
