package engine

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/pattern"
	"mvdan.cc/sh/v3/syntax"
)

// Patterns are compiled to regular expressions with mvdan.cc/sh/v3/pattern
// and cached in the shared state, since scripts match the same patterns in
// loops.

type removeKey struct {
	pat           string
	suffix, small bool
	// kind tells the caches apart: 0 removal, 'x' removal with extglob,
	// 'r' replacement, 'm' whole-string match, 'g' pathname component.
	kind byte
	mode pattern.Mode
	anch byte
}

// cachedRx returns the regexp cached under key, building and caching it on
// a miss; nil when the pattern does not compile.
func (sh *shared) cachedRx(key removeKey, build func() (*regexp.Regexp, error)) *regexp.Regexp {
	sh.rxMu.Lock()
	rx, ok := sh.removeCache[key]
	sh.rxMu.Unlock()
	if ok {
		return rx
	}
	rx, err := build()
	if err != nil {
		rx = nil
	}
	sh.rxMu.Lock()
	if sh.removeCache == nil || len(sh.removeCache) > 512 {
		sh.removeCache = make(map[removeKey]*regexp.Regexp)
	}
	sh.removeCache[key] = rx
	sh.rxMu.Unlock()
	return rx
}

// removeRx returns the regexp of a pattern removal (${x#pat} and
// friends); its first group is the text to remove.
func (sh *shared) removeRx(pat string, suffix, small, ext bool) (*regexp.Regexp, bool) {
	key := removeKey{pat: pat, suffix: suffix, small: small}
	if ext {
		key.kind = 'x'
	}
	rx := sh.cachedRx(key, func() (*regexp.Regexp, error) {
		var mode pattern.Mode
		if small {
			mode |= pattern.Shortest
		}
		if ext {
			mode |= pattern.ExtendedOperators
		}
		expr, err := pattern.Regexp(pat, mode)
		if err != nil {
			return nil, err
		}
		switch {
		case suffix && small:
			expr = ".*(" + expr + ")$"
		case suffix:
			expr = "(" + expr + ")$"
		default:
			expr = "^(" + expr + ")"
		}
		rx, err := regexp.Compile(expr)
		if err == nil && !small && !suffix {
			rx.Longest()
		}
		return rx, err
	})
	return rx, rx != nil
}

// anchoredRx returns the leftmost-longest regexp of a replacement pattern:
// anchored at the start ('#'), matching a whole suffix ('%', tried at each
// start), or anywhere (0).
func (sh *shared) anchoredRx(pat string, anchor byte, ext bool) *regexp.Regexp {
	var mode pattern.Mode
	if ext {
		mode = pattern.ExtendedOperators
	}
	return sh.cachedRx(removeKey{pat: pat, suffix: ext, kind: 'r', anch: anchor}, func() (*regexp.Regexp, error) {
		expr, err := pattern.Regexp(pat, mode)
		if err != nil {
			return nil, err
		}
		switch anchor {
		case '#':
			expr = "^(?:" + expr + ")"
		case '%':
			expr = "^(?:" + expr + ")$"
		}
		rx, err := regexp.Compile(expr)
		if err == nil {
			rx.Longest()
		}
		return rx, err
	})
}

// patternRx returns the cached regexp matching a whole string against a
// shell pattern, for case and [[ == ]].
func (sh *shared) patternRx(pat string, nocase bool) (*regexp.Regexp, error) {
	rx := sh.cachedRx(removeKey{pat: pat, suffix: nocase, kind: 'm'}, func() (*regexp.Regexp, error) {
		mode := pattern.EntireString | pattern.ExtendedOperators
		if nocase {
			mode |= pattern.NoGlobCase
		}
		expr, err := pattern.Regexp(pat, mode)
		if err != nil {
			return nil, err
		}
		return regexp.Compile(expr)
	})
	if rx == nil {
		return nil, errBadPattern
	}
	return rx, nil
}

var errBadPattern = errors.New("bad pattern")

