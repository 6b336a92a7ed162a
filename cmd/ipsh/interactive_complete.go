package main

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/ipsh/ipsh/engine"
)

// completer completes the word under the cursor for the line editor.
type completer struct {
	r *engine.Runner
}

// shellKeywords start commands: the word after one is in command position.
var shellKeywords = []string{"if", "then", "else", "elif", "fi", "case", "esac", "for", "select",
	"while", "until", "do", "done", "function", "time", "coproc", "!", "{", "}", "[[", "]]"}

// jobBuiltins take %job arguments.
var jobBuiltins = map[string]bool{"fg": true, "bg": true, "jobs": true, "kill": true, "wait": true, "disown": true}

// lexState is what scanning a line up to the cursor tells.
type lexState struct {
	start  int      // byte offset where the current word starts
	quote  byte     // open quote in the current word: 0, '\'' or '"'
	words  []string // the words of the current command before this one, unquoted
	cmdPos bool     // the current word is in command position
}

// scanLine splits line (up to the cursor) into the current simple
// command's words, with the quoting rules that matter for completion.
func scanLine(line string) lexState {
	var st lexState
	st.cmdPos = true
	var cur strings.Builder
	inWord := false
	endWord := func() {
		if !inWord {
			return
		}
		w := cur.String()
		cur.Reset()
		inWord = false
		if st.cmdPos && (isAssignment(w) || contains(shellKeywords, w)) {
			return
		}
		st.words = append(st.words, w)
		st.cmdPos = false
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case st.quote == '\'':
			if c == '\'' {
				st.quote = 0
			} else {
				cur.WriteByte(c)
			}
		case st.quote == '"':
			switch {
			case c == '"':
				st.quote = 0
			case c == '\\' && i+1 < len(line) && strings.IndexByte("\"\\$`", line[i+1]) >= 0:
				i++
				cur.WriteByte(line[i])
			default:
				cur.WriteByte(c)
			}
		case c == '\\':
			if !inWord {
				st.start, inWord = i, true
			}
			if i+1 < len(line) {
				i++
				cur.WriteByte(line[i])
			}
		case c == '\'' || c == '"':
			if !inWord {
				st.start, inWord = i, true
			}
			st.quote = c
		case c == ' ' || c == '\t':
			endWord()
		case strings.IndexByte(";|&()\n`", c) >= 0:
			endWord()
			if c != ')' {
				st.words, st.cmdPos = nil, true
			}
		case c == '<' || c == '>':
			endWord()
		default:
			if !inWord {
				st.start, inWord = i, true
			}
			cur.WriteByte(c)
		}
	}
	if !inWord {
		st.start = len(line)
	}
	return st
}

