package engine

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

func strVar(s string) expand.Variable {
	return expand.Variable{Set: true, Kind: expand.String, Str: s}
}

// lookup returns a variable, computing special parameters.
func (r *Runner) lookup(name string) expand.Variable {
	if len(name) > 0 {
		c := name[0]
		if c >= '0' && c <= '9' {
			n, err := strconv.Atoi(name)
			if err != nil {
				return expand.Variable{}
			}
			if n == 0 {
				return strVar(r.arg0)
			}
			if n <= len(r.params) {
				return strVar(r.params[n-1])
			}
			return expand.Variable{}
		}
		if !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '_' {
			switch name {
			case "?":
				return strVar(strconv.Itoa(r.status))
			case "#":
				return strVar(strconv.Itoa(len(r.params)))
			case "@", "*":
				return expand.Variable{Set: true, Kind: expand.Indexed, List: r.params}
			case "$":
				return strVar(strconv.Itoa(r.shared.pid))
			case "!":
				if r.lastBg == 0 {
					return expand.Variable{}
				}
				return strVar(strconv.Itoa(r.lastBg))
			case "-":
				return strVar(r.flagString())
			}
			return expand.Variable{}
		}
	}
	if v, _ := r.vars.find(name); v != nil {
		return v.Variable
	}
	switch name {
	case "_":
		return strVar(r.lastArg)
	case "PPID":
		return strVar(strconv.Itoa(r.shared.ppid))
	case "RANDOM":
		r.shared.randMu.Lock()
		n := r.shared.rand.IntN(32768)
		r.shared.randMu.Unlock()
		return strVar(strconv.Itoa(n))
	case "SRANDOM":
		r.shared.randMu.Lock()
		n := r.shared.rand.Uint32()
		r.shared.randMu.Unlock()
		return strVar(strconv.FormatUint(uint64(n), 10))
	case "SECONDS":
		return strVar(strconv.Itoa(int(time.Since(r.shared.start).Seconds())))
	case "EPOCHSECONDS":
		return strVar(strconv.FormatInt(time.Now().Unix(), 10))
	case "EPOCHREALTIME":
		now := time.Now()
		return strVar(fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000))
	case "BASH_COMMAND":
		c := r.curCall
		if r.inTrap {
			c = r.trapCall
		}
		if c == nil {
			return expand.Variable{}
		}
		return strVar(strings.TrimSpace(printNode(c)))
	case "BASH_SUBSHELL":
		return strVar(strconv.Itoa(r.depth))
	case "BASHPID":
		return strVar(strconv.Itoa(r.bashPID))
	case "LINENO":
		return strVar(strconv.FormatUint(uint64(r.line), 10))
	case "PIPESTATUS":
		l := make([]string, len(r.pipeStatus))
		for i, s := range r.pipeStatus {
			l[i] = strconv.Itoa(s)
		}
		return expand.Variable{Set: true, Kind: expand.Indexed, List: l}
	case "FUNCNAME":
		if len(r.funcNames) == 0 {
			return expand.Variable{}
		}
		l := make([]string, 0, len(r.funcNames)+1)
		for i := len(r.funcNames) - 1; i >= 0; i-- {
			l = append(l, r.funcNames[i])
		}
		l = append(l, "main")
		return expand.Variable{Set: true, Kind: expand.Indexed, List: l}
	case "BASH_LINENO":
		// The line each function on the stack was called from, innermost
		// first, and 0 for the main script.
		l := make([]string, 0, len(r.callLines)+1)
		for i := len(r.callLines) - 1; i >= 0; i-- {
			l = append(l, strconv.FormatUint(uint64(r.callLines[i]), 10))
		}
		l = append(l, "0")
		return expand.Variable{Set: true, Kind: expand.Indexed, List: l}
	case "BASH_SOURCE":
		l := make([]string, 0, len(r.srcNames)+1)
		for i := len(r.srcNames) - 1; i >= 0; i-- {
			l = append(l, r.srcNames[i])
		}
		l = append(l, r.fileName)
		return expand.Variable{Set: true, Kind: expand.Indexed, List: l}
	case "DIRSTACK":
		l := append([]string{r.dir}, reversed(r.dirs)...)
		return expand.Variable{Set: true, Kind: expand.Indexed, List: l}
	case "UID":
		return strVar(strconv.Itoa(os.Getuid()))
	case "EUID":
		return strVar(strconv.Itoa(os.Geteuid()))
	case "HOSTNAME":
		h, _ := os.Hostname()
		return strVar(h)
	case "SHELLOPTS":
		return strVar(r.shellOpts())
	case "BASHOPTS":
		return strVar(r.bashOpts())
	case "HOSTTYPE":
		return strVar("x86_64")
	case "OSTYPE":
		return strVar("linux-gnu")
	case "HOME +":
		// The expander asks for "HOME name" to expand ~name.
		return r.lookup("PWD")
	case "HOME -":
		return r.lookup("OLDPWD")
	}
	if i := strings.IndexByte(name, '['); i > 0 && name[len(name)-1] == ']' {
		// name[sub], from ${!ref} with ref='a[1]' or a nameref to an
		// element.
		return r.lookupElem(name[:i], name[i+1:len(name)-1])
	}
	return expand.Variable{}
}

