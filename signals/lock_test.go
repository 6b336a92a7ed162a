package signals_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipsh/ipsh/signals"
)

// holdLock starts a helper process that takes a lock on path and holds it
// until release is called.
func holdLock(t *testing.T, path, kind, typ string) (release func()) {
	t.Helper()
	cmd := helperCmd(t, "lock", "LOCK_PATH="+path, "LOCK_KIND="+kind, "LOCK_TYPE="+typ)
	line, stdin := startHelper(t, cmd)
	if line != "locked\n" {
		t.Fatalf("helper: %q", line)
	}
	return func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper: %v", err)
		}
	}
}

func TestFlockTwoProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "lock")
	release := holdLock(t, path, "flock", "exclusive")
	f, err := signals.OpenLockFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := testCtx(t)

	err = signals.Flock(ctx, f, signals.Exclusive, false)
	if !errors.Is(err, signals.ErrWouldBlock) {
		t.Fatalf("Flock -n on a held lock: %v", err)
	}
	if want := "lock " + path + ": already locked"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if err := signals.Flock(ctx, f, signals.Shared, false); !errors.Is(err, signals.ErrWouldBlock) {
		t.Fatalf("shared Flock -n on an exclusive lock: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	err = signals.Flock(short, f, signals.Exclusive, true)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Flock -w on a held lock: %v", err)
	}

	done := make(chan error, 1)
	go func() { done <- signals.Flock(ctx, f, signals.Exclusive, true) }()
	release()
	if err := <-done; err != nil {
		t.Fatalf("waiting Flock: %v", err)
	}
	if err := signals.Flock(ctx, f, signals.Unlock, false); err != nil {
		t.Fatal(err)
	}
	// Background context: one blocking call.
	if err := signals.Flock(context.Background(), f, signals.Exclusive, true); err != nil {
		t.Fatal(err)
	}
	if err := signals.Flock(ctx, f, signals.Unlock, false); err != nil {
		t.Fatal(err)
	}
}

func TestFlockShared(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "lock")
	release := holdLock(t, path, "flock", "shared")
	defer release()
	f, err := signals.OpenLockFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := signals.Flock(testCtx(t), f, signals.Shared, false); err != nil {
		t.Fatalf("second shared lock: %v", err)
	}
	if err := signals.Flock(testCtx(t), f, signals.Exclusive, false); !errors.Is(err, signals.ErrWouldBlock) {
		t.Fatalf("exclusive over shared: %v", err)
	}
	if err := signals.Flock(testCtx(t), f, signals.LockType(9), false); err == nil {
		t.Fatal("bad lock type accepted")
	}
	if s := signals.LockType(9).String(); s != "LockType(9)" {
		t.Errorf("String = %q", s)
	}
}

func TestLockRangeTwoProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "range")
	release := holdLock(t, path, "range", "exclusive") // bytes 0–9
	f, err := signals.OpenLockFile(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := testCtx(t)

	err = signals.LockRange(ctx, f, 5, 10, signals.Exclusive, false)
	if !errors.Is(err, signals.ErrWouldBlock) {
		t.Fatalf("overlapping range: %v", err)
	}
	if want := "lock range " + path + " 5:10: already locked"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if err := signals.LockRange(ctx, f, 0, 1, signals.Shared, false); !errors.Is(err, signals.ErrWouldBlock) {
		t.Fatalf("shared over exclusive range: %v", err)
	}
	if err := signals.LockRange(ctx, f, 10, 10, signals.Exclusive, false); err != nil {
		t.Fatalf("disjoint range: %v", err)
	}
	// A whole-file flock is independent of range locks.
	if err := signals.Flock(ctx, f, signals.Exclusive, false); err != nil {
		t.Fatalf("flock beside range locks: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	err = signals.LockRange(short, f, 0, 0, signals.Exclusive, true)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting on a held range: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- signals.LockRange(ctx, f, 0, 0, signals.Exclusive, true) }()
	release()
	if err := <-done; err != nil {
		t.Fatalf("waiting LockRange: %v", err)
	}
	if err := signals.LockRange(ctx, f, 0, 0, signals.Unlock, false); err != nil {
		t.Fatal(err)
	}
	if err := signals.LockRange(ctx, f, -1, 5, signals.Exclusive, false); err == nil {
		t.Fatal("negative offset accepted")
	}
	// Blocking call with a background context on a free range.
	if err := signals.LockRange(context.Background(), f, 0, 0, signals.Shared, true); err != nil {
		t.Fatal(err)
	}
}

func TestOpenLockFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f, err := signals.OpenLockFile(dir, false)
	if err != nil {
		t.Fatalf("directory: %v", err)
	}
	if err := signals.Flock(testCtx(t), f, signals.Exclusive, false); err != nil {
		t.Fatalf("lock a directory: %v", err)
	}
	f.Close()
	_, err = signals.OpenLockFile(filepath.Join(dir, "no", "such"), false)
	if err == nil || !strings.HasPrefix(err.Error(), "open lock file ") || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing dir: %v", err)
	}
}