// matcher returns a function matching whole strings against pat, with
// extended operators, !(...) included.
func (sh *shared) matcher(pat string, nocase bool) func(string) bool {
	if rx, err := sh.patternRx(pat, nocase); err == nil {
		return rx.MatchString
	}
	mode := pattern.EntireString | pattern.ExtendedOperators
	if nocase {
		mode |= pattern.NoGlobCase
	}
	if m, err := negMatcher(pat, mode); err == nil {
		return m
	}
	return func(s string) bool { return s == pat }
}

// negMatcher matches a pattern with one !(...) group: what does not match
// the group, between a fixed prefix and suffix. Go's regexps cannot negate.
func negMatcher(pat string, mode pattern.Mode) (func(string) bool, error) {
	_, err := pattern.Regexp(pat, mode)
	var ne *pattern.NegExtGlobError
	if !errors.As(err, &ne) {
		if err == nil {
			err = errBadPattern
		}
		return nil, err
	}
	if len(ne.Groups) != 1 {
		return nil, errBadPattern
	}
	g := ne.Groups[0]
	prefix, suffix := pat[:g.Start], pat[g.End:]
	if pattern.HasMeta(prefix, 0) || pattern.HasMeta(suffix, 0) {
		return nil, errBadPattern
	}
	prefix, suffix = unescapePattern(prefix), unescapePattern(suffix)
	inner := pat[g.Start+2 : g.End-1]
	expr, err := pattern.Regexp("@("+inner+")", mode&^pattern.Filenames|pattern.EntireString|pattern.ExtendedOperators)
	if err != nil {
		return nil, err
	}
	rx, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	dotOK := mode&pattern.GlobLeadingDot != 0 || strings.HasPrefix(prefix, ".")
	return func(s string) bool {
		if mode&pattern.Filenames != 0 && !dotOK && strings.HasPrefix(s, ".") {
			return false
		}
		if len(s) < len(prefix)+len(suffix) || !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, suffix) {
			return false
		}
		return !rx.MatchString(s[len(prefix) : len(s)-len(suffix)])
	}, nil
}