// lookupElem returns element sub of array name as a scalar; @ and * give
// all the values joined by spaces.
func (r *Runner) lookupElem(name, sub string) expand.Variable {
	if !syntax.ValidName(name) {
		return expand.Variable{}
	}
	v := r.lookup(r.resolveRef(name))
	if sub == "@" || sub == "*" {
		if !v.IsSet() {
			return expand.Variable{}
		}
		return strVar(strings.Join(arrayValues(v), " "))
	}
	switch v.Kind {
	case expand.Associative:
		if s, ok := v.Map[sub]; ok {
			return strVar(s)
		}
	case expand.Indexed:
		k, err := r.arithString(sub)
		if err != nil {
			return expand.Variable{}
		}
		if k < 0 {
			k += arrayMax(v.List, v.Indexes) + 1
		}
		if s, ok := arrayGet(v.List, v.Indexes, k); ok {
			return strVar(s)
		}
	default:
		if k, err := r.arithString(sub); err == nil && k == 0 && v.IsSet() {
			return strVar(v.String())
		}
	}
	return expand.Variable{}
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

// resolveRef follows namerefs to the name that finally holds the value.
func (r *Runner) resolveRef(name string) string {
	for i := 0; i < 10; i++ {
		v, _ := r.vars.find(name)
		if v == nil || v.Kind != expand.NameRef || v.Str == "" {
			return name
		}
		name = v.Str
	}
	return name
}

// subscriptRef is place's error for a nameref to an array element, which
// setString assigns as an element.
type subscriptRef struct{ name string }

func (e *subscriptRef) Error() string {
	return e.name + ": invalid variable name for name reference"
}

// errReadonly is returned when assigning to a readonly variable.
type varError struct{ name, msg string }

func (e *varError) Error() string { return e.name + ": " + e.msg }

// place returns the variable to assign name in, creating it in the global
// scope if it does not exist, after following namerefs.
func (r *Runner) place(name string) (*variable, error) {
	name = r.resolveRef(name)
	if i := strings.IndexByte(name, '['); i > 0 {
		return nil, &subscriptRef{name}
	}
	v, _ := r.vars.findW(name)
	if v == nil {
		v = &variable{}
		r.vars.globalW()[name] = v
		if r.opts.allexport {
			v.Exported = true
		}
	}
	if v.ReadOnly {
		return nil, &varError{name, "readonly variable"}
	}
	return v, nil
}

// setString assigns a scalar (or element 0 of an array), applying the
// variable's integer and case attributes.
func (r *Runner) setString(name, val string) error {
	v, err := r.place(name)
	if err != nil {
		if se, ok := err.(*subscriptRef); ok && se.name[len(se.name)-1] == ']' {
			i := strings.IndexByte(se.name, '[')
			base, sub := se.name[:i], se.name[i+1:len(se.name)-1]
			bv, _ := r.vars.find(r.resolveRef(base))
			return r.setElem(base, sub, bv != nil && bv.Kind == expand.Associative, val, false)
		}
		return err
	}
	val, err = r.transform(v, val, "")
	if err != nil {
		return err
	}
	switch v.Kind {
	case expand.Indexed:
		v.List, v.Indexes = arraySet(v.List, v.Indexes, 0, val)
	case expand.Associative:
		if v.Map == nil {
			v.Map = map[string]string{}
		}
		v.Map["0"] = val
	default:
		v.Kind = expand.String
		v.Str = val
	}
	v.Set = true
	if v.Exported {
		r.vars.envGen++
	}
	return nil
}

// transform applies integer, lowercase and uppercase attributes. old is the
// value to append to for +=.
func (r *Runner) transform(v *variable, val, old string) (string, error) {
	if v.attrs&attrInteger != 0 {
		n, err := r.arithString(val)
		if err != nil {
			return "", err
		}
		val = strconv.Itoa(n)
	}
	if v.attrs&attrLower != 0 {
		val = strings.ToLower(val)
	} else if v.attrs&attrUpper != 0 {
		val = strings.ToUpper(val)
	}
	return val, nil
}

// setVariable replaces a variable's value wholesale (arrays included).
func (r *Runner) setVariable(name string, vr expand.Variable) error {
	v, err := r.place(name)
	if err != nil {
		return err
	}
	if vr.Kind == expand.KeepValue {
		v.Exported = v.Exported || vr.Exported
		v.ReadOnly = v.ReadOnly || vr.ReadOnly
		r.vars.envGen++
		return nil
	}
	v.Kind, v.Str, v.List, v.Indexes, v.Map = vr.Kind, vr.Str, vr.List, vr.Indexes, vr.Map
	v.Set = true
	if v.Exported {
		r.vars.envGen++
	}
	return nil
}

// setElem assigns one element of an indexed or associative array.
func (r *Runner) setElem(name, key string, isAssocKey bool, val string, app bool) error {
	v, err := r.place(name)
	if err != nil {
		return err
	}
	if v.Kind == expand.Associative {
		if v.Map == nil {
			v.Map = map[string]string{}
		}
		if app {
			val = v.Map[key] + val
		}
		val, err = r.transform(v, val, "")
		if err != nil {
			return err
		}
		v.Map[key] = val
		v.Set = true
		return nil
	}
	k, err := r.arithString(key)
	if err != nil {
		return err
	}
	switch v.Kind {
	case expand.String:
		if v.Set {
			v.List, v.Indexes = []string{v.Str}, nil
		}
		v.Str = ""
	case expand.Unknown, expand.NameRef:
		v.List, v.Indexes = nil, nil
	}
	v.Kind = expand.Indexed
	if k < 0 {
		k += arrayMax(v.List, v.Indexes) + 1
		if k < 0 {
			return &varError{fmt.Sprintf("%s[%s]", name, key), "bad array subscript"}
		}
	}
	if app {
		old, _ := arrayGet(v.List, v.Indexes, k)
		val = old + val
	}
	val, err = r.transform(v, val, "")
	if err != nil {
		return err
	}
	v.List, v.Indexes = arraySet(v.List, v.Indexes, k, val)
	v.Set = true
	return nil
}

func (r *Runner) unsetVar(name string) error {
	v, i := r.vars.findIndex(name)
	if v == nil {
		return nil
	}
	if v.Kind == expand.NameRef && v.Str != "" {
		target := r.resolveRef(name)
		if target != name {
			return r.unsetVar(target)
		}
	}
	if v.ReadOnly {
		return &varError{name, "cannot unset: readonly variable"}
	}
	if v.Exported {
		r.vars.envGen++
	}
	sc := r.vars.own(i)
	if i > 0 && i == len(r.vars.scopes)-1 {
		// A local unset in its own function stays local but unset.
		sc[name] = &variable{Variable: expand.Variable{Local: true}}
		return nil
	}
	delete(sc, name)
	return nil
}

// environ returns the exported variables as "name=value", cached between
// changes.
func (r *Runner) environ() []string {
	if r.envCache != nil && r.envCacheGen == r.vars.envGen {
		return r.envCache
	}
	env := make([]string, 0, 64)
	r.vars.each(func(name string, v *variable) bool {
		if v.Exported && v.Set && (v.Kind == expand.String || v.Kind == expand.Unknown) {
			env = append(env, name+"="+v.Str)
		}
		return true
	})
	for name := range r.exportedFuncs {
		if body, ok := r.funcs[name]; ok {
			def := funcText(name, body)
			def = def[strings.Index(def, "\n")+1:] // bash's form: "() { ...; }"
			env = append(env, "BASH_FUNC_"+name+"%%=() "+strings.TrimSpace(def))
		}
	}
	r.envCache = env
	r.envCacheGen = r.vars.envGen
	return env
}

// stdioFile turns a caller's reader or writer into a file the fd table can
// hold: a dup of an *os.File, or one end of a pipe served by a goroutine
// that the returned closer joins.
func stdioFile(x any, input bool) (*os.File, func(), error) {
	if f, ok := x.(*os.File); ok {
		fd, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, 3)
		if err != nil {
			return nil, nil, err
		}
		return os.NewFile(uintptr(fd), f.Name()), nil, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	done := make(chan struct{})
	if input {
		rd := x.(io.Reader)
		go func() {
			defer close(done)
			io.Copy(pw, rd)
			pw.Close()
		}()
		return pr, func() {
			pr.Close()
			<-done
		}, nil
	}
	w := x.(io.Writer)
	go func() {
		defer close(done)
		io.Copy(w, pr)
		pr.Close()
	}()
	return pw, func() { <-done }, nil
}
