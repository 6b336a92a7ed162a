package ledger

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxFileSize bounds what CleanStale reads of one ledger file.
const maxFileSize = 16 << 20

// CleanStale removes what dead sessions left behind in dir, or in
// [RuntimeDir] when dir is "". For every ledger file in dir whose process
// is no longer running (or whose process id now belongs to another process:
// the start time recorded in the file tells), it removes the objects that
// are not kept, with the same identity checks as [Ledger.Clean], and then
// the file, whatever the removals gave. Files of running processes,
// including this one, are left alone, as are files that are not regular,
// not owned by the user, or not ledger files; unreadable ones are reported.
//
// CleanStale returns the objects it removed (objects already gone are not
// counted) and the errors joined. It is safe to run from several processes
// at once.
func CleanStale(dir string) (removed []Object, err error) {
	if dir == "" {
		if dir, err = RuntimeDir(); err != nil {
			return nil, err
		}
	} else if err := checkDir(dir); err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, &Error{Op: "clean", Subject: dir, Err: err}
	}
	var errs []error
	for _, ent := range ents {
		name := ent.Name()
		rest, ok := strings.CutPrefix(name, filePrefix)
		if !ok || !ent.Type().IsRegular() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, perr := strconv.Atoi(pidText)
		path := filepath.Join(dir, name)
		switch {
		case perr != nil || pid <= 0:
			continue
		case strings.HasSuffix(name, fileSuffix+tmpSuffix):
			// A file being written, or left by a write that was cut short.
			if !running(pid, 0) {
				if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
					errs = append(errs, &Error{Op: "remove", Subject: path, Err: err})
				}
			}
			continue
		case !strings.HasSuffix(name, fileSuffix):
			continue
		}
		data, err := readFile(path)
		if err != nil {
			if !errors.Is(err, os.ErrNotExist) { // removed by another cleaner meanwhile
				errs = append(errs, &Error{Op: "read", Subject: path, Err: err})
			}
			continue
		}
		if running(data.PID, data.Start) {
			continue
		}
		for _, o := range data.Objects {
			if o.Keep {
				continue
			}
			ok, err := remove(o)
			if err != nil {
				errs = append(errs, &Error{Op: "remove", Subject: o.String(), Err: err})
			}
			if ok {
				removed = append(removed, o)
			}
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, &Error{Op: "remove", Subject: path, Err: err})
		}
	}
	return removed, errors.Join(errs...)
}

// readFile reads and checks a ledger file: a regular file owned by the
// user, with a valid record of every object.
func readFile(path string) (*fileData, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|oNoFollow, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := checkOwnFile(f); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", maxFileSize)
	}
	var data fileData
	if err := json.Unmarshal(b, &data); err != nil {
		return nil, err
	}
	if data.Version != 1 {
		return nil, fmt.Errorf("unknown ledger version %d", data.Version)
	}
	for _, o := range data.Objects {
		if err := checkRecord(o); err != nil {
			return nil, fmt.Errorf("%v: %w", o, err)
		}
	}
	return &data, nil
}

// checkRecord checks an object read from a file as [Ledger.Add] checks
// what it records, so that a damaged file cannot name "/" as a temporary
// directory.
func checkRecord(o Object) error {
	n := o
	if err := normalize(&n); err != nil {
		return err
	}
	if !o.Kind.SysV() && n.Name != o.Name {
		return fmt.Errorf("path not absolute and clean")
	}
	return nil
}
