package ledger

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Ledger is the record of the objects of one session. It is safe for
// concurrent use. Make one with [New] and end it with [Ledger.Close].
type Ledger struct {
	mu      sync.Mutex
	dir     string // directory of the ledger file; "" with Memory
	memory  bool
	file    string // the ledger file, once written
	pid     int
	start   uint64 // process start time, see procStart
	next    Handle
	objects []Object // in handle order
	closed  bool
}

// Option configures a [Ledger] made by [New]. An option's error is
// returned by New as it is.
type Option func(*Ledger) error

// Dir puts the ledger file in dir instead of [RuntimeDir]. dir must be a
// directory owned by the user that no one else can write (as t.TempDir is).
func Dir(dir string) Option {
	return func(l *Ledger) error {
		if err := checkDir(dir); err != nil {
			return err
		}
		l.dir, l.memory = dir, false
		return nil
	}
}

// Memory keeps the ledger in memory only: nothing is left for [CleanStale]
// if the process dies.
func Memory() Option {
	return func(l *Ledger) error {
		l.dir, l.memory = "", true
		return nil
	}
}

// File name parts of ledger files: ipsh-ledger-PID-RANDOM.json, and the
// same with ".tmp" while it is being written.
const (
	filePrefix = "ipsh-ledger-"
	fileSuffix = ".json"
	tmpSuffix  = ".tmp"
)

// fileData is the content of a ledger file.
type fileData struct {
	Version int      `json:"version"`
	PID     int      `json:"pid"`
	Start   uint64   `json:"start"` // start time of PID, clock ticks since boot; 0 if unknown
	Objects []Object `json:"objects"`
}

// New makes an empty ledger. Its file is in [RuntimeDir] unless an option
// says otherwise, and is first written when an object is added.
func New(opts ...Option) (*Ledger, error) {
	l := &Ledger{pid: os.Getpid(), next: 1}
	for _, o := range opts {
		if err := o(l); err != nil {
			return nil, err
		}
	}
	if !l.memory && l.dir == "" {
		dir, err := RuntimeDir()
		if err != nil {
			return nil, err
		}
		l.dir = dir
	}
	l.start, _ = procStart(l.pid) // 0 (unknown) without /proc
	return l, nil
}

// Path returns the ledger file, or "" while none was written (and always
// with [Memory]).
func (l *Ledger) Path() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.file
}

// Add records o, an object the session has just created, and returns its
// handle. It checks that o exists and is of its kind (a FIFO for [FIFO], a
// directory for [TempDir]…), notes its identity, makes a path absolute and
// sets Created when zero. When the ledger file cannot be written, the
// object is still recorded (and will be removed by Close) and Add returns
// its handle together with the error.
func (l *Ledger) Add(o Object) (Handle, error) {
	if err := normalize(&o); err != nil {
		return 0, &Error{Op: "add", Subject: o.String(), Err: err}
	}
	if err := identify(&o); err != nil {
		return 0, &Error{Op: "add", Subject: o.String(), Err: err}
	}
	if o.Created.IsZero() {
		o.Created = time.Now()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, &Error{Op: "add", Subject: o.String(), Err: ErrClosed}
	}
	o.Handle = l.next
	l.next++
	l.objects = append(l.objects, o)
	return o.Handle, l.save()
}

// normalize checks the caller's fields of o and fills the derived ones.
func normalize(o *Object) error {
	switch {
	case !o.Kind.valid():
		return fmt.Errorf("invalid object kind %d", int(o.Kind))
	case o.Kind.SysV():
		if o.ID < 0 {
			return fmt.Errorf("invalid id %d", o.ID)
		}
		o.Name, o.Dev, o.Ino, o.Birth = "", 0, 0, 0
		return nil
	}
	o.ID, o.Key, o.Ctime, o.CreatorUID = -1, 0, 0, 0
	if o.Kind.posix() {
		return checkPOSIXName(o.Name)
	}
	if o.Name == "" {
		return errors.New("empty path")
	}
	abs, err := filepath.Abs(o.Name)
	if err != nil {
		return err
	}
	if abs == "/" {
		return errors.New("refusing to record the root directory")
	}
	o.Name = abs
	return nil
}

// checkPOSIXName checks a POSIX shm or queue name: "/" then 1 to 255
// bytes, without another "/", and neither "." nor "..".
func checkPOSIXName(name string) error {
	rest, ok := strings.CutPrefix(name, "/")
	if !ok || rest == "" || len(rest) > 255 || strings.Contains(rest, "/") || rest == "." || rest == ".." || strings.ContainsRune(rest, 0) {
		return fmt.Errorf("invalid name %q: want \"/name\" with no other slash", name)
	}
	return nil
}

// find returns the index of handle h, or -1.
func (l *Ledger) find(h Handle) int {
	i, ok := slices.BinarySearchFunc(l.objects, h, func(o Object, h Handle) int { return cmp.Compare(o.Handle, h) })
	if !ok {
		return -1
	}
	return i
}

