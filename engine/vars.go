package engine

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/expand"
)

// Variable attributes that expand.Variable has no field for.
const (
	attrInteger uint8 = 1 << iota
	attrLower
	attrUpper
	attrTrace
)

// variable is one shell variable in a scope.
type variable struct {
	expand.Variable
	attrs uint8
}

// scope is a set of variables: the global one or one function call's locals.
type scope map[string]*variable

// varStore holds the variables of one runner: a stack of scopes, global
// first. Lookups walk from the innermost function scope outwards (bash's
// dynamic scoping).
type varStore struct {
	scopes []scope
	// envGen changes whenever an exported variable may have changed, so the
	// runner can cache the environment it passes to children.
	envGen uint64
}

func newVarStore() *varStore {
	return &varStore{scopes: []scope{make(scope, 64)}}
}

// clone deep-copies the store for a subshell.
func (s *varStore) clone() *varStore {
	c := &varStore{scopes: make([]scope, len(s.scopes)), envGen: s.envGen + 1}
	for i, sc := range s.scopes {
		n := make(scope, len(sc))
		for k, v := range sc {
			nv := *v
			if v.List != nil {
				nv.List = slices.Clone(v.List)
				nv.Indexes = slices.Clone(v.Indexes)
			}
			if v.Map != nil {
				nv.Map = maps.Clone(v.Map)
			}
			n[k] = &nv
		}
		c.scopes[i] = n
	}
	return c
}

// find returns the variable named name and the scope holding it.
func (s *varStore) find(name string) (*variable, scope) {
	v, i := s.findIndex(name)
	if v == nil {
		return nil, nil
	}
	return v, s.scopes[i]
}

// findIndex returns the variable named name and the index of its scope
// (0 is the global scope), or nil and -1.
func (s *varStore) findIndex(name string) (*variable, int) {
	for i := len(s.scopes) - 1; i >= 0; i-- {
		if v, ok := s.scopes[i][name]; ok {
			return v, i
		}
	}
	return nil, -1
}

func (s *varStore) push() { s.scopes = append(s.scopes, make(scope, 4)) }

func (s *varStore) pop() {
	top := s.scopes[len(s.scopes)-1]
	for _, v := range top {
		if v.Exported {
			s.envGen++
			break
		}
	}
	s.scopes = s.scopes[:len(s.scopes)-1]
}

func (s *varStore) global() scope { return s.scopes[0] }
func (s *varStore) local() scope  { return s.scopes[len(s.scopes)-1] }

// each calls fn for every visible variable, innermost definition winning.
func (s *varStore) each(fn func(name string, v *variable) bool) {
	if len(s.scopes) == 1 {
		for k, v := range s.scopes[0] {
			if !fn(k, v) {
				return
			}
		}
		return
	}
	seen := make(map[string]bool)
	for i := len(s.scopes) - 1; i >= 0; i-- {
		for k, v := range s.scopes[i] {
			if seen[k] {
				continue
			}
			seen[k] = true
			if !fn(k, v) {
				return
			}
		}
	}
}

// sortedNames returns the names of all visible variables, sorted.
func (s *varStore) sortedNames() []string {
	var names []string
	s.each(func(name string, v *variable) bool {
		names = append(names, name)
		return true
	})
	sort.Strings(names)
	return names
}

// Sparse indexed arrays use expand.Variable's List and Indexes: Indexes nil
// means dense.

func arrayIndexes(list []string, idx []int) []int {
	if idx != nil {
		return idx
	}
	out := make([]int, len(list))
	for i := range out {
		out[i] = i
	}
	return out
}

func arrayMax(list []string, idx []int) int {
	if idx != nil {
		if len(idx) == 0 {
			return -1
		}
		return idx[len(idx)-1]
	}
	return len(list) - 1
}

func arrayGet(list []string, idx []int, k int) (string, bool) {
	if idx == nil {
		if k >= 0 && k < len(list) {
			return list[k], true
		}
		return "", false
	}
	i, ok := slices.BinarySearch(idx, k)
	if !ok {
		return "", false
	}
	return list[i], true
}

func arraySet(list []string, idx []int, k int, val string) ([]string, []int) {
	if idx == nil {
		if k < len(list) {
			list[k] = val
			return list, nil
		}
		if k == len(list) {
			return append(list, val), nil
		}
		idx = arrayIndexes(list, nil)
	}
	i, ok := slices.BinarySearch(idx, k)
	if ok {
		list[i] = val
		return list, idx
	}
	list = slices.Insert(list, i, val)
	idx = slices.Insert(idx, i, k)
	return list, compactIndexes(idx)
}

func arrayDelete(list []string, idx []int, k int) ([]string, []int) {
	if idx == nil {
		if k < 0 || k >= len(list) {
			return list, nil
		}
		if k == len(list)-1 {
			return list[:k], nil
		}
		idx = arrayIndexes(list, nil)
	}
	i, ok := slices.BinarySearch(idx, k)
	if !ok {
		return list, idx
	}
	return slices.Delete(list, i, i+1), compactIndexes(slices.Delete(idx, i, i+1))
}

// compactIndexes returns nil when idx is 0..n-1, the dense form.
func compactIndexes(idx []int) []int {
	for i, k := range idx {
		if i != k {
			return idx
		}
	}
	return nil
}

// arrayValues returns an indexed or associative variable's values in index
// order (associative arrays in sorted key order).
func arrayValues(v expand.Variable) []string {
	switch v.Kind {
	case expand.Indexed:
		return v.List
	case expand.Associative:
		keys := slices.Sorted(maps.Keys(v.Map))
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = v.Map[k]
		}
		return out
	case expand.String:
		return []string{v.Str}
	}
	return nil
}

// quoteValue quotes s the way bash's declare -p does.
func quoteValue(s string) string {
	if s == "" {
		return `""`
	}
	var b strings.Builder
	needAnsi := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			needAnsi = true
			break
		}
	}
	if needAnsi {
		b.WriteString("$'")
		for _, c := range []byte(s) {
			switch c {
			case '\n':
				b.WriteString(`\n`)
			case '\t':
				b.WriteString(`\t`)
			case '\r':
				b.WriteString(`\r`)
			case 0x1b:
				b.WriteString(`\E`)
			case '\'':
				b.WriteString(`\'`)
			case '\\':
				b.WriteString(`\\`)
			default:
				if c < 0x20 || c == 0x7f {
					b.WriteString(`\` + strconv.FormatInt(int64(c), 8))
				} else {
					b.WriteByte(c)
				}
			}
		}
		b.WriteString("'")
		return b.String()
	}
	b.WriteByte('"')
	for _, c := range []byte(s) {
		switch c {
		case '"', '\\', '$', '`':
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}