func isAssignment(w string) bool {
	i := strings.IndexByte(w, '=')
	if i <= 0 {
		return false
	}
	name := strings.TrimSuffix(w[:i], "+")
	for j, c := range name {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// complete is the liner.WordCompleter: it returns the text before the
// word, the candidates that replace the word, and the text after the
// cursor.
func (c *completer) complete(line string, pos int) (head string, cands []string, tail string) {
	runes := []rune(line)
	if pos > len(runes) {
		pos = len(runes)
	}
	before, tail := string(runes[:pos]), string(runes[pos:])
	st := scanLine(before)
	head, word := before[:st.start], before[st.start:]
	return head, c.candidates(st, word), tail
}

// candidates lists the completions of word (as typed, quotes included).
func (c *completer) candidates(st lexState, word string) []string {
	// $variables and ${variables}, anywhere but in single quotes.
	if st.quote != '\'' {
		if i := strings.LastIndexByte(word, '$'); i >= 0 && !strings.HasSuffix(word[:i], `\`) {
			prefix, name := word[:i+1], word[i+1:]
			brace := strings.HasPrefix(name, "{")
			if brace {
				prefix, name = prefix+"{", name[1:]
			}
			if validNamePrefix(name) {
				var out []string
				for _, v := range c.r.VarNames() {
					if strings.HasPrefix(v, name) {
						if brace {
							out = append(out, prefix+v+"}")
						} else {
							out = append(out, prefix+v)
						}
					}
				}
				return out
			}
		}
	}
	text := unquoteWord(word)
	if st.cmdPos {
		if strings.Contains(text, "/") || strings.HasPrefix(text, "~") || strings.HasPrefix(text, ".") {
			return c.files(st, text, true)
		}
		return finish(st, c.commands(text))
	}
	cmd := st.words[0]
	args := st.words[1:]
	if strings.HasPrefix(text, "%") && jobBuiltins[cmd] {
		var out []string
		for _, j := range c.r.Jobs() {
			spec := "%" + strconv.Itoa(j.ID)
			if strings.HasPrefix(spec, text) {
				out = append(out, spec)
			}
		}
		return finish(st, out)
	}
	if syn, ok := c.r.BuiltinSynopsis(cmd); ok && strings.ContainsAny(syn, " \n") {
		if out := c.builtinArgs(cmd, syn, args, text); out != nil {
			return finish(st, out)
		}
	}
	return c.files(st, text, false)
}

func validNamePrefix(s string) bool {
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// unquoteWord removes the quoting of a partial word.
func unquoteWord(w string) string {
	st := scanLine(w + " ")
	if len(st.words) > 0 && st.quote == 0 {
		return st.words[len(st.words)-1]
	}
	// An open quote: scan without the closing space.
	var b strings.Builder
	var q byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case q == 0 && (c == '\'' || c == '"'):
			q = c
		case q != 0 && c == q:
			q = 0
		case c == '\\' && q != '\'' && i+1 < len(w):
			i++
			b.WriteByte(w[i])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// finish quotes plain candidates and ends them with a space.
func finish(st lexState, names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, quoteWord(n, st.quote)+closeQuote(st.quote)+" ")
	}
	sort.Strings(out)
	return dedup(out)
}

func closeQuote(q byte) string {
	if q == 0 {
		return ""
	}
	return string(q)
}

// quoteWord quotes s for the shell: with backslashes outside quotes,
// inside an open quote as that quote needs.
func quoteWord(s string, q byte) string {
	var b strings.Builder
	switch q {
	case '\'':
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(s, "'", `'\''`))
	case '"':
		b.WriteByte('"')
		for i := 0; i < len(s); i++ {
			if strings.IndexByte("\"\\$`", s[i]) >= 0 {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
	default:
		for i := 0; i < len(s); i++ {
			if strings.IndexByte(" \t\n\\'\"$`;&|<>()[]*?!#{}~=", s[i]) >= 0 && !(s[i] == '~' && i > 0) && !(s[i] == '=' && i > 0) {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func dedup(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// commands lists builtins, functions, aliases, keywords and programs on
// PATH that start with prefix.
func (c *completer) commands(prefix string) []string {
	var out []string
	add := func(names []string) {
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				out = append(out, n)
			}
		}
	}
	add(c.r.BuiltinNames())
	add(c.r.FuncNames())
	add(c.r.AliasNames())
	add([]string{"if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "function", "time", "coproc"})
	path, _ := c.r.Var("PATH")
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			n := e.Name()
			if !strings.HasPrefix(n, prefix) || e.IsDir() {
				continue
			}
			if info, err := e.Info(); err == nil && (info.Mode()&0o111 != 0 || info.Mode()&os.ModeSymlink != 0) {
				out = append(out, n)
			}
		}
	}
	return out
}

// files lists the paths that complete text, quoted; directories end with
// a slash, other names with a space. execOnly keeps executables and
// directories (a command word with a slash).
func (c *completer) files(st lexState, text string, execOnly bool) []string {
	dirPart, base := "", text
	if i := strings.LastIndexByte(text, '/'); i >= 0 {
		dirPart, base = text[:i+1], text[i+1:]
	}
	dir := dirPart
	if strings.HasPrefix(dir, "~/") || dir == "" && text == "~" {
		if home, _ := c.r.Var("HOME"); home != "" {
			dir = home + dir[1:]
		}
	}
	if dir == "" {
		dir = "."
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(c.r.Dir(), dir)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if !strings.HasPrefix(n, base) || strings.HasPrefix(n, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		info, err := os.Stat(filepath.Join(dir, n))
		if err != nil {
			continue
		}
		if info.IsDir() {
			out = append(out, quoteWord(dirPart+n+"/", st.quote))
			continue
		}
		if execOnly && info.Mode()&0o111 == 0 {
			continue
		}
		out = append(out, quoteWord(dirPart+n, st.quote)+closeQuote(st.quote)+" ")
	}
	sort.Strings(out)
	return out
}

// builtinArgs completes the subcommands and flags of a builtin from its
// synopsis, and coprocess names where it takes one. nil means no idea.
func (c *completer) builtinArgs(cmd, syn string, args []string, text string) []string {
	lines := strings.Split(syn, "\n")
	subs := map[string]bool{}
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) > 1 && f[0] == cmd && isSubcommand(f[1]) {
			subs[f[1]] = true
		}
	}
	var out []string
	if len(subs) > 0 && len(args) == 0 && !strings.HasPrefix(text, "-") {
		for s := range subs {
			if strings.HasPrefix(s, text) {
				out = append(out, s)
			}
		}
		return out
	}
	// The usage lines that apply: those of the subcommand typed.
	var use []string
	for _, l := range lines {
		f := strings.Fields(l)
		if len(subs) > 0 && len(args) > 0 && len(f) > 1 && f[1] != args[0] {
			continue
		}
		use = append(use, l)
	}
	if strings.HasPrefix(text, "-") {
		seen := map[string]bool{}
		for _, l := range use {
			for _, fl := range synopsisFlags(l) {
				if strings.HasPrefix(fl, text) && !seen[fl] {
					seen[fl] = true
					out = append(out, fl)
				}
			}
		}
		return out
	}
	for _, l := range use {
		if strings.Contains(l, "COPROC") || strings.HasPrefix(cmd, "coproc") && strings.Contains(l, "NAME") {
			for _, n := range c.r.CoprocNames() {
				if strings.HasPrefix(n, text) {
					out = append(out, n)
				}
			}
			return out
		}
	}
	return nil
}

// isSubcommand tells a literal subcommand word from a placeholder,
// option or optional part of a usage line.
func isSubcommand(w string) bool {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return false
	}
	for _, c := range w {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// synopsisFlags extracts the options of a usage line: "-v", "--json",
// and each letter of a bundle such as "[-dkqtu]".
func synopsisFlags(line string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(" []()|", r) }) {
		switch {
		case strings.HasPrefix(f, "--") && len(f) > 2:
			if i := strings.IndexAny(f, "=["); i > 0 {
				f = f[:i]
			}
			out = append(out, f)
		case strings.HasPrefix(f, "-") && len(f) > 1 && f[1] != '-':
			for _, c := range f[1:] {
				if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
					out = append(out, "-"+string(c))
				} else {
					break
				}
			}
		}
	}
	return out
}