// Keep marks the object of handle h to be kept (keep true) or removed at
// the end as usual (keep false).
func (l *Ledger) Keep(h Handle, keep bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := l.find(h)
	if i < 0 {
		return &Error{Op: "keep", Subject: "handle " + strconv.FormatUint(uint64(h), 10), Err: ErrNotFound}
	}
	l.objects[i].Keep = keep
	return l.save()
}

// Forget drops the record of handle h without touching the object, for
// example because the user removed it.
func (l *Ledger) Forget(h Handle) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := l.find(h)
	if i < 0 {
		return &Error{Op: "forget", Subject: "handle " + strconv.FormatUint(uint64(h), 10), Err: ErrNotFound}
	}
	l.objects = slices.Delete(l.objects, i, i+1)
	return l.save()
}

// Remove removes the object of handle h now, kept or not, and drops its
// record. An object already gone is no error; one that was replaced is left
// alone, its record dropped, and the error matches [ErrReplaced]. On any
// other error the record stays.
func (l *Ledger) Remove(h Handle) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := l.find(h)
	if i < 0 {
		return &Error{Op: "remove", Subject: "handle " + strconv.FormatUint(uint64(h), 10), Err: ErrNotFound}
	}
	o := l.objects[i]
	_, err := remove(o)
	if err == nil || errors.Is(err, ErrReplaced) {
		l.objects = slices.Delete(l.objects, i, i+1)
	}
	if err != nil {
		err = &Error{Op: "remove", Subject: o.String(), Err: err}
	}
	return errors.Join(err, l.save())
}

// Find returns the first recorded object named ref: its Name, or, for a
// System V object, its id in decimal.
func (l *Ledger) Find(ref string) (Object, bool) {
	id, err := strconv.Atoi(ref)
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, o := range l.objects {
		if (o.Kind.SysV() && err == nil && o.ID == id) || (!o.Kind.SysV() && o.Name == ref) {
			return o, true
		}
	}
	return Object{}, false
}

// List returns the recorded objects in the order they were added.
func (l *Ledger) List() []Object {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.objects)
}

// State returns what is now at o's name or id; see [State]. An object that
// is gone is no error: State then has Exists false.
func (o Object) State() (State, error) {
	s, err := inspect(o)
	if err != nil {
		return s, &Error{Op: "stat", Subject: o.String(), Err: err}
	}
	return s, nil
}

// Clean removes every recorded object that is not kept, as [Ledger.Remove]
// does, and returns the errors joined. Kept objects, and objects whose
// removal failed for a reason other than [ErrReplaced], stay recorded.
func (l *Ledger) Clean() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.clean()
}

func (l *Ledger) clean() error {
	var errs []error
	l.objects = slices.DeleteFunc(l.objects, func(o Object) bool {
		if o.Keep {
			return false
		}
		_, err := remove(o)
		if err != nil {
			errs = append(errs, &Error{Op: "remove", Subject: o.String(), Err: err})
		}
		return err == nil || errors.Is(err, ErrReplaced)
	})
	errs = append(errs, l.save())
	return errors.Join(errs...)
}

// Close ends the ledger: it removes the objects that are not kept, as
// [Ledger.Clean] does, and then removes the ledger file, unless a removal
// failed: the file then stays for [CleanStale] to try again after this
// process has exited. Close returns the errors joined; later calls to Close
// return nil and later calls to Add fail with [ErrClosed].
func (l *Ledger) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	err := l.clean()
	l.closed = true
	if l.file != "" && !slices.ContainsFunc(l.objects, func(o Object) bool { return !o.Keep }) {
		if rerr := os.Remove(l.file); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			err = errors.Join(err, &Error{Op: "remove", Subject: l.file, Err: rerr})
		}
		l.file = ""
	}
	return err
}

// save writes the ledger file: a temporary file renamed over the old one.
// It writes nothing for an in-memory ledger, or while the ledger is empty
// and no file was written yet. Called with l.mu held.
func (l *Ledger) save() error {
	if l.memory || l.closed || (l.file == "" && len(l.objects) == 0) {
		return nil
	}
	if l.file == "" {
		l.file = filepath.Join(l.dir, fmt.Sprintf("%s%d-%08x%s", filePrefix, l.pid, rand.Uint32(), fileSuffix))
	}
	data, err := json.MarshalIndent(fileData{Version: 1, PID: l.pid, Start: l.start, Objects: l.objects}, "", "\t")
	if err == nil {
		err = writeAtomic(l.file, append(data, '\n'))
	}
	if err != nil {
		return &Error{Op: "write", Subject: l.file, Err: err}
	}
	return nil
}

// writeAtomic replaces path by a file holding data, mode 0600.
func writeAtomic(path string, data []byte) error {
	tmp := path + tmpSuffix
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|oNoFollow, 0o600)
	if errors.Is(err, os.ErrExist) { // left by a write that failed half-way
		os.Remove(tmp)
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|oNoFollow, 0o600)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
