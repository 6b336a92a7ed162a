package engine

import (
	"strings"
)

// shellOpts are the set -o and shopt options.
type shellOpts struct {
	// set -o
	allexport, errexit, noglob, hashall, monitor, noclobber, noexec, nounset,
	verbose, xtrace, pipefail, interactive, posix, braceexpand, errtrace bool
	// shopt
	globstar, dotglob, nullglob, extglob, nocaseglob, nocasematch,
	expandAliases, lastpipe, failglob, inheritErrexit, xpgEcho, checkwinsize bool
	// ipsh: coprocesses on pipes instead of ptys
	coprocPipes bool
	// -c was given; stdin is the script
	cmdString, stdinScript bool
}

type optEntry struct {
	name string
	flag byte
	get  func(o *shellOpts) *bool
}

var setOptTable = []optEntry{
	{"allexport", 'a', func(o *shellOpts) *bool { return &o.allexport }},
	{"braceexpand", 'B', func(o *shellOpts) *bool { return &o.braceexpand }},
	{"errexit", 'e', func(o *shellOpts) *bool { return &o.errexit }},
	{"errtrace", 'E', func(o *shellOpts) *bool { return &o.errtrace }},
	{"hashall", 'h', func(o *shellOpts) *bool { return &o.hashall }},
	{"monitor", 'm', func(o *shellOpts) *bool { return &o.monitor }},
	{"noclobber", 'C', func(o *shellOpts) *bool { return &o.noclobber }},
	{"noexec", 'n', func(o *shellOpts) *bool { return &o.noexec }},
	{"noglob", 'f', func(o *shellOpts) *bool { return &o.noglob }},
	{"nounset", 'u', func(o *shellOpts) *bool { return &o.nounset }},
	{"pipefail", 0, func(o *shellOpts) *bool { return &o.pipefail }},
	{"posix", 0, func(o *shellOpts) *bool { return &o.posix }},
	{"verbose", 'v', func(o *shellOpts) *bool { return &o.verbose }},
	{"xtrace", 'x', func(o *shellOpts) *bool { return &o.xtrace }},
}

// setOptsListed are the names `set -o` prints, in bash's order.
var setOptsListed = []string{"allexport", "braceexpand", "emacs", "errexit", "errtrace", "functrace", "hashall", "histexpand", "history", "ignoreeof", "interactive-comments", "keyword", "monitor", "noclobber", "noexec", "noglob", "nolog", "notify", "nounset", "onecmd", "physical", "pipefail", "posix", "privileged", "verbose", "vi", "xtrace"}

var shoptTable = []optEntry{
	{"checkwinsize", 0, func(o *shellOpts) *bool { return &o.checkwinsize }},
	{"dotglob", 0, func(o *shellOpts) *bool { return &o.dotglob }},
	{"expand_aliases", 0, func(o *shellOpts) *bool { return &o.expandAliases }},
	{"extglob", 0, func(o *shellOpts) *bool { return &o.extglob }},
	{"failglob", 0, func(o *shellOpts) *bool { return &o.failglob }},
	{"globstar", 0, func(o *shellOpts) *bool { return &o.globstar }},
	{"inherit_errexit", 0, func(o *shellOpts) *bool { return &o.inheritErrexit }},
	{"lastpipe", 0, func(o *shellOpts) *bool { return &o.lastpipe }},
	{"nocaseglob", 0, func(o *shellOpts) *bool { return &o.nocaseglob }},
	{"nocasematch", 0, func(o *shellOpts) *bool { return &o.nocasematch }},
	{"nullglob", 0, func(o *shellOpts) *bool { return &o.nullglob }},
	{"xpg_echo", 0, func(o *shellOpts) *bool { return &o.xpgEcho }},
	{"coproc_pipes", 0, func(o *shellOpts) *bool { return &o.coprocPipes }},
}

// shoptAccepted are bash shopt names we accept (and ignore) for
// compatibility, so scripts that set them do not fail.
var shoptAccepted = map[string]bool{
	"autocd": true, "cdable_vars": true, "cdspell": true, "checkhash": true, "checkjobs": true,
	"cmdhist": true, "compat31": true, "compat32": true, "compat40": true, "compat41": true,
	"compat42": true, "compat43": true, "compat44": true, "complete_fullquote": true,
	"direxpand": true, "dirspell": true, "execfail": true, "extdebug": true, "extquote": true,
	"force_fignore": true, "globasciiranges": true, "globskipdots": true, "gnu_errfmt": true,
	"histappend": true, "histreedit": true, "histverify": true, "hostcomplete": true,
	"huponexit": true, "interactive_comments": true, "lithist": true, "localvar_inherit": true,
	"localvar_unset": true, "login_shell": true, "mailwarn": true, "no_empty_cmd_completion": true,
	"noexpand_translation": true, "nullglob": true, "patsub_replacement": true, "progcomp": true,
	"progcomp_alias": true, "promptvars": true, "restricted_shell": true, "shift_verbose": true,
	"sourcepath": true, "varredir_close": true, "assoc_expand_once": true,
}

func (r *Runner) setOptByName(name string, on bool) bool {
	for _, e := range setOptTable {
		if e.name == name {
			*e.get(&r.opts) = on
			return true
		}
	}
	for _, n := range setOptsListed {
		if n == name {
			return true
		}
	}
	return false
}

func (r *Runner) setOptByFlag(flag byte, on bool) bool {
	for _, e := range setOptTable {
		if e.flag == flag {
			*e.get(&r.opts) = on
			return true
		}
	}
	return false
}

// SetOption sets a shell option by its `set -o` or `shopt` name.
func (r *Runner) SetOption(name string, on bool) bool {
	if r.setOptByName(name, on) {
		return true
	}
	for _, e := range shoptTable {
		if e.name == name {
			*e.get(&r.opts) = on
			return true
		}
	}
	return false
}

func (r *Runner) flagString() string {
	var b strings.Builder
	o := &r.opts
	add := func(on bool, c byte) {
		if on {
			b.WriteByte(c)
		}
	}
	add(o.allexport, 'a')
	add(o.errexit, 'e')
	add(o.noglob, 'f')
	add(o.hashall, 'h')
	add(o.interactive, 'i')
	add(o.monitor, 'm')
	add(o.noexec, 'n')
	add(o.nounset, 'u')
	add(o.verbose, 'v')
	add(o.xtrace, 'x')
	add(o.braceexpand, 'B')
	add(o.noclobber, 'C')
	add(o.cmdString, 'c')
	add(o.stdinScript, 's')
	return b.String()
}

func (r *Runner) shellOpts() string {
	var on []string
	for _, n := range setOptsListed {
		if r.optOn(n) {
			on = append(on, n)
		}
	}
	return strings.Join(on, ":")
}

func (r *Runner) optOn(name string) bool {
	for _, e := range setOptTable {
		if e.name == name {
			return *e.get(&r.opts)
		}
	}
	return name == "interactive-comments"
}

func (r *Runner) bashOpts() string {
	var on []string
	for _, e := range shoptTable {
		if *e.get(&r.opts) && e.name != "coproc_pipes" {
			on = append(on, e.name)
		}
	}
	return strings.Join(on, ":")
}