// unescapePattern removes the backslashes of a pattern without pattern
// characters.
func unescapePattern(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// globMatcher returns the matcher of one path component in pathname
// expansion.
func (r *Runner) globMatcher(pat string, dotglob bool) (func(string) bool, error) {
	mode := pattern.Filenames | pattern.EntireString | pattern.NoGlobStar
	if r.opts.nocaseglob {
		mode |= pattern.NoGlobCase
	}
	if dotglob {
		mode |= pattern.GlobLeadingDot
	}
	if r.opts.extglob {
		mode |= pattern.ExtendedOperators
	}
	key := removeKey{pat: pat, kind: 'g', mode: mode}
	rx := r.shared.cachedRx(key, func() (*regexp.Regexp, error) {
		expr, err := pattern.Regexp(pat, mode)
		if err != nil {
			return nil, err
		}
		return regexp.Compile(expr)
	})
	if rx != nil {
		m := rx.MatchString
		if !dotglob && !strings.HasPrefix(pat, ".") && !strings.HasPrefix(pat, `\.`) {
			return func(s string) bool { return s[0] != '.' && m(s) }, nil
		}
		return m, nil
	}
	return negMatcher(pat, mode)
}

// glob expands a pathname pattern (whose quoted characters are escaped)
// into the sorted paths it matches.
func (r *Runner) glob(pat string) ([]string, error) {
	base := r.pwdDir()
	ignore := r.lookup("GLOBIGNORE").String()
	dotglob := r.opts.dotglob || ignore != ""
	comps := strings.Split(pat, "/")
	matches := []string{""}
	if comps[0] == "" {
		matches[0] = "/"
		comps = comps[1:]
	}
	checkExist := false
	for i, comp := range comps {
		last := i == len(comps)-1
		if comp == "" {
			// a // or a trailing slash: only directories
			if last {
				var dirs []string
				for _, m := range matches {
					if isDir(filepath.Join(base, m)) || filepath.IsAbs(m) && isDir(m) {
						dirs = append(dirs, m)
					}
				}
				matches = dirs
			}
			for j, m := range matches {
				if !strings.HasSuffix(m, "/") {
					matches[j] = m + "/"
				}
			}
			continue
		}
		isMeta := pattern.HasMeta(comp, 0) || r.opts.extglob && hasExtglob(comp)
		if !isMeta {
			lit := unescapePattern(comp)
			for j, m := range matches {
				matches[j] = joinPath(m, lit)
			}
			checkExist = true
			continue
		}
		if checkExist {
			matches = r.existing(base, matches)
			checkExist = false
		}
		if comp == "**" && r.opts.globstar {
			var out []string
			for _, m := range matches {
				root := m
				if root != "" && !strings.HasSuffix(root, "/") {
					root += "/"
				}
				out = r.globStar(base, root, dotglob, !last, out)
			}
			matches = out
			continue
		}
		match, err := r.globMatcher(comp, dotglob)
		if err != nil {
			return nil, nil
		}
		var out []string
		for _, m := range matches {
			dir := m
			if dir == "" {
				dir = "."
			}
			full := dir
			if !filepath.IsAbs(dir) {
				full = filepath.Join(base, dir)
			}
			ents, err := os.ReadDir(full)
			if err != nil {
				continue
			}
			for _, e := range ents {
				name := e.Name()
				if !match(name) {
					continue
				}
				if !last && !e.IsDir() && !(e.Type()&os.ModeSymlink != 0 && isDir(filepath.Join(full, name))) {
					continue
				}
				out = append(out, joinPath(m, name))
			}
		}
		matches = out
		if len(matches) == 0 {
			return nil, nil
		}
	}
	if checkExist {
		matches = r.existing(base, matches)
	}
	if ignore != "" {
		pats := strings.Split(ignore, ":")
		keep := matches[:0]
		for _, m := range matches {
			b := filepath.Base(m)
			if b == "." || b == ".." {
				continue
			}
			ignored := false
			for _, ip := range pats {
				if ip != "" && r.shared.matcher(ip, false)(m) {
					ignored = true
					break
				}
			}
			if !ignored {
				keep = append(keep, m)
			}
		}
		matches = keep
	}
	slices.Sort(matches)
	if len(matches) > 0 && matches[0] == "" {
		matches = matches[1:]
	}
	return matches, nil
}

// globStar appends dir and every directory below it (for a "**" that is
// not last) or every path below it.
func (r *Runner) globStar(base, dir string, dotglob, dirsOnly bool, out []string) []string {
	if dir == "" {
		out = append(out, "")
	} else {
		out = append(out, dir)
	}
	full := dir
	if dir == "" {
		full = "."
	}
	if !filepath.IsAbs(full) {
		full = filepath.Join(base, full)
	}
	ents, err := os.ReadDir(full)
	if err != nil {
		return out
	}
	for _, e := range ents {
		name := e.Name()
		if !dotglob && name[0] == '.' {
			continue
		}
		p := joinPath(dir, name)
		if e.IsDir() {
			out = r.globStar(base, p, dotglob, dirsOnly, out)
		} else if !dirsOnly {
			out = append(out, p)
		}
	}
	return out
}

func joinPath(dir, name string) string {
	if dir == "" {
		return name
	}
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// existing keeps the paths that exist.
func (r *Runner) existing(base string, paths []string) []string {
	keep := paths[:0]
	for _, p := range paths {
		full := p
		if !filepath.IsAbs(p) {
			full = filepath.Join(base, p)
		}
		if _, err := os.Lstat(full); err == nil {
			keep = append(keep, p)
		}
	}
	return keep
}

// document expands a here-document body.
func (r *Runner) document(word *syntax.Word) (string, error) {
	if word == nil {
		return "", nil
	}
	w := wordExp{r: r, mode: modeLiteral}
	if err := w.parts(word.Parts, qHeredoc, false); err != nil {
		return "", err
	}
	return w.result(), nil
}
