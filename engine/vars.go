package engine

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

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
//
// Subshells share scopes copy-on-write: clone is O(number of scopes), and a
// store copies a scope only when it first writes to it while another store
// still shares it (refs counts the sharers). A shared scope is never
// written, so a subshell goroutine and its parent may read it at once.
// Reads use find, global and local; every write goes through findW,
// globalW, localW or own, which return the store's own copy.
type varStore struct {
	scopes []scope
	refs   []*atomic.Int32
	// envGen changes whenever an exported variable may have changed, so the
	// runner can cache the environment it passes to children.
	envGen uint64
}

func newRef() *atomic.Int32 {
	r := new(atomic.Int32)
	r.Store(1)
	return r
}

func newVarStore() *varStore {
	return &varStore{scopes: []scope{make(scope, 64)}, refs: []*atomic.Int32{newRef()}}
}

// clone returns a store sharing s's scopes, for a subshell; release it when
// the subshell ends.
func (s *varStore) clone() *varStore {
	c := &varStore{scopes: slices.Clone(s.scopes), refs: slices.Clone(s.refs), envGen: s.envGen + 1}
	for _, r := range c.refs {
		r.Add(1)
	}
	return c
}

// release gives up s's share of its scopes, leaving s empty.
func (s *varStore) release() {
	for _, r := range s.refs {
		r.Add(-1)
	}
	s.scopes, s.refs = []scope{{}}, []*atomic.Int32{newRef()}
	s.envGen++
}

// own makes scope i this store's own, copying it if it is shared, and
// returns it for writing.
func (s *varStore) own(i int) scope {
	if s.refs[i].Load() == 1 {
		return s.scopes[i]
	}
	sc := s.scopes[i]
	n := make(scope, len(sc)+4)
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
	s.refs[i].Add(-1)
	s.refs[i] = newRef()
	s.scopes[i] = n
	return n
}

// findW is find for a caller that will change the variable.
func (s *varStore) findW(name string) (*variable, scope) {
	_, i := s.findIndex(name)
	if i < 0 {
		return nil, nil
	}
	sc := s.own(i)
	return sc[name], sc
}

func (s *varStore) globalW() scope { return s.own(0) }
func (s *varStore) localW() scope  { return s.own(len(s.scopes) - 1) }

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

func (s *varStore) push() {
	s.scopes = append(s.scopes, make(scope, 4))
	s.refs = append(s.refs, newRef())
}

func (s *varStore) pop() {
	top := s.scopes[len(s.scopes)-1]
	for _, v := range top {
		if v.Exported {
			s.envGen++
			break
		}
	}
	s.scopes = s.scopes[:len(s.scopes)-1]
	s.refs[len(s.refs)-1].Add(-1)
	s.refs = s.refs[:len(s.refs)-1]
}

func (s *varStore) local() scope { return s.scopes[len(s.scopes)-1] }

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
