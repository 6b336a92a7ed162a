package shm_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/ipsh/ipsh/shm"
)

func TestMQ(t *testing.T) {
	ctx := testCtx(t)
	name := newName(t)
	m, err := shm.CreateMQ(name, 0o600, shm.MQAttr{MaxMsg: 4, MsgSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if _, err := shm.CreateMQ(name, 0o600, shm.MQAttr{}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("duplicate: %v", err)
	}
	for _, s := range []struct {
		msg  string
		prio uint
	}{{"low", 1}, {"high", 9}, {"mid", 5}, {"high2", 9}} {
		if err := m.Send(ctx, []byte(s.msg), s.prio, false); err != nil {
			t.Fatal(err)
		}
	}
	a, err := m.Attr()
	if err != nil || a.MaxMsg != 4 || a.MsgSize != 64 || a.CurMsgs != 4 {
		t.Errorf("Attr = %+v, %v", a, err)
	}
	if err := m.Send(ctx, []byte("x"), 0, true); !errors.Is(err, shm.ErrWouldBlock) {
		t.Errorf("send to full queue: %v", err)
	}
	r, err := shm.OpenMQ(name, os.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got []string
	for range 4 {
		data, prio, err := r.Recv(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(data)+":"+string(rune('0'+prio)))
	}
	if want := "[high:9 high2:9 mid:5 low:1]"; fmtSlice(got) != want {
		t.Errorf("order %v, want %s", got, want)
	}
	if _, _, err := r.Recv(ctx, true); !errors.Is(err, shm.ErrNoMessage) {
		t.Errorf("empty: %v", err)
	}
	if fi, err := m.Stat(); err != nil || fi.Mode != 0o600 {
		t.Errorf("Stat = %+v, %v", fi, err)
	}
	// Errors: size, priority, cancellation, closed, unlink.
	var le *shm.LimitError
	if err := m.Send(ctx, make([]byte, 65), 0, true); !errors.As(err, &le) || le.Limit != 64 {
		t.Errorf("oversized: %v", err)
	}
	if err := m.Send(ctx, []byte("x"), shm.MQPrioMax, true); !errors.Is(err, shm.ErrBadArg) {
		t.Errorf("priority: %v", err)
	}
	cctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, _, err := r.Recv(cctx, false); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Recv past deadline: %v", err)
	}
	if err := shm.RemoveMQ(name); err != nil {
		t.Fatal(err)
	}
	if _, err := shm.OpenMQ(name, os.O_RDWR); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("open after unlink: %v", err)
	}
	// The open descriptors still work after unlink.
	if err := m.Send(ctx, []byte("after"), 0, true); err != nil {
		t.Errorf("send after unlink: %v", err)
	}
	r.Close()
	if _, _, err := r.Recv(ctx, true); !errors.Is(err, shm.ErrClosed) {
		t.Errorf("recv after close: %v", err)
	}
	name2 := newName(t)
	open, err := shm.CreateMQ(name2, 0o666, shm.MQAttr{})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := open.Stat(); err != nil || fi.Mode != 0o666 {
		t.Errorf("mode 0666 queue: %+v, %v", fi, err)
	}
	if a, err := open.Attr(); err != nil || a.MaxMsg == 0 || a.MsgSize == 0 {
		t.Errorf("default attributes: %+v, %v", a, err)
	}
	open.Close()
	if _, err := shm.CreateMQ("bad", 0o600, shm.MQAttr{}); !errors.Is(err, shm.ErrInvalidName) {
		t.Errorf("bad name: %v", err)
	}
	if _, err := shm.CreateMQ(newName(t), 0o600, shm.MQAttr{MaxMsg: 1 << 40, MsgSize: 1}); err == nil {
		t.Error("queue of 2^40 messages created")
	} else {
		t.Log(err)
	}
}

func fmtSlice(s []string) string {
	out := "["
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out + "]"
}
