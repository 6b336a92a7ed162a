package signals

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// DefaultTemplate is mktemp(1)'s template when none is given.
const DefaultTemplate = "tmp.XXXXXXXXXX"

// MkTemp creates a new file (mode 0600) or, if isDir, directory (mode 0700)
// and returns its path, as mktemp(1) does. The trailing X's of template's
// last element, at least 3, are replaced by random letters and digits;
// template "" means [DefaultTemplate]. A relative template is taken in dir,
// dir "" meaning os.TempDir(); an absolute template needs dir "". Files are
// created with O_CREAT|O_EXCL|O_NOFOLLOW and closed, directories with
// mkdir(2), which never follows a symlink either; a name that exists is
// replaced by another one. The umask still applies to the mode.
func MkTemp(dir, template string, isDir bool) (string, error) {
	if template == "" {
		template = DefaultTemplate
	}
	fail := func(err error) (string, error) {
		return "", &Error{Op: "mktemp", Subject: template, Err: err}
	}
	var full string
	switch {
	case filepath.IsAbs(template):
		if dir != "" {
			return fail(ErrTemplate)
		}
		full = template
	case dir == "":
		full = filepath.Join(os.TempDir(), template)
	default:
		full = filepath.Join(dir, template)
	}
	base := filepath.Base(full)
	stem := strings.TrimRight(base, "X")
	nx := len(base) - len(stem)
	if nx < 3 || strings.HasSuffix(template, "/") {
		return fail(ErrTemplate)
	}
	prefix := full[:len(full)-nx]
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	name := make([]byte, nx)
	for range 10000 {
		for i := range name {
			name[i] = alphabet[rand.IntN(len(alphabet))]
		}
		path := prefix + string(name)
		var err error
		if isDir {
			err = unix.Mkdir(path, 0o700)
		} else {
			var fd int
			fd, err = unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NOCTTY, 0o600)
			if err == nil {
				unix.Close(fd)
			}
		}
		switch err {
		case nil:
			return path, nil
		case unix.EEXIST:
			continue
		default:
			return "", &Error{Op: "mktemp", Subject: path, Err: err}
		}
	}
	return fail(unix.EEXIST)
}
